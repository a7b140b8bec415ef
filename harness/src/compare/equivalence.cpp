#include "tt/harness/equivalence.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include <boost/json.hpp>

#include "tt/core/json.hpp"
#include "tt/harness/dependence.hpp"
#include "tt/harness/fingerprint.hpp"

namespace tt::harness {

std::string describeEvent(const TickedObsEvent& e) {
  return boost::json::serialize(json::tickedEventToJson(e));
}

std::string describeStatus(const CoroStatus& s) {
  return boost::json::serialize(json::coroStatusToJson(s));
}

namespace {

bool sameUntimed(const TickedObsEvent& a, const TickedObsEvent& b) {
  return a.event == b.event && a.coro == b.coro;
}

std::string untimedKey(const TickedObsEvent& e) {
  TickedObsEvent copy = e;
  copy.tick = 0;
  return describeEvent(copy);
}

// Same events (ticks aside) with the same multiplicities. Grouping by the JSON text is
// only a first cut (unused fields are not serialized); each group is matched with ==.
bool sameMultiset(const Trace& a, const Trace& b) {
  if (a.size() != b.size()) return false;
  std::map<std::string, std::pair<std::vector<std::size_t>, std::vector<std::size_t>>> groups;
  for (std::size_t i = 0; i < a.size(); ++i) groups[untimedKey(a[i])].first.push_back(i);
  for (std::size_t i = 0; i < b.size(); ++i) groups[untimedKey(b[i])].second.push_back(i);
  for (auto& [key, g] : groups) {
    auto& [ia, ib] = g;
    if (ia.size() != ib.size()) return false;
    std::vector<bool> used(ib.size(), false);
    for (std::size_t x : ia) {
      bool matched = false;
      for (std::size_t k = 0; k < ib.size() && !matched; ++k) {
        if (!used[k] && sameUntimed(a[x], b[ib[k]])) used[k] = matched = true;
      }
      if (!matched) return false;
    }
  }
  return true;
}

std::string at(const Trace& t, std::size_t i) {
  return i < t.size() ? describeEvent(t[i]) : std::string("(end of trace)");
}

Difference traceDifference(const char* p, const std::string& what, const Trace& a,
                           const Trace& b, std::size_t ia, std::size_t ib) {
  return {p,
          what + ": baseline[" + std::to_string(ia) + "] = " + at(a, ia) + ", candidate[" +
              std::to_string(ib) + "] = " + at(b, ib),
          ia, ib};
}

bool isLive(const CoroStatus& s) {
  return s.kind != CoroStatus::Kind::Done && s.kind != CoroStatus::Kind::Faulted;
}

bool cutByFuel(const RunResult& r) { return r.outcome == RunOutcome::FuelExhausted; }

std::string checkKey(const OutputConditionCheck& c) {
  return c.claim.predicateRef + '\x1f' + c.claim.witnessRef.value_or("\x1e") + '\x1f' +
         c.claim.outputDigest + '\x1f' + (c.passed ? "1" : "0");
}

std::string edgeText(const Edge& e) {
  return "(" + std::to_string(e.sid) + ", " + e.sender + " -> " + e.receiver + ")";
}

template <class T, class Key, class Same>
std::optional<std::string> firstMismatchByKey(const std::vector<T>& a, const std::vector<T>& b,
                                              Key key, Same same, const char* noun) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (!same(a[i], b[i])) return std::string(noun) + " " + key(a[i]) + " differs";
  }
  if (a.size() != b.size()) {
    const auto& extra = a.size() > b.size() ? a[n] : b[n];
    return std::string(noun) + " " + key(extra) + " exists only in the " +
           (a.size() > b.size() ? "baseline" : "candidate");
  }
  return std::nullopt;
}

}  // namespace

std::optional<Difference> compareTracesExactly(const Trace& a, const Trace& b) {
  if (a == b) return std::nullopt;
  const std::size_t n = std::min(a.size(), b.size());
  const bool sameLength = a.size() == b.size();
  std::size_t firstUntimed = n;
  for (std::size_t i = 0; i < n; ++i) {
    if (!sameUntimed(a[i], b[i])) {
      firstUntimed = i;
      break;
    }
  }
  if (sameLength && firstUntimed == n) {
    for (std::size_t i = 0; i < n; ++i) {
      if (a[i].tick != b[i].tick) {
        return traceDifference(part::kTraceTick, "same events, different tick", a, b, i, i);
      }
    }
  }
  if (sameLength) {
    bool eventsEqual = true;
    std::size_t firstCoro = n;
    for (std::size_t i = 0; i < n && eventsEqual; ++i) {
      eventsEqual = a[i].event == b[i].event;
      if (eventsEqual && a[i].coro != b[i].coro && firstCoro == n) firstCoro = i;
    }
    if (eventsEqual && firstCoro < n) {
      return traceDifference(part::kTraceCoroutine, "same event, different emitting coroutine", a,
                             b, firstCoro, firstCoro);
    }
    if (sameMultiset(a, b)) {
      return traceDifference(part::kTraceOrder, "same events in a different order", a, b,
                             firstUntimed, firstUntimed);
    }
  }
  if (firstUntimed == n) {
    return traceDifference(part::kTraceLength,
                           "baseline has " + std::to_string(a.size()) + " events, candidate " +
                               std::to_string(b.size()),
                           a, b, n, n);
  }
  return traceDifference(part::kTraceEvent, "events differ", a, b, firstUntimed, firstUntimed);
}

std::vector<Difference> compareSnapshots(const Snapshot& a, const Snapshot& b, bool withEffectLog,
                                         bool checksAsMultiset) {
  std::vector<Difference> out;
  // Coroutines: count, then status and pc by id.
  std::map<CoroutineId, const Snapshot::Coroutine*> ca, cb;
  for (const auto& c : a.coroutines) ca[c.id] = &c;
  for (const auto& c : b.coroutines) cb[c.id] = &c;
  if (ca.size() != cb.size() || a.coroutines.size() != b.coroutines.size()) {
    out.push_back({part::kSnapshotCoroutines,
                   "baseline has " + std::to_string(a.coroutines.size()) + " coroutines, candidate " +
                       std::to_string(b.coroutines.size()),
                   {}, {}});
  }
  std::optional<Difference> status, pc;
  for (const auto& [id, x] : ca) {
    auto it = cb.find(id);
    if (it == cb.end()) continue;
    const Snapshot::Coroutine* y = it->second;
    if (!status && !(x->status == y->status)) {
      status = Difference{part::kSnapshotCoroutineStatus,
                          "coroutine " + std::to_string(id) + ": baseline " + describeStatus(x->status) +
                              ", candidate " + describeStatus(y->status),
                          {}, {}};
    }
    if (!pc && x->pc != y->pc) {
      pc = Difference{part::kSnapshotCoroutinePc,
                      "coroutine " + std::to_string(id) + ": baseline pc " + std::to_string(x->pc) +
                          ", candidate pc " + std::to_string(y->pc),
                      {}, {}};
    }
  }
  if (status) out.push_back(*status);
  if (pc) out.push_back(*pc);

  if (auto m = firstMismatchByKey(
          a.sessions, b.sessions, [](const Snapshot::Session& s) { return std::to_string(s.sid); },
          [](const auto& x, const auto& y) { return x == y; }, "session")) {
    out.push_back({part::kSnapshotSessions, *m, {}, {}});
  }
  if (auto m = firstMismatchByKey(
          a.buffers, b.buffers, [](const Snapshot::Buffer& x) { return edgeText(x.edge); },
          [](const auto& x, const auto& y) { return x == y; }, "buffer")) {
    out.push_back({part::kSnapshotBuffers, *m, {}, {}});
  }
  if (a.crashedSites != b.crashedSites || a.partitionedEdges != b.partitionedEdges) {
    out.push_back({part::kSnapshotTopology,
                   a.crashedSites != b.crashedSites ? "crashed sites differ" : "partitioned edges differ",
                   {}, {}});
  }
  if (withEffectLog) {
    bool same = a.outputConditionChecks == b.outputConditionChecks;
    if (!same && checksAsMultiset) {
      std::vector<std::string> ka, kb;
      for (const auto& c : a.outputConditionChecks) ka.push_back(checkKey(c));
      for (const auto& c : b.outputConditionChecks) kb.push_back(checkKey(c));
      std::sort(ka.begin(), ka.end());
      std::sort(kb.begin(), kb.end());
      same = ka == kb;
    }
    if (!same) {
      out.push_back({part::kSnapshotOutputCondition,
                     "baseline has " + std::to_string(a.outputConditionChecks.size()) +
                         " output-condition checks, candidate " +
                         std::to_string(b.outputConditionChecks.size()) +
                         (a.outputConditionChecks.size() == b.outputConditionChecks.size()
                              ? " (contents differ)" : ""),
                     {}, {}});
    }
  }
  if (a.failureTrace != b.failureTrace || a.structuredErrorEvents != b.structuredErrorEvents) {
    out.push_back({part::kSnapshotFailureLog,
                   a.failureTrace != b.failureTrace ? "failure traces differ"
                                                    : "structured error events differ",
                   {}, {}});
  }
  return out;
}

std::vector<Difference> compareRunShape(const RunResult& a, const RunResult& b) {
  std::vector<Difference> out;
  if (a.outcome != b.outcome) {
    out.push_back({part::kRunOutcome,
                   std::string("baseline ") + runOutcomeName(a.outcome) + ", candidate " +
                       runOutcomeName(b.outcome),
                   {}, {}});
  }
  if (a.rounds != b.rounds || a.stepsExecuted != b.stepsExecuted) {
    out.push_back({part::kRunCounters,
                   "baseline " + std::to_string(a.rounds) + " rounds / " +
                       std::to_string(a.stepsExecuted) + " steps, candidate " +
                       std::to_string(b.rounds) + " rounds / " + std::to_string(b.stepsExecuted) +
                       " steps",
                   {}, {}});
  }
  return out;
}

namespace {

// Greedy matching of Mazurkiewicz traces: every event of `x` (positions px) is matched, in
// order, with the first equal unmatched event of `y` (positions py), provided no unmatched
// event of `y` before it is dependent on it. With `yMayHaveMore`, unmatched events may
// remain in `y` (then x is equivalent to a downward-closed prefix of y). On failure, the
// positions in x and y where it fails.
struct Unmatched {
  std::size_t x = 0, y = 0;
  bool extra = false;  // y has events x lacks
};

std::optional<Unmatched> greedyMatch(const Trace& xt, const std::vector<std::size_t>& px,
                                     const Trace& yt, const std::vector<std::size_t>& py,
                                     bool yMayHaveMore) {
  std::vector<Footprint> fy;
  fy.reserve(py.size());
  for (std::size_t j : py) fy.push_back(footprintOf(yt[j]));
  std::vector<char> used(py.size(), 0);
  std::size_t firstFree = 0;
  for (std::size_t k = 0; k < px.size(); ++k) {
    const TickedObsEvent& x = xt[px[k]];
    while (firstFree < py.size() && used[firstFree]) ++firstFree;
    // Fast path: the next unmatched event is this one.
    if (firstFree < py.size() && sameUntimed(x, yt[py[firstFree]])) {
      used[firstFree] = 1;
      continue;
    }
    const Footprint fx = footprintOf(x);
    std::optional<std::size_t> blocker;
    std::size_t j = firstFree;
    for (; j < py.size(); ++j) {
      if (used[j]) continue;
      if (sameUntimed(x, yt[py[j]])) break;
      if (!blocker && dependent(fx, fy[j])) blocker = j;
      if (blocker) break;
    }
    if (blocker || j == py.size()) {
      const std::size_t at = blocker ? *blocker : firstFree;
      return Unmatched{px[k], at < py.size() ? py[at] : yt.size(), false};
    }
    used[j] = 1;
  }
  if (!yMayHaveMore) {
    for (std::size_t j = 0; j < py.size(); ++j) {
      if (!used[j]) return Unmatched{xt.size(), py[j], true};
    }
  }
  return std::nullopt;
}

// Matches a against b; a run cut by fuel need only match a prefix of the other.
std::optional<Unmatched> matchRuns(const Trace& a, const std::vector<std::size_t>& pa, bool aCut,
                                   const Trace& b, const std::vector<std::size_t>& pb, bool bCut) {
  if (bCut && !aCut) {
    auto m = greedyMatch(b, pb, a, pa, true);
    if (m) std::swap(m->x, m->y);
    return m;
  }
  auto m = greedyMatch(a, pa, b, pb, aCut);
  if (m && aCut && bCut) {
    if (!greedyMatch(b, pb, a, pa, true)) return std::nullopt;
  }
  return m;
}

std::vector<std::size_t> allPositions(const Trace& t) {
  std::vector<std::size_t> v(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) v[i] = i;
  return v;
}

}  // namespace

std::optional<Difference> compareTracesUpToCommutation(const Trace& a, const Trace& b,
                                                       bool allDependent) {
  if (allDependent) {
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
      if (!sameUntimed(a[i], b[i])) {
        return traceDifference(part::kTraceEvent, "events differ (ticks ignored)", a, b, i, i);
      }
    }
    if (a.size() != b.size()) {
      return traceDifference(part::kTraceLength,
                             "baseline has " + std::to_string(a.size()) + " events, candidate " +
                                 std::to_string(b.size()),
                             a, b, n, n);
    }
    return std::nullopt;
  }
  if (auto m = greedyMatch(a, allPositions(a), b, allPositions(b), false)) {
    return traceDifference(part::kTraceEvent,
                           m->extra ? "the candidate has an event the baseline lacks"
                                    : "not a reordering of independent events (a dependent event "
                                      "stands in the way, or the event is missing)",
                           a, b, m->x, m->y);
  }
  return std::nullopt;
}

std::vector<TerminalOutcome> terminalOutcomes(const Snapshot& s) {
  std::vector<TerminalOutcome> out;
  for (const auto& c : s.coroutines) out.push_back({c.id, c.status, c.pc});
  return out;
}

std::optional<Difference> compareTerminalOutcomes(const RunResult& a, const RunResult& b) {
  std::map<CoroutineId, TerminalOutcome> ta, tb;
  for (const auto& t : terminalOutcomes(a.snapshot)) ta[t.id] = t;
  for (const auto& t : terminalOutcomes(b.snapshot)) tb[t.id] = t;
  const bool fuelA = cutByFuel(a), fuelB = cutByFuel(b);
  std::map<CoroutineId, int> ids;
  for (const auto& [id, t] : ta) ids[id] |= 1;
  for (const auto& [id, t] : tb) ids[id] |= 2;
  for (const auto& [id, sides] : ids) {
    const std::string who = "coroutine " + std::to_string(id);
    if (sides != 3) {
      const bool onlyA = sides == 1;
      // The side cut by fuel may not have spawned it yet.
      if ((onlyA && fuelB) || (!onlyA && fuelA)) continue;
      return Difference{part::kSnapshotCoroutines,
                        who + " exists only in the " + (onlyA ? "baseline" : "candidate"), {}, {}};
    }
    const TerminalOutcome& x = ta[id];
    const TerminalOutcome& y = tb[id];
    if (x == y) continue;
    if ((fuelA && isLive(x.status)) || (fuelB && isLive(y.status))) continue;
    const char* p = x.status == y.status ? part::kSnapshotCoroutinePc : part::kSnapshotCoroutineStatus;
    return Difference{p,
                      who + ": baseline " + describeStatus(x.status) + " at pc " +
                          std::to_string(x.pc) + ", candidate " + describeStatus(y.status) +
                          " at pc " + std::to_string(y.pc),
                      {}, {}};
  }
  return std::nullopt;
}

std::optional<Difference> compareSessionProjections(const RunResult& a, const RunResult& b) {
  // Key: (0, sid) for session events, (1, coroutine) for session-less ones.
  using Key = std::pair<int, std::uint64_t>;
  std::map<Key, std::pair<std::vector<std::size_t>, std::vector<std::size_t>>> proj;
  auto keyOf = [](const TickedObsEvent& e) -> Key {
    if (auto sid = obsSid(e.event)) return {0, *sid};
    return {1, e.coro.value_or(std::numeric_limits<std::uint64_t>::max())};
  };
  for (std::size_t i = 0; i < a.trace.size(); ++i) proj[keyOf(a.trace[i])].first.push_back(i);
  for (std::size_t i = 0; i < b.trace.size(); ++i) proj[keyOf(b.trace[i])].second.push_back(i);
  const bool fuelA = cutByFuel(a), fuelB = cutByFuel(b);
  for (const auto& [key, p] : proj) {
    const auto& [pa, pb] = p;
    if (auto m = matchRuns(a.trace, pa, fuelA, b.trace, pb, fuelB)) {
      const std::string scope = key.first == 0 ? "session " + std::to_string(key.second)
                                               : "session-less events of coroutine " +
                                                     std::to_string(key.second);
      const bool lengths = m->extra || m->x >= a.trace.size() || m->y >= b.trace.size();
      return traceDifference(lengths ? part::kTraceLength : part::kTraceEvent,
                             scope + ": baseline has " + std::to_string(pa.size()) +
                                 " events, candidate " + std::to_string(pb.size()) +
                                 "; they are not the same up to swaps of independent events",
                             a.trace, b.trace, m->x, m->y);
    }
  }
  return std::nullopt;
}

std::optional<Difference> compareSessionState(const Snapshot& a, const Snapshot& b) {
  for (const Difference& d : compareSnapshots(a, b, true, true)) {
    if (d.part == part::kSnapshotSessions || d.part == part::kSnapshotBuffers ||
        d.part == part::kSnapshotOutputCondition) {
      return d;
    }
  }
  return std::nullopt;
}

EquivalenceResult compareExact(const RunResult& a, const RunResult& b) {
  EquivalenceResult r{"exact/1", {}};
  if (auto d = compareTracesExactly(a.trace, b.trace)) r.differences.push_back(*d);
  for (auto& d : compareSnapshots(a.snapshot, b.snapshot)) r.differences.push_back(std::move(d));
  for (auto& d : compareRunShape(a, b)) r.differences.push_back(std::move(d));
  return r;
}

EquivalenceResult compareSessionNormalized(const RunResult& a, const RunResult& b) {
  EquivalenceResult r{"session-normalized/1", {}};
  if (auto d = compareSessionProjections(a, b)) r.differences.push_back(*d);
  if (auto d = compareTerminalOutcomes(a, b)) r.differences.push_back(*d);
  if (!cutByFuel(a) && !cutByFuel(b)) {
    if (auto d = compareSessionState(a.snapshot, b.snapshot)) r.differences.push_back(*d);
  }
  for (auto& d : compareSnapshots(a.snapshot, b.snapshot, false)) {
    if (d.part == part::kSnapshotTopology || d.part == part::kSnapshotFailureLog) {
      r.differences.push_back(std::move(d));
    }
  }
  return r;
}

namespace {

EquivalenceResult withoutCounters(std::string name, std::optional<Difference> trace,
                                  const RunResult& a, const RunResult& b, bool withEffectLog,
                                  bool checksAsMultiset) {
  EquivalenceResult r{std::move(name), {}};
  if (trace) r.differences.push_back(*trace);
  for (auto& d : compareSnapshots(a.snapshot, b.snapshot, withEffectLog, checksAsMultiset)) {
    r.differences.push_back(std::move(d));
  }
  for (auto& d : compareRunShape(a, b)) {
    if (d.part == part::kRunOutcome) r.differences.push_back(std::move(d));
  }
  return r;
}

}  // namespace

EquivalenceResult compareCommutativity(const RunResult& a, const RunResult& b) {
  return withoutCounters("commutativity/1", compareTracesUpToCommutation(a.trace, b.trace), a, b,
                         true, true);
}

const char* determinismProfileName(DeterminismProfile p) {
  switch (p) {
    case DeterminismProfile::Full: return "Full";
    case DeterminismProfile::ModuloEffects: return "ModuloEffects";
    case DeterminismProfile::ModuloCommutativity: return "ModuloCommutativity";
    case DeterminismProfile::Replay: return "Replay";
  }
  return "?";
}

EquivalenceResult compareUnderProfile(DeterminismProfile p, const RunResult& a, const RunResult& b) {
  const std::string name = std::string(determinismProfileName(p)) + "/1";
  switch (p) {
    case DeterminismProfile::Full: {
      EquivalenceResult r = compareExact(a, b);
      r.relation = name;
      return r;
    }
    case DeterminismProfile::Replay:
      return withoutCounters(name, compareTracesExactly(a.trace, b.trace), a, b, false, false);
    case DeterminismProfile::ModuloEffects:
      return withoutCounters(name, compareTracesUpToCommutation(a.trace, b.trace, true), a, b,
                             false, false);
    case DeterminismProfile::ModuloCommutativity:
      return withoutCounters(name, compareTracesUpToCommutation(a.trace, b.trace), a, b, false,
                             false);
  }
  return {name, {}};
}

}  // namespace tt::harness
