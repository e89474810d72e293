#include "daemon/http/server.h"

#include <malloc.h>
#include <strings.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "daemon/core/log.h"
#include "daemon/core/timestamp.h"
#include "daemon/http/auth_check.h"
#include "daemon/http/reply.h"
#include "daemon/http/request_bytes.h"

namespace lanecast::http {

// Per-request state, owned through libmicrohttpd's request context pointer.
struct Server::Exchange {
  enum class Phase { kReceiving, kAnswered, kDispatched };
  Phase phase = Phase::kReceiving;
  RouteMatch match;
  Request request;
  std::shared_ptr<Reply> reply;
  bool body_too_large = false;
  bool over_budget = false;         // the body did not fit in the server's BodyBudget
  std::int64_t budget_taken = 0;    // bytes of the BodyBudget this request holds
  const void* socket_key = nullptr;
};

namespace {

// A route that takes no body still meets one from browsers: fetch() sends "{}" with a POST.
// Up to this many declared bytes are read and dropped; more is refused unread.
constexpr std::int64_t kIgnoredBodyBytes = 1024;

// After bodies of this many bytes in total were freed, the C library's heap is trimmed so a
// burst of large bodies does not stay resident.
constexpr std::int64_t kTrimAfterBytes = 1024 * 1024;

// While MHD_start_daemon runs on this thread, what libmicrohttpd says goes here too: its
// complaints about a certificate or priority string are the only account of why it failed.
thread_local std::string* start_messages = nullptr;

void log_from_mhd(void*, const char* format, va_list args) {
  char line[512];
  std::vsnprintf(line, sizeof line, format, args);
  const std::size_t length = std::strlen(line);
  if (length > 0 && line[length - 1] == '\n') line[length - 1] = '\0';
  LOG_DEBUG("libmicrohttpd: %s", line);
  if (start_messages != nullptr) {
    std::string_view said(line);
    while (!said.empty() && said.back() == '.') said.remove_suffix(1);
    if (!start_messages->empty()) *start_messages += "; ";
    *start_messages += said;
  }
}

// The TLS options, for MHD_OPTION_ARRAY; just the end marker for plain HTTP. The strings
// stay owned by the caller's TlsOptions.
std::array<MHD_OptionItem, 4> tls_option_items(const std::optional<TlsOptions>& tls) {
  std::array<MHD_OptionItem, 4> items{};
  for (auto& item : items) item = {MHD_OPTION_END, 0, nullptr};
  if (!tls) return items;
  auto text = [](const std::string& value) { return const_cast<char*>(value.c_str()); };
  items[0] = {MHD_OPTION_HTTPS_MEM_KEY, 0, text(tls->key_pem)};
  items[1] = {MHD_OPTION_HTTPS_MEM_CERT, 0, text(tls->cert_pem)};
  items[2] = {MHD_OPTION_HTTPS_PRIORITIES, 0, text(tls->priorities)};
  return items;
}

const sockaddr* client_address_of(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  return info == nullptr ? nullptr : info->client_addr;
}

const void* socket_key_of(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
  return info == nullptr ? nullptr : info->socket_context;
}

// Refusals that end the connection: what the client sent after the headers is not read.
HttpAnswer closing(HttpAnswer answer) {
  answer.headers.emplace_back(MHD_HTTP_HEADER_CONNECTION, "close");
  return answer;
}

struct FramingHeaders {
  int content_lengths = 0;
  int transfer_encodings = 0;
};

MHD_Result count_framing(void* counts, MHD_ValueKind, const char* key, const char*) {
  auto* framing = static_cast<FramingHeaders*>(counts);
  if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) framing->content_lengths++;
  if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) framing->transfer_encodings++;
  return MHD_YES;
}

// A body framed two ways (Content-Length with Transfer-Encoding, or two Content-Lengths) may
// be read differently by a proxy in front of us: bytes we take for body could be a request to
// it, and the other way round (RFC 9112 6.1, 6.3). Such a request is refused and the
// connection closed, so nothing after it is ever run.
std::optional<HttpAnswer> ambiguous_framing(MHD_Connection* connection) {
  FramingHeaders framing;
  MHD_get_connection_values(connection, MHD_HEADER_KIND, &count_framing, &framing);
  const char* encoding = MHD_lookup_connection_value(connection, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_TRANSFER_ENCODING);
  std::string problem;
  if (framing.content_lengths > 1) problem = "more than one Content-Length";
  else if (framing.transfer_encodings > 1) problem = "more than one Transfer-Encoding";
  else if (framing.content_lengths > 0 && framing.transfer_encodings > 0)
    problem = "both Content-Length and Transfer-Encoding";
  else if (encoding != nullptr && strcasecmp(encoding, "chunked") != 0)
    problem = std::string("Transfer-Encoding other than chunked");
  if (problem.empty()) return std::nullopt;
  return closing(json_error(400, "ambiguous_framing", "the request has " + problem));
}

// The declared Content-Length, when there is one and it is a number.
std::optional<std::int64_t> declared_length(const Request& request) {
  const char* length = request.header(MHD_HTTP_HEADER_CONTENT_LENGTH);
  if (length == nullptr || length[0] < '0' || length[0] > '9') return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const unsigned long long declared = std::strtoull(length, &end, 10);
  constexpr auto kMax = static_cast<unsigned long long>(std::numeric_limits<std::int64_t>::max());
  if (*end != '\0' || errno == ERANGE || declared > kMax) return std::nullopt;
  return static_cast<std::int64_t>(declared);
}

bool is_chunked(const Request& request) {
  const char* encoding = request.header(MHD_HTTP_HEADER_TRANSFER_ENCODING);
  return encoding != nullptr && strcasecmp(encoding, "chunked") == 0;
}

// A route that takes no body refuses one before reading it, so a client cannot make the
// daemon read (or hold) megabytes it will never use.
std::optional<HttpAnswer> unwanted_body(const Request& request) {
  const bool chunked = is_chunked(request);
  const std::optional<std::int64_t> declared = declared_length(request);
  if (!chunked && declared.value_or(0) <= kIgnoredBodyBytes) return std::nullopt;
  const std::string size =
      chunked ? "a chunked body" : "a body of " + std::to_string(*declared) + " bytes";
  return closing(json_error(413, "body_not_allowed", request.method + " " + request.path +
                                                         " takes no body; the request has " + size));
}

// The trial daemon of check_tls_options never has a connection to answer.
MHD_Result refuse_everything(void*, MHD_Connection*, const char*, const char*, const char*,
                             const char*, std::size_t*, void**) {
  return MHD_NO;
}

}  // namespace

Status check_tls_options(const TlsOptions& tls) {
  if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
    return Status::invalid_input("this libmicrohttpd was built without TLS support");
  const std::optional<TlsOptions> copy = tls;
  std::array<MHD_OptionItem, 4> items = tls_option_items(copy);
  std::string messages;
  start_messages = &messages;
  MHD_Daemon* trial = MHD_start_daemon(
      MHD_USE_NO_LISTEN_SOCKET | MHD_USE_TLS | MHD_USE_ERROR_LOG, 0, nullptr, nullptr,
      &refuse_everything, nullptr, MHD_OPTION_EXTERNAL_LOGGER, &log_from_mhd, nullptr,
      MHD_OPTION_ARRAY, items.data(), MHD_OPTION_END);
  start_messages = nullptr;
  if (trial == nullptr)
    return Status::invalid_input("libmicrohttpd refused the TLS setup" +
                                 (messages.empty() ? std::string() : ": " + messages));
  MHD_stop_daemon(trial);
  return Status::ok();
}

Server::Server(const ServerOptions& options, const Router& router, const Authenticator& auth,
               const Listener& listener, ServerCounters& counters)
    : options_(options),
      router_(router),
      auth_(auth),
      listener_is_loopback_(listener.is_loopback()),
      listen_fd_(listener.fd()),
      body_budget_(std::max(options.max_body_bytes_total, options.max_body_bytes)),
      watch_(static_cast<std::size_t>(options.max_connections)),
      counters_(counters) {}

Result<std::unique_ptr<Server>> Server::start(const ServerOptions& options, const Router& router,
                                              const Authenticator& auth, const Listener& listener,
                                              ServerCounters& counters) {
  std::unique_ptr<Server> server(new Server(options, router, auth, listener, counters));
  const bool tls = options.tls.has_value();
  if (tls && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
    return Status::invalid_input("this libmicrohttpd was built without TLS support");
  unsigned int flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC |
                       MHD_USE_ERROR_LOG | (tls ? MHD_USE_TLS : 0);
  // The server's own copy: libmicrohttpd may keep pointing at the PEM text.
  std::array<MHD_OptionItem, 4> tls_items = tls_option_items(server->options_.tls);
  std::string messages;
  start_messages = &messages;
  server->daemon_ = MHD_start_daemon(
      flags, 0, nullptr, nullptr, &Server::on_access, server.get(),
      MHD_OPTION_LISTEN_SOCKET, listener.fd(),
      MHD_OPTION_EXTERNAL_LOGGER, &log_from_mhd, nullptr,
      MHD_OPTION_NOTIFY_COMPLETED, &Server::on_completed, server.get(),
      MHD_OPTION_NOTIFY_CONNECTION, &Server::on_connection, server.get(),
      MHD_OPTION_UNESCAPE_CALLBACK, &unescape_url, nullptr,
      MHD_OPTION_CONNECTION_TIMEOUT, static_cast<unsigned int>(options.connection_timeout_s),
      MHD_OPTION_CONNECTION_LIMIT, static_cast<unsigned int>(options.max_connections),
      MHD_OPTION_PER_IP_CONNECTION_LIMIT, static_cast<unsigned int>(options.max_connections_per_ip),
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<std::size_t>(options.connection_memory_bytes),
      MHD_OPTION_THREAD_POOL_SIZE, static_cast<unsigned int>(options.threads > 1 ? options.threads : 0),
      MHD_OPTION_ARRAY, tls_items.data(),
      MHD_OPTION_END);
  start_messages = nullptr;
  if (server->daemon_ == nullptr) {
    std::string why = messages.empty() ? "" : ": " + messages;
    if (tls) return Status::invalid_input("libmicrohttpd refused the TLS setup" + why);
    return Status::io_error("libmicrohttpd failed to start on the listening socket" + why);
  }
  return server;
}

Server::~Server() {
  if (daemon_ != nullptr) MHD_stop_daemon(daemon_);
}

void Server::quiesce() {
  if (daemon_ == nullptr || quiesced_) return;
  // The returned socket is the Listener's; it stays open for systemd or the Listener to close.
  quiesced_ = true;
  MHD_quiesce_daemon(daemon_);
}

void Server::tick(std::int64_t now_us) {
  const std::int64_t deadline_us = std::int64_t{options_.request_deadline_s} * 1'000'000;
  const ConnectionWatch::Swept swept = watch_.sweep(now_us, deadline_us);
  if (swept.deadline_kills > 0) {
    counters_.deadline_kills += static_cast<std::uint64_t>(swept.deadline_kills);
    LOG_NOTICE("closed %d connection(s) whose request passed the %d s deadline",
               swept.deadline_kills, options_.request_deadline_s);
  }
  if (swept.hung_up > 0) LOG_DEBUG("ended %d event stream(s) whose client hung up", swept.hung_up);
  // Bodies are freed on libmicrohttpd's thread; the pages they held go back to the system
  // here, once none is held, instead of staying resident until the next burst.
  if (body_budget_.should_trim(kTrimAfterBytes)) malloc_trim(0);
}

void Server::on_connection(void* self, MHD_Connection* connection, void** socket_context,
                           MHD_ConnectionNotificationCode code) {
  auto* server = static_cast<Server*>(self);
  if (code == MHD_CONNECTION_NOTIFY_STARTED) {
    // The context only needs to be a unique, stable address for this connection.
    *socket_context = connection;
    const MHD_ConnectionInfo* info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    const bool made_room =
        server->watch_.on_started(connection, info == nullptr ? -1 : info->connect_fd,
                                  client_address_text(client_address_of(connection)), monotonic_micros());
    if (made_room) LOG_DEBUG("closed an idle connection to keep room for new requests");
  } else {
    server->watch_.on_closed(*socket_context);
  }
}

void Server::on_completed(void* self, MHD_Connection*, void** request_context,
                          MHD_RequestTerminationCode) {
  auto* server = static_cast<Server*>(self);
  auto* exchange = static_cast<Exchange*>(*request_context);
  if (exchange == nullptr) return;
  server->watch_.on_request_done(exchange->socket_key, monotonic_micros());
  server->body_budget_.give_back(exchange->budget_taken);
  delete exchange;
  *request_context = nullptr;
}

MHD_Result Server::on_access(void* self, MHD_Connection* connection, const char* url,
                             const char* method, const char*, const char* upload,
                             std::size_t* upload_size, void** request_context) {
  auto* server = static_cast<Server*>(self);
  if (*request_context == nullptr) return server->begin(connection, url, method, request_context);
  auto& exchange = *static_cast<Exchange*>(*request_context);
  if (*upload_size != 0) return server->receive(exchange, upload, upload_size);
  return server->dispatch(exchange);
}

MHD_Result Server::begin(MHD_Connection* connection, const char* url, const char* method,
                         void** request_context) {
  auto* exchange = new Exchange();
  *request_context = exchange;
  counters_.requests++;
  exchange->socket_key = socket_key_of(connection);
  watch_.on_request_begun(exchange->socket_key);
  Request& request = exchange->request;
  request.connection = connection;
  request.method = method;
  request.header_block = method;
  request.path = url;
  request.from_loopback = is_loopback_address(client_address_of(connection));
  request.client_address = client_address_text(client_address_of(connection));
  request.received_at_us = now_micros();
  exchange->match = router_.match(request.method, request.path);
  std::optional<HttpAnswer> rejection = admit(*exchange);
  if (!rejection) rejection = take_declared_body(*exchange);
  if (rejection) {
    counters_.count_rejection(rejection->status);
    exchange->phase = Exchange::Phase::kAnswered;
    return respond(connection, *rejection);
  }
  request.params = exchange->match.params;
  return MHD_YES;
}

std::optional<HttpAnswer> Server::admit(Exchange& exchange) const {
  const RouteMatch& match = exchange.match;
  const Request& request = exchange.request;
  if (auto refused = ambiguous_framing(request.connection)) return refused;
  if (auto refused = refuse_control_bytes(request.connection, request.header_block, request.path)) return refused;
  if (match.route == nullptr) {
    if (match.status == 405) {
      HttpAnswer answer = json_error(405, "method_not_allowed",
                                     request.method + " is not allowed on " + request.path +
                                         "; allowed: " + match.allow);
      answer.headers.emplace_back("Allow", match.allow);
      return answer;
    }
    return json_error(404, "not_found", "no such path: " + request.path);
  }
  if (auto refused = check_access(*match.route, request, auth_,
                                  {options_.trust_loopback, listener_is_loopback_}))
    return refused;
  if (match.route->takes_body) return check_body_headers(exchange);
  return unwanted_body(request);
}

std::optional<HttpAnswer> Server::take_declared_body(Exchange& exchange) {
  if (!exchange.match.route->takes_body || is_chunked(exchange.request)) return std::nullopt;
  const std::int64_t declared = declared_length(exchange.request).value_or(0);
  if (!body_budget_.take(declared)) return over_budget();
  exchange.budget_taken = declared;
  return std::nullopt;
}

HttpAnswer Server::over_budget() const {
  HttpAnswer answer = closing(json_error(
      503, "server_busy",
      "request bodies already fill the " + std::to_string(body_budget_.limit()) +
          " bytes set aside for them; retry shortly"));
  answer.headers.emplace_back("Retry-After", "1");
  return answer;
}

std::optional<HttpAnswer> Server::check_body_headers(const Exchange& exchange) const {
  const Request& request = exchange.request;
  if (!is_json_content_type(request.header(MHD_HTTP_HEADER_CONTENT_TYPE)))
    return json_error(415, "unsupported_media_type", "the body must be application/json");
  const bool chunked = is_chunked(request);
  if (request.header(MHD_HTTP_HEADER_CONTENT_LENGTH) == nullptr && !chunked)
    return json_error(411, "length_required", "Content-Length or chunked Transfer-Encoding is required");
  if (chunked) return std::nullopt;
  const std::optional<std::int64_t> declared = declared_length(request);
  if (!declared) return json_error(400, "invalid_header", "Content-Length is not a number");
  if (*declared > options_.max_body_bytes)
    return json_error(413, "body_too_large",
                      "the body is " + std::to_string(*declared) + " bytes; the limit is " +
                          std::to_string(options_.max_body_bytes));
  if (*declared == 0) return json_error(400, "invalid_body", "the body is empty");
  return std::nullopt;
}

MHD_Result Server::receive(Exchange& exchange, const char* upload, std::size_t* upload_size) {
  const std::size_t size = *upload_size;
  *upload_size = 0;
  if (exchange.phase != Exchange::Phase::kReceiving || exchange.body_too_large ||
      exchange.over_budget || !exchange.match.route->takes_body)
    return MHD_YES;  // dropped: what a bodiless route lets through, or a refused body
  std::string& body = exchange.request.body;
  if (body.size() + size > static_cast<std::size_t>(options_.max_body_bytes)) {
    // A chunked body has no declared length: the cap is enforced as it streams in. The
    // partial body is dropped at once; the rest is read and discarded until the answer.
    exchange.body_too_large = true;
    drop_body(exchange);
    return MHD_YES;
  }
  // A declared body took its whole length from the budget in begin(); a chunked one takes
  // what each piece adds beyond that.
  const auto needed = static_cast<std::int64_t>(body.size() + size) - exchange.budget_taken;
  if (needed > 0) {
    if (!body_budget_.take(needed)) {
      exchange.over_budget = true;
      drop_body(exchange);
      return MHD_YES;
    }
    exchange.budget_taken += needed;
  }
  if (body.empty() && !is_chunked(exchange.request))
    body.reserve(static_cast<std::size_t>(exchange.budget_taken));
  body.append(upload, size);
  return MHD_YES;
}

void Server::drop_body(Exchange& exchange) {
  std::string().swap(exchange.request.body);
  body_budget_.give_back(exchange.budget_taken);
  exchange.budget_taken = 0;
}

MHD_Result Server::dispatch(Exchange& exchange) {
  MHD_Connection* connection = exchange.request.connection;
  switch (exchange.phase) {
    case Exchange::Phase::kAnswered:
      return MHD_YES;
    case Exchange::Phase::kReceiving:
      break;
    case Exchange::Phase::kDispatched: {
      auto answer = exchange.reply->take();
      if (!answer) return MHD_YES;
      return send(exchange, *answer);
    }
  }
  if (exchange.body_too_large) {
    counters_.count_rejection(413);
    exchange.phase = Exchange::Phase::kAnswered;
    return respond(connection, json_error(413, "body_too_large",
                                          "the body exceeds the limit of " +
                                              std::to_string(options_.max_body_bytes) + " bytes"));
  }
  if (exchange.over_budget) {
    counters_.count_rejection(503);
    exchange.phase = Exchange::Phase::kAnswered;
    return respond(connection, over_budget());
  }
  if (exchange.match.route->takes_body && exchange.request.body.empty()) {
    exchange.phase = Exchange::Phase::kAnswered;
    return respond(connection, json_error(400, "invalid_body", "the body is empty"));
  }
  exchange.phase = Exchange::Phase::kDispatched;
  watch_.on_request_dispatched(exchange.socket_key, monotonic_micros());
  exchange.reply = std::make_shared<Reply>(connection);
  exchange.match.route->handler(exchange.request, exchange.reply);
  if (!exchange.reply->ready_or_suspend()) return MHD_YES;
  auto answer = exchange.reply->take();
  return send(exchange, answer ? *answer : json_error(500, "internal", "no answer"));
}

MHD_Result Server::send(Exchange& exchange, const HttpAnswer& answer) {
  exchange.phase = Exchange::Phase::kAnswered;
  if (answer.stream) watch_.mark_streaming(exchange.socket_key, answer.stream);
  return respond(exchange.request.connection, answer);
}

// While the daemon stops, a keep-alive client is told the connection ends with this answer,
// so it opens its next request on a new connection (the next process's) instead of sending
// it on one about to be closed.
MHD_Result Server::respond(MHD_Connection* connection, const HttpAnswer& answer) const {
  if (!quiesced_) return queue_answer(connection, answer);
  const bool says_connection = std::any_of(answer.headers.begin(), answer.headers.end(), [](const auto& h) {
    return strcasecmp(h.first.c_str(), MHD_HTTP_HEADER_CONNECTION) == 0;
  });
  if (says_connection) return queue_answer(connection, answer);
  HttpAnswer closing = answer;
  closing.headers.emplace_back(MHD_HTTP_HEADER_CONNECTION, "close");
  return queue_answer(connection, closing);
}

}  // namespace lanecast::http
