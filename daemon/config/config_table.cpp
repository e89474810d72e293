#include "daemon/config/config_table.h"

#include <type_traits>
#include <utility>

#include "daemon/config/config_values.h"
#include "daemon/config/forward_values.h"
#include "daemon/core/money.h"

namespace lanecast::config {
namespace {

constexpr std::int64_t kKiB = 1024;
constexpr std::int64_t kMiB = 1024 * kKiB;

// Row builders: each fixes the member type its KeyType needs, so a row that would store a
// size in a string cannot compile.
constexpr Key row(std::string_view name, KeyType type, Field field,
                  std::string_view default_text, std::string_view help) {
  return Key{name, type, field, default_text, help, 0, 0, {}, nullptr};
}

constexpr Key ranged(Key key, std::int64_t min, std::int64_t max) {
  key.min = min;
  key.max = max;
  return key;
}

constexpr Key text(std::string_view name, std::string Config::*field,
                   std::string_view default_text, StringCheck check, std::string_view help) {
  Key key = row(name, KeyType::kString, field, default_text, help);
  key.check = check;
  return key;
}

constexpr Key path(std::string_view name, std::string Config::*field, std::string_view help) {
  return row(name, KeyType::kPath, field, "", help);
}

template <typename Int>
constexpr Key integer(std::string_view name, Int Config::*field, std::int64_t min,
                      std::int64_t max, std::string_view default_text, std::string_view help) {
  return ranged(row(name, KeyType::kInteger, field, default_text, help), min, max);
}

constexpr Key byte_size(std::string_view name, std::int64_t Config::*field, std::int64_t min,
                        std::int64_t max, std::string_view default_text,
                        std::string_view help) {
  return ranged(row(name, KeyType::kByteSize, field, default_text, help), min, max);
}

constexpr Key duration(std::string_view name, int Config::*field, std::int64_t min,
                       std::int64_t max, std::string_view default_text,
                       std::string_view help) {
  return ranged(row(name, KeyType::kDuration, field, default_text, help), min, max);
}

constexpr Key tokens(std::string_view name, std::vector<std::string> Config::*field,
                     std::string_view help) {
  return row(name, KeyType::kTokenList, field, "", help);
}

constexpr Key choice(std::string_view name, std::string Config::*field,
                     std::span<const std::string_view> choices, std::string_view default_text,
                     std::string_view help) {
  Key key = row(name, KeyType::kEnum, field, default_text, help);
  key.choices = choices;
  return key;
}

constexpr std::string_view kLogLevels[] = {"error", "warning", "notice", "info", "debug"};
constexpr std::string_view kYesNo[] = {"yes", "no"};
constexpr std::string_view kPoleCommandSets[] = {"epson", "cd5220"};
constexpr std::string_view kBaudRates[] = {"2400", "4800", "9600", "19200", "38400", "57600", "115200"};

using C = Config;
constexpr Key kKeys[] = {
      text("http.listen", &C::http_listen, "127.0.0.1:8080", check_listen_address,
         "Address and port the HTTP server listens on: host:port or [IPv6]:port."),
    byte_size("http.max_body_bytes", &C::http_max_body_bytes, kKiB, 256 * kMiB, "4M",
              "Largest request body accepted; a larger one is refused with 413."),
    byte_size("http.max_body_bytes_total", &C::http_max_body_bytes_total, kMiB, 4096 * kMiB,
              "64M",
              "Most memory all request bodies may hold at once, per listener (at least "
              "http.max_body_bytes); a body that does not fit is refused with 503."),
    duration("http.connection_timeout_s", &C::http_connection_timeout_s, 1, 3600, "15",
             "A connection idle this long is closed."),
    duration("http.request_deadline_s", &C::http_request_deadline_s, 1, 3600, "60",
             "Longest time one request may take, however slowly the client sends it."),
    integer("http.max_connections", &C::http_max_connections, 1, 65536, "1024",
            "Most connections open at once."),
    integer("http.max_connections_per_ip", &C::http_max_connections_per_ip, 1, 65536, "256",
            "Most connections open at once from one client address."),
    byte_size("http.connection_memory_bytes", &C::http_connection_memory_bytes, 4 * kKiB,
              16 * kMiB, "64K", "Memory for one connection's headers and buffers."),
    integer("http.threads", &C::http_threads, 1, 64, "1",
            "Threads serving HTTP connections. Large webhooks are read and priced on the intake "
            "threads (below), so one is enough for a store PC: a checkout costs less on one "
            "thread than spread over two."),
    integer("http.intake_threads", &C::http_intake_threads, 1, 64, "2",
            "Threads that read, price and compress webhooks of 8 KiB and more (such as a cart "
            "of twenty-odd lines) off the HTTP thread, so a second core shares the cart "
            "mutator's work. Smaller webhooks are read on the HTTP thread that received them."),

    text("tls.listen", &C::tls_listen, "", check_optional_listen_address,
         "Address and port of the HTTPS listener, as http.listen. Empty: no HTTPS listener, "
         "unless systemd passes one (lanecast-https.socket)."),
    path("tls.cert_file", &C::tls_cert_file,
         "PEM certificate chain of the HTTPS listener, the server's own certificate first. "
         "Empty: $CREDENTIALS_DIRECTORY/tls-cert when systemd provides it."),
    path("tls.key_file", &C::tls_key_file,
         "PEM private key of the certificate, unencrypted. Empty: "
         "$CREDENTIALS_DIRECTORY/tls-key when systemd provides it."),
    text("tls.priorities", &C::tls_priorities, kDefaultTlsPriorities, check_tls_priorities,
         "GnuTLS priority string: protocol versions, key exchanges and ciphers offered. The "
         "default allows TLS 1.3 and 1.2 only."),

    path("storage.path", &C::storage_path,
         "SQLite database file. Empty: $STATE_DIRECTORY/lanecast.db when systemd sets "
         "StateDirectory=, else ./lanecast.db."),
    integer("storage.busy_timeout_ms", &C::storage_busy_timeout_ms, 0, 600000, "5000",
            "Milliseconds to wait for a locked database before giving up."),
    integer("storage.max_batch", &C::storage_max_batch, 1, 100000, "256",
            "Most writes committed together in one transaction."),

    tokens("auth.tokens", &C::auth_tokens,
           "Bearer tokens accepted on the webhook endpoints, comma-separated. Prefer "
           "token_file, which keeps the tokens out of configuration files."),
    path("auth.token_file", &C::auth_token_file,
         "File of webhook tokens, one per line, '#' comments. Empty: "
         "$CREDENTIALS_DIRECTORY/webhook-tokens when systemd provides it."),
    tokens("auth.staff_tokens", &C::auth_staff_tokens,
           "Bearer tokens for the read API and staff pages from non-loopback clients."),
    path("auth.staff_token_file", &C::auth_staff_token_file,
         "File of staff tokens, one per line. Empty: $CREDENTIALS_DIRECTORY/staff-tokens "
         "when systemd provides it."),

    choice("auth.trust_loopback", &C::auth_trust_loopback, kYesNo, "yes",
           "Whether clients on this machine may use the staff API and pages without a token. "
           "Say no when a reverse proxy here forwards remote clients."),
    text("auth.allowed_hosts", &C::auth_allowed_hosts, "", check_host_list,
         "Host names, comma-separated, under which clients on this machine are trusted as "
         "above, besides localhost, IP addresses, the machine's own name and the listen "
         "addresses. A request trusted for coming from this machine but naming another host "
         "(a web page's own name resolving to 127.0.0.1) is refused with 403."),

    text("webhooks.checkout_path", &C::webhooks_checkout_path, "/aifi/checkout",
         check_webhook_path,
         "URL path of the checkout webhook. Starts with '/'; no '?', '#', \"//\" or \"..\"; "
         "each webhook needs its own path."),
    text("webhooks.cart_mutator_path", &C::webhooks_cart_mutator_path, "/aifi/cart-mutator",
         check_webhook_path,
         "URL path of the cart mutator webhook. Same rules as checkout_path."),
    text("webhooks.checkout_zone_path", &C::webhooks_checkout_zone_path,
         "/aifi/checkout-zone", check_webhook_path,
         "URL path of the checkout-zone entered/left webhook. Same rules as checkout_path."),

    text("store.currency", &C::store_currency, "EUR", check_currency,
         "ISO 4217 code of the store's currency: three uppercase letters."),
    integer("store.decimals", &C::store_decimals, 0, kMaxDecimals, "2",
            "Decimal places of the currency's minor unit: 2 for EUR, 0 for JPY, 3 for KWD. "
            "Must agree with ISO 4217 for store.currency."),
    text("store.order_prefix", &C::store_order_prefix, "LC-", check_order_prefix,
         "Prefix of the externalId returned for an order (prefix + AiFi orderId): up to 32 "
         "letters, digits, '.', '_', ':', '-'."),
    text("store.time_zone", &C::store_time_zone, "", check_time_zone_name,
         "IANA time zone of the store (Europe/Berlin) for times on the staff kiosk. Empty: "
         "the zone of the browser showing the page."),

    path("pricing.rules_file", &C::pricing_rules_file,
         "The store's pricing rules for the cart mutator (JSON, see docs/pricing-rules.md). "
         "Empty: pricing.json in the configuration directory when present; without rules the "
         "cart mutator answers \"no change\"."),
    integer("pricing.deadline_ms", &C::pricing_deadline_ms, 1, 60000, "250",
            "Pricing that takes longer than this answers the unchanged cart instead."),

    text("display.store_name", &C::display_store_name, "lanecast", check_display_text,
         "Store name shown on the customer display and the staff page."),
    text("display.locale", &C::display_locale, "en", check_locale,
         "BCP 47 language tag of the store (de-DE, pl-PL, fr-FR, en-US, en-GB, ...): the "
         "screens' words and how they write money. Words fall back pl-PL -> pl -> en."),
    text("display.staff_locale", &C::display_staff_locale, "", check_optional_locale,
         "BCP 47 language tag of the staff kiosk. Empty: display.locale."),
    text("display.idle_message", &C::display_idle_message, "Welcome", check_display_text,
         "Message on a lane's idle screen."),
    text("display.thank_you_message", &C::display_thank_you_message, "", check_display_text,
         "Message after payment. Empty: the locale's own thank-you text."),
    path("display.logo_file", &C::display_logo_file,
         "Store logo (SVG or PNG, at most 1 MiB) for the customer display. Empty: lanecast's "
         "own."),
    text("display.currency_symbol", &C::display_currency_symbol, "", check_display_text,
         "Symbol shown instead of the locale's own for store.currency, e.g. zł. Empty: the "
         "pages write what display.locale writes, the pole display the currency code."),
    text("display.background_color", &C::display_background_color, "#101418", check_color,
         "Background colour of the customer display, #rrggbb."),
    text("display.text_color", &C::display_text_color, "#f4f6f8", check_color,
         "Text colour of the customer display, #rrggbb."),
    text("display.accent_color", &C::display_accent_color, "#2fb37b", check_color,
         "Accent colour (total, highlights) of the customer display, #rrggbb."),
    text("display.lanes", &C::display_lanes, "", check_lane_list,
         "Checkout zones shown from the start, comma-separated; others appear when used."),
    text("display.default_lane", &C::display_default_lane, "", check_lane_list,
         "Lane for checkouts of sessions never seen in a zone (single-lane stores). Empty: "
         "such checkouts show on no lane."),
    duration("display.thank_you_s", &C::display_thank_you_s, 1, 3600, "8",
             "Seconds the thank-you screen stays after payment."),
    duration("display.leave_grace_s", &C::display_leave_grace_s, 0, 3600, "30",
             "Seconds a lane keeps its cart after the shoppers left, waiting for the checkout."),
    duration("display.idle_timeout_s", &C::display_idle_timeout_s, 10, 86400, "600",
             "A shopper with no event for this long counts as gone."),
    duration("display.heartbeat_s", &C::display_heartbeat_s, 1, 300, "15",
             "Seconds between keep-alive comments on event streams, so dead screens are noticed."),
    integer("display.max_streams", &C::display_max_streams, 1, 10000, "200",
            "Most lane screens' event streams open at once. A lane the daemon knows always "
            "gets its first stream, beyond this and the next limit."),
    integer("display.max_streams_per_address", &C::display_max_streams_per_address, 1, 10000,
            "32", "Most lane event streams open at once from one client address."),
    integer("display.max_staff_streams", &C::display_max_staff_streams, 1, 1000, "8",
            "Most staff event streams open at once, apart from the lane screens' streams."),

    path("pole.device", &C::pole_device,
         "Serial device of a 2x20 pole display, e.g. /dev/ttyUSB0. Empty: none."),
    choice("pole.baud", &C::pole_baud, kBaudRates, "9600", "Baud rate of the pole display."),
    choice("pole.command_set", &C::pole_command_set, kPoleCommandSets, "epson",
           "Command set of the pole display: Epson ESC/POS line display or CD5220."),
    text("pole.lane", &C::pole_lane, "", check_lane_list,
         "Lane the pole display follows. Empty: display.default_lane, else the first lane."),

    integer("retention.max_age_days", &C::retention_max_age_days, 1, 36500, "90",
            "Raw webhooks older than this many days are pruned; orders, their revisions and "
            "the answers given are kept."),
    byte_size("retention.min_free_bytes", &C::retention_min_free_bytes, 0, std::int64_t{1} << 50,
              "512M", "Free disk below this raises a staff alert before the disk is full."),

    text("forward.url", &C::forward_url, "", check_optional_broker_url,
         "MQTT broker to forward every stored webhook to: mqtt://host[:port] (1883) or "
         "mqtts://host[:port] (TLS, 8883). Empty: no forwarding. See docs/fleet.md."),
    text("forward.topic_prefix", &C::forward_topic_prefix, "lanecast", check_topic_prefix,
         "First levels of every topic: <topic_prefix>/<store id>/<kind>."),
    text("forward.store_id", &C::forward_store_id, "", check_optional_topic_level,
         "This store's id in topics and message ids (1 to 64 letters, digits, '.', '_', ':', "
         "'-'). Empty: the machine's host name."),
    text("forward.client_id", &C::forward_client_id, "", check_optional_client_id,
         "MQTT client id. Empty: lanecast-<store id>."),
    path("forward.ca_file", &C::forward_ca_file,
         "PEM CA certificates the broker's certificate must chain to (mqtts). Empty: "
         "$CREDENTIALS_DIRECTORY/mqtt-ca when systemd provides it, else the system's CAs."),
    path("forward.cert_file", &C::forward_cert_file,
         "PEM client certificate for brokers that want one (mqtts). Empty: "
         "$CREDENTIALS_DIRECTORY/mqtt-cert when systemd provides it."),
    path("forward.key_file", &C::forward_key_file,
         "PEM private key of the client certificate, unencrypted. Empty: "
         "$CREDENTIALS_DIRECTORY/mqtt-key when systemd provides it."),
    text("forward.username", &C::forward_username, "", check_display_text,
         "MQTT user name. Empty: none."),
    path("forward.password_file", &C::forward_password_file,
         "File holding the MQTT password (its first line). Empty: "
         "$CREDENTIALS_DIRECTORY/mqtt-password when systemd provides it."),
    integer("forward.max_inflight", &C::forward_max_inflight, 1, 65535, "64",
            "Most events handed to the broker and not yet acknowledged; also the most "
            "duplicates a crash can cause."),
    integer("forward.max_rate", &C::forward_max_rate, 0, 1000000, "500",
            "Most events forwarded per second, so a backlog drains at a bounded rate. 0: no "
            "limit."),
    duration("forward.reconnect_max_s", &C::forward_reconnect_max_s, 1, 3600, "60",
             "Longest wait between two connection attempts; waits grow from 1 s with jitter."),
    duration("forward.keepalive_s", &C::forward_keepalive_s, 5, 3600, "30",
             "MQTT keep-alive: a silent broker is noticed after about 1.5 times this."),

    text("checkout.payment_status", &C::checkout_payment_status, "", check_payment_status,
         "Payment status to report for checkouts (letters, '_', '-'). Empty: echo AiFi's "
         "paymentStatus."),

    choice("log.level", &C::log_level, kLogLevels, "info",
           "Most detailed level written to the journal."),
};

// Keys older configuration files may still set. The pages write money as display.locale
// writes it (Intl.NumberFormat), so where the symbol goes and which separators are used is
// no longer the store's to say.
constexpr RetiredKey kRetiredKeys[] = {
    {"display.symbol_position", "the symbol goes where display.locale puts it"},
    {"display.decimal_separator", "amounts use display.locale's separators"},
    {"display.thousands_separator", "amounts use display.locale's separators"},
};

// Stores a parsed value in the row's member. The builders pair each KeyType with a member
// type, so only the matching branch ever runs.
template <typename Value>
void store(Config& config, const Field& field, Value value) {
  std::visit(
      [&](auto member) {
        using Member = std::remove_reference_t<decltype(config.*member)>;
        if constexpr (std::is_same_v<Member, Value>) {
          config.*member = std::move(value);
        } else if constexpr (std::is_integral_v<Member> && std::is_integral_v<Value>) {
          config.*member = static_cast<Member>(value);  // the row's range fits the member
        }
      },
      field);
}

Result<std::int64_t> parse_number(const Key& key, std::string_view text) {
  switch (key.type) {
    case KeyType::kByteSize: return parse_byte_size(text, key.min, key.max);
    case KeyType::kDuration: return parse_duration(text, key.min, key.max);
    default: return parse_integer(text, key.min, key.max);
  }
}

Status check_choice(const Key& key, std::string_view text) {
  for (std::string_view allowed : key.choices) {
    if (allowed == text) return Status::ok();
  }
  return Status::invalid_input("must be " + describe_type(key));
}

Status check_string(const Key& key, std::string_view text) {
  switch (key.type) {
    case KeyType::kEnum: return check_choice(key, text);
    case KeyType::kPath: return check_path(text);
    default: return key.check == nullptr ? Status::ok() : key.check(text);
  }
}

template <typename Items>
std::string join(const Items& items, std::string_view separator) {
  std::string joined;
  bool first = true;
  for (std::string_view item : items) {
    if (!first) joined += separator;
    joined += item;
    first = false;
  }
  return joined;
}

}  // namespace

std::span<const Key> config_keys() { return kKeys; }

const Key* find_key(std::string_view name) {
  for (const Key& key : config_keys()) {
    if (key.name == name) return &key;
  }
  return nullptr;
}

const RetiredKey* find_retired_key(std::string_view name) {
  for (const RetiredKey& key : kRetiredKeys) {
    if (key.name == name) return &key;
  }
  return nullptr;
}

std::string retired_key_notice(const RetiredKey& key) {
  return std::string(key.name) + " is no longer used and is ignored: " + std::string(key.why) +
         " (remove the line)";
}

bool is_known_section(std::string_view section) {
  for (const Key& key : config_keys()) {
    if (key.section() == section) return true;
  }
  return false;
}

Status assign_value(Config& config, const Key& key, std::string_view text) {
  switch (key.type) {
    case KeyType::kInteger:
    case KeyType::kByteSize:
    case KeyType::kDuration: {
      auto number = parse_number(key, text);
      if (!number.is_ok()) return number.status();
      store(config, key.field, *number);
      return Status::ok();
    }
    case KeyType::kTokenList: {
      auto list = parse_token_list(text);
      if (!list.is_ok()) return list.status();
      store(config, key.field, std::move(*list));
      return Status::ok();
    }
    case KeyType::kString:
    case KeyType::kEnum:
    case KeyType::kPath: break;
  }
  Status valid = check_string(key, text);
  if (!valid.is_ok()) return valid;
  store(config, key.field, std::string(text));
  return Status::ok();
}

std::string format_value(const Config& config, const Key& key) {
  return std::visit(
      [&](auto member) -> std::string {
        const auto& value = config.*member;
        using Member = std::remove_cvref_t<decltype(value)>;
        if constexpr (std::is_same_v<Member, std::string>) {
          return value;
        } else if constexpr (std::is_integral_v<Member>) {
          if (key.type == KeyType::kByteSize) return format_byte_size(value);
          return std::to_string(value);
        } else {
          return join(value, ", ");
        }
      },
      key.field);
}

std::string describe_type(const Key& key) {
  std::string range = std::to_string(key.min) + " to " + std::to_string(key.max);
  switch (key.type) {
    case KeyType::kString: return "text";
    case KeyType::kInteger: return "an integer from " + range;
    case KeyType::kByteSize:
      return "a size from " + format_byte_size(key.min) + " to " + format_byte_size(key.max) +
             " (bytes, or with a K, M or G suffix)";
    case KeyType::kDuration: return "a duration from " + range + " seconds (15, 15s, 2min, 1h)";
    case KeyType::kTokenList: return "a comma-separated list of tokens";
    case KeyType::kEnum: return "one of " + join(key.choices, ", ");
    case KeyType::kPath: return "a file path";
  }
  return "text";
}

}  // namespace lanecast::config
