#!/usr/bin/env bash
# Release conformance: runs every gate and writes a report of what was checked and each
# verdict to $TT_ARTIFACTS_DIR/release_conformance_report.json (ttconf.release-conformance/1).
# Gates: the CTest suite, the ledger gate, the parity suite (fixtures, corpus, ledger vs
# divergences) and the capability-gate decision table. Exit 1 when any gate failed; the
# report is written either way, with "release_ready": false.
#
# Usage: scripts/check-release-conformance.sh [--skip-ctest]
# Environment: TT_BUILD_DIR (default build/default), TTCONF, TT_ARTIFACTS_DIR (default artifacts)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${TT_BUILD_DIR:-$root/build/default}"
ttconf="${TTCONF:-$build/harness/ttconf}"
artifacts="${TT_ARTIFACTS_DIR:-$root/artifacts}"
report="$artifacts/release_conformance_report.json"
skip_ctest=0
for arg in "$@"; do
  case "$arg" in
    --skip-ctest) skip_ctest=1 ;;
    *) echo "usage: scripts/check-release-conformance.sh [--skip-ctest]" >&2; exit 2 ;;
  esac
done
mkdir -p "$artifacts/release_logs"

json_string() {  # JSON string literal of $1
  local s="${1//\\/\\\\}"
  s="${s//\"/\\\"}"
  s="${s//$'\n'/\\n}"
  s="${s//$'\t'/\\t}"
  printf '"%s"' "$s"
}

entries=()
all_ok=1
gate() {
  local name="$1" what="$2"
  shift 2
  local log="$artifacts/release_logs/${name}.log" start end status verdict
  start=$(date +%s)
  if "$@" >"$log" 2>&1; then status=0; else status=$?; fi
  end=$(date +%s)
  if [ "$status" -eq 0 ]; then verdict=pass; else verdict=fail; all_ok=0; fi
  echo "[release] $verdict: $name"
  entries+=("{\"name\":$(json_string "$name"),\"checks\":$(json_string "$what"),\"command\":$(json_string "$*"),\"verdict\":\"$verdict\",\"exit_code\":$status,\"seconds\":$((end - start)),\"log\":$(json_string "$log")}")
}

if [ ! -x "$ttconf" ]; then
  gate "ttconf-built" "the ttconf binary exists" false
else
  gate "ttconf-built" "the ttconf binary exists" true
  if [ "$skip_ctest" -eq 0 ]; then
    gate "ctest" "every unit, property and fixture test registered with CTest" \
      ctest --test-dir "$build" --output-on-failure -LE sanitizer
  fi
  gate "parity-ledger" "ledger schema, ids, expiry, covers vocabulary, fixtures exercise every active entry, tests exist, CI wiring" \
    "$root/scripts/check-parity-ledger.sh"
  gate "vm-parity-suite" "harness tests, fixtures_v2 (incl. the must-fail ones), corpus replay in every regime, ledger covers every divergence" \
    "$root/scripts/check-vm-parity-suite.sh"
  gate "capability-gates" "the enforce_vm_runtime_gates decision table and a full-contracts admission" \
    bash -c "'$ttconf' gates --table >/dev/null && printf '%s' '{\"config\":{\"policy\":\"round_robin\",\"speculation_enabled\":true,\"determinism_mode\":\"Replay\"},\"contracts\":\"full\",\"requests\":[{\"gate\":\"live_migration\",\"sid\":0,\"role\":\"A\",\"from_lane\":0,\"to_lane\":1}]}' | '$ttconf' gates -"
fi

commit=$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)
{
  printf '{"format":"ttconf.release-conformance/1","generated_at":%s,"commit":%s,' \
    "$(json_string "$(date -u +%Y-%m-%dT%H:%M:%SZ)")" "$(json_string "$commit")"
  printf '"release_ready":%s,"gates":[' "$([ "$all_ok" -eq 1 ] && echo true || echo false)"
  sep=""
  for e in "${entries[@]}"; do printf '%s%s' "$sep" "$e"; sep=","; done
  printf ']}\n'
} >"$report"
echo "[release] report: $report"
[ "$all_ok" -eq 1 ] || { echo "[release] not release-ready: see the failed gates' logs" >&2; exit 1; }
echo "[release] release-ready"
