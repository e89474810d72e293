#include "daemon/http/response.h"

#include <memory>

#include "daemon/core/json.h"
#include "daemon/http/event_stream.h"

namespace lanecast::http {
namespace {

struct ResponseDestroyer {
  void operator()(MHD_Response* response) const { MHD_destroy_response(response); }
};
using ResponsePtr = std::unique_ptr<MHD_Response, ResponseDestroyer>;

// Seconds a client should wait before retrying when storage is unavailable.
constexpr const char* kRetryAfterSeconds = "5";

// Sent with every answer, pages, assets, JSON and streams alike (the pages load only their
// own scripts, styles and images, and set styles through the DOM, never inline):
//   - scripts, styles, images, connections only from this daemon, no plugins, no <base>,
//     no form posts anywhere, and no framing: another page cannot load the staff page in a
//     frame and trick a click on "acknowledge" (frame-ancestors, and X-Frame-Options for
//     browsers without CSP 2);
//   - no Referer leaves the pages (a staff token travels in /staff#token=..., and URLs of a
//     store's screens are nobody's business);
//   - no type sniffing, and no reading of our answers by pages of other sites as images,
//     scripts or popups (CORP, COOP).
constexpr std::pair<const char*, const char*> kSecurityHeaders[] = {
    {"Content-Security-Policy",
     "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; "
     "frame-ancestors 'none'"},
    {"X-Frame-Options", "DENY"},
    {"Referrer-Policy", "no-referrer"},
    {"X-Content-Type-Options", "nosniff"},
    {"Cross-Origin-Resource-Policy", "same-origin"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
};

}  // namespace

HttpAnswer json_answer(unsigned int status, std::string body) {
  HttpAnswer answer;
  answer.status = status;
  answer.body = std::move(body);
  return answer;
}

HttpAnswer json_error(unsigned int status, std::string_view error, std::string_view detail) {
  JsonPtr root(cJSON_CreateObject());
  cJSON_AddStringToObject(root.get(), "error", std::string(error).c_str());
  cJSON_AddStringToObject(root.get(), "detail", std::string(detail).c_str());
  return json_answer(status, json_print(root.get()));
}

HttpAnswer answer_for_status(const Status& status) {
  using Kind = Status::Kind;
  switch (status.kind()) {
    case Kind::kOk:
      return json_answer(200, "{}");
    case Kind::kInvalidInput:
      return json_error(400, "invalid_body", status.message());
    case Kind::kNotFound:
      return json_error(404, "not_found", status.message());
    case Kind::kConflict:
      return json_error(409, "conflict", status.message());
    case Kind::kBusy:
    case Kind::kStorageFull:
    case Kind::kIoError: {
      HttpAnswer answer = json_error(503, "storage_unavailable", status.to_string());
      answer.headers.emplace_back("Retry-After", kRetryAfterSeconds);
      return answer;
    }
    case Kind::kCorrupt:
    case Kind::kUnsupported:
    case Kind::kInternal:
      break;
  }
  return json_error(500, "internal", status.to_string());
}

namespace {

ssize_t read_stream(void* owner, std::uint64_t, char* buffer, std::size_t max) {
  return (*static_cast<std::shared_ptr<EventStream>*>(owner))->read(buffer, max);
}

void free_stream(void* stream) {
  auto* owner = static_cast<std::shared_ptr<EventStream>*>(stream);
  (*owner)->detach();
  delete owner;
}

MHD_Response* create_response(MHD_Connection* connection, const HttpAnswer& answer) {
  if (answer.stream) {
    answer.stream->attach(connection);
    // The response owns a reference to the stream until libmicrohttpd frees it.
    auto* owner = new std::shared_ptr<EventStream>(answer.stream);
    MHD_Response* response = MHD_create_response_from_callback(
        MHD_SIZE_UNKNOWN, 16 * 1024, &read_stream, owner, &free_stream);
    if (response == nullptr) delete owner;
    return response;
  }
  if (!answer.static_body.empty())
    return MHD_create_response_from_buffer(answer.static_body.size(),
                                           const_cast<char*>(answer.static_body.data()),
                                           MHD_RESPMEM_PERSISTENT);
  return MHD_create_response_from_buffer(answer.body.size(), const_cast<char*>(answer.body.data()),
                                         MHD_RESPMEM_MUST_COPY);
}

}  // namespace

MHD_Result queue_answer(MHD_Connection* connection, const HttpAnswer& answer) {
  ResponsePtr response(create_response(connection, answer));
  if (!response) return MHD_NO;
  MHD_add_response_header(response.get(), MHD_HTTP_HEADER_CONTENT_TYPE,
                          answer.content_type.c_str());
  for (const auto& [name, value] : kSecurityHeaders) MHD_add_response_header(response.get(), name, value);
  MHD_add_response_header(response.get(), MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
  if (answer.stream) MHD_add_response_header(response.get(), "X-Accel-Buffering", "no");
  for (const auto& [name, value] : answer.headers)
    MHD_add_response_header(response.get(), name.c_str(), value.c_str());
  return MHD_queue_response(connection, answer.status, response.get());
}

}  // namespace lanecast::http
