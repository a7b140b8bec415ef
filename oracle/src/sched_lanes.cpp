// Lanes (reference C §1.5, F D4). Lean's lane views are derived here from the ready queue
// and the blocked set on demand, which is what syncLaneViews makes them.
#include <set>

#include "tt/oracle/sched.hpp"

namespace tt::oracle {

LaneId laneOf(const SchedState& s, CoroutineId cid) {
  auto it = s.laneOf.find(cid);
  return it == s.laneOf.end() ? 0 : it->second;
}

std::vector<LaneId> orderedLaneIds(const SchedState& s) {
  if (s.laneOf.empty()) return {0};  // every coroutine on lane 0
  std::set<LaneId> lanes{0};
  for (CoroutineId id : s.readyQueue.ids()) lanes.insert(laneOf(s, id));
  for (const auto& [id, entry] : s.blockedSet) lanes.insert(laneOf(s, id));
  return {lanes.begin(), lanes.end()};
}

std::vector<CoroutineId> laneQueue(const SchedState& s, LaneId lane) {
  std::vector<CoroutineId> q;
  for (CoroutineId id : s.readyQueue.ids())
    if (laneOf(s, id) == lane) q.push_back(id);
  return q;
}

void assignLane(SchedState& s, CoroutineId cid, LaneId lane) {
  if (lane == 0) s.laneOf.erase(cid);
  else s.laneOf[cid] = lane;
  s.laneVersion += 1;
}

void assignSpawnedLane(VMState& st, const ExecStatusFull& status) {
  if (status.tag != ExecStatus::Spawned) return;
  const Lanes& lanes = st.cfg().lanes;
  if (lanes.mode == LaneMode::ByCoroutine && lanes.count > 0)
    assignLane(st.sched, status.newId, status.newId % lanes.count);
}

}  // namespace tt::oracle
