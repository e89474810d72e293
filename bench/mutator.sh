#!/usr/bin/env bash
# Cart-mutator benchmark: answer latency through the real HTTP endpoint, durable storage
# included, for carts of 1, 50 and 500 lines at 16 concurrent callers, priced with the German
# example rules (VAT, deposits, offers).
#
#   bench/mutator.sh [seconds-per-step]      (default 10)
set -euo pipefail
seconds=${1:-10}
source "$(dirname "$0")/daemon.sh"
start_daemon --set "pricing.rules_file=$root/packaging/examples/pricing-de.json"

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
