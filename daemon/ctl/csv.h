// CSV as RFC 4180 writes it: fields quoted when they hold a comma, a quote, a line break or
// surrounding spaces, quotes doubled, rows ended by CRLF.
//
// A spreadsheet runs a cell that starts with '=', '+', '-', '@', a tab or a carriage return
// as a formula (=HYPERLINK(...) sends data away, =2+3 computes), and session ids, zones and
// bodies come from the network. Such a cell is written with a leading apostrophe and quoted,
// as OWASP's "CSV injection" advice has it: spreadsheets show it as the text it is. A cell
// that is a plain decimal number ("-1.50", "+3", "-7") is left as it is: it cannot run, and
// refunds and negative totals stay numbers a spreadsheet can add up.
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
