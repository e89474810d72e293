#include "display/lane_view.h"

#include <array>
#include <cctype>

namespace lanecast::display {
namespace {

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

const char* phase_name(LanePhase phase) {
  switch (phase) {
    case LanePhase::kIdle: return "idle";
    case LanePhase::kWelcome: return "welcome";
    case LanePhase::kCart: return "cart";
    case LanePhase::kPaid: return "paid";
  }
  return "idle";
}

const char* payment_outcome_name(PaymentOutcome outcome) {
  switch (outcome) {
    case PaymentOutcome::kNone: return "none";
    case PaymentOutcome::kPaid: return "paid";
    case PaymentOutcome::kProcessing: return "processing";
    case PaymentOutcome::kUnpaid: return "unpaid";
  }
  return "none";
}

PaymentOutcome payment_outcome_from_status(std::string_view payment_status) {
  static constexpr std::array<std::string_view, 8> kPaid = {
      "success", "succeeded", "successful", "paid", "captured", "settled", "authorized",
      "completed"};
  static constexpr std::array<std::string_view, 5> kProcessing = {
      "", "processing", "pending", "in_progress", "waiting"};
  const std::string status = lowercase(payment_status);
  for (std::string_view word : kPaid)
    if (status == word) return PaymentOutcome::kPaid;
  for (std::string_view word : kProcessing)
    if (status == word) return PaymentOutcome::kProcessing;
  return PaymentOutcome::kUnpaid;
}

bool LaneView::same_content(const LaneView& other) const {
  return zone == other.zone && phase == other.phase && cart == other.cart &&
         order_id == other.order_id && payment == other.payment &&
         shoppers == other.shoppers && attention == other.attention;
}

const char* alert_kind_name(AlertKind kind) {
  switch (kind) {
    case AlertKind::kAgeCheck: return "age_check";
    case AlertKind::kPaymentNotSuccessful: return "payment_not_successful";
    case AlertKind::kOrderReviewed: return "order_reviewed";
    case AlertKind::kMutatorFailed: return "mutator_failed";
    case AlertKind::kMutationSkipped: return "mutation_skipped";
    case AlertKind::kDiskLow: return "disk_low";
    case AlertKind::kCertificateExpiring: return "certificate_expiring";
    case AlertKind::kForwardBacklog: return "forward_backlog";
  }
  return "age_check";
}

}  // namespace lanecast::display
