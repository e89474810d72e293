// Fuzzes what every webhook body goes through on the libmicrohttpd thread: the strict JSON
// reader, the three typed parsers, and the cart views the screens are built from.
//
// Beyond "no crash, no leak, no undefined behaviour" it checks the contract of parser.h: every
// rejection is invalid_input with a message, and what is accepted stays within the limits
// that the parser promises (cart size, quantity range). And it holds the reader and the
// writer to cJSON: whatever the reader accepts, cJSON parses to a tree that prints the same,
// and the writer prints every accepted tree exactly as cJSON_PrintUnformatted does (the
// mutator's echo depends on both).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "daemon/core/json.h"
#include "daemon/core/json_writer.h"
#include "daemon/webhooks/parser.h"
#include "display/cart_view.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using lanecast::Status;
using namespace lanecast::webhooks;

void check_rejection(const Status& status) {
  FUZZ_CHECK(status.kind() == Status::Kind::kInvalidInput, status.message().c_str());
  FUZZ_CHECK(!status.message().empty(), "a rejection without a reason");
}

void check_cart(const std::vector<CartItem>& cart) {
  FUZZ_CHECK(cart.size() <= 10'000, "more cart lines than the limit");
  for (const CartItem& item : cart)
    FUZZ_CHECK(item.quantity >= 0 && item.quantity <= 1'000'000, "quantity out of range");
}

template <typename Parsed>
void check(const lanecast::Result<Parsed>& parsed) {
  if (!parsed.is_ok()) check_rejection(parsed.status());
}

void parse_every_kind(const cJSON* root, int decimals) {
  auto checkout = parse_checkout(root, decimals);
  check(checkout);
  if (checkout.is_ok()) check_cart(checkout->cart);
  auto mutator = parse_cart_mutator(root, decimals);
  check(mutator);
  if (mutator.is_ok()) check_cart(mutator->cart);
  auto zone = parse_zone_event(root, true, decimals);
  check(zone);
  if (zone.is_ok()) {
    FUZZ_CHECK(!zone->zone_id.empty() && !zone->envelope.session_id.empty(), "zone event without ids");
    if (zone->cart) check_cart(*zone->cart);
  }
  lanecast::display::CartViewOptions options;
  options.decimals = decimals;
  if (checkout.is_ok()) {
    auto view = lanecast::display::cart_view_of(
        checkout->cart, {checkout->total_price, checkout->total_tax, checkout->subtotal_price},
        options);
    if (!view.is_ok()) check_rejection(view.status());
    else FUZZ_CHECK(view->lines.size() == checkout->cart.size(), "a cart line lost on the screen");
  }
}

void check_against_cjson(const cJSON* root, std::string_view body) {
  const std::string printed = lanecast::json_print(root);
  FUZZ_CHECK(lanecast::print_json(root) == printed, "the writer differs from cJSON's printer");
  lanecast::JsonPtr by_cjson = lanecast::json_parse(body);
  FUZZ_CHECK(by_cjson != nullptr, "cJSON refuses what the strict reader accepted");
  FUZZ_CHECK(lanecast::json_print(by_cjson.get()) == printed, "the reader built another tree than cJSON");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto root = parse_json_strict(body, JsonLimits{});
  if (!root.is_ok()) {
    check_rejection(root.status());
    return 0;
  }
  FUZZ_CHECK(cJSON_IsObject(root->get()), "a top level that is not an object was accepted");
  check_against_cjson(root->get(), body);
  parse_every_kind(root->get(), 2);
  parse_every_kind(root->get(), 0);  // yen: no decimals
  return 0;
}
