// Binds the harness to the real engines, for whichever of them this build has
// (TT_HAVE_ORACLE / TT_HAVE_VM come from harness/CMakeLists.txt).
#include "tt/harness/runners.hpp"

#if TT_HAVE_ORACLE
#include "tt/oracle/oracle.hpp"
#endif
#if TT_HAVE_VM
#include "tt/vm/vm.hpp"
#endif

namespace tt::harness {

bool oracleBuilt() { return TT_HAVE_ORACLE != 0; }
bool vmBuilt() { return TT_HAVE_VM != 0; }

Runners builtInRunners() {
  Runners r;
#if TT_HAVE_ORACLE
  r.oracle = [](const Scenario& s, const EngineRun& run) {
    oracle::RunOptions o;
    o.concurrency = run.concurrency;
    o.threaded = run.engine == Engine::OracleThreaded;
    o.invalidCertificateRounds = run.invalidCertificateRounds;
    return EngineOutput{oracle::run(s, o), std::nullopt};
  };
#endif
#if TT_HAVE_VM
  r.vm = [](const Scenario& s, const EngineRun& run) {
    vm::RunOptions o;
    o.concurrency = run.concurrency;
    o.workers = run.engine == Engine::VmThreaded ? run.workers : 0;
    o.invalidCertificateRounds = run.invalidCertificateRounds;
    vm::Metrics metrics;
    EngineOutput out{vm::run(s, o, &metrics), std::nullopt};
    out.maxWaveWidth = metrics.maxWaveWidth;
    return out;
  };
#endif
  return r;
}

}  // namespace tt::harness
