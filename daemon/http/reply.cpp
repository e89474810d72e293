#include "daemon/http/reply.h"

namespace lanecast::http {

void Reply::send(HttpAnswer answer) {
  std::lock_guard lock(mutex_);
  if (sent_) return;
  sent_ = true;
  answer_ = std::move(answer);
  if (suspended_) {
    suspended_ = false;
    MHD_resume_connection(connection_);
  }
}

bool Reply::ready_or_suspend() {
  std::lock_guard lock(mutex_);
  if (sent_) return true;
  suspended_ = true;
  MHD_suspend_connection(connection_);
  return false;
}

std::optional<HttpAnswer> Reply::take() {
  std::lock_guard lock(mutex_);
  std::optional<HttpAnswer> out = std::move(answer_);
  answer_.reset();
  return out;
}

}  // namespace lanecast::http
