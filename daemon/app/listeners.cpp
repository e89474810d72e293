#include "daemon/app/listeners.h"

#include "daemon/app/certificate_watch.h"
#include "daemon/config/config_values.h"
#include "daemon/core/log.h"
#include "daemon/core/timestamp.h"

namespace lanecast::app {
namespace {

http::ServerOptions server_options(const config::Config& config) {
  http::ServerOptions options;
  options.max_body_bytes = config.http_max_body_bytes;
  options.max_body_bytes_total = config.http_max_body_bytes_total;
  options.connection_timeout_s = config.http_connection_timeout_s;
  options.request_deadline_s = config.http_request_deadline_s;
  options.max_connections = config.http_max_connections;
  options.max_connections_per_ip = config.http_max_connections_per_ip;
  options.connection_memory_bytes = config.http_connection_memory_bytes;
  options.threads = config.http_threads;
  options.trust_loopback = config.auth_trust_loopback == "yes";
  return options;
}

bool any_public(const Listeners& listeners) {
  return !listeners.http.is_loopback() || (listeners.https && !listeners.https->is_loopback());
}

void announce_auth(const config::Config& config, const Listeners& listeners) {
  const auto tokens = config.webhook_tokens();
  if (!tokens.empty()) {
    LOG_INFO("webhooks require one of %zu bearer token(s)", tokens.size());
  } else if (!any_public(listeners)) {
    LOG_WARNING("no webhook token configured: accepting unauthenticated webhooks because every "
                "listener (%s) is loopback", describe(listeners).c_str());
  } else {
    LOG_WARNING("no webhook token configured and a listener (%s) is not loopback: every "
                "webhook from another machine will be refused with 401 until auth.tokens or "
                "auth.token_file is set", describe(listeners).c_str());
  }
}

// GnuTLS's checks, made before libmicrohttpd makes them, with messages that say which file is
// wrong and how.
Result<http::CertificateInfo> read_tls_material(const config::Config& config) {
  if (Status key = http::check_private_key(config.tls_key_pem); !key.is_ok())
    return Status::invalid_input("the TLS private key: " + key.message());
  auto certificate = http::read_certificate(config.tls_cert_pem);
  if (!certificate.is_ok())
    return Status::invalid_input("the TLS certificate: " + certificate.status().message());
  if (Status pair = http::check_key_pair(config.tls_cert_pem, config.tls_key_pem); !pair.is_ok())
    return Status::invalid_input("the TLS private key and certificate: " + pair.message());
  return certificate;
}

}  // namespace

http::OwnHosts own_hosts(const config::Config& config) {
  auto names = config::parse_host_list(config.auth_allowed_hosts);
  std::vector<std::string> hosts = names.is_ok() ? std::move(*names) : std::vector<std::string>();
  for (const std::string& listen : {config.http_listen, config.tls_listen}) {
    auto address = config::parse_listen_address(listen);
    if (address.is_ok() && !address->ipv6) hosts.push_back(address->host);
  }
  for (std::string& name : http::OwnHosts::machine_names()) hosts.push_back(std::move(name));
  return http::OwnHosts(hosts);
}

Result<Listeners> open_listeners(const config::Config& config) {
  auto inherited = http::take_inherited_sockets();
  if (!inherited.is_ok()) return inherited.status();
  if (inherited->ignored > 0)
    LOG_WARNING("ignoring %d more socket(s) passed by systemd: one plain and one named "
                "\"https\" are used", inherited->ignored);
  auto plain = http::Listener::open(config.http_listen, inherited->http);
  if (!plain.is_ok()) return plain.status();
  Listeners listeners{std::move(*plain), std::nullopt, std::nullopt};
  if (inherited->https < 0 && config.tls_listen.empty()) {
    if (!config.tls_cert_pem.empty())
      LOG_NOTICE("a TLS certificate is configured but tls.listen is empty and systemd passed "
                 "no https socket: no HTTPS listener");
    announce_auth(config, listeners);
    return listeners;
  }
  if (config.tls_cert_pem.empty() || config.tls_key_pem.empty())
    return Status::invalid_input("systemd passed an https socket but there is no certificate "
                                 "and key: set tls.cert_file and tls.key_file, or give the "
                                 "service the credentials tls-cert and tls-key");
  auto certificate = read_tls_material(config);
  if (!certificate.is_ok()) return certificate.status();
  auto secure = http::Listener::open(config.tls_listen, inherited->https);
  if (!secure.is_ok()) return secure.status();
  listeners.https = std::move(*secure);
  listeners.certificate = std::move(*certificate);
  announce_auth(config, listeners);
  return listeners;
}

Status start_servers(const config::Config& config, const Listeners& listeners,
                     const http::Router& router, const http::Authenticator& auth,
                     http::ServerSet& servers) {
  const http::ServerOptions plain = server_options(config);
  if (Status started = servers.start(plain, router, auth, listeners.http); !started.is_ok())
    return started;
  if (!listeners.https) return Status::ok();
  http::ServerOptions secure = plain;
  secure.tls = http::TlsOptions{config.tls_cert_pem, config.tls_key_pem, config.tls_priorities};
  return servers.start(secure, router, auth, *listeners.https);
}

Status check_tls(const config::Config& config) {
  if (config.tls_cert_pem.empty()) return Status::ok();
  auto certificate = read_tls_material(config);
  if (!certificate.is_ok()) return certificate.status();
  Status usable =
      http::check_tls_options({config.tls_cert_pem, config.tls_key_pem, config.tls_priorities});
  if (!usable.is_ok()) return usable;
  // Not an error: the store may be checking a renewal it is about to install.
  std::atomic<std::int64_t> unused{0};
  CertificateWatch watch(*certificate, [](const std::string&, std::int64_t) {}, unused);
  watch.announce(now_micros());
  watch.tick(now_micros());
  return Status::ok();
}

std::string describe(const Listeners& listeners) {
  std::string text = listeners.http.description();
  if (listeners.http.inherited()) text += " (socket activation)";
  if (listeners.https) {
    text += ", https " + listeners.https->description();
    if (listeners.https->inherited()) text += " (socket activation)";
  }
  return text;
}

}  // namespace lanecast::app
