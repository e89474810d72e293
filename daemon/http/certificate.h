// What lanecastd can tell about its TLS certificate and private key before handing the PEM
// text to libmicrohttpd, without a TLS library: a strict, bounds-checked PEM and DER reader.
//
// Why: an expired certificate silently breaks every webhook from the AiFi cloud, so staff must
// see the expiry date; and a wrong key file must be refused with a message that says what is
// wrong, not with GnuTLS's "error parsing key" deep inside MHD_start_daemon.
//
// The input is a file an admin wrote, so it is treated as hostile: every length is checked
// against what is left of its enclosing element, and nothing is read past the buffer. Nothing
// here checks a signature or a trust chain; that is GnuTLS's job once MHD has the PEM.
//
// Thread: pure functions with no shared state; any thread may call them (the main thread at
// start-up and on reload, the libmicrohttpd thread for a staff status page).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/core/status.h"

namespace lanecast::http {

struct CertificateInfo {
  std::int64_t not_before_unix = 0;  // seconds since the epoch, UTC
  std::int64_t not_after_unix = 0;
  // The last CN attribute of the subject (the most specific, as RFC 6125 reads it), as UTF-8;
  // "" when the subject has no CN.
  std::string subject_common_name;
  std::vector<std::string> dns_names;  // subjectAltName dNSName entries, in order
  // subjectAltName iPAddress entries, printed: "127.0.0.1", and IPv6 in RFC 5952 short form
  // ("::1", "2001:db8::1:0:0:1", "::ffff:192.0.2.1").
  std::vector<std::string> ip_addresses;
  int certificates_in_chain = 0;  // CERTIFICATE blocks in the PEM text
};

// Reads the FIRST certificate of a PEM chain (the server's own). The other CERTIFICATE blocks
// are only counted and checked to be valid base64, since MHD hands them all to GnuTLS.
//
// PEM: CRLF or LF line endings, any text before a BEGIN line (openssl x509 -text writes a
// dump there) and between blocks, other block types beside the certificates.
// DER: X.509 v1 to v3; UTCTime (YY >= 50 means 19YY, RFC 5280) and GeneralizedTime, with
// seconds and "Z", range-checked; long-form lengths of up to 4 bytes; no indefinite lengths.
//
// Every failure is Status::invalid_input with a message naming the problem, e.g. "no PEM
// CERTIFICATE block", "bad base64 in certificate (block on line 3)", "certificate DER is
// truncated at byte 120", "unexpected tag 0x31 at byte 4 (wanted SEQUENCE tbsCertificate)".
// A private key passed by mistake is named as such and none of it is echoed.
Result<CertificateInfo> read_certificate(std::string_view pem);

// Checks that the text holds exactly one unencrypted private key block (PRIVATE KEY, RSA
// PRIVATE KEY or EC PRIVATE KEY) whose base64 decodes to one whole DER SEQUENCE. Other blocks
// (a certificate in a combined file, the EC PARAMETERS that openssl ecparam -genkey writes)
// are ignored. Refused, as Status::invalid_input: ENCRYPTED PRIVATE KEY and legacy
// "Proc-Type: 4,ENCRYPTED" blocks (lanecastd cannot prompt for a passphrase; systemd
// credentials protect the unencrypted key instead), other key formats (OPENSSH, DSA), a file
// with a certificate but no key, and two keys. Messages never echo key material.
Status check_private_key(std::string_view pem);

}  // namespace lanecast::http
