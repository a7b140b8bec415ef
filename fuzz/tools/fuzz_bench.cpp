// tt_fuzz_bench: executions per second of the differential check on generated inputs,
// without libFuzzer (the same work one libFuzzer execution of diff_* does, minus the
// coverage instrumentation), and where the time goes by regime.
//
//   tt_fuzz_bench GENERATOR [COUNT] [MAXLEN] [--regime R]...
//     defaults: 2000 inputs of up to 256 bytes, all regimes (each also timed alone)
#include <chrono>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "tt/fuzz/differential.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: tt_fuzz_bench protocol|bytecode|scheduled [COUNT] [MAXLEN]\n";
    return 2;
  }
  const auto generator = tt::fuzz::generatorFromName(argv[1]);
  if (!generator) return 2;
  std::vector<std::string> positional;
  tt::harness::RegimeOptions only;
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    tt::harness::Regime r;
    if (a == "--regime" && i + 1 < argc && tt::harness::regimeFromName(argv[i + 1], r)) {
      only.regimes.push_back(r);
      ++i;
    } else if (!a.empty() && a[0] != '-') {
      positional.push_back(a);
    } else {
      std::cerr << "tt_fuzz_bench: bad argument " << a << "\n";
      return 2;
    }
  }
  const std::size_t count = positional.size() > 0 ? std::stoul(positional[0]) : 2000;
  const std::size_t maxLen = positional.size() > 1 ? std::stoul(positional[1]) : 256;
  tt::fuzz::DifferentialSetup setup = tt::fuzz::loadDifferentialSetup();
  // Count what each input costs: preparations (load/compile) and engine runs.
  std::size_t prepares = 0, runs = 0;
  for (tt::harness::PrepareFunction* prepare : {&setup.runners.oracle, &setup.runners.vm}) {
    if (!*prepare) continue;
    *prepare = [inner = *prepare, &prepares, &runs](const tt::Scenario& s) -> tt::harness::PreparedScenario {
      ++prepares;
      return [run = inner(s), &runs](const tt::harness::EngineRun& r) {
        ++runs;
        return run(r);
      };
    };
  }

  std::mt19937_64 rng(12345);
  std::vector<std::vector<std::uint8_t>> inputs(count);
  for (auto& in : inputs) {
    in.resize(rng() % (maxLen + 1));
    for (auto& b : in) b = static_cast<std::uint8_t>(rng());
  }
  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::duration d) { return std::chrono::duration<double>(d).count(); };

  std::size_t findings = 0;
  const auto start = Clock::now();
  for (const auto& in : inputs) {
    const tt::fuzz::FuzzCase c = tt::fuzz::caseFromInput(*generator, in);
    const tt::harness::ScenarioReport report = tt::fuzz::checkFuzzCase(setup, c, only.regimes);
    if (!tt::fuzz::isFinding(report)) continue;
    ++findings;
    const auto files = tt::fuzz::writeFinding(tt::fuzz::findingDirectory(), in, c.scenario, report);
    std::cout << "finding: " << files.scenario << " (triage: " << files.triageText << ")\n";
  }
  const double all = seconds(Clock::now() - start);
  std::cout << argv[1] << ": " << count << " inputs, " << static_cast<long>(count / all) << " exec/s ("
            << (only.regimes.empty() ? "all regimes" : "selected regimes") << "), " << findings << " findings; per input "
            << static_cast<double>(prepares) / static_cast<double>(count) << " preparations, "
            << static_cast<double>(runs) / static_cast<double>(count) << " engine runs\n";
  if (!only.regimes.empty()) return 0;

  for (tt::harness::Regime r : tt::harness::kAllRegimes) {
    tt::harness::RegimeOptions options;
    options.regimes = {r};
    const auto t0 = Clock::now();
    for (const auto& in : inputs) {
      const tt::fuzz::FuzzCase c = tt::fuzz::caseFromInput(*generator, in);
      tt::fuzz::checkFuzzCase(setup, c, options.regimes);
    }
    std::cout << "  only " << tt::harness::regimeName(r) << ": " << static_cast<long>(count / seconds(Clock::now() - t0))
              << " exec/s\n";
  }
  const auto t0 = Clock::now();
  for (const auto& in : inputs) tt::fuzz::caseFromInput(*generator, in);
  std::cout << "  generation alone: " << static_cast<long>(count / seconds(Clock::now() - t0)) << " exec/s\n";
  return 0;
}
