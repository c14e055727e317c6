#!/usr/bin/env bash
# make fuzz: runs each libFuzzer harness for SECONDS, starting from the
# seeds in tests/fuzz/corpus/<name> (read only; what the fuzzer finds
# goes to a scratch directory). A crash or a broken invariant stops the
# run, leaves the input as crash-* in the current directory, and fails.
#
# usage: tests/fuzz/run.sh BUILD_DIR SECONDS
set -euo pipefail
build=${1:-build-fuzz}
secs=${2:-60}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/zkfuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

status=0
for bin in "$root/$build"/tests/fuzz/fuzz_*; do
  name=$(basename "$bin")
  seeds="$root/tests/fuzz/corpus/${name#fuzz_}"
  mkdir -p "$work/$name"
  printf '%-20s %4ss ... ' "$name" "$secs"
  if "$bin" -max_total_time="$secs" -max_len=65536 "$work/$name" \
      ${seeds:+"$seeds"} >"$work/$name.log" 2>&1; then
    runs=$(grep -Eo 'Done [0-9]+ runs' "$work/$name.log" | tail -1)
    echo "ok (${runs#Done })"
  else
    echo "FAILED"
    tail -30 "$work/$name.log"
    status=1
  fi
done
exit $status
