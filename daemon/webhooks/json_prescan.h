// Byte-level checks on a JSON body that cJSON 1.7.15 does not make, run before cJSON sees it.
//
// cJSON copies invalid UTF-8 through, decodes \u0000 (and a \u escape with non-hex digits) into
// a NUL that silently truncates the string, takes any byte below 0x20 as whitespace, accepts
// numbers such as "01", "1." and "-01", and recurses up to 1000 levels. This scan rejects all
// of that in one linear pass without allocating, so cJSON only ever sees well-formed text.
//
// Thread: any; pure function of its arguments.
#pragma once

#include <cstddef>
#include <string_view>

#include "daemon/core/status.h"

namespace lanecast::webhooks {

// Checks, in order of the bytes: UTF-8 (RFC 3629: no overlong forms, no encoded surrogates,
// nothing above U+10FFFF) everywhere; inside strings, no raw control characters, only the
// escapes of RFC 8259, \u with four hex digits, no \u0000 and no unpaired surrogate escapes;
// outside strings, only ASCII without control characters other than JSON whitespace, and
// numbers in RFC 8259 form; nesting of objects and arrays at most `max_depth`.
// Rejections are Status::invalid_input naming the problem and its byte offset.
Status prescan_json(std::string_view body, std::size_t max_depth);

}  // namespace lanecast::webhooks
