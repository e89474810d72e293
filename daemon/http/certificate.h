// What lanecastd can tell about its TLS certificate and private key before handing the PEM
// text to libmicrohttpd, read by GnuTLS: the same library that will serve them, so the check
// at --check-config and the server at start can never disagree about a file.
//
// Why: an expired certificate silently breaks every webhook from the AiFi cloud, so staff must
// see the expiry date; and a wrong key file must be refused with a message that says which file
// is wrong and how, not with GnuTLS's "error parsing key" deep inside MHD_start_daemon. The
// policy (which PEM blocks go where, encrypted keys refused, the likely mix-ups named) is
// ours; the decoding is GnuTLS's. Messages name the file's problem and never echo key material.
//
// Thread: pure functions with no shared state; any thread may call them (the main thread at
// start-up and on reload).
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

// Reads the FIRST certificate of a PEM chain (the server's own); every CERTIFICATE block must
// decode, since MHD hands them all to GnuTLS. Text around and between the blocks (openssl
// x509 -text writes a dump before it) and CRLF line ends are accepted.
//
// Every failure is Status::invalid_input with a message naming the problem: "no PEM
// CERTIFICATE block" (and the likely mix-up: a private key, binary DER), "bad base64 in
// certificate", GnuTLS's reason for a certificate it cannot decode, a common name or DNS name
// holding characters that could forge log lines.
Result<CertificateInfo> read_certificate(std::string_view pem);

// Checks that the text holds exactly one unencrypted private key block (PRIVATE KEY, RSA
// PRIVATE KEY or EC PRIVATE KEY) that GnuTLS can decode. Other blocks (a certificate in a
// combined file, the EC PARAMETERS that openssl ecparam -genkey writes) are ignored. Refused,
// as Status::invalid_input: ENCRYPTED PRIVATE KEY and legacy "Proc-Type: 4,ENCRYPTED" blocks
// (lanecastd cannot prompt for a passphrase; systemd credentials protect the unencrypted key
// instead), other key formats (OPENSSH, DSA), a file with a certificate but no key, and two
// keys.
Status check_private_key(std::string_view pem);

// Whether the private key belongs to the first certificate (their public keys' ids agree).
// Both must already pass read_certificate and check_private_key. invalid_input "the private
// key and the certificate do not match" otherwise.
Status check_key_pair(std::string_view certificate_pem, std::string_view key_pem);

}  // namespace lanecast::http
