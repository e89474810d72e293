// Test helpers for the config layer: a temporary directory that removes itself, file
// writing, and a guard that hides and later restores the systemd environment variables.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "daemon/config/config.h"
#include "daemon/config/config_table.h"

namespace lanecast::config::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "lanecast-config-XXXXXX").string();
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    const char* made = mkdtemp(buffer.data());
    path_ = made == nullptr ? std::string() : std::string(made);
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // Writes `content` to path()/relative, creating parent directories; returns the full path.
  std::string write(const std::string& relative, const std::string& content) const {
    std::filesystem::path full = std::filesystem::path(path_) / relative;
    std::filesystem::create_directories(full.parent_path());
    std::ofstream(full, std::ios::binary) << content;
    return full.string();
  }

 private:
  std::string path_;
};

// Unsets STATE_DIRECTORY and CREDENTIALS_DIRECTORY for one test, whatever the environment
// the tests run in, and puts the old values back afterwards.
class SystemdEnvironmentGuard {
 public:
  SystemdEnvironmentGuard() {
    for (Saved& saved : saved_) {
      const char* value = std::getenv(saved.name);
      if (value != nullptr) saved.value = value;
      unsetenv(saved.name);
    }
  }
  ~SystemdEnvironmentGuard() {
    for (const Saved& saved : saved_) {
      if (saved.value) {
        setenv(saved.name, saved.value->c_str(), 1);
      } else {
        unsetenv(saved.name);
      }
    }
  }
  SystemdEnvironmentGuard(const SystemdEnvironmentGuard&) = delete;
  SystemdEnvironmentGuard& operator=(const SystemdEnvironmentGuard&) = delete;

 private:
  struct Saved {
    const char* name;
    std::optional<std::string> value;
  };
  Saved saved_[2] = {{"STATE_DIRECTORY", std::nullopt}, {"CREDENTIALS_DIRECTORY", std::nullopt}};
};

inline std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// load_config with only the given temp dir as config dir, files and overrides.
inline Result<Config> load(const std::string& config_dir, std::vector<std::string> files = {},
                           std::vector<std::string> overrides = {}) {
  LoadOptions options;
  options.config_dir = config_dir;
  options.files = std::move(files);
  options.overrides = std::move(overrides);
  return load_config(options);
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace lanecast::config::testing
