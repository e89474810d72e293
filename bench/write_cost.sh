#!/usr/bin/env bash
# What one stored webhook costs the write path: WAL bytes and frames, main-file bytes written
# by checkpoints, fsyncs and system calls of the whole daemon, per stored event, under the
# reference checkout (a distinct orderId per request) from SENDERS senders (default 1: every
# commit then holds exactly one record, so the numbers are what one record dirties; at 16 the
# batches vary with the daemon's speed and so do the per-event shares).
#
#   [SENDERS=n] bench/write_cost.sh [seconds] [lanecastd ...]   (default 5 s, build/daemon/lanecastd)
#
# Give several lanecastd binaries (an older build, say) to compare them in one run, one after
# the other, each on a fresh database. The daemon runs under strace, which slows it several
# fold: the rates printed here are not ingest rates, only the per-event costs are meant.
# Needs wrk and strace. Loopback only.
set -euo pipefail
seconds=${1:-5}
shift || true
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
binaries=("$@")
(( ${#binaries[@]} )) || binaries=("${BUILD_DIR:-$root/build}/daemon/lanecastd")
command -v strace >/dev/null || { echo "strace is needed" >&2; exit 1; }
work=$(mktemp -d)
pid=
trap '[[ -n $pid ]] && kill $pid 2>/dev/null; rm -rf "$work"' EXIT
token=bench-token-0123456789
run=0  # every binary runs on a fresh database

for binary in "${binaries[@]}"; do
  dir=$(mktemp -d -p "$work")
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$binary" --config-dir "$dir/etc" --set "http.listen=127.0.0.1:$port" \
    --set "storage.path=$dir/lanecast.db" --set "auth.tokens=$token" 2>"$dir/daemon.log" &
  pid=$!
  for _ in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.05; done
  # Warm up: the tables exist and have some pages, as in a running store.
  run=$((run + 1))
  LANECAST_TOKEN=$token LANECAST_BODY="$root/tests/fixtures/checkout-reference-example.json" LANECAST_RUN=$run \
    wrk -t2 -c16 -d2s -s "$root/bench/checkout.lua" "http://127.0.0.1:$port/aifi/checkout" >/dev/null
  before=$(sqlite3 -readonly "$dir/lanecast.db" 'SELECT max(seq) FROM events')
  strace -f -ff -qq -y -o "$dir/trace" -e trace=pwrite64,pwritev,write,writev,fsync,fdatasync,sendto,sendmsg,recvfrom,read,epoll_wait,futex,fcntl,pread64,lseek,openat,close -p "$pid" &
  tracer=$!
  sleep 1
  run=$((run + 1))
  line=$(LANECAST_TOKEN=$token LANECAST_BODY="$root/tests/fixtures/checkout-reference-example.json" LANECAST_RUN=$run \
    wrk -t1 -c"${SENDERS:-1}" -d"${seconds}s" --timeout 10s -s "$root/bench/checkout.lua" "http://127.0.0.1:$port/aifi/checkout" | grep '^RESULT')
  sleep 0.5
  kill -INT $tracer; wait $tracer 2>/dev/null || true
  after=$(sqlite3 -readonly "$dir/lanecast.db" 'SELECT max(seq) FROM events')
  kill $pid; wait $pid 2>/dev/null || true
  pid=
  python3 - "$dir" "$((after - before))" "$binary" "$line" <<'EOF'
import glob, re, sys
traces, events, binary, line = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
wal_bytes = wal_writes = db_bytes = db_writes = syncs = calls = 0
# One file per thread (-ff), so no call is split across lines by another thread's.
rows = [row for path in glob.glob(traces + "/trace.*") for row in open(path)]
for row in rows:
    m = re.match(r"(\w+)\((\d+)<([^>]*)>.*= (-?\d+)", row)
    if not m:
        if re.match(r"\w+\(", row):
            calls += 1
        continue
    calls += 1
    name, path, result = m.group(1), m.group(3), int(m.group(4))
    if name in ("pwrite64", "pwritev", "write", "writev") and result > 0:
        if path.endswith("-wal"):
            wal_bytes += result; wal_writes += 1
        elif path.endswith(".db"):
            db_bytes += result; db_writes += 1
    elif name in ("fsync", "fdatasync"):
        syncs += 1
print(f"{binary}")
print(f"  stored {events} events under strace ({line.split(' p50')[0].replace('RESULT ', '')})")
print(f"  per event: WAL {wal_bytes / events:.0f} bytes ({wal_bytes / 4120 / events:.2f} frames of 4 KiB) in {wal_writes / events:.2f} writes; "
      f"main file {db_bytes / events:.0f} bytes; fsyncs {syncs / events:.3f}; traced system calls {calls / events:.1f}")
EOF
done
