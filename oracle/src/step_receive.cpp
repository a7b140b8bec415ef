// `receive chan dst` (reference B §4.2; Lean stepReceive), with
// repair.comm.label-only-message and repair.recv.progress-token.
#include <algorithm>

#include "step.hpp"

namespace tt::oracle::detail {

ExecResult stepReceive(VMState& st, CoroutineId cid, const instr::Receive& i) {
  CoroutineState& c = st.coroutines[cid];
  const Value* chan = readReg(c, i.chan);
  if (!chan) return faultPack(c, Fault::outOfRegisters());
  if (!chan->isChan()) return faultPack(c, Fault::typeViolation(expectedChan(), valTypeOf(*chan)));
  const Endpoint ep = chan->chan;
  if (!owns(c, ep)) return faultPack(c, Fault::channelClosed(ep));

  // `recv r T L'`, or under the repair a one-armed branch (payload type not checked).
  const LocalTypePtr t = st.sessions.lookupType(ep);
  const bool typed = t && t->kind == LocalType::Kind::Recv;
  const bool labelOnly = t && st.repair(Repair::CommLabelOnlyMessage) &&
                         t->kind == LocalType::Kind::Branch && t->arms.size() == 1;
  if (!typed && !labelOnly) return faultPack(c, specFault("recv not permitted"));
  const LocalTypePtr& cont = typed ? t->cont : t->arms.front().second;

  const Edge edge = edgeFrom(t->partner, ep);
  if (edgePartitioned(st, edge)) return blockPack(c, recvWait(edge));
  if (edgeCrashed(st, edge)) return faultPack(c, specFault("edge crashed"));
  if (!st.sessions.lookupHandler(edge)) return faultPack(c, specFault("no handler bound"));

  // Lean consumes one occurrence of the token before dequeuing, also when it then blocks;
  // the repair requires the token but never removes it.
  const ProgressToken token = receiveToken(edge);
  auto tokenAt = std::find(c.progressTokens.begin(), c.progressTokens.end(), token);
  if (tokenAt == c.progressTokens.end()) return faultPack(c, Fault::noProgressToken(edge));
  const bool consumesToken = !st.repair(Repair::RecvProgressToken);

  const auto slot = st.buffers.slotOf(edge);
  if (st.buffers.values(slot).empty()) {
    if (consumesToken) c.progressTokens.erase(tokenAt);
    return blockPack(c, recvWait(edge));
  }
  // The checks after the dequeue fault on the pre-step state: the message stays queued
  // and the token stays held.
  const Value& head = st.buffers.values(slot).front();
  if (!st.cfg().transportOk) return faultPack(c, specFault("handler spec failed"));
  // (signatures always verify under the unit model)
  if (typed) {
    ValType actual = valTypeOf(head);
    if (!(actual == t->payload)) return faultPack(c, Fault::typeViolation(t->payload, std::move(actual)));
  }
  if (!regExists(c, i.dst)) return faultPack(c, Fault::outOfRegisters());

  // Commit: dequeue, token, register, the edge's type trace, the endpoint's type, event.
  Value payload = st.buffers.dequeue(slot);
  if (consumesToken) c.progressTokens.erase(tokenAt);
  ObsEvent ev = eventReceived(edge, payload);
  c.regs[i.dst] = std::move(payload);
  st.sessions.popTrace(edge);
  st.sessions.updateType(ep, cont);
  return continuePack(c, StepEvent::observable(std::move(ev)));
}

}  // namespace tt::oracle::detail
