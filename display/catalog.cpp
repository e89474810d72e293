#include "display/catalog.h"

#include <cctype>

#include "daemon/core/json.h"
#include "display/assets.h"

namespace lanecast::display {
namespace {

std::string asset_path(std::string_view name) { return "i18n/" + std::string(name) + ".json"; }

bool catalog_exists(std::string_view name) { return find_asset(asset_path(name)) != nullptr; }

// "de-de" -> "de-DE", "ZH-HANT" -> "zh-Hant": the spelling of the catalog files.
std::string canonical_subtag(std::string_view subtag, bool first) {
  std::string out(subtag);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const bool alpha = !out.empty() && std::isalpha(static_cast<unsigned char>(out[0])) != 0;
  if (!first && out.size() == 2 && alpha) {
    for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  } else if (!first && out.size() == 4 && alpha) {
    out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  }
  return out;
}

void merge_section(std::string_view name, std::string_view section,
                   std::map<std::string, std::string, std::less<>>& texts) {
  const Asset* asset = find_asset(asset_path(name));
  if (asset == nullptr) return;
  JsonPtr root = json_parse(asset->bytes);
  const cJSON* texts_json = cJSON_GetObjectItemCaseSensitive(root.get(), std::string(section).c_str());
  const cJSON* item = nullptr;
  cJSON_ArrayForEach(item, texts_json) {
    if (cJSON_IsString(item) && item->string != nullptr) texts[item->string] = item->valuestring;
  }
}

}  // namespace

std::vector<std::string> catalog_candidates(std::string_view locale) {
  std::vector<std::string> subtags;
  while (!locale.empty()) {
    const std::size_t dash = locale.find_first_of("-_");
    const std::string_view subtag = locale.substr(0, dash);
    // A singleton starts an extension or private use: it says nothing about the language.
    if (subtag.size() <= 1) break;
    subtags.push_back(canonical_subtag(subtag, subtags.empty()));
    locale = dash == std::string_view::npos ? std::string_view() : locale.substr(dash + 1);
  }
  std::vector<std::string> candidates;
  for (std::size_t count = subtags.size(); count > 0; --count) {
    std::string name = subtags[0];
    for (std::size_t i = 1; i < count; ++i) name += "-" + subtags[i];
    candidates.push_back(std::move(name));
  }
  return candidates;
}

std::vector<std::string> catalog_chain(std::string_view locale) {
  std::vector<std::string> chain{std::string(kBaseCatalog)};
  const auto candidates = catalog_candidates(locale);
  for (auto it = candidates.rbegin(); it != candidates.rend(); ++it) {
    if (*it != kBaseCatalog && catalog_exists(*it)) chain.push_back(*it);
  }
  return chain;
}

Catalog Catalog::load(std::string_view locale, std::string_view section) {
  Catalog catalog;
  catalog.chain_ = catalog_chain(locale);
  for (const std::string& name : catalog.chain_) merge_section(name, section, catalog.texts_);
  return catalog;
}

std::string Catalog::text(std::string_view key) const {
  auto it = texts_.find(key);
  return it == texts_.end() ? std::string() : it->second;
}

std::string describe_catalogs(std::string_view locale) {
  const auto candidates = catalog_candidates(locale);
  const auto chain = catalog_chain(locale);
  const std::string& used = chain.back();
  std::string text = std::string(locale) + ": ";
  if (!candidates.empty() && candidates.front() == used) return text + "catalog " + used;
  std::string missing;
  for (const std::string& candidate : candidates) {
    if (candidate == used) break;
    missing += (missing.empty() ? "" : " or ") + candidate;
  }
  text += "no catalog for " + missing + "; ";
  return text + (used == kBaseCatalog ? "English (en) is used" : "catalog " + used + " is used");
}

}  // namespace lanecast::display
