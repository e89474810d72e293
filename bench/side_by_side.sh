#!/usr/bin/env bash
# Side-by-side benchmark: lanecastd against the bare durable receiver
# (../shared/bench/baseline_receiver.c: libmicrohttpd + SQLite WAL synchronous=FULL + group
# commit, answer after COMMIT, storing only the body), run ALTERNATELY in one run with the same
# bodies and the same wrk scripts, so the ratios hold even though absolute numbers on a shared
# machine swing from minute to minute.
#
#   bench/side_by_side.sh [rounds] [seconds-per-step]      (default 3 rounds x 5 s)
#
# Each round runs, for the bare receiver and then lanecastd (the other way round on even
# rounds, so drift within a round does not favour one side):
#   checkout16  the reference checkout, a distinct orderId per request, 16 senders
#   checkout64  the same at 64 senders
#   mutator16   a 50-line cart-mutator request priced with the German example rules, 16 callers
#               (the bare receiver stores the same 50-line bodies)
# Every run prints its own line; the summary prints the median rate, p50 and p99 of each side
# and the ratios lanecastd/bare (rate) and lanecastd/bare (p99).
#
# The bare receiver as shipped never checkpoints: its checkpoint thread opens a connection
# and calls sqlite3_wal_checkpoint_v2 at once, and a connection that has not yet read the
# database does not know it is in WAL mode, so every call returns SQLITE_OK with -1 frames
# (log=-1, ckpt=-1) and does nothing. Its WAL grows for as long as it runs (about 130 MB in a
# 3 s checkout run) and no page is ever copied twice. BARE_CHECKPOINTS=1 adds a fourth side,
# "bare-ckpt": the same source with one line added, a read of sqlite_schema on that connection
# before its first checkpoint, so it checkpoints every 50 ms as its README says; the summary
# then also prints lanecastd against it. The size of each side's WAL at the end is printed.
#
# Builds lanecastd with scripts/build.sh into $BUILD_DIR (default build/; SKIP_BUILD=1 uses what
# is there; LANECASTD=path runs that binary instead) and the bare receiver into a temporary
# directory. BEFORE=path adds a third side, an older lanecastd, run in the same rounds, and the
# summary then also prints this build against it. Before every step the page cache is written
# back (sync) and the machine left alone for a second: the 50-line runs leave hundreds of MB of
# dirty pages whose writeback would otherwise land on the next side's fsyncs. Needs wrk.
# Loopback only.
set -euo pipefail
rounds=${1:-3}
seconds=${2:-5}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
bare_source="$root/../shared/bench/baseline_receiver.c"
[[ -f $bare_source ]] || { echo "bare receiver source not found at $bare_source" >&2; exit 1; }
command -v wrk >/dev/null || { echo "wrk is needed (scripts/install-deps.sh --with-tests)" >&2; exit 1; }
if [[ ${SKIP_BUILD:-0} != 1 && -z ${LANECASTD:-} ]]; then "$root/scripts/build.sh" >/dev/null; fi
lanecastd=${LANECASTD:-$build_dir/daemon/lanecastd}

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$1/healthz" && return 0; sleep 0.05; done; return 1; }

cc -O2 -o "$work/baseline_receiver" "$bare_source" -lmicrohttpd -lsqlite3 -lpthread
bare_port=$(free_port)
"$work/baseline_receiver" -p "$bare_port" -m epoll -d "$work/bare.db" -s FULL -g -c \
  >"$work/bare.log" 2>&1 &
pids+=($!)
bare_ckpt_port=
if [[ ${BARE_CHECKPOINTS:-0} == 1 ]]; then
  sed 's|sqlite3_busy_timeout(c, 1000);|sqlite3_busy_timeout(c, 1000); sqlite3_exec(c, "SELECT count(*) FROM sqlite_schema", 0, 0, 0);|' \
    "$bare_source" >"$work/bare_ckpt.c"
  grep -q 'FROM sqlite_schema' "$work/bare_ckpt.c" || { echo "could not patch the bare receiver's checkpointer" >&2; exit 1; }
  cc -O2 -o "$work/bare_ckpt" "$work/bare_ckpt.c" -lmicrohttpd -lsqlite3 -lpthread
  bare_ckpt_port=$(free_port)
  "$work/bare_ckpt" -p "$bare_ckpt_port" -m epoll -d "$work/bare_ckpt.db" -s FULL -g -c \
    >"$work/bare_ckpt.log" 2>&1 &
  pids+=($!)
fi

lc_port=$(free_port)
token=bench-token-0123456789
"$lanecastd" --config-dir "$work/etc" --set "http.listen=127.0.0.1:$lc_port" \
  --set "storage.path=$work/lanecast.db" --set "auth.tokens=$token" \
  --set "pricing.rules_file=$root/packaging/examples/pricing-de.json" 2>"$work/lanecastd.log" &
lc_pid=$!
pids+=($lc_pid)
before_port=
if [[ -n ${BEFORE:-} ]]; then
  before_port=$(free_port)
  mkdir -p "$work/before-etc"
  "$BEFORE" --config-dir "$work/before-etc" --set "http.listen=127.0.0.1:$before_port" \
    --set "storage.path=$work/before.db" --set "auth.tokens=$token" \
    --set "pricing.rules_file=$root/packaging/examples/pricing-de.json" 2>"$work/before.log" &
  pids+=($!)
  wait_up "$before_port" || { echo "the BEFORE lanecastd did not start" >&2; cat "$work/before.log" >&2; exit 1; }
fi
wait_up "$bare_port" || { echo "bare receiver did not start" >&2; cat "$work/bare.log" >&2; exit 1; }
if [[ -n $bare_ckpt_port ]]; then
  wait_up "$bare_ckpt_port" || { echo "bare-ckpt did not start" >&2; cat "$work/bare_ckpt.log" >&2; exit 1; }
fi
wait_up "$lc_port" || { echo "lanecastd did not start" >&2; cat "$work/lanecastd.log" >&2; exit 1; }

run=0
results="$work/results"
: >"$results"
# step SIDE SCENARIO: one wrk run; appends "SIDE SCENARIO rps p50 p99 non2xx errors".
step() {
  local side=$1 scenario=$2 port path script senders
  run=$((run + 1))
  case $side in
    bare) port=$bare_port ;; bare-ckpt) port=$bare_ckpt_port ;; before) port=$before_port ;;
    *) port=$lc_port ;;
  esac
  sync
  sleep 1
  case $scenario in
    checkout16) senders=16; script=checkout.lua; path=/aifi/checkout ;;
    checkout64) senders=64; script=checkout.lua; path=/aifi/checkout ;;
    mutator16) senders=16; script=mutator.lua; path=/aifi/cart-mutator ;;
  esac
  local line
  line=$(LANECAST_TOKEN=$token LANECAST_BODY="$root/tests/fixtures/checkout-reference-example.json" \
    LANECAST_LINES=50 LANECAST_RUN=$run \
    wrk -t2 -c"$senders" -d"${seconds}s" --timeout 10s -s "$root/bench/$script" \
    "http://127.0.0.1:$port$path" | grep '^RESULT')
  local rps p50 p99 non2xx errors
  rps=$(sed -n 's/.* rps=\([0-9.]*\).*/\1/p' <<<"$line")
  p50=$(sed -n 's/.* p50_ms=\([0-9.]*\).*/\1/p' <<<"$line")
  p99=$(sed -n 's/.* p99_ms=\([0-9.]*\).*/\1/p' <<<"$line")
  non2xx=$(sed -n 's/.* non2xx=\([0-9]*\).*/\1/p' <<<"$line")
  errors=$(sed -n 's/.* socket_errors=\([0-9]*\).*/\1/p' <<<"$line")
  printf '%-9s %-10s rate=%6.0f/s p50=%7.3f ms p99=%7.3f ms non2xx=%s socket_errors=%s\n' \
    "$side" "$scenario" "$rps" "$p50" "$p99" "$non2xx" "$errors"
  echo "$side $scenario $rps $p50 $p99 $non2xx $errors" >>"$results"
}

echo "side by side: $lanecastd ($(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')) vs bare receiver, $(nproc) cores, $rounds rounds x ${seconds}s, wrk -t2"
for round in $(seq "$rounds"); do
  echo "-- round $round"
  for scenario in checkout16 checkout64 mutator16; do
    sides=(bare lanecastd)
    [[ -n $before_port ]] && sides+=(before)
    [[ -n $bare_ckpt_port ]] && sides+=(bare-ckpt)
    if (( round % 2 == 0 )); then sides=($(printf '%s\n' "${sides[@]}" | tac)); fi
    for side in "${sides[@]}"; do step "$side" "$scenario"; done
  done
done

fallbacks=$(grep -c "answered unchanged" "$work/lanecastd.log" || true)
wal_sizes="bare $(stat -c %s "$work/bare.db-wal" 2>/dev/null || echo 0)"
wal_sizes+=" lanecastd $(stat -c %s "$work/lanecast.db-wal" 2>/dev/null || echo 0)"
[[ -n $bare_ckpt_port ]] && wal_sizes+=" bare-ckpt $(stat -c %s "$work/bare_ckpt.db-wal" 2>/dev/null || echo 0)"
[[ -n $before_port ]] && wal_sizes+=" before $(stat -c %s "$work/before.db-wal" 2>/dev/null || echo 0)"
echo "-- WAL file sizes at the end, bytes: $wal_sizes"
echo "-- lanecastd: rss_kib=$(awk '/VmRSS/ {print $2}' /proc/$lc_pid/status) peak_rss_kib=$(awk '/VmHWM/ {print $2}' /proc/$lc_pid/status) mutator_fallbacks=$fallbacks"
python3 - "$results" <<'EOF'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
def med(side, scenario, column):
    values = [float(r[column]) for r in rows if r[0] == side and r[1] == scenario]
    return statistics.median(values) if values else float("nan")
print("-- medians over rounds (rate = answered requests/s; the bare receiver answers after storing)")
print(f"{'scenario':<11}{'bare rate':>10}{'p50':>8}{'p99':>8}{'lanecastd':>11}{'p50':>8}{'p99':>8}{'rate ratio':>12}{'p99 ratio':>11}")
for scenario in ("checkout16", "checkout64", "mutator16"):
    b = [med("bare", scenario, c) for c in (2, 3, 4)]
    l = [med("lanecastd", scenario, c) for c in (2, 3, 4)]
    print(f"{scenario:<11}{b[0]:>10.0f}{b[1]:>8.2f}{b[2]:>8.2f}{l[0]:>11.0f}{l[1]:>8.2f}{l[2]:>8.2f}"
          f"{l[0] / b[0]:>12.2f}{l[2] / b[2]:>11.2f}")
if any(r[0] == "before" for r in rows):
    print("-- this build against BEFORE, same rounds")
    print(f"{'scenario':<11}{'before':>10}{'p99':>8}{'after':>10}{'p99':>8}{'rate ratio':>12}{'before/bare':>13}")
    for scenario in ("checkout16", "checkout64", "mutator16"):
        o = [med("before", scenario, c) for c in (2, 4)]
        l = [med("lanecastd", scenario, c) for c in (2, 4)]
        b = med("bare", scenario, 2)
        print(f"{scenario:<11}{o[0]:>10.0f}{o[1]:>8.2f}{l[0]:>10.0f}{l[1]:>8.2f}{l[0] / o[0]:>12.2f}{o[0] / b:>13.2f}")
if any(r[0] == "bare-ckpt" for r in rows):
    print("-- against the bare receiver with working checkpoints (bare-ckpt), same rounds")
    print(f"{'scenario':<11}{'bare-ckpt':>10}{'p50':>8}{'p99':>8}{'lanecastd':>11}{'p99':>8}{'rate ratio':>12}{'p99 ratio':>11}")
    for scenario in ("checkout16", "checkout64", "mutator16"):
        c = [med("bare-ckpt", scenario, col) for col in (2, 3, 4)]
        l = [med("lanecastd", scenario, col) for col in (2, 4)]
        print(f"{scenario:<11}{c[0]:>10.0f}{c[1]:>8.2f}{c[2]:>8.2f}{l[0]:>11.0f}{l[1]:>8.2f}"
              f"{l[0] / c[0]:>12.2f}{l[1] / c[2]:>11.2f}")
bad = [r for r in rows if int(r[5]) or int(r[6])]
if bad:
    print("WARNING: runs with non-2xx answers or socket errors:", *(" ".join(r) for r in bad), sep="\n  ")
EOF
