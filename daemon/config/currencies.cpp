#include "daemon/config/currencies.h"

#include <string>

namespace lanecast::config {
namespace {

struct MinorUnitGroup {
  int decimals;
  std::string_view codes;  // three letters each, space-separated
};

// ISO 4217 list one (active codes), by minor unit. Codes marked "N.A." there (precious metals,
// bond units, XDR, XTS, XXX) are absent on purpose.
constexpr MinorUnitGroup kGroups[] = {
    {0, "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"},
    {3, "BHD IQD JOD KWD LYD OMR TND"},
    {4, "CLF UYW"},
    {2, "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN "
        "BWP BYN BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN "
        "ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES "
        "KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK "
        "MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR "
        "SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD "
        "TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG ZWL"},
};

bool lists(std::string_view codes, std::string_view code) {
  for (std::size_t at = 0; at + 3 <= codes.size(); at += 4)
    if (codes.substr(at, 3) == code) return true;
  return false;
}

}  // namespace

std::optional<int> iso4217_minor_units(std::string_view code) {
  if (code.size() != 3) return std::nullopt;
  for (const MinorUnitGroup& group : kGroups)
    if (lists(group.codes, code)) return group.decimals;
  return std::nullopt;
}

Status check_currency_decimals(std::string_view code, int decimals) {
  const std::optional<int> minor = iso4217_minor_units(code);
  if (!minor.has_value() || *minor == decimals) return Status::ok();
  const auto places = [](int n) { return std::to_string(n) + (n == 1 ? " decimal place" : " decimal places"); };
  return Status::invalid_input("store.decimals is " + std::to_string(decimals) + ", but " +
                               std::string(code) + " has " + places(*minor) +
                               " in ISO 4217: set store.decimals = " + std::to_string(*minor));
}

}  // namespace lanecast::config
