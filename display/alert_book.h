// The bounded list of staff alerts: ids, acknowledgement, eviction. Part of LaneBoard.
//
// Thread: none of its own; LaneBoard's owner serialises access (LaneHub holds its mutex).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "display/lane_view.h"

namespace lanecast::display {

class AlertBook {
 public:
  // At most `max_alerts` (at least 1) are kept; when full, the oldest acknowledged alert is
  // dropped, else the oldest one. Dropping is silent: it is not a change.
  explicit AlertBook(std::size_t max_alerts);

  // Texts longer than kMaxTextBytes are cut at a UTF-8 character boundary.
  static constexpr std::size_t kMaxTextBytes = 200;

  // Appends an alert with the next id; the reference is valid until the next raise().
  const Alert& raise(AlertKind kind, std::string zone, std::optional<std::int64_t> order_id,
                     std::string text, UnixMicros at, std::uint64_t seq);

  // Marks an open alert acknowledged. Returns the alert when this changed it; nullptr when
  // it was already acknowledged. not_found when no alert has this id (or it was dropped).
  Result<const Alert*> acknowledge(std::uint64_t id, UnixMicros at, std::uint64_t seq);

  const Alert* find(std::uint64_t id) const;
  bool is_open(std::uint64_t id) const;  // present and not acknowledged
  const std::deque<Alert>& all() const { return alerts_; }  // oldest first

 private:
  void drop_one();

  std::size_t max_alerts_;
  std::uint64_t next_id_ = 1;
  std::deque<Alert> alerts_;
};

}  // namespace lanecast::display
