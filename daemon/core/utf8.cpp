#include "daemon/core/utf8.h"

namespace lanecast {
namespace {

const char* invalid_lead_reason(unsigned char lead) {
  if (lead < 0xC0) return "UTF-8 continuation byte without a lead byte";
  if (lead < 0xC2) return "overlong UTF-8 sequence";
  return "UTF-8 byte beyond U+10FFFF";
}

const char* invalid_second_reason(unsigned char lead, unsigned char second) {
  if (second < 0x80 || second > 0xBF) return "truncated UTF-8 sequence";
  if (lead == 0xE0 || lead == 0xF0) return "overlong UTF-8 sequence";
  if (lead == 0xED) return "UTF-8 encoded surrogate";
  return "UTF-8 sequence beyond U+10FFFF";
}

}  // namespace

// RFC 3629 section 4: the lead byte fixes the length and the range of the second byte, which
// is where overlong forms, surrogates and code points past U+10FFFF show.
Utf8Char decode_utf8(std::string_view text, std::size_t pos) {
  const auto at = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = at(pos);
  if (lead < 0x80) return {lead, 1, nullptr};
  unsigned char low = 0x80, high = 0xBF;
  std::size_t length = 0;
  char32_t code = 0;
  if (lead >= 0xC2 && lead <= 0xDF) { length = 2; code = lead & 0x1Fu; }
  else if (lead == 0xE0) { length = 3; low = 0xA0; code = lead & 0x0Fu; }
  else if (lead == 0xED) { length = 3; high = 0x9F; code = lead & 0x0Fu; }
  else if (lead >= 0xE1 && lead <= 0xEF) { length = 3; code = lead & 0x0Fu; }
  else if (lead == 0xF0) { length = 4; low = 0x90; code = lead & 0x07u; }
  else if (lead >= 0xF1 && lead <= 0xF3) { length = 4; code = lead & 0x07u; }
  else if (lead == 0xF4) { length = 4; high = 0x8F; code = lead & 0x07u; }
  else return {0, 0, invalid_lead_reason(lead)};
  if (text.size() - pos < length) return {0, 0, "truncated UTF-8 sequence"};
  const unsigned char second = at(pos + 1);
  if (second < low || second > high) return {0, 0, invalid_second_reason(lead, second)};
  for (std::size_t i = 1; i < length; ++i) {
    const unsigned char next = at(pos + i);
    if (next < 0x80 || next > 0xBF) return {0, 0, "truncated UTF-8 sequence"};
    code = (code << 6) | (next & 0x3Fu);
  }
  return {code, length, nullptr};
}

}  // namespace lanecast
