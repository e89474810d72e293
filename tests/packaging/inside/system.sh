# test_system, inside a booted Debian 12 (systemd as PID 1): one phase per call, because the host
# publishes the next version into the signed repository between phases.
source /lanecast-tests/inside/common.sh
SEEDED=20
STORM=200

main_pid() { systemctl show lanecast.service -p MainPID --value; }
restarts() { systemctl show lanecast.service -p NRestarts --value; }
event_count() {
  python3 $CLIENT events >/out/events-now.json
  python3 -c 'import json; print(len(json.load(open("/out/events-now.json"))))'
}
wait_active() {  # wait_active SECONDS: until lanecast.service is active and healthy
  local deadline=$((SECONDS + $1))
  until [ "$(systemctl is-active lanecast.service)" = active ]; do
    [ $SECONDS -lt $deadline ] || { systemctl status --no-pager lanecast.service || true; bad "lanecast.service is not active"; }
    sleep 0.2
  done
  python3 $CLIENT wait-healthy --wait 20 || bad "lanecast does not answer /healthz"
}

phase_install() {
  step "apt-get update verifies the signed repository; a repository signed by another key is refused"
  apt-get update >/out/apt-update.log 2>&1 || { cat /out/apt-update.log; bad "apt-get update failed"; }
  ! grep -E '^(W|E):' /out/apt-update.log || bad "apt-get update warned"
  echo "deb [signed-by=/keys/other-archive.gpg] file:/srv/lanecast-repo bookworm main" >/out/wrong.list
  mkdir -p /out/wrong-lists/partial
  apt-get update -o Dir::Etc::sourcelist=/out/wrong.list -o Dir::Etc::sourceparts=- \
    -o Dir::State::lists=/out/wrong-lists >/out/wrong-key.log 2>&1 || true
  grep -q 'NO_PUBKEY' /out/wrong-key.log || { cat /out/wrong-key.log; bad "apt did not refuse the wrong key"; }

  step "apt-get install lanecast ($OLD_VERSION) from the repository, asking nothing"
  apt-get install -y lanecast </dev/null >/out/apt-install.log 2>&1 ||
    { cat /out/apt-install.log; bad "apt-get install failed"; }
  [ "$(dpkg-query -W -f='${Version}' lanecast)" = "$OLD_VERSION" ] || bad "installed $(dpkg-query -W -f='${Version}' lanecast)"

  step "lanecast.service reaches READY (Type=notify: active only after READY=1), behind the socket"
  wait_active 30
  [ "$(systemctl is-active lanecast.socket)" = active ] || bad "lanecast.socket is not active"
  systemctl show lanecast.service -p StatusText --value | grep -q '^serving' ||
    bad "status text: $(systemctl show lanecast.service -p StatusText --value)"
  journalctl -u lanecast.service --no-pager | grep -c '(socket activation)' >/dev/null ||
    bad "lanecastd did not take the socket from systemd"
  [ "$(ps -o user= -p "$(main_pid)")" = _lanecast ] || bad "lanecastd does not run as _lanecast"
  # PrivateUsers= must not cost the dialout group that opens the pole display's serial port.
  grep -qw "$(getent group dialout | cut -d: -f3)" <(grep '^Groups:' /proc/"$(main_pid)"/status) ||
    bad "lanecastd lacks the dialout group: $(grep '^Groups:' /proc/"$(main_pid)"/status)"

  step "systemctl reload lanecast: SIGHUP, RELOADING=1 then READY=1, the same process keeps serving"
  local pid
  pid=$(main_pid)
  systemctl reload lanecast.service || bad "systemctl reload failed"
  journalctl -u lanecast.service --no-pager -o cat | grep -c 'configuration reloaded' >/dev/null ||
    bad "lanecastd did not log a reload"
  wait_active 10
  [ "$(main_pid)" = "$pid" ] || bad "reload restarted the process"

  step "webhooks need the generated token (from the credential); $SEEDED stored with it"
  status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    --data @/fixtures/checkout-reference-example.json http://127.0.0.1:8080/aifi/checkout)
  [ "$status" = 401 ] || bad "a webhook without a token got $status"
  python3 $CLIENT send --first 1 --count $SEEDED --prefix LC- || bad "seeding failed"
}

# storm_through_restart FIRST LOG [CLIENT OPTIONS...]: $STORM webhooks from order FIRST on,
# sent while lanecast.service restarts; each must be answered 200 and stored.
storm_through_restart() {
  local first=$1 log=$2 before count storm
  shift 2
  before=$(main_pid)
  count=$(event_count)
  python3 $CLIENT "$@" storm --first "$first" --count $STORM --workers 4 --duration 6 >"$log" 2>&1 &
  storm=$!
  sleep 1.5
  systemctl restart lanecast.service
  kill -0 "$storm" 2>/dev/null || bad "the webhooks were all sent before the restart finished; nothing was tested"
  wait "$storm" || { cat "$log"; bad "webhooks were lost during the restart"; }
  cat "$log"
  [ "$(main_pid)" != "$before" ] || bad "the service was not restarted"
  [ "$(event_count)" = $((count + STORM)) ] || bad "$(event_count) events stored, expected $((count + STORM))"
}

phase_restart() {
  step "$STORM webhooks sent during systemctl restart lanecast, socket active: every one answered 200"
  storm_through_restart 1001 /out/storm.log
  [ "$(event_count)" = $((SEEDED + STORM)) ] || bad "$(event_count) events stored, expected $((SEEDED + STORM))"
}

phase_watchdog() {
  step "a hung lanecastd (SIGSTOP) misses its watchdog pings and systemd restarts it"
  local pid count
  pid=$(main_pid)
  count=$(restarts)
  kill -STOP "$pid"
  local deadline=$((SECONDS + 40))
  while [ "$(restarts)" = "$count" ]; do
    [ $SECONDS -lt $deadline ] || bad "no restart 40 s after the process hung (NRestarts $count)"
    sleep 0.5
  done
  wait_active 30
  [ "$(main_pid)" != "$pid" ] || bad "the hung process is still the main process"
  journalctl -u lanecast.service --no-pager | grep -ci 'watchdog timeout' >/dev/null ||
    bad "the journal shows no watchdog timeout"
  [ "$(event_count)" = $((SEEDED + STORM)) ] || bad "events lost across the watchdog restart"
}

last_listening_line() {
  journalctl -u lanecast.service --no-pager -o cat | grep 'listening on' | tail -1
}

phase_nosocket() {
  step "without lanecast.socket the service binds http.listen itself and still serves"
  local count
  count=$(event_count)
  systemctl disable --now lanecast.socket >/dev/null 2>&1
  systemctl restart lanecast.service
  wait_active 30
  last_listening_line | grep -q 'listening on 127.0.0.1:8080, database' ||
    bad "not listening by itself: $(last_listening_line)"
  python3 $CLIENT send --first 501 --count 5 --prefix LC- || bad "webhooks failed without the socket"

  step "the socket back: enabled again, the service takes it over"
  systemctl stop lanecast.service
  systemctl enable --now lanecast.socket >/dev/null 2>&1
  systemctl start lanecast.service
  wait_active 30
  last_listening_line | grep -q '(socket activation)' || bad "socket not handed over: $(last_listening_line)"
  [ "$(event_count)" = $((count + 5)) ] || bad "events lost switching the socket off and on"
}

phase_https() {
  step "HTTPS: certificate and key into the empty credential files, lanecast-https.socket enabled"
  [ ! -s /etc/lanecast/credentials/tls-cert ] || bad "the installed tls-cert is not empty"
  [ "$(systemctl is-enabled lanecast-https.socket 2>/dev/null || true)" = disabled ] ||
    bad "lanecast-https.socket is not shipped disabled: $(systemctl is-enabled lanecast-https.socket 2>&1 || true)"
  install -m 0600 /tls/chain.pem /etc/lanecast/credentials/tls-cert
  install -m 0600 /tls/server.key /etc/lanecast/credentials/tls-key
  # The documented order: systemd refuses to start a socket whose service already runs.
  systemctl enable lanecast-https.socket >/out/https-enable.log 2>&1
  systemctl stop lanecast.service
  systemctl start lanecast-https.socket lanecast.service >>/out/https-enable.log 2>&1 || {
    cat /out/https-enable.log; systemctl status --no-pager lanecast-https.socket || true
    bad "starting lanecast-https.socket and lanecast.service failed"; }
  wait_active 30
  last_listening_line | grep -q 'https \[::\]:443 (socket activation)' ||
    bad "HTTPS socket not taken over: $(last_listening_line)"
  local https="--port 443 --host 127.0.0.1 --tls-ca /tls/ca.crt"
  python3 $CLIENT $https wait-healthy --wait 10 || bad "no HTTPS answer on 443"

  step "$STORM webhooks over HTTPS during systemctl restart lanecast: every one answered 200"
  storm_through_restart 4001 /out/storm-https.log $https
}

phase_upgrade() {
  step "the store edits lanecast.conf; unattended-upgrades installs $NEW_VERSION from the signed repository"
  python3 $CLIENT events >/out/events-before.json
  printf '\n# edited by the store\n[store]\norder_prefix = ED-\n' >>/etc/lanecast/lanecast.conf
  cp /etc/lanecast/lanecast.conf /out/conf-edited
  local pid socket_id storm
  pid=$(main_pid)
  socket_id=$(systemctl show lanecast.socket -p InvocationID --value)
  apt-get update >/out/apt-update-2.log 2>&1 || { cat /out/apt-update-2.log; bad "apt-get update failed"; }
  python3 $CLIENT storm --first 2001 --count 100 --workers 2 --duration 15 >/out/storm-upgrade.log 2>&1 &
  storm=$!
  unattended-upgrade -v </dev/null >/out/unattended-upgrade.log 2>&1 ||
    { cat /out/unattended-upgrade.log; bad "unattended-upgrade failed"; }
  [ "$(dpkg-query -W -f='${Version}' lanecast)" = "$NEW_VERSION" ] ||
    { cat /out/unattended-upgrade.log; bad "unattended-upgrade left $(dpkg-query -W -f='${Version}' lanecast)"; }
  wait "$storm" || { cat /out/storm-upgrade.log; bad "webhooks were lost during the upgrade"; }
  cat /out/storm-upgrade.log

  step "the upgrade restarted the service, left the socket alone, kept every event and the edit"
  wait_active 30
  [ "$(main_pid)" != "$pid" ] || bad "the upgrade did not restart lanecast.service"
  [ "$(systemctl show lanecast.socket -p InvocationID --value)" = "$socket_id" ] ||
    bad "the upgrade restarted lanecast.socket"
  cmp /out/conf-edited /etc/lanecast/lanecast.conf || bad "the edited conffile changed"
  [ -f /etc/lanecast/lanecast.conf.dpkg-dist ] || bad "no lanecast.conf.dpkg-dist: the conffile did not change?"
  python3 $CLIENT events >/out/events-after.json
  python3 - <<PY || bad "stored events changed across the upgrade"
import json, sys
before = json.load(open("/out/events-before.json"))
after = json.load(open("/out/events-after.json"))
print(f"$TEST_NAME: {len(before)} events before the upgrade, {len(after)} after (100 sent during it)")
sys.exit(after[:len(before)] != before or len(after) != len(before) + 100)
PY
  python3 $CLIENT send --first 3001 --count 1 --prefix ED- || bad "the edited order_prefix is not in effect"
  python3 $CLIENT --port 443 --tls-ca /tls/ca.crt send --first 3002 --count 1 --prefix ED- ||
    bad "HTTPS does not serve after the upgrade"
}

phase_remote_update() {
  local script=/usr/libexec/lanecast/remote-update.sh status=0 count
  count=$(event_count)
  step "remote-update.sh with a good pushed package: exit 0, updated, healthy, nothing lost"
  $script --timeout 30 --settle 3 /pushed/lanecast_0.2.1-1_$ARCH.deb >/out/remote-good.log 2>&1 || status=$?
  cat /out/remote-good.log
  [ $status = 0 ] || bad "remote-update.sh exited with $status"
  [ "$(dpkg-query -W -f='${Version}' lanecast)" = 0.2.1-1 ] || bad "0.2.1-1 is not installed"
  [ -f /var/lib/lanecast-update/packages/lanecast_0.2.1-1_$ARCH.deb ] || bad "the new package was not kept"
  [ "$(event_count)" = "$count" ] || bad "events lost in the pushed update"

  step "remote-update.sh with a package whose lanecastd cannot start: rolled back, exit 2"
  status=0
  $script --timeout 15 --settle 3 /pushed/lanecast_0.3.0-1_$ARCH.deb >/out/remote-bad.log 2>&1 || status=$?
  cat /out/remote-bad.log
  [ $status = 2 ] || bad "remote-update.sh exited with $status, not 2"
  grep -q 'rolling back to lanecast 0.2.1-1' /out/remote-bad.log || bad "no rollback to 0.2.1-1"
  [ "$(dpkg-query -W -f='${Version}' lanecast)" = 0.2.1-1 ] || bad "0.2.1-1 is not back"
  # The script shows the failing unit's status before it rolls back.
  grep -q 'ExecStart=/usr/sbin/lanecastd (code=exited, status=1/FAILURE)' /out/remote-bad.log ||
    bad "the broken lanecastd never ran: the test did not test a failure"
  wait_active 30
  [ "$(event_count)" = "$count" ] || bad "events lost in the rollback"
}

phase_kiosk() {
  step "lanecast-kiosk from the repository: cage runs Chromium on the lane display page"
  apt-get install -y lanecast-kiosk </dev/null >/out/apt-kiosk.log 2>&1 ||
    { cat /out/apt-kiosk.log; bad "apt-get install lanecast-kiosk failed"; }
  # The container has no VT, seat or GPU: this drop-in replaces only those parts of the unit
  # (wlroots' headless backend draws in memory) and opens Chromium's debugging port to ask it
  # what it shows. Everything else - user, PAM session, cage, Chromium's flags, the page from
  # /etc/default/lanecast-kiosk, Restart=always - is the shipped unit's.
  mkdir -p /etc/systemd/system/lanecast-kiosk.service.d
  cat >/etc/systemd/system/lanecast-kiosk.service.d/50-test-headless.conf <<'CONF'
[Unit]
ConditionPathExists=
[Service]
TTYPath=
StandardInput=null
TTYReset=no
TTYVHangup=no
TTYVTDisallocate=no
UtmpIdentifier=
Environment=WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1
CONF
  sed -i 's/^KIOSK_CHROMIUM_FLAGS=.*/KIOSK_CHROMIUM_FLAGS=--remote-debugging-port=9222/' /etc/default/lanecast-kiosk
  systemctl daemon-reload
  systemctl restart lanecast-kiosk.service
  wait_for_page 60
  [ "$(ps -o user= -C chromium | sort -u | tr -d ' ')" = _lanecast-kiosk ] ||
    bad "Chromium does not run as _lanecast-kiosk alone: $(ps -o user= -C chromium | sort -u)"

  step "Chromium exiting ends cage, and Restart=always brings the display back"
  local count
  count=$(systemctl show lanecast-kiosk.service -p NRestarts --value)
  # The page shown now; the one after the restart must be a new one.
  export OLD_PAGE_ID
  OLD_PAGE_ID=$(python3 -c 'import json; print(json.load(open("/out/pages.json"))[0]["id"])')
  pkill -KILL -o -x chromium
  local deadline=$((SECONDS + 30))
  while [ "$(systemctl show lanecast-kiosk.service -p NRestarts --value)" = "$count" ]; do
    [ $SECONDS -lt $deadline ] || bad "lanecast-kiosk was not restarted after Chromium died"
    sleep 0.5
  done
  wait_for_page 60
  systemctl stop lanecast-kiosk.service
}

# Until Chromium's debugging port lists the page from KIOSK_URL and lanecastd counts a connected
# screen stream in /healthz: the page was served, its script ran and it follows the lane live
# (an error page would be listed too, but would never connect). With OLD_PAGE_ID set, that page
# does not count.
wait_for_page() {
  local deadline=$((SECONDS + $1))
  until curl -fsS --max-time 2 http://127.0.0.1:9222/json/list >/out/pages.json 2>/dev/null &&
        curl -fsS --max-time 2 http://127.0.0.1:8080/healthz >/out/health.json 2>/dev/null &&
        python3 - <<'PY'
import json, os, sys
pages = json.load(open("/out/pages.json"))
health = json.load(open("/out/health.json"))
old = os.environ.get("OLD_PAGE_ID", "")
shown = any(p.get("url") == "http://127.0.0.1:8080/display/1" and p.get("id") != old for p in pages)
sys.exit(not (shown and health.get("screens", {}).get("connectedStreams", 0) >= 1))
PY
  do
    [ $SECONDS -lt $deadline ] || {
      cat /out/pages.json /out/health.json 2>/dev/null || true
      journalctl -u lanecast-kiosk.service --no-pager | tail -20
      bad "Chromium does not show a live http://127.0.0.1:8080/display/1 after $1 s"
    }
    sleep 1
  done
}

"phase_$1"
