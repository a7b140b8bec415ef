#include "tt/harness/runners.hpp"

namespace tt::harness {

const char* engineName(Engine e) {
  switch (e) {
    case Engine::OracleCanonical: return "oracle.canonical";
    case Engine::OracleThreaded: return "oracle.threaded";
    case Engine::VmCooperative: return "vm.cooperative";
    case Engine::VmThreaded: return "vm.threaded";
  }
  return "?";
}

bool isVmEngine(Engine e) { return e == Engine::VmCooperative || e == Engine::VmThreaded; }

std::string describeRun(const EngineRun& r) {
  std::string s = engineName(r.engine);
  s += " n=" + std::to_string(r.concurrency);
  if (r.engine == Engine::VmThreaded) s += " workers=" + std::to_string(r.workers);
  if (!r.invalidCertificateRounds.empty()) {
    s += " invalid-cert=[";
    for (std::size_t i = 0; i < r.invalidCertificateRounds.size(); ++i) {
      s += (i ? "," : "") + std::to_string(r.invalidCertificateRounds[i]);
    }
    s += "]";
  }
  if (r.fuel) s += " fuel=" + std::to_string(*r.fuel);
  return s;
}

PrepareFunction runFromScratch(RunFunction f) {
  return [f = std::move(f)](const Scenario& s) -> PreparedScenario {
    return [f, s](const EngineRun& r) { return f(withRunFuel(s, r), r); };
  };
}

Scenario withRunFuel(const Scenario& s, const EngineRun& r) {
  Scenario out = s;
  if (r.fuel) out.run.fuel = *r.fuel;
  return out;
}

Runners oracleAsVm(const Runners& r) {
  Runners out = r;
  out.vm = nullptr;
  if (!r.oracle) return out;
  out.vm = [prepareOracle = r.oracle](const Scenario& s) -> PreparedScenario {
    return [oracle = prepareOracle(s)](const EngineRun& run) {
      EngineRun standIn = run;
      standIn.engine = run.engine == Engine::VmCooperative ? Engine::OracleCanonical : Engine::OracleThreaded;
      EngineOutput o = oracle(standIn);
      o.maxWaveWidth.reset();
      return o;
    };
  };
  return out;
}

}  // namespace tt::harness
