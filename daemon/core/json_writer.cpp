#include "daemon/core/json_writer.h"

#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace lanecast {
namespace {

// cJSON's compare_double: equal within one DBL_EPSILON of the larger magnitude.
bool reads_back(double printed, double value) {
  const double larger = std::fabs(printed) > std::fabs(value) ? std::fabs(printed) : std::fabs(value);
  return std::fabs(printed - value) <= larger * DBL_EPSILON;
}

// Bytes that cJSON escapes in a string: '"', backslash and everything below 0x20.
struct EscapeTable {
  bool escaped[256] = {};
  constexpr EscapeTable() {
    for (int c = 0; c < 0x20; ++c) escaped[c] = true;
    escaped[static_cast<unsigned char>('"')] = true;
    escaped[static_cast<unsigned char>('\\')] = true;
  }
};
constexpr EscapeTable kEscape;

// The escape of one byte kEscape marks.
void append_escape(std::string& out, unsigned char c) {
  switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\b': out += "\\b"; break;
    case '\f': out += "\\f"; break;
    case '\n': out += "\\n"; break;
    case '\r': out += "\\r"; break;
    case '\t': out += "\\t"; break;
    default: {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04x", c);
      out += escape;
    }
  }
}


void append_members(std::string& out, const cJSON* object) {
  out += '{';
  for (const cJSON* member = object->child; member != nullptr; member = member->next) {
    append_json_string(out, member->string != nullptr ? member->string : "");
    out += ':';
    append_json(out, member);
    if (member->next != nullptr) out += ',';
  }
  out += '}';
}

void append_elements(std::string& out, const cJSON* array) {
  out += '[';
  for (const cJSON* element = array->child; element != nullptr; element = element->next) {
    append_json(out, element);
    if (element->next != nullptr) out += ',';
  }
  out += ']';
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  std::size_t start = 0;
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = bytes[i];
    if (!kEscape.escaped[c]) [[likely]] continue;
    out.append(text.data() + start, i - start);
    start = i + 1;
    append_escape(out, c);
  }
  out.append(text.data() + start, text.size() - start);
  out += '"';
}

// One pass over a NUL-terminated text: the terminator is one of the bytes kEscape marks, so the
// scan finds the end on the escapes' branch instead of measuring the text first.
void append_json_string(std::string& out, const char* text) {
  out += '"';
  const char* run = text;
  for (const char* at = text;; ++at) {
    const auto c = static_cast<unsigned char>(*at);
    if (!kEscape.escaped[c]) [[likely]] continue;
    out.append(run, static_cast<std::size_t>(at - run));
    if (c == 0) break;
    run = at + 1;
    append_escape(out, c);
  }
  out += '"';
}

void append_json_number(std::string& out, double value) {
  if (std::isnan(value) || std::isinf(value)) {
    out += "null";
    return;
  }
  // Whole numbers below 10^15 come out of "%1.15g" as their digits ("-0" for minus zero):
  // the common case (ids, quantities) skips printf and the read-back.
  if (std::fabs(value) < 1e15 && std::trunc(value) == value) {
    if (value == 0 && std::signbit(value)) {
      out += "-0";
      return;
    }
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, static_cast<long long>(value)).ptr;
    out.append(digits, end);
    return;
  }
  char text[32];
  int length = std::snprintf(text, sizeof text, "%1.15g", value);
  double test = 0;
  if (std::sscanf(text, "%lg", &test) != 1 || !reads_back(test, value))
    length = std::snprintf(text, sizeof text, "%1.17g", value);
  out.append(text, static_cast<std::size_t>(length));
}

void append_json(std::string& out, const cJSON* value) {
  switch (value->type & 0xFF) {
    case cJSON_NULL: out += "null"; return;
    case cJSON_False: out += "false"; return;
    case cJSON_True: out += "true"; return;
    case cJSON_Number: append_json_number(out, value->valuedouble); return;
    case cJSON_Raw:
      if (value->valuestring != nullptr) out += value->valuestring;
      return;
    case cJSON_String:
      append_json_string(out, value->valuestring != nullptr ? value->valuestring : "");
      return;
    case cJSON_Array: append_elements(out, value); return;
    case cJSON_Object: append_members(out, value); return;
    default: return;
  }
}

std::string print_json(const cJSON* value) {
  std::string out;
  append_json(out, value);
  return out;
}

}  // namespace lanecast
