#include "daemon/forward/forwarder.h"

#include <mqtt_protocol.h>

#include <algorithm>
#include <chrono>
#include <random>

#include "daemon/core/log.h"
#include "daemon/core/timestamp.h"
#include "daemon/forward/backoff.h"
#include "daemon/forward/inflight_window.h"
#include "daemon/forward/message.h"
#include "daemon/forward/mqtt_link.h"
#include "daemon/forward/rate_limiter.h"
#include "storage/forward_outbox.h"

namespace lanecast::forward {
namespace {

constexpr std::int64_t kMs = 1000;
constexpr std::int64_t kCommitEveryUs = 100 * kMs;      // cursor transactions, at most
constexpr std::int64_t kBacklogEveryUs = 2000 * kMs;    // backlog measurement
constexpr std::int64_t kStatusEveryUs = 10'000 * kMs;   // "online" with the cursor, at most
constexpr std::int64_t kConnackTimeoutUs = 15'000 * kMs;
constexpr std::int64_t kWindowBytes = 8 << 20;  // stop reading beyond this much in flight
constexpr std::int64_t kReadBatch = 32;            // events read in one query, at most
constexpr int kIdlePollMs = 20;   // how often an idle forwarder looks for new events
constexpr int kBusyPollMs = 5;

// Intervals (backoff, commit pacing, the rate) run on the monotonic clock, so a clock step
// never stalls reconnection; wall time is only what messages and rows say.
std::int64_t steady_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

class Forwarder::Worker : public LinkListener {
 public:
  Worker(ForwardSettings settings, ForwardStats& stats, const std::atomic<bool>& stopping)
      : settings_(std::move(settings)),
        stats_(stats),
        stopping_(stopping),
        context_{settings_.store_id, settings_.topic_prefix},
        backoff_(std::chrono::milliseconds(1000),
                 std::chrono::milliseconds(std::int64_t{settings_.reconnect_max_s} * 1000),
                 std::random_device{}()),
        rate_(settings_.max_rate, std::max(1, settings_.max_rate / 10)) {}

  void run() {
    if (!open_outbox()) return;
    while (!stopping_.load()) {
      const std::int64_t now = steady_us();
      if (now >= next_backlog_us_) measure_backlog(now);
      if (!link_) {
        if (now >= next_attempt_us_) {
          connect(now);
        } else {
          sleep_ms(std::min<std::int64_t>((next_attempt_us_ - now) / kMs + 1, 50));
        }
        continue;
      }
      serve(now);
    }
    shut_down();
  }

  void on_connack(int reason) override {
    if (reason == 0) {
      connected_ = true;
      stats_.connected = true;
      stats_.protocol = protocol_;
      stats_.connects++;
      stats_.set_error("");
      backoff_.reset();
      LOG_NOTICE("forward: connected to %s:%d (MQTT %s)", settings_.broker.host.c_str(),
                 settings_.broker.port, protocol_ == kMqtt5 ? "5" : "3.1.1");
      publish_status(steady_us());
      return;
    }
    // A broker that speaks only 3.1.1 answers a v5 CONNECT with its own code 1 ("unacceptable
    // protocol version") or with v5's 0x84.
    if (protocol_ == kMqtt5 && (reason == 1 || reason == MQTT_RC_UNSUPPORTED_PROTOCOL_VERSION)) {
      protocol_ = kMqtt311;
      retry_now_ = true;
    }
    refusal_ = "broker refused the connection: " + reason_text(reason);
  }

  void on_puback(int mid, int reason) override {
    if (mid == status_mid_) {
      status_mid_ = 0;
      return;
    }
    if (reason >= 0x80) {
      if (window_->rejected(mid, reason, reason_text(reason))) stats_.rejected++;
    } else if (window_->acknowledged(mid)) {
      stats_.acknowledged++;
    }
  }

 private:
  static void sleep_ms(std::int64_t ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  }

  bool open_outbox() {
    while (!stopping_.load()) {
      auto outbox = storage::ForwardOutbox::open(settings_.database_path, settings_.busy_timeout_ms);
      if (outbox.is_ok()) {
        auto cursor = (*outbox)->start(now_micros());
        if (cursor.is_ok()) {
          outbox_ = std::move(*outbox);
          window_.emplace(*cursor);
          stats_.acked_seq = *cursor;
          return true;
        }
        stats_.set_error("database: " + cursor.status().message());
      } else {
        stats_.set_error("database: " + outbox.status().message());
      }
      sleep_ms(1000);
    }
    return false;
  }

  void connect(std::int64_t now) {
    connected_ = false;
    refusal_.clear();
    retry_now_ = false;
    LinkOptions options{&settings_, protocol_, status_topic(context_), offline_message()};
    auto link = MqttLink::open(options, *this);
    if (!link.is_ok()) {
      lost(link.status().message(), now);
      return;
    }
    link_ = std::move(*link);
    connect_started_us_ = now;
  }

  void serve(std::int64_t now) {
    const bool busy = window_->size() > 0;
    Status polled = link_->poll(connected_ && busy ? kBusyPollMs : kIdlePollMs);
    if (!refusal_.empty()) {
      lost(refusal_, now);
      return;
    }
    if (!polled.is_ok()) {
      lost(polled.message(), now);
      return;
    }
    if (!connected_) {
      if (now - connect_started_us_ > kConnackTimeoutUs) lost("no answer to CONNECT", now);
      return;
    }
    if (!fill(now)) return;
    window_->advance();
    stats_.acked_seq = window_->acked_seq();
    stats_.in_flight = static_cast<std::int64_t>(window_->size());
    stats_.gaps = window_->gaps_finished();
    if (now - last_commit_us_ >= kCommitEveryUs || !window_->progress().dead_letters.empty() ||
        2 * (window_->acked_seq() - window_->committed_seq()) >= settings_.max_inflight)
      commit(now);
    if (window_->acked_seq() != status_seq_ && now - last_status_us_ >= kStatusEveryUs)
      publish_status(now);
  }

  // Hands the broker as many journaled events as the window and the rate allow. false when
  // the link failed (already handled).
  bool fill(std::int64_t now) {
    // Besides the count, a byte budget: AiFi bodies are a few KiB, but may reach
    // http.max_body_bytes, and 64 of those would not be "flat".
    const auto capacity = std::min<std::int64_t>(
        static_cast<std::int64_t>(settings_.max_inflight) - unsettled(), kReadBatch);
    if (capacity <= 0 || window_->bytes() >= kWindowBytes) return true;
    const std::int64_t granted = rate_.take(capacity, now);
    if (granted <= 0) return true;
    auto events = outbox_->read_after(window_->read_through(), static_cast<int>(granted));
    if (!events.is_ok()) {
      rate_.give_back(granted);
      stats_.set_error("database: " + events.status().message());
      return true;
    }
    rate_.give_back(granted - static_cast<std::int64_t>(events->size()));
    for (const storage::StoredEvent& event : *events) {
      const std::string topic = event_topic(context_, event.kind);
      const InflightWindow::Added added = window_->add_event(event, topic);
      if (added.gap_id) {
        LOG_WARNING("forward: events %lld..%lld are missing from the journal; forwarding a gap",
                    static_cast<long long>(added.gap.first_seq),
                    static_cast<long long>(added.gap.last_seq));
        if (!send(*added.gap_id, event_topic(context_, "gap"),
                  gap_message(context_, added.gap, event.received_at_us), now))
          return false;
      }
      if (!send(added.event_id, topic, event_message(context_, event), now)) return false;
    }
    return true;
  }

  // Events a crash now would send again: those in flight, and those acknowledged but not yet
  // in the stored cursor. Keeping this within max_inflight bounds the duplicates a kill -9
  // can cause by the window, as docs/fleet.md promises.
  std::int64_t unsettled() const {
    return static_cast<std::int64_t>(window_->size()) +
           (window_->acked_seq() - window_->committed_seq());
  }

  bool send(std::uint64_t id, const std::string& topic, const std::string& payload,
            std::int64_t now) {
    auto mid = link_->publish(topic, payload, false);
    if (!mid.is_ok()) {
      lost(mid.status().message(), now);
      return false;
    }
    window_->sent(id, *mid);
    stats_.published++;
    return true;
  }

  void publish_status(std::int64_t now) {
    auto mid = link_->publish(status_topic(context_),
                              online_message(window_->acked_seq(), now_micros()), true);
    if (mid.is_ok()) status_mid_ = *mid;
    status_seq_ = window_->acked_seq();
    last_status_us_ = now;
  }

  void commit(std::int64_t now) {
    last_commit_us_ = now;
    if (!window_->has_progress()) return;
    Status status = outbox_->commit(window_->progress(), now_micros());
    if (status.is_ok()) {
      window_->committed();
      return;
    }
    stats_.cursor_failures++;
    LOG_WARNING("forward: cannot store the cursor (will retry): %s", status.to_string().c_str());
  }

  // The measurement reads every event above the cursor (record headers only): with a backlog
  // of millions after a long outage it takes a while, so it never runs more than 5 % of the
  // time.
  void measure_backlog(std::int64_t now) {
    auto backlog = outbox_->backlog(window_->acked_seq());
    const std::int64_t took = steady_us() - now;
    next_backlog_us_ = now + std::max(kBacklogEveryUs, 20 * took);
    if (!backlog.is_ok()) return;
    stats_.last_seq = backlog->last_seq;
    stats_.backlog_events = backlog->events;
    stats_.backlog_bytes = backlog->bytes;
    stats_.oldest_unacked_us = backlog->oldest_received_at_us;
    stats_.dead_letters = backlog->dead_letters;
  }

  // The connection is gone (or never came): forget what was not acknowledged, store what
  // was, and wait before trying again.
  void lost(const std::string& why, std::int64_t now) {
    if (connected_) LOG_WARNING("forward: connection lost: %s", why.c_str());
    else LOG_INFO("forward: cannot connect: %s", why.c_str());
    connected_ = false;
    stats_.connected = false;
    stats_.reconnects++;
    stats_.set_error(why);
    link_.reset();
    status_mid_ = 0;
    window_->forget_unfinished();
    stats_.acked_seq = window_->acked_seq();
    stats_.in_flight = 0;
    commit(now);
    next_attempt_us_ = retry_now_ ? now : now + backoff_.next().count() * kMs;
    retry_now_ = false;
  }

  // A clean goodbye: "offline" on the status topic (a clean DISCONNECT sends no Last Will),
  // a last moment for acknowledgements in flight, the cursor stored.
  void shut_down() {
    if (link_ && connected_) {
      auto mid = link_->publish(status_topic(context_), offline_message(), true);
      if (mid.is_ok()) status_mid_ = *mid;
      const std::int64_t deadline = steady_us() + 1'000 * kMs;
      while (steady_us() < deadline && (status_mid_ != 0 || window_->size() > 0)) {
        if (!link_->poll(kBusyPollMs).is_ok()) break;
        window_->advance();
      }
      link_->disconnect();
      link_->poll(kBusyPollMs);
    }
    link_.reset();
    if (window_) {
      window_->advance();
      commit(steady_us());
    }
    stats_.connected = false;
  }

  ForwardSettings settings_;
  ForwardStats& stats_;
  const std::atomic<bool>& stopping_;
  MessageContext context_;
  Backoff backoff_;
  RateLimiter rate_;
  MqttLibrary library_;
  std::unique_ptr<storage::ForwardOutbox> outbox_;
  std::optional<InflightWindow> window_;
  std::unique_ptr<MqttLink> link_;
  int protocol_ = kMqtt5;
  bool connected_ = false;
  bool retry_now_ = false;
  std::string refusal_;
  int status_mid_ = 0;
  std::int64_t status_seq_ = -1;
  std::int64_t last_status_us_ = 0;
  std::int64_t last_commit_us_ = 0;
  std::int64_t next_backlog_us_ = 0;
  std::int64_t next_attempt_us_ = 0;
  std::int64_t connect_started_us_ = 0;
};

Forwarder::Forwarder(ForwardSettings settings, ForwardStats& stats)
    : worker_(std::make_unique<Worker>(std::move(settings), stats, stopping_)) {
  stats.enabled = true;
  thread_ = std::thread([this] { worker_->run(); });
}

Forwarder::~Forwarder() {
  stopping_ = true;
  thread_.join();
}

}  // namespace lanecast::forward
