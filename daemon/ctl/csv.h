// CSV as RFC 4180 writes it: fields quoted when they hold a comma, a quote, a line break or
// surrounding spaces, quotes doubled, rows ended by CRLF.
//
// Thread: any.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace lanecast::ctl {

std::string csv_field(std::string_view text);
std::string csv_row(const std::vector<std::string>& fields);

}  // namespace lanecast::ctl
