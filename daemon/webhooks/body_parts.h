// Readers for the parts that several webhook bodies share. Internal to the webhooks layer.
//
// Each records its first problem in the reader's ReadErrors and leaves the rest of `out` as
// far as it got; callers check ReadErrors once they have read the whole body.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "daemon/webhooks/events.h"
#include "daemon/webhooks/field_reader.h"

namespace lanecast::webhooks {

// A body whose cart has more lines than this is refused rather than priced.
inline constexpr std::size_t kMaxCartLines = 10'000;
// Bounds a line's quantity so that price * quantity stays far inside int64 (see money.h).
inline constexpr std::int64_t kMaxQuantity = 1'000'000;

// sessionId/session/sessionToken, customer, storeId/store, storeExternalId, timeOfOrigin,
// timeOfIssue.
void read_envelope(const FieldReader& body, Envelope& out);

// Required "status": "draft", "completed" or "reviewed".
void read_order_status(const FieldReader& body, OrderStatus& out);

// "payment": {paymentProvider, paymentStatus, paymentTransactionIds}; absent leaves `out` empty.
void read_payment(const FieldReader& body, Payment& out);

// The array at `key` ("cart"): absent or null leaves `out` empty; at most kMaxCartLines.
void read_cart(const FieldReader& body, const char* key, std::vector<CartItem>& out);

}  // namespace lanecast::webhooks
