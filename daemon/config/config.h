// lanecast's configuration: typed values, and where they come from.
//
// Every key is one row of the declarative table in config_table.cpp (name, type, default,
// range, help). Parsing, --check-config, --print-config and the commented sample file all come
// from that table. Sources, later ones overriding earlier ones:
//   1. the built-in defaults (the daemon runs with no file at all)
//   2. <config dir>/lanecast.conf                 (default dir /etc/lanecast; when present)
//   3. <config dir>/lanecast.conf.d/*.conf        (when present; in lexical order)
//   4. each --config FILE                          (must exist)
//   5. each --set section.key=value                (command line)
// File format: INI as systemd and git use it: "[section]" headers, "key = value" lines,
// '#' or ';' comments on their own line, blank lines ignored. Unknown sections or keys,
// duplicate keys within one file, values out of range: errors naming file, line and reason.
//
// Thread: loaded on the main thread; the daemon hands immutable copies to other threads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "daemon/core/status.h"

namespace lanecast::config {

struct Config {
  // [http]
  std::string http_listen = "127.0.0.1:8080";        // host:port, [v6]:port
  std::int64_t http_max_body_bytes = 4 * 1024 * 1024;
  int http_connection_timeout_s = 15;     // inactivity
  int http_request_deadline_s = 60;       // total per request, however the client trickles
  int http_max_connections = 1024;
  int http_max_connections_per_ip = 256;
  std::int64_t http_connection_memory_bytes = 64 * 1024;
  int http_threads = 1;                   // libmicrohttpd polling threads

  // [storage]
  std::string storage_path;               // default: $STATE_DIRECTORY/lanecast.db, else ./lanecast.db
  int storage_busy_timeout_ms = 5000;
  int storage_max_batch = 256;

  // [auth]
  std::vector<std::string> auth_tokens;        // accepted webhook bearer tokens
  std::string auth_token_file;                 // one token per line, '#' comments
  std::vector<std::string> auth_staff_tokens;  // read API / staff pages from non-loopback
  std::string auth_staff_token_file;

  // [webhooks]
  std::string webhooks_checkout_path = "/aifi/checkout";
  std::string webhooks_cart_mutator_path = "/aifi/cart-mutator";
  std::string webhooks_checkout_zone_path = "/aifi/checkout-zone";

  // [store]
  std::string store_currency = "EUR";     // ISO 4217 code
  int store_decimals = 2;                 // 0..4
  std::string store_order_prefix = "LC-"; // externalId = prefix + AiFi orderId

  // [checkout]
  std::string checkout_payment_status;    // "" echoes AiFi's paymentStatus; else forced

  // [log]
  std::string log_level = "info";         // error, warning, notice, info, debug

  // Tokens from auth_tokens plus auth_token_file's lines (filled in by load_config).
  std::vector<std::string> webhook_tokens() const;
  std::vector<std::string> staff_tokens() const;
};

struct LoadOptions {
  std::string config_dir = "/etc/lanecast";  // --config-dir, for tests and packaging
  std::vector<std::string> files;            // --config FILE, in order
  std::vector<std::string> overrides;        // --set section.key=value, in order
};

// Loads every source in order. Errors name the source ("file:line: reason" or
// "--set http.listen=...: reason"). Token files are read here too, and a token file that
// cannot be read is an error.
Result<Config> load_config(const LoadOptions& options);

// Every key with its effective value, as a valid config file ("[http]\nlisten = ...").
// Token values are shown as "<N tokens>" in a comment, never the tokens themselves.
std::string print_config(const Config& config);

// The commented sample file: every key, its default, range and help, commented out.
std::string sample_config();

// The command line of lanecastd.
struct CommandLine {
  LoadOptions load;
  bool check_config = false;
  bool print_config = false;
  bool print_sample = false;  // --print-sample-config
  bool version = false;
  bool help = false;
};
Result<CommandLine> parse_command_line(int argc, char** argv);
std::string usage_text();

}  // namespace lanecast::config
