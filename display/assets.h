// The page assets (display/www/), embedded in the binary at build time.
//
// Only these files exist for the web server: a request names one by its exact relative path,
// so no path, however it is spelled, reaches the file system.
// Thread: immutable data; any thread.
#pragma once

#include <span>
#include <string_view>

namespace lanecast::display {

struct EmbeddedFile {
  std::string_view path;   // relative to display/www/, e.g. "display.js"
  std::string_view bytes;
};

std::span<const EmbeddedFile> embedded_files();

struct Asset {
  std::string_view bytes;
  std::string_view content_type;
};

// The file at `path` (relative, as in EmbeddedFile) with its content type; nullptr if none.
const Asset* find_asset(std::string_view path);

// Content type by file extension; "application/octet-stream" when unknown.
std::string_view content_type_for(std::string_view path);

}  // namespace lanecast::display
