#!/usr/bin/env bash
# Quick start: install what is missing, build, and run the whole test suite through ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/install-deps.sh" --with-tests
"$root/scripts/build.sh" -DLANECAST_TESTS=ON "$@"
cd "${BUILD_DIR:-$root/build}"
ctest --output-on-failure -j2 --timeout 600
