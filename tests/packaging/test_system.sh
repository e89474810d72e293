#!/usr/bin/env bash
# The packages under a real systemd: Debian 12 booted with systemd-nspawn --boot. Installs
# lanecast from a signed reprepro repository and checks that the service reaches READY behind its
# socket, that a watchdog timeout restarts it, that 200 webhooks sent during systemctl restart
# are all answered, over plain HTTP and over HTTPS behind lanecast-https.socket with the
# certificate from its credential files, that unattended-upgrades installs the next version from the repository with
# the data intact, that remote-update.sh updates and rolls back a broken package, and that
# lanecast-kiosk's cage and Chromium show the lane display and come back when Chromium dies.
source "$(dirname "$0")/lib.sh"

require_root
require_tools systemd-nspawn nsenter reprepro gpg dpkg-deb openssl
ensure_packages
ensure_tree
overlay_tree system
root=$TREE_ROOT
old_deb=$(deb_path lanecast "$OLD_VERSION")
new_deb=$(deb_path lanecast "$NEW_VERSION")

say "making a signing key in a throwaway GNUPGHOME and a signed repository with $OLD_VERSION"
export GNUPGHOME="$SCRATCH/gnupg"
install -d -m 0700 "$GNUPGHOME"
gpg --batch --passphrase '' --quick-gen-key 'lanecast test archive <archive@lanecast.invalid>' \
  ed25519 sign never 2>"$SCRATCH/gpg.log" || { cat "$SCRATCH/gpg.log"; fail "gpg cannot make a key"; }
gpg --batch --passphrase '' --quick-gen-key 'someone else <other@lanecast.invalid>' ed25519 sign never 2>>"$SCRATCH/gpg.log"
key=$(gpg --batch --with-colons --list-secret-keys archive@lanecast.invalid 2>>"$SCRATCH/gpg.log" |
      awk -F: '/^fpr/ {print $10; exit}')
mkdir -p "$SCRATCH/keys"
gpg --batch --export other@lanecast.invalid >"$SCRATCH/keys/other-archive.gpg" 2>>"$SCRATCH/gpg.log"
repo="$SCRATCH/repo"
"$ROOT/packaging/repo/publish.sh" --repo "$repo" --key "$key" "$old_deb" \
  "$(deb_path lanecast-kiosk "$OLD_VERSION")" ||
  fail "publishing to the reprepro repository failed"

say "pushed packages for remote-update.sh: 0.2.1-1 (good) and 0.3.0-1 (lanecastd exits at once)"
repack() {  # repack VERSION [broken]
  local dir="$SCRATCH/repack-$1"
  dpkg-deb -R "$new_deb" "$dir"
  sed -i "s/^Version: .*/Version: $1/" "$dir/DEBIAN/control"
  if [ "${2:-}" = broken ]; then
    printf '#!/bin/sh\necho "lanecastd: this build cannot start" >&2\nexit 1\n' >"$dir/usr/sbin/lanecastd"
  fi
  (cd "$dir" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | xargs -0 md5sum >DEBIAN/md5sums)
  mkdir -p "$SCRATCH/pushed"
  dpkg-deb --root-owner-group -b "$dir" "$SCRATCH/pushed/lanecast_$1_$ARCH.deb" >/dev/null
}
repack 0.2.1-1
repack 0.3.0-1 broken

say "preparing the tree: only the lanecast repository, its key, the unattended-upgrades policy"
rm -f "$root/etc/apt/sources.list" "$root"/etc/apt/sources.list.d/*
install -D -m 0644 "$repo/lanecast-archive.gpg" "$root/etc/apt/keyrings/lanecast-archive.gpg"
sed 's#^URIs: .*#URIs: file:/srv/lanecast-repo#' "$ROOT/packaging/examples/lanecast.sources" \
  >"$root/etc/apt/sources.list.d/lanecast.sources"
cp "$ROOT/packaging/examples/52unattended-upgrades-lanecast" "$root/etc/apt/apt.conf.d/"
# A shorter watchdog than the shipped 30 s, so the hang test takes seconds; the mechanism is the
# shipped one.
mkdir -p "$root/etc/systemd/system/lanecast.service.d"
printf '[Service]\nWatchdogSec=3s\nTimeoutAbortSec=3s\n' \
  >"$root/etc/systemd/system/lanecast.service.d/50-test-watchdog.conf"
echo lanecast-test >"$root/etc/hostname"

say "a store CA and a server certificate for 127.0.0.1, for the HTTPS phase"
tls="$SCRATCH/tls"
mkdir -p "$tls"
(
  cd "$tls"
  ec=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
  openssl req -x509 "${ec[@]}" -keyout ca.key -out ca.crt -days 7 -subj "/CN=lanecast test CA"
  openssl req -new "${ec[@]}" -keyout server.key -out server.csr -subj "/CN=lanecast-test"
  printf 'subjectAltName=IP:127.0.0.1\n' >server.ext
  openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 7 \
    -extfile server.ext -out server.crt
  cat server.crt ca.crt >chain.pem
) >"$SCRATCH/openssl.log" 2>&1 || { cat "$SCRATCH/openssl.log"; fail "openssl cannot make the test certificates"; }

say "booting the tree with systemd-nspawn --boot"
machine="lanecast-system-$$"
systemd-nspawn --boot --register=no --keep-unit --private-network --directory="$root" \
  --machine="$machine" --console=read-only \
  --bind-ro="$repo:/srv/lanecast-repo" --bind-ro="$SCRATCH/keys:/keys" \
  --bind-ro="$SCRATCH/pushed:/pushed" --bind-ro="$TESTS_DIR:/lanecast-tests" \
  --bind-ro="$FIXTURES_DIR:/fixtures" --bind-ro="$tls:/tls" --bind="$SCRATCH/out:/out" \
  >"$SCRATCH/console.log" 2>&1 </dev/null &
nspawn_pid=$!
mkdir -p "$SCRATCH/out"

# SIGTERM asks systemd-nspawn to shut the container down cleanly; SIGKILL only if that hangs,
# then the container's init too, which would otherwise outlive systemd-nspawn.
stop_container() {
  kill -TERM "$nspawn_pid" 2>/dev/null || true
  for _ in $(seq 1 40); do kill -0 "$nspawn_pid" 2>/dev/null || break; sleep 0.5; done
  kill -KILL "$nspawn_pid" 2>/dev/null || true
  [ -n "${leader:-}" ] && kill -KILL "$leader" 2>/dev/null || true
  wait "$nspawn_pid" 2>/dev/null || true
  cleanup_scratch
}
trap stop_container EXIT

# The container's init is the child of systemd-nspawn that runs systemd (a short-lived helper
# child comes first).
leader=""
for _ in $(seq 1 200); do
  for pid in $(pgrep -P "$nspawn_pid" || true); do
    [ "$(cat /proc/"$pid"/comm 2>/dev/null)" = systemd ] && leader=$pid
  done
  [ -n "$leader" ] && break
  kill -0 "$nspawn_pid" 2>/dev/null || { cat "$SCRATCH/console.log"; fail "systemd-nspawn --boot exited at once"; }
  sleep 0.1
done
[ -n "$leader" ] || { tail -30 "$SCRATCH/console.log"; fail "systemd-nspawn started no systemd within 20 s"; }

inside() {
  nsenter -t "$leader" -m -u -i -n -p -r -w -- env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive TEST_NAME="$TEST_NAME" \
    OLD_VERSION="$OLD_VERSION" NEW_VERSION="$NEW_VERSION" ARCH="$ARCH" "$@"
}

check "the container's systemd finishes booting"
state=$(timeout 90 bash -c "until [ -S /proc/$leader/root/run/systemd/private ]; do sleep 0.2; done" &&
        inside timeout 90 systemctl is-system-running --wait 2>/dev/null || true)
case "$state" in
  running) ;;
  degraded) inside systemctl --failed --no-pager; fail "the container booted degraded" ;;
  *) tail -30 "$SCRATCH/console.log"; fail "the container did not boot (state '$state')" ;;
esac

for phase in install restart watchdog nosocket https; do
  inside /bin/bash /lanecast-tests/inside/system.sh "$phase" || fail "phase $phase failed"
done

say "publishing $NEW_VERSION into the signed repository"
"$ROOT/packaging/repo/publish.sh" --repo "$repo" --key "$key" "$new_deb" ||
  fail "publishing $NEW_VERSION failed"
for phase in upgrade remote_update kiosk; do
  inside /bin/bash /lanecast-tests/inside/system.sh "$phase" || fail "phase $phase failed"
done
passed
