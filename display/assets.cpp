#include "display/assets.h"

#include <map>
#include <string>

namespace lanecast::display {
namespace {

using AssetMap = std::map<std::string_view, Asset, std::less<>>;

const AssetMap& assets() {
  static const AssetMap map = [] {
    AssetMap built;
    for (const EmbeddedFile& file : embedded_files())
      built.emplace(file.path, Asset{file.bytes, content_type_for(file.path)});
    return built;
  }();
  return map;
}

}  // namespace

std::string_view content_type_for(std::string_view path) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
  };
  for (const auto& [extension, type] : kTypes)
    if (path.size() > extension.size() && path.ends_with(extension)) return type;
  return "application/octet-stream";
}

const Asset* find_asset(std::string_view path) {
  const auto& map = assets();
  auto it = map.find(path);
  return it == map.end() ? nullptr : &it->second;
}

}  // namespace lanecast::display
