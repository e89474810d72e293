#include "daemon/config/config_values.h"

#include <arpa/inet.h>

#include <cctype>
#include <charconv>
#include <netinet/in.h>
#include <vector>

#include "daemon/config/config.h"

namespace lanecast::config {
namespace {

constexpr std::int64_t kKiB = 1024;

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
// Bytes 0x00..0x20 and 0x7f: every ASCII control character and the space.
bool is_space_or_control(char c) {
  auto byte = static_cast<unsigned char>(c);
  return byte <= 0x20 || byte == 0x7f;
}

// Unsigned decimal digits only; false on overflow or any other character.
bool parse_digits(std::string_view text, std::int64_t& out) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && is_digit(text.front());
}

std::string range_text(std::int64_t min, std::int64_t max) {
  return "from " + std::to_string(min) + " to " + std::to_string(max);
}

// A number followed by a unit from `units`; the unit multiplies the number.
struct Unit {
  std::string_view suffix;
  std::int64_t factor;
};

template <std::size_t N>
Result<std::int64_t> parse_with_unit(std::string_view text, const Unit (&units)[N],
                                     std::int64_t min, std::int64_t max,
                                     const std::string& expectation) {
  std::size_t digits = 0;
  while (digits < text.size() && is_digit(text[digits])) ++digits;
  std::string_view suffix = text.substr(digits);
  std::int64_t factor = 0;
  for (const Unit& unit : units) {
    if (unit.suffix == suffix) factor = unit.factor;
  }
  std::int64_t number = 0;
  if (factor == 0 || !parse_digits(text.substr(0, digits), number)) {
    return Status::invalid_input(expectation);
  }
  if (number > max / factor || number * factor < min) {
    return Status::invalid_input(expectation);
  }
  return number * factor;
}

bool is_ipv4_text(std::string_view host) {
  for (char c : host) {
    if (!is_digit(c) && c != '.') return false;
  }
  return true;
}

bool is_host_name(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  for (char c : host) {
    if (!is_ascii_letter(c) && !is_digit(c) && c != '.' && c != '-') return false;
  }
  return host.front() != '-' && host.front() != '.';
}

bool is_address(int family, const std::string& host) {
  unsigned char buffer[sizeof(in6_addr)];
  return inet_pton(family, host.c_str(), buffer) == 1;
}

}  // namespace

std::string_view trim(std::string_view text) {
  constexpr std::string_view kBlank = " \t\r\n";
  auto first = text.find_first_not_of(kBlank);
  if (first == std::string_view::npos) return {};
  auto last = text.find_last_not_of(kBlank);
  return text.substr(first, last - first + 1);
}

Result<std::int64_t> parse_integer(std::string_view text, std::int64_t min, std::int64_t max) {
  bool negative = !text.empty() && text.front() == '-';
  std::int64_t magnitude = 0;
  if (parse_digits(negative ? text.substr(1) : text, magnitude)) {
    std::int64_t value = negative ? -magnitude : magnitude;
    if (value >= min && value <= max) return value;
  }
  return Status::invalid_input("must be an integer " + range_text(min, max));
}

Result<std::int64_t> parse_byte_size(std::string_view text, std::int64_t min, std::int64_t max) {
  static constexpr Unit kUnits[] = {
      {"", 1}, {"K", kKiB}, {"k", kKiB}, {"M", kKiB * kKiB}, {"m", kKiB * kKiB},
      {"G", kKiB * kKiB * kKiB}, {"g", kKiB * kKiB * kKiB},
  };
  return parse_with_unit(text, kUnits, min, max,
                         "must be a size from " + format_byte_size(min) + " to " +
                             format_byte_size(max) + " (bytes, or with a K, M or G suffix)");
}

std::string format_byte_size(std::int64_t bytes) {
  static constexpr Unit kLargestFirst[] = {{"G", kKiB * kKiB * kKiB}, {"M", kKiB * kKiB},
                                           {"K", kKiB}};
  for (const Unit& unit : kLargestFirst) {
    if (bytes != 0 && bytes % unit.factor == 0) {
      return std::to_string(bytes / unit.factor) + std::string(unit.suffix);
    }
  }
  return std::to_string(bytes);
}

Result<std::int64_t> parse_duration(std::string_view text, std::int64_t min, std::int64_t max) {
  static constexpr Unit kUnits[] = {{"", 1}, {"s", 1}, {"min", 60}, {"h", 3600}};
  return parse_with_unit(text, kUnits, min, max,
                         "must be a duration " + range_text(min, max) +
                             " seconds, optionally with a unit: 15, 15s, 2min, 1h");
}

Status check_token(std::string_view token) {
  if (token.empty()) return Status::invalid_input("a token must not be empty");
  if (token.size() > kMaxTokenBytes) {
    return Status::invalid_input("a token must be at most " + std::to_string(kMaxTokenBytes) +
                                 " bytes");
  }
  for (char c : token) {
    if (is_space_or_control(c)) {
      return Status::invalid_input("a token must not contain whitespace or control characters");
    }
  }
  return Status::ok();
}

namespace {

// Comma-separated items, each trimmed and checked; "" is the empty list. A failure names the
// item by its kind and position: "token 2: a token must not be empty".
Result<std::vector<std::string>> parse_list(std::string_view text, const char* kind,
                                            Status (*check)(std::string_view)) {
  std::vector<std::string> items;
  if (trim(text).empty()) return items;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    const std::string_view item = trim(text.substr(start, comma - start));
    Status valid = check(item);
    if (!valid.is_ok()) {
      return Status::invalid_input(std::string(kind) + " " + std::to_string(items.size() + 1) + ": " +
                                   valid.message());
    }
    items.emplace_back(item);
    start = comma + 1;
  }
  return items;
}

Status check_host_name(std::string_view host) {
  bool valid = !host.empty() && host.size() <= 253 && host.front() != '.';
  for (char c : host) valid = valid && (is_ascii_letter(c) || is_digit(c) || c == '-' || c == '_' || c == '.');
  if (valid) return Status::ok();
  return Status::invalid_input(
      "must be a host name of letters, digits, '-', '_' and '.', comma-separated, without a port");
}

}  // namespace

Result<std::vector<std::string>> parse_token_list(std::string_view text) {
  return parse_list(text, "token", &check_token);
}

Result<std::vector<std::string>> parse_host_list(std::string_view text) {
  return parse_list(text, "host", &check_host_name);
}

Status check_host_list(std::string_view text) {
  auto hosts = parse_host_list(text);
  return hosts.is_ok() ? Status::ok() : hosts.status();
}

Result<ListenAddress> parse_listen_address(std::string_view text) {
  const Status bad = Status::invalid_input(
      "must be host:port or [IPv6]:port with a port from 0 to 65535, 0 picking a free port "
      "(\"127.0.0.1:8080\")");
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return bad;
  std::int64_t port = 0;
  std::string_view port_text = text.substr(colon + 1);
  const bool leading_zero = port_text.size() > 1 && port_text.front() == '0';
  if (!parse_digits(port_text, port) || port < 0 || port > 65535 || leading_zero) {
    return bad;
  }
  std::string_view host = text.substr(0, colon);
  ListenAddress address;
  address.port = static_cast<int>(port);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    address.host = std::string(host.substr(1, host.size() - 2));
    address.ipv6 = true;
    if (!is_address(AF_INET6, address.host)) return bad;
    return address;
  }
  address.host = std::string(host);
  bool valid = is_ipv4_text(host) ? is_address(AF_INET, address.host) : is_host_name(host);
  if (!valid) return bad;
  return address;
}

Status check_listen_address(std::string_view text) {
  auto address = parse_listen_address(text);
  return address.is_ok() ? Status::ok() : address.status();
}

Status check_optional_listen_address(std::string_view text) {
  return text.empty() ? Status::ok() : check_listen_address(text);
}

Status check_tls_priorities(std::string_view text) {
  if (text.empty() || text.size() > 512) return Status::invalid_input("must be 1 to 512 bytes");
  for (char c : text) {
    const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                         (c >= '0' && c <= '9') || std::string_view("+-:%@._=").find(c) !=
                                                       std::string_view::npos;
    if (!allowed) {
      return Status::invalid_input(
          "must be a GnuTLS priority string: letters, digits and + - : % @ . _ =");
    }
  }
  return Status::ok();
}

Status check_webhook_path(std::string_view text) {
  if (text.empty() || text.front() != '/') return Status::invalid_input("must start with '/'");
  if (text.size() > 256) return Status::invalid_input("must be at most 256 bytes");
  for (char c : text) {
    if (is_space_or_control(c)) {
      return Status::invalid_input("must not contain whitespace or control characters");
    }
    if (c == '?' || c == '#') return Status::invalid_input("must not contain '?' or '#'");
  }
  if (text.find("//") != std::string_view::npos) {
    return Status::invalid_input("must not contain \"//\"");
  }
  if (text.find("..") != std::string_view::npos) {
    return Status::invalid_input("must not contain \"..\"");
  }
  return Status::ok();
}

Status check_currency(std::string_view text) {
  bool valid = text.size() == 3;
  for (char c : text) valid = valid && c >= 'A' && c <= 'Z';
  if (valid) return Status::ok();
  return Status::invalid_input("must be an ISO 4217 code of three uppercase letters (\"EUR\")");
}

Status check_payment_status(std::string_view text) {
  bool valid = text.size() <= 64;
  for (char c : text) valid = valid && (is_ascii_letter(c) || c == '_' || c == '-');
  if (valid) return Status::ok();
  return Status::invalid_input(
      "must be empty or letters, '_' and '-' only, at most 64 (\"SETTLED\")");
}

Status check_display_text(std::string_view text) {
  bool valid = text.size() <= 200;
  for (char c : text) valid = valid && static_cast<unsigned char>(c) >= 0x20 && c != 0x7f;
  if (valid) return Status::ok();
  return Status::invalid_input("must be at most 200 bytes without control characters");
}

namespace {

bool all_of(std::string_view text, int (*is)(int)) {
  for (char c : text)
    if (is(static_cast<unsigned char>(c)) == 0) return false;
  return !text.empty();
}

bool between(std::string_view text, std::size_t min, std::size_t max) {
  return text.size() >= min && text.size() <= max;
}

// RFC 5646 section 2.1, without the grandfathered tags: the subtags in their order, each
// optional part tried where it may stand.
bool is_language_tag(std::string_view text) {
  std::vector<std::string_view> subtags;
  for (std::size_t start = 0;;) {
    const std::size_t dash = text.find('-', start);
    subtags.push_back(text.substr(start, dash == text.npos ? text.npos : dash - start));
    if (dash == text.npos) break;
    start = dash + 1;
  }
  std::size_t i = 0;
  const auto next = [&] { return i < subtags.size() ? subtags[i] : std::string_view(); };
  if (!between(next(), 2, 8) || !all_of(next(), std::isalpha)) return false;
  ++i;
  for (int extlang = 0; extlang < 3 && subtags[0].size() <= 3 && next().size() == 3 &&
                        all_of(next(), std::isalpha); ++extlang)
    ++i;
  if (next().size() == 4 && all_of(next(), std::isalpha)) ++i;  // script
  if ((next().size() == 2 && all_of(next(), std::isalpha)) ||
      (next().size() == 3 && all_of(next(), std::isdigit)))
    ++i;  // region
  while ((between(next(), 5, 8) && all_of(next(), std::isalnum)) ||
         (next().size() == 4 && std::isdigit(static_cast<unsigned char>(next()[0])) != 0 &&
          all_of(next(), std::isalnum)))
    ++i;  // variants
  while (i < subtags.size()) {  // extensions ("u-nu-latn"), then private use ("x-shop1")
    const std::string_view singleton = subtags[i++];
    if (singleton.size() != 1 || !all_of(singleton, std::isalnum)) return false;
    const bool private_use = singleton == "x" || singleton == "X";
    const std::size_t first = i;
    while (i < subtags.size() && between(subtags[i], private_use ? 1 : 2, 8) &&
           all_of(subtags[i], std::isalnum))
      ++i;
    if (i == first || (private_use && i != subtags.size())) return false;
  }
  return true;
}

}  // namespace

Status check_locale(std::string_view text) {
  if (text.find('_') != text.npos || text.find('.') != text.npos)
    return Status::invalid_input("must be a BCP 47 language tag such as \"de-DE\": write '-', not a "
                                 "POSIX locale's '_' or encoding");
  if (text.size() <= 64 && is_language_tag(text)) return Status::ok();
  return Status::invalid_input(
      "must be a BCP 47 language tag: a language, then optionally script, region and variants "
      "(\"de\", \"de-DE\", \"pl-PL\", \"sr-Latn-RS\")");
}

Status check_optional_locale(std::string_view text) {
  return text.empty() ? Status::ok() : check_locale(text);
}

Status check_time_zone_name(std::string_view text) {
  bool valid = text.size() <= 64 && !text.starts_with('/') && text.find("..") == text.npos;
  for (char c : text)
    valid = valid && (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '/' || c == '_' ||
                      c == '-' || c == '+');
  if (valid) return Status::ok();
  return Status::invalid_input("must be empty or an IANA time zone name such as \"Europe/Berlin\"");
}

Status check_color(std::string_view text) {
  bool valid = text.size() == 7 && text.front() == '#';
  for (std::size_t i = 1; valid && i < text.size(); ++i)
    valid = std::isxdigit(static_cast<unsigned char>(text[i])) != 0;
  if (valid) return Status::ok();
  return Status::invalid_input("must be a colour as #rrggbb");
}

Status check_lane_list(std::string_view text) {
  std::size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    std::size_t comma = text.find(',', start);
    std::string_view lane = text.substr(start, comma == std::string_view::npos ? text.npos : comma - start);
    while (!lane.empty() && lane.front() == ' ') lane.remove_prefix(1);
    while (!lane.empty() && lane.back() == ' ') lane.remove_suffix(1);
    bool valid = !lane.empty() && lane.size() <= 64;
    for (char c : lane)
      valid = valid && (is_ascii_letter(c) || is_digit(c) || c == '.' || c == '_' || c == ':' || c == '-');
    if (!valid)
      return Status::invalid_input("must be zone ids of letters, digits, '.', '_', ':', '-', comma-separated");
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return Status::ok();
}

Status check_order_prefix(std::string_view text) {
  bool valid = text.size() <= 32;
  for (char c : text) {
    valid = valid && (is_ascii_letter(c) || is_digit(c) || c == '.' || c == '_' || c == ':' ||
                      c == '-');
  }
  if (valid) return Status::ok();
  return Status::invalid_input(
      "must be at most 32 letters, digits, '.', '_', ':' or '-' (\"LC-\")");
}

Status check_path(std::string_view text) {
  if (text.size() > 4096) return Status::invalid_input("must be at most 4096 bytes");
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) {
      return Status::invalid_input("must not contain control characters");
    }
  }
  return Status::ok();
}

}  // namespace lanecast::config
