// The canonical final snapshot (SEMANTICS §4, F D13).
#include <algorithm>

#include "tt/oracle/oracle.hpp"

namespace tt::oracle {

Snapshot extractSnapshot(const VMState& st) {
  Snapshot snap;
  for (const CoroutineState& c : st.coroutines) snap.coroutines.push_back({c.id, c.status, c.pc});
  for (const SessionState& s : st.sessions.inCreationOrder()) snap.sessions.push_back({s.sid, s.phase, s.epoch});
  std::stable_sort(snap.sessions.begin(), snap.sessions.end(),
                   [](const auto& a, const auto& b) { return a.sid < b.sid; });
  for (std::size_t slot = 0; slot < st.buffers.slotCount(); ++slot) {
    const auto s = static_cast<BufferStore::Slot>(slot);
    const auto& values = st.buffers.values(s);
    if (!values.empty()) snap.buffers.push_back({st.buffers.edgeOf(s), {values.begin(), values.end()}});
  }
  std::sort(snap.buffers.begin(), snap.buffers.end(), [](const auto& a, const auto& b) { return a.edge < b.edge; });
  snap.crashedSites = st.crashedSites;
  std::sort(snap.crashedSites.begin(), snap.crashedSites.end());
  snap.crashedSites.erase(std::unique(snap.crashedSites.begin(), snap.crashedSites.end()), snap.crashedSites.end());
  snap.partitionedEdges = st.partitionedEdges;
  std::sort(snap.partitionedEdges.begin(), snap.partitionedEdges.end());
  snap.partitionedEdges.erase(std::unique(snap.partitionedEdges.begin(), snap.partitionedEdges.end()),
                              snap.partitionedEdges.end());
  snap.outputConditionChecks = outputConditionChecksOf(st);
  snap.failureTrace = st.failureTrace;
  snap.structuredErrorEvents = st.structuredErrorEvents;
  return snap;
}

}  // namespace tt::oracle
