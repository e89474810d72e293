// The four webhook routes: parse, submit to the storage writer, answer after COMMIT.
//
// Thread: handlers run on the libmicrohttpd thread; completions on the storage writer thread.
#pragma once

#include <string>

#include "daemon/app/mutator_slot.h"
#include "daemon/app/screen_feed.h"
#include "daemon/app/webhook_intake.h"
#include "daemon/app/webhook_stats.h"
#include "daemon/http/router.h"
#include "storage/writer.h"

namespace lanecast::app {

struct WebhookPaths {
  std::string checkout;
  std::string cart_mutator;
  std::string checkout_zone;  // base: /entered and /left are appended
};

struct WebhookContext {
  storage::Writer& writer;
  WebhookStats& stats;
  const IntakeSettings& settings;
  const MutatorSlot& mutator;
  ScreenFeed& screens;
};

void add_webhook_routes(http::Router& router, const WebhookPaths& paths, WebhookContext& context);

}  // namespace lanecast::app
