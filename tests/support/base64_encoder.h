// PEM text from DER bytes, for the certificate reader's tests and fuzzer: a base64 encoder
// written from RFC 4648 section 4, independently of the decoder under test
// (daemon/http/pem.cpp), and the armour openssl writes around it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace lanecast::testing {

inline std::string base64_encode(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const auto byte = [bytes](std::size_t i) -> std::uint32_t {
    return i < bytes.size() ? static_cast<std::uint8_t>(bytes[i]) : 0;
  };
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::uint32_t quantum = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    out += kAlphabet[quantum >> 18 & 63];
    out += kAlphabet[quantum >> 12 & 63];
    out += i + 1 < bytes.size() ? kAlphabet[quantum >> 6 & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[quantum & 63] : '=';
  }
  return out;
}

// DER in a PEM block, 64 base64 characters a line, as openssl writes it.
inline std::string pem_armour(std::string_view label, std::string_view der) {
  const std::string body = base64_encode(der);
  std::string pem = "-----BEGIN " + std::string(label) + "-----\n";
  for (std::size_t i = 0; i < body.size(); i += 64) pem += body.substr(i, 64) + "\n";
  return pem + "-----END " + std::string(label) + "-----\n";
}

}  // namespace lanecast::testing
