#include "daemon/ctl/url.h"

#include <cctype>

namespace lanecast::ctl {
namespace {

constexpr std::string_view kScheme = "http://";

bool is_host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_';
}

bool is_path_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u >= 0x7f) return false;
  return c != '?' && c != '#' && c != '\\' && c != '"' && c != '<' && c != '>';
}

Result<int> parse_port(std::string_view text, std::string_view url) {
  if (text.empty() || text.size() > 5) return Status::invalid_input("bad port in " + std::string(url));
  int port = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return Status::invalid_input("bad port in " + std::string(url));
    port = port * 10 + (c - '0');
  }
  if (port < 1 || port > 65535) return Status::invalid_input("port out of range in " + std::string(url));
  return port;
}

// Splits "host[:port]" or "[v6][:port]" into the url's host and port.
Status parse_authority(std::string_view authority, std::string_view text, Url& url) {
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return Status::invalid_input("unclosed '[' in " + std::string(text));
    url.host = std::string(authority.substr(1, close - 1));
    for (char c : url.host) {
      if (std::isxdigit(static_cast<unsigned char>(c)) == 0 && c != ':' && c != '.') {
        return Status::invalid_input("bad IPv6 address in " + std::string(text));
      }
    }
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return Status::invalid_input("junk after ']' in " + std::string(text));
    if (!rest.empty()) port_text = rest.substr(1);
    if (!rest.empty() && port_text.empty()) return Status::invalid_input("bad port in " + std::string(text));
  } else {
    const auto colon = authority.find(':');
    url.host = std::string(authority.substr(0, colon));
    for (char c : url.host) {
      if (!is_host_char(c)) return Status::invalid_input("bad host name in " + std::string(text));
    }
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) return Status::invalid_input("bad port in " + std::string(text));
    }
  }
  if (url.host.empty()) return Status::invalid_input("no host in " + std::string(text));
  if (!port_text.empty()) {
    auto port = parse_port(port_text, text);
    if (!port.is_ok()) return port.status();
    url.port = *port;
  }
  return Status::ok();
}

}  // namespace

std::string Url::target(std::string_view path) const { return prefix + std::string(path); }

std::string Url::authority() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::string Url::to_string() const { return std::string(kScheme) + authority() + prefix; }

Result<Url> parse_url(std::string_view text) {
  if (text.substr(0, 8) == "https://") {
    return Status::invalid_input("https is not supported (lanecastd serves plain HTTP): " + std::string(text));
  }
  if (text.substr(0, kScheme.size()) != kScheme) {
    return Status::invalid_input("not an http:// URL: " + std::string(text));
  }
  const std::string_view rest = text.substr(kScheme.size());
  const auto slash = rest.find('/');
  const std::string_view authority = rest.substr(0, slash);
  if (authority.find('@') != std::string_view::npos) {
    return Status::invalid_input("user info is not supported in " + std::string(text));
  }
  Url url;
  Status status = parse_authority(authority, text, url);
  if (!status.is_ok()) return status;
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  for (char c : path) {
    if (!is_path_char(c)) return Status::invalid_input("bad character in the path of " + std::string(text));
  }
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  url.prefix = std::string(path);
  return url;
}

}  // namespace lanecast::ctl
