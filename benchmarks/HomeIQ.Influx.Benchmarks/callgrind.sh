#!/usr/bin/env bash
# Instructions per operation of one benchmark method, counted by valgrind's callgrind: a machine-independent measure
# for comparing variants while the machine is busy (timings are not). Two runs differ only in the number of
# invocations (--profile ... --invocations N); the difference of their instruction totals divided by the difference of
# their operations is the cost of one operation, start-up and setup cancelling out. Everything is compiled once at full
# optimisation (no tiering, no ReadyToRun code) so that both runs execute the same code.
#
# Usage, after `dotnet build -c Release benchmarks/HomeIQ.Influx.Benchmarks`:
#   benchmarks/HomeIQ.Influx.Benchmarks/callgrind.sh DoubleFormatBenchmarks.HomeIQ_RoundTripFormat --set Data=FullPrecision
# INVOCATIONS="20 520" sets the two invocation counts (default); each run takes minutes (valgrind runs ~50x slower).
set -euo pipefail
build="$(cd "$(dirname "$0")" && pwd)/bin/Release/net10.0"
[ -f "$build/HomeIQ.Influx.Benchmarks.dll" ] || { echo "build first: dotnet build -c Release benchmarks/HomeIQ.Influx.Benchmarks" >&2; exit 1; }
# Both runs use a copy of the build, so that a rebuild meanwhile cannot make them run different code.
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
cp -r "$build/." "$copy/"
dll="$copy/HomeIQ.Influx.Benchmarks.dll"
read -r first second <<< "${INVOCATIONS:-20 520}"

run() { # $1 invocations, then the --profile arguments; prints "instructions operations"
  local n=$1; shift
  local out
  out=$(DOTNET_TieredCompilation=0 DOTNET_ReadyToRun=0 DOTNET_EnableWriteXorExecute=0 \
    valgrind --tool=callgrind --callgrind-out-file=/dev/null dotnet "$dll" --profile "$@" --invocations "$n" 2>&1) \
    || { echo "$out" | grep -v '^==' | tail -40 >&2; exit 1; }
  local instructions operations
  instructions=$(echo "$out" | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
  operations=$(echo "$out" | sed -n 's/^profile: [^ ]* \([0-9,]*\) operations.*/\1/p' | tr -d ,)
  [ -n "$instructions" ] && [ -n "$operations" ] || { echo "$out" | grep -v '^==' | tail -40 >&2; exit 1; }
  echo "$instructions $operations"
}

# Assignments, not here-strings: a failing run then stops the script (set -e) instead of feeding it garbage.
first_run=$(run "$first" "$@")
second_run=$(run "$second" "$@")
read -r i1 o1 <<< "$first_run"
read -r i2 o2 <<< "$second_run"
# Bash's 64-bit integers: the totals pass 2^31 (awk here would clip them).
tenths=$(( (i2 - i1) * 10 / (o2 - o1) ))
echo "callgrind: $*: $((tenths / 10)).$((tenths % 10)) instructions per operation ($o1 and $o2 operations, $i1 and $i2 instructions)"
