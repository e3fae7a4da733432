#!/usr/bin/env bash
# The one test command: installs what the tests need (a real InfluxDB, VictoriaMetrics, Node and InfluxData's libflux),
# builds everything with warnings as errors, runs every test project, publishes the sample with NativeAOT (one more
# counted check: no IL2xxx/IL3xxx warning), and ends with one line "tests: N passed, N failed[, N skipped]".
# Extra arguments go to every `dotnet test` (e.g. ./test.sh --filter "FullyQualifiedName~LineProtocol").
# HIQ_FIX_STRESS_SITES=600 ./test.sh runs the analyzers' fix-stress test at full size (default 96 call sites).
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian's influxdb package (1.6.x) is the real server the integration tests start privately.
if ! command -v influxd >/dev/null 2>&1 && [ ! -x /usr/bin/influxd ]; then
  echo "== installing influxdb (Debian package)"
  as_root apt-get update -qq || { echo "apt-get update failed"; echo "tests: 0 passed, 1 failed (influxdb could not be installed)"; exit 1; }
  apt_updated=1
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq influxdb >/dev/null \
    || { echo "apt-get install influxdb failed"; echo "tests: 0 passed, 1 failed (influxdb could not be installed)"; exit 1; }
fi
# The package may start a system service; the tests never use it (they start their own on free ports).

# Two more real parts beyond InfluxDB 1.6 (tests/HomeIQ.Influx.Engines.Tests): VictoriaMetrics, a second server for the
# v1 and v2 write paths (Debian package; the tests start it privately like influxd), and InfluxData's Flux compiler
# (libflux in WebAssembly, npm @influxdata/flux-lsp-browser) run by Node, which checks every Flux text the library
# builds. Debian's nodejs has no npm, so npm is installed with it when missing.
apt_install() {
  if [ -z "${apt_updated:-}" ]; then as_root apt-get update -qq || return 1; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}
if ! command -v victoria-metrics >/dev/null 2>&1; then
  echo "== installing victoria-metrics (Debian package)"
  apt_install victoria-metrics \
    || { echo "apt-get install victoria-metrics failed"; echo "tests: 0 passed, 1 failed (victoria-metrics could not be installed)"; exit 1; }
fi
missing_node=()
command -v node >/dev/null 2>&1 || missing_node+=(nodejs)
command -v npm >/dev/null 2>&1 || missing_node+=(npm)
if [ "${#missing_node[@]}" -gt 0 ]; then
  echo "== installing ${missing_node[*]} (Debian packages)"
  apt_install "${missing_node[@]}" \
    || { echo "apt-get install ${missing_node[*]} failed"; echo "tests: 0 passed, 1 failed (node could not be installed)"; exit 1; }
fi
# The npm package goes into a cache folder this script owns (ignored by git); nothing is fetched when it is there.
libflux_version=0.8.40
libflux_dir="$PWD/.cache/libflux"
if [ ! -f "$libflux_dir/node_modules/@influxdata/flux-lsp-browser/flux-lsp-browser_bg.wasm" ] \
   || ! grep -q "\"version\": \"$libflux_version\"" "$libflux_dir/node_modules/@influxdata/flux-lsp-browser/package.json" 2>/dev/null; then
  echo "== installing @influxdata/flux-lsp-browser@$libflux_version (npm) into .cache/libflux"
  mkdir -p "$libflux_dir"
  npm install --prefix "$libflux_dir" --no-save --no-audit --no-fund --no-package-lock "@influxdata/flux-lsp-browser@$libflux_version" >/dev/null \
    || { echo "npm install @influxdata/flux-lsp-browser failed"; echo "tests: 0 passed, 1 failed (libflux could not be installed)"; exit 1; }
fi
export HOMEIQ_LIBFLUX_DIR="$libflux_dir/node_modules/@influxdata/flux-lsp-browser"

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
