#!/usr/bin/env bash
# Ingest benchmark: drives the real lanecastd with concurrent POSTs of the reference checkout
# payload (a new orderId each, so every request is a durable insert) and prints req/s and
# p50/p99 answer latency for 1, 16 and 64 concurrent senders, plus the daemon's RSS.
#
#   bench/ingest.sh [seconds-per-step]      (default 10)
#
# Needs wrk (scripts/install-deps.sh --with-tests installs it). Targets 127.0.0.1 only.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-10}
build_dir=${BUILD_DIR:-$root/build}
"$root/scripts/install-deps.sh" --with-tests >/dev/null
"$root/scripts/build.sh" >/dev/null

work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
token=bench-token-0123456789
"$build_dir/daemon/lanecastd" --config-dir "$work/etc" --set "http.listen=127.0.0.1:$port" \
  --set "storage.path=$work/lanecast.db" --set "auth.tokens=$token" 2>"$work/daemon.log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.05; done

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
