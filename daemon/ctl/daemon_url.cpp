#include "daemon/ctl/daemon_url.h"

#include <curl/curl.h>

#include <cstdlib>
#include <memory>

namespace lanecast::ctl {
namespace {

struct UrlDeleter {
  void operator()(CURLU* url) const { curl_url_cleanup(url); }
};
using CurlUrl = std::unique_ptr<CURLU, UrlDeleter>;

// One part of the parsed URL, or "" with `present` false when the URL has none.
std::string part(CURLU* url, CURLUPart which, bool* present, unsigned flags = 0) {
  char* text = nullptr;
  *present = curl_url_get(url, which, &text, flags) == CURLUE_OK && text != nullptr;
  std::string value = *present ? std::string(text) : std::string();
  curl_free(text);
  return value;
}

Status refused(std::string_view text, std::string_view why) {
  return Status::invalid_input("bad daemon URL '" + std::string(text) + "': " + std::string(why));
}

}  // namespace

std::string Url::target(std::string_view path) const { return prefix + std::string(path); }

std::string Url::to_string() const {
  const bool v6 = host.find(':') != std::string::npos;
  return scheme + "://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + prefix;
}

Result<Url> parse_url(std::string_view text) {
  CurlUrl handle(curl_url());
  if (!handle) return Status::internal("out of memory for a URL");
  const std::string copy(text);
  if (const CURLUcode rc = curl_url_set(handle.get(), CURLUPART_URL, copy.c_str(), 0);
      rc != CURLUE_OK)
    return refused(text, curl_url_strerror(rc));
  bool present = false;
  Url url;
  url.scheme = part(handle.get(), CURLUPART_SCHEME, &present);
  if (url.scheme != "http" && url.scheme != "https")
    return refused(text, "lanecastctl speaks http:// and https:// only");
  for (const CURLUPart which : {CURLUPART_USER, CURLUPART_PASSWORD, CURLUPART_OPTIONS})
    if (part(handle.get(), which, &present); present) return refused(text, "user info is not used");
  if (part(handle.get(), CURLUPART_QUERY, &present); present) return refused(text, "a query is not a base URL");
  if (part(handle.get(), CURLUPART_FRAGMENT, &present); present)
    return refused(text, "a fragment is not a base URL");
  url.host = part(handle.get(), CURLUPART_HOST, &present);
  if (url.host.empty()) return refused(text, "no host");
  if (url.host.front() == '[') url.host = url.host.substr(1, url.host.size() - 2);
  const std::string port = part(handle.get(), CURLUPART_PORT, &present, CURLU_DEFAULT_PORT);
  url.port = present ? std::atoi(port.c_str()) : 0;
  if (url.port < 1 || url.port > 65535) return refused(text, "the port is not 1 to 65535");
  url.prefix = part(handle.get(), CURLUPART_PATH, &present);
  while (!url.prefix.empty() && url.prefix.back() == '/') url.prefix.pop_back();
  return url;
}

}  // namespace lanecast::ctl
