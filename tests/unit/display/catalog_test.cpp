#include "display/catalog.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "daemon/core/json.h"
#include "display/assets.h"
#include "display/pole_protocol.h"
#include "display/pole_screens.h"
#include "display_test_support.h"

// Last: CppUTest redefines `new` for leak detection.
#include <CppUTest/TestHarness.h>
#include <CppUTest/MemoryLeakWarningPlugin.h>

using namespace lanecast;
using namespace lanecast::display;
using lanecast::display::testing::make_cart;

namespace {

// The asset table is built on first use and kept for the process: building it must not count
// as the first test's leak.
void build_assets_untracked() {
  MemoryLeakWarningPlugin::saveAndDisableNewDeleteOverloads();
  find_asset("");
  MemoryLeakWarningPlugin::restoreNewDeleteOverloads();
}

using Names = std::vector<std::string>;

std::string joined(const Names& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ",") + name;
  return out;
}

// A locale and what is expected for it.
struct LocaleCase {
  const char* locale;
  const char* expected;
};

// The catalogs read, most general first.
const LocaleCase kChains[] = {
    {"en", "en"},
    {"en-US", "en"},
    {"en-GB", "en"},
    {"de", "en,de"},
    {"de-DE", "en,de"},
    {"DE-at", "en,de"},
    {"pl-PL", "en,pl"},
    {"pl-PL-u-nu-latn", "en,pl"},
    {"fr-FR", "en,fr"},
    {"es-ES", "en,es"},
    {"it-IT", "en,it"},
    {"nl-NL", "en,nl"},
    {"nl-BE-x-shop1", "en,nl"},
    {"pt-BR", "en"},
    {"ja-JP", "en"},
    {"", "en"},
};

// The catalog names asked for, most specific first.
const LocaleCase kCandidates[] = {
    {"zh-hant-tw", "zh-Hant-TW,zh-Hant,zh"},
    {"sr-latn-rs-x-shop", "sr-Latn-RS,sr-Latn,sr"},
    {"es-419", "es-419,es"},
    {"de-CH-1996", "de-CH-1996,de-CH,de"},
    {"pl_PL", "pl-PL,pl"},
    {"", ""},
};

// What --check-config says.
const LocaleCase kDescriptions[] = {
    {"de", "de: catalog de"},
    {"en", "en: catalog en"},
    {"pl-PL", "pl-PL: no catalog for pl-PL; catalog pl is used"},
    {"pt-BR", "pt-BR: no catalog for pt-BR or pt; English (en) is used"},
    {"en-US", "en-US: no catalog for en-US; English (en) is used"},
};

// Every catalog file embedded for the pages: "en", "de", ...
Names embedded_catalogs() {
  Names names;
  for (const EmbeddedFile& file : embedded_files()) {
    if (file.path.starts_with("i18n/") && file.path.ends_with(".json"))
      names.emplace_back(file.path.substr(5, file.path.size() - 10));
  }
  return names;
}

std::set<std::string> keys_of(const std::string& catalog, const char* section) {
  std::set<std::string> keys;
  JsonPtr root = json_parse(find_asset("i18n/" + catalog + ".json")->bytes);
  const cJSON* item = nullptr;
  cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(root.get(), section)) keys.insert(item->string);
  return keys;
}

const CartView kCart = make_cart({{"Woda mineralna", 6, 69}, {"Chleb żytni", 1, 349}});

LaneView paid_lane(PaymentOutcome payment) {
  LaneView lane;
  lane.zone = "1";
  lane.phase = LanePhase::kPaid;
  lane.cart = kCart;
  lane.payment = payment;
  return lane;
}

}  // namespace

TEST_GROUP(ACatalogChain) {
  void setup() override { build_assets_untracked(); }
};

TEST(ACatalogChain, FallsBackFromRegionToLanguageToEnglish) {
  for (const LocaleCase& c : kChains) STRCMP_EQUAL_TEXT(c.expected, joined(catalog_chain(c.locale)).c_str(), c.locale);
}

TEST(ACatalogChain, TriesEverySubtagPrefixInTheFilesSpelling) {
  for (const LocaleCase& c : kCandidates)
    STRCMP_EQUAL_TEXT(c.expected, joined(catalog_candidates(c.locale)).c_str(), c.locale);
}

TEST(ACatalogChain, TellsTheAdministratorWhichCatalogALocaleGets) {
  for (const LocaleCase& c : kDescriptions) STRCMP_EQUAL(c.expected, describe_catalogs(c.locale).c_str());
}

TEST_GROUP(TheCatalogs) {
  void setup() override { build_assets_untracked(); }
};

TEST(TheCatalogs, CoverTheCustomerDisplayLanguages) {
  const Names names = embedded_catalogs();
  for (const char* language : {"en", "de", "pl", "fr", "es", "it", "nl"}) {
    CHECK_TEXT(std::find(names.begin(), names.end(), language) != names.end(), language);
  }
}

TEST(TheCatalogs, EachHaveEveryCustomerDisplayAndPoleKeyOfEnglish) {
  for (const std::string& name : embedded_catalogs()) {
    for (const char* section : {"display", "pole"}) {
      const auto english = keys_of("en", section);
      CHECK_TEXT(!english.empty(), section);
      const auto own = keys_of(name, section);
      for (const std::string& key : english) CHECK_TEXT(own.count(key) == 1, (name + ": " + section + "." + key).c_str());
      for (const std::string& key : own) CHECK_TEXT(english.count(key) == 1, (name + ": extra " + key).c_str());
    }
  }
}

TEST(TheCatalogs, GiveTheStaffKioskEveryEnglishKeyInGerman) {
  const auto english = keys_of("en", "staff");
  CHECK_TRUE(english.size() > 40);
  CHECK_TRUE(english == keys_of("de", "staff"));
}

TEST(TheCatalogs, FitEveryPoleTextOnTwentyColumnsOfBothDisplays) {
  for (const std::string& name : embedded_catalogs()) {
    const PoleTexts texts = pole_texts_for(name);
    for (const std::string* text : {&texts.welcome_top, &texts.total_label, &texts.thank_you, &texts.paid_label,
                                    &texts.payment_pending, &texts.see_staff}) {
      CHECK_TEXT(!text->empty(), name.c_str());
      for (PoleCommandSet set : {PoleCommandSet::kEpson, PoleCommandSet::kCd5220})
        CHECK_TEXT(transliterate(*text, set).size() <= kPoleColumns, (name + ": " + *text).c_str());
    }
  }
}

TEST_GROUP(ALoadedCatalog) {
  void setup() override { build_assets_untracked(); }
};

TEST(ALoadedCatalog, ReadsTheLanguagesOwnWords) {
  const Catalog polish = Catalog::load("pl-PL", "pole");
  STRCMP_EQUAL("en,pl", joined(polish.chain()).c_str());
  STRCMP_EQUAL("Suma", polish.text("total").c_str());
  STRCMP_EQUAL("Zapłacono", polish.text("paid").c_str());
}

TEST(ALoadedCatalog, FallsBackToEnglishKeyByKey) {
  // The Polish catalog has no staff words: the staff kiosk of a Polish store reads English.
  const Catalog staff = Catalog::load("pl", "staff");
  STRCMP_EQUAL("Acknowledge", staff.text("acknowledge").c_str());
  STRCMP_EQUAL("Erledigt", Catalog::load("de-AT", "staff").text("acknowledge").c_str());
}

TEST(ALoadedCatalog, GivesNothingForAnUnknownKeyOrAPluralObject) {
  const Catalog display = Catalog::load("de", "display");
  STRCMP_EQUAL("", display.text("noSuchKey").c_str());
  STRCMP_EQUAL("", display.text("itemCount").c_str());  // plural forms are for the pages
  STRCMP_EQUAL("Summe", display.text("total").c_str());
}

TEST_GROUP(APoleDisplayInTheStoresLanguage) {
  void setup() override { build_assets_untracked(); }
};

TEST(APoleDisplayInTheStoresLanguage, ShowsPolishWithoutTheLettersItCannotShow) {
  PoleTexts texts = pole_texts_for("pl-PL");
  texts.currency_symbol = "PLN";
  const PoleScreen paid = pole_screen_for(paid_lane(PaymentOutcome::kPaid), texts);
  const PoleScreen pending = pole_screen_for(paid_lane(PaymentOutcome::kProcessing), texts);
  for (PoleCommandSet set : {PoleCommandSet::kEpson, PoleCommandSet::kCd5220}) {
    STRCMP_EQUAL("    Dziekujemy!     ", fit_line(paid.top, set).c_str());
    STRCMP_EQUAL("Zaplacono   7,63 PLN", fit_line(paid.bottom, set).c_str());
    STRCMP_EQUAL("  Platnosc w toku   ", fit_line(pending.bottom, set).c_str());
  }
}

TEST(APoleDisplayInTheStoresLanguage, ShowsGermanUmlautsWhereTheCodePageHasThem) {
  const PoleScreen pending = pole_screen_for(paid_lane(PaymentOutcome::kProcessing), pole_texts_for("de-DE"));
  STRCMP_EQUAL("   Zahlung l\x84" "uft    ", fit_line(pending.bottom, PoleCommandSet::kEpson).c_str());
  STRCMP_EQUAL("   Zahlung laeuft   ", fit_line(pending.bottom, PoleCommandSet::kCd5220).c_str());
}
