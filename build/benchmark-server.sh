#!/usr/bin/env bash
# Benchmarks the local server (`dotnet run`) on samples/LocalApi against the packed SDK: `dotnet run` to the first
# answer, warm latency through the server against the same event straight into RustLambda.Hosting's pool (the server's
# overhead), throughput with 1 and 16 clients, and save-to-first-new-answer after a one-line .rs change against raw
# `cargo build` of that change. Prints a Markdown table and writes it to docs/performance.md (between its server markers).
#
#   bash build/benchmark-server.sh [--requests N] [--runs N] [--no-docs]
#
# Needs the SDK packed (build/test.sh or build/pack-and-build-samples.sh do it; so does `source build/common.sh; pack_sdk`).
source "$(dirname "$0")/common.sh"
REQUESTS=1000; RUNS=3; WRITE_DOCS=true
while [ $# -gt 0 ]; do
  case "$1" in
    --requests) REQUESTS=${2:?--requests needs a number}; shift 2 ;;
    --runs) RUNS=${2:?--runs needs a number}; shift 2 ;;
    --no-docs) WRITE_DOCS=false; shift ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
ls "$PACKAGES_DIR"/RustLambda.Sdk."$SDK_VERSION".nupkg > /dev/null 2>&1 || { echo "error: pack the SDK first (source build/common.sh; pack_sdk)" >&2; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/rustlambda-server-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
cp -r "$REPO_ROOT/samples/LocalApi" "$REPO_ROOT/samples/lambda_runtime_lite" "$WORK/"
rm -rf "$WORK/LocalApi/bin" "$WORK/LocalApi/obj" "$WORK/LocalApi/target"
printf '{ "msbuild-sdks": { "RustLambda.Sdk": "%s" } }\n' "$SDK_VERSION" > "$WORK/LocalApi/global.json"
printf '<configuration><packageSources><clear /><add key="local" value="%s" /></packageSources></configuration>\n' "$PACKAGES_DIR" > "$WORK/LocalApi/nuget.config"

echo "Building the sample and the benchmark tool..."
dotnet build "$WORK/LocalApi/LocalApi.csproj" -nologo -v:q -clp:NoSummary -nodeReuse:false > "$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; exit 1; }
dotnet build "$REPO_ROOT/build/benchmark/ServerBench/ServerBench.csproj" -c Release -o "$WORK/bench" -nologo -v:q -clp:NoSummary -nodeReuse:false > "$WORK/bench.log" 2>&1 || { cat "$WORK/bench.log"; exit 1; }
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

echo "Measuring (${REQUESTS} requests, ${RUNS} edit runs)..."
ROWS="$(dotnet "$WORK/bench/ServerBench.dll" "$WORK/LocalApi" LocalApi.csproj "$PORT" "$REQUESTS" "$RUNS" 2> "$WORK/rebuilds.txt")"
PROFILES="$(sed 's/^/    /' "$WORK/rebuilds.txt")"
HEADER="Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(uname -m), $(dotnet --version) SDK, $(cargo --version | cut -d' ' -f1-2)), load average $(cut -d' ' -f1 /proc/loadavg) at the end, Debug configuration (cargo's dev profile), plain cargo builder."
TABLE="| Local server | Measured | Baseline | Difference |
| --- | --- | --- | --- |
$ROWS"
NOTES="Goals (issue 10): server overhead p50 <= 1 ms; save-to-answer <= cargo time + 300 ms. The overhead row compares a
request through Kestrel, routing, the event builder and the response mapper with the same event handed straight to
RustLambda.Hosting's pool in the benchmark's own process, the two alternating request by request so both see the same
load. The save-to-answer row includes the watcher's 15 ms debounce,
the in-process MSBuild build of the SDK's RustLambdaBuild target on the kept evaluation (the resolve task, the SDK's cargo
invocation, the artifact checks, the zips and the server's manifest; SAM's layout is left to the next \`dotnet build\`),
swapping the pools to the new zips (extracting them), and the first (cold) request to the new process; raw cargo is only
the compile. \`cargo lambda watch\` and \`sam local start-api\` could not be measured beside it: neither can be installed
here (no crates registry for cargo-lambda, no Docker or Python registry for SAM CLI).

The server's own profile of each measured save (its \`Rebuilt in\` lines: evaluation, each RustLambda target and task, apply):

$PROFILES"
echo; echo "$HEADER"; echo; echo "$TABLE"; echo; echo "$NOTES"

if $WRITE_DOCS; then
  DOCS="$REPO_ROOT/docs/performance.md"
  BEGIN='<!-- server-benchmark:begin: written by build/benchmark-server.sh; edit outside these markers -->'
  END='<!-- server-benchmark:end -->'
  BLOCK="$WORK/block.md"
  { echo "$BEGIN"; echo "$HEADER"; echo; echo "$TABLE"; echo; echo "$NOTES"; echo "$END"; } > "$BLOCK"
  if grep -qF '<!-- server-benchmark:begin' "$DOCS" && grep -qF "$END" "$DOCS"; then
    awk -v block="$BLOCK" '
      /<!-- server-benchmark:begin/ { while ((getline line < block) > 0) print line; skip = 1; next }
      /<!-- server-benchmark:end -->/ { skip = 0; next }
      !skip' "$DOCS" > "$WORK/performance.md"
  else
    { cat "$DOCS"; echo; echo "## The local server (\`dotnet run\`)"; echo; echo "Run \`bash build/benchmark-server.sh\` to measure again; it rewrites the part between the markers."; echo; cat "$BLOCK"; } > "$WORK/performance.md"
  fi
  cp "$WORK/performance.md" "$DOCS"
  echo; echo "Wrote docs/performance.md."
fi
