// The scheduler and the canonical runner (reference C §1-2; Lean `Runtime/Scheduler*.lean`,
// `Runtime/Runner.lean`), with the scheduling repairs of SEMANTICS §2 and F D1, D3, D4.
#pragma once
#include <functional>
#include <optional>
#include <vector>

#include "tt/oracle/exec.hpp"
#include "tt/oracle/state.hpp"

namespace tt::oracle {

// --- lanes (C §1.5) ----------------------------------------------------------------------

LaneId laneOf(const SchedState& s, CoroutineId cid);
// Lean orderedLaneIds after syncLaneViews: ascending {0} ∪ lanes of ready ∪ lanes of blocked.
std::vector<LaneId> orderedLaneIds(const SchedState& s);
// Lean's laneQueues[lane] view: the ready ids on that lane, in queue order.
std::vector<CoroutineId> laneQueue(const SchedState& s, LaneId lane);
// Lean assignLane.
void assignLane(SchedState& s, CoroutineId cid, LaneId lane);

// --- runnability and picking (C §1.4, §1.7-1.8, §2.1) -------------------------------------

bool isRunnable(const VMState& st, CoroutineId cid);
bool hasProgress(const VMState& st, CoroutineId cid);
// Lean pickRunnableInQueue: the policy's choice within one queue.
std::optional<CoroutineId> pickRunnableInQueue(const VMState& st, const std::vector<CoroutineId>& queue);
std::optional<CoroutineId> pickRunnableInQueue(const VMState& st, const std::deque<CoroutineId>& queue);
// Lean pickRunnable: lane rotation starting at (stepCount + 1) mod #lanes.
std::optional<CoroutineId> pickRunnable(const VMState& st);
// Lean schedule: pick, take it out of the ready queue, stepCount + 1.
std::optional<CoroutineId> schedule(VMState& st);

// --- after a step (C §2.3-2.4) ------------------------------------------------------------

// Lean updateAfterStep.
void updateAfterStep(SchedState& s, CoroutineId cid, const ExecStatusFull& status);
// F D4: a spawned child joins lane `id mod k` right after its parent's step.
void assignSpawnedLane(VMState& st, const ExecStatusFull& status);

struct StepRecord {
  CoroutineId cid = 0;
  ExecResult result;
};
// Lean schedStep: none when nothing is runnable.
std::optional<StepRecord> schedStep(VMState& st);

// Lean tryUnblockReceivers, extended by the repairs into one wake pass (C §2.5, F D1-D3):
// ascending coroutine id, all conditions on the round-start state.
void tryUnblockReceivers(VMState& st);

// --- terminal predicates (C §2.7) ----------------------------------------------------------

bool isTerminal(const CoroutineState& c);
bool allTerminal(const VMState& st);
bool sessionTerminal(const VMState& st, SessionId sid);

}  // namespace tt::oracle
