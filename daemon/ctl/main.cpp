// lanecastctl: the operators' tool beside lanecastd. See commands.h.
#include <curl/curl.h>

#include "daemon/ctl/commands.h"

int main(int argc, char** argv) {
  // Once, before any handle: libcurl's and GnuTLS's global set-up.
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return 1;
  const int status = lanecast::ctl::run_lanecastctl(argc, argv);
  curl_global_cleanup();
  return status;
}
