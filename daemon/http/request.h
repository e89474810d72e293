// A complete HTTP request, as route handlers see it.
//
// Thread: the libmicrohttpd thread only; `connection` must not be touched elsewhere.
#pragma once

#include <microhttpd.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace lanecast::http {

struct Request {
  MHD_Connection* connection = nullptr;
  std::string method;
  std::string path;
  std::string body;
  std::map<std::string, std::string> params;  // from {name} segments of the route pattern
  bool from_loopback = false;
  std::string client_address;       // without the port, see client_address_text()
  std::int64_t received_at_us = 0;  // when the first byte of the request was handled

  // Header or query-string value; nullptr when absent.
  const char* header(const char* name) const {
    return MHD_lookup_connection_value(connection, MHD_HEADER_KIND, name);
  }
  const char* query(const char* name) const {
    return MHD_lookup_connection_value(connection, MHD_GET_ARGUMENT_KIND, name);
  }
};

}  // namespace lanecast::http
