#include "daemon/http/event_stream.h"

#include <algorithm>
#include <cstring>

namespace lanecast::http {

bool EventStream::push(std::string_view text) {
  return push(std::make_shared<const std::string>(text));
}

bool EventStream::push(std::shared_ptr<const std::string> text) {
  std::lock_guard lock(mutex_);
  if (detached_ || closing_ || overflowed_) return false;
  if (!pushed_) {
    pushed_ = true;
    first_bytes_ = text->size();
  }
  if (pending_bytes_ > 0 && pending_bytes_ + text->size() > max_pending_ + first_bytes_) {
    overflowed_ = true;  // read() ends the stream with an error: the client reconnects and resyncs
    pending_.clear();
    pending_bytes_ = 0;
    sent_ = 0;
  } else if (!text->empty()) {
    pending_bytes_ += text->size();
    pending_.push_back(std::move(text));
  }
  resume_locked();
  return !overflowed_;
}

void EventStream::close() {
  std::lock_guard lock(mutex_);
  closing_ = true;
  resume_locked();
}

void EventStream::abort() {
  std::lock_guard lock(mutex_);
  overflowed_ = true;
  pending_.clear();
  pending_bytes_ = 0;
  sent_ = 0;
  resume_locked();
}

void EventStream::resume_locked() {
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
  std::size_t copied = 0;
  while (copied < max && !pending_.empty()) {
    const std::string& front = *pending_.front();
    const std::size_t n = std::min(front.size() - sent_, max - copied);
    std::memcpy(buffer + copied, front.data() + sent_, n);
    copied += n;
    sent_ += n;
    if (sent_ == front.size()) {
      pending_.pop_front();
      sent_ = 0;
    }
  }
  pending_bytes_ -= copied;
  if (copied > 0) return static_cast<ssize_t>(copied);
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

}  // namespace lanecast::http
