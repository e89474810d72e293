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
// '#' or ';' comments on their own line, blank lines ignored, surrounding whitespace trimmed,
// optional double quotes around a value. A '#' after a value is part of the value. Unknown
// sections or keys, duplicate keys within one file, values out of range: errors naming file,
// line and reason. A key set again by a later source replaces the earlier value (token lists
// too: they are replaced, not appended to).
//
// Key names are the Config member names with the section's '_' turned into '.':
// http_max_body_bytes is "http.max_body_bytes".
//
// Thread: loaded on the main thread; the daemon hands immutable copies to other threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/status.h"

namespace lanecast::config {

// GnuTLS priorities of the HTTPS listener, spelled out rather than "@SYSTEM" (Debian 12's
// GnuTLS has no system policy file, so "@SYSTEM" fails): TLS 1.3 and 1.2 only, forward-secret
// ECDHE key exchange, AEAD ciphers only, the server's order of preference.
inline constexpr std::string_view kDefaultTlsPriorities =
    "SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-KX-ALL:+ECDHE-ECDSA:+ECDHE-RSA:"
    "-CIPHER-ALL:+AES-256-GCM:+AES-128-GCM:+CHACHA20-POLY1305:%SERVER_PRECEDENCE";

struct Config {
  // [http]
  std::string http_listen = "127.0.0.1:8080";        // host:port, [v6]:port
  std::int64_t http_max_body_bytes = 4 * 1024 * 1024;
  std::int64_t http_max_body_bytes_total = 64 * 1024 * 1024;  // all bodies held at once
  int http_connection_timeout_s = 15;     // inactivity
  int http_request_deadline_s = 60;       // total per request, however the client trickles
  int http_max_connections = 1024;
  int http_max_connections_per_ip = 256;
  std::int64_t http_connection_memory_bytes = 64 * 1024;
  int http_threads = 1;                   // libmicrohttpd polling threads
  int http_intake_threads = 2;            // for large webhooks (app/webhook_routes.h)

  // [tls]
  std::string tls_listen;                 // "" = no HTTPS listener (unless systemd passes one)
  std::string tls_cert_file;              // "" = $CREDENTIALS_DIRECTORY/tls-cert when present
  std::string tls_key_file;               // "" = $CREDENTIALS_DIRECTORY/tls-key when present
  std::string tls_priorities{kDefaultTlsPriorities};

  // [storage]
  std::string storage_path;               // default: $STATE_DIRECTORY/lanecast.db, else ./lanecast.db
  int storage_busy_timeout_ms = 5000;
  int storage_max_batch = 256;

  // [auth]
  std::vector<std::string> auth_tokens;        // accepted webhook bearer tokens
  std::string auth_token_file;                 // one token per line, '#' comments
  std::vector<std::string> auth_staff_tokens;  // read API / staff pages from non-loopback
  std::string auth_staff_token_file;
  // Loopback clients may read the staff API without a token. Turn off when a reverse proxy on
  // this machine forwards remote clients, which would otherwise all look local.
  std::string auth_trust_loopback = "yes";       // yes, no
  // Names besides localhost, IP addresses, the machine's name and the listen addresses under
  // which loopback trust holds (the Host of a request it admits), comma-separated.
  std::string auth_allowed_hosts;

  // [webhooks]
  std::string webhooks_checkout_path = "/aifi/checkout";
  std::string webhooks_cart_mutator_path = "/aifi/cart-mutator";
  std::string webhooks_checkout_zone_path = "/aifi/checkout-zone";

  // [store]
  std::string store_currency = "EUR";     // ISO 4217 code
  int store_decimals = 2;                 // 0..4
  std::string store_order_prefix = "LC-"; // externalId = prefix + AiFi orderId
  std::string store_time_zone;            // IANA name; "" = the browser's own zone

  // [pricing]
  std::string pricing_rules_file;         // "" = <config dir>/pricing.json when present
  int pricing_deadline_ms = 250;          // slower pricing answers "no change" instead

  // [display]
  std::string display_store_name = "lanecast";
  std::string display_locale = "en";              // BCP 47 tag: de-DE, pl-PL, en-US, ...
  std::string display_staff_locale;               // "" = display_locale
  std::string display_idle_message = "Welcome";
  std::string display_thank_you_message;          // "" = the locale's own thank-you text
  std::string display_logo_file;                  // "" = the built-in logo
  std::string display_currency_symbol;            // "" = the locale's own (pages), the code (pole)
  std::string display_background_color = "#101418";
  std::string display_text_color = "#f4f6f8";
  std::string display_accent_color = "#2fb37b";
  std::string display_lanes;                      // lanes shown from the start, comma-separated
  std::string display_default_lane;               // lane for sessions never seen in a zone
  int display_thank_you_s = 8;
  int display_leave_grace_s = 30;
  int display_idle_timeout_s = 600;
  int display_heartbeat_s = 15;                   // server-sent event keep-alive comments
  int display_max_streams = 200;                  // lane streams, all addresses together
  int display_max_streams_per_address = 32;       // lane streams from one client address
  int display_max_staff_streams = 8;              // staff streams, a pool of their own

  // [pole]
  std::string pole_device;                        // "" = no pole display
  std::string pole_baud = "9600";
  std::string pole_command_set = "epson";         // epson, cd5220
  std::string pole_lane;                          // "" = display.default_lane, else the first lane

  // [retention]
  int retention_max_age_days = 90;                // raw webhooks older than this are pruned
  std::int64_t retention_min_free_bytes = 512LL * 1024 * 1024;  // below: a staff alert

  // [forward]: the MQTT forwarder (docs/fleet.md); off while forward_url is empty.
  std::string forward_url;                        // mqtt://host[:port], mqtts://host[:port]
  std::string forward_topic_prefix = "lanecast";  // topics: <prefix>/<store id>/<kind>
  std::string forward_store_id;                   // "" = the machine's host name
  std::string forward_client_id;                  // "" = "lanecast-" + store id
  std::string forward_ca_file;                    // "" = credential mqtt-ca, else system CAs
  std::string forward_cert_file;                  // "" = credential mqtt-cert when present
  std::string forward_key_file;                   // "" = credential mqtt-key when present
  std::string forward_username;                   // "" = no user name
  std::string forward_password_file;              // "" = credential mqtt-password when present
  int forward_max_inflight = 64;                  // events handed to the broker, unacknowledged
  int forward_max_rate = 500;                     // events per second; 0 = no limit
  int forward_reconnect_max_s = 60;               // longest wait between connection attempts
  int forward_keepalive_s = 30;

  // [checkout]
  std::string checkout_payment_status;    // "" echoes AiFi's paymentStatus; else forced

  // [log]
  std::string log_level = "info";         // error, warning, notice, info, debug

  // Not keys: the tokens load_config read from auth_token_file / auth_staff_token_file, or,
  // when those are empty, from systemd's $CREDENTIALS_DIRECTORY/webhook-tokens and
  // staff-tokens (LoadCredential=).
  std::vector<std::string> webhook_tokens_from_file;
  std::vector<std::string> staff_tokens_from_file;
  // Not keys: the PEM text of the HTTPS certificate chain and private key, read from
  // tls_cert_file / tls_key_file, or else from the credentials tls-cert / tls-key. Empty when
  // there is none.
  std::string tls_cert_pem;
  std::string tls_key_pem;
  // Not keys: the forwarder's TLS files as found (forward_*_file, else the credentials
  // mqtt-ca / mqtt-cert / mqtt-key), and the password read from forward_password_file (else
  // the credential mqtt-password). Empty when there is none.
  std::string forward_ca_path;
  std::string forward_cert_path;
  std::string forward_key_path;
  std::string forward_password;
  // Not keys: what an administrator should hear about the configuration without it being
  // wrong, e.g. a key that is no longer used ("FILE:LINE: display.x is no longer used ...").
  // The daemon logs them at start; --check-config prints them.
  std::vector<std::string> notices;

  // auth_tokens followed by the token file's tokens, without duplicates, in that order.
  std::vector<std::string> webhook_tokens() const;
  // auth_staff_tokens followed by the staff token file's tokens, without duplicates.
  std::vector<std::string> staff_tokens() const;

  bool operator==(const Config&) const = default;
};

// http.listen taken apart, for the HTTP layer: "127.0.0.1:8080" -> {"127.0.0.1", 8080, false},
// "[::1]:8080" -> {"::1", 8080, true}. The host is an IPv4 address, a host name, or (in
// brackets) an IPv6 address; the port is 1..65535.
struct ListenAddress {
  std::string host;
  int port = 0;
  bool ipv6 = false;
};
Result<ListenAddress> parse_listen_address(std::string_view text);

struct LoadOptions {
  std::string config_dir = "/etc/lanecast";  // --config-dir, for tests and packaging
  std::vector<std::string> files;            // --config FILE, in order
  std::vector<std::string> overrides;        // --set section.key=value, in order
};

// Loads every source in order, then fills storage_path when still empty (first entry of
// $STATE_DIRECTORY + "/lanecast.db", else "./lanecast.db"), reads the token files, the TLS
// certificate and key, the MQTT forwarder's password and TLS files (keys, else the
// credentials mqtt-ca, mqtt-cert, mqtt-key, mqtt-password), and checks rules that span keys
// (the webhook paths must differ, the two listeners too, tls.listen needs a certificate and
// a key, and neither comes alone, forward.cert_file needs forward.key_file and the reverse,
// store.decimals is store.currency's ISO 4217 minor unit). Every failure is invalid_input and
// names its source: "file:line: reason", "--set http.listen=...: reason" (token values are
// never repeated in a message), "cannot read FILE: reason". A token file that cannot be
// read, holds an invalid token, or holds no token at all is an error.
Result<Config> load_config(const LoadOptions& options);

// Every key with its effective value, as a valid config file ("[http]\nlisten = ...") that
// loads back to the same Config, except that inline token lists come back empty: token
// values are never printed. Token-list keys appear only as a comment counting them
// ("# tokens: 2 token(s) configured, not shown"); token file paths are printed.
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
// argv[0] is the program name. Options: --config FILE (repeatable), --config-dir DIR,
// --set section.key=value (repeatable), --check-config, --print-config,
// --print-sample-config, --version, --help / -h; "--opt=value" works for options taking a
// value. An unknown option, a missing value or a stray argument is invalid_input naming it.
// The --set assignments are checked by load_config, not here.
Result<CommandLine> parse_command_line(int argc, char** argv);
// The --help text: one line per option.
std::string usage_text();

}  // namespace lanecast::config
