#include "daemon/pricing/rules_loader.h"

#include <string>

#include "daemon/pricing/mutator.h"
#include "pricing_test_support.h"

// Last: CppUTest redefines operator new for leak detection.
#include <CppUTest/TestHarness.h>

using lanecast::Status;
using lanecast::pricing::load_rules_file;
using lanecast::pricing::load_rules_text;

namespace {

// The smallest valid rules file; every rejected file below is this with one edit.
const std::string kMinimal = R"({"format": "lanecast-pricing/1",
  "store": {"pricesIncludeTax": true, "rounding": "half-up", "taxRoundingLevel": "line",
            "timeZone": "UTC", "defaultTax": "V"},
  "taxes": {"V": {"title": "VAT", "rate": "19"}, "R": {"title": "VAT reduced", "rate": "7"}},
  "taxCategories": {"Food": "R"},
  "deposits": [{"match": {"sku": "B1"}, "externalId": "lanecast-dep", "name": "Deposit",
                "price": "0.25"}],
  "adjustments": [{"title": "Offer", "match": {"category": "Beer"}, "percentOff": "20",
                   "when": {"days": ["mon", "fri"], "hours": "16:00-18:00"}}],
  "removals": [{"match": {"category": "Tobacco"}}]
})";

std::string edit(const std::string& from, const std::string& to, std::string text = kMinimal) {
  const auto at = text.find(from);
  CHECK_TRUE_TEXT(at != std::string::npos, from.c_str());
  return text.replace(at, from.size(), to);
}

struct Rejected {
  std::string text;
  const char* message;  // what must follow "bad.json: "
};

const Rejected kRejected[] = {
    {"{", "$: not valid JSON (line 1)"},
    {kMinimal + " x", "$: text after the JSON document (line 11)"},
    {"[]", "$: expected an object"},
    {edit(R"("format": "lanecast-pricing/1",)", ""), "$.format: missing"},
    {edit("lanecast-pricing/1", "lanecast-pricing/2"), "$.format: expected \"lanecast-pricing/1\""},
    {edit(R"("removals")", R"("discounts": [], "removals")"), "$.discounts: unknown key"},
    {edit(R"("rounding")", R"("roundng")"), "$.store.roundng: unknown key"},
    {edit(R"("rounding": "half-up")", R"("rounding": "up")"),
     "$.store.rounding: expected one of \"half-up\", \"half-even\""},
    {edit(R"("taxRoundingLevel": "line")", R"("taxRoundingLevel": "invoice")"),
     "$.store.taxRoundingLevel: expected one of \"line\", \"order\""},
    {edit(R"("pricesIncludeTax": true)", R"("pricesIncludeTax": "yes")"),
     "$.store.pricesIncludeTax: expected true or false"},
    {edit(R"("pricesIncludeTax": true, )", ""), "$.store.pricesIncludeTax: missing"},
    {edit(R"("rounding": "half-up",)", R"("rounding": "half-up", "rounding": "half-even",)"),
     "$.store: duplicate key 'rounding'"},
    {edit(R"("timeZone": "UTC")", R"("timeZone": "Mars/Olympus")"),
     "$.store.timeZone: unknown time zone 'Mars/Olympus'"},
    {edit(R"("timeZone": "UTC")", R"("timeZone": "../../etc/passwd")"),
     "$.store.timeZone: '../../etc/passwd' is not a time zone name"},
    {edit(R"("defaultTax": "V")", R"("defaultTax": "X")"),
     "$.store.defaultTax: unknown tax 'X' (not a key of $.taxes)"},
    {edit(R"("rate": "19")", R"("rate": "19%")"),
     "$.taxes.V.rate: '19%' is not a decimal percentage"},
    {edit(R"("rate": "19")", R"("rate": "120")"), "$.taxes.V.rate: '120' is above 100 percent"},
    {edit(R"("rate": "19")", R"("rate": 19)"), "$.taxes.V.rate: expected a non-empty string"},
    {edit(R"("rate": "19")", R"("rate": "19.00001")"),
     "$.taxes.V.rate: '19.00001' has more than 4 decimal places"},
    {edit(R"("title": "VAT",)", ""), "$.taxes.V.title: missing"},
    {edit(R"("R": {)", R"("V": {)"), "$.taxes: duplicate key 'V'"},
    {edit(R"("taxCategories": {"Food": "R"})", R"("taxCategories": {"Obst & Gemüse": "Z"})"),
     "$.taxCategories[\"Obst & Gemüse\"]: unknown tax 'Z' (not a key of $.taxes)"},
    {edit(R"("price": "0.25")", R"("price": "0.255")"),
     "$.deposits[0].price: '0.255' has more decimal places than the store's 2"},
    {edit(R"("price": "0.25")", R"("price": "-0.25")"),
     "$.deposits[0].price: must not be negative"},
    {edit(R"("price": "0.25")", R"("price": 0.25)"),
     "$.deposits[0].price: expected a decimal string like \"0.25\""},
    {edit(R"("externalId": "lanecast-dep")", R"("externalId": "pfand")"),
     "$.deposits[0].externalId: 'pfand' must start with the added-line prefix 'lanecast-'"},
    {edit(R"({"sku": "B1"})", R"({"sku": "B1", "category": "Beer"})"),
     "$.deposits[0].match: expected exactly one of sku, barcode, externalId, category"},
    {edit(R"({"sku": "B1"})", R"({"ean": "B1"})"), "$.deposits[0].match.ean: unknown key"},
    {edit(R"({"sku": "B1"})", R"({"sku": []})"),
     "$.deposits[0].match.sku: expected a non-empty string or a non-empty array of them"},
    {edit(R"({"sku": "B1"})", R"({"sku": ["B1", 7]})"),
     "$.deposits[0].match.sku[1]: expected a non-empty string"},
    {edit(R"("price": "0.25"})", R"("price": "0.25", "tax": "Q"})"),
     "$.deposits[0].tax: unknown tax 'Q' (not a key of $.taxes)"},
    {edit(R"("hours": "16:00-18:00")", R"("hours": "18:00-16:00")"),
     "$.adjustments[0].when.hours: '18:00-16:00': the end must come after the start"},
    {edit(R"("hours": "16:00-18:00")", R"("hours": "4pm-6pm")"),
     "$.adjustments[0].when.hours: '4pm-6pm' is not a time window like \"16:00-18:00\""},
    {edit(R"(["mon", "fri"])", R"(["mon", "Fri"])"),
     "$.adjustments[0].when.days[1]: 'Fri' is not a weekday"},
    {edit(R"(["mon", "fri"])", R"(["mon", "mon"])"),
     "$.adjustments[0].when.days[1]: weekday listed twice"},
    {edit(R"(["mon", "fri"])", R"([])"),
     "$.adjustments[0].when.days: expected a non-empty array of weekdays"},
    {edit(R"("hours": "16:00-18:00")", R"("dateFrom": "2023-02-29")"),
     "$.adjustments[0].when.dateFrom: '2023-02-29' is not a date like \"2024-06-01\""},
    {edit(R"("hours": "16:00-18:00")", R"("dateFrom": "2024-06-02", "dateTo": "2024-06-01")"),
     "$.adjustments[0].when.dateTo: comes before dateFrom"},
    {edit(R"("when": {"days": ["mon", "fri"], "hours": "16:00-18:00"})", R"("when": {})"),
     "$.adjustments[0].when: expected at least one of days, hours, dateFrom, dateTo"},
    {edit(R"("percentOff": "20")", R"("percentOff": "20", "amountOff": "1.00")"),
     "$.adjustments[0]: expected exactly one of fixedPrice, percentOff, amountOff, buy"},
    {edit(R"("percentOff": "20",)", ""),
     "$.adjustments[0]: expected exactly one of fixedPrice, percentOff, amountOff, buy"},
    {edit(R"("percentOff": "20")", R"("percentOff": "150")"),
     "$.adjustments[0].percentOff: '150' is above 100 percent"},
    {edit(R"("percentOff": "20")", R"("percentOff": "20", "pay": 2)"),
     "$.adjustments[0].pay: only allowed with \"buy\""},
    {edit(R"("percentOff": "20")", R"("buy": 3, "pay": 3, "externalId": "lanecast-3for2")"),
     "$.adjustments[0].pay: must be less than \"buy\""},
    {edit(R"("percentOff": "20")", R"("buy": 3.5, "pay": 2, "externalId": "lanecast-x")"),
     "$.adjustments[0].buy: expected a whole number from 2 to 1000"},
    {edit(R"("percentOff": "20")", R"("buy": 3, "pay": 2, "externalId": "deal-3for2")"),
     "$.adjustments[0].externalId: 'deal-3for2' must start with the added-line prefix"},
    {edit(R"("percentOff": "20")", R"("buy": 3, "pay": 2)"),
     "$.adjustments[0].externalId: missing"},
    {edit(R"("percentOff": "20")", R"("fixedPrice": "1,50")"),
     "$.adjustments[0].fixedPrice: '1,50' is not a decimal amount"},
    {edit(R"("title": "Offer", )", ""), "$.adjustments[0].title: missing"},
    {edit(R"([{"match": {"category": "Tobacco"}}])", R"({"match": {"category": "Tobacco"}})"),
     "$.removals: expected an array"},
    {edit(R"([{"match": {"category": "Tobacco"}}])", R"(["Tobacco"])"),
     "$.removals[0]: expected an object"},
    {edit(R"({"match": {"category": "Tobacco"}})",
          R"({"match": {"category": "Tobacco"}, "note": 1})"),
     "$.removals[0].note: expected a string"},
    {edit(
         R"("taxes": {"V": {"title": "VAT", "rate": "19"}, "R": {"title": "VAT reduced", "rate": "7"}})",
         R"("taxes": {})"),
     "$.taxes: expected an object with at least one tax"},
};

}  // namespace

TEST_GROUP(ARulesFile){};

TEST(ARulesFile, IsRejectedNamingTheFileThePathAndTheReason) {
  for (const Rejected& bad : kRejected) {
    auto loaded = load_rules_text(bad.text, "bad.json", 2);
    CHECK_FALSE_TEXT(loaded.is_ok(), bad.message);
    CHECK_TRUE(loaded.status().kind() == Status::Kind::kInvalidInput);
    const std::string expected = std::string("bad.json: ") + bad.message;
    STRNCMP_EQUAL(expected.c_str(), loaded.status().message().c_str(), expected.size());
  }
}

TEST(ARulesFile, MayNotClaimOtherDecimalsThanTheStore) {
  const std::string text =
      edit(R"("price": "0.25")", R"("price": "25")",
           edit(R"("pricesIncludeTax")", R"("decimals": 0, "pricesIncludeTax")"));
  CHECK_TRUE(load_rules_text(text, "jpy.json", 0).is_ok());
  auto loaded = load_rules_text(text, "jpy.json", 2);
  CHECK_FALSE(loaded.is_ok());
  STRCMP_EQUAL(
      "jpy.json: $.store.decimals: the rules are written for 0 decimals but the store has 2",
      loaded.status().message().c_str());
}

TEST(ARulesFile, ThatIsMinimalLoads) {
  auto loaded = load_rules_text(kMinimal, "minimal.json", 2);
  CHECK_TRUE_TEXT(loaded.is_ok(), loaded.status().message().c_str());
  STRCMP_EQUAL("minimal.json", (*loaded)->name().c_str());
  LONGS_EQUAL(64, (*loaded)->version().size());
  // A rate of "0.19" is 0.19 percent, accepted as written.
  CHECK_TRUE(load_rules_text(edit(R"("rate": "19")", R"("rate": "0.19")"), "m", 2).is_ok());
}

TEST(ARulesFile, ThatShipsAsAnExampleLoads) {
  const struct {
    const char* file;
    int decimals;
  } kShipped[] = {{"pricing-de.json", 2}, {"pricing-us.json", 2}, {"pricing-jp.json", 0}};
  for (const auto& example : kShipped) {
    auto loaded = load_rules_file(pricing_test::kExamplesDir + example.file, example.decimals);
    CHECK_TRUE_TEXT(loaded.is_ok(), loaded.status().message().c_str());
  }
}

TEST(ARulesFile, ThatCannotBeReadIsNamed) {
  auto loaded = load_rules_file("/nonexistent/rules.json", 2);
  CHECK_FALSE(loaded.is_ok());
  STRNCMP_EQUAL("/nonexistent/rules.json: $: cannot open", loaded.status().message().c_str(), 39);
}

TEST(ARulesFile, KeepsItsVersionWhenOnlyFormattingOrKeyOrderChanges) {
  auto original = load_rules_text(kMinimal, "a", 2);
  const std::string reordered = R"({"taxes": {"R": {"rate": "7", "title": "VAT reduced"},
    "V": {"rate": "19", "title": "VAT"}},
    "store":{"defaultTax":"V","timeZone":"UTC","taxRoundingLevel":"line","rounding":"half-up","pricesIncludeTax":true},
    "format":"lanecast-pricing/1","taxCategories":{"Food":"R"},
    "removals":[{"match":{"category":"Tobacco"}}],
    "adjustments":[{"when":{"hours":"16:00-18:00","days":["mon","fri"]},"percentOff":"20","match":{"category":"Beer"},"title":"Offer"}],
    "deposits":[{"price":"0.25","name":"Deposit","externalId":"lanecast-dep","match":{"sku":"B1"}}]})";
  auto same = load_rules_text(reordered, "b", 2);
  CHECK_TRUE_TEXT(same.is_ok(), same.status().message().c_str());
  STRCMP_EQUAL((*original)->version().c_str(), (*same)->version().c_str());
}

TEST(ARulesFile, ChangesItsVersionWhenARuleChanges) {
  auto original = load_rules_text(kMinimal, "a", 2);
  auto other_rate = load_rules_text(edit(R"("rate": "7")", R"("rate": "7.5")"), "a", 2);
  // The order of adjustments matters (the first match wins), so arrays keep their order.
  auto other_days = load_rules_text(edit(R"(["mon", "fri"])", R"(["fri", "mon"])"), "a", 2);
  CHECK_TRUE(other_rate.is_ok() && other_days.is_ok());
  CHECK_TRUE((*original)->version() != (*other_rate)->version());
  CHECK_TRUE((*original)->version() != (*other_days)->version());
}
