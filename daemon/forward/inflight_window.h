// The events handed to the broker and not yet finished, in journal order, and the rule that
// moves the forwarding cursor: only over the unbroken run of finished slots at the front.
//
// A slot is one event (first == last == its seq) or one gap (a range of sequence numbers
// missing from the journal). Slots are added in order and cover every number from the cursor
// + 1 to read_through(), so the front run of finished slots is always contiguous. A slot is
// finished when the broker acknowledged it, or refused it (reason code >= 0x80: it becomes a
// dead letter and does not block the rest).
//
// Thread: one owner (the forwarder thread); the MQTT callbacks run on that thread too.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>

#include "storage/forward_outbox.h"

namespace lanecast::forward {

class InflightWindow {
 public:
  explicit InflightWindow(std::int64_t acked_seq);

  std::int64_t acked_seq() const { return acked_seq_; }        // end of the finished run
  std::int64_t read_through() const { return read_through_; }  // last seq in a slot
  std::size_t size() const { return slots_.size(); }
  // Body and answer bytes of the events in the window: what the MQTT library may hold.
  std::int64_t bytes() const { return bytes_; }

  // Adds the slots for `event`: a gap slot first when numbers are missing before it (the
  // caller publishes both, gap first). event.seq must be > read_through().
  struct Added {
    std::optional<std::uint64_t> gap_id;  // for sent()
    storage::Gap gap;                     // when gap_id is set
    std::uint64_t event_id = 0;
  };
  Added add_event(const storage::StoredEvent& event, const std::string& topic);
  // The slot was handed to the broker as message `mid`.
  void sent(std::uint64_t id, int mid);

  // Broker answers by message id; unknown ids (the status message, a previous connection's)
  // are ignored and return false.
  bool acknowledged(int mid);
  bool rejected(int mid, int reason_code, const std::string& reason);

  // Pops the finished slots at the front, moves acked_seq() over them and adds what the
  // outbox must record (dead letters, gaps, the new cursor) to the pending progress.
  // Returns true when the cursor moved.
  bool advance();

  // What advance() has gathered since the last successful commit.
  const storage::OutboxProgress& progress() const { return progress_; }
  bool has_progress() const { return progress_.acked_seq != committed_seq_ ||
                                     !progress_.dead_letters.empty() || !progress_.gaps.empty(); }
  void committed();  // the outbox stored progress(): start gathering afresh
  std::int64_t committed_seq() const { return committed_seq_; }

  // The connection is gone: every slot not finished at the front is dropped and will be
  // read again from the journal (a duplicate at most for those the broker already had).
  void forget_unfinished();

  std::int64_t gaps_finished() const { return gaps_finished_; }  // gap slots ever finished

 private:
  enum class State { kUnsent, kSent, kAcked, kRejected };
  struct Slot {
    std::int64_t first_seq = 0;
    std::int64_t last_seq = 0;
    bool is_gap = false;
    std::string kind;
    std::string topic;
    std::int64_t bytes = 0;
    int mid = 0;
    State state = State::kUnsent;
    int reason_code = 0;
    std::string reason;
  };
  Slot* by_mid(int mid);

  std::deque<Slot> slots_;
  std::uint64_t popped_ = 0;  // slots ever popped: slot id - popped_ = index in slots_
  std::unordered_map<int, std::uint64_t> mids_;
  std::int64_t acked_seq_;
  std::int64_t read_through_;
  std::int64_t committed_seq_;
  storage::OutboxProgress progress_;
  std::int64_t gaps_finished_ = 0;
  std::int64_t bytes_ = 0;
};

}  // namespace lanecast::forward
