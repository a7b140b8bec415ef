// The scheduler (reference C §1-2 with the operational repairs and F D1-D4): the ready
// queue as intrusive lists, the unblock pass, the lane-aware canonical pick, the step
// commit with updateAfterStep, and the cooperative driver (Lean runScheduled).
#include <algorithm>

#include "machine.hpp"

namespace tt::vm::detail {

void Machine::materialize() {
  const std::vector<CoId>& q = *lazyQueue_;
  lazyQueue_ = nullptr;
  gHead = gTail = kNone;
  std::fill(laneHead.begin(), laneHead.end(), kNone);
  std::fill(laneTail.begin(), laneTail.end(), kNone);
  for (CoId id : q) linkAtTail(id);
}

std::vector<CoId> Machine::readyOrder() const {
  std::vector<CoId> out;
  if (lazyQueue_) return *lazyQueue_;
  if (globalList_) {
    for (CoId x = gHead; x != kNone; x = links[x].gNext) out.push_back(x);
  } else {
    for (CoId id = 0; id < coros.size(); ++id)
      if (inReady[id]) out.push_back(id);
    std::sort(out.begin(), out.end(), [&](CoId a, CoId b) { return readyStamp[a] < readyStamp[b]; });
  }
  return out;
}

// Lean pickRunnable: lanes in use (ascending, always with 0) visited from
// (stepCount + 1) mod L; inside a lane the policy picks among runnable coroutines in
// queue order.
CoId Machine::pickCanonicalPolicy(std::uint32_t L) {
  const std::uint64_t next = stepCount + 1;
  std::uint32_t at = static_cast<std::uint32_t>((L & (L - 1)) == 0 ? next & (L - 1) : next % L);
  const SchedPolicy& policy = c.scenario.config.schedPolicy;
  for (std::uint32_t off = 0; off < L; ++off) {
    const std::uint32_t lane = laneIds[at];
    if (++at == L) at = 0;
    switch (policy.kind) {
      case SchedPolicyKind::Cooperative:
      case SchedPolicyKind::RoundRobin:
        for (CoId x = laneHead[lane]; x != kNone; x = links[x].lNext)
          if (runnable(x)) return x;
        break;
      case SchedPolicyKind::ProgressAware: {
        CoId first = kNone;
        for (CoId x = laneHead[lane]; x != kNone; x = links[x].lNext) {
          if (!runnable(x)) continue;
          if (coros[x].tokenTotal > 0) return x;
          if (first == kNone) first = x;
        }
        if (first != kNone) return first;
        break;
      }
      case SchedPolicyKind::Priority: {
        CoId best = kNone;
        std::uint64_t bestScore = 0;
        for (CoId x = laneHead[lane]; x != kNone; x = links[x].lNext) {
          if (!runnable(x)) continue;
          auto it = policy.priorities.find(x);
          const std::uint64_t score = it == policy.priorities.end() ? 0 : it->second;
          if (best == kNone || score > bestScore) {  // ties: the earliest stays
            best = x;
            bestScore = score;
          }
        }
        if (best != kNone) return best;
        break;
      }
    }
  }
  return kNone;
}

void Machine::wake(EdgeId e) {
  for (CoId w : edges[e].waiters)
    if (!isCandidate[w]) {
      isCandidate[w] = 1;
      candidates.push_back(w);
    }
}

// Lean updateAfterStep for everything but `continue` (afterStep handles that inline).
void Machine::updateAfterStepSlow(CoId id, const StepOut& out) {
  switch (out.status) {
    case ExecStatus::Blocked: {
      inBlocked[id] = 1;
      const Coro& co = coros[id];
      if (co.blockKind != BK::AcquireDenied) {
        edges[co.blockEdge].waiters.push_back(id);
        ++waiterCount[co.blockEdge];
      }
      break;
    }
    case ExecStatus::Halted:
    case ExecStatus::Faulted: {
      --live;
      const std::uint32_t lane = laneOf[id];
      if (--laneLive[lane] == 0 && lane != 0) laneIdsDirty = true;
      break;
    }
    case ExecStatus::Spawned:
      enqueueReady(id);
      enqueueReady(out.spawned);
      if (trackKeys_) execKey[out.spawned] = classify(out.spawned);
      break;
    default:
      enqueueReady(id);
      break;
  }
}

// F D1-D3: one pass in ascending coroutine id over the blocked coroutines whose condition
// may have changed since they were last looked at (their edge's buffer changed, or the
// partition set did): a receiver wakes when its edge is not partitioned and holds a
// value, a sender when its edge is not partitioned and bufEnqueue would accept. A woken
// coroutine becomes ready and joins the back of the ready queue.
void Machine::unblockNow() {
  if (wakeAll) {
    wakeAll = false;
    for (CoId id = 0; id < coros.size(); ++id)
      if (inBlocked[id] && !isCandidate[id]) {
        isCandidate[id] = 1;
        candidates.push_back(id);
      }
  }
  if (candidates.empty()) return;
  if (candidates.size() > 1) std::sort(candidates.begin(), candidates.end());
  for (CoId id : candidates) {
    isCandidate[id] = 0;
    if (!inBlocked[id]) continue;
    Coro& co = coros[id];
    if (co.blockKind == BK::AcquireDenied) continue;
    EdgeRec& e = edges[co.blockEdge];
    bool wake = false;
    if (co.blockKind == BK::RecvWait) wake = !e.partitioned && !e.ring.empty();
    else wake = !e.partitioned && (e.cfg.mode == BufferMode::LatestValue || e.ring.size() < e.cfg.cap);
    if (!wake) continue;
    inBlocked[id] = 0;
    e.waiters.eraseIf([id](CoId w) { return w == id; });
    --waiterCount[co.blockEdge];
    co.status = CS::Ready;
    if (trackKeys_) execKey[id] = classify(id);
    enqueueReady(id);
  }
  candidates.clear();
}

// Lean runScheduled: clock, scripted faults, unblock pass, one step; stop when every
// coroutine is terminal, when a round makes no step and no scripted fault is pending
// (F D5), or when fuel runs out.
RunOutcome Machine::runCooperative(std::uint64_t fuel) {
  for (;;) {
    if (fuel == 0) return live == 0 ? RunOutcome::Completed : RunOutcome::FuelExhausted;
    --fuel;
    ++clock;
    applyDueFaults();
    unblockPass();
    const bool stepped = schedStep();
    if (resourceLimitReached()) return RunOutcome::ResourceLimit;
    if (live == 0) return RunOutcome::Completed;
    if (!stepped) {
      if (nextFault >= c.faults.size()) return RunOutcome::Stuck;
      // Nothing can change before the next scripted fault: those rounds are empty.
      const std::uint64_t next = c.faults[nextFault].tick;
      const std::uint64_t skip = std::min(next - 1 - clock, fuel);
      clock += skip;
      fuel -= skip;
    }
  }
}

}  // namespace tt::vm::detail
