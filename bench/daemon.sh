# Sourced by the bench scripts: builds lanecastd and starts it on a free loopback port with a
# fresh database, stopped and removed when the script exits. Extra arguments go to lanecastd.
# Sets: root, build_dir, work, port, token, pid.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-$root/build}
"$root/scripts/install-deps.sh" --with-tests >/dev/null
"$root/scripts/build.sh" >/dev/null

start_daemon() {
  work=$(mktemp -d)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  token=bench-token-0123456789
  "$build_dir/daemon/lanecastd" --config-dir "$work/etc" --set "http.listen=127.0.0.1:$port" \
    --set "storage.path=$work/lanecast.db" --set "auth.tokens=$token" "$@" 2>"$work/daemon.log" &
  pid=$!
  trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$work"' EXIT
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.05; done
}
