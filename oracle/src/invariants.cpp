// The single-state invariants of reference C §6.1 (items 1-5, 11, 13, 14).
#include <algorithm>
#include <set>

#include "tt/oracle/oracle.hpp"

namespace tt::oracle {

std::vector<std::string> checkInvariants(const VMState& st) {
  std::vector<std::string> bad;
  const SchedState& s = st.sched;
  const std::size_t n = st.coroutines.size();
  auto id = [](CoroutineId c) { return std::to_string(c); };

  // 1-2: the ready queue is duplicate-free, in range, and disjoint from the blocked set.
  std::set<CoroutineId> ready;
  for (CoroutineId c : s.readyQueue.ids()) {
    if (!ready.insert(c).second) bad.push_back("ready queue holds " + id(c) + " twice");
    if (c >= n) bad.push_back("ready id " + id(c) + " out of range");
    if (s.blockedSet.count(c)) bad.push_back(id(c) + " is both ready and blocked");
  }
  for (const auto& [c, entry] : s.blockedSet) {
    if (c >= n) {
      bad.push_back("blocked id " + id(c) + " out of range");
      continue;
    }
    // 4: a blocked entry matches the coroutine's status.
    const CoroStatus& status = st.coroutines[c].status;
    if (status.kind != CoroStatus::Kind::Blocked || !(status.reason == entry.reason))
      bad.push_back("blocked entry of " + id(c) + " does not match its status");
  }
  // 3: lane assignments name existing coroutines (the lane views are derived).
  for (const auto& [c, lane] : s.laneOf)
    if (c >= n) bad.push_back("laneOf names unknown coroutine " + id(c));
  // 5: terminal coroutines are neither ready nor blocked.
  for (const CoroutineState& c : st.coroutines) {
    if (c.id != static_cast<CoroutineId>(&c - st.coroutines.data())) bad.push_back("coroutine id != index");
    if (isTerminal(c) && (ready.count(c.id) || s.blockedSet.count(c.id)))
      bad.push_back("terminal coroutine " + id(c.id) + " is still queued");
  }
  if (st.nextCoroId != n) bad.push_back("nextCoroId != number of coroutines");
  // 11: handoff records.
  for (const CrossLaneHandoff& h : s.crossLaneHandoffs)
    if (h.fromLane == h.toLane || h.reason.rfind("transfer ", 0) != 0 || h.delegationWitness.empty())
      bad.push_back("invalid cross-lane handoff record");
  // 8 (the part a state shows): ticks never decrease along the trace.
  for (std::size_t k = 1; k < st.obsTrace.size(); ++k)
    if (st.obsTrace[k].tick < st.obsTrace[k - 1].tick) bad.push_back("trace ticks decrease");
  // 13: failure-log sequence numbers are exactly 0 .. nextFailureSeqNo-1.
  std::vector<std::uint64_t> seqs;
  for (const auto& e : st.failureTrace) seqs.push_back(e.seqNo);
  for (const auto& e : st.structuredErrorEvents) seqs.push_back(e.seqNo);
  std::sort(seqs.begin(), seqs.end());
  for (std::size_t k = 0; k < seqs.size(); ++k) {
    if (seqs[k] != k) {
      bad.push_back("failure-log seqNos are not 0..n-1");
      break;
    }
  }
  if (seqs.size() != st.nextFailureSeqNo) bad.push_back("nextFailureSeqNo does not count the logs");
  // 14: crashed sites are duplicate-free.
  std::set<SiteId> sites(st.crashedSites.begin(), st.crashedSites.end());
  if (sites.size() != st.crashedSites.size()) bad.push_back("crashedSites has duplicates");
  return bad;
}

}  // namespace tt::oracle
