#!/bin/sh
# Runs the browser tests: Debian's chromium against the real lanecastd.
#   LANECASTD           the daemon binary (default: build/daemon/lanecastd)
#   LANECAST_ARTIFACTS  where screenshots go (default: tests/browser/artifacts)
#   CHROMIUM            the browser (default: /usr/bin/chromium)
# Extra arguments go to `node --test` (e.g. a single file: ./run.sh staff.test.js).
set -eu
cd "$(dirname "$0")"

root=$(cd ../.. && pwd)
: "${LANECASTD:=$root/build/daemon/lanecastd}"
: "${LANECAST_ARTIFACTS:=$PWD/artifacts}"
: "${CHROMIUM:=/usr/bin/chromium}"
export LANECASTD LANECAST_ARTIFACTS CHROMIUM

for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is needed (apt-get install nodejs npm)" >&2; exit 2; }
done
[ -x "$CHROMIUM" ] || { echo "run.sh: no browser at $CHROMIUM (apt-get install chromium)" >&2; exit 2; }
[ -x "$LANECASTD" ] || { echo "run.sh: no daemon at $LANECASTD (build it, or set LANECASTD)" >&2; exit 2; }

# playwright-core only drives the system chromium: tell it never to fetch browsers.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

mkdir -p "$LANECAST_ARTIFACTS"
if [ "$#" -eq 0 ]; then
  set -- display_de.test.js display_en.test.js display_locales.test.js money.test.js staff.test.js \
    staff_de.test.js staff_group.test.js restart.test.js framing.test.js
fi
exec node --test --test-reporter=spec "$@"
