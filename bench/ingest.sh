#!/usr/bin/env bash
# Ingest benchmark: drives the real lanecastd with concurrent POSTs of the reference checkout
# payload (a new orderId each, so every request is a durable insert) and prints req/s and
# p50/p99 answer latency for 1, 16 and 64 concurrent senders, plus the daemon's RSS.
#
#   bench/ingest.sh [seconds-per-step]      (default 10)
#
# Needs wrk (scripts/install-deps.sh --with-tests installs it). Targets 127.0.0.1 only.
set -euo pipefail
seconds=${1:-10}
source "$(dirname "$0")/daemon.sh"
start_daemon

echo "lanecastd $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, ${seconds}s per step"
run=0
for senders in 1 16 64; do
  run=$((run + 1))
  threads=$(( senders < 2 ? 1 : 2 ))
  line=$(LANECAST_TOKEN=$token LANECAST_BODY="$root/tests/fixtures/checkout-reference-example.json" LANECAST_RUN=$run \
    wrk -t"$threads" -c"$senders" -d"${seconds}s" --timeout 10s -s "$root/bench/checkout.lua" \
    "http://127.0.0.1:$port/aifi/checkout" | grep '^RESULT')
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  echo "senders=$senders ${line#RESULT } rss_kib=$rss"
done
echo "peak_rss_kib=$(awk '/VmHWM/ {print $2}' /proc/$pid/status)"
stored=$(sqlite3 "$work/lanecast.db" 'SELECT count(*) FROM events' 2>/dev/null || echo '?')
echo "events_stored=$stored"
