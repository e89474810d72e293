#!/usr/bin/env bash
# Quick start: install what is missing, build, and run lanecastd on its embedded defaults.
# Arguments are passed to lanecastd (for example --set http.listen=127.0.0.1:9090).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"
exec "${BUILD_DIR:-$root/build}/daemon/lanecastd" "$@"
