#!/usr/bin/env bash
# Cost with a full database: fills one lanecastd to N stored events (default 2 million), then
# compares it with a second lanecastd on an empty database, alternately in one run:
#   - checkout ingest at 16 senders: rate and p99, full vs empty (ratios);
#   - GET /api/orders?limit=50 on the idle full database: p50, p99, max;
#   - checkout p99 at 16 senders on the full database with and without a staff kiosk's reads
#     running (bench/kiosk_reads.py: the staff event stream, /api/orders?limit=20 every second,
#     /healthz every 5 s).
#
#   bench/fill.sh [events] [rounds] [seconds-per-step]      (default 2000000 3 10)
#
# The fill goes through HTTP (wrk, the reference checkout with a distinct orderId per request,
# 64 senders), so the database holds exactly what lanecastd stores, written the way it writes
# it; nothing writes the database behind the daemon's back. That takes minutes: FILL_DB=path
# keeps the filled database there and a later run with the same FILL_DB tops it up instead of
# starting again (a database from an older schema version is migrated on start).
#
# Builds lanecastd with scripts/build.sh into $BUILD_DIR (default build/; SKIP_BUILD=1 uses what
# is there; LANECASTD=path runs that binary instead). Needs wrk and sqlite3. Loopback only.
set -euo pipefail
target=${1:-2000000}
rounds=${2:-3}
seconds=${3:-10}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
command -v wrk >/dev/null || { echo "wrk is needed (scripts/install-deps.sh --with-tests)" >&2; exit 1; }
if [[ ${SKIP_BUILD:-0} != 1 && -z ${LANECASTD:-} ]]; then "$root/scripts/build.sh" >/dev/null; fi
lanecastd=${LANECASTD:-$build_dir/daemon/lanecastd}

work=$(mktemp -d)
full_db=${FILL_DB:-$work/full.db}
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
token=bench-token-0123456789

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# start NAME DB: starts a lanecastd; sets ${NAME}_port and ${NAME}_pid.
start() {
  local name=$1 db=$2 port
  port=$(free_port)
  mkdir -p "$work/$name"
  "$lanecastd" --config-dir "$work/$name/etc" --set "http.listen=127.0.0.1:$port" \
    --set "storage.path=$db" --set "auth.tokens=$token" 2>"$work/$name.log" &
  local pid=$!
  pids+=($pid)
  for _ in $(seq 6000); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.05; done
  printf -v "${name}_port" %s "$port"
  printf -v "${name}_pid" %s "$pid"
}
events_in() { sqlite3 -readonly "$1" 'SELECT coalesce(max(seq), 0) FROM events'; }

# A fresh orderId range for every wrk run, across runs of this script too (checkout.lua: run x 1e9;
# wrk's Lua prints numbers with 14 significant digits, so the run number stays below 1e5).
run=$(( $(date +%s) % 9000 * 10 ))
# checkout PORT SENDERS SECONDS: one wrk run; sets `line` to its RESULT line. Not to be called
# in a subshell: the run number must move on, or the next run repeats the same orderIds.
checkout() {
  run=$((run + 1))
  line=$(LANECAST_TOKEN=$token LANECAST_BODY="$root/tests/fixtures/checkout-reference-example.json" \
    LANECAST_RUN=$run wrk -t2 -c"$2" -d"$3s" --timeout 10s -s "$root/bench/checkout.lua" \
    "http://127.0.0.1:$1/aifi/checkout" | grep '^RESULT')
}
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<"$2"; }

echo "fill: $lanecastd ($(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')), $(nproc) cores, target $target events, $rounds rounds x ${seconds}s"
start full "$full_db"
have=$(events_in "$full_db")
fill_started=$(date +%s)
while (( have < target )); do
  checkout "$full_port" 64 30
  have=$(events_in "$full_db")
  echo "filling: events=$have rate=$(field rps "$line")/s p99=$(field p99_ms "$line") ms"
done
echo "filled: events=$have in $(( $(date +%s) - fill_started )) s, database $(du -sh "$full_db" | cut -f1)"
start empty "$work/empty.db"

results="$work/results"
: >"$results"
for round in $(seq "$rounds"); do
  order=(empty full)
  (( round % 2 == 0 )) && order=(full empty)
  for side in "${order[@]}"; do
    port_var=${side}_port
    checkout "${!port_var}" 16 "$seconds"
    echo "round $round $side: rate=$(field rps "$line")/s p50=$(field p50_ms "$line") ms p99=$(field p99_ms "$line") ms non2xx=$(field non2xx "$line")"
    echo "ingest $side $(field rps "$line") $(field p99_ms "$line")" >>"$results"
  done
  # The same full daemon with a staff kiosk reading while the webhooks arrive.
  python3 "$root/bench/kiosk_reads.py" --port "$full_port" --token "$token" \
    --seconds "$((seconds + 2))" >"$work/kiosk.out" &
  kiosk=$!
  sleep 0.5
  checkout "$full_port" 16 "$seconds"
  wait $kiosk
  echo "round $round full+kiosk: rate=$(field rps "$line")/s p50=$(field p50_ms "$line") ms p99=$(field p99_ms "$line") ms; $(cat "$work/kiosk.out")"
  echo "ingest kiosk $(field rps "$line") $(field p99_ms "$line")" >>"$results"
done

echo "-- GET /api/orders?limit=50, idle, 200 requests one after another"
python3 - "$full_port" "$token" <<'EOF'
import http.client, sys, time
conn = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=30)
times = []
for _ in range(200):
    started = time.perf_counter()
    conn.request("GET", "/api/orders?limit=50", headers={"Authorization": "Bearer " + sys.argv[2]})
    response = conn.getresponse()
    body = response.read()
    assert response.status == 200, response.status
    times.append((time.perf_counter() - started) * 1000)
times.sort()
print(f"orders50 p50={times[100]:.2f} ms p99={times[197]:.2f} ms max={times[-1]:.2f} ms ({len(body)} bytes)")
EOF

python3 - "$results" <<'EOF'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
def med(side, column):
    return statistics.median(float(r[column]) for r in rows if r[1] == side)
empty, full, kiosk = ((med(s, 2), med(s, 3)) for s in ("empty", "full", "kiosk"))
print("-- medians over rounds, checkout at 16 senders")
print(f"empty database      rate={empty[0]:.0f}/s p99={empty[1]:.2f} ms")
print(f"full database       rate={full[0]:.0f}/s p99={full[1]:.2f} ms   rate ratio {full[0] / empty[0]:.2f}, p99 ratio {full[1] / empty[1]:.2f}")
print(f"full + kiosk reads  rate={kiosk[0]:.0f}/s p99={kiosk[1]:.2f} ms   p99 ratio to full alone {kiosk[1] / full[1]:.2f}")
EOF
echo "-- full daemon: rss_kib=$(awk '/VmRSS/ {print $2}' /proc/$full_pid/status) events=$(events_in "$full_db")"
