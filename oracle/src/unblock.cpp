// The wake pass at the start of each round (reference C §2.5; SEMANTICS §2 resume-status
// and send-unblock repairs; F D1-D3).
#include "tt/oracle/sched.hpp"

namespace tt::oracle {
namespace {

bool slotNonEmpty(const VMState& st, const std::optional<BufferStore::Slot>& slot) {
  return slot && !st.buffers.values(*slot).empty();
}

// Would a retry of this blocked coroutine get past its wait? Evaluated on the round-start
// state (the pass changes no buffer).
bool shouldWake(const VMState& st, const BlockedEntry& entry) {
  const BlockReason& r = entry.reason;
  switch (r.kind) {
    case BlockReason::Kind::RecvWait:
      // Lean: the edge's buffer is non-empty. Under resume-status a partitioned edge does
      // not wake its receiver (its retry would re-block at once, F D3).
      if (!slotNonEmpty(st, entry.slot)) return false;
      return !(st.repair(Repair::SchedResumeStatus) && edgePartitioned(st, r.edge));
    case BlockReason::Kind::SendWait:
      // send-unblock: the edge is not partitioned and bufEnqueue would return ok.
      if (!st.repair(Repair::SchedSendUnblock) || edgePartitioned(st, r.edge)) return false;
      if (!entry.slot) return true;  // no entry yet: an empty buffer
      return st.buffers.enqueueOutcome(st.cfg().bufferConfigFor(r.edge), *entry.slot) == EnqueueResult::Ok;
    default:
      return false;  // no other reason is ever woken
  }
}

}  // namespace

void tryUnblockReceivers(VMState& st) {
  SchedState& s = st.sched;
  if (s.blockedSet.empty()) return;
  std::vector<CoroutineId> woken;
  for (auto& [id, entry] : s.blockedSet) {
    // Resolve the entry's buffer slot once (an edge without a buffer entry reads as empty).
    const auto kind = entry.reason.kind;
    if (!entry.slot && (kind == BlockReason::Kind::RecvWait || kind == BlockReason::Kind::SendWait))
      entry.slot = st.buffers.findSlot(entry.reason.edge);
    if (shouldWake(st, entry)) woken.push_back(id);
  }
  for (CoroutineId id : woken) {
    s.blockedSet.erase(id);
    s.readyQueue.append(id);
    // resume-status: a woken coroutine becomes ready (only if it is currently blocked).
    CoroutineState& c = st.coroutines[id];
    if (st.repair(Repair::SchedResumeStatus) && c.status.kind == CoroStatus::Kind::Blocked)
      c.status = CoroStatus::ready();
  }
}

}  // namespace tt::oracle
