// run(): build and load a scenario's images, then run it (SEMANTICS §3-4).
#include "tt/core/error.hpp"
#include "tt/oracle/load.hpp"
#include "tt/oracle/oracle.hpp"

namespace tt::oracle {

std::variant<VMState, std::string> loadScenario(const Scenario& s) {
  VMState st = initialState(std::make_shared<const VMConfig>(s.config));
  for (std::size_t k = 0; k < s.images.size(); ++k) {
    const std::string where = "images[" + std::to_string(k) + "]";
    CodeImage image;
    try {
      image = buildImage(s.images[k], s.config);
    } catch (const InputError& e) {
      return where + ": " + e.what();
    }
    auto loaded = loadChoreography(st, image);
    if (auto* failure = std::get_if<LoadFailure>(&loaded)) return where + ": " + failure->describe();
  }
  return st;
}

RunResult run(const Scenario& s, const RunOptions& o) { return run(s, o, Observer{}); }

RunResult run(const Scenario& s, const RunOptions& o, const Observer& observer) {
  if (o.concurrency == 0) throw InputError("concurrency", "must be at least 1");
  auto loaded = loadScenario(s);
  if (auto* error = std::get_if<std::string>(&loaded)) return loadErrorResult(s.config, *error);
  return runLoaded(std::move(std::get<VMState>(loaded)), s.faults, s.run.fuel, o, observer);
}

RunResult runLoaded(VMState st, const std::vector<TimedFailure>& faults, std::uint64_t fuel,
                    const RunOptions& o, const Observer& observer) {
  if (o.concurrency == 0) throw InputError("concurrency", "must be at least 1");
  if (auto cap = resourceLimitReached(st)) return resultOf(st, {RunOutcome::ResourceLimit, *cap});
  RunContext ctx{faults, o.invalidCertificateRounds, observer};
  const RunStop stop = o.threaded ? runScheduledThreaded(st, fuel, o.concurrency, ctx)
                                  : runScheduled(st, fuel, o.concurrency, ctx);
  return resultOf(st, stop);
}

RunResult loadErrorResult(const VMConfig& config, const std::string& why) {
  // A load failure is never silent (SEMANTICS §6): nothing runs.
  VMState empty = initialState(std::make_shared<const VMConfig>(config));
  return resultOf(empty, {RunOutcome::LoadError, why});
}

RunResult resultOf(VMState& st, const RunStop& stop) {
  RunResult r;
  r.outcome = stop.outcome;
  r.detail = stop.detail;
  r.snapshot = extractSnapshot(st);
  r.trace = std::move(st.obsTrace);
  st.obsTrace.clear();
  r.stepsExecuted = st.sched.stepCount;
  r.rounds = st.clock;
  return r;
}

}  // namespace tt::oracle
