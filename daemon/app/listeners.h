// The daemon's listeners and their servers: plain HTTP always (screens, staff, local tools),
// HTTPS when configured or passed by systemd (the cloud's webhooks over the internet).
//
// Thread: main thread, at start-up.
#pragma once

#include <optional>

#include "daemon/config/config.h"
#include "daemon/core/status.h"
#include "daemon/http/auth.h"
#include "daemon/http/certificate.h"
#include "daemon/http/listener.h"
#include "daemon/http/router.h"
#include "daemon/http/server_set.h"

namespace lanecast::app {

struct Listeners {
  http::Listener http;
  std::optional<http::Listener> https;
  std::optional<http::CertificateInfo> certificate;  // with https: what it will present
};

// Takes the sockets systemd passed, else binds http.listen and (when set) tls.listen. An
// HTTPS socket without a certificate and key, or with ones that cannot be read (an encrypted
// key, a key file holding a certificate) or do not belong together, is invalid_input; a port
// in use is io_error.
Result<Listeners> open_listeners(const config::Config& config);

// Starts a server on each listener, the HTTPS one with the configured certificate, key and
// priorities. A certificate, key or priority string refused is invalid_input naming it.
Status start_servers(const config::Config& config, const Listeners& listeners,
                     const http::Router& router, const http::Authenticator& auth,
                     http::ServerSet& servers);

// For --check-config: when a certificate is configured, whether it, the key and the
// priority string would start an HTTPS listener. Logs the certificate's names and expiry,
// with a warning when it has expired or expires within CertificateWatch::kWarnDays.
Status check_tls(const config::Config& config);

// The names loopback trust answers to (http/auth_hosts.h): auth.allowed_hosts, the host of
// http.listen and tls.listen when it is a name, and the machine's name.
http::OwnHosts own_hosts(const config::Config& config);

// "127.0.0.1:8080 (socket activation), https 0.0.0.0:8443": for the log and systemd's status.
std::string describe(const Listeners& listeners);

}  // namespace lanecast::app
