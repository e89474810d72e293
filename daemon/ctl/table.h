// Plain-text tables for people: a header row, columns two spaces apart, numbers flush right.
// Widths count UTF-8 characters, so "Brötchen" lines up with "Brezel". Cells are escaped
// (core/escape.h): a line break or an escape code in a stored field shows as "\n" or "\x1b"
// and cannot start a line or drive the terminal.
//
// Thread: one table per thread.
#pragma once

#include <string>
#include <vector>

namespace lanecast::ctl {

class Table {
 public:
  enum class Align { kLeft, kRight };

  // A header whose name starts with '>' is right-aligned ("'>TOTAL'" shows as "TOTAL").
  explicit Table(std::vector<std::string> headers);

  // Missing cells are blank; extra cells are an error the caller made, and are dropped. Each
  // cell's control characters are escaped.
  void add_row(std::vector<std::string> cells);
  bool empty() const { return rows_.empty(); }
  std::string render() const;

 private:
  std::vector<std::string> headers_;
  std::vector<Align> align_;
  std::vector<std::vector<std::string>> rows_;
};

// Characters (not bytes) of UTF-8 text.
std::size_t display_width(const std::string& text);

}  // namespace lanecast::ctl
