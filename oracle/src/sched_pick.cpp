// Runnability, the four policies and lane-aware selection (reference C §1.4, §1.7-1.8,
// §2.1). A duplicated ready entry never changes a pick (every policy prefers the
// earliest occurrence), so Lean's per-lane de-duplication is not repeated here.
#include "tt/oracle/sched.hpp"

namespace tt::oracle {

bool isRunnable(const VMState& st, CoroutineId cid) {
  if (cid >= st.coroutines.size()) return false;
  const auto k = st.coroutines[cid].status.kind;
  return k == CoroStatus::Kind::Ready || k == CoroStatus::Kind::Speculating;
}

bool hasProgress(const VMState& st, CoroutineId cid) {
  return cid < st.coroutines.size() && !st.coroutines[cid].progressTokens.empty();
}

namespace {

template <class Queue>
std::optional<CoroutineId> pickIn(const VMState& st, const Queue& queue) {
  const SchedPolicy& policy = st.sched.policy;
  switch (policy.kind) {
    case SchedPolicyKind::Cooperative:
    case SchedPolicyKind::RoundRobin:
      for (CoroutineId id : queue)
        if (isRunnable(st, id)) return id;
      return std::nullopt;
    case SchedPolicyKind::ProgressAware:
      for (CoroutineId id : queue)
        if (isRunnable(st, id) && hasProgress(st, id)) return id;
      for (CoroutineId id : queue)
        if (isRunnable(st, id)) return id;
      return std::nullopt;
    case SchedPolicyKind::Priority: {
      // Highest score; ties go to the element nearest the front.
      std::optional<CoroutineId> best;
      std::uint64_t bestScore = 0;
      for (CoroutineId id : queue) {
        if (!isRunnable(st, id)) continue;
        auto it = policy.priorities.find(id);
        const std::uint64_t score = it == policy.priorities.end() ? 0 : it->second;
        if (!best || score > bestScore) {
          best = id;
          bestScore = score;
        }
      }
      return best;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<CoroutineId> pickRunnableInQueue(const VMState& st, const std::vector<CoroutineId>& q) {
  return pickIn(st, q);
}
std::optional<CoroutineId> pickRunnableInQueue(const VMState& st, const std::deque<CoroutineId>& q) {
  return pickIn(st, q);
}

std::optional<CoroutineId> pickRunnable(const VMState& st) {
  const SchedState& s = st.sched;
  const std::vector<LaneId> lanes = orderedLaneIds(s);
  if (lanes.size() == 1 && lanes.front() == 0 && s.laneOf.empty())
    return pickRunnableInQueue(st, s.readyQueue.ids());  // single lane: the whole queue
  const std::size_t n = lanes.size();
  const std::size_t start = static_cast<std::size_t>((s.stepCount + 1) % n);
  for (std::size_t offset = 0; offset < n; ++offset) {
    const LaneId lane = lanes[(start + offset) % n];
    if (auto pick = pickRunnableInQueue(st, laneQueue(s, lane))) return pick;
  }
  return pickRunnableInQueue(st, s.readyQueue.ids());  // Lean's (unreachable) fallback
}

std::optional<CoroutineId> schedule(VMState& st) {
  const auto pick = pickRunnable(st);
  if (!pick) return std::nullopt;
  st.sched.readyQueue.removeFirst(*pick);
  st.sched.stepCount += 1;
  return pick;
}

}  // namespace tt::oracle
