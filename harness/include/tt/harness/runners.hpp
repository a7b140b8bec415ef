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

// One run of one engine. The scenario handed to the runner already carries the profile,
// repairs and fuel the regime wants; these are the remaining knobs.
struct EngineRun {
  Engine engine = Engine::OracleCanonical;
  std::uint64_t concurrency = 1;
  std::uint64_t workers = 0;  // vm.threaded only
  std::vector<std::uint64_t> invalidCertificateRounds;
  friend auto operator<=>(const EngineRun&, const EngineRun&) = default;
};
std::string describeRun(const EngineRun& r);  // "vm.threaded n=2 workers=2 invalid-cert=[1]"

struct EngineOutput {
  RunResult result;
  std::optional<std::uint64_t> maxWaveWidth;  // reported by the VM's metrics
};

using RunFunction = std::function<EngineOutput(const Scenario&, const EngineRun&)>;

struct Runners {
  RunFunction oracle;  // empty: not built
  RunFunction vm;      // empty: not built
  const RunFunction& forEngine(Engine e) const { return isVmEngine(e) ? vm : oracle; }
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
