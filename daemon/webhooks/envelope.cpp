// The fields around every webhook body: who, where, when, and the order's status and payment.
#include <cstring>
#include <optional>
#include <string>
#include <utility>

#include "daemon/webhooks/body_parts.h"

namespace lanecast::webhooks {
namespace {

// session.sessionId is the key AiFi documents; the top-level copies are deprecated but are
// all that older zone payloads carry.
void read_session_id(const FieldReader& body, std::string& out) {
  std::string from_session, top_level, token;
  if (auto session = body.nested("session")) session->text("sessionId", from_session);
  body.text("sessionId", top_level);
  body.text("sessionToken", token);
  for (std::string* candidate : {&from_session, &top_level, &token}) {
    if (!candidate->empty()) {
      out = std::move(*candidate);
      return;
    }
  }
}

void read_store_id(const FieldReader& body, std::optional<std::int64_t>& out) {
  body.integer("storeId", out);
  if (out.has_value()) return;
  if (auto store = body.nested("store")) store->integer("oasisApiStoreId", out);
}

}  // namespace

void read_envelope(const FieldReader& body, Envelope& out) {
  read_session_id(body, out.session_id);
  if (auto customer = body.nested("customer")) {
    customer->text("id", out.customer_id);
    customer->text("role", out.customer_role);
  }
  read_store_id(body, out.store_id);
  body.text("storeExternalId", out.store_external_id);
  body.timestamp("timeOfOrigin", out.time_of_origin, &out.time_of_origin_text);
  body.timestamp("timeOfIssue", out.time_of_issue);
}

void read_order_status(const FieldReader& body, OrderStatus& out) {
  std::string text;
  body.required_text("status", text);
  if (body.errors().failed()) return;
  for (OrderStatus status : {OrderStatus::kDraft, OrderStatus::kCompleted, OrderStatus::kReviewed}) {
    if (text == status_name(status)) {
      out = status;
      return;
    }
  }
  body.fail("status", "expected \"draft\", \"completed\" or \"reviewed\"");
}

void read_payment(const FieldReader& body, Payment& out) {
  auto payment = body.nested("payment");
  if (!payment) return;
  payment->text("paymentProvider", out.provider);
  payment->text("paymentStatus", out.status);
  payment->text_list("paymentTransactionIds", out.transaction_ids);
}

}  // namespace lanecast::webhooks
