#!/usr/bin/env bash
# The test command: set-up, configure, build, run every test (CTest), the parity gates,
# and the threaded VM's stress tests under TSan. Non-zero on any failure.
# Usage: scripts/test.sh [--sanitizers]
#   --sanitizers  also build everything with the asan preset and run every test there
set -euo pipefail
cd "$(dirname "$0")/.."

sanitizers=0
for arg in "$@"; do
  case "$arg" in
    --sanitizers) sanitizers=1 ;;
    *) echo "usage: scripts/test.sh [--sanitizers]" >&2; exit 2 ;;
  esac
done

jobs=$(nproc 2>/dev/null || echo 2)

step() { printf '\n== %s\n' "$*"; }

step "set-up"
scripts/setup.sh

step "configure + build (preset default)"
cmake --preset default >/dev/null
cmake --build --preset default -j "$jobs"

step "tests (preset default)"
ctest --preset default -j "$jobs"

# The parity gates fail closed: a missing script or engine is a failure, not a skip.
step "check-parity-ledger.sh";        scripts/check-parity-ledger.sh
step "check-vm-parity-suite.sh";      scripts/check-vm-parity-suite.sh
step "check-release-conformance.sh";  scripts/check-release-conformance.sh --skip-ctest

# The threaded driver under TSan: only the VM and its `sanitizer`-labelled stress tests are
# built there, so this stays a few minutes.
step "threaded VM stress tests (preset tsan)"
cmake --preset tsan >/dev/null
cmake --build --preset tsan -j "$jobs" --target tt_vm_stress_tests
ctest --preset tsan -j "$jobs" -L sanitizer

if [ "$sanitizers" -eq 1 ]; then
  step "configure + build + every test (preset asan)"
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j "$jobs"
  ctest --preset asan -j "$jobs"
fi

step "all tests passed"
