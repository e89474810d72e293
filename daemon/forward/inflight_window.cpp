#include "daemon/forward/inflight_window.h"

namespace lanecast::forward {

InflightWindow::InflightWindow(std::int64_t acked_seq)
    : acked_seq_(acked_seq), read_through_(acked_seq), committed_seq_(acked_seq) {
  progress_.acked_seq = acked_seq;
}

InflightWindow::Added InflightWindow::add_event(const storage::StoredEvent& event,
                                                const std::string& topic) {
  Added added;
  if (event.seq > read_through_ + 1) {
    Slot gap;
    gap.first_seq = read_through_ + 1;
    gap.last_seq = event.seq - 1;
    gap.is_gap = true;
    gap.kind = "gap";
    added.gap = {gap.first_seq, gap.last_seq};
    added.gap_id = popped_ + slots_.size();
    slots_.push_back(std::move(gap));
  }
  Slot slot;
  slot.first_seq = slot.last_seq = event.seq;
  slot.kind = event.kind;
  slot.topic = topic;
  slot.bytes = static_cast<std::int64_t>(event.body.size() + event.answer.size());
  bytes_ += slot.bytes;
  added.event_id = popped_ + slots_.size();
  slots_.push_back(std::move(slot));
  read_through_ = event.seq;
  return added;
}

void InflightWindow::sent(std::uint64_t id, int mid) {
  if (id < popped_ || id - popped_ >= slots_.size()) return;
  Slot& s = slots_[id - popped_];
  s.state = State::kSent;
  s.mid = mid;
  mids_[mid] = id;
}

InflightWindow::Slot* InflightWindow::by_mid(int mid) {
  auto it = mids_.find(mid);
  if (it == mids_.end()) return nullptr;
  const std::uint64_t id = it->second;
  mids_.erase(it);
  if (id < popped_ || id - popped_ >= slots_.size()) return nullptr;
  Slot& s = slots_[id - popped_];
  return s.state == State::kSent && s.mid == mid ? &s : nullptr;
}

bool InflightWindow::acknowledged(int mid) {
  Slot* s = by_mid(mid);
  if (s == nullptr) return false;
  s->state = State::kAcked;
  return true;
}

bool InflightWindow::rejected(int mid, int reason_code, const std::string& reason) {
  Slot* s = by_mid(mid);
  if (s == nullptr) return false;
  s->state = State::kRejected;
  s->reason_code = reason_code;
  s->reason = reason;
  return true;
}

bool InflightWindow::advance() {
  bool moved = false;
  while (!slots_.empty() &&
         (slots_.front().state == State::kAcked || slots_.front().state == State::kRejected)) {
    Slot& s = slots_.front();
    if (s.is_gap) {
      progress_.gaps.push_back({s.first_seq, s.last_seq});
      ++gaps_finished_;
    }
    if (s.state == State::kRejected) {
      progress_.dead_letters.push_back(
          {s.last_seq, s.kind, s.topic, s.reason_code, s.reason});
    }
    acked_seq_ = s.last_seq;
    progress_.acked_seq = acked_seq_;
    bytes_ -= s.bytes;
    slots_.pop_front();
    ++popped_;
    moved = true;
  }
  return moved;
}

void InflightWindow::committed() {
  committed_seq_ = progress_.acked_seq;
  progress_.dead_letters.clear();
  progress_.gaps.clear();
}

void InflightWindow::forget_unfinished() {
  advance();
  popped_ += slots_.size();
  slots_.clear();
  bytes_ = 0;
  mids_.clear();
  read_through_ = acked_seq_;
}

}  // namespace lanecast::forward
