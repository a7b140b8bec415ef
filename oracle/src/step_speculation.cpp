// `fork`, `join`, `abort`: speculation with ghost sessions and checkpoints (reference
// B §4.10-4.12; Lean ExecSpeculation.lean). The `speculating` status is never set.
#include "step.hpp"

namespace tt::oracle::detail {
namespace {

// Lean localTypesForSid: the local types of the first session with that sid.
std::vector<std::pair<Endpoint, LocalTypePtr>> localTypesForSid(const VMState& st, SessionId sid) {
  const SessionState* s = st.sessions.find(sid);
  return s ? s->localTypes : std::vector<std::pair<Endpoint, LocalTypePtr>>{};
}

// Lean localTypeSnapshotMatches: same length and order, equal endpoints, structurally
// equal types (LocalType's == is Lean's localTypeMatches).
bool snapshotMatches(const std::vector<std::pair<Endpoint, LocalTypePtr>>& a,
                     const std::vector<std::pair<Endpoint, LocalTypePtr>>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (!(a[k].first == b[k].first)) return false;
    if (!a[k].second || !b[k].second) {
      if (a[k].second != b[k].second) return false;
      continue;
    }
    if (!(*a[k].second == *b[k].second)) return false;
  }
  return true;
}

// Lean matchesRealState.
bool matchesRealState(const VMState& st, SessionId ghostSid) {
  auto it = st.ghostSessions.sessions.find(ghostSid);
  if (it == st.ghostSessions.sessions.end()) return false;
  return snapshotMatches(it->second.projectedLocalTypes, localTypesForSid(st, it->second.realSid));
}

}  // namespace

ExecResult stepFork(VMState& st, CoroutineId cid, const instr::Fork& i) {
  CoroutineState& c = st.coroutines[cid];
  const VMConfig& cfg = st.cfg();
  if (!cfg.speculationEnabled) return faultPack(c, specFault("speculation is disabled"));
  std::optional<std::uint64_t> depth;
  if (!c.specState) {
    if (cfg.maxSpeculationDepth != 0) depth = cfg.maxSpeculationDepth - 1;
  } else if (c.specState->depth != 0) {
    depth = c.specState->depth - 1;
  }
  if (!depth) return faultPack(c, specFault("speculation depth exhausted"));
  const Value* v = readReg(c, i.sid);
  if (!v) return faultPack(c, Fault::outOfRegisters());
  if (v->kind != Value::Kind::Nat) return faultPack(c, Fault::typeViolation(ValType::nat(), valTypeOf(*v)));

  // Commit: the ghost id doubles as the real session id; both records are overwritten.
  const SessionId g = v->nat;
  st.ghostSessions.sessions[g] = VMGhostSession{g, g, c.id, localTypesForSid(st, g), st.clock};
  st.ghostSessions.checkpoints[g] = VMSpeculationCheckpoint{
      g, st.clock, c.id, st.obsTrace.size(), st.nextEffectNonce, st.needsReconciliation};
  st.needsReconciliation = true;
  c.specState = SpeculationState{g, *depth};
  advancePc(c);
  ObsEvent ev;
  ev.kind = ObsEvent::Kind::Forked;
  ev.sid = g;
  ev.ghostSid = g;
  ExecStatusFull status = ExecStatusFull::of(ExecStatus::Forked);
  status.sid = g;
  return {status, StepEvent::observable(std::move(ev))};
}

ExecResult stepJoin(VMState& st, CoroutineId cid, const instr::Join&) {
  CoroutineState& c = st.coroutines[cid];
  if (!c.specState) return faultPack(c, specFault("join requires active speculation"));
  const SessionId g = c.specState->ghostSid;
  if (!matchesRealState(st, g)) return faultPack(c, specFault("join reconciliation predicate failed"));
  st.ghostSessions.sessions.erase(g);
  st.ghostSessions.checkpoints.erase(g);
  st.needsReconciliation = !st.ghostSessions.checkpoints.empty();
  c.specState.reset();
  advancePc(c);
  ObsEvent ev;
  ev.kind = ObsEvent::Kind::Joined;
  ev.sid = g;
  return {ExecStatusFull::of(ExecStatus::Joined), StepEvent::observable(std::move(ev))};
}

ExecResult stepAbort(VMState& st, CoroutineId cid, const instr::Abort&) {
  CoroutineState& c = st.coroutines[cid];
  if (!c.specState) return faultPack(c, specFault("abort requires active speculation"));
  const SessionId g = c.specState->ghostSid;
  std::optional<VMSpeculationCheckpoint> checkpoint;
  if (auto it = st.ghostSessions.checkpoints.find(g); it != st.ghostSessions.checkpoints.end())
    checkpoint = it->second;
  st.ghostSessions.sessions.erase(g);
  st.ghostSessions.checkpoints.erase(g);
  // Restore the checkpointed fields: the trace is cut back to the fork point (dropping
  // the matching `forked`), the effect nonce and the reconciliation flag come back.
  bool restoredRecon = st.needsReconciliation;
  if (checkpoint) {
    if (st.obsTrace.size() > checkpoint->traceLen) st.obsTrace.resize(checkpoint->traceLen);
    st.nextEffectNonce = checkpoint->nextEffectNonce;
    restoredRecon = checkpoint->needsReconciliation;
  }
  st.needsReconciliation = restoredRecon || !st.ghostSessions.checkpoints.empty();
  c.specState.reset();
  advancePc(c);
  ObsEvent ev;
  ev.kind = ObsEvent::Kind::Aborted;
  ev.sid = g;
  return {ExecStatusFull::of(ExecStatus::Aborted), StepEvent::observable(std::move(ev))};
}

}  // namespace tt::oracle::detail
