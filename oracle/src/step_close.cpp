// `close session`: close a session endpoint (reference B §4.6; Lean stepClose).
#include <algorithm>

#include "step.hpp"

namespace tt::oracle::detail {

ExecResult stepClose(VMState& st, CoroutineId cid, const instr::Close& i) {
  CoroutineState& c = st.coroutines[cid];
  const Value* v = readReg(c, i.session);
  if (!v) return faultPack(c, Fault::outOfRegisters());
  if (!v->isChan()) return faultPack(c, Fault::typeViolation(expectedChan(), valTypeOf(*v)));
  const Endpoint ep = v->chan;
  if (!owns(c, ep)) return faultPack(c, closeFault("endpoint not owned"));
  // (the resource transaction consuming the session is always valid under the unit model)

  // Commit. The session record (first match): closed, type traces cleared, next epoch.
  // The global buffers and the local types stay.
  SessionState* sess = st.sessions.find(ep.sid);
  const std::uint64_t epoch = (sess ? sess->epoch : 0) + 1;
  if (sess) {
    sess->phase = SessionPhase::Closed;
    sess->traces.clear();
    sess->epoch = epoch;
  }
  // epochAdvanced goes straight into the trace (no gate), before the step's `closed`.
  ObsEvent advanced;
  advanced.kind = ObsEvent::Kind::EpochAdvanced;
  advanced.sid = ep.sid;
  advanced.epoch = epoch;
  st.obsTrace.push_back({st.clock, std::move(advanced), cid});

  c.ownedEndpoints.erase(std::remove(c.ownedEndpoints.begin(), c.ownedEndpoints.end(), ep),
                         c.ownedEndpoints.end());
  st.ownershipVersion += 1;
  ObsEvent closed;
  closed.kind = ObsEvent::Kind::Closed;
  closed.sid = ep.sid;
  return continuePack(c, StepEvent::observable(std::move(closed)));
}

}  // namespace tt::oracle::detail
