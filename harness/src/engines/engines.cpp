// Binds the harness to the real engines, for whichever of them this build has
// (TT_HAVE_ORACLE / TT_HAVE_VM come from harness/CMakeLists.txt).
#include "tt/harness/runners.hpp"

#include <memory>
#include <variant>

#if TT_HAVE_ORACLE
#include "tt/oracle/oracle.hpp"
#endif
#if TT_HAVE_VM
#include "tt/vm/vm.hpp"
#endif

namespace tt::harness {

bool oracleBuilt() { return TT_HAVE_ORACLE != 0; }
bool vmBuilt() { return TT_HAVE_VM != 0; }

#if TT_HAVE_ORACLE
namespace {

// The oracle loads (projects, compiles, validates) once; each run copies the loaded state.
PreparedScenario prepareOracle(const Scenario& s) {
  auto loaded = std::make_shared<const std::variant<oracle::VMState, std::string>>(oracle::loadScenario(s));
  return [s, loaded](const EngineRun& run) {
    oracle::RunOptions o;
    o.concurrency = run.concurrency;
    o.threaded = run.engine == Engine::OracleThreaded;
    o.invalidCertificateRounds = run.invalidCertificateRounds;
    if (o.concurrency == 0) return EngineOutput{oracle::run(s, o), std::nullopt};  // its error
    if (const auto* why = std::get_if<std::string>(loaded.get())) {
      return EngineOutput{oracle::loadErrorResult(s.config, *why), std::nullopt};
    }
    return EngineOutput{oracle::runLoaded(std::get<oracle::VMState>(*loaded), s.faults,
                                          run.fuel.value_or(s.run.fuel), o),
                        std::nullopt};
  };
}

}  // namespace
#endif

#if TT_HAVE_VM
namespace {

// The VM compiles once; one engine (its memory, its worker pool) serves every run.
PreparedScenario prepareVm(const Scenario& s) {
  auto compiled = std::make_shared<const vm::CompiledScenario>(s);
  auto engine = std::make_shared<vm::Engine>(*compiled);
  return [s, compiled, engine](const EngineRun& run) {
    vm::RunOptions o;
    o.concurrency = run.concurrency;
    o.workers = run.engine == Engine::VmThreaded ? run.workers : 0;
    o.invalidCertificateRounds = run.invalidCertificateRounds;
    vm::Metrics metrics;
    EngineOutput out;
    if (run.fuel && *run.fuel != s.run.fuel) {
      out.result = vm::run(withRunFuel(s, run), o, &metrics);  // the engine runs the scenario's fuel
    } else {
      engine->run(o, &metrics);
      out.result = engine->result();
    }
    out.maxWaveWidth = metrics.maxWaveWidth;
    return out;
  };
}

}  // namespace
#endif

Runners builtInRunners() {
  Runners r;
#if TT_HAVE_ORACLE
  r.oracle = prepareOracle;
#endif
#if TT_HAVE_VM
  r.vm = prepareVm;
#endif
  return r;
}

}  // namespace tt::harness
