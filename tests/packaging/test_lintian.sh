#!/usr/bin/env bash
# lintian --pedantic on the source and binary packages must find no error and no warning.
# Overrides live in packaging/debian/*lintian-overrides, each with its reason written above it.
source "$(dirname "$0")/lib.sh"

require_tools lintian
ensure_packages
changes="$PKG_DIR/$OLD_VERSION/lanecast_${OLD_VERSION}_$ARCH.changes"
[ -f "$changes" ] || fail "no $changes"

check "lintian --pedantic --fail-on error,warning $(basename "$changes")"
output=$(lintian --pedantic --display-info --fail-on error,warning "$changes" 2>&1) || {
  echo "$output"
  fail "lintian found errors or warnings"
}
echo "$output" | grep -v 'running with root privileges' || true

check "every lintian override says why"
for file in "$ROOT"/packaging/debian/*lintian-overrides "$ROOT"/packaging/debian/source/lintian-overrides; do
  [ -f "$file" ] || continue
  awk -v file="$file" '
    /^#/ { reason = 1; next }
    /^[[:space:]]*$/ { reason = 0; next }
    !reason { print file ": override without a reason above it: " $0; bad = 1 }
    END { exit bad }' "$file" || fail "an override has no written reason"
done
passed
