#include "daemon/ctl/trip.h"

#include <algorithm>

#include "daemon/core/money.h"
#include "daemon/core/timestamp.h"
#include "daemon/ctl/records_json.h"

namespace lanecast::ctl {
namespace {

constexpr std::int64_t kStoreId = 1;
constexpr std::int64_t kMicrosPerHour = 3'600'000'000;

std::int64_t between(std::mt19937_64& random, std::int64_t low, std::int64_t high) {
  return std::uniform_int_distribution<std::int64_t>(low, high)(random);
}

std::string hex(std::uint64_t value, int digits) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text(static_cast<std::size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i, value >>= 4) text[static_cast<std::size_t>(i)] = kDigits[value & 0xF];
  return text;
}

std::string uuid(std::mt19937_64& random) {
  const std::uint64_t high = random();
  const std::uint64_t low = random();
  const std::string h = hex((high & ~0xF000ULL) | 0x4000ULL, 16);  // version 4
  const std::string l = hex((low & ~(0xCULL << 60)) | (0x8ULL << 60), 16);  // RFC 4122 variant
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + l.substr(0, 4) + "-" + l.substr(4);
}

// AiFi's timestamps carry milliseconds: "2026-11-28T10:15:00.123Z".
std::string aifi_time(std::int64_t unix_micros) {
  const std::string text = format_timestamp(unix_micros);  // six fraction digits and 'Z'
  return text.substr(0, text.size() - 4) + "Z";
}

const Product& pick_product(std::mt19937_64& random) {
  const auto catalog = store_catalog();
  int total = 0;
  for (const Product& p : catalog) total += p.popularity;
  std::int64_t ticket = between(random, 0, total - 1);
  for (const Product& p : catalog) {
    ticket -= p.popularity;
    if (ticket < 0) return p;
  }
  return catalog.back();
}

std::vector<TripLine> pick_lines(std::mt19937_64& random) {
  const std::int64_t wanted = between(random, 1, 4) + between(random, 0, 4);
  std::vector<TripLine> lines;
  for (int tries = 0; static_cast<std::int64_t>(lines.size()) < wanted && tries < 50; ++tries) {
    const Product& product = pick_product(random);
    const bool taken = std::any_of(lines.begin(), lines.end(), [&](const TripLine& l) { return l.product == &product; });
    if (taken) continue;
    const bool drink = product.category == "Getränke" || product.category == "Bier";
    const std::int64_t quantity = between(random, 0, 9) < 7 ? 1 : between(random, 2, drink ? 6 : 3);
    lines.push_back({&product, quantity});
  }
  return lines;
}

void add_string(cJSON* object, const char* name, std::string_view text) {
  cJSON_AddItemToObject(object, name, cJSON_CreateString(std::string(text).c_str()));
}

// A JSON number written from exact decimal text: 1.49 stays 1.49.
void add_money_number(cJSON* object, const char* name, std::int64_t minor) {
  cJSON_AddItemToObject(object, name, cJSON_CreateRaw(format_money(minor, kSimulatorDecimals).c_str()));
}

cJSON* item_json(const TripPlan& trip, const TripLine& line, std::size_t index) {
  const Product& p = *line.product;
  const std::string barcode = barcode_of(p);
  const std::string thumbnail = "https://images.example.com/products/" + barcode + ".jpg";
  cJSON* item = cJSON_CreateObject();
  add_string(item, "id", std::to_string(trip.order_id) + "-" + std::to_string(index + 1));
  add_string(item, "name", p.name);
  add_string(item, "barcode", barcode);
  add_string(item, "category", p.category);
  add_string(item, "sku", p.sku);
  add_string(item, "thumbnail", thumbnail);
  add_string(item, "externalId", p.sku);
  add_money_number(item, "price", p.price_minor);
  add_integer(item, "productId", p.product_id);
  add_integer(item, "quantity", line.quantity);
  cJSON* snapshot = cJSON_AddObjectToObject(item, "productSnapshot");
  add_string(snapshot, "name", p.name);
  add_string(snapshot, "price", format_money(p.price_minor, kSimulatorDecimals));
  add_string(snapshot, "barcode", barcode);
  add_string(snapshot, "category", p.category);
  add_string(snapshot, "thumbnail", thumbnail);
  add_integer(snapshot, "weight", p.weight_grams);
  add_string(snapshot, "sku", p.sku);
  add_string(snapshot, "externalId", p.sku);
  add_string(snapshot, "taxCode", p.tax_code);
  add_integer(snapshot, "id", p.product_id);
  add_integer(snapshot, "productId", p.product_id);
  add_string(snapshot, "createdAt", "2025-03-01T08:00:00.000Z");
  add_string(snapshot, "updatedAt", "2026-10-01T08:00:00.000Z");
  cJSON_AddArrayToObject(item, "taxLines");
  return item;
}

JsonPtr envelope(const TripPlan& trip, std::int64_t issued_us) {
  JsonPtr root(cJSON_CreateObject());
  cJSON* r = root.get();
  add_string(r, "sessionId", trip.session_id);
  cJSON* session = cJSON_AddObjectToObject(r, "session");
  add_string(session, "sessionId", trip.session_id);
  add_string(session, "sessionToken", trip.session_id);
  add_string(session, "status", trip.review ? "finished" : "active");
  add_string(session, "createdAt", aifi_time(trip.time_of_origin_us));
  add_integer(session, "groupSize", trip.group_size);
  add_integer(session, "visitors", trip.group_size);
  add_integer(session, "storeId", kStoreId);
  cJSON* customer = cJSON_AddObjectToObject(r, "customer");
  add_string(customer, "id", trip.customer_id);
  add_string(customer, "externalId", "loyalty-" + trip.customer_id);
  add_string(customer, "role", "customer");
  cJSON_AddObjectToObject(customer, "metadata");
  add_integer(r, "storeId", kStoreId);
  cJSON* store = cJSON_AddObjectToObject(r, "store");
  add_integer(store, "oasisApiStoreId", kStoreId);
  add_string(store, "aifiUniqueStoreId", "lanecast-simulated-store");
  add_string(r, "storeExternalId", "DE-0001");
  add_string(r, "timeOfOrigin", aifi_time(trip.time_of_origin_us));
  add_string(r, "timeOfIssue", aifi_time(issued_us));
  return root;
}

void add_payment(cJSON* root, const TripPlan& trip, const std::string& status) {
  cJSON* payment = cJSON_AddObjectToObject(root, "payment");
  add_string(payment, "paymentProvider", "ADYEN");
  cJSON* instrument = cJSON_AddObjectToObject(payment, "paymentInstrument");
  add_string(instrument, "type", "card");
  add_string(instrument, "cardBin", "416598");
  add_string(instrument, "cardLast4", trip.card_last4);
  add_integer(instrument, "cardExpMonth", 9);
  add_integer(instrument, "cardExpYear", 2029);
  add_string(instrument, "cardBrand", "visa");
  add_string(payment, "paymentStatus", status == "draft" ? "pending" : "success");
  cJSON* ids = cJSON_AddArrayToObject(payment, "paymentTransactionIds");
  if (status != "draft") {
    cJSON_AddItemToArray(ids, cJSON_CreateString(("psp-" + std::to_string(trip.order_id) + "-" + status).c_str()));
  }
}

void add_totals(cJSON* root, const PricedCart& priced) {
  add_string(root, "totalPrice", priced.total_price);
  add_string(root, "totalTax", priced.total_tax);
  add_string(root, "subtotalPrice", priced.subtotal_price);
}

// A decimal string as the store writes it ("12.4" -> "12.40"); false when it is not money
// in cents (parse_money would round "1.001" to 1.00: read finer and compare).
bool normalised_money(const cJSON* item, std::string* out) {
  if (!cJSON_IsString(item)) return false;
  auto minor = parse_money(item->valuestring, kSimulatorDecimals);
  auto finer = parse_money(item->valuestring, kMaxDecimals);
  if (!minor.is_ok() || !finer.is_ok()) return false;
  if (*finer != *minor * minor_per_major(kMaxDecimals - kSimulatorDecimals)) return false;
  *out = format_money(*minor, kSimulatorDecimals);
  return true;
}

}  // namespace

std::int64_t TripPlan::total_minor() const {
  std::int64_t total = 0;
  for (const TripLine& line : lines) total += line.product->price_minor * line.quantity;
  return total;
}

bool TripPlan::has_alcohol() const {
  return std::any_of(lines.begin(), lines.end(), [](const TripLine& l) { return l.product->category == "Bier"; });
}

TripPlan plan_trip(std::mt19937_64& random, std::int64_t first_order_id, std::int64_t index,
                   const PlanOdds& odds, std::int64_t now_us) {
  TripPlan trip;
  trip.order_id = first_order_id + index;
  trip.session_id = uuid(random);
  trip.customer_id = std::to_string(between(random, 100'000, 999'999));
  trip.review = between(random, 0, 99) < odds.review_percent;
  trip.group_size = between(random, 0, 99) < odds.group_percent ? static_cast<int>(between(random, 2, 4)) : 1;
  trip.lines = pick_lines(random);
  if (trip.has_alcohol()) trip.flagged_member = static_cast<int>(between(random, 0, trip.group_size - 1));
  trip.card_last4 = std::to_string(between(random, 1000, 9999));
  trip.time_of_origin_us = now_us;
  if (trip.review) trip.time_of_origin_us -= between(random, 24, 6 * 24) * kMicrosPerHour + between(random, 0, kMicrosPerHour);
  return trip;
}

PricedCart unpriced_cart(const TripPlan& trip) {
  PricedCart priced;
  priced.cart.reset(cJSON_CreateArray());
  for (std::size_t i = 0; i < trip.lines.size(); ++i) cJSON_AddItemToArray(priced.cart.get(), item_json(trip, trip.lines[i], i));
  priced.total_price = format_money(trip.total_minor(), kSimulatorDecimals);
  priced.total_tax = format_money(0, kSimulatorDecimals);
  priced.subtotal_price = priced.total_price;
  return priced;
}

bool priced_cart_from_answer(const std::string& answer, PricedCart* out) {
  JsonPtr root = json_parse(answer);
  const cJSON* cart = cJSON_GetObjectItemCaseSensitive(root.get(), "cart");
  PricedCart priced;
  if (!cJSON_IsArray(cart) ||
      !normalised_money(cJSON_GetObjectItemCaseSensitive(root.get(), "totalPrice"), &priced.total_price) ||
      !normalised_money(cJSON_GetObjectItemCaseSensitive(root.get(), "totalTax"), &priced.total_tax) ||
      !normalised_money(cJSON_GetObjectItemCaseSensitive(root.get(), "subtotalPrice"), &priced.subtotal_price)) {
    return false;
  }
  priced.cart.reset(cJSON_Duplicate(cart, true));
  *out = std::move(priced);
  return true;
}

std::string zone_body(const TripPlan& trip, int member, std::int64_t issued_us) {
  JsonPtr root = envelope(trip, issued_us);
  cJSON* r = root.get();
  // The zone webhook's timeOfOrigin is the moment of crossing the zone's edge.
  cJSON_ReplaceItemInObject(r, "timeOfOrigin", cJSON_CreateString(aifi_time(issued_us).c_str()));
  add_string(r, "checkoutZoneId", trip.zone);
  const bool flagged = member == trip.flagged_member;
  cJSON_AddBoolToObject(r, "specialAttention", flagged);
  cJSON_AddArrayToObject(r, "shoppingSessionFlags");
  cJSON* shopper = cJSON_AddObjectToObject(r, "shopper");
  add_string(shopper, "shopperId", trip.customer_id + "-" + std::to_string(member + 1));
  if (flagged) {
    add_string(shopper, "shopperFlags", "POTENTIALLY_INTERACTED_WITH_ALCOHOL");
  } else {
    cJSON_AddArrayToObject(shopper, "shopperFlags");
  }
  return json_print(r);
}

std::string mutator_body(const TripPlan& trip, const std::string& status, std::int64_t issued_us) {
  JsonPtr root = envelope(trip, issued_us);
  cJSON* r = root.get();
  PricedCart cart = unpriced_cart(trip);
  cJSON_AddItemToObject(r, "cart", cart.cart.release());
  cJSON_AddObjectToObject(r, "metadata");
  add_integer(r, "orderId", trip.order_id);
  add_string(r, "status", status);
  add_totals(r, cart);
  add_payment(r, trip, status);
  return json_print(r);
}

std::string checkout_body(const TripPlan& trip, const std::string& status, const PricedCart& priced,
                          std::int64_t issued_us) {
  JsonPtr root = envelope(trip, issued_us);
  cJSON* r = root.get();
  add_integer(r, "orderId", trip.order_id);
  add_string(r, "status", status);
  cJSON_AddItemToObject(r, "cart", cJSON_Duplicate(priced.cart.get(), true));
  // AiFi's deprecated amount is a JSON number: written from the total's exact text.
  cJSON_AddItemToObject(r, "amount", cJSON_CreateRaw(priced.total_price.c_str()));
  add_totals(r, priced);
  add_payment(r, trip, status);
  return json_print(r);
}

}  // namespace lanecast::ctl
