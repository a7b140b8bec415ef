// Certified execution, the fallback and the threaded round (reference C §3.7, F S14).
#include "tt/oracle/threaded.hpp"

namespace tt::oracle {

void executeWave(VMState& st, const Wave& wave, const ThreadedHooks& hooks) {
  normalizeThreadedState(st);
  for (CoroutineId cid : wave) st.sched.readyQueue.removeFirst(cid);
  st.sched.stepCount += wave.size();  // counted up front, skipped members included
  for (CoroutineId cid : wave) {
    if (!isRunnable(st, cid)) continue;  // re-checked on the evolving state; not re-queued
    StepRecord rec{cid, execInstr(st, cid)};
    updateAfterStep(st.sched, cid, rec.result.status);
    assignSpawnedLane(st, rec.result.status);
    if (hooks.afterStep) hooks.afterStep(st, rec);
  }
  normalizeThreadedState(st);
  if (hooks.afterWave) hooks.afterWave(st, wave);
}

void executePlannedWaves(VMState& st, const std::vector<Wave>& waves, const ThreadedHooks& hooks) {
  for (const Wave& w : waves) executeWave(st, w, hooks);
}

std::optional<StepRecord> schedRoundOne(VMState& st) { return schedStep(st); }

bool executeThreadedRoundPlan(VMState& st, const WaveCertificate& cert, const ThreadedHooks& hooks) {
  if (checkWaveCertificate(st, cert)) {
    executePlannedWaves(st, cert.waves, hooks);
    return true;
  }
  if (auto rec = schedRoundOne(st); rec && hooks.afterStep) hooks.afterStep(st, *rec);
  return false;
}

bool executeCertifiedRound(std::uint64_t n, VMState& st, bool corrupt, const ThreadedHooks& hooks) {
  WaveCertificate cert = plannedWaveCertificate(n, st);
  if (corrupt) corruptCertificate(cert);
  return executeThreadedRoundPlan(st, cert, hooks);
}

}  // namespace tt::oracle
