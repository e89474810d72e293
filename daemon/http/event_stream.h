// A server-sent event stream to one client: text pushed from any thread, read out by
// libmicrohttpd whenever the socket can take it.
//
// Thread: push() and close() from any thread; read() and detach() on the libmicrohttpd
// thread (its content reader and free callbacks). When read() finds nothing to send it
// suspends the connection (legal from a content reader) and push() resumes it, under one
// mutex, so a push that races the suspension is never lost.
//
// Backlog. A client that falls max_pending bytes behind is cut off rather than buffered
// without bound. The first event (a snapshot of the whole store, which may be larger than
// max_pending) does not count against it: a stream holds its first event plus max_pending
// behind it, and an event that comes while nothing is queued is always taken. So a snapshot of
// any size reaches a screen that reads, even a slow one while changes arrive. Queued text is
// shared, not copied: a snapshot many streams start with is held once.
#pragma once

#include <microhttpd.h>
#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace lanecast::http {

class EventStream {
 public:
  explicit EventStream(std::size_t max_pending = 1 << 20) : max_pending_(max_pending) {}

  // Queues text (whole SSE events). Returns false once the stream is closed, cut off or
  // detached.
  bool push(std::string_view text);
  bool push(std::shared_ptr<const std::string> text);
  // Ends the stream after what is queued has been sent.
  void close();
  // Ends the stream at once, dropping what is queued: the client is gone.
  void abort();
  bool open() const;

  // Called when libmicrohttpd frees the response (client gone or stream ended); runs once.
  void set_on_detach(std::function<void()> on_detach);

  // libmicrohttpd side.
  void attach(MHD_Connection* connection);
  ssize_t read(char* buffer, std::size_t max);
  void detach();

 private:
  void resume_locked();  // mutex_ held

  mutable std::mutex mutex_;
  MHD_Connection* connection_ = nullptr;  // guarded by mutex_; null once detached
  std::deque<std::shared_ptr<const std::string>> pending_;  // guarded by mutex_
  std::size_t sent_ = 0;            // guarded by mutex_: bytes of pending_.front() already read
  std::size_t pending_bytes_ = 0;   // guarded by mutex_: queued bytes not yet read
  std::size_t first_bytes_ = 0;     // guarded by mutex_: size of the first event pushed
  bool pushed_ = false;             // guarded by mutex_
  bool suspended_ = false;                // guarded by mutex_
  bool closing_ = false;                  // guarded by mutex_
  bool overflowed_ = false;               // guarded by mutex_: cut off, by backlog or abort()
  bool detached_ = false;                 // guarded by mutex_
  const std::size_t max_pending_;
  std::function<void()> on_detach_;
};

}  // namespace lanecast::http
