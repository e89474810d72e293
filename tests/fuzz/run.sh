#!/usr/bin/env bash
# Builds the libFuzzer harnesses with clang (ASan + UBSan) and runs each for a bounded time.
#   tests/fuzz/run.sh [SECONDS_EACH] [TARGET...]     (default 30 s; webhook mutator rules)
# Build directory: $FUZZ_BUILD_DIR, default build-fuzz. The corpus each run grows is kept there
# (corpus-<target>/) and seeded from the fixtures (seeds.py) and tests/fuzz/corpus/<target>/.
# A failing input is written to $FUZZ_BUILD_DIR/artifacts/ and the script exits non-zero: copy
# the file into tests/fuzz/corpus/<target>/ so that ctest replays it from then on.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(webhook mutator rules)

cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DLANECAST_TESTS=ON -DLANECAST_SANITIZE=ON -DLANECAST_FUZZ=ON -DLANECAST_WERROR=ON >/dev/null
cmake --build "$build" --target fuzzers -j"$(nproc)"
python3 -B "$root/tests/fuzz/seeds.py" "$root" "$build/seeds" >/dev/null
mkdir -p "$build/artifacts"

dictionary() {
  case "$1" in
    rules) echo "$root/tests/fuzz/$1.dict" ;;
    *) echo "$root/tests/fuzz/webhook.dict" ;;
  esac
}

failed=()
for target in "${targets[@]}"; do
  corpus="$build/corpus-$target"
  mkdir -p "$corpus"
  echo "fuzz: $target for ${seconds} s"
  # -rss_limit_mb and -timeout make a hang or a memory blow-up a failure, not a stuck CI.
  if ! UBSAN_OPTIONS=print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
      "$build/tests/fuzz/fuzz_$target" "$corpus" "$build/seeds/$target" "$root/tests/fuzz/corpus/$target" \
      -dict="$(dictionary "$target")" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/artifacts/$target-" \
      >"$build/fuzz-$target.log" 2>&1; then
    failed+=("$target")
    tail -n 60 "$build/fuzz-$target.log"
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+ *DONE" "$build/fuzz-$target.log" | sed "s/^/fuzz: $target: /" || true
  echo "fuzz: $target: corpus now $(find "$corpus" -type f | wc -l) inputs"
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}; inputs in $build/artifacts/" >&2
  exit 1
fi
echo "fuzz: all passed"
