#include "display/pole_screens.h"

#include "display/catalog.h"

namespace lanecast::display {
namespace {

PoleScreen welcome_screen(const LaneView& lane, const PoleTexts& texts) {
  if (!lane.cart.has_value() || lane.cart->lines.empty())
    return {PoleLine::center(texts.welcome_top), PoleLine::center(texts.welcome_bottom)};
  const CartLine& last = lane.cart->lines.back();
  std::string name = last.name;
  if (last.quantity != 1) name = std::to_string(last.quantity) + "x " + name;
  return {PoleLine::pair(std::move(name), pole_amount(last.line_total, texts)),
          PoleLine::pair(texts.total_label, pole_money(lane.cart->total, texts))};
}

PoleScreen paid_screen(const LaneView& lane, const PoleTexts& texts) {
  const MinorUnits total = lane.cart.has_value() ? lane.cart->total : 0;
  switch (lane.payment) {
    case PaymentOutcome::kProcessing:
      return {PoleLine::center(texts.thank_you), PoleLine::center(texts.payment_pending)};
    case PaymentOutcome::kUnpaid:
      return {PoleLine::center(texts.thank_you), PoleLine::center(texts.see_staff)};
    case PaymentOutcome::kPaid:
    case PaymentOutcome::kNone:
      break;
  }
  return {PoleLine::center(texts.thank_you), PoleLine::pair(texts.paid_label, pole_money(total, texts))};
}

}  // namespace

PoleTexts pole_texts_for(std::string_view locale) {
  const Catalog catalog = Catalog::load(locale, "pole");
  PoleTexts texts;
  texts.welcome_top = catalog.text("welcome");
  texts.total_label = catalog.text("total");
  texts.thank_you = catalog.text("thankYou");
  texts.paid_label = catalog.text("paid");
  texts.payment_pending = catalog.text("paymentPending");
  texts.see_staff = catalog.text("seeStaff");
  // One byte on the display: a catalog's "," or "."; anything longer is a catalog mistake.
  const std::string separator = catalog.text("decimalSeparator");
  texts.decimal_separator = separator.size() == 1 ? separator[0] : '.';
  return texts;
}

std::string pole_amount(MinorUnits amount, const PoleTexts& texts) {
  std::string text = format_money(amount, texts.decimals);
  for (char& c : text)
    if (c == '.') c = texts.decimal_separator;
  return text;
}

std::string pole_money(MinorUnits amount, const PoleTexts& texts) {
  std::string text = pole_amount(amount, texts);
  if (!texts.currency_symbol.empty()) text += " " + texts.currency_symbol;
  return text;
}

PoleScreen pole_screen_for(const LaneView& lane, const PoleTexts& texts) {
  switch (lane.phase) {
    case LanePhase::kIdle:
      return {PoleLine::center(texts.idle_top), PoleLine::center(texts.idle_bottom)};
    case LanePhase::kWelcome:
      return welcome_screen(lane, texts);
    case LanePhase::kCart: {
      const MinorUnits total = lane.cart.has_value() ? lane.cart->total : 0;
      return {PoleLine::text(texts.total_label), PoleLine::pair("", pole_money(total, texts))};
    }
    case LanePhase::kPaid:
      return paid_screen(lane, texts);
  }
  return {};
}

}  // namespace lanecast::display
