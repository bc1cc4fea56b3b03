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

# --- Our builds, each one profiled -------------------------------------------------------------------------------------
# ours_build KEY MODE VAR PROJECT [ARGS...]: one timed `dotnet build` of ours ("${OURS[@]}") with -clp:PerformanceSummary;
# the wall time goes to VAR, and from the summary: the RustLambda targets' sum, the SDK's own time (that sum less the cargo
# task), each RustLambda target and task, Restore, MSBuild's project time, and the cargo processes started. The summary
# costs a few milliseconds; every row of ours below comes from these builds, so each ratio pairs builds of one run.
SUMMARY="$WORK/summary.txt"
OURS=("${OURS_BUILD[@]}")
LAST_OWN=0; LAST_TARGETS=0
ours_build() {
  local key=$1 mode=$2 __var=$3 project=$4 before start end ms name targets cargo=0; shift 4
  before=$(cargo_starts)
  echo "\$ ${OURS[*]} $project -clp:PerformanceSummary $*" >> "$LOG"
  start=$(date +%s%N)
  "${OURS[@]}" "$project" -clp:PerformanceSummary "$@" > "$SUMMARY" 2>&1 || { cat "$SUMMARY" >> "$LOG"; fail "the $mode build of $key failed"; }
  end=$(date +%s%N)
  cat "$SUMMARY" >> "$LOG"
  printf -v "$__var" '%d' $(((end - start) / 1000000))
  record "$key.$mode.cargostarts" $(($(cargo_starts) - before))
  targets=$(awk '/^Target Performance Summary:/ { on = 1; next } /Summary:$/ { on = 0 }
    on && $2 == "ms" && $3 ~ /^_?RustLambda/ { sum += $1 } END { print sum + 0 }' "$SUMMARY")
  record "$key.$mode.targets" "$targets"
  record "$key.$mode.project" "$(awk '/^Project Performance Summary:/ { getline; print $1; exit }' "$SUMMARY")"
  while read -r ms name; do
    record "$key.$mode.item.$name" "$ms"
    if [ "$name" = RunRustLambdaCargo ]; then cargo=$ms; fi
  done < <(awk '/^(Target|Task) Performance Summary:/ { on = 1; next } /Summary:$/ { on = 0 }
    on && $2 == "ms" && ($3 ~ /RustLambda|SamBuildOutput/ || $3 == "Restore") { print $1, $3 }' "$SUMMARY")
  LAST_TARGETS=$targets; LAST_OWN=$((targets - cargo))
  record "$key.$mode.own" "$LAST_OWN"
}

# --- One project: cold, no-op and one-file-touched builds, ours and the comparisons, interleaved per run --------------
# bench_project KEY KIND COUNT: KIND is package or workspace.
CASES=()
declare -A CASE_LABEL=() CASE_FUNCTIONS=() CASE_TOUCHED=()
bench_project() {
  local key=$1 kind=$2 count=$3 run t ours_t cargo_t i
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
    ours_build "$key" cold ours_t "$ours/Functions.csproj"; record "$key.cold.ours" "$ours_t"
    local own=$LAST_OWN
    [ "$(find "$ours/bin/Release" -name bootstrap.zip | wc -l)" -eq "$count" ] || fail "$key: expected $count bootstrap.zip files"
    rm -rf "$raw/target"
    timed cargo_t "$REAL_CARGO" build --release --manifest-path "$raw/Cargo.toml" "${workspace_flag[@]}" "${bin_args[@]}"; record "$key.cold.cargo" "$cargo_t"
    record "$key.cold.ownpct" "$(awk -v o="$own" -v c="$cargo_t" 'BEGIN { printf "%d", 1000 * o / c + 0.5 }')" # per mille
    rm -rf "$EMPTY/bin" "$EMPTY/obj"
    timed t "${DOTNET_BUILD[@]}" "$EMPTY/Empty.csproj"; record "$key.cold.empty" "$t"

    # No-op: build again with nothing changed; the empty project's no-op right after, for the ratio.
    ours_build "$key" noop ours_t "$ours/Functions.csproj"; record "$key.noop.ours" "$ours_t"
    timed t "${DOTNET_BUILD[@]}" "$EMPTY/Empty.csproj"; record "$key.noop.empty" "$t"
    record "$key.noop.ratio" "$(awk -v o="$ours_t" -v e="$t" 'BEGIN { printf "%d", 1000 * o / e + 0.5 }')" # per mille
    timed t "$REAL_CARGO" build --release --manifest-path "$raw/Cargo.toml" "${workspace_flag[@]}" "${bin_args[@]}"; record "$key.noop.cargo" "$t"
    if [ "$kind" = workspace ]; then
      timed t sam_per_function_members "${manifests[@]}"
    else
      timed t sam_per_function "$raw/Cargo.toml" "${bins[@]}"
    fi
    record "$key.noop.sam" "$t"

    # One function's source touched.
    touch "$ours/$touched"
    ours_build "$key" touch ours_t "$ours/Functions.csproj"; record "$key.touch.ours" "$ours_t"
    touch "$raw/$touched"
    timed t "$REAL_CARGO" build --release --manifest-path "$raw/Cargo.toml" "${workspace_flag[@]}" "${bin_args[@]}"; record "$key.touch.cargo" "$t"
  done
}

# --- A warm MSBuild process, as Visual Studio keeps one -------------------------------------------------------------
# No-op builds of KEY through the MSBuild server (DOTNET_CLI_USE_MSBUILD_SERVER=1), after one build that starts it. The
# server and any node it starts carry a marker in their environment, so exactly those processes are stopped afterwards.
SERVER_MARKER="rustlambda-bench-$$-$RANDOM"
server_pids() {
  local environ pid
  for environ in /proc/[0-9]*/environ; do
    pid=${environ#/proc/}; pid=${pid%/environ}
    [ "$pid" != "$$" ] && tr '\0' '\n' 2>/dev/null < "$environ" | grep -qx "RUSTLAMBDA_BENCH_SERVER=$SERVER_MARKER" && echo "$pid"
  done
  return 0
}
stop_server() { local pid; for pid in $(server_pids); do kill "$pid" 2>/dev/null || true; done; }
WARM_NOTE=""
bench_warm_node() {
  local key=$1 ours="$WORK/$1/ours" run t
  echo "Measuring no-op builds of ${CASE_LABEL[$key]} in a warm MSBuild server ($RUNS runs)..."
  OURS=(env -u MSBUILDDISABLENODEREUSE NUGET_PACKAGES="$BENCH_NUGET_CACHE" DOTNET_CLI_USE_MSBUILD_SERVER=1 RUSTLAMBDA_BENCH_SERVER="$SERVER_MARKER" dotnet build -c Release -nologo -v:m -tl:off)
  ours_build "$key" warmup t "$ours/Functions.csproj"
  if [ -z "$(server_pids)" ]; then WARM_NOTE="no MSBuild server process started: these builds ran in fresh processes"; fi
  for ((run = 1; run <= RUNS; run++)); do
    ours_build "$key" warm t "$ours/Functions.csproj"; record "$key.warm.ours" "$t"
  done
  OURS=("${OURS_BUILD[@]}")
  stop_server
}

# --- A compile cache for clean checkouts: sccache as RUSTC_WRAPPER -------------------------------------------------
# A fresh clone (always into the same folder, as CI checks out) of a workspace with path library crates, built three ways
# per run: without a wrapper, with RustLambdaRustcWrapper=sccache and an empty cache, and with the cache the cold build
# filled. sccache's server runs on a port of its own and is stopped before each timed build, as on a new CI machine.
CACHE_RUNS=$((RUNS < 3 ? RUNS : 3))
CACHE_NOTE=""
bench_sccache() {
  local src="$WORK/cache-src" clone="$WORK/cache-clone" run t mode
  if ! command -v sccache > /dev/null; then CACHE_NOTE="sccache is not installed (Debian: apt-get install sccache): row skipped"; return; fi
  echo "Measuring clean-clone builds with sccache ($CACHE_RUNS runs)..."
  generate_cached_workspace "$src" 10; lock "$src"; write_sdk_project "$src" "$SDK_VERSION" "$BENCH_PACKAGES"
  git -C "$src" init -q && git -C "$src" add -A && git -C "$src" -c user.name=bench -c user.email=bench@localhost commit -qm source || fail "cannot commit the sccache case"
  export SCCACHE_DIR="$WORK/sccache" SCCACHE_SERVER_PORT
  SCCACHE_SERVER_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  for ((run = 1; run <= CACHE_RUNS; run++)); do
    for mode in none cold warm; do
      sccache --stop-server > /dev/null 2>&1 || true
      [ "$mode" = cold ] && rm -rf "$SCCACHE_DIR"
      rm -rf "$clone"; git clone -q "$src" "$clone" || fail "git clone of the sccache case failed"
      if [ "$mode" = none ]; then
        ours_build cache "$mode" t "$clone/Functions.csproj"
      else
        ours_build cache "$mode" t "$clone/Functions.csproj" -p:RustLambdaRustcWrapper=sccache
        record "cache.$mode.hits" "$(sccache --show-stats 2>/dev/null | awk '/^Cache hits \(Rust\)/ { print $NF; exit }')"
      fi
      record "cache.$mode.ours" "$t"
    done
  done
  sccache --stop-server > /dev/null 2>&1 || true
}
trap 'stop_server; if [ -n "${SCCACHE_SERVER_PORT:-}" ]; then sccache --stop-server > /dev/null 2>&1 || true; fi; rm -rf "$WORK"' EXIT

field() { head -n 1 <<< "$1" | sed -n "s/.*\b$2=\([^ ]*\).*/\1/p"; }
round() { awk -v v="$1" 'BEGIN { printf "%d", v + 0.5 }'; }
sum_of() { printf '%s\n' ${SAMPLES[$1]:-} | awk '{ s += $1 } END { print s + 0 }'; }
permille() { awk -v v="$1" 'BEGIN { printf "%.2f", v / 1000 }'; }
percent() { awk -v v="$1" 'BEGIN { printf "%.1f", v / 10 }'; }

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
bench_warm_node "$PROFILE_KEY"
bench_sccache

# --- The model, in-process --------------------------------------------------------------------------------------------
echo "Timing the template reader ($TEMPLATE_FUNCTIONS functions), the ELF checks and the zip writer (20 MiB)..."
mkdir -p "$WORK/template500"
write_template "$WORK/template500/template.yaml" "$TEMPLATE_FUNCTIONS" package
printf '[package]\nname = "bench_functions"\nversion = "0.1.0"\nedition = "2021"\n' > "$WORK/template500/Cargo.toml"
TEMPLATE_RESULT="$(dotnet "$WORK/modelbench/ModelBench.dll" template "$WORK/template500/template.yaml" "$MODEL_ITERATIONS" "$TEMPLATE_FUNCTIONS" "$TEMPLATE_WARMUP" 2>>"$LOG")" \
  || fail "ModelBench template failed"
mkdir -p "$WORK/elf"
for ((i = 1; i <= ${CASE_FUNCTIONS[$PROFILE_KEY]}; i++)); do cp "$WORK/$PROFILE_KEY/ours/target/release/$(function_name "$i")" "$WORK/elf/"; done
ELF_RESULT="$(dotnet "$WORK/modelbench/ModelBench.dll" elf "$WORK/elf" "$MODEL_ITERATIONS" 2>>"$LOG")" || fail "ModelBench elf failed"
write_binary_blob "$WORK/bootstrap-20mb" "$ZIP_BYTES" || fail "cannot make the 20 MiB binary"
ZIP_RESULT="$(dotnet "$WORK/modelbench/ModelBench.dll" zip "$WORK/bootstrap-20mb" "$WORK/zips" "$ZIP_ITERATIONS" 2>>"$LOG")" || fail "ModelBench zip failed"

# --- The table --------------------------------------------------------------------------------------------------------
TABLE="$WORK/table.md"
PASSES=0; MISSES=0
count_verdict() { if [ "$1" = 1 ]; then PASSES=$((PASSES + 1)); else MISSES=$((MISSES + 1)); fi; }
# goal KEY OK TEXT: the Goal cell; the issue's per-build goals judge the profiled case (50 functions) only.
goal_cell() { if [ "$1" = "$PROFILE_KEY" ]; then count_verdict "$2"; echo "$3: $(verdict "$2")"; else echo "($3 is for ${CASE_LABEL[$PROFILE_KEY]})"; fi; }
{
  echo "| Case | Ours | Baseline, same run | Result | Goal |"
  echo "| --- | --- | --- | --- | --- |"
  for key in "${CASES[@]}"; do
    label=${CASE_LABEL[$key]}; targets=$(median "$key.noop.targets"); starts=$(sum_of "$key.noop.cargostarts")
    ok=$([ "$targets" -le 30 ] && [ "$starts" -eq 0 ] && echo 1 || echo 0); count_verdict "$ok"
    echo "| No-op rebuild, $label: RustLambda targets | $(fmt_ms "$targets"), $starts cargo starts in $RUNS builds | MSBuild's project time $(fmt_ms "$(median "$key.noop.project")") | — | ≤ 30 ms: $(verdict "$ok") |"
  done
  for key in "${CASES[@]}"; do
    label=${CASE_LABEL[$key]}; ratio=$(median "$key.noop.ratio")
    ok=$([ "$ratio" -le 1050 ] && echo 1 || echo 0); count_verdict "$ok"
    echo "| No-op \`dotnet build\`, $label | $(fmt_ms "$(median "$key.noop.ours")") | empty project no-op $(fmt_ms "$(median "$key.noop.empty")") | ours ÷ empty = $(permille "$ratio")× (median of per-run ratios) | ≤ 1.05×: $(verdict "$ok") |"
  done
  for key in "${CASES[@]}"; do
    label=${CASE_LABEL[$key]}; pct=$(median "$key.cold.ownpct")
    ok=$([ "$pct" -le 50 ] && echo 1 || echo 0)
    echo "| Cold build, $label: the SDK's own time (RustLambda targets without cargo) | $(fmt_ms "$(median "$key.cold.own")") (whole build $(fmt_ms "$(median "$key.cold.ours")")) | raw cargo $(fmt_ms "$(median "$key.cold.cargo")") | $(percent "$pct") % of raw cargo (median of per-run ratios) | $(goal_cell "$key" "$ok" "≤ 5 %") |"
  done
  for key in "${CASES[@]}"; do
    label=${CASE_LABEL[$key]}; own=$(median "$key.touch.own")
    ok=$([ "$own" -le 60 ] && echo 1 || echo 0)
    echo "| One .rs touched, $label: the SDK's own time | $(fmt_ms "$own") (whole build $(fmt_ms "$(median "$key.touch.ours")")) | cargo alone $(fmt_ms "$(median "$key.touch.cargo")") | — | $(goal_cell "$key" "$ok" "≤ 60 ms") |"
  done
  targets=$(median "$PROFILE_KEY.warm.targets")
  ok=$([ "$targets" -le 10 ] && echo 1 || echo 0); count_verdict "$ok"
  echo "| No-op rebuild in a warm MSBuild server, ${CASE_LABEL[$PROFILE_KEY]}: RustLambda targets | $(fmt_ms "$targets")${WARM_NOTE:+ ($WARM_NOTE)} | whole build $(fmt_ms "$(median "$PROFILE_KEY.warm.ours")") | — | ≤ 10 ms: $(verdict "$ok") |"
  for key in "${CASES[@]}"; do
    label=${CASE_LABEL[$key]}; ours=$(median "$key.noop.ours"); sam=$(median "$key.noop.sam")
    ratio=$(awk -v s="$sam" -v o="$ours" 'BEGIN { printf "%.2f", s / o }')
    echo "| No-op rebuild, $label, against SAM | $(fmt_ms "$ours") | SAM per function (${CASE_FUNCTIONS[$key]} × cargo) $(fmt_ms "$sam"); cargo no-op $(fmt_ms "$(median "$key.noop.cargo")") | SAM ÷ ours = ${ratio}× | — |"
  done
  if [ -n "$CACHE_NOTE" ]; then
    echo "| Clean-clone build with sccache | — | — | $CACHE_NOTE | — |"
  else
    none=$(median cache.none.ours); cold=$(median cache.cold.ours); warm=$(median cache.warm.ours)
    echo "| Clean clone, workspace of 10 members + 2 path library crates, no wrapper | $(fmt_ms "$none") | — | baseline | — |"
    echo "| Same, \`RustLambdaRustcWrapper=sccache\`, empty local cache | $(fmt_ms "$cold") | no wrapper $(fmt_ms "$none") | $(awk -v a="$cold" -v b="$none" 'BEGIN { printf "%.2f", a / b }')× the no-wrapper build | — |"
    echo "| Same, warm local cache (the cold build's) | $(fmt_ms "$warm"), $(median cache.warm.hits) Rust cache hits | no wrapper $(fmt_ms "$none") | $(awk -v a="$warm" -v b="$none" 'BEGIN { printf "%.2f", a / b }')× the no-wrapper build | — |"
  fi
  e_first=$(round "$(field "$ELF_RESULT" first_ms)"); e_median=$(field "$ELF_RESULT" median_ms)
  echo "| ELF checks' reading of ${CASE_FUNCTIONS[$PROFILE_KEY]} built binaries (ElfInspector.Inspect, in-process) | first pass $(fmt_ms "$e_first"); $e_median ms median of $MODEL_ITERATIONS passes | — | $(field "$ELF_RESULT" binaries) binaries | — |"
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
  echo "Goals: $PASSES PASS, $MISSES MISS."
  echo
  echo "Where the time goes, from the same builds' -clp:PerformanceSummary (ms, medians; a target's time excludes the targets it depends on, a task's is its own; own = RustLambda targets without the cargo task):"
  echo
  echo "| Case | Build | Whole project | Restore | ResolveRustLambdaBuild | RunRustLambdaCargo (cargo) | PackageRustLambdaFunctions (checks, zips) | WriteSamBuildOutput | All RustLambda targets | Own | cargo starts |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  for key in "${CASES[@]}" cache; do
    for mode in cold noop touch warm none; do
      [ -n "${SAMPLES[$key.$mode.targets]:-}" ] || continue
      item() { local v; v=$(median "$key.$mode.item.$1"); echo "${v:-—}"; }
      label=${CASE_LABEL[$key]:-clean clone + sccache}
      echo "| $label | $mode | $(median "$key.$mode.project") | $(item Restore) | $(item ResolveRustLambdaBuild) | $(item RunRustLambdaCargo) | $(item PackageRustLambdaFunctions) | $(item WriteSamBuildOutput) | $(median "$key.$mode.targets") | $(median "$key.$mode.own") | $(sum_of "$key.$mode.cargostarts") |"
    done
  done
  echo
  echo "Every RustLambda target and task of the ${CASE_LABEL[$PROFILE_KEY]} no-op build (ms, median):"
  for name in $(printf '%s\n' "${!SAMPLES[@]}" | sed -n "s/^$PROFILE_KEY\.noop\.item\.//p" | grep -v '^Restore$' | sort); do
    echo "- \`$name\`: $(median "$PROFILE_KEY.noop.item.$name")"
  done
  echo
  echo "Deflating the same 20 MiB into memory, for reference (median of 3; not the SDK's code path):"
  sed -n 's/^reference: \(.*\)/- \1/p' <<< "$ZIP_RESULT"
} > "$DETAILS"

LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)"
HEADER="Measured $DATE on: $MACHINE. Load average (1, 5, 15 min) at start $LOAD_START, at end $LOAD_END.
Medians of $RUNS runs$($QUICK && echo ' (--quick: 1- and 10-function packages only)' || true) (the sccache rows: $CACHE_RUNS). \`dotnet build -c Release -nodeReuse:false -clp:PerformanceSummary\` with \`MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false\`: a new process per build, no build server kept warm (except the warm-server row), SDK $SDK_VERSION from artifacts/packages, builder \`auto\` = plain \`cargo build\` (no cargo-lambda). Raw cargo: \`cargo build --release --bin …\` of the same binaries in a separate copy of the project. Cold = \`target/\`, \`bin/\`, \`obj/\`, \`.aws-sam/\` deleted; the empty project is \`<Project Sdk=\"Microsoft.NET.Sdk\">\` with \`netstandard2.0\` and no sources. In each run a case's builds follow one another (ours, then its baseline), so load hits both alike."

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
