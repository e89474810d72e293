// The names a certificate gives its server, for the certificate reader (certificate.h): the
// subject's common name and the subjectAltName entries, as text fit for logs and the staff
// page. Internal to daemon/http/certificate.cpp; other code uses certificate.h.
//
// Thread: pure functions with no shared state; any thread may call them.
#pragma once

#include <string>

#include "daemon/core/status.h"
#include "daemon/http/certificate.h"
#include "daemon/http/der_reader.h"

namespace lanecast::http::detail {

// The last CN of a subject Name (SEQUENCE OF SET OF AttributeTypeAndValue), the most specific
// as RFC 6125 reads it, as UTF-8; "" when there is none. Any directory string type is read
// (UTF8String, PrintableString, T61 as Latin-1, BMPString, UniversalString, ...).
// Status::invalid_input for a malformed Name, a CN that is not a well-formed string, or one
// holding a control character or an invalid code point (it ends up in logs, where such
// characters could forge lines).
Result<std::string> read_common_name(const Element& name);

// The extnValue OCTET STRING of a subjectAltName extension: appends its dNSName entries (only
// printable ASCII is accepted) to info.dns_names and its iPAddress entries to
// info.ip_addresses, printed as "192.0.2.1" or in RFC 5952 short form ("2001:db8::1",
// "::ffff:192.0.2.1"). Other GeneralName forms are skipped. Status::invalid_input for a
// malformed list, a dNSName with other bytes, an address not of 4 or 16 bytes.
Status read_subject_alt_names(const Element& octets, CertificateInfo& info);

}  // namespace lanecast::http::detail
