// One simulated shopping trip, and the webhook bodies AiFi would send for it.
//
// A trip is planned from a random generator (the same seed plans the same trips) and then
// rendered into bodies shaped like AiFi's (tests/fixtures/*.json): zone entered and left for
// every member of the group (one body each, with the member's own shopperId; the member who
// picked up beer is flagged for an age check), a cart-mutator request, and checkouts whose
// cart and totals are the mutator's answer, as AiFi takes them.
// A review trip is a contested order from days ago: timeOfOrigin lies in the past, and only
// the reviewed mutator request and checkout (with the cart as the review left it) are sent.
//
// Money is integer cents throughout; item prices are written as JSON numbers from exact
// decimal text, never through a double.
//
// Thread: any; plans and bodies are values.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "daemon/core/json.h"
#include "daemon/ctl/catalog.h"

namespace lanecast::ctl {

inline constexpr int kSimulatorDecimals = 2;  // the catalog is in euro cents

struct TripLine {
  const Product* product = nullptr;
  std::int64_t quantity = 1;
};

struct TripPlan {
  std::int64_t order_id = 0;
  std::string session_id;           // a UUID, as AiFi's
  std::string customer_id;
  std::string zone;                 // "" for a review (the shopper is long gone)
  int group_size = 1;               // shoppers; each sends the zone webhooks
  int flagged_member = -1;          // the one who picked up beer (0-based), -1 without beer
  std::vector<TripLine> lines;      // distinct products
  bool review = false;
  std::int64_t time_of_origin_us = 0;  // when the trip happened
  std::string card_last4;

  std::int64_t total_minor() const;  // sum of price x quantity: what AiFi's cart costs
  bool has_alcohol() const;          // Bier in the cart: the exit needs an age check
};

struct PlanOdds {
  int group_percent = 30;   // trips by a group of 2-4 shoppers
  int review_percent = 10;  // trips that are reviews of an order from 1-6 days ago
};

// Plans trip `index`: order id first_order_id + index, a cart of 1-8 products.
TripPlan plan_trip(std::mt19937_64& random, std::int64_t first_order_id, std::int64_t index,
                   const PlanOdds& odds, std::int64_t now_us);

// What a checkout carries: the cart and totals, from the mutator's answer when it gave one.
struct PricedCart {
  JsonPtr cart;  // array of items
  std::string total_price, total_tax, subtotal_price;  // decimal strings
};

// The cart as AiFi sends it to the mutator: AiFi's own prices, no tax lines, no deposits.
PricedCart unpriced_cart(const TripPlan& trip);
// The cart and totals of a mutator answer; false when the answer lacks them or its totals are
// not money (AiFi would then go ahead with its own cart).
bool priced_cart_from_answer(const std::string& answer, PricedCart* out);

// Member `member` (0-based, below group_size) of the trip's group: the same body for entered
// and left (the path tells them apart).
std::string zone_body(const TripPlan& trip, int member, std::int64_t issued_us);
std::string mutator_body(const TripPlan& trip, const std::string& status, std::int64_t issued_us);
std::string checkout_body(const TripPlan& trip, const std::string& status, const PricedCart& priced,
                          std::int64_t issued_us);

}  // namespace lanecast::ctl
