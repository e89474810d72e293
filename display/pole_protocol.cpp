#include "display/pole_protocol.h"

#include <array>
#include <cctype>
#include <cstdint>
#include <utility>

#include "daemon/core/utf8.h"

namespace lanecast::display {
namespace {

constexpr char kEsc = 0x1B;
constexpr char kUs = 0x1F;
constexpr char kClear = 0x0C;
constexpr char kCr = 0x0D;
constexpr char kEpsonPc858 = 19;
constexpr char kPc858Euro = static_cast<char>(0xD5);
constexpr char32_t kEuro = 0x20AC;
constexpr char32_t kInvalid = 0xFFFFFFFF;

// U+00A0..U+00FF in PC858 (the Epson set's code table): every Latin-1 character has a byte.
constexpr std::array<std::uint8_t, 96> kPc858Latin1 = {
    0xFF, 0xAD, 0xBD, 0x9C, 0xCF, 0xBE, 0xDD, 0xF5, 0xF9, 0xB8, 0xA6, 0xAE, 0xAA, 0xF0, 0xA9, 0xEE,
    0xF8, 0xF1, 0xFD, 0xFC, 0xEF, 0xE6, 0xF4, 0xFA, 0xF7, 0xFB, 0xA7, 0xAF, 0xAC, 0xAB, 0xF3, 0xA8,
    0xB7, 0xB5, 0xB6, 0xC7, 0x8E, 0x8F, 0x92, 0x80, 0xD4, 0x90, 0xD2, 0xD3, 0xDE, 0xD6, 0xD7, 0xD8,
    0xD1, 0xA5, 0xE3, 0xE0, 0xE2, 0xE5, 0x99, 0x9E, 0x9D, 0xEB, 0xE9, 0xEA, 0x9A, 0xED, 0xE8, 0xE1,
    0x85, 0xA0, 0x83, 0xC6, 0x84, 0x86, 0x91, 0x87, 0x8A, 0x82, 0x88, 0x89, 0x8D, 0xA1, 0x8C, 0x8B,
    0xD0, 0xA4, 0x95, 0xA2, 0x93, 0xE4, 0x94, 0xF6, 0x9B, 0x97, 0xA3, 0x96, 0x81, 0xEC, 0xE7, 0x98,
};

// U+00A0..U+00FF in ASCII, for displays without a known code table; nullptr means '?'.
constexpr std::array<const char*, 96> kLatin1 = {
    " ", "!", "c", "GBP", nullptr, "JPY", "|", "S", "\"", "(c)", "a", "<<", "-", "", "(R)", "-",
    "o", "+/-", "2", "3", "'", "u", "P", ".", ",", "1", "o", ">>", "1/4", "1/2", "3/4", "?",
    "A", "A", "A", "A", "Ae", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I", "I",
    "D", "N", "O", "O", "O", "O", "Oe", "x", "O", "U", "U", "U", "Ue", "Y", "Th", "ss",
    "a", "a", "a", "a", "ae", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "oe", "/", "o", "u", "u", "u", "ue", "y", "th", "y",
};

struct Replacement {
  char32_t code;
  const char* ascii;
};

// Letters of Latin Extended-A seen in European product names, and typographic punctuation.
constexpr Replacement kOthers[] = {
    {0x0104, "A"}, {0x0105, "a"}, {0x0106, "C"}, {0x0107, "c"}, {0x010C, "C"}, {0x010D, "c"},
    {0x010E, "D"}, {0x010F, "d"}, {0x0118, "E"}, {0x0119, "e"}, {0x011A, "E"}, {0x011B, "e"},
    {0x011E, "G"}, {0x011F, "g"}, {0x0130, "I"}, {0x0131, "i"}, {0x0141, "L"}, {0x0142, "l"},
    {0x0143, "N"}, {0x0144, "n"}, {0x0147, "N"}, {0x0148, "n"}, {0x0150, "O"}, {0x0151, "o"},
    {0x0152, "OE"}, {0x0153, "oe"}, {0x0158, "R"}, {0x0159, "r"}, {0x015A, "S"}, {0x015B, "s"},
    {0x015E, "S"}, {0x015F, "s"}, {0x0160, "S"}, {0x0161, "s"}, {0x0164, "T"}, {0x0165, "t"},
    {0x016E, "U"}, {0x016F, "u"}, {0x0170, "U"}, {0x0171, "u"}, {0x0178, "Y"}, {0x0179, "Z"},
    {0x017A, "z"}, {0x017B, "Z"}, {0x017C, "z"}, {0x017D, "Z"}, {0x017E, "z"},
    {0x2010, "-"}, {0x2011, "-"}, {0x2012, "-"}, {0x2013, "-"}, {0x2014, "-"}, {0x2018, "'"},
    {0x2019, "'"}, {0x201A, "'"}, {0x201B, "'"}, {0x201C, "\""}, {0x201D, "\""}, {0x201E, "\""},
    {0x2022, "*"}, {0x2026, "..."}, {0x2032, "'"}, {0x2033, "\""}, {0x2039, "<"}, {0x203A, ">"},
    {0x20AC, "EUR"}, {0x2122, "TM"}, {0x2212, "-"},
};

// Decodes one UTF-8 character at text[pos], advancing pos; kInvalid for one bad byte.
char32_t next_character(std::string_view text, std::size_t& pos) {
  const Utf8Char c = decode_utf8(text, pos);
  if (c.error != nullptr) {
    ++pos;
    return kInvalid;
  }
  pos += c.length;
  return c.code;
}

bool is_space(char32_t code) {
  return code == ' ' || code < 0x20 || code == 0x7F || (code >= 0x80 && code <= 0xA0) ||
         (code >= 0x2000 && code <= 0x200A) || code == 0x2028 || code == 0x2029 ||
         code == 0x202F || code == 0x205F || code == 0x3000;
}

bool is_invisible(char32_t code) {
  return code == 0x00AD || (code >= 0x200B && code <= 0x200D) || code == 0x2060 || code == 0xFEFF;
}

std::string replacement_for(char32_t code, PoleCommandSet set) {
  if (code == kEuro && set == PoleCommandSet::kEpson) return std::string(1, kPc858Euro);
  if (code >= 0x21 && code <= 0x7E) return std::string(1, static_cast<char>(code));
  if (code >= 0xA0 && code <= 0xFF && set == PoleCommandSet::kEpson)
    return std::string(1, static_cast<char>(kPc858Latin1[code - 0xA0]));
  if (code >= 0xA0 && code <= 0xFF) {
    const char* ascii = kLatin1[code - 0xA0];
    return ascii != nullptr ? ascii : "?";
  }
  for (const Replacement& r : kOthers)
    if (r.code == code) return r.ascii;
  return "?";
}

std::string spaces(std::size_t count) { return std::string(count, ' '); }

std::string cut(std::string text, std::size_t width) {
  if (text.size() > width) text.resize(width);
  return text;
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Result<PoleCommandSet> parse_command_set(std::string_view name) {
  const std::string lower = lowercase(name);
  if (lower == "epson" || lower == "escpos" || lower == "esc/pos") return PoleCommandSet::kEpson;
  if (lower == "cd5220") return PoleCommandSet::kCd5220;
  return Status::invalid_input("unknown pole display command set '" +
                               std::string(name.substr(0, 40)) + "' (epson, cd5220)");
}

std::string transliterate(std::string_view utf8, PoleCommandSet set) {
  std::string out;
  bool pending_space = false;
  for (std::size_t pos = 0; pos < utf8.size();) {
    const char32_t code = next_character(utf8, pos);
    if (code != kInvalid && is_invisible(code)) continue;
    if (code != kInvalid && is_space(code)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += code == kInvalid ? std::string("?") : replacement_for(code, set);
  }
  return out;
}

std::string fit_line(const PoleLine& line, PoleCommandSet set) {
  std::string left = transliterate(line.left, set);
  if (line.centered) {
    left = cut(std::move(left), kPoleColumns);
    const std::size_t before = (kPoleColumns - left.size()) / 2;
    return spaces(before) + left + spaces(kPoleColumns - before - left.size());
  }
  const std::string right = cut(transliterate(line.right, set), kPoleColumns);
  if (right.empty()) {
    left = cut(std::move(left), kPoleColumns);
    return left + spaces(kPoleColumns - left.size());
  }
  const std::size_t room = kPoleColumns - right.size();
  if (room == 0) return right;
  left = cut(std::move(left), room - 1);
  return left + spaces(room - left.size()) + right;
}

std::string encode_init(PoleCommandSet set) {
  if (set == PoleCommandSet::kEpson)
    return {kEsc, '@', kUs, 0x01, kUs, 'C', 0x00, kEsc, 't', kEpsonPc858, kClear};
  return {kEsc, '@', kEsc, 0x11, kEsc, '_', 0x00, kClear};
}

std::string encode_screen(PoleCommandSet set, const PoleScreen& screen) {
  const std::string top = fit_line(screen.top, set);
  const std::string bottom = fit_line(screen.bottom, set);
  if (set == PoleCommandSet::kEpson)
    return std::string{kUs, '$', 1, 1} + top + std::string{kUs, '$', 1, 2} + bottom;
  return std::string{kEsc, 'Q', 'A'} + top + kCr + std::string{kEsc, 'Q', 'B'} + bottom + kCr;
}

}  // namespace lanecast::display
