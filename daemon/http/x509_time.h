// Certificate validity times for the certificate reader (certificate.h): UTCTime and
// GeneralizedTime as RFC 5280 allows them, to seconds since the Unix epoch. Internal to
// daemon/http/certificate.cpp; other code uses certificate.h.
//
// Thread: a pure function with no shared state; any thread may call it.
#pragma once

#include <cstdint>
#include <string_view>

#include "daemon/core/status.h"
#include "daemon/http/der_reader.h"

namespace lanecast::http::detail {

// Reads the next element of the validity SEQUENCE as `which` ("notBefore", "notAfter"):
// UTCTime "YYMMDDHHMMSSZ" (YY >= 50 means 19YY, else 20YY) or GeneralizedTime
// "YYYYMMDDHHMMSSZ", the only forms RFC 5280 allows in a certificate; seconds and 'Z' are
// required, every field is range-checked against the calendar.
//
// Status::invalid_input naming `which` and its byte offset for another tag ("unexpected tag
// 0x04 at byte 150 (wanted UTCTime or GeneralizedTime notBefore)"), another form ("is not a
// valid UTCTime YYMMDDHHMMSSZ") or a date that does not exist ("is out of range: 2023-02-29
// 00:00:00"); the DerReader's messages when the element itself is malformed.
Result<std::int64_t> read_time(DerReader& validity, std::string_view which);

}  // namespace lanecast::http::detail
