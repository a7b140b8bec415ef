#!/usr/bin/env bash
# The test command: set-up, configure, build, run every test (CTest), then the parity
# gates. Non-zero on any failure. Usage: scripts/test.sh [--sanitizers]
#   --sanitizers  also build the asan and tsan presets and run their labelled tests
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

if [ "$sanitizers" -eq 1 ]; then
  for preset in asan tsan; do
    step "configure + build + tests (preset $preset)"
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" -j "$jobs"
    ctest --preset "$preset" -j "$jobs" -L sanitizer
  done
fi

step "all tests passed"
