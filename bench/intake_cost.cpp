// The HTTP thread's CPU per webhook, without HTTP or storage: intake_checkout on the reference
// checkout and intake_cart_mutator on a 50-line cart priced with the German example rules (the
// bodies bench/checkout.lua and bench/mutator.lua send). Each is run for about a second after
// a warm-up, and the median of five runs is printed in microseconds per webhook. A second line
// prints what compressing the record's body and answer for the journal adds (Writer::submit
// does it on the same thread, storage/compression.h).
//
//   build/bench/intake_cost [fixtures dir] [rules file]
//
// Built with the tests (-DLANECAST_TESTS=ON); compare two builds by running both.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "daemon/app/mutator_setup.h"
#include "daemon/app/webhook_intake.h"
#include "daemon/pricing/rules_loader.h"
#include "storage/compression.h"

namespace {

using lanecast::app::IntakeSettings;
using lanecast::app::Mutator;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::exit(1);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The same lines as bench/mutator.lua's item(i).
std::string fifty_line_cart() {
  const char* categories[] = {"Getränke", "Backwaren", "Obst & Gemüse", "Bier", "Milchprodukte"};
  std::string items;
  for (int i = 1; i <= 50; ++i) {
    const int cents = 99 + (i * 37) % 900;
    char price[16];
    std::snprintf(price, sizeof price, "%d.%02d", cents / 100, cents % 100);
    const char* category = categories[i % 5];
    char line[1024];
    std::snprintf(line, sizeof line,
                  "%s{\"id\":\"item-%d\",\"externalId\":\"sku-%d\",\"name\":\"Artikel %d\","
                  "\"barcode\":\"400%07d\",\"category\":\"%s\",\"sku\":\"sku-%d\",\"thumbnail\":\"\","
                  "\"price\":%s,\"productId\":%d,\"quantity\":%d,\"productSnapshot\":{\"name\":"
                  "\"Artikel %d\",\"price\":\"%s\",\"barcode\":\"400%07d\",\"category\":\"%s\","
                  "\"sku\":\"sku-%d\",\"externalId\":\"sku-%d\",\"taxCode\":\"\",\"weight\":0,"
                  "\"id\":%d,\"productId\":%d},\"taxLines\":[]}",
                  i == 1 ? "" : ",", i, i, i, i, category, i, price, i, 1 + i % 3, i, price, i,
                  category, i, i, i, i);
    items += line;
  }
  return "{\"sessionId\":\"bench-session\",\"session\":{\"sessionId\":\"bench-session\"},"
         "\"customer\":{\"id\":\"c1\",\"role\":\"customer\"},\"storeId\":1,\"storeExternalId\":"
         "\"bench\",\"timeOfOrigin\":\"2026-11-25T11:00:00Z\",\"timeOfIssue\":"
         "\"2026-11-25T11:00:02Z\",\"orderId\":1,\"status\":\"draft\",\"cart\":[" +
         items +
         "],\"totalPrice\":\"0.00\",\"totalTax\":\"0.00\",\"subtotalPrice\":\"0.00\","
         "\"payment\":{\"paymentStatus\":\"success\",\"paymentTransactionIds\":[]},"
         "\"metadata\":{}}";
}

template <typename Intake>
double median_us_per_call(Intake intake) {
  using Clock = std::chrono::steady_clock;
  for (int i = 0; i < 200; ++i) intake();
  std::vector<double> runs;
  for (int run = 0; run < 5; ++run) {
    long calls = 0;
    const auto start = Clock::now();
    auto elapsed = Clock::duration::zero();
    while (elapsed < std::chrono::milliseconds(1000)) {
      for (int i = 0; i < 50; ++i) intake();
      calls += 50;
      elapsed = Clock::now() - start;
    }
    runs.push_back(std::chrono::duration<double, std::micro>(elapsed).count() / static_cast<double>(calls));
  }
  std::sort(runs.begin(), runs.end());
  return runs[2];
}

}  // namespace

int main(int argc, char** argv) {
  const std::string fixtures = argc > 1 ? argv[1] : LANECAST_SOURCE_DIR "/tests/fixtures";
  const std::string rules_file =
      argc > 2 ? argv[2] : LANECAST_SOURCE_DIR "/packaging/examples/pricing-de.json";
  const IntakeSettings settings;
  auto rules = lanecast::pricing::load_rules(read_file(rules_file), rules_file, settings.decimals);
  if (!rules.is_ok()) {
    std::fprintf(stderr, "%s\n", rules.status().to_string().c_str());
    return 1;
  }
  Mutator mutator;
  for (const auto& deposit : (*rules)->deposits()) mutator.deposit_ids.push_back(deposit.external_id);
  mutator.mutate = lanecast::app::pricing_function(*rules, settings.decimals, 10'000'000);

  const std::string checkout = read_file(fixtures + "/checkout-reference-example.json");
  const std::string cart = fifty_line_cart();
  bool ok = true;
  const double checkout_us = median_us_per_call([&] {
    ok &= lanecast::app::intake_checkout("/aifi/checkout", checkout, 0, settings, mutator).is_ok();
  });
  const double cart_us = median_us_per_call([&] {
    ok &= lanecast::app::intake_cart_mutator("/aifi/cart-mutator", cart, 0, settings, mutator).is_ok();
  });
  if (!ok) {
    std::fprintf(stderr, "an intake failed\n");
    return 1;
  }
  std::printf("intake: checkout (%zu bytes) %.1f us, 50-line cart (%zu bytes) %.1f us\n",
              checkout.size(), checkout_us, cart.size(), cart_us);

  auto checkout_record = lanecast::app::intake_checkout("/aifi/checkout", checkout, 0, settings, mutator);
  auto cart_record = lanecast::app::intake_cart_mutator("/aifi/cart-mutator", cart, 0, settings, mutator);
  std::size_t stored[2] = {0, 0};
  const lanecast::storage::WebhookRecord* records[2] = {&checkout_record->record, &cart_record->record};
  double compress_us[2] = {0, 0};
  for (int i = 0; i < 2; ++i) {
    const auto& record = *records[i];
    compress_us[i] = median_us_per_call([&] {
      const auto payload = lanecast::storage::compress_payload(record.body, record.answer);
      stored[i] = payload.body.size() + (payload.answer ? payload.answer->size() : record.answer.size());
    });
  }
  std::printf("compression: checkout %.1f us (%zu bytes of body and answer -> %zu), 50-line cart %.1f us "
              "(%zu -> %zu)\n",
              compress_us[0], records[0]->body.size() + records[0]->answer.size(), stored[0],
              compress_us[1], records[1]->body.size() + records[1]->answer.size(), stored[1]);
  return 0;
}
