#include "daemon/config/forward_values.h"

#include "daemon/config/config_values.h"

namespace lanecast::config {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '.' || c == '_' || c == ':' || c == '-';
}

bool is_name(std::string_view text, std::size_t max) {
  if (text.empty() || text.size() > max) return false;
  for (char c : text) {
    if (!is_name_char(c)) return false;
  }
  return true;
}

bool is_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '.' || c == '-' || c == '_';
}

Result<BrokerUrl> invalid_url() {
  return Status::invalid_input(
      "must be mqtt://host[:port] or mqtts://host[:port] (\"mqtts://broker.example.com:8883\")");
}

}  // namespace

Result<BrokerUrl> parse_broker_url(std::string_view text) {
  BrokerUrl url;
  if (text.starts_with("mqtt://")) {
    text.remove_prefix(7);
    url.port = 1883;
  } else if (text.starts_with("mqtts://")) {
    text.remove_prefix(8);
    url.tls = true;
    url.port = 8883;
  } else {
    return invalid_url();
  }
  if (!text.empty() && text.back() == '/') text.remove_suffix(1);
  std::string_view host = text;
  std::string_view port;
  if (text.starts_with("[")) {
    const auto close = text.find(']');
    if (close == std::string_view::npos || close == 1) return invalid_url();
    host = text.substr(1, close - 1);
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return invalid_url();
      port = rest.substr(1);
    }
    for (char c : host) {
      if (!(c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
            (c >= 'A' && c <= 'F')))
        return invalid_url();
    }
  } else {
    const auto colon = text.rfind(':');
    if (colon != std::string_view::npos) {
      host = text.substr(0, colon);
      port = text.substr(colon + 1);
    }
    if (host.empty() || host.size() > 253) return invalid_url();
    for (char c : host) {
      if (!is_host_char(c)) return invalid_url();
    }
  }
  if (text.find(':') != std::string_view::npos && !text.starts_with("[") && port.empty())
    return invalid_url();
  if (!port.empty()) {
    auto number = parse_integer(port, 1, 65535);
    if (!number.is_ok()) return Status::invalid_input("port must be from 1 to 65535");
    url.port = static_cast<int>(*number);
  }
  url.host = std::string(host);
  return url;
}

Status check_optional_broker_url(std::string_view text) {
  if (text.empty()) return Status::ok();
  auto url = parse_broker_url(text);
  return url.is_ok() ? Status::ok() : url.status();
}

Status check_topic_prefix(std::string_view text) {
  if (text.empty() || text.size() > 200)
    return Status::invalid_input("must be 1 to 200 bytes (\"lanecast\", \"retail/eu\")");
  if (text.front() == '$') return Status::invalid_input("must not start with '$' (brokers reserve it)");
  if (text.front() == '/' || text.back() == '/' || text.find("//") != std::string_view::npos)
    return Status::invalid_input("must not have empty levels (a leading, trailing or double '/')");
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '+' || c == '#') return Status::invalid_input("must not contain MQTT wildcards '+' or '#'");
    if (byte < 0x20 || byte == 0x7f) return Status::invalid_input("must not contain control characters");
  }
  return Status::ok();
}

Status check_optional_topic_level(std::string_view text) {
  if (text.empty() || is_name(text, 64)) return Status::ok();
  return Status::invalid_input("must be 1 to 64 letters, digits, '.', '_', ':' or '-' (\"store-0042\")");
}

Status check_optional_client_id(std::string_view text) {
  if (text.empty() || is_name(text, 64)) return Status::ok();
  return Status::invalid_input("must be 1 to 64 letters, digits, '.', '_', ':' or '-'");
}

}  // namespace lanecast::config
