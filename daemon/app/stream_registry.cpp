#include "daemon/app/stream_registry.h"

#include <vector>

namespace lanecast::app {
namespace {

using Counts = std::unordered_map<std::string, std::size_t>;

void adjust(Counts& counts, const std::string& key, int delta) {
  std::size_t& count = counts[key];
  count = delta > 0 ? count + 1 : count - 1;
  if (count == 0) counts.erase(key);
}

std::size_t count_of(const Counts& counts, const std::string& key) {
  const auto it = counts.find(key);
  return it == counts.end() ? 0 : it->second;
}

}  // namespace

Admission StreamRegistry::add(const std::shared_ptr<http::EventStream>& stream,
                              const StreamClaim& claim) {
  std::lock_guard lock(mutex_);
  Entry entry{stream, claim, false};
  if (claim.staff) {
    if (staff_ >= limits_.max_staff) return Admission::kStaffFull;
  } else if (claim.known_lane && count_of(per_lane_, claim.lane) == 0) {
    entry.reserved = true;
  } else if (count_of(per_address_, claim.address) >= limits_.max_per_address) {
    return Admission::kAddressFull;
  } else if (shared_ >= limits_.max_streams) {
    return Admission::kAllFull;
  }
  count(entry, +1);
  streams_.emplace(stream.get(), std::move(entry));
  return Admission::kAdmitted;
}

void StreamRegistry::remove(const http::EventStream* stream) {
  std::lock_guard lock(mutex_);
  const auto it = streams_.find(stream);
  if (it == streams_.end()) return;
  count(it->second, -1);
  streams_.erase(it);
}

void StreamRegistry::count(const Entry& entry, int delta) {
  const auto step = [delta](std::size_t& n) { n = delta > 0 ? n + 1 : n - 1; };
  if (entry.claim.staff) {
    step(staff_);
    return;
  }
  adjust(per_lane_, entry.claim.lane, delta);
  if (entry.reserved) return;
  adjust(per_address_, entry.claim.address, delta);
  step(shared_);
}

void StreamRegistry::heartbeat() {
  std::vector<std::shared_ptr<http::EventStream>> streams;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [key, entry] : streams_) streams.push_back(entry.stream);
  }
  // Pushed outside the registry's lock: a push may resume a connection.
  const auto ping = std::make_shared<const std::string>(": ping\n\n");
  for (const auto& stream : streams) stream->push(ping);
}

void StreamRegistry::close_all() {
  std::vector<std::shared_ptr<http::EventStream>> streams;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [key, entry] : streams_) streams.push_back(entry.stream);
  }
  for (const auto& stream : streams) stream->close();
}

std::size_t StreamRegistry::size() const {
  std::lock_guard lock(mutex_);
  return streams_.size();
}

}  // namespace lanecast::app
