#!/usr/bin/env bash
# The deviation-ledger gate (docs/ledger.md, docs/runbook.md). Fails, each with its own
# message, on: invalid JSON or schema, a duplicate id, an active entry past its
# revisit_date, a covers key outside the vocabulary (or a hard one), an active entry no
# fixture exercises, a `tests` path that does not exist, and — for every results file
# given — a divergence no active entry covers. Also fails when the gates are not wired
# into scripts/test.sh.
#
# Usage: scripts/check-parity-ledger.sh [RESULTS.json...]
#   RESULTS.json   ttconf.results/1 documents from `ttconf run/replay --json`
# Environment: TT_BUILD_DIR (default build/default), TTCONF (default $TT_BUILD_DIR/harness/ttconf)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${TT_BUILD_DIR:-$root/build/default}"
ttconf="${TTCONF:-$build/harness/ttconf}"

fail() { echo "check-parity-ledger: FAIL: $*" >&2; exit 1; }

[ -x "$ttconf" ] || fail "$ttconf is not built (build the default preset, or set TTCONF / TT_BUILD_DIR)"
[ -f "$root/ledger/deviations.json" ] || fail "ledger/deviations.json is missing"
[ -f "$root/ledger/schema.json" ] || fail "ledger/schema.json is missing"

# The gates must be wired into the test command, or nothing runs them.
for gate in check-parity-ledger.sh check-vm-parity-suite.sh check-release-conformance.sh; do
  grep -q "$gate" "$root/scripts/test.sh" || fail "scripts/test.sh does not run scripts/$gate"
done
grep -q "scripts/test.sh" "$root/.ci/run" || fail ".ci/run does not call scripts/test.sh"

args=(ledger check --ledger "$root/ledger/deviations.json" --fixtures "$root/fixtures_v2" --root "$root")
for results in "$@"; do
  [ -f "$results" ] || fail "results file $results does not exist"
  args+=(--results "$results")
done
"$ttconf" "${args[@]}" || fail "the ledger check failed (see the messages above; docs/runbook.md says what to do)"
echo "check-parity-ledger: OK"
