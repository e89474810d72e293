// The bytes a 2x20 customer pole display (VFD) understands, for two command sets.
//
// Epson ESC/POS customer display (DM-D series and the many clones in "Epson mode"):
//   ESC @        1B 40        initialize: settings to power-on values, screen cleared
//   US MD1       1F 01        overwrite mode (no scrolling when a line is full)
//   US C n       1F 43 n      cursor display, n = 0 off
//   ESC t n      1B 74 n      character code table, n = 19: PC858 (PC850 with the euro sign)
//   CLR          0C           clear the screen, cursor home
//   US $ x y     1F 24 x y    cursor to column x (1..20), row y (1..2)
//   A screen is: US $ 1 1, 20 characters, US $ 1 2, 20 characters. Writing whole padded lines
//   at fixed positions replaces the old text without a clear, so the screen does not flicker.
//
// CD5220 (the other common standard, "CD5220 mode" on most pole displays):
//   ESC @        1B 40        initialize
//   ESC DC1      1B 11        overwrite mode
//   ESC _ n      1B 5F n      cursor, n = 0 off
//   CLR          0C           clear the screen and leave string mode
//   ESC Q A s CR 1B 51 41 .. 0D   string mode: s (20 characters) to the upper line
//   ESC Q B s CR 1B 51 42 .. 0D   string mode: s to the lower line
//   A screen is ESC Q A <20> CR, ESC Q B <20> CR.
//
// Characters. Displays differ in their code pages. With the Epson set the display is told to
// use PC858 (PC850 with the euro sign; ESC t 19 at initialization), which has every Latin-1
// letter: "ä" is byte 0x84, "é" 0x82, "€" 0xD5, so German, French, Spanish, Italian and
// Dutch words show as written. Letters PC858 lacks (Polish "ł", "ż", Czech "ř") become their
// ASCII base letter. CD5220 code tables differ between models, so with CD5220 text is sent
// as printable ASCII (0x20..0x7E) only: German letters are transliterated (ä -> ae, ö -> oe,
// ü -> ue, ß -> ss), other Latin letters lose their accent (é -> e, ł -> l), "€" is spelled
// "EUR". With either set, typographic punctuation becomes its ASCII look-alike, control
// characters become spaces (a product name can never inject a command), anything else
// becomes '?'. Every byte is one column.
//
// Thread: pure functions; callable from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "daemon/core/status.h"

namespace lanecast::display {

inline constexpr std::size_t kPoleColumns = 20;

enum class PoleCommandSet { kEpson, kCd5220 };
// Accepts "epson" / "escpos" / "esc/pos" and "cd5220", case-insensitively.
Result<PoleCommandSet> parse_command_set(std::string_view name);

// One line before fitting, in UTF-8. `right` is right-aligned after `left`, with at least one
// space between them; `left` is cut to make room. A centered line shows `left` only.
struct PoleLine {
  std::string left;
  std::string right;
  bool centered = false;

  static PoleLine text(std::string left) { return {std::move(left), {}, false}; }
  static PoleLine pair(std::string left, std::string right) {
    return {std::move(left), std::move(right), false};
  }
  static PoleLine center(std::string text) { return {std::move(text), {}, true}; }
  bool operator==(const PoleLine&) const = default;
};

struct PoleScreen {
  PoleLine top;
  PoleLine bottom;
  bool operator==(const PoleScreen&) const = default;
};

// UTF-8 to the display's bytes as described above; whitespace runs collapse to one space and
// the ends are trimmed. Invalid UTF-8 becomes one '?' per bad byte.
std::string transliterate(std::string_view utf8, PoleCommandSet set);

// Exactly kPoleColumns bytes. A `right` longer than the line keeps its first 20 columns.
std::string fit_line(const PoleLine& line, PoleCommandSet set);

// Sent once after every (re)connection: reset, overwrite mode, cursor off, clear.
std::string encode_init(PoleCommandSet set);
// Both lines, each fitted to kPoleColumns.
std::string encode_screen(PoleCommandSet set, const PoleScreen& screen);

}  // namespace lanecast::display
