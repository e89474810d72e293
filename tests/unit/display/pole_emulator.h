// A test-side model of a 2x20 pole display, written from the command tables independently of
// the driver's encoder: it decodes bytes the way a display would and remembers what it shows.
// Bytes it does not understand are recorded, so a test can insist there were none.
#pragma once

#include <cstddef>
#include <string>

#include "display/pole_protocol.h"

namespace lanecast::display::testing {

class PoleEmulator {
 public:
  explicit PoleEmulator(PoleCommandSet set) : set_(set) { clear(); }

  void feed(const std::string& bytes) {
    for (char c : bytes) pending_ += c;
    while (step()) {
    }
  }

  const std::string& top() const { return rows_[0]; }
  const std::string& bottom() const { return rows_[1]; }
  int initializations() const { return inits_; }
  int code_table() const { return code_table_; }
  const std::string& unknown() const { return unknown_; }

 private:
  void clear() {
    rows_[0] = rows_[1] = std::string(20, ' ');
    column_ = row_ = 0;
  }

  void put(char c) {
    rows_[row_][column_] = c;
    if (++column_ == 20) {  // overwrite mode: wrap to the start of the other line
      column_ = 0;
      row_ = 1 - row_;
    }
  }

  // Consumes one complete command or character from pending_; false when more bytes are needed.
  bool step() {
    if (pending_.empty()) return false;
    const std::size_t used = set_ == PoleCommandSet::kEpson ? epson() : cd5220();
    if (used == 0) return false;
    pending_.erase(0, used);
    return true;
  }

  std::size_t need(std::size_t count) const { return pending_.size() >= count ? count : 0; }

  std::size_t epson() {
    const unsigned char c = static_cast<unsigned char>(pending_[0]);
    if (c == 0x1B) {
      if (need(2) == 0) return 0;
      if (pending_[1] == '@') { clear(); ++inits_; code_table_ = 0; return 2; }
      if (pending_[1] == 't') {
        if (need(3) == 0) return 0;
        code_table_ = static_cast<unsigned char>(pending_[2]);
        return 3;
      }
    } else if (c == 0x1F) {
      if (need(2) == 0) return 0;
      if (pending_[1] == 0x01) return 2;  // overwrite mode: the only mode modelled
      if (pending_[1] == 'C') return need(3);
      if (pending_[1] == '$') {
        if (need(4) == 0) return 0;
        column_ = pending_[2] - 1;
        row_ = pending_[3] - 1;
        if (column_ < 0 || column_ > 19 || row_ < 0 || row_ > 1) unknown_ += "bad-position;";
        return 4;
      }
    } else if (c == 0x0C) {
      clear();
      return 1;
    } else if (c >= 0x20 && c != 0x7F) {
      if (c >= 0x80 && code_table_ != 19) unknown_ += "high-byte;";  // PC858 has them all
      put(static_cast<char>(c));
      return 1;
    }
    unknown_ += pending_.substr(0, 1);
    return 1;
  }

  std::size_t cd5220() {
    const unsigned char c = static_cast<unsigned char>(pending_[0]);
    if (c == 0x1B) {
      if (need(2) == 0) return 0;
      if (pending_[1] == '@') { clear(); ++inits_; return 2; }
      if (pending_[1] == 0x11) return 2;
      if (pending_[1] == '_') return need(3);
      if (pending_[1] == 'Q') {
        const std::size_t end = pending_.find('\r');
        if (need(3) == 0 || end == std::string::npos) return 0;
        std::string text = pending_.substr(3, end - 3);
        if (text.size() > 20) unknown_ += "long-line;";
        text.resize(20, ' ');
        if (pending_[2] == 'A') rows_[0] = text;
        else if (pending_[2] == 'B') rows_[1] = text;
        else unknown_ += "bad-line;";
        for (char t : text)
          if (static_cast<unsigned char>(t) < 0x20 || static_cast<unsigned char>(t) > 0x7E)
            unknown_ += "non-ascii;";
        return end + 1;
      }
    } else if (c == 0x0C) {
      clear();
      return 1;
    }
    unknown_ += pending_.substr(0, 1);
    return 1;
  }

  PoleCommandSet set_;
  std::string pending_;
  std::string rows_[2];
  int column_ = 0;
  int row_ = 0;
  int inits_ = 0;
  int code_table_ = 0;
  std::string unknown_;
};

}  // namespace lanecast::display::testing
