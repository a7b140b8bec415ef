// `choose chan table`: external choice, receive a label and branch (reference B §4.4;
// Lean stepChoose). No progress token is needed or consumed.
#include "step.hpp"

namespace tt::oracle::detail {

ExecResult stepChoose(VMState& st, CoroutineId cid, const instr::Choose& i) {
  CoroutineState& c = st.coroutines[cid];
  const Value* chan = readReg(c, i.chan);
  if (!chan) return faultPack(c, Fault::outOfRegisters());
  if (!chan->isChan()) return faultPack(c, Fault::typeViolation(expectedChan(), valTypeOf(*chan)));
  const Endpoint ep = chan->chan;
  if (!owns(c, ep)) return faultPack(c, Fault::channelClosed(ep));

  const LocalTypePtr t = st.sessions.lookupType(ep);
  if (!t || t->kind != LocalType::Kind::Branch) return faultPack(c, specFault("choose not permitted"));
  const Edge edge = edgeFrom(t->partner, ep);
  if (edgePartitioned(st, edge)) return blockPack(c, recvWait(edge));
  if (edgeCrashed(st, edge)) return faultPack(c, specFault("edge crashed"));
  if (!st.sessions.lookupHandler(edge)) return faultPack(c, specFault("no handler bound"));

  const auto slot = st.buffers.slotOf(edge);
  if (st.buffers.values(slot).empty()) return blockPack(c, recvWait(edge));
  if (!st.cfg().transportOk) return faultPack(c, specFault("handler spec failed"));
  // (signatures always verify under the unit model)

  // From here on a fault keeps the dequeue (Lean chooseAfterDequeue); the type trace and
  // the local type stay as they were.
  const Value& head = st.buffers.values(slot).front();
  if (head.kind != Value::Kind::String) {
    Fault f = Fault::typeViolation(ValType::string(), valTypeOf(head));
    st.buffers.dequeue(slot);
    return faultPack(c, std::move(f));
  }
  const Label lbl = head.str;
  const LocalTypePtr* cont = nullptr;
  for (const auto& [label, k] : t->arms) {
    if (label == lbl) {
      cont = &k;
      break;
    }
  }
  const PC* target = nullptr;
  for (const auto& [label, pc] : i.table) {
    if (label == lbl) {
      target = &pc;
      break;
    }
  }
  st.buffers.dequeue(slot);
  if (!cont || !target) return faultPack(c, Fault::unknownLabel(lbl));

  // Commit: pop the type trace, the chosen continuation, jump through the table.
  ObsEvent ev;
  ev.kind = ObsEvent::Kind::Chose;
  ev.edge = edge;
  ev.label = lbl;
  st.sessions.popTrace(edge);
  st.sessions.updateType(ep, *cont);
  c.pc = *target;
  setReady(c);
  return {ExecStatusFull::of(ExecStatus::Continue), StepEvent::observable(std::move(ev))};
}

}  // namespace tt::oracle::detail
