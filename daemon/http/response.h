// HTTP answers as values, and how they become libmicrohttpd responses.
//
// Thread: values are built anywhere; queue_answer() runs on the libmicrohttpd thread only.
#pragma once

#include <microhttpd.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "daemon/core/status.h"

namespace lanecast::http {

class EventStream;

struct HttpAnswer {
  unsigned int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  // Set for a server-sent event stream: the body is then read from it as it is pushed, and
  // the connection is exempt from the request deadline.
  std::shared_ptr<EventStream> stream;
  // Body bytes that outlive the answer (embedded assets): sent without a copy.
  std::string_view static_body;
};

// {"error": "<error>", "detail": "<detail>"}: `error` is a stable machine-readable code
// ("invalid_body", "unauthorized", ...), `detail` says what exactly was wrong.
HttpAnswer json_error(unsigned int status, std::string_view error, std::string_view detail);

// The one place a Status kind becomes an HTTP status: invalid_input 400, not_found 404,
// conflict 409, busy / storage_full / io_error 503 with Retry-After, everything else 500.
HttpAnswer answer_for_status(const Status& status);

HttpAnswer json_answer(unsigned int status, std::string body);

// Creates the MHD response (copying the body) and queues it, with the security headers every
// answer carries (Content-Security-Policy, X-Frame-Options, Referrer-Policy, nosniff, ...).
// Returns MHD's verdict.
MHD_Result queue_answer(MHD_Connection* connection, const HttpAnswer& answer);

}  // namespace lanecast::http
