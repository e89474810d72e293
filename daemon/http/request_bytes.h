// Control bytes in what a request names: its path, its query and its header values.
//
// libmicrohttpd decodes %HH in the path and the query in place and hands both on as C
// strings, so a decoded %00 would silently end them early: "/api/lanes/lane-2%00/events"
// would be served as lane-2's stream, "?token=<staff token>%00junk" would be the staff token.
// No name this daemon serves, no query value it reads and no header it needs holds a control
// character, so a request with one is refused with 400 naming where it was, before routing.
//
// Thread: the libmicrohttpd thread(s); pure functions of the connection they are given.
#pragma once

#include <microhttpd.h>

#include <cstddef>
#include <optional>
#include <string_view>

#include "daemon/http/response.h"

namespace lanecast::http {

// MHD_OPTION_UNESCAPE_CALLBACK: decodes %HH in place as libmicrohttpd's own decoder does,
// except that a decoded NUL becomes DEL (0x7f), which cannot end the string early and which
// refuse_control_bytes() refuses like every other control byte. Returns the new length.
std::size_t unescape_url(void* unused, MHD_Connection* connection, char* text);

// 400 invalid_path / invalid_query / invalid_header when the (decoded) path, a query key or
// value, or a header's name or value holds a byte below 0x20 (a tab in a header value is
// fine, RFC 9110 5.5) or DEL, a raw NUL included; nullopt when there is none.
// `request_start` is the method string libmicrohttpd passed to the access handler: where the
// request's header block starts in its read buffer.
std::optional<HttpAnswer> refuse_control_bytes(MHD_Connection* connection, const char* request_start,
                                               std::string_view path);

}  // namespace lanecast::http
