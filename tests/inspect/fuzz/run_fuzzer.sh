#!/bin/sh
# Builds the inspect fuzzer with clang and runs it for a bounded time, seeded
# with the project's own BPF objects and the kept regressions.
# Usage: run_fuzzer.sh CLANGXX WORK_DIR SECONDS SEED_DIR...
# A crash leaves its input in WORK_DIR/artifacts: keep it in
# tests/inspect/regressions (see the README there).
set -eu
cxx=$1
work=$2
seconds=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)

cmake -S "$here" -B "$work/build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$work.configure.log" 2>&1 ||
  { cat "$work.configure.log"; exit 1; }
cmake --build "$work/build"

rm -rf "$work/corpus"
mkdir -p "$work/corpus" "$work/artifacts"
for dir in "$@"; do
  for seed in "$dir"/*; do
    [ -f "$seed" ] || continue
    case "$seed" in
      *.md | *.h) ;;  # the regressions' README, generated skeletons
      *) cp "$seed" "$work/corpus/" ;;
    esac
  done
done
echo "seeds: $(ls "$work/corpus" | wc -l), running for ${seconds}s"

# -timeout: one input taking longer is a hang; -rss_limit_mb: a memory blowup.
"$work/build/inspect_fuzzer" "$work/corpus" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$work/artifacts/" -print_final_stats=1
