// Writing JSON text into one growing string, byte for byte as cJSON_PrintUnformatted (1.7.15)
// writes the same values.
//
// Why not cJSON's printer: the cart mutator's answer is the request echoed with a few members
// replaced. With cJSON that meant copying the request's subtrees into a new tree
// (cJSON_Duplicate), printing it into a buffer it grows by reallocation, copying that into a
// std::string and deleting the copy: most of a 50-line answer's cost. These functions print
// the request's own nodes and the new values straight into the answer. Their output is
// cJSON's, so an echoed member reads exactly as it did (tests compare the two on every input).
//
// Thread: pure functions; any thread. Failures: std::bad_alloc only.
#pragma once

#include <cjson/cJSON.h>

#include <string>
#include <string_view>

namespace lanecast {

// `value` (with its children) as cJSON_PrintUnformatted prints it; a member's key is not
// written. Raw nodes are copied as they are.
void append_json(std::string& out, const cJSON* value);

// A JSON string literal, escaped as cJSON escapes (the two-character escapes, other bytes
// below 0x20 as \u00xx, everything else as it is).
void append_json_string(std::string& out, std::string_view text);
// The same for a NUL-terminated text (a cJSON node's key or value), read once.
void append_json_string(std::string& out, const char* text);

// A number as cJSON prints valuedouble: "%1.15g" unless that does not read back as the same
// double, then "%1.17g"; NaN and infinities as null.
void append_json_number(std::string& out, double value);

// `value` printed by append_json.
std::string print_json(const cJSON* value);

}  // namespace lanecast
