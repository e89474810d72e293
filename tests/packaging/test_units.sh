#!/usr/bin/env bash
# The units as systemd 252 reads them: systemd-analyze verify on the installed units must print
# nothing at all (it exits 0 on unknown keys and typos), and lanecast.service's exposure under
# systemd-analyze security --offline=yes must be 1.5 or better.
source "$(dirname "$0")/lib.sh"

require_root
require_tools systemd-analyze
ensure_packages
ensure_tree
units=(/lib/systemd/system/lanecast.service /lib/systemd/system/lanecast.socket
       /lib/systemd/system/lanecast-https.socket /lib/systemd/system/lanecast-kiosk.service)

# Verified where they are installed, in a Debian 12 tree with both packages and their
# dependencies, so that every ExecStart= binary and every referenced unit really exists.
overlay_tree units
root=$TREE_ROOT
check "systemd-analyze verify ${units[*]##*/} prints nothing (installed in Debian 12)"
run_in_tree "$root" verify_units.sh UNITS="${units[*]}" || fail "systemd-analyze verify did not run"
verify=$(cat "$OUT/verify.txt")
[ "$verify" = "exit status 0" ] || { echo "$verify"; fail "systemd-analyze verify complained"; }

check "the same verify reports a misspelt key, so its silence above means something"
typo=$(cat "$OUT/typo.txt")
grep -q "ProtectSytem" <<<"$typo" || fail "verify did not report the misspelt key: $typo"

unit="$ROOT/packaging/systemd/lanecast.service"
check "systemd-analyze security --offline=yes --threshold=15 lanecast.service (1.5 or better)"
report=$(systemd-analyze security --offline=yes --threshold=15 "$unit" 2>&1) || {
  echo "$report" | grep -E '✗|Overall'
  fail "the exposure level is over 1.5"
}
echo "$report" | grep 'Overall exposure level'
level=$(echo "$report" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
awk -v l="$level" 'BEGIN { exit !(l != "" && l <= 1.5) }' || fail "exposure level '$level' is over 1.5"

check "the threshold does fail a unit without the hardening block"
stripped="$SCRATCH/stripped"
mkdir -p "$stripped"
sed '/^# Hardening:/,/^\[Install\]/{/^\[Install\]/!d}' "$unit" >"$stripped/lanecast.service"
! systemd-analyze security --offline=yes --threshold=15 "$stripped/lanecast.service" >/dev/null 2>&1 ||
  fail "an unhardened unit passed the threshold too"
passed
