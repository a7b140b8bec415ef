#!/usr/bin/env bash
# The parity suite: the harness's own tests, every fixture of fixtures_v2 (including the
# two that must fail — they pass only when the harness catches them), the corpus replay
# through every regime, and the ledger checked against the replay's divergences. Runs
# every check, prints OK/FAIL for each and exits 1 if any failed. A missing engine is a
# failure, never a skip.
#
# Usage: scripts/check-vm-parity-suite.sh
# Environment: TT_BUILD_DIR (default build/default), TTCONF, TT_ARTIFACTS_DIR (default artifacts)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${TT_BUILD_DIR:-$root/build/default}"
ttconf="${TTCONF:-$build/harness/ttconf}"
artifacts="${TT_ARTIFACTS_DIR:-$root/artifacts}"
mkdir -p "$artifacts"

failed=()
check() {
  local name="$1"
  shift
  if "$@"; then
    echo "[parity-suite] OK: $name"
  else
    echo "[parity-suite] FAIL: $name (exit $?)"
    failed+=("$name")
  fi
}

[ -x "$ttconf" ] || { echo "[parity-suite] FAIL: $ttconf is not built" >&2; exit 1; }
harness_tests="$build/harness/tests/tt_harness_tests"

check "harness unit tests" "$harness_tests" --gtest_brief=1
shopt -s nullglob
fixtures=("$root"/fixtures_v2/*.json)
shopt -u nullglob
if [ ${#fixtures[@]} -eq 0 ]; then
  echo "[parity-suite] FAIL: no fixtures in fixtures_v2"
  failed+=("fixtures present")
else
  check "fixtures_v2 (${#fixtures[@]} fixtures, expect blocks)" \
    "$ttconf" run --expect --json "$artifacts/fixtures_v2_results.json" "${fixtures[@]}"
fi
if [ -n "$(find "$root/corpus" -name '*.json' -print -quit 2>/dev/null)" ]; then
  check "corpus replay (every regime)" \
    "$ttconf" replay --quiet --json "$artifacts/corpus_replay_results.json" "$root/corpus"
  if [ -f "$artifacts/corpus_replay_results.json" ]; then
    check "ledger covers every corpus divergence" \
      "$ttconf" ledger check --ledger "$root/ledger/deviations.json" --fixtures "$root/fixtures_v2" \
      --root "$root" --results "$artifacts/corpus_replay_results.json"
  fi
else
  echo "[parity-suite] OK: corpus replay (corpus/ holds no scenarios yet)"
fi

if [ ${#failed[@]} -ne 0 ]; then
  echo "[parity-suite] ${#failed[@]} check(s) failed: ${failed[*]}"
  exit 1
fi
echo "[parity-suite] all checks passed"
