// Reading configuration sources into a Config: INI files and single "section.key=value"
// assignments, both through the key table.
//
// File format: "[section]" headers; "key = value" lines; '#' or ';' comment lines; blank
// lines; whitespace around keys and values trimmed; one pair of double quotes around a value
// removed (so a value can keep surrounding spaces). A '#' after a value belongs to the value.
// A leading UTF-8 byte order mark and CRLF line ends are accepted.
//
// Every failure is invalid_input whose message names its source: "FILE:LINE: reason",
// "cannot read FILE: reason". Token values are never quoted in a message. On failure the
// Config may hold part of the source; callers discard it.
//
// Thread: any; no shared state.
#pragma once

#include <string>
#include <string_view>

#include "daemon/config/config.h"
#include "daemon/core/status.h"

namespace lanecast::config {

// The whole file; "cannot read PATH: <strerror>" when it cannot be opened or read, and an
// error too when it is larger than max_bytes.
Result<std::string> read_text_file(const std::string& path, std::size_t max_bytes = 1 << 20);

// Applies INI text; `source` is the name errors begin with (usually the file's path).
Status apply_config_text(Config& config, std::string_view text, std::string_view source);
Status apply_config_file(Config& config, const std::string& path);

// Applies "section.key=value" as given to --set; key and value are trimmed as in a file.
// Errors read "--set section.key=value: reason", with a token list's value hidden.
Status apply_assignment(Config& config, std::string_view assignment);

}  // namespace lanecast::config
