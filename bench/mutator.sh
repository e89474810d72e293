#!/usr/bin/env bash
# Cart-mutator benchmark: answer latency through the real HTTP endpoint, durable storage
# included, for carts of 1, 50 and 500 lines at 16 concurrent callers, priced with the German
# example rules (VAT, deposits, offers).
#
#   bench/mutator.sh [seconds-per-step]      (default 10)
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
  --set "storage.path=$work/lanecast.db" --set "auth.tokens=$token" \
  --set "pricing.rules_file=$root/packaging/examples/pricing-de.json" 2>"$work/daemon.log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.05; done

echo "lanecastd $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, 16 callers, ${seconds}s per step"
run=0
for lines in 1 50 500; do
  run=$((run + 1))
  line=$(LANECAST_TOKEN=$token LANECAST_LINES=$lines LANECAST_RUN=$run \
    wrk -t2 -c16 -d"${seconds}s" --timeout 10s -s "$root/bench/mutator.lua" \
    "http://127.0.0.1:$port/aifi/cart-mutator" | grep '^RESULT')
  echo "lines=$lines ${line#RESULT }"
done
fallbacks=$(grep -c "answered unchanged" "$work/daemon.log" || true)
echo "fallbacks_to_echo=$fallbacks rss_kib=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)"
