#!/usr/bin/env bash
# Builds the packages with scripts/package.sh (the old and the next version, shared by the other
# packaging tests) and checks what they hold: files, conffiles, maintainer scripts, metadata.
source "$(dirname "$0")/lib.sh"

ensure_packages --rebuild-if-stale
deb=$(deb_path lanecast "$OLD_VERSION")
kiosk=$(deb_path lanecast-kiosk "$OLD_VERSION")
[ -f "$deb" ] || fail "no $deb after the build"
[ -f "$kiosk" ] || fail "no $kiosk after the build"
[ -f "$PKG_DIR/$OLD_VERSION/lanecast_$OLD_VERSION.dsc" ] || fail "no source package (.dsc)"
[ -f "$(deb_path lanecast "$NEW_VERSION")" ] || fail "no lanecast $NEW_VERSION package"

contents=$(dpkg-deb --contents "$deb" | awk '{print $6}' | sed 's#^\./#/#')
for path in /usr/sbin/lanecastd /usr/bin/lanecastctl /lib/systemd/system/lanecast.service \
            /lib/systemd/system/lanecast.socket /usr/lib/sysusers.d/lanecast.conf \
            /etc/lanecast/lanecast.conf /etc/lanecast/lanecast.conf.d/ \
            /usr/share/man/man8/lanecastd.8.gz /usr/share/man/man5/lanecast.conf.5.gz \
            /usr/share/man/man1/lanecastctl.1.gz \
            /usr/share/doc/lanecast/copyright /usr/share/doc/lanecast/changelog.Debian.gz \
            /usr/share/doc/lanecast/examples/lanecast.conf.sample \
            /usr/share/doc/lanecast/examples/52unattended-upgrades-lanecast \
            /usr/libexec/lanecast/remote-update.sh; do
  check "lanecast ships $path"
  grep -qxF "$path" <<<"$contents" || fail "$path is not in $(basename "$deb")"
done
check "nothing of the database or the credentials is shipped"
! grep -E '^/var/lib/lanecast|^/etc/lanecast/credentials' <<<"$contents" ||
  fail "the package ships files under /var/lib/lanecast or /etc/lanecast/credentials"

control=$(mktemp -d)
trap 'rm -rf "$control"' EXIT
dpkg-deb --control "$deb" "$control"
check "the only conffile is /etc/lanecast/lanecast.conf"
[ "$(cat "$control/conffiles")" = /etc/lanecast/lanecast.conf ] ||
  fail "conffiles: $(tr '\n' ' ' <"$control/conffiles")"
check "maintainer scripts never name the database directory or sqlite outside comments"
! cat "$control"/postinst "$control"/prerm "$control"/postrm | grep -vE '^[[:space:]]*#' |
  grep -nE '/var/lib/lanecast|sqlite|lanecast\.db' ||
  fail "a maintainer script touches the database"
check "postinst creates the _lanecast user before it starts the units, after writing the tokens"
tokens_line=$(grep -n 'make_token_file webhook-tokens' "$control/postinst" | head -1 | cut -d: -f1)
sysusers_line=$(grep -n 'systemd-sysusers' "$control/postinst" | head -1 | cut -d: -f1)
start_line=$(grep -n 'deb-systemd-invoke' "$control/postinst" | head -1 | cut -d: -f1)
[ -n "$tokens_line" ] && [ -n "$sysusers_line" ] && [ -n "$start_line" ] &&
  [ "$tokens_line" -lt "$start_line" ] && [ "$sysusers_line" -lt "$start_line" ] ||
  fail "postinst order: tokens at ${tokens_line:-?}, sysusers at ${sysusers_line:-?}, start at ${start_line:-?}"
check "an upgrade restarts lanecast.service but never stops or restarts lanecast.socket"
grep -q "deb-systemd-invoke \$_dh_action 'lanecast.service' >" "$control/postinst" ||
  fail "postinst does not restart lanecast.service alone on upgrade"
! grep -E "(restart|_dh_action).*lanecast\.socket" "$control/postinst" ||
  fail "postinst restarts lanecast.socket on upgrade: queued connections would be dropped"
grep -B2 "stop 'lanecast.socket'" "$control/prerm" | grep -q '"$1" = remove' ||
  fail "prerm's stop of lanecast.socket is not limited to removal"

check "Depends: the runtime libraries (from shlibs), systemd and procps (ExecReload's kill)"
depends=$(dpkg-deb --field "$deb" Depends)
for dep in libmicrohttpd12 libcjson1 libsqlite3-0 libsystemd0 libgnutls30 libnettle8 libcurl3-gnutls systemd procps; do
  grep -q "\b$dep\b" <<<"$depends" || fail "Depends lacks $dep: $depends"
done
check "lanecast-kiosk depends on cage, chromium and xwayland (cage will not start without it) and ships its unit, PAM file and defaults"
kdepends=$(dpkg-deb --field "$kiosk" Depends)
for dep in cage chromium xwayland; do grep -q "\b$dep\b" <<<"$kdepends" || fail "kiosk Depends lacks $dep"; done
kcontents=$(dpkg-deb --contents "$kiosk" | awk '{print $6}' | sed 's#^\./#/#')
for path in /lib/systemd/system/lanecast-kiosk.service /etc/pam.d/lanecast-kiosk \
            /etc/default/lanecast-kiosk /usr/lib/sysusers.d/lanecast-kiosk.conf; do
  grep -qxF "$path" <<<"$kcontents" || fail "$path is not in $(basename "$kiosk")"
done

check "lanecast.conf(5) lists every key that lanecastd --print-sample-config knows"
dpkg-deb -x "$deb" "$control/root"
keys=$(grep -E '^#[a-z_]+ =' "$control/root/usr/share/doc/lanecast/examples/lanecast.conf.sample" | wc -l)
listed=$(zcat "$control/root/usr/share/man/man5/lanecast.conf.5.gz" |
  awk '/^\.SH / { in_keys = ($2 == "KEYS") } in_keys && /^\.B [a-z_]+\.[a-z_]+$/ { n++ } END { print n + 0 }')
[ "$keys" -gt 10 ] && [ "$keys" = "$listed" ] ||
  fail "the sample has $keys keys, the manual page lists $listed"
for binary in usr/sbin/lanecastd usr/bin/lanecastctl; do
  check "$binary is built with hardening=+all: PIE, full RELRO with BIND_NOW, fortified calls"
  elf="$control/root/$binary"
  readelf -h "$elf" | grep -c 'Type:.*DYN' >/dev/null || fail "$binary is not position-independent"
  readelf -lW "$elf" | grep -q GNU_RELRO || fail "$binary has no RELRO segment"
  readelf -d "$elf" | grep -c 'BIND_NOW' >/dev/null || fail "$binary is not linked with -z now"
  readelf -sW --dyn-syms "$elf" | grep -c '__[a-z_]*_chk' >/dev/null || fail "$binary calls no fortified function"
done
check "the manual pages format without warnings"
for page in man8/lanecastd.8.gz man5/lanecast.conf.5.gz man1/lanecastctl.1.gz; do
  # preconv turns UTF-8 (a currency sign in a key's help) into groff escapes, as man(1) does.
  warnings=$(zcat "$control/root/usr/share/man/$page" | preconv -e UTF-8 |
             LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z 2>&1)
  [ -z "$warnings" ] || fail "$page: $warnings"
done

check "the next version ($NEW_VERSION) ships a changed lanecast.conf, as an upgrade test needs"
dpkg-deb -x "$(deb_path lanecast "$NEW_VERSION")" "$control/next"
! cmp -s "$control/root/etc/lanecast/lanecast.conf" "$control/next/etc/lanecast/lanecast.conf" ||
  fail "lanecast.conf is the same in $OLD_VERSION and $NEW_VERSION"
passed
