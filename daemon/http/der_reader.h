// The DER layer of the certificate reader (certificate.h): a bounds-checked reader of the
// tag-length-value elements of ASN.1 DER, as X.509 uses them. Internal to
// daemon/http/certificate.cpp and x509_*.cpp; other code uses certificate.h.
//
// Every element's length is checked against what is left of its parent before the element is
// touched, so a cut-short or lying input yields a message, never a read past the buffer.
// Messages name the byte offset from the start of the whole DER and the element wanted
// (e.g. "unexpected tag 0x31 at byte 4 (wanted SEQUENCE tbsCertificate)"), never content.
//
// Thread: a DerReader belongs to the one call that made it; nothing is shared.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "daemon/core/status.h"

namespace lanecast::http::detail {

// Universal tags, as one byte (X.509 uses no multi-byte tags).
inline constexpr std::uint8_t kBoolean = 0x01;
inline constexpr std::uint8_t kInteger = 0x02;
inline constexpr std::uint8_t kBitString = 0x03;
inline constexpr std::uint8_t kOctetString = 0x04;
inline constexpr std::uint8_t kObjectIdentifier = 0x06;
inline constexpr std::uint8_t kUtf8String = 0x0C;
inline constexpr std::uint8_t kNumericString = 0x12;
inline constexpr std::uint8_t kPrintableString = 0x13;
inline constexpr std::uint8_t kTeletexString = 0x14;
inline constexpr std::uint8_t kIa5String = 0x16;
inline constexpr std::uint8_t kUtcTime = 0x17;
inline constexpr std::uint8_t kGeneralizedTime = 0x18;
inline constexpr std::uint8_t kVisibleString = 0x1A;
inline constexpr std::uint8_t kUniversalString = 0x1C;
inline constexpr std::uint8_t kBmpString = 0x1E;
inline constexpr std::uint8_t kSequence = 0x30;
inline constexpr std::uint8_t kSet = 0x31;

using Bytes = std::span<const std::uint8_t>;

// One element. `content` points into the buffer given to the outermost DerReader, which must
// outlive it.
struct Element {
  std::uint8_t tag = 0;
  std::size_t offset = 0;  // of the tag byte, counted from the start of the DER
  std::size_t content_offset = 0;
  Bytes content;
};

// Reads consecutive elements of one DER level. The outermost reader covers the whole input,
// so running out of bytes there means the file was cut short ("<name> is truncated at byte
// N"); an inner reader covers one element's content, so running out there means an element
// claims more than its parent has ("missing ...", "... runs past the end of its enclosing
// element").
//
// Lengths: short form, or long form of 1 to 4 bytes, minimal (no leading zero byte, no long
// form below 128); indefinite lengths are refused, as DER forbids them.
class DerReader {
 public:
  // The outermost reader; `name` ("certificate DER") starts the "truncated" message.
  DerReader(Bytes der, std::string_view name);
  // A reader of `parent`'s content, whose offsets stay those of the whole DER.
  explicit DerReader(const Element& parent);

  bool at_end() const { return pos_ == bytes_.size(); }
  bool next_is(std::uint8_t tag) const { return !at_end() && bytes_[pos_] == tag; }

  // The next element whatever its tag; `wanted` names it in messages.
  Result<Element> read(std::string_view wanted);
  // The next element, which must have `tag`.
  Result<Element> read(std::uint8_t tag, std::string_view wanted);
  // Ok when nothing follows the last element read; `after` names that element in messages.
  Status finish(std::string_view after) const;

 private:
  Result<std::size_t> read_length(std::size_t& pos, std::size_t start) const;
  Status truncated() const;
  Status missing(std::string_view wanted) const;
  Status overrun(std::size_t start) const;

  Bytes bytes_;
  std::size_t base_ = 0;  // offset of bytes_[0] in the whole DER, for messages
  std::size_t pos_ = 0;
  std::string_view name_;
  bool outermost_;
};

// One required element of a SEQUENCE: its tag and its name for messages.
struct Field {
  std::uint8_t tag;
  std::string_view wanted;
};

// Reads one required element per field, in order, into `out`.
template <std::size_t N>
Status read_fields(DerReader& reader, const std::array<Field, N>& fields,
                   std::array<Element, N>& out) {
  for (std::size_t i = 0; i < N; ++i) {
    auto element = reader.read(fields[i].tag, fields[i].wanted);
    if (!element.is_ok()) return element.status();
    out[i] = *element;
  }
  return Status::ok();
}

// Whether an element's content is exactly `expected`, e.g. an OBJECT IDENTIFIER's encoding.
bool same_bytes(Bytes content, Bytes expected);

// Pieces of messages: " at byte 120", "0x31".
std::string at_byte(std::size_t offset);
std::string hex_byte(std::uint8_t byte);

}  // namespace lanecast::http::detail
