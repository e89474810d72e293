#!/usr/bin/env bash
# HTTPS benchmark: the reference checkout over the TLS listener (P-256 certificate, the default
# TLS 1.3 priorities), durable storage included, for 1 and 16 senders, each once on kept-alive
# connections and once with a new TLS connection (full handshake) per webhook. Prints req/s and
# p50/p99 answer latency, and the daemon's RSS.
#
#   bench/https.sh [seconds-per-step [lanecastd options...]]   (default 10; e.g. 10 --set http.threads=2)
#
# Needs wrk and openssl (scripts/install-deps.sh --with-tests). Targets 127.0.0.1 only.
set -euo pipefail
seconds=${1:-10}
shift || true
source "$(dirname "$0")/daemon.sh"
certs=$(mktemp -d)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$certs/key.pem" -out "$certs/cert.pem" 2>/dev/null
tls_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
start_daemon --set "tls.listen=127.0.0.1:$tls_port" --set "tls.cert_file=$certs/cert.pem" \
  --set "tls.key_file=$certs/key.pem" "$@"
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work" "$certs"' EXIT

echo "lanecastd $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, ${seconds}s per step, https"
run=0
for senders in 1 16; do
  for close in 0 1; do
    run=$((run + 1))
    threads=$(( senders < 2 ? 1 : 2 ))
    line=$(LANECAST_TOKEN=$token LANECAST_BODY="$root/tests/fixtures/checkout-reference-example.json" \
      LANECAST_RUN=$run LANECAST_CLOSE=$close \
      wrk -t"$threads" -c"$senders" -d"${seconds}s" --timeout 10s -s "$root/bench/checkout.lua" \
      "https://127.0.0.1:$tls_port/aifi/checkout" | grep '^RESULT')
    connections=$([ "$close" = 1 ] && echo new-per-request || echo kept-alive)
    echo "senders=$senders connections=$connections ${line#RESULT } rss_kib=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)"
  done
done
