// The screens' words, from the message catalogs in display/www/i18n/ (one JSON file per
// language or regional variant, embedded in the binary like every page asset).
//
// A catalog file holds sections ("display", "pole", "staff") of keys to UTF-8 texts; a text
// may instead be an object of plural forms, which only the pages use (Intl.PluralRules).
// A locale falls back from the most specific catalog that exists to the most general, then to
// en, key by key: pl-PL reads pl-PL.json (if there is one), then pl.json, then en.json. The
// pages follow the same chain, given to them by the daemon (catalog_chain), so the two never
// disagree about which words a locale gets.
//
// Thread: pure functions over immutable embedded data; callable from any thread.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace lanecast::display {

// The catalog every chain ends in; it has every key.
inline constexpr std::string_view kBaseCatalog = "en";

// The catalog names a BCP 47 tag asks for, most specific first, spelled as the files are
// ("zh-Hant-TW", "zh-Hant", "zh"): subtags in their canonical case, extensions and private use
// ("-u-...", "-x-...") left out. The base catalog is not included unless the tag names it.
std::vector<std::string> catalog_candidates(std::string_view locale);

// The catalogs that exist for `locale`, most general first: always starts with kBaseCatalog.
std::vector<std::string> catalog_chain(std::string_view locale);

// One section of the merged chain: every string key of that section, the most specific
// catalog winning. Plural-form objects are left out.
class Catalog {
 public:
  static Catalog load(std::string_view locale, std::string_view section);

  // The text of `key`; "" when no catalog of the chain has it as a string.
  std::string text(std::string_view key) const;
  // The catalogs read, most general first (as catalog_chain).
  const std::vector<std::string>& chain() const { return chain_; }

 private:
  std::vector<std::string> chain_;
  std::map<std::string, std::string, std::less<>> texts_;
};

// One sentence for --check-config and the start-up log: which catalogs `locale` gets.
// "pl-PL: catalog pl" or "pt-BR: no catalog for pt-BR or pt; English (en) is used".
std::string describe_catalogs(std::string_view locale);

}  // namespace lanecast::display
