// Hand-made engines for the harness's unit tests: plain run functions, each run made
// from the scenario (runFromScratch), converted to the Runners the regimes take.
#pragma once
#include "tt/harness/runners.hpp"

namespace tt::harness {

struct FakeRunners {
  RunFunction oracle;  // empty: not built
  RunFunction vm;      // empty: not built
  operator Runners() const {  // NOLINT(google-explicit-constructor): tests read better
    Runners r;
    if (oracle) r.oracle = runFromScratch(oracle);
    if (vm) r.vm = runFromScratch(vm);
    return r;
  }
};

}  // namespace tt::harness
