// The upstream Lean `vm_runner` (reference A §11.1, §11.3, §13.2; F §1.2): lean-literal
// unit config, one choreography image per input entry (silently skipped when it fails to
// load, as upstream does), its own step loop, step states, and the normalised trace.
#include "tt/core/projection.hpp"
#include "tt/oracle/load.hpp"
#include "tt/oracle/oracle.hpp"

namespace tt::oracle {
namespace {

// Lean unitConfig with no repair.
std::shared_ptr<const VMConfig> leanLiteralUnitConfig() {
  auto cfg = std::make_shared<VMConfig>();
  cfg->profile = Profile::LeanLiteral;
  cfg->repairs = Repairs::none();
  return cfg;
}

// VMRunner.lean: every listed role gets `trans g role`; CodeImage.fromLocalTypes, no
// relocation.
CodeImage runnerImage(const RunnerInput::Choreography& ch) {
  std::vector<std::pair<Role, LocalTypeRPtr>> entries;
  for (const Role& role : ch.roles) entries.emplace_back(role, trans(*ch.globalType, role));
  return codeImageFromLocalTypes(std::move(entries), ch.globalType, /*relocate=*/false);
}

std::map<SessionId, std::uint64_t> sessionTypeCounts(const VMState& st) {
  std::map<SessionId, std::uint64_t> counts;
  st.sessions.forEachNewestFirst([&](const SessionState& s) {
    counts.try_emplace(s.sid, s.localTypes.size());  // first (newest) entry per sid
  });
  return counts;
}

}  // namespace

RunnerOutput runLeanRunner(const RunnerInput& in) {
  VMState st = initialState(leanLiteralUnitConfig());
  for (const auto& ch : in.choreographies) (void)loadChoreography(st, runnerImage(ch));

  RunnerOutput out;
  out.concurrency = in.concurrency;  // echoed, otherwise ignored (F §1.2)
  // runWithStepStatesAux: clock+1, unblock, schedule (none: stop), exec, update,
  // stop when every coroutine is terminal.
  for (std::uint64_t fuel = in.maxSteps; fuel > 0; --fuel) {
    st.clock += 1;
    tryUnblockReceivers(st);
    const auto cid = schedule(st);
    if (!cid) break;
    const ExecResult res = execInstr(st, *cid);
    updateAfterStep(st.sched, *cid, res.status);
    RunnerOutput::StepState step;
    if (res.event.kind == StepEvent::Kind::Obs) step.event = TickedObsEvent{st.clock, res.event.obs, *cid};
    step.execStatus = res.status.tag;
    step.selectedCoro = *cid;
    step.sessionTypeCounts = sessionTypeCounts(st);
    step.stepIndex = out.stepStates.size();
    out.stepStates.push_back(std::move(step));
    if (allTerminal(st)) break;
  }
  out.completed = allTerminal(st);
  st.sessions.forEachNewestFirst([&](const SessionState& s) {
    out.sessions.push_back({s.sid, sessionTerminal(st, s.sid)});
  });
  out.stepsExecuted = st.sched.stepCount;
  out.trace = normalizeVmTrace(st.obsTrace);
  return out;
}

}  // namespace tt::oracle
