// Parsers and rules for single configuration values, each a pure function of its text.
//
// Every failure is Status::invalid_input with a reason that completes "<key>: ...", e.g.
// "must be an integer from 1 to 64". Reasons about tokens never quote the token, because the
// message ends up in the journal.
//
// Thread: any; no state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/status.h"

namespace lanecast::config {

// Surrounding spaces, tabs, CR and LF removed.
std::string_view trim(std::string_view text);

// Decimal digits with an optional leading '-'; nothing else, no surrounding whitespace.
Result<std::int64_t> parse_integer(std::string_view text, std::int64_t min, std::int64_t max);

// Bytes as digits with an optional K, M or G suffix (powers of 1024, either case): "4M".
Result<std::int64_t> parse_byte_size(std::string_view text, std::int64_t min, std::int64_t max);
// The largest suffix that divides exactly: 4194304 -> "4M", 1000 -> "1000".
std::string format_byte_size(std::int64_t bytes);

// Seconds as digits with an optional unit: "15", "15s", "2min", "1h".
Result<std::int64_t> parse_duration(std::string_view text, std::int64_t min, std::int64_t max);

inline constexpr std::size_t kMaxTokenBytes = 512;
// 1..512 bytes, no whitespace or control characters.
Status check_token(std::string_view token);
// Comma-separated tokens, each trimmed; "" is the empty list, an empty item is an error.
Result<std::vector<std::string>> parse_token_list(std::string_view text);

// Comma-separated host names (auth.allowed_hosts), each trimmed and of 1 to 253 letters,
// digits, '-', '_' and '.' (not first); "" is the empty list, an empty item is an error.
Result<std::vector<std::string>> parse_host_list(std::string_view text);

// Rules for string keys; each returns ok or invalid_input with the reason.
Status check_listen_address(std::string_view text);  // see parse_listen_address in config.h
Status check_optional_listen_address(std::string_view text);  // "" or a listen address
// 1..512 bytes of GnuTLS priority syntax ([A-Za-z0-9+-:%@._=]). Whether GnuTLS knows every
// keyword is only learnt when the listener starts (and by --check-config).
Status check_tls_priorities(std::string_view text);
Status check_webhook_path(std::string_view text);    // '/...', no '?', '#', "//", "..", spaces
Status check_currency(std::string_view text);        // ISO 4217: three uppercase letters
Status check_payment_status(std::string_view text);  // "" or [A-Za-z_-]+
Status check_order_prefix(std::string_view text);
Status check_display_text(std::string_view text);    // up to 200 bytes, no control characters
// A BCP 47 language tag (RFC 5646): language[-script][-region][-variant...][-ext...][-x-...],
// "de", "de-DE", "sr-Latn-RS", "de-DE-u-nu-latn"; '_' (a POSIX locale) is refused with a hint.
Status check_locale(std::string_view text);
Status check_optional_locale(std::string_view text);  // "" or check_locale
// "" or an IANA zone name's syntax ("Europe/Berlin"); whether the zone exists is checked
// against the system's zone files when the screens start (and by --check-config).
Status check_time_zone_name(std::string_view text);
Status check_color(std::string_view text);           // #rrggbb
Status check_lane_list(std::string_view text);       // comma-separated zone ids    // "" or [A-Za-z0-9._:-]{1,32}
Status check_path(std::string_view text);            // "" or a path without control characters
Status check_host_list(std::string_view text);       // see parse_host_list

}  // namespace lanecast::config
