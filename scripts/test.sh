#!/usr/bin/env bash
# Quick start: install what is missing, build, and run the whole test suite through ctest.
#
#   scripts/test.sh [CMAKE_ARGS...]             build/ (or $BUILD_DIR), every test
#   scripts/test.sh --sanitize [CMAKE_ARGS...]  build-sanitize/ (or $BUILD_DIR): the same suite
#                                               built with ASan + UBSan; any report fails it
#   scripts/test.sh --release [CMAKE_ARGS...]   build-release/ (or $BUILD_DIR): the Release
#                                               configuration (-O3) a packager builds, and its
#                                               unit tests
#   scripts/test.sh --fuzz [SECONDS]            the libFuzzer harnesses, SECONDS each (30)
#   scripts/test.sh --fresh [MODE] [ARGS...]    any of the above as a fresh machine runs it:
#                                               from a clean clone of the committed HEAD, with
#                                               an empty packaging-tree cache and npm cache
#
# The project's own builds treat warnings as errors (LANECAST_WERROR); a plain cmake build does
# not.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

if [ "${1:-}" = --fresh ]; then
  shift
  fresh=$(mktemp -d /var/tmp/lanecast-fresh.XXXXXX)
  echo "test.sh: fresh run in $fresh (a clean clone of $(git -C "$root" rev-parse --short HEAD);" \
       "nothing cached: build trees, Debian test tree, node modules, npm cache)"
  git clone --quiet "$root" "$fresh/src"
  status=0
  LANECAST_TEST_CACHE="$fresh/cache" npm_config_cache="$fresh/npm" \
    "$fresh/src/scripts/test.sh" "$@" || status=$?
  if [ "$status" -eq 0 ]; then
    rm -rf "$fresh"
  else
    echo "test.sh: fresh run failed (status $status); its trees are kept in $fresh" >&2
  fi
  exit "$status"
fi

mode=default
case "${1:-}" in
  --sanitize) mode=sanitize; shift ;;
  --release) mode=release; shift ;;
  --fuzz) mode=fuzz; shift ;;
esac
if [ "$mode" = default ]; then
  "$root/scripts/install-deps.sh" --with-tests --with-packaging
else
  "$root/scripts/install-deps.sh" --with-tests
fi

if [ "$mode" = fuzz ]; then
  exec "$root/tests/fuzz/run.sh" "${1:-30}"
fi

if [ "$mode" = default ]; then
  "$root/scripts/build.sh" -DLANECAST_TESTS=ON -DLANECAST_WERROR=ON "$@"
  cd "${BUILD_DIR:-$root/build}"
  exec ctest --output-on-failure -j2 --timeout 600
fi

if [ "$mode" = release ]; then
  export BUILD_DIR=${BUILD_DIR:-$root/build-release}
  BUILD_TYPE=Release "$root/scripts/build.sh" -DLANECAST_TESTS=ON -DLANECAST_WERROR=ON "$@"
  cd "$BUILD_DIR"
  exec ctest --output-on-failure -j2 --timeout 600 -R '^unit[.]'
fi

# Sanitizers: unoptimised (quicker to build; the tests are bound by I/O, not CPU). Every
# instrumented process - unit tests, lanecastd and lanecastctl under the black-box tests - writes
# what it finds to $reports, so a report from a daemon whose exit status no test looks at still
# fails the run. The browser and packaging tests are left out: they add minutes and exercise no
# daemon code the black-box tests do not (the package is built from the optimised build).
export BUILD_DIR=${BUILD_DIR:-$root/build-sanitize}
BUILD_TYPE=${BUILD_TYPE:-Debug} "$root/scripts/build.sh" -DLANECAST_TESTS=ON -DLANECAST_SANITIZE=ON \
  -DLANECAST_WERROR=ON "$@"
reports="$BUILD_DIR/sanitizer-reports"
rm -rf "$reports" && mkdir -p "$reports"
export ASAN_OPTIONS="log_path=$reports/asan:detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="log_path=$reports/ubsan:print_stacktrace=1:halt_on_error=1"
cd "$BUILD_DIR"
status=0
ctest --output-on-failure -j2 --timeout 600 -E '^browser$|^packaging[.]' || status=$?
if [ -n "$(ls -A "$reports")" ]; then
  echo "sanitizers: reports in $reports:" >&2
  for report in "$reports"/*; do
    echo "== $report" >&2
    head -n 60 "$report" >&2
  done
  status=1
else
  echo "sanitizers: no ASan, LSan or UBSan report from any test process"
fi
exit "$status"
