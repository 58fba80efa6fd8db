#!/usr/bin/env bash
# Builds everything (warnings are errors), checks the Bicep templates, runs every test project, makes a new app from
# the packed packages and the template (.ci/newcomer) and runs its tests, runs the short chaos run (one test), and prints
# the totals as one line: "N passed, M failed[, K skipped]". Tests start Azurite and the embedded Kafka themselves.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x node_modules/.bin/azurite ]; then
  echo "== installing Azurite (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "== build"
dotnet build ServerlessStreams.sln -c Release --nologo -v quiet

echo "== bicep"
bash infra-bicep/build.sh

echo "== tests"
results=TestResults
rm -rf "$results"
status=0
dotnet test ServerlessStreams.sln -c Release --no-build --nologo \
  --logger "trx" --results-directory "$results" -- RunConfiguration.TestSessionTimeout=1500000 || status=$?

echo "== a new app from the packages and the template, as a newcomer makes it"
bash .ci/newcomer "$results" || status=$?

# The short chaos run counts as one test: every process killed and restarted, every view and entity against the oracle.
echo "== chaos (short): kill -9 of workers and hosts, joins, leaves, Azurite and broker outages, hostile records"
chaos_passed=0; chaos_failed=0
if dotnet bench/ServerlessStreams.Bench/bin/Release/net10.0/ServerlessStreams.Bench.dll chaos --short --seed 7; then
  chaos_passed=1
else
  chaos_failed=1; status=1
fi

passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p'); passed=$((passed + ${p:-0}))
  f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p'); failed=$((failed + ${f:-0}))
  t=$(echo "$counters" | sed -n 's/.* total="\([0-9]*\)".*/\1/p')
  e=$(echo "$counters" | sed -n 's/.* executed="\([0-9]*\)".*/\1/p')
  skipped=$((skipped + ${t:-0} - ${e:-0}))
done
passed=$((passed + chaos_passed)); failed=$((failed + chaos_failed))
if [ "$files" -eq 0 ]; then
  echo "no test results were written"
  status=1
fi
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit "$status"
