// libFuzzer target diff_protocol: well-formed multi-party protocols under the whole
// config space (the protocol generator), through every regime of the harness. An uncovered
// divergence aborts after the scenario JSON and the triage report are written beside the
// crash file ($TT_FUZZ_ARTIFACTS/crash-<sha1>.*). Inputs that are scenario JSON (the seed
// corpus, findings) run as that scenario. $TT_FUZZ_REGIMES narrows the regimes checked.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <vector>

#include "tt/fuzz/differential.hpp"

namespace {
const tt::fuzz::DifferentialSetup* setup = nullptr;
std::vector<tt::harness::Regime> regimes;  // empty: all
}

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  try {
    setup = new tt::fuzz::DifferentialSetup(tt::fuzz::loadDifferentialSetup());
    regimes = tt::fuzz::regimesFromEnvironment({});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "diff_protocol: %s\n", e.what());
    std::exit(2);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tt::fuzz::fuzzOneInput(*setup, tt::fuzz::Generator::Protocol, {data, size}, regimes);
  return 0;
}
