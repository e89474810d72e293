#include "daemon/config/config.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "daemon/config/config_file.h"
#include "daemon/config/config_values.h"
#include "daemon/config/currencies.h"
#include "daemon/config/token_file.h"

namespace lanecast::config {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> merged(const std::vector<std::string>& first,
                                const std::vector<std::string>& second) {
  std::vector<std::string> all;
  for (const auto* list : {&first, &second}) {
    for (const std::string& token : *list) {
      if (std::find(all.begin(), all.end(), token) == all.end()) all.push_back(token);
    }
  }
  return all;
}

// An environment variable's value, or "" when unset.
std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

// systemd may list several state directories; the first is this service's own.
std::string default_storage_path() {
  std::string state = environment("STATE_DIRECTORY");
  std::string first = state.substr(0, state.find(':'));
  return first.empty() ? "./lanecast.db" : first + "/lanecast.db";
}

// False when absent; an error when it cannot even be looked at (a directory without search
// permission), because silently skipping a config file the admin wrote is worse.
Result<bool> is_present(const fs::path& path) {
  std::error_code error;
  bool found = fs::exists(path, error);
  if (error) return Status::invalid_input("cannot read " + path.string() + ": " + error.message());
  return found;
}

Result<std::vector<std::string>> drop_in_files(const fs::path& directory) {
  std::vector<std::string> files;
  std::error_code error;
  for (fs::directory_iterator it(directory, error), end; !error && it != end;
       it.increment(error)) {
    std::string name = it->path().filename().string();
    if (name.starts_with(".") || !name.ends_with(".conf")) continue;
    std::error_code type_error;
    if (fs::is_regular_file(it->path(), type_error)) files.push_back(it->path().string());
  }
  if (error) {
    return Status::invalid_input("cannot read " + directory.string() + ": " + error.message());
  }
  std::sort(files.begin(), files.end());
  return files;
}

Status apply_config_dir(Config& config, const std::string& config_dir) {
  fs::path main_file = fs::path(config_dir) / "lanecast.conf";
  auto main_exists = is_present(main_file);
  if (!main_exists.is_ok()) return main_exists.status();
  if (*main_exists) {
    Status status = apply_config_file(config, main_file.string());
    if (!status.is_ok()) return status;
  }
  fs::path drop_in_dir = fs::path(config_dir) / "lanecast.conf.d";
  auto dir_exists = is_present(drop_in_dir);
  if (!dir_exists.is_ok()) return dir_exists.status();
  if (!*dir_exists) return Status::ok();
  auto files = drop_in_files(drop_in_dir);
  if (!files.is_ok()) return files.status();
  for (const std::string& file : *files) {
    Status status = apply_config_file(config, file);
    if (!status.is_ok()) return status;
  }
  return Status::ok();
}

// The file to read: the configured one, else systemd's credential of that name when there
// is one; "" when there is neither.
Result<std::string> configured_or_credential(const std::string& configured,
                                             const char* credential) {
  if (!configured.empty()) return configured;
  std::string credentials = environment("CREDENTIALS_DIRECTORY");
  if (credentials.empty()) return std::string();
  fs::path path = fs::path(credentials) / credential;
  auto found = is_present(path);
  if (!found.is_ok()) return found.status();
  return *found ? path.string() : std::string();
}

Result<std::vector<std::string>> tokens_from_file(const std::string& configured,
                                                  const char* credential) {
  auto file = configured_or_credential(configured, credential);
  if (!file.is_ok()) return file.status();
  if (file->empty()) return std::vector<std::string>();
  return read_token_file(*file);
}

Status read_token_files(Config& config) {
  auto webhook = tokens_from_file(config.auth_token_file, "webhook-tokens");
  if (!webhook.is_ok()) return webhook.status();
  auto staff = tokens_from_file(config.auth_staff_token_file, "staff-tokens");
  if (!staff.is_ok()) return staff.status();
  config.webhook_tokens_from_file = std::move(*webhook);
  config.staff_tokens_from_file = std::move(*staff);
  return Status::ok();
}

// The PEM text of the configured file or credential (see configured_or_credential). A file
// holding nothing but whitespace counts as none: the package installs the credentials empty,
// meaning "no HTTPS" until the admin fills them.
Result<std::string> pem_from_file(const std::string& configured, const char* credential) {
  auto file = configured_or_credential(configured, credential);
  if (!file.is_ok()) return file.status();
  if (file->empty()) return std::string();
  auto text = read_text_file(*file);
  if (text.is_ok() && trim(*text).empty()) return std::string();
  return text;
}

Status read_tls_files(Config& config) {
  auto cert = pem_from_file(config.tls_cert_file, "tls-cert");
  if (!cert.is_ok()) return cert.status();
  auto key = pem_from_file(config.tls_key_file, "tls-key");
  if (!key.is_ok()) return key.status();
  config.tls_cert_pem = std::move(*cert);
  config.tls_key_pem = std::move(*key);
  if (!config.tls_cert_pem.empty() && config.tls_key_pem.empty())
    return Status::invalid_input("there is a TLS certificate but no private key: set "
                                 "tls.key_file or give the service the credential tls-key");
  if (config.tls_cert_pem.empty() && !config.tls_key_pem.empty())
    return Status::invalid_input("there is a TLS private key but no certificate: set "
                                 "tls.cert_file or give the service the credential tls-cert");
  if (!config.tls_listen.empty() && config.tls_cert_pem.empty())
    return Status::invalid_input("tls.listen is set but there is no certificate and key: set "
                                 "tls.cert_file and tls.key_file, or give the service the "
                                 "credentials tls-cert and tls-key");
  return Status::ok();
}

// The forwarder's TLS files must be readable now, so --check-config and the start-up catch a
// wrong path rather than the first connection attempt. The password is read here once.
Status read_forward_files(Config& config) {
  struct File {
    const std::string& configured;
    const char* credential;
    std::string& found;
  };
  const File files[] = {{config.forward_ca_file, "mqtt-ca", config.forward_ca_path},
                        {config.forward_cert_file, "mqtt-cert", config.forward_cert_path},
                        {config.forward_key_file, "mqtt-key", config.forward_key_path}};
  for (const File& file : files) {
    auto path = configured_or_credential(file.configured, file.credential);
    if (!path.is_ok()) return path.status();
    auto pem = pem_from_file(*path, file.credential);
    if (!pem.is_ok()) return pem.status();
    file.found = pem->empty() ? std::string() : *path;
  }
  if (config.forward_cert_path.empty() != config.forward_key_path.empty())
    return Status::invalid_input("forward.cert_file and forward.key_file go together: a client "
                                 "certificate needs its key (or the credentials mqtt-cert and "
                                 "mqtt-key)");
  auto password_file = configured_or_credential(config.forward_password_file, "mqtt-password");
  if (!password_file.is_ok()) return password_file.status();
  config.forward_password.clear();
  if (!password_file->empty()) {
    auto text = read_text_file(*password_file);
    if (!text.is_ok()) return text.status();
    const std::string_view first = std::string_view(*text).substr(0, text->find('\n'));
    config.forward_password = std::string(trim(first));
  }
  const bool tls_files = !config.forward_ca_path.empty() || !config.forward_cert_path.empty();
  if (tls_files && !config.forward_url.empty() && !config.forward_url.starts_with("mqtts://") &&
      (!config.forward_ca_file.empty() || !config.forward_cert_file.empty()))
    return Status::invalid_input("forward.ca_file or forward.cert_file is set but forward.url "
                                 "is not mqtts://: the files would not be used");
  return Status::ok();
}

Status check_distinct_listeners(const Config& config) {
  if (config.tls_listen.empty() || config.tls_listen != config.http_listen) return Status::ok();
  return Status::invalid_input("http.listen and tls.listen are both \"" + config.http_listen +
                               "\"; they must differ");
}

// One request path cannot be two webhooks.
Status check_distinct_webhook_paths(const Config& config) {
  struct Named {
    const char* name;
    const std::string& path;
  };
  const Named paths[] = {{"webhooks.checkout_path", config.webhooks_checkout_path},
                         {"webhooks.cart_mutator_path", config.webhooks_cart_mutator_path},
                         {"webhooks.checkout_zone_path", config.webhooks_checkout_zone_path}};
  for (std::size_t i = 0; i < std::size(paths); ++i) {
    for (std::size_t j = i + 1; j < std::size(paths); ++j) {
      if (paths[i].path == paths[j].path) {
        return Status::invalid_input(std::string(paths[i].name) + " and " + paths[j].name +
                                     " are both \"" + paths[i].path + "\"; they must differ");
      }
    }
  }
  return Status::ok();
}

}  // namespace

std::vector<std::string> Config::webhook_tokens() const {
  return merged(auth_tokens, webhook_tokens_from_file);
}

std::vector<std::string> Config::staff_tokens() const {
  return merged(auth_staff_tokens, staff_tokens_from_file);
}

Result<Config> load_config(const LoadOptions& options) {
  Config config;
  Status status = apply_config_dir(config, options.config_dir);
  for (auto file = options.files.begin(); status.is_ok() && file != options.files.end(); ++file) {
    status = apply_config_file(config, *file);
  }
  for (auto it = options.overrides.begin(); status.is_ok() && it != options.overrides.end();
       ++it) {
    status = apply_assignment(config, *it);
  }
  if (status.is_ok()) status = read_token_files(config);
  if (status.is_ok()) status = read_tls_files(config);
  if (status.is_ok()) status = read_forward_files(config);
  if (status.is_ok()) status = check_distinct_webhook_paths(config);
  if (status.is_ok()) status = check_distinct_listeners(config);
  if (status.is_ok()) status = check_currency_decimals(config.store_currency, config.store_decimals);
  if (!status.is_ok()) return status;
  if (config.storage_path.empty()) config.storage_path = default_storage_path();
  return config;
}

}  // namespace lanecast::config
