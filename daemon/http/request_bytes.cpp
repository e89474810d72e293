#include "daemon/http/request_bytes.h"

#include <algorithm>
#include <string>
#include <vector>

#include "daemon/core/escape.h"

namespace lanecast::http {
namespace {

constexpr char kDel = 0x7F;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_control(char c, bool tab_allowed) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte == '\t') return !tab_allowed;
  return byte < 0x20 || byte == 0x7F;
}

bool has_control(const char* text, std::size_t size, bool tab_allowed) {
  if (text == nullptr) return false;
  for (std::size_t i = 0; i < size; ++i)
    if (is_control(text[i], tab_allowed)) return true;
  return false;
}

struct Finding {
  bool query = false;  // the kind being searched: query arguments or headers
  bool found = false;
  std::string where;   // the first offending key
};

// The sizes are of what libmicrohttpd kept: a raw NUL in a header value has already ended it,
// and is looked for by header_hiding_bytes() instead.
MHD_Result find_control(void* found, MHD_ValueKind, const char* key, std::size_t key_size,
                        const char* value, std::size_t value_size) {
  auto* finding = static_cast<Finding*>(found);
  const bool tab_allowed = !finding->query;
  if (has_control(key, key_size, false) || has_control(value, value_size, tab_allowed)) {
    finding->found = true;
    finding->where = escape_control_characters(std::string_view(key, key_size));
    return MHD_NO;  // the first one is enough
  }
  return MHD_YES;
}

struct HeaderLine {
  const char* name;
  std::string_view value;
};

MHD_Result collect_header(void* lines, MHD_ValueKind, const char* key, std::size_t,
                          const char* value, std::size_t value_size) {
  static_cast<std::vector<HeaderLine>*>(lines)->push_back(
      {key, value == nullptr ? std::string_view() : std::string_view(value, value_size)});
  return MHD_YES;
}

// libmicrohttpd (0.9.75) reads header values as C strings: a raw NUL inside a value ends it
// there, and the bytes after it are dropped unseen ("Bearer <token>\0junk" reads as the
// token). The header lines stay where they were received, in one block that starts with the
// request line (`request_start`) and is header_size bytes long, with each line end (CR LF or
// LF) overwritten by NULs. So the byte after a value's terminating NUL is another NUL (the LF
// of CR LF, or the empty line that ends the header) or the start of the next header's name
// (a bare LF); anything else is what a NUL inside the value hid. Reads stay inside the block:
// a value libmicrohttpd moved elsewhere (a folded line) is not looked at. A NUL right before
// the line end hides nothing and is not told apart from it. Returns the header's name, or
// nullptr when no value hides bytes.
const char* header_hiding_bytes(MHD_Connection* connection, const char* request_start) {
  const MHD_ConnectionInfo* info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_REQUEST_HEADER_SIZE);
  if (info == nullptr || request_start == nullptr) return nullptr;
  const char* const block_end = request_start + info->header_size;
  std::vector<HeaderLine> lines;
  MHD_get_connection_values_n(connection, MHD_HEADER_KIND, &collect_header, &lines);
  const auto starts_a_line = [&lines](const char* at) {
    return std::any_of(lines.begin(), lines.end(), [at](const HeaderLine& line) { return line.name == at; });
  };
  for (const HeaderLine& line : lines) {
    if (line.value.data() == nullptr || line.value.data() < request_start) continue;
    const char* after = line.value.data() + line.value.size() + 1;
    if (after >= block_end || *after == '\0' || starts_a_line(after)) continue;
    return line.name;
  }
  return nullptr;
}

}  // namespace

std::size_t unescape_url(void*, MHD_Connection*, char* text) {
  char* read = text;
  char* write = text;
  while (*read != '\0') {
    const int high = read[0] == '%' ? hex_value(read[1]) : -1;
    const int low = high >= 0 ? hex_value(read[2]) : -1;
    if (low < 0) {
      *write++ = *read++;
      continue;
    }
    const char decoded = static_cast<char>(high * 16 + low);
    *write++ = decoded == '\0' ? kDel : decoded;
    read += 3;
  }
  *write = '\0';
  return static_cast<std::size_t>(write - text);
}

std::optional<HttpAnswer> refuse_control_bytes(MHD_Connection* connection, const char* request_start,
                                               std::string_view path) {
  if (has_control(path.data(), path.size(), false))
    return json_error(400, "invalid_path",
                      "the path holds a control character (%00-%1F or %7F), which no resource name has");
  Finding query;
  query.query = true;
  MHD_get_connection_values_n(connection, MHD_GET_ARGUMENT_KIND, &find_control, &query);
  if (query.found)
    return json_error(400, "invalid_query",
                      "the query parameter '" + query.where + "' holds a control character");
  Finding headers;
  MHD_get_connection_values_n(connection, MHD_HEADER_KIND, &find_control, &headers);
  if (headers.found)
    return json_error(400, "invalid_header", "the " + headers.where + " header holds a control character");
  if (const char* name = header_hiding_bytes(connection, request_start))
    return json_error(400, "invalid_header",
                      "the " + escape_control_characters(name) + " header holds a NUL byte");
  return std::nullopt;
}

}  // namespace lanecast::http
