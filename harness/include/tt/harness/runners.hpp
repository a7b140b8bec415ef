// The engines the harness drives, behind one interface so the regimes can be tested with
// hand-made results and the real oracle and VM plug in when they are built.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tt/core/scenario.hpp"
#include "tt/core/snapshot.hpp"

namespace tt::harness {

enum class Engine : unsigned char { OracleCanonical, OracleThreaded, VmCooperative, VmThreaded };
// "oracle.canonical", "oracle.threaded", "vm.cooperative", "vm.threaded".
const char* engineName(Engine e);
bool isVmEngine(Engine e);

// One run of one engine. The scenario the engine was prepared with already carries the
// profile and repairs the regime wants; these are the remaining knobs.
struct EngineRun {
  Engine engine = Engine::OracleCanonical;
  std::uint64_t concurrency = 1;
  std::uint64_t workers = 0;  // vm.threaded only
  std::vector<std::uint64_t> invalidCertificateRounds;
  std::optional<std::uint64_t> fuel;  // rounds; unset: the scenario's run.fuel
  friend auto operator<=>(const EngineRun&, const EngineRun&) = default;
};
std::string describeRun(const EngineRun& r);  // "vm.threaded n=2 workers=2 invalid-cert=[1]"

struct EngineOutput {
  RunResult result;
  std::optional<std::uint64_t> maxWaveWidth;  // reported by the VM's metrics
};

// A scenario made ready to run many times: the engine loads or compiles it once, and
// each call is one run. A regime runs one scenario up to ~20 times, so this is where
// the harness's (and the fuzzers') time goes.
using PreparedScenario = std::function<EngineOutput(const EngineRun&)>;
// Prepares a scenario for an engine family. Either step may throw tt::InputError (the
// engine rejects the input) or another exception (the engine failed).
using PrepareFunction = std::function<PreparedScenario(const Scenario&)>;
// The simple form: every run starts from the scenario (which the prepared form copies).
using RunFunction = std::function<EngineOutput(const Scenario&, const EngineRun&)>;
PrepareFunction runFromScratch(RunFunction f);
// The scenario with the run's fuel, when the run sets one.
Scenario withRunFuel(const Scenario& s, const EngineRun& r);

struct Runners {
  PrepareFunction oracle;  // empty: not built
  PrepareFunction vm;      // empty: not built
  const PrepareFunction& forEngine(Engine e) const { return isVmEngine(e) ? vm : oracle; }
};

// A self-check of the harness, never a conformance result: the oracle stands in for the
// VM (vm.cooperative -> oracle.canonical, vm.threaded -> oracle.threaded), so every VM
// comparison checks the oracle against itself and the envelope regime shows the oracle's
// canonical-vs-threaded difference. Used to predict fixture expectations before the VM
// exists (`ttconf run --oracle-as-vm`). The wave width is not reported.
Runners oracleAsVm(const Runners& r);

// The real tt::oracle::run and tt::vm::run, for whichever of them this build has.
Runners builtInRunners();
bool oracleBuilt();
bool vmBuilt();

}  // namespace tt::harness
