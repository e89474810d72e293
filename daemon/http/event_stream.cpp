#include "daemon/http/event_stream.h"

#include <cstring>

namespace lanecast::http {

bool EventStream::push(std::string_view text) {
  std::lock_guard lock(mutex_);
  if (detached_ || closing_ || overflowed_) return false;
  if (pending_.size() - sent_ + text.size() > max_pending_) {
    overflowed_ = true;  // read() ends the stream with an error: the client reconnects and resyncs
  } else {
    if (sent_ > 0 && sent_ == pending_.size()) {
      pending_.clear();
      sent_ = 0;
    }
    pending_.append(text);
  }
  if (suspended_ && connection_ != nullptr) {
    suspended_ = false;
    MHD_resume_connection(connection_);
  }
  return !overflowed_;
}

void EventStream::close() {
  std::lock_guard lock(mutex_);
  closing_ = true;
  if (suspended_ && connection_ != nullptr) {
    suspended_ = false;
    MHD_resume_connection(connection_);
  }
}

bool EventStream::open() const {
  std::lock_guard lock(mutex_);
  return !detached_ && !closing_ && !overflowed_;
}

void EventStream::set_on_detach(std::function<void()> on_detach) { on_detach_ = std::move(on_detach); }

void EventStream::attach(MHD_Connection* connection) {
  std::lock_guard lock(mutex_);
  connection_ = connection;
}

ssize_t EventStream::read(char* buffer, std::size_t max) {
  std::lock_guard lock(mutex_);
  if (overflowed_) return MHD_CONTENT_READER_END_WITH_ERROR;
  const std::size_t available = pending_.size() - sent_;
  if (available > 0) {
    const std::size_t n = available < max ? available : max;
    std::memcpy(buffer, pending_.data() + sent_, n);
    sent_ += n;
    if (sent_ == pending_.size()) {
      pending_.clear();
      sent_ = 0;
    }
    return static_cast<ssize_t>(n);
  }
  if (closing_) return MHD_CONTENT_READER_END_OF_STREAM;
  suspended_ = true;
  MHD_suspend_connection(connection_);
  return 0;
}

void EventStream::detach() {
  std::function<void()> on_detach;
  {
    std::lock_guard lock(mutex_);
    if (detached_) return;
    detached_ = true;
    connection_ = nullptr;
    on_detach = std::move(on_detach_);
  }
  if (on_detach) on_detach();
}

std::string sse_event(std::uint64_t id, std::string_view type, std::string_view json) {
  std::string event;
  event.reserve(json.size() + type.size() + 40);
  event.append("id: ").append(std::to_string(id)).append("\nevent: ").append(type);
  event.append("\ndata: ").append(json).append("\n\n");
  return event;
}

}  // namespace lanecast::http
