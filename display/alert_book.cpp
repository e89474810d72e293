#include "display/alert_book.h"

#include <algorithm>

namespace lanecast::display {
namespace {

// Cuts at a character boundary so the JSON renderer never sees half a UTF-8 sequence.
void cut_utf8(std::string& text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return;
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  text.resize(end);
}

}  // namespace

AlertBook::AlertBook(std::size_t max_alerts) : max_alerts_(std::max<std::size_t>(1, max_alerts)) {}

const Alert& AlertBook::raise(AlertKind kind, std::string zone,
                              std::optional<std::int64_t> order_id, std::string text,
                              UnixMicros at, std::uint64_t seq) {
  if (alerts_.size() >= max_alerts_) drop_one();
  cut_utf8(text, kMaxTextBytes);
  Alert alert;
  alert.id = next_id_++;
  alert.kind = kind;
  alert.zone = std::move(zone);
  alert.order_id = order_id;
  alert.text = std::move(text);
  alert.raised_at = at;
  alert.seq = seq;
  alerts_.push_back(std::move(alert));
  return alerts_.back();
}

Result<const Alert*> AlertBook::acknowledge(std::uint64_t id, UnixMicros at, std::uint64_t seq) {
  auto it = std::find_if(alerts_.begin(), alerts_.end(), [&](const Alert& a) { return a.id == id; });
  if (it == alerts_.end()) return Status::not_found("no alert " + std::to_string(id));
  if (it->acknowledged) return static_cast<const Alert*>(nullptr);
  it->acknowledged = true;
  it->acknowledged_at = at;
  it->seq = seq;
  return static_cast<const Alert*>(&*it);
}

const Alert* AlertBook::find(std::uint64_t id) const {
  auto it = std::find_if(alerts_.begin(), alerts_.end(), [&](const Alert& a) { return a.id == id; });
  return it == alerts_.end() ? nullptr : &*it;
}

bool AlertBook::is_open(std::uint64_t id) const {
  const Alert* alert = find(id);
  return alert != nullptr && !alert->acknowledged;
}

void AlertBook::drop_one() {
  auto acknowledged =
      std::find_if(alerts_.begin(), alerts_.end(), [](const Alert& a) { return a.acknowledged; });
  alerts_.erase(acknowledged != alerts_.end() ? acknowledged : alerts_.begin());
}

}  // namespace lanecast::display
