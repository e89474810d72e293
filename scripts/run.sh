#!/usr/bin/env bash
# Quick start: install what is missing, build, and run lanecastd on its embedded defaults.
# Arguments are passed to lanecastd (for example --set http.listen=127.0.0.1:9090).
#
# scripts/run.sh --demo [lanecastd arguments]: the same daemon with the German example
# pricing rules, and simulated shopping trips played against it by lanecastctl until Ctrl-C,
# so that the customer displays and the staff page move within seconds. The webhook token,
# when the daemon needs one, comes from $LANECAST_TOKEN or the first of --set auth.tokens=.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
demo=false
if [[ "${1:-}" == "--demo" ]]; then
  demo=true
  shift
fi
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
build=${BUILD_DIR:-$root/build}
if ! $demo; then
  exec "$build/daemon/lanecastd" "$@"
fi

listen=127.0.0.1:8080
db=./lanecast.db
token=${LANECAST_TOKEN:-}
for arg in "$@"; do
  case $arg in
    *http.listen=*) listen=${arg##*http.listen=} ;;
    *storage.path=*) db=${arg##*storage.path=} ;;
    *auth.tokens=*) [[ -n $token ]] || { token=${arg##*auth.tokens=}; token=${token%%,*}; } ;;
  esac
done
url="http://127.0.0.1:${listen##*:}"
ctl="$build/daemon/ctl/lanecastctl"

# A session of its own keeps Ctrl-C away from the daemon: the simulator finishes the trips
# under way first, then the daemon is stopped with SIGTERM.
# Its log goes to a file, so the trips' lines do not bury the instructions below.
log=$PWD/lanecastd-demo.log
setsid "$build/daemon/lanecastd" --set "pricing.rules_file=$root/packaging/examples/pricing-de.json" "$@" \
  >"$log" 2>&1 &
daemon=$!
trap 'kill -TERM "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  "$ctl" --url "$url" --timeout 1 status >/dev/null 2>&1 && break
  if ! kill -0 "$daemon" 2>/dev/null; then
    echo "run.sh: lanecastd did not start:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.1
done

cat <<EOF

lanecast demo: simulated shoppers are checking out on lanes 1, 2 and 3. Open
  $url/display/1    the customer display of lane 1 (also /display/2, /display/3)
  $url/staff        the staff page: lanes, alerts, recent orders
and, from another terminal,
  $ctl --url $url status
  $ctl --db $db orders
The daemon logs to $log. Ctrl-C stops the trips and the daemon.

EOF
LANECAST_TOKEN=$token "$ctl" --url "$url" simulate --count 0 --lanes 3 --rate 20 --step-ms 1500 || true
