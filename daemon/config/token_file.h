// Token files: the bearer tokens kept out of the configuration files, as systemd's
// LoadCredential= or an administrator's 0600 file provides them.
//
// Thread: any; no shared state.
#pragma once

#include <string>
#include <vector>

#include "daemon/core/status.h"

namespace lanecast::config {

// One token per line; blank lines and lines starting with '#' are skipped; whitespace around
// a token is trimmed. Failures are invalid_input: "cannot read PATH: reason",
// "PATH:LINE: reason" for an invalid token (the token itself is never quoted), and
// "PATH: no tokens" for a file without any, since a configured but empty file is almost
// certainly a mistake that would lock every client out.
Result<std::vector<std::string>> read_token_file(const std::string& path);

}  // namespace lanecast::config
