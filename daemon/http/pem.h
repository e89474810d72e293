// The PEM layer of the certificate reader (certificate.h): the armour of RFC 7468 and strict
// RFC 4648 base64. Internal to daemon/http/certificate*.cpp and x509_*.cpp; other code uses
// certificate.h.
//
// The text is a file an admin wrote and is treated as hostile: what goes into a message is
// only a label (checked to be short printable ASCII) and a line number, never the body.
//
// Thread: pure functions with no shared state; any thread may call them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/status.h"

namespace lanecast::http::detail {

// A certificate chain or a key is a few kilobytes; anything this large is not one.
inline constexpr std::size_t kMaxPemBytes = std::size_t{1} << 20;

// One "-----BEGIN LABEL-----" ... "-----END LABEL-----" block. The views point into the text
// given to scan_pem, which must outlive the block.
struct PemBlock {
  std::string_view label;                 // 1 to 64 printable ASCII characters, no '-'
  std::vector<std::string_view> headers;  // RFC 1421 "Name: value" lines, e.g. Proc-Type
  std::string base64;                     // the body with its line breaks removed
  std::size_t begin_line = 0;             // 1-based, for messages
};

// Every block in the text, in order. Lines outside blocks are ignored, as openssl ignores
// them (openssl x509 -text writes a dump before the block); lines end in LF or CRLF, and
// trailing blanks are dropped. A ':' line before any body line is a header.
//
// Status::invalid_input, with the line number, for: text over kMaxPemBytes, a malformed BEGIN
// line, a block closed by another END line or not at all. The body is not decoded here.
Result<std::vector<PemBlock>> scan_pem(std::string_view text);

// Strict RFC 4648 base64: whole 4-character quanta, no blanks, '=' only as the one or two
// padding characters of the last quantum. "" decodes to no bytes. nullopt for anything else.
// The bits a padded quantum leaves over ("TR==" as well as "TQ==") are not checked.
std::optional<std::vector<std::uint8_t>> decode_base64(std::string_view text);

// " on line N", the tail of every message that points at a block.
std::string on_line(std::size_t line);

}  // namespace lanecast::http::detail
