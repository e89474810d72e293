# test_install_purge, inside a Debian 12 tree without a running systemd (as in a chroot).
source /lanecast-tests/inside/common.sh

step "dpkg -i lanecast and lanecast-kiosk with their dependencies present, asking nothing"
dpkg -i "$DEB" "$KIOSK_DEB" </dev/null >/out/install.log 2>&1 || { cat /out/install.log; bad "dpkg -i failed"; }

step "the system users exist, without a login shell"
getent passwd _lanecast | grep -q ':/var/lib/lanecast:/usr/sbin/nologin$' ||
  bad "_lanecast: $(getent passwd _lanecast)"
[ "$(id -u _lanecast)" -lt 1000 ] || bad "_lanecast is not a system user"
getent passwd _lanecast-kiosk >/dev/null || bad "no _lanecast-kiosk user"
id -nG _lanecast-kiosk | grep -qw video || bad "_lanecast-kiosk is not in video"

step "both token files exist, root-only, each with one token; the TLS files exist, empty"
[ "$(stat -c '%a %U' /etc/lanecast/credentials)" = "700 root" ] || bad "credentials dir is not 0700 root"
for f in webhook-tokens staff-tokens; do
  [ "$(stat -c '%a %U' /etc/lanecast/credentials/$f)" = "600 root" ] || bad "$f is not 0600 root"
  [ "$(grep -vc '^#' /etc/lanecast/credentials/$f)" = 1 ] || bad "$f does not hold one token"
done
for f in tls-cert tls-key mqtt-ca mqtt-cert mqtt-key mqtt-password; do
  [ "$(stat -c '%a %U %s' /etc/lanecast/credentials/$f)" = "600 root 0" ] ||
    bad "$f is not an empty 0600 root file: $(stat -c '%a %U %s' /etc/lanecast/credentials/$f)"
done
cp /etc/lanecast/credentials/webhook-tokens /out/first-token
! cmp -s /etc/lanecast/credentials/webhook-tokens /etc/lanecast/credentials/staff-tokens ||
  bad "webhook and staff tokens are the same"

step "the service and the socket are enabled, the kiosk too; the HTTPS socket is not"
[ -L /etc/systemd/system/multi-user.target.wants/lanecast.service ] || bad "lanecast.service not enabled"
[ -L /etc/systemd/system/sockets.target.wants/lanecast.socket ] || bad "lanecast.socket not enabled"
[ -L /etc/systemd/system/graphical.target.wants/lanecast-kiosk.service ] || bad "kiosk not enabled"
[ -f /lib/systemd/system/lanecast-https.socket ] || bad "lanecast-https.socket not installed"
[ ! -e /etc/systemd/system/sockets.target.wants/lanecast-https.socket ] ||
  bad "lanecast-https.socket is enabled before it has a certificate"

step "lanecastd runs on the shipped configuration and the generated tokens, and stores a webhook"
start_daemon
python3 $CLIENT send --first 1 --count 1 || bad "the checkout was not stored"
status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
  --data @/fixtures/checkout-reference-example.json http://127.0.0.1:8080/aifi/checkout)
[ "$status" = 401 ] || bad "a webhook without the token got $status, not 401"
stop_daemon
[ -s /var/lib/lanecast/lanecast.db ] || bad "no database in /var/lib/lanecast"
sha256sum /var/lib/lanecast/lanecast.db >/out/db.sha256
printf '[store]\ncurrency = USD\n' >/etc/lanecast/lanecast.conf.d/50-store.conf

step "remove keeps the configuration, the tokens and the data"
dpkg -r lanecast-kiosk lanecast </dev/null >/out/remove.log 2>&1 || { cat /out/remove.log; bad "dpkg -r failed"; }
[ ! -e /usr/sbin/lanecastd ] || bad "lanecastd still there after remove"
[ -f /etc/lanecast/lanecast.conf ] || bad "remove deleted the conffile"
[ -f /etc/lanecast/credentials/webhook-tokens ] || bad "remove deleted the tokens"
sha256sum -c --quiet /out/db.sha256 || bad "remove changed the database"

step "purge asks nothing, removes configuration and tokens, keeps /var/lib/lanecast and the user"
dpkg --purge lanecast-kiosk lanecast </dev/null >/out/purge.log 2>&1 || { cat /out/purge.log; bad "dpkg --purge failed"; }
[ ! -e /etc/lanecast/lanecast.conf ] || bad "purge kept lanecast.conf"
[ ! -e /etc/lanecast/credentials ] || bad "purge kept the tokens"
[ ! -e /etc/default/lanecast-kiosk ] || bad "purge kept /etc/default/lanecast-kiosk"
[ ! -e /etc/systemd/system/multi-user.target.wants/lanecast.service ] || bad "purge kept the enablement"
[ ! -e /etc/systemd/system/sockets.target.wants/lanecast.socket ] || bad "purge kept the socket enablement"
sha256sum -c --quiet /out/db.sha256 || bad "purge changed or removed the database"
[ -f /etc/lanecast/lanecast.conf.d/50-store.conf ] || bad "purge deleted the admin's own drop-in"
getent passwd _lanecast >/dev/null || bad "purge removed the _lanecast user"
! dpkg-query -W -f='${Status}' lanecast 2>/dev/null | grep -q 'installed\|config-files' ||
  bad "dpkg still lists lanecast: $(dpkg-query -W -f='${Status}' lanecast)"

step "a reinstall after purge makes new tokens and serves the old database"
dpkg -i "$DEB" </dev/null >/out/reinstall.log 2>&1 || { cat /out/reinstall.log; bad "reinstall failed"; }
! cmp -s /out/first-token /etc/lanecast/credentials/webhook-tokens || bad "the purged token came back"
start_daemon
python3 $CLIENT events >/out/events.json
stop_daemon
python3 -c 'import json,sys; n=len(json.load(open("/out/events.json"))); sys.exit(n != 1)' ||
  bad "the reinstalled daemon does not see the one stored webhook"
