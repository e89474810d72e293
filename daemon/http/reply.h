// The answer slot of one request: filled exactly once, from any thread.
//
// Thread: send() may run on any thread (the storage writer, the reader, or the
// libmicrohttpd thread itself). The server suspends the connection when a handler returns
// without having answered, and send() resumes it; one mutex orders the two so a reply that
// arrives before the suspension is never lost.
#pragma once

#include <microhttpd.h>

#include <mutex>
#include <optional>

#include "daemon/http/response.h"

namespace lanecast::http {

class Reply {
 public:
  explicit Reply(MHD_Connection* connection) : connection_(connection) {}

  // Delivers the answer. Calls after the first are ignored.
  void send(HttpAnswer answer);

  // Server side (libmicrohttpd thread): after the handler returned. Returns true when the
  // answer is already there; otherwise suspends the connection until send() resumes it.
  bool ready_or_suspend();
  // Server side: the answer, once ready. Moves it out.
  std::optional<HttpAnswer> take();

 private:
  std::mutex mutex_;
  MHD_Connection* connection_;
  std::optional<HttpAnswer> answer_;
  bool suspended_ = false;
  bool sent_ = false;
};

}  // namespace lanecast::http
