#!/usr/bin/env bash
# Runs every test: unit tests of the model and tasks, then integration tests that pack the SDK and run real `dotnet build`s.
# Ends with one line `N passed, M failed[, K skipped]` and exits non-zero if anything failed.
source "$(dirname "$0")/common.sh"

pack_sdk
results="$REPO_ROOT/artifacts/test-results"
rm -rf "$results"
status=0
dotnet test "$REPO_ROOT/RustLambda.Sdk.sln" -c Release -nologo --logger "trx" --results-directory "$results" -- MSTest.Parallelize.Workers=1 || status=$?
# The samples' own C# tests, as a user's solution runs them: built against the packed SDK and RustLambda.Testing package.
dotnet test "$REPO_ROOT/samples/SampleFunctions.Tests/SampleFunctions.Tests.csproj" -nologo --logger "trx" --results-directory "$results" || status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  # The TRX logger leaves notExecuted at 0 for skipped (inconclusive) tests; they show only as total - executed.
  skipped=$((skipped + $(value total) - $(value executed)))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi   # a build or runner failure counts as a failure
if [ $((passed + failed)) -eq 0 ]; then failed=1; fi                 # no test ran: that is a failure too
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
