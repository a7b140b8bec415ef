// `send chan val` (reference B §4.1; Lean stepSend), with repair.comm.label-only-message.
#include "step.hpp"

namespace tt::oracle::detail {

ExecResult stepSend(VMState& st, CoroutineId cid, const instr::Send& i) {
  CoroutineState& c = st.coroutines[cid];
  const Value* chan = readReg(c, i.chan);
  if (!chan) return faultPack(c, Fault::outOfRegisters());
  if (!chan->isChan()) return faultPack(c, Fault::typeViolation(expectedChan(), valTypeOf(*chan)));
  const Value* v = readReg(c, i.val);
  if (!v) return faultPack(c, Fault::outOfRegisters());
  const Endpoint& ep = chan->chan;
  if (!owns(c, ep)) return faultPack(c, Fault::channelClosed(ep));

  // The stored type must be `send r T L'`; the repair also accepts a one-armed select,
  // whose payload type is not checked.
  const LocalTypePtr t = st.sessions.lookupType(ep);
  const bool typed = t && t->kind == LocalType::Kind::Send;
  const bool labelOnly = t && st.repair(Repair::CommLabelOnlyMessage) &&
                         t->kind == LocalType::Kind::Select && t->arms.size() == 1;
  if (!typed && !labelOnly) return faultPack(c, specFault("send not permitted"));
  const LocalTypePtr& cont = typed ? t->cont : t->arms.front().second;
  ValType payloadType = valTypeOf(*v);
  if (typed && !(payloadType == t->payload))
    return faultPack(c, Fault::typeViolation(t->payload, std::move(payloadType)));

  const Edge edge = edgeTo(ep, t->partner);
  if (edgePartitioned(st, edge)) return blockPack(c, sendWait(edge));
  if (edgeCrashed(st, edge)) return faultPack(c, specFault("edge crashed"));
  if (!st.sessions.lookupHandler(edge)) return faultPack(c, specFault("no handler bound"));
  const BufferConfig& cfg = st.cfg().bufferConfigFor(edge);
  const auto slot = st.buffers.slotOf(edge);
  switch (st.buffers.enqueueOutcome(cfg, slot)) {
    case EnqueueResult::Ok: break;
    case EnqueueResult::Blocked: return blockPack(c, sendWait(edge));
    case EnqueueResult::Dropped: return faultPack(c, flowViolation("buffer drop"));
    case EnqueueResult::Error: return faultPack(c, flowViolation("buffer overflow"));
  }
  if (!st.cfg().transportOk) return faultPack(c, specFault("handler spec failed"));

  // Commit: buffer, the edge's type trace, the endpoint's type, the event.
  ObsEvent ev = eventSent(edge, *v);
  st.buffers.enqueue(cfg, slot, *v);
  st.sessions.pushTrace(edge, std::move(payloadType));
  st.sessions.updateType(ep, cont);
  return continuePack(c, StepEvent::observable(std::move(ev)));
}

}  // namespace tt::oracle::detail
