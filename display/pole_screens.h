// What the 2x20 pole display says for a lane's state: four screens and the idle one.
//
//   idle     idle_top / idle_bottom, centered (blank by default)
//   welcome  welcome_top / welcome_bottom, centered; with a live cart instead:
//            "6x Mineralwasser 4.14"   last line: quantity (when not 1), name, line total
//            "Total       11.92 EUR"   running total
//   cart     "Total"                   the priced total, right-aligned on the lower line
//            "           11.92 EUR"
//   paid     "     Thank you!     "
//            "Paid        11.92 EUR" / "  Payment pending   " / "  Please see staff  "
//            by the payment outcome (paid / processing / unpaid)
// Texts are UTF-8, from the message catalogs' "pole" section (catalog.h) or the store's
// configuration; transliteration and fitting happen in pole_protocol.
//
// Thread: pure functions; callable from any thread.
#pragma once

#include <string>
#include <string_view>

#include "daemon/core/money.h"
#include "display/lane_view.h"
#include "display/pole_protocol.h"

namespace lanecast::display {

struct PoleTexts {
  std::string idle_top;
  std::string idle_bottom;
  std::string welcome_top = "Welcome";
  std::string welcome_bottom;
  std::string total_label = "Total";
  std::string thank_you = "Thank you!";
  std::string paid_label = "Paid";
  std::string payment_pending = "Payment pending";
  std::string see_staff = "Please see staff";
  std::string currency_symbol = "EUR";  // "€" is fine too: see pole_protocol.h
  char decimal_separator = '.';
  int decimals = 2;                     // store.decimals
};

// The words of `locale`'s catalogs (pl-PL -> pl -> en) and its decimal separator; the idle
// texts, the currency and the decimals are the store's and stay at their defaults.
PoleTexts pole_texts_for(std::string_view locale);

// "11.92" with the configured separator.
std::string pole_amount(MinorUnits amount, const PoleTexts& texts);
// "11.92 EUR"
std::string pole_money(MinorUnits amount, const PoleTexts& texts);

PoleScreen pole_screen_for(const LaneView& lane, const PoleTexts& texts);

}  // namespace lanecast::display
