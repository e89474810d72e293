// Cart-mutator records for storage tests, beside storage_test_support.h's checkouts and zone
// events.
#pragma once

#include <cstdint>
#include <string>

#include "storage/records.h"

namespace storage_test {

inline lanecast::storage::MutationInfo priced(std::int64_t total, std::int64_t tax,
                                              std::int64_t duration_us) {
  lanecast::storage::MutationInfo info;
  info.rules_version = "rules-v1";
  info.duration_us = duration_us;
  info.total_minor = total;
  info.tax_minor = tax;
  return info;
}

inline lanecast::storage::MutationInfo fell_back(const std::string& why) {
  lanecast::storage::MutationInfo info;
  info.duration_us = 250'000;
  info.fell_back = true;
  info.failure = why;
  return info;
}

// The request body and the dedupe key differ per (order, time), like AiFi's real requests.
inline lanecast::storage::WebhookRecord mutator_request(std::int64_t order_id,
                                                        const std::string& status,
                                                        std::int64_t at_us,
                                                        lanecast::storage::MutationInfo mutation) {
  lanecast::storage::WebhookRecord record;
  record.kind = "cart_mutator";
  record.path = "/aifi/cart-mutator";
  record.received_at_us = at_us;
  record.body = "{\"orderId\":" + std::to_string(order_id) + ",\"status\":\"" + status +
                "\",\"at\":" + std::to_string(at_us) + "}";
  record.dedupe_key = "cart_mutator|" + std::to_string(order_id) + "|" + std::to_string(at_us);
  record.session_id = "session-" + std::to_string(order_id);
  record.order_id = order_id;
  record.status = status;
  record.answer = "{\"priced\":" + std::to_string(order_id) + "}";
  record.mutation = std::move(mutation);
  return record;
}

}  // namespace storage_test
