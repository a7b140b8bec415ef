// `offer chan label`: internal choice, send a label (reference B §4.3; Lean stepOffer).
#include "step.hpp"

namespace tt::oracle::detail {

ExecResult stepOffer(VMState& st, CoroutineId cid, const instr::Offer& i) {
  CoroutineState& c = st.coroutines[cid];
  const Value* chan = readReg(c, i.chan);
  if (!chan) return faultPack(c, Fault::outOfRegisters());
  if (!chan->isChan()) return faultPack(c, Fault::typeViolation(expectedChan(), valTypeOf(*chan)));
  const Endpoint ep = chan->chan;
  if (!owns(c, ep)) return faultPack(c, Fault::channelClosed(ep));

  const LocalTypePtr t = st.sessions.lookupType(ep);
  if (!t || t->kind != LocalType::Kind::Select) return faultPack(c, specFault("offer not permitted"));
  const LocalTypePtr* cont = nullptr;
  for (const auto& [label, k] : t->arms) {
    if (label == i.label) {
      cont = &k;
      break;
    }
  }
  if (!cont) return faultPack(c, Fault::unknownLabel(i.label));

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

  // Commit: the label as a string value, `string` on the type trace, the continuation.
  ObsEvent ev;
  ev.kind = ObsEvent::Kind::Offered;
  ev.edge = edge;
  ev.label = i.label;
  st.buffers.enqueue(cfg, slot, Value::ofString(i.label));
  st.sessions.pushTrace(edge, ValType::string());
  st.sessions.updateType(ep, *cont);
  return continuePack(c, StepEvent::observable(std::move(ev)));
}

}  // namespace tt::oracle::detail
