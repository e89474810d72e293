// The four webhook routes: parse, submit to the storage writer, answer after COMMIT.
//
// A body of kOffloadFromBytes or more (a cart of twenty-odd lines) is read, priced and
// compressed on the intake threads (http.intake_threads) instead of the HTTP thread that
// received it; the connection waits suspended for its answer either way. Measured on the
// 2-core store PC: a checkout costs less on one HTTP thread than spread over two (the second
// thread's wake-ups cost more than it shares), while a 50-line cart costs about 300 us of CPU,
// half of it reading, pricing and compressing, which the second core should share. With two
// HTTP threads, which one served a connection was chance (libmicrohttpd's threads race to
// accept it), and a run of carts whose connections all landed on one of them went 18 % slower.
//
// Thread: handlers run on the libmicrohttpd thread, large ones then on an intake thread;
// completions on the storage writer thread.
#pragma once

#include <cstddef>
#include <string>

#include "daemon/app/mutator_slot.h"
#include "daemon/app/screen_feed.h"
#include "daemon/app/webhook_intake.h"
#include "daemon/app/webhook_stats.h"
#include "daemon/core/job_threads.h"
#include "daemon/http/router.h"
#include "storage/writer.h"

namespace lanecast::app {

struct WebhookPaths {
  std::string checkout;
  std::string cart_mutator;
  std::string checkout_zone;  // base: /entered and /left are appended
};

inline constexpr std::size_t kOffloadFromBytes = 8 * 1024;

struct WebhookContext {
  storage::Writer& writer;
  WebhookStats& stats;
  const IntakeSettings& settings;
  const MutatorSlot& mutator;
  ScreenFeed& screens;
  JobThreads& intake_threads;  // for bodies of kOffloadFromBytes and more
};

void add_webhook_routes(http::Router& router, const WebhookPaths& paths, WebhookContext& context);

}  // namespace lanecast::app
