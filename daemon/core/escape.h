// Control characters made visible, for text that reaches a log line or a terminal.
//
// A field that came from the network (a session id, a zone, a product name) may hold a line
// break, which would start a forged log line ("x\n<0>FAKE" is an emergency-priority line to
// journald), or an escape sequence, which a terminal runs (colours, cursor moves, title and
// clipboard writes). Both are written as C-style escapes instead, so the text stays on its
// line and means only what it says.
//
// Thread: any; pure functions.
#pragma once

#include <string>
#include <string_view>

namespace lanecast {

enum class EscapeMode {
  kField,  // one field of a line: line breaks, tabs and backslashes are escaped too
  kText,   // text already laid out in lines (a whole table, pretty-printed JSON): '\n', '\t'
           // and '\\' stay as they are, so its lines and its own escapes read unchanged
};

// Escapes, as "\n", "\t", "\r", "\\" and "\xNN" (for every other byte):
//   - C0 control characters (0x00-0x1f) and DEL (0x7f);
//   - C1 control characters (U+0080-U+009F; U+009B is a one-character CSI to some terminals),
//     each byte of their UTF-8 form;
//   - bytes that are not part of valid UTF-8 (a lone 0x9b is CSI to a terminal not in UTF-8);
//   - in kField, the backslash itself, so an escape in a field always means an escaped byte.
// Valid UTF-8 otherwise passes unchanged ("Brötchen" stays "Brötchen").
std::string escape_control_characters(std::string_view text, EscapeMode mode = EscapeMode::kField);

}  // namespace lanecast
