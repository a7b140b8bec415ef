#!/usr/bin/env bash
# The main job: set-up, build the `fuzz` preset (clang-14, libFuzzer, ASan, UBSan), replay
# the corpus, then a bounded differential fuzz campaign on every core (libFuzzer fork
# mode), merge what it found into corpus/, and print a summary.
#
#   scripts/fuzz.sh [SECONDS]          the campaign's length (default 120)
#
# Exit status: 0 no findings; 1 findings (each listed with its triage report) or a corpus
# regression; 2 usage, set-up or build failure.
#
# Environment (all optional):
#   TT_FUZZ_BUILD_DIR   build directory (default build/fuzz, the preset's)
#   TT_FUZZ_OUT         campaign output: working corpora, logs, artifacts (default fuzz-out)
#   TT_FUZZ_TARGETS     targets to run (default "diff_protocol diff_bytecode threaded_schedule")
#   TT_FUZZ_JOBS        fork-mode jobs in all (default: the number of cores)
#   TT_FUZZ_MERGE_MAX   new inputs merged into corpus/<target>/ per campaign (default 25)
#   TT_FUZZ_REGIMES     regimes the targets check, e.g. "n1,threaded" (default: all;
#                       threaded_schedule: threaded,invalid-cert)
set -euo pipefail

budget=${1:-120}
if ! [[ "$budget" =~ ^[0-9]+$ ]] || (( budget == 0 )); then
  echo "usage: scripts/fuzz.sh [SECONDS]   (a positive number of seconds)" >&2
  exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${TT_FUZZ_BUILD_DIR:-$root/build/fuzz}
out=${TT_FUZZ_OUT:-$root/fuzz-out}
read -r -a targets <<< "${TT_FUZZ_TARGETS:-diff_protocol diff_bytecode threaded_schedule}"
cores=$(nproc)
jobs=${TT_FUZZ_JOBS:-$cores}
merge_max=${TT_FUZZ_MERGE_MAX:-25}
dict=$root/fuzz/dict/scenario.dict

step() { printf '\n== %s\n' "$*"; }
die() { echo "fuzz.sh: $*" >&2; exit 2; }

generator_of() {
  case "$1" in
    diff_protocol) echo protocol ;;
    diff_bytecode) echo bytecode ;;
    threaded_schedule) echo scheduled ;;
    *) die "unknown target $1 (diff_protocol, diff_bytecode, threaded_schedule)" ;;
  esac
}
for t in "${targets[@]}"; do generator_of "$t" >/dev/null; done

# --- set-up and build ---------------------------------------------------------------------
step "set-up"
"$root/scripts/setup.sh" || die "scripts/setup.sh failed"

step "build: preset fuzz in $build"
cd "$root"
mkdir -p "$out/logs"
cmake --preset fuzz -B "$build" > "$out/logs/configure.log" 2>&1 || { cat "$out/logs/configure.log" >&2; die "configure failed"; }
cmake --build "$build" -j "$cores" --target "${targets[@]}" tt_fuzz_export tt_semcov ttconf \
  || die "build failed"
bin=$build/fuzz/targets
export_tool=$build/fuzz/tt_fuzz_export
semcov=$build/fuzz/tt_semcov
ttconf=$build/harness/ttconf
for t in "${targets[@]}"; do [[ -x $bin/$t ]] || die "$bin/$t was not built (are oracle/, vm/ and harness/ present?)"; done

# Sanitizer reports go to the logs; leaks are findings.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# --- corpus replay --------------------------------------------------------------------------
step "corpus replay: ttconf replay corpus/"
replay_status=0
"$ttconf" replay --quiet --json "$out/replay.json" "$root/corpus" || replay_status=$?
case $replay_status in
  0) echo "corpus: conformant" ;;
  1) echo "corpus: DIVERGENT — results in $out/replay.json" ;;
  *) echo "corpus: bad input (status $replay_status) — results in $out/replay.json" ;;
esac

# --- campaign -------------------------------------------------------------------------------
# Fork-mode jobs per target: an even share of the jobs, at least one each.
share=$(( jobs / ${#targets[@]} ))
(( share >= 1 )) || share=1
step "campaign: ${targets[*]} for ${budget}s, $share fork job(s) each on $cores core(s)"
declare -A pid
started=$(date +%s)
for t in "${targets[@]}"; do
  work=$out/corpus/$t
  artifacts=$out/artifacts/$t
  seeds=$root/corpus/$t
  mkdir -p "$work" "$artifacts" "$seeds"
  # Working corpus = what earlier campaigns kept (raw bytes) plus the checked-in seeds.
  TT_FUZZ_ARTIFACTS=$artifacts "$bin/$t" \
    -fork="$share" -max_total_time="$budget" \
    -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -timeout=30 -rss_limit_mb=2048 -max_len=4096 -dict="$dict" \
    -artifact_prefix="$artifacts/" -print_final_stats=1 \
    "$work" "$seeds" > "$out/logs/$t.log" 2>&1 &
  pid[$t]=$!
done
for t in "${targets[@]}"; do
  wait "${pid[$t]}" || true  # findings are read from the artifacts, not the exit status
done
elapsed=$(( $(date +%s) - started ))

# --- merge ----------------------------------------------------------------------------------
# Inputs that add coverage beyond corpus/<target>/ become scenario JSON files there (the
# smallest first, at most TT_FUZZ_MERGE_MAX), so `ttconf replay corpus/` runs them too.
step "merge new inputs into corpus/"
declare -A merged
stamp=$(date -u +%Y-%m-%d)
for t in "${targets[@]}"; do
  tmp=$(mktemp -d)
  cp "$root/corpus/$t/"*.json "$tmp/" 2>/dev/null || true
  "$bin/$t" -merge=1 -dict="$dict" -timeout=30 -rss_limit_mb=2048 "$tmp" "$out/corpus/$t" \
    > "$out/logs/$t.merge.log" 2>&1 || true
  mapfile -t fresh < <(find "$tmp" -type f ! -name '*.json' -printf '%s %p\n' | sort -n | head -n "$merge_max" | cut -d' ' -f2-)
  merged[$t]=${#fresh[@]}
  if (( ${#fresh[@]} > 0 )); then
    "$export_tool" "$(generator_of "$t")" --out "$root/corpus/$t" \
      --note "merged by scripts/fuzz.sh on $stamp: new coverage for $t" "${fresh[@]}"
  fi
  rm -rf "$tmp"
  echo "$t: ${merged[$t]} new scenario file(s) in corpus/$t/"
done

# --- semantic coverage ------------------------------------------------------------------------
step "semantic coverage of the campaign's corpora (working corpus + corpus/<target>)"
semcov_inputs=()
for t in "${targets[@]}"; do
  # Every regime on every kept input: divergences in regimes a target does not check itself
  # (threaded_schedule checks two) are findings too, written under artifacts/<target>/replay/.
  "$semcov" "$(generator_of "$t")" --regimes --findings "$out/artifacts/$t/replay" \
    --json "$out/semcov-$t.json" "$out/corpus/$t" "$root/corpus/$t" \
    > "$out/logs/$t.semcov.log" 2>&1 || true
  semcov_inputs+=("$out/semcov-$t.json")
done

# --- summary --------------------------------------------------------------------------------
stat_of() {  # last fork-mode status line of a log: "#N: cov: C ft: F corp: K exec/s: E ..."
  grep -E '^#[0-9]+: cov: ' "$1" | tail -n 1 || true
}
first_cov() {
  grep -E '^#[0-9]+: cov: ' "$1" | head -n 1 | sed -E 's/.* cov: ([0-9]+).*/\1/' || true
}
field() { sed -nE "s|.* $2:? ([0-9]+).*|\1|p" <<< "$1"; }

step "summary: ${elapsed}s campaign on $cores core(s)"
printf '%-18s %10s %16s %10s %12s %9s\n' target exec/s "cov start->end" corpus merged findings
findings=()
for t in "${targets[@]}"; do
  log=$out/logs/$t.log
  last=$(stat_of "$log")
  execs=$(field "$last" "exec/s"); cov=$(field "$last" cov); corp=$(field "$last" corp)
  start=$(first_cov "$log")
  mapfile -t found < <(find "$out/artifacts/$t" -maxdepth 2 -type f \
    \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' -o -name 'leak-*' \) ! -name '*.*' | sort)
  printf '%-18s %10s %16s %10s %12s %9s\n' "$t" "${execs:-?}" "${start:-?}->${cov:-?}" "${corp:-?}" \
    "${merged[$t]}" "${#found[@]}"
  for f in "${found[@]}"; do findings+=("$t|$f"); done
done

echo
for t in "${targets[@]}"; do
  echo "-- $t"
  sed -n '/^semantic coverage/,$p' "$out/logs/$t.semcov.log" | sed 's/^/   /'
done

echo
if (( ${#findings[@]} == 0 )); then
  echo "findings: none"
else
  echo "findings: ${#findings[@]}"
  declare -A kinds
  for entry in "${findings[@]}"; do
    t=${entry%%|*}; f=${entry#*|}
    if [[ -f $f.triage.txt ]]; then
      kind=$(grep -oE 'fingerprint [^ ]+: UNCOVERED' "$f.triage.txt" | awk '{print $2}' | sort -u | tr -d ':' | paste -sd' ' -)
      [[ -n $kind ]] || kind="$(sed -n '1p' "$f.triage.txt")"
    else
      kind="sanitizer, timeout or memory (no divergence report)"
    fi
    kinds[$kind]=$(( ${kinds[$kind]:-0} + 1 ))
    echo "  [$t] $f"
    echo "      kind:     $kind"
    if [[ -f $f.triage.txt ]]; then
      echo "      scenario: $f.scenario.json"
      echo "      triage:   $f.triage.txt (and .triage.json)"
    else
      echo "      see $out/logs/$t.log; scenario: $export_tool $(generator_of "$t") $f"
    fi
  done
  echo "  by kind:"
  for kind in "${!kinds[@]}"; do printf '    %4d  %s\n' "${kinds[$kind]}" "$kind"; done
  echo "  To keep one as a regression: copy its scenario to corpus/$t/finding-<what>.json and"
  echo "  put a one-line note of what it caught in its \"description\"."
fi
echo
echo "artifacts: $out (logs/, artifacts/<target>/, corpus/<target>/ raw working corpora, semcov-*.json)"

status=0
(( ${#findings[@]} == 0 )) || status=1
(( replay_status == 0 )) || status=1
exit $status
