// updateAfterStep and schedStep (reference C §1.6, §2.3-2.4), and the terminal
// predicates (C §2.7).
#include <algorithm>

#include "tt/oracle/sched.hpp"

namespace tt::oracle {
namespace {

// Lean typedTransferTransitionAllowed.
bool typedTransferTransitionAllowed(const SchedState& s, CoroutineId from, const Endpoint& ep) {
  auto it = s.ownershipIndex.find({ep.sid, ep.role});
  return it == s.ownershipIndex.end() || it->second == laneOf(s, from);
}

// Lean recordCrossLaneTransfer.
void recordCrossLaneTransfer(SchedState& s, CoroutineId from, const Endpoint& ep, CoroutineId to) {
  const LaneId fromLane = laneOf(s, from), toLane = laneOf(s, to);
  if (fromLane == toLane) return;
  const std::string key = std::to_string(ep.sid) + ":" + ep.role;
  s.crossLaneHandoffs.push_back({from, to, fromLane, toLane, s.stepCount, "transfer " + key,
                                 "delegation[" + key + "] " + std::to_string(from) + "->" +
                                     std::to_string(to)});
}

// Lean delegationHandoffValid.
bool delegationHandoffValid(const CrossLaneHandoff& h) {
  return h.fromCoro != h.toCoro && h.reason.rfind("transfer ", 0) == 0 && !h.delegationWitness.empty();
}

}  // namespace

void updateAfterStep(SchedState& s, CoroutineId cid, const ExecStatusFull& status) {
  auto& log = s.crossLaneHandoffs;
  log.erase(std::remove_if(log.begin(), log.end(), [](const auto& h) { return !delegationHandoffValid(h); }),
            log.end());
  s.blockedSet.erase(cid);
  s.readyQueue.removeFirst(cid);
  switch (status.tag) {
    case ExecStatus::Blocked:
      s.blockedSet[cid] = BlockedEntry{*status.reason, std::nullopt};
      break;
    case ExecStatus::Halted:
    case ExecStatus::Faulted:
      break;
    case ExecStatus::Spawned:
      s.readyQueue.append(cid);  // parent first, then the child
      s.readyQueue.append(status.newId);
      break;
    case ExecStatus::Transferred:
      s.readyQueue.append(cid);
      if (typedTransferTransitionAllowed(s, cid, status.endpoint)) {
        s.ownershipIndex[{status.endpoint.sid, status.endpoint.role}] = laneOf(s, status.targetId);
        s.laneVersion += 1;
        recordCrossLaneTransfer(s, cid, status.endpoint, status.targetId);
      }
      break;
    default:  // continue, yielded, closed, forked, joined, aborted
      s.readyQueue.append(cid);
      break;
  }
}

std::optional<StepRecord> schedStep(VMState& st) {
  const auto cid = schedule(st);
  if (!cid) return std::nullopt;
  StepRecord rec{*cid, execInstr(st, *cid)};
  updateAfterStep(st.sched, *cid, rec.result.status);
  assignSpawnedLane(st, rec.result.status);
  return rec;
}

bool isTerminal(const CoroutineState& c) {
  return c.status.kind == CoroStatus::Kind::Done || c.status.kind == CoroStatus::Kind::Faulted;
}

bool allTerminal(const VMState& st) {
  return std::all_of(st.coroutines.begin(), st.coroutines.end(), isTerminal);
}

bool sessionTerminal(const VMState& st, SessionId sid) {
  for (const CoroutineState& c : st.coroutines) {
    const bool holds = std::any_of(c.ownedEndpoints.begin(), c.ownedEndpoints.end(),
                                   [&](const Endpoint& ep) { return ep.sid == sid; });
    if (holds && !isTerminal(c)) return false;
  }
  return true;
}

}  // namespace tt::oracle
