#!/usr/bin/env bash
# The one test command: installs what the tests need (a real InfluxDB), builds everything with warnings as errors,
# runs every test project, and ends with one line "tests: N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian's influxdb package (1.6.x) is the real server the integration tests start privately.
if ! command -v influxd >/dev/null 2>&1; then
  echo "== installing influxdb (Debian package)"
  as_root apt-get update -qq || exit 1
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq influxdb >/dev/null || { echo "apt-get install influxdb failed"; exit 1; }
fi
# The package may start a system service; the tests never use it (they start their own on free ports).

echo "== build (Release, warnings are errors)"
dotnet build HomeIQ.Influx.Generators.sln -c Release -nologo -clp:ErrorsOnly -p:TreatWarningsAsErrors=true || { echo "tests: 0 passed, 1 failed (build failed)"; exit 1; }

results="$PWD/.test-results"
rm -rf "$results"
echo "== test"
dotnet test HomeIQ.Influx.Generators.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@"
status=$?

# Sum the counters of every TRX file so the closing line is computed from the results, not assumed.
passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  total=$(get total); executed=$(get executed); p=$(get passed); f=$(get failed)
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  skipped=$((skipped + ${total:-0} - ${executed:-0}))
done
if [ "$files" = 0 ] && [ "$status" != 0 ]; then failed=$((failed + 1)); fi
line="tests: $passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
echo "$line"
if [ "$status" != 0 ] || [ "$failed" != 0 ]; then exit 1; fi
exit 0
