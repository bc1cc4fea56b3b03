#!/usr/bin/env bash
# Benchmarks RustLambda.Sdk against raw cargo, an empty .NET project and SAM's one-cargo-per-function strategy, on
# synthetic std-only Rust projects; prints a Markdown table and writes it to docs/performance.md (between its markers).
#
#   bash build/benchmark.sh [--runs N] [--quick] [--no-docs]
#
#   --runs N   median of N runs of every build measurement (default 5)
#   --quick    smoke run: 1 run, only the 1- and 10-function packages; does not touch docs/performance.md
#   --no-docs  print the table only
#
# Every `dotnet build` runs with -nodeReuse:false (no MSBuild node survives between builds), Configuration=Release.
source "$(dirname "$0")/common.sh"
BENCH_SRC="$REPO_ROOT/build/benchmark"
source "$BENCH_SRC/generate.sh"

RUNS=5; QUICK=false; WRITE_DOCS=true
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS=${2:?--runs needs a number}; shift 2 ;;
    --quick) QUICK=true; RUNS=1; WRITE_DOCS=false; shift ;;
    --no-docs) WRITE_DOCS=false; shift ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || { echo "error: --runs must be a positive whole number" >&2; exit 2; }

MODEL_ITERATIONS=20           # template read, in-process: median of this many calls...
TEMPLATE_WARMUP=30            # ...after this many: enough for .NET's tiered JIT to settle
ZIP_ITERATIONS=$RUNS          # zip writes take seconds each: median of RUNS, after a first (cold) one
TEMPLATE_FUNCTIONS=500
ZIP_BYTES=$((20 * 1024 * 1024))
DOCS="$REPO_ROOT/docs/performance.md"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/rustlambda-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
LOG="$WORK/commands.log"

fail() { echo "error: $*" >&2; echo "--- last lines of the build log ---" >&2; tail -n 80 "$LOG" >&2; exit 1; }

# timed VAR command...: runs the command with its output in the log, stores its wall time in milliseconds in VAR.
timed() {
  local __var=$1 start end; shift
  echo "\$ $*" >> "$LOG"
  start=$(date +%s%N)
  "$@" >> "$LOG" 2>&1 || fail "failed: $*"
  end=$(date +%s%N)
  printf -v "$__var" '%d' $(((end - start) / 1000000))
}

declare -A SAMPLES=()
record() { SAMPLES[$1]="${SAMPLES[$1]:-} $2"; }
median() { printf '%s\n' ${SAMPLES[$1]:-} | sort -n | awk 'NF { v[++n] = $1 } END { if (n) print (n % 2) ? v[(n + 1) / 2] : int((v[n / 2] + v[n / 2 + 1]) / 2) }'; }
fmt_ms() { if [ "$1" -ge 1000 ] || [ "$1" -le -1000 ]; then awk -v ms="$1" 'BEGIN { printf "%.2f s", ms / 1000 }'; else echo "$1 ms"; fi; }
verdict() { if [ "$1" = 1 ]; then echo "**PASS**"; else echo "**MISS**"; fi; }

# --- The machine ------------------------------------------------------------------------------------------------------
CPU="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
MEMORY="$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
OS="$( (. /etc/os-release && echo "$PRETTY_NAME") ), Linux $(uname -r)"
DOTNET_VERSION="$(dotnet --version)"
REAL_CARGO="$(command -v cargo || echo "$HOME/.cargo/bin/cargo")"
[ -x "$REAL_CARGO" ] || { echo "error: cargo not found on PATH or in ~/.cargo/bin" >&2; exit 1; }
CARGO_VERSION="$("$REAL_CARGO" --version)"
DATE="$(date -u '+%Y-%m-%d %H:%M UTC')"
MACHINE="${CPU:-unknown CPU}, $(nproc) cores, $MEMORY RAM, $OS; .NET SDK $DOTNET_VERSION, $CARGO_VERSION"
LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "Machine: $MACHINE"
echo "Date: $DATE"
echo "Load average at start: $LOAD_START"
if awk -v l="${LOAD_START%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n / 2) }'; then
  echo "warning: the machine is busy (load $LOAD_START on $(nproc) cores); other processes will make the numbers noisy" >&2
fi
echo "Runs: $RUNS (medians) | dotnet build -c Release -nodeReuse:false | builder auto (plain cargo: $(command -v cargo-lambda >/dev/null && echo 'cargo-lambda IS installed' || echo 'no cargo-lambda'))"

# --- The SDK, the model tool, the cargo wrapper -----------------------------------------------------------------------
# No build server may outlive a build or speed up a later one: no MSBuild node reuse or server, no Roslyn compiler server
# (which only the empty project would use). Every `dotnet build` below is a fresh process, as on CI.
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false

echo "Packing RustLambda.Sdk $SDK_VERSION..."
pack_sdk >> "$LOG" 2>&1 || fail "pack_sdk failed"
# A snapshot of the package and a private NuGet cache for the generated projects, so a concurrent pack_sdk (tests,
# another checkout's script) that re-packs or clears artifacts/nuget-cache/rustlambda.sdk cannot change the SDK mid-run.
# The empty project keeps the shared cache, which holds the NETStandard.Library it restores.
BENCH_PACKAGES="$WORK/packages"; BENCH_NUGET_CACHE="$WORK/nuget-packages"
mkdir -p "$BENCH_PACKAGES"
cp "$PACKAGES_DIR/RustLambda.Sdk.$SDK_VERSION.nupkg" "$BENCH_PACKAGES/"
python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' \
  "$BENCH_PACKAGES/RustLambda.Sdk.$SDK_VERSION.nupkg" "$WORK/sdk-package" || fail "cannot extract the SDK package"

echo "Building the model timing tool (against the packed task assembly)..."
cp -r "$BENCH_SRC/ModelBench" "$WORK/modelbench-src"
rm -rf "$WORK/modelbench-src/bin" "$WORK/modelbench-src/obj"
dotnet build "$WORK/modelbench-src/ModelBench.csproj" -c Release -o "$WORK/modelbench" -nologo -v:q -clp:NoSummary -nodeReuse:false \
  -p:RustLambdaTasksDirectory="$WORK/sdk-package/tasks/net8.0/" >> "$LOG" 2>&1 || fail "building build/benchmark/ModelBench failed"

# The SDK finds cargo on PATH: this wrapper is first there, logs every start and runs the real cargo. Raw cargo
# measurements call the real one directly. (CARGO, which the SDK would prefer, is unset.)
mkdir -p "$WORK/cargo-wrapper"
CARGO_STARTS="$WORK/cargo-starts.log"; : > "$CARGO_STARTS"
printf '#!/bin/sh\nprintf "%%s\\n" "$*" >> "%s"\nexec "%s" "$@"\n' "$CARGO_STARTS" "$REAL_CARGO" > "$WORK/cargo-wrapper/cargo"
chmod +x "$WORK/cargo-wrapper/cargo"
export PATH="$WORK/cargo-wrapper:$PATH"
unset CARGO CARGO_TARGET_DIR
cargo_starts() { wc -l < "$CARGO_STARTS" | tr -d ' '; }

# Projects keep their Cargo.lock, as applications do; without one, the first build creates it, which changes the SDK's
# input list and so makes the second build run cargo once more.
lock() { "$REAL_CARGO" generate-lockfile --offline --manifest-path "$1/Cargo.toml" >> "$LOG" 2>&1 || fail "cargo generate-lockfile failed in $1"; }

DOTNET_BUILD=(dotnet build -c Release -nologo -v:m -tl:off -nodeReuse:false)
OURS_BUILD=(env NUGET_PACKAGES="$BENCH_NUGET_CACHE" "${DOTNET_BUILD[@]}")
EMPTY="$WORK/empty"
write_empty_project "$EMPTY"
# One untimed build of each kind first: NuGet extracting the SDK into the private cache, a fresh clone downloading
# NETStandard.Library for the empty project, and cold disk caches are no build's cost.
echo "Warming up..."
generate_package "$WORK/warmup" 1; lock "$WORK/warmup"
write_sdk_project "$WORK/warmup" "$SDK_VERSION" "$BENCH_PACKAGES"
"${OURS_BUILD[@]}" "$WORK/warmup/Functions.csproj" >> "$LOG" 2>&1 || fail "the warm-up build of a generated project failed"
"${DOTNET_BUILD[@]}" "$EMPTY/Empty.csproj" >> "$LOG" 2>&1 || fail "the warm-up build of the empty project failed"

# SAM's strategy: one cargo process per function. A package: sam_per_function MANIFEST BINARY...; a workspace, where SAM
# runs cargo in each function's CodeUri: sam_per_function_members MEMBER_MANIFEST... (each member's binary is its folder name).
sam_per_function() {
  local manifest=$1 binary; shift
  for binary in "$@"; do "$REAL_CARGO" build --release --manifest-path "$manifest" --bin "$binary" || return 1; done
}
sam_per_function_members() {
  local manifest
  for manifest in "$@"; do "$REAL_CARGO" build --release --manifest-path "$manifest" --bin "$(basename "$(dirname "$manifest")")" || return 1; done
}

# --- One project: cold, no-op and one-file-touched builds, ours and the comparisons, interleaved per run --------------
# bench_project KEY KIND COUNT: KIND is package or workspace.
CASES=()
declare -A CASE_LABEL=() CASE_FUNCTIONS=() CASE_TOUCHED=()
bench_project() {
  local key=$1 kind=$2 count=$3 run t before i
  local ours="$WORK/$key/ours" raw="$WORK/$key/raw" bins=() workspace_flag=() touched manifests=()
  "generate_$kind" "$ours" "$count"; "generate_$kind" "$raw" "$count"; lock "$ours"; lock "$raw"
  write_sdk_project "$ours" "$SDK_VERSION" "$BENCH_PACKAGES"
  for ((i = 1; i <= count; i++)); do
    if [ "$kind" = workspace ]; then bins+=("$(member_name "$i")"); manifests+=("$raw/functions/$(member_name "$i")/Cargo.toml"); else bins+=("$(function_name "$i")"); fi
  done
  if [ "$kind" = workspace ]; then workspace_flag=(--workspace); touched="functions/m01/src/main.rs"; else touched="src/bin/f001.rs"; fi
  local bin_args=(); for i in "${bins[@]}"; do bin_args+=(--bin "$i"); done

  CASES+=("$key"); CASE_FUNCTIONS[$key]=$count; CASE_TOUCHED[$key]=$touched
  CASE_LABEL[$key]=$([ "$kind" = workspace ] && echo "workspace, $count members" || echo "$count fn")
  echo "Measuring ${CASE_LABEL[$key]} ($RUNS runs)..."
  for ((run = 1; run <= RUNS; run++)); do
    # Cold: nothing built.
    rm -rf "$ours/target" "$ours/bin" "$ours/obj" "$ours/.aws-sam"
    timed t "${OURS_BUILD[@]}" "$ours/Functions.csproj"; record "$key.cold.ours" "$t"
    [ "$(find "$ours/bin/Release" -name bootstrap.zip | wc -l)" -eq "$count" ] || fail "$key: expected $count bootstrap.zip files"
    rm -rf "$raw/target"
    timed t "$REAL_CARGO" build --release --manifest-path "$raw/Cargo.toml" "${workspace_flag[@]}" "${bin_args[@]}"; record "$key.cold.cargo" "$t"
    rm -rf "$EMPTY/bin" "$EMPTY/obj"
    timed t "${DOTNET_BUILD[@]}" "$EMPTY/Empty.csproj"; record "$key.cold.empty" "$t"

    # No-op: build again with nothing changed.
    before=$(cargo_starts)
    timed t "${OURS_BUILD[@]}" "$ours/Functions.csproj"; record "$key.noop.ours" "$t"
    record "$key.noop.cargostarts" $(($(cargo_starts) - before))
    timed t "$REAL_CARGO" build --release --manifest-path "$raw/Cargo.toml" "${workspace_flag[@]}" "${bin_args[@]}"; record "$key.noop.cargo" "$t"
    if [ "$kind" = workspace ]; then
      timed t sam_per_function_members "${manifests[@]}"
    else
      timed t sam_per_function "$raw/Cargo.toml" "${bins[@]}"
    fi
    record "$key.noop.sam" "$t"
    timed t "${DOTNET_BUILD[@]}" "$EMPTY/Empty.csproj"; record "$key.noop.empty" "$t"

    # One function's source touched.
    touch "$ours/$touched"
    timed t "${OURS_BUILD[@]}" "$ours/Functions.csproj"; record "$key.touch.ours" "$t"
    touch "$raw/$touched"
    timed t "$REAL_CARGO" build --release --manifest-path "$raw/Cargo.toml" "${workspace_flag[@]}" "${bin_args[@]}"; record "$key.touch.cargo" "$t"
  done
}

# Where the time goes: builds of KEY in MODE (cold, noop or touch) with -clp:PerformanceSummary, COUNT times. Per build:
# the RustLambda targets' summed time, each RustLambda target and task, Restore, MSBuild's project time, cargo starts.
profile_builds() {
  local key=$1 mode=$2 count=$3 ours="$WORK/$1/ours" run summary="$WORK/summary.txt" before ms name
  for ((run = 1; run <= count; run++)); do
    case "$mode" in
      cold) rm -rf "$ours/target" "$ours/bin" "$ours/obj" "$ours/.aws-sam" ;;
      touch) touch "$ours/${CASE_TOUCHED[$key]}" ;;
    esac
    before=$(cargo_starts)
    "${OURS_BUILD[@]}" "$ours/Functions.csproj" -clp:PerformanceSummary > "$summary" 2>&1 || { cat "$summary" >> "$LOG"; fail "profiled $mode build of $key failed"; }
    record "$key.$mode.cargostarts" $(($(cargo_starts) - before))
    record "$key.$mode.targets" "$(awk '/^Target Performance Summary:/ { on = 1; next } /Summary:$/ { on = 0 }
      on && $2 == "ms" && $3 ~ /^_?RustLambda/ { sum += $1 } END { print sum + 0 }' "$summary")"
    record "$key.$mode.project" "$(awk '/^Project Performance Summary:/ { getline; print $1; exit }' "$summary")"
    while read -r ms name; do record "$key.$mode.item.$name" "$ms"; done < <(awk '
      /^(Target|Task) Performance Summary:/ { on = 1; next } /Summary:$/ { on = 0 }
      on && $2 == "ms" && ($3 ~ /RustLambda|SamBuildOutput/ || $3 == "Restore") { print $1, $3 }' "$summary")
  done
}

# The template read alone, cold, in a fresh process: how much of ResolveRustLambdaBuild is JIT and type loading.
cold_template_read() {
  local key=$1 output
  output="$(dotnet "$WORK/modelbench/ModelBench.dll" template "$WORK/$key/ours/template.yaml" 1 "${CASE_FUNCTIONS[$key]}" 0 2>>"$LOG")" \
    || fail "ModelBench could not read the template of $key"
  record "$key.coldread" "$(round "$(field "$output" first_ms)")"
}
field() { head -n 1 <<< "$1" | sed -n "s/.*\b$2=\([^ ]*\).*/\1/p"; }
round() { awk -v v="$1" 'BEGIN { printf "%d", v + 0.5 }'; }
sum_of() { printf '%s\n' ${SAMPLES[$1]:-} | awk '{ s += $1 } END { print s + 0 }'; }

if $QUICK; then
  bench_project pkg1 package 1
  bench_project pkg10 package 10
  PROFILE_KEY=pkg10
else
  bench_project pkg1 package 1
  bench_project pkg10 package 10
  bench_project pkg50 package 50
  bench_project ws10 workspace 10
  PROFILE_KEY=pkg50
fi
echo "Profiling builds with -clp:PerformanceSummary..."
for key in "${CASES[@]}"; do
  profile_builds "$key" cold 1
  profile_builds "$key" noop "$RUNS"
  profile_builds "$key" touch 1
  cold_template_read "$key"
done

# --- The model, in-process --------------------------------------------------------------------------------------------
echo "Timing the template reader ($TEMPLATE_FUNCTIONS functions) and the zip writer (20 MiB)..."
mkdir -p "$WORK/template500"
write_template "$WORK/template500/template.yaml" "$TEMPLATE_FUNCTIONS" package
printf '[package]\nname = "bench_functions"\nversion = "0.1.0"\nedition = "2021"\n' > "$WORK/template500/Cargo.toml"
TEMPLATE_RESULT="$(dotnet "$WORK/modelbench/ModelBench.dll" template "$WORK/template500/template.yaml" "$MODEL_ITERATIONS" "$TEMPLATE_FUNCTIONS" "$TEMPLATE_WARMUP" 2>>"$LOG")" \
  || fail "ModelBench template failed"
write_binary_blob "$WORK/bootstrap-20mb" "$ZIP_BYTES" || fail "cannot make the 20 MiB binary"
ZIP_RESULT="$(dotnet "$WORK/modelbench/ModelBench.dll" zip "$WORK/bootstrap-20mb" "$WORK/zips" "$ZIP_ITERATIONS" 2>>"$LOG")" || fail "ModelBench zip failed"

# --- The table --------------------------------------------------------------------------------------------------------
TABLE="$WORK/table.md"
PASSES=0; MISSES=0
count_verdict() { if [ "$1" = 1 ]; then PASSES=$((PASSES + 1)); else MISSES=$((MISSES + 1)); fi; }
{
  echo "| Case | Ours | Compared with | Result | Target |"
  echo "| --- | --- | --- | --- | --- |"
  for key in "${CASES[@]}"; do
    label=${CASE_LABEL[$key]}
    ours=$(median "$key.cold.ours"); cargo=$(median "$key.cold.cargo"); empty=$(median "$key.cold.empty")
    overhead=$((ours - cargo - empty)); pct=$(awk -v o="$overhead" -v c="$cargo" 'BEGIN { printf "%.1f", 100 * o / c }')
    ok=$(awk -v p="$pct" 'BEGIN { print (p <= 5) ? 1 : 0 }'); count_verdict "$ok"
    echo "| Cold build, $label | $(fmt_ms "$ours") | raw cargo $(fmt_ms "$cargo"); empty project $(fmt_ms "$empty") | overhead $(fmt_ms "$overhead") = $pct% of raw cargo | ≤ 5%: $(verdict "$ok") |"
  done
  for key in "${CASES[@]}"; do
    label=${CASE_LABEL[$key]}
    ours=$(median "$key.noop.ours"); cargo=$(median "$key.noop.cargo"); sam=$(median "$key.noop.sam"); empty=$(median "$key.noop.empty")
    starts=$(sum_of "$key.noop.cargostarts")
    ratio=$(awk -v s="$sam" -v o="$ours" 'BEGIN { printf "%.2f", s / o }')
    ok=$(awk -v r="$ratio" 'BEGIN { print (r >= 10) ? 1 : 0 }'); count_verdict "$ok"
    echo "| No-op rebuild, $label | $(fmt_ms "$ours"), $starts cargo starts | cargo no-op $(fmt_ms "$cargo"); SAM per function (${CASE_FUNCTIONS[$key]} × cargo) $(fmt_ms "$sam"); empty project no-op $(fmt_ms "$empty") | SAM per function ÷ ours = ${ratio}× | ≥ 10×: $(verdict "$ok") |"
  done
  for key in "${CASES[@]}"; do
    label=${CASE_LABEL[$key]}
    ours=$(median "$key.touch.ours"); cargo=$(median "$key.touch.cargo"); empty=$(median "$key.noop.empty")
    echo "| One .rs touched, $label | $(fmt_ms "$ours") | cargo $(fmt_ms "$cargo"); empty project no-op $(fmt_ms "$empty") | +$(fmt_ms $((ours - cargo))) over cargo; $(fmt_ms $((ours - cargo - empty))) over cargo + empty no-op | — |"
  done
  targets=$(median "$PROFILE_KEY.noop.targets"); starts=$(sum_of "$PROFILE_KEY.noop.cargostarts")
  ok=$([ "$targets" -le 100 ] && [ "$starts" -eq 0 ] && echo 1 || echo 0); count_verdict "$ok"
  echo "| No-op rebuild, ${CASE_LABEL[$PROFILE_KEY]}: RustLambda targets (-clp:PerformanceSummary) | $(fmt_ms "$targets"), $starts cargo starts in $RUNS builds | whole project build $(fmt_ms "$(median "$PROFILE_KEY.noop.project")") (MSBuild's project time) | see the breakdown below | ≤ 100 ms and 0 cargo: $(verdict "$ok") |"
  t_median=$(round "$(field "$TEMPLATE_RESULT" median_ms)"); t_first=$(round "$(field "$TEMPLATE_RESULT" first_ms)")
  ok=$([ "$t_median" -le 150 ] && echo 1 || echo 0); count_verdict "$ok"
  echo "| Read + resolve a $TEMPLATE_FUNCTIONS-function template (SamTemplateReader.Read) | $(fmt_ms "$t_median") median of $MODEL_ITERATIONS after $TEMPLATE_WARMUP warm-up calls; first (cold) call $(fmt_ms "$t_first") | — | $(field "$TEMPLATE_RESULT" functions) functions | ≤ 150 ms: $(verdict "$ok") |"
  z_median=$(round "$(field "$ZIP_RESULT" median_ms)"); z_first=$(round "$(field "$ZIP_RESULT" first_ms)")
  z_compress=$(round "$(field "$ZIP_RESULT" compress_ms)")
  ok=$([ "$z_median" -le 300 ] && echo 1 || echo 0); count_verdict "$ok"
  echo "| Zip a 20 MiB bootstrap (BootstrapZip.Write) | $(fmt_ms "$z_median") median of $ZIP_ITERATIONS; first $(fmt_ms "$z_first") | — | identical: $(field "$ZIP_RESULT" identical); $(field "$ZIP_RESULT" zip_bytes) bytes; deflate alone (to Stream.Null) $(fmt_ms "$z_compress") | ≤ 300 ms: $(verdict "$ok") |"
} > "$TABLE"

DETAILS="$WORK/details.md"
{
  echo "Targets: $PASSES PASS, $MISSES MISS."
  echo
  echo "Where the time goes, from -clp:PerformanceSummary (ms; no-op: median of $RUNS builds; cold and touched: 1 build; a target's time excludes the targets it depends on, a task's is its own):"
  echo
  echo "| Case | Build | Whole project | Restore | ResolveRustLambdaBuild | RunRustLambdaCargo (cargo) | PackageRustLambdaFunctions (checks, zips) | WriteSamBuildOutput | All RustLambda targets | RustLambda targets without cargo | cargo starts |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  for key in "${CASES[@]}"; do
    for mode in cold noop touch; do
      item() { local v; v=$(median "$key.$mode.item.$1"); echo "${v:-—}"; }
      targets=$(median "$key.$mode.targets"); cargo=$(median "$key.$mode.item.RunRustLambdaCargo")
      echo "| ${CASE_LABEL[$key]} | $mode | $(median "$key.$mode.project") | $(item Restore) | $(item ResolveRustLambdaBuild) | $(item RunRustLambdaCargo) | $(item PackageRustLambdaFunctions) | $(item WriteSamBuildOutput) | $targets | $((targets - ${cargo:-0})) | $(sum_of "$key.$mode.cargostarts") |"
    done
  done
  echo
  echo "ResolveRustLambdaBuild's main step alone in a fresh process (SamTemplateReader.Read, first call: mostly JIT and type loading): $(for key in "${CASES[@]}"; do printf '%s %s ms; ' "${CASE_LABEL[$key]}" "$(median "$key.coldread")"; done | sed 's/; $//')."
  echo
  echo "Every RustLambda target and task of the ${CASE_LABEL[$PROFILE_KEY]} no-op build (ms):"
  for name in $(printf '%s\n' "${!SAMPLES[@]}" | sed -n "s/^$PROFILE_KEY\.noop\.item\.//p" | grep -v '^Restore$' | sort); do
    echo "- \`$name\`: $(median "$PROFILE_KEY.noop.item.$name")"
  done
  echo
  echo "Deflating the same 20 MiB into memory, for reference (median of 3; not the SDK's code path):"
  sed -n 's/^reference: \(.*\)/- \1/p' <<< "$ZIP_RESULT"
} > "$DETAILS"

LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)"
HEADER="Measured $DATE on: $MACHINE. Load average (1, 5, 15 min) at start $LOAD_START, at end $LOAD_END.
Medians of $RUNS runs$($QUICK && echo ' (--quick: 1- and 10-function packages only)' || true). \`dotnet build -c Release -nodeReuse:false\` with \`MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false\`: a new process per build, no build server kept warm, SDK $SDK_VERSION from artifacts/packages, builder \`auto\` = plain \`cargo build\` (no cargo-lambda). Raw cargo: \`cargo build --release --bin …\` of the same binaries in a separate copy of the project. Cold = \`target/\`, \`bin/\`, \`obj/\`, \`.aws-sam/\` deleted; the empty project is \`<Project Sdk=\"Microsoft.NET.Sdk\">\` with \`netstandard2.0\` and no sources, cold = \`bin/\`, \`obj/\` deleted. Overhead = ours − raw cargo − empty project."

echo
echo "$HEADER"
echo
cat "$TABLE"
echo
cat "$DETAILS"

if $WRITE_DOCS; then
  BEGIN='<!-- benchmark:begin: written by build/benchmark.sh; edit outside these markers -->'
  END='<!-- benchmark:end -->'
  BLOCK="$WORK/block.md"
  { echo "$BEGIN"; echo "$HEADER"; echo; cat "$TABLE"; echo; cat "$DETAILS"; echo "$END"; } > "$BLOCK"
  mkdir -p "$(dirname "$DOCS")"
  if [ -f "$DOCS" ] && grep -qF '<!-- benchmark:begin' "$DOCS" && grep -qF "$END" "$DOCS"; then
    awk -v block="$BLOCK" '
      /<!-- benchmark:begin/ { while ((getline line < block) > 0) print line; skip = 1; next }
      /<!-- benchmark:end -->/ { skip = 0; next }
      !skip' "$DOCS" > "$WORK/performance.md"
  else
    { echo "# Performance"; echo; echo "Run \`bash build/benchmark.sh\` (\`--quick\` for a smoke run) to measure again; it rewrites the part between the markers."; echo; cat "$BLOCK"; } > "$WORK/performance.md"
  fi
  cp "$WORK/performance.md" "$DOCS"
  echo
  echo "Wrote $(realpath --relative-to="$REPO_ROOT" "$DOCS")."
else
  echo
  echo "docs/performance.md not updated ($($QUICK && echo '--quick' || echo '--no-docs'))."
fi
