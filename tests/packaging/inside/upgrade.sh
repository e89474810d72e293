# test_upgrade, inside a Debian 12 tree without a running systemd (as in a chroot).
source /lanecast-tests/inside/common.sh
STORED=40

step "lanecast $OLD_VERSION installed, $STORED webhooks stored through it"
dpkg -i "$DEB" </dev/null >/out/install.log 2>&1 || { cat /out/install.log; bad "dpkg -i failed"; }
start_daemon
python3 $CLIENT send --first 1 --count $STORED --prefix LC- || bad "seeding failed"
python3 $CLIENT events >/out/events-before.json
stop_daemon
python3 - <<PY || bad "the seeded database does not hold $STORED events"
import json, sys
sys.exit(len(json.load(open("/out/events-before.json"))) != $STORED)
PY

step "the store edits the conffile /etc/lanecast/lanecast.conf"
printf '\n# edited by the store\n[store]\norder_prefix = ED-\n' >>/etc/lanecast/lanecast.conf
cp /etc/lanecast/lanecast.conf /out/conf-edited
cp -a /etc/lanecast/credentials /out/credentials-before
(cd /var/lib/lanecast && sha256sum lanecast.db* >/out/db.sha256)

step "upgrade to $NEW_VERSION, non-interactive, no terminal, keeping local configuration"
DEBIAN_FRONTEND=noninteractive dpkg --force-confdef --force-confold -i "$NEW_DEB" </dev/null \
  >/out/upgrade.log 2>&1 || { cat /out/upgrade.log; bad "the upgrade failed"; }
[ "$(dpkg-query -W -f='${Status} ${Version}' lanecast)" = "install ok installed $NEW_VERSION" ] ||
  bad "after the upgrade: $(dpkg-query -W -f='${Status} ${Version}' lanecast)"

step "dpkg did have to decide: the package's new lanecast.conf is beside the kept one"
[ -f /etc/lanecast/lanecast.conf.dpkg-dist ] || bad "no lanecast.conf.dpkg-dist: the conffile did not change?"
grep -q "$NEW_VERSION: this line is new" /etc/lanecast/lanecast.conf.dpkg-dist || bad "dpkg-dist is not the new file"

step "the edit survives byte for byte, the tokens too"
cmp /out/conf-edited /etc/lanecast/lanecast.conf || bad "the edited conffile changed"
diff -r /out/credentials-before /etc/lanecast/credentials || bad "the tokens changed"

step "dpkg left the database files exactly as they were"
(cd /var/lib/lanecast && sha256sum -c --quiet /out/db.sha256) || bad "the upgrade changed the database"

step "the new lanecastd serves every stored event, unchanged, and uses the edited setting"
start_daemon
python3 $CLIENT events >/out/events-after.json
python3 $CLIENT send --first $((STORED + 1)) --count 1 --prefix ED- || bad "the edited order_prefix is not in effect"
stop_daemon
python3 - <<PY || bad "stored events differ after the upgrade"
import json, sys
before = json.load(open("/out/events-before.json"))
after = json.load(open("/out/events-after.json"))
print(f"$TEST_NAME: {len(before)} events before, {len(after)} after the upgrade")
sys.exit(before != after)
PY
