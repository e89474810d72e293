#!/bin/sh
# Makes the certificates and keys that tests/unit/http/certificate_test.cpp reads, and beside
# each certificate the facts openssl itself prints for it (<name>.openssl.txt), which the test
# treats as the truth. Run from this folder; the test depends on no date, so the files never
# need regenerating, but a fresh run must still pass.
set -eu
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# openssl's default name format with UTF-8 printed as is rather than escaped.
facts() {
  openssl x509 -in "$1.pem" -noout -dates -subject -nameopt oneline,-esc_msb \
    -ext subjectAltName > "$1.openssl.txt" 2>/dev/null
}

# Without openssl.cnf's default extensions and with PrintableString or BMPString subjects
# wherever the characters allow.
printf '[req]\ndistinguished_name=dn\nstring_mask=default\n[dn]\n' > "$work/plain.cnf"

# The shape lanecastd expects: ECDSA P-256, a CN, DNS and IP names, PKCS#8 key.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ec_key.pem \
  -out ec_cert.pem -days 30 -subj /CN=store.example \
  -addext "subjectAltName=DNS:store.example,DNS:lanes.store.example,IP:127.0.0.1,IP:::1" 2>/dev/null
openssl x509 -in ec_cert.pem -outform DER -out ec_cert.der
facts ec_cert

# RSA, no extensions at all, PrintableString CN.
openssl req -x509 -config "$work/plain.cnf" -newkey rsa:2048 -nodes -keyout rsa_key.pem -out rsa_cert.pem -days 365 \
  -subj "/C=DE/O=Lanecast Test Store/CN=rsa.store.example" 2>/dev/null
facts rsa_cert

# Expires after 2049, so notAfter is a GeneralizedTime.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/k.pem" \
  -out far_future_cert.pem -days 15000 -subj /CN=far.store.example \
  -addext "subjectAltName=DNS:far.store.example" 2>/dev/null
openssl x509 -in far_future_cert.pem -outform DER -out far_future_cert.der
facts far_future_cert

# No CN in the subject; names only in subjectAltName, with IPv6 forms that test RFC 5952.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/k.pem" \
  -out no_cn_cert.pem -days 30 -subj "/O=Lanecast Test Store/OU=Lanes" \
  -addext "subjectAltName=DNS:lane-1.store.example,IP:2001:db8:0:0:1:0:0:1,IP:2001:db8::,IP:::ffff:192.0.2.1,IP:fe80::1,IP:2001:0:0:1:0:0:0:1,IP:1:0:1:0:1:0:1:0,IP:0:0:0:0:0:0:0:0,IP:10.0.0.254" 2>/dev/null
facts no_cn_cert

# A CN with characters beyond Latin-1, which openssl stores as a BMPString (UTF-16).
openssl req -x509 -config "$work/plain.cnf" -utf8 -newkey ec -pkeyopt ec_paramgen_curve:P-256 \
  -nodes -keyout "$work/k.pem" -out bmp_cn_cert.pem -days 30 \
  -subj "/O=Lanecast/CN=Kasse München – Ost" 2>/dev/null
facts bmp_cn_cert

# Version 1: no [0] version field, no extensions; the CN is not the last attribute.
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/k.pem" \
  -out "$work/v1.csr" -subj "/CN=v1.store.example/emailAddress=it@store.example" 2>/dev/null
openssl x509 -req -in "$work/v1.csr" -key "$work/k.pem" -days 10 -out v1_cert.pem 2>/dev/null
facts v1_cert

# Two CNs: the reader reports the last, the most specific one.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/k.pem" \
  -out two_cn_cert.pem -days 30 -subj "/CN=store.example/OU=Lanes/CN=lane-7.store.example" 2>/dev/null
facts two_cn_cert

# A leaf signed by a small CA, followed by the CA: the order a server sends them in.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/ca_key.pem" \
  -out "$work/ca.pem" -days 3650 -subj "/O=Lanecast Test CA/CN=Lanecast Test Root" 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/leaf_key.pem" \
  -out "$work/leaf.csr" -subj /CN=chain.store.example 2>/dev/null
printf 'subjectAltName=DNS:chain.store.example,IP:192.168.10.5\n' > "$work/ext.cnf"
openssl x509 -req -in "$work/leaf.csr" -CA "$work/ca.pem" -CAkey "$work/ca_key.pem" \
  -CAcreateserial -days 90 -extfile "$work/ext.cnf" -out "$work/leaf.pem" 2>/dev/null
cat "$work/leaf.pem" "$work/ca.pem" > chain.pem
facts chain

# What "openssl x509 -text" writes: a human-readable dump before the PEM block.
openssl x509 -in ec_cert.pem -text > text_dump_cert.pem
facts text_dump_cert

# Keys in the forms an admin may hand over.
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/rsa.pem" 2>/dev/null
openssl rsa -in "$work/rsa.pem" -traditional -out legacy_rsa_key.pem 2>/dev/null
openssl ecparam -name prime256v1 -genkey -out ecparam_key.pem
openssl pkey -in ec_key.pem -aes256 -passout pass:lanecast -out encrypted_key.pem
openssl rsa -in "$work/rsa.pem" -traditional -aes256 -passout pass:lanecast \
  -out legacy_encrypted_key.pem 2>/dev/null
