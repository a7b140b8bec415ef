// libFuzzer target threaded_schedule: a generated scenario plus bytes that choose the
// concurrency n (2..8), the VM's worker count, which rounds get an invalid certificate and
// the lanes (tt/fuzz/schedule_generator.hpp). The VM's threaded driver must equal the
// oracle's threaded model exactly, and a round with an invalid certificate must be one
// canonical step. Findings are written as in diff_protocol.
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
    regimes = tt::fuzz::regimesFromEnvironment({tt::harness::Regime::Threaded, tt::harness::Regime::InvalidCertificate});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "threaded_schedule: %s\n", e.what());
    std::exit(2);
  }
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tt::fuzz::fuzzOneInput(*setup, tt::fuzz::Generator::Scheduled, {data, size}, regimes);
  return 0;
}
