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
  // libmicrohttpd's own method string, where the request's header block starts in its read
  // buffer: for the NUL-byte check of request_bytes.h only.
  const char* header_block = nullptr;
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

// Whether a Content-Type value is application/json, with or without parameters
// ("application/json; charset=utf-8"), in any case. False for nullptr.
bool is_json_content_type(const char* value);

}  // namespace lanecast::http
