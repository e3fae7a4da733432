#!/usr/bin/env bash
# The one test command: installs what the tests need (a real InfluxDB), builds everything with warnings as errors,
# runs every test project, publishes the sample with NativeAOT (one more counted check: no IL2xxx/IL3xxx warning),
# and ends with one line "tests: N passed, N failed[, N skipped]".
# Extra arguments go to every `dotnet test` (e.g. ./test.sh --filter "FullyQualifiedName~LineProtocol").
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian's influxdb package (1.6.x) is the real server the integration tests start privately.
if ! command -v influxd >/dev/null 2>&1 && [ ! -x /usr/bin/influxd ]; then
  echo "== installing influxdb (Debian package)"
  as_root apt-get update -qq || { echo "apt-get update failed"; echo "tests: 0 passed, 1 failed (influxdb could not be installed)"; exit 1; }
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq influxdb >/dev/null \
    || { echo "apt-get install influxdb failed"; echo "tests: 0 passed, 1 failed (influxdb could not be installed)"; exit 1; }
fi
# The package may start a system service; the tests never use it (they start their own on free ports).

echo "== build (Release, warnings are errors)"
dotnet build HomeIQ.Influx.Generators.sln -c Release -nologo -clp:ErrorsOnly -p:TreatWarningsAsErrors=true \
  || { echo "tests: 0 passed, 1 failed (build failed)"; exit 1; }

# Every project of the solution under tests/ that is a test project (references the test SDK).
projects=()
while IFS= read -r project; do
  if grep -qE 'Microsoft\.NET\.Test\.Sdk|<IsTestProject>\s*true' "$project"; then projects+=("$project"); fi
done < <(dotnet sln HomeIQ.Influx.Generators.sln list | tr '\\' '/' | grep -E '^tests/.*\.csproj$' | sort)
if [ "${#projects[@]}" = 0 ]; then echo "no test projects found under tests/"; echo "tests: 0 passed, 1 failed (no test projects)"; exit 1; fi

# The double formatter's differential test (RoundTripFormatTests) compares this many seeded random doubles (and a
# quarter as many floats) with the runtime's "R", on top of its fixed set of hard cases. A full run checks ten million
# or more: HOMEIQ_ROUNDTRIP_VALUES=10000000 ./test.sh (about 10 s more); HOMEIQ_ROUNDTRIP_SEED replays a seed.
export HOMEIQ_ROUNDTRIP_VALUES="${HOMEIQ_ROUNDTRIP_VALUES:-300000}"
echo "== double formatter differential test: $HOMEIQ_ROUNDTRIP_VALUES random values (HOMEIQ_ROUNDTRIP_VALUES)"

results="$PWD/.test-results"
rm -rf "$results"
mkdir -p "$results"

# One project at a time, each with its own TRX file, so that the counts cannot be overwritten by another project's
# and a project that does not run at all (crash, missing runtime, bad filter) is reported as a failure.
passed=0; failed=0; skipped=0; broken=()
for project in "${projects[@]}"; do
  name=$(basename "$project" .csproj)
  echo "== test $name"
  dotnet test "$project" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$results" "$@"
  status=$?
  trx="$results/$name.trx"
  if [ ! -f "$trx" ]; then
    echo "!! $name did not produce test results (dotnet test exit code $status)"
    failed=$((failed + 1)); broken+=("$name"); continue
  fi
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { local v; v=$(echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'); echo "${v:-0}"; }
  total=$(get total); executed=$(get executed)
  p=$(get passed); f=$(( $(get failed) + $(get error) + $(get timeout) + $(get aborted) ))
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + total - executed))
  if [ "$status" != 0 ] && [ "$f" = 0 ]; then
    # dotnet test failed although no test did: the run itself broke (e.g. a crash after the tests).
    echo "!! $name: dotnet test exited with $status but reported no failed test"
    failed=$((failed + 1)); broken+=("$name")
  fi
done

# The sample must publish with NativeAOT without a single trim or AOT warning (IL2xxx/IL3xxx): counted as one check.
echo "== NativeAOT publish of samples/HomeIQ.Sample"
aot_out="$results/aot"
aot_log="$results/aot-publish.log"
dotnet publish samples/HomeIQ.Sample -c Release -r linux-x64 -p:PublishAot=true -o "$aot_out" -nologo >"$aot_log" 2>&1
aot_status=$?
aot_warnings=$(grep -oE '(warning|error) IL[23][0-9]{3}[^[]*' "$aot_log" | sort -u)
if [ "$aot_status" != 0 ] || [ -n "$aot_warnings" ] || [ ! -x "$aot_out/HomeIQ.Sample" ]; then
  echo "!! NativeAOT publish failed (exit code $aot_status) or warned:"
  if [ -n "$aot_warnings" ]; then echo "$aot_warnings"; else tail -20 "$aot_log"; fi
  failed=$((failed + 1)); broken+=("NativeAOT")
else
  echo "NativeAOT publish: no IL2xxx/IL3xxx warnings ($(du -h "$aot_out/HomeIQ.Sample" | cut -f1) native executable)"
  passed=$((passed + 1))
fi

line="tests: $passed passed, $failed failed"
[ "$skipped" -gt 0 ] && line="$line, $skipped skipped"
[ "${#broken[@]}" -gt 0 ] && line="$line (did not run cleanly: ${broken[*]})"
echo "$line"
[ "$failed" = 0 ] || exit 1
exit 0
