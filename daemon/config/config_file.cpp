#include "daemon/config/config_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>

#include "daemon/core/unique_fd.h"
#include "daemon/config/config_table.h"
#include "daemon/config/config_values.h"

namespace lanecast::config {
namespace {


Status cannot_read(const std::string& path, int error) {
  return Status::invalid_input("cannot read " + path + ": " + std::strerror(error));
}

std::string_view unquote(std::string_view value) {
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    return value.substr(1, value.size() - 2);
  }
  return value;
}

// "bad value for http.threads ("abc"): reason"; a secret's value is left out.
std::string bad_value(const Key& key, std::string_view value, const std::string& reason) {
  std::string shown = key.is_secret() ? "" : " (\"" + std::string(value) + "\")";
  return "bad value for " + std::string(key.name) + shown + ": " + reason;
}

// Applies one file's lines in order, remembering the section and the keys already set.
class IniReader {
 public:
  IniReader(Config& config, std::string_view source) : config_(config), source_(source) {}

  Status read(std::string_view text) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    while (!text.empty()) {
      ++line_;
      std::size_t end = text.find('\n');
      std::string_view line = text.substr(0, end);
      text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
      Status status = read_line(trim(line));
      if (!status.is_ok()) {
        return Status::invalid_input(source_ + ":" + std::to_string(line_) + ": " +
                                     status.message());
      }
    }
    return Status::ok();
  }

 private:
  Status read_line(std::string_view line) {
    if (line.empty() || line.front() == '#' || line.front() == ';') return Status::ok();
    if (line.front() == '[') return read_section(line);
    return read_assignment(line);
  }

  Status read_section(std::string_view line) {
    if (line.back() != ']') return Status::invalid_input("section header without ']'");
    std::string_view name = trim(line.substr(1, line.size() - 2));
    if (!is_known_section(name)) {
      return Status::invalid_input("unknown section [" + std::string(name) + "]");
    }
    section_ = name;
    return Status::ok();
  }

  Status read_assignment(std::string_view line) {
    std::size_t equals = line.find('=');
    if (equals == std::string_view::npos) {
      return Status::invalid_input("expected \"key = value\", \"[section]\" or a comment");
    }
    std::string_view local = trim(line.substr(0, equals));
    if (local.empty()) return Status::invalid_input("missing key before '='");
    if (section_.empty()) {
      return Status::invalid_input("key \"" + std::string(local) + "\" before any [section]");
    }
    const std::string name = section_ + "." + std::string(local);
    const Key* key = find_key(name);
    if (const RetiredKey* retired = find_retired_key(name); key == nullptr && retired != nullptr) {
      config_.notices.push_back(std::string(source_) + ":" + std::to_string(line_) + ": " +
                                retired_key_notice(*retired));
      return Status::ok();
    }
    if (key == nullptr) {
      return Status::invalid_input("unknown key \"" + std::string(local) + "\" in section [" +
                                   section_ + "]");
    }
    return assign(*key, unquote(trim(line.substr(equals + 1))));
  }

  Status assign(const Key& key, std::string_view value) {
    auto [previous, inserted] = first_line_.emplace(key.name, line_);
    if (!inserted) {
      return Status::invalid_input("duplicate key " + std::string(key.name) +
                                   " (first set on line " +
                                   std::to_string(previous->second) + ")");
    }
    Status status = assign_value(config_, key, value);
    if (!status.is_ok()) return Status::invalid_input(bad_value(key, value, status.message()));
    return Status::ok();
  }

  Config& config_;
  std::string source_;
  std::string section_;
  std::map<std::string_view, int> first_line_;  // key name -> line that set it
  int line_ = 0;
};

}  // namespace

Result<std::string> read_text_file(const std::string& path, std::size_t max_bytes) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return cannot_read(path, errno);
  std::string content;
  char buffer[8192];
  for (;;) {
    ssize_t count = ::read(fd.get(), buffer, sizeof buffer);
    if (count < 0 && errno == EINTR) continue;
    if (count < 0) return cannot_read(path, errno);
    if (count == 0) return content;
    content.append(buffer, static_cast<std::size_t>(count));
    if (content.size() > max_bytes) {
      return Status::invalid_input("cannot read " + path + ": larger than " +
                                   std::to_string(max_bytes) + " bytes");
    }
  }
}

Status apply_config_text(Config& config, std::string_view text, std::string_view source) {
  return IniReader(config, source).read(text);
}

Status apply_config_file(Config& config, const std::string& path) {
  auto text = read_text_file(path);
  if (!text.is_ok()) return text.status();
  return apply_config_text(config, *text, path);
}

Status apply_assignment(Config& config, std::string_view assignment) {
  std::size_t equals = assignment.find('=');
  std::string_view name = trim(assignment.substr(0, equals));
  const Key* key = find_key(name);
  std::string shown = (key != nullptr && key->is_secret())
                          ? std::string(name) + "=(hidden)"
                          : std::string(assignment);
  if (equals == std::string_view::npos) {
    return Status::invalid_input("--set " + shown + ": expected section.key=value");
  }
  if (const RetiredKey* retired = find_retired_key(name); key == nullptr && retired != nullptr) {
    config.notices.push_back("--set " + shown + ": " + retired_key_notice(*retired));
    return Status::ok();
  }
  if (key == nullptr) {
    return Status::invalid_input("--set " + shown + ": unknown key \"" + std::string(name) +
                                 "\"");
  }
  Status status = assign_value(config, *key, trim(assignment.substr(equals + 1)));
  if (!status.is_ok()) return Status::invalid_input("--set " + shown + ": " + status.message());
  return Status::ok();
}

}  // namespace lanecast::config
