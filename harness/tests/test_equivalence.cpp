// The equivalences of docs/equivalences.md: for each, pairs that must hold and pairs that
// must not, and the dependence relation behind commutativity.
#include <gtest/gtest.h>

#include "builders.hpp"
#include "tt/harness/dependence.hpp"
#include "tt/harness/equivalence.hpp"
#include "tt/harness/fingerprint.hpp"

namespace tt::harness {
namespace {
using namespace tt::test;

std::vector<std::string> parts(const EquivalenceResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.differences) out.push_back(d.part);
  return out;
}

// Two sessions: s0 by coroutines 0,1 and s1 by coroutines 2,3, run one after the other.
Trace sequential() {
  Trace t = message(0, 0, 1, 1);
  for (auto& e : message(1, 2, 3, 5)) t.push_back(e);
  return t;
}
// The same events, interleaved event by event, with the ticks a 2-wide round gives.
Trace interleaved() {
  const Trace a = message(0, 0, 1, 1), b = message(1, 2, 3, 1);
  Trace t;
  for (std::size_t i = 0; i < 4; ++i) {
    t.push_back(a[i]);
    t.push_back(b[i]);
  }
  return t;
}

// --- exact/1 ----------------------------------------------------------------------------

TEST(Exact, IdenticalResultsHold) {
  EXPECT_TRUE(compareExact(result(sequential(), doneSnapshot(4, 2)), result(sequential(), doneSnapshot(4, 2))).holds());
}

TEST(Exact, ClassifiesTheTraceDifference) {
  const RunResult base = result(sequential(), doneSnapshot(4, 2));
  RunResult tick = base;
  tick.trace[3].tick += 1;
  EXPECT_EQ(parts(compareExact(base, tick)), std::vector<std::string>{part::kTraceTick});
  RunResult coro = base;
  coro.trace[2].coro = 5;
  EXPECT_EQ(parts(compareExact(base, coro)), std::vector<std::string>{part::kTraceCoroutine});
  RunResult order = base;
  std::swap(order.trace[0], order.trace[1]);
  std::swap(order.trace[0].tick, order.trace[1].tick);
  const auto o = compareExact(base, order);
  EXPECT_EQ(parts(o), std::vector<std::string>{part::kTraceOrder});
  EXPECT_EQ(o.differences[0].baselineIndex, 0u);
  RunResult shorter = base;
  shorter.trace.pop_back();
  const auto l = compareExact(base, shorter);
  EXPECT_EQ(parts(l), std::vector<std::string>{part::kTraceLength});
  EXPECT_EQ(l.differences[0].baselineIndex, 7u);
  RunResult value = base;
  value.trace[4].event.value = Value::ofNat(8);
  const auto v = compareExact(base, value);
  EXPECT_EQ(parts(v), std::vector<std::string>{part::kTraceEvent});
  EXPECT_EQ(v.differences[0].candidateIndex, 4u);
}

TEST(Exact, ReportsEachSnapshotSectionAndTheRunShape) {
  const RunResult base = result(sequential(), doneSnapshot(4, 2));
  RunResult r = base;
  r.snapshot.coroutines[1].status = CoroStatus::faulted(Fault::outOfCredits());
  r.snapshot.coroutines[2].pc = 9;
  r.snapshot.sessions[1].phase = SessionPhase::Closed;
  r.snapshot.buffers.push_back({Edge{0, "A", "B"}, {Value::unit()}});
  r.snapshot.crashedSites.push_back(1);
  r.snapshot.outputConditionChecks.push_back({});
  r.snapshot.failureTrace.push_back({});
  r.outcome = RunOutcome::Stuck;
  r.rounds = 99;
  EXPECT_EQ(parts(compareExact(base, r)),
            (std::vector<std::string>{part::kSnapshotCoroutineStatus, part::kSnapshotCoroutinePc,
                                      part::kSnapshotSessions, part::kSnapshotBuffers,
                                      part::kSnapshotTopology, part::kSnapshotOutputCondition,
                                      part::kSnapshotFailureLog, part::kRunOutcome, part::kRunCounters}));
  RunResult fewer = base;
  fewer.snapshot.coroutines.pop_back();
  EXPECT_EQ(parts(compareExact(base, fewer)), std::vector<std::string>{part::kSnapshotCoroutines});
}

// --- session-normalized/1 ---------------------------------------------------------------

TEST(SessionNormalized, InterleavingAcrossSessionsHolds) {
  const RunResult a = result(sequential(), doneSnapshot(4, 2));
  const RunResult b = result(interleaved(), doneSnapshot(4, 2), RunOutcome::Completed, 4, 8);
  EXPECT_FALSE(compareExact(a, b).holds());
  EXPECT_TRUE(compareSessionNormalized(a, b).holds());
}

TEST(SessionNormalized, WhoFaultedIsNeverInvisible) {
  const RunResult a = result(sequential(), doneSnapshot(4, 2));
  RunResult b = result(interleaved(), doneSnapshot(4, 2));
  b.snapshot.coroutines[3].status = CoroStatus::faulted(Fault::outOfCredits());
  const auto r = compareSessionNormalized(a, b);
  EXPECT_EQ(parts(r), std::vector<std::string>{part::kSnapshotCoroutineStatus});
  EXPECT_NE(r.differences[0].detail.find("coroutine 3"), std::string::npos);
}

TEST(SessionNormalized, OrderOfDependentEventsInsideASessionMatters) {
  const RunResult a = result(sequential(), doneSnapshot(4, 2));
  RunResult b = a;
  std::swap(b.trace[0], b.trace[2]);  // s0's receive before its send: same edge
  const auto r = compareSessionNormalized(a, b);
  EXPECT_EQ(parts(r), std::vector<std::string>{part::kTraceEvent});
  EXPECT_EQ(r.differences[0].baselineIndex, 0u);
  EXPECT_EQ(r.differences[0].candidateIndex, 0u);  // the dependent event in the way
}

TEST(SessionNormalized, IndependentEventsOfOneSessionMaySwap) {
  // A's invoke and B's receive touch different endpoints and coroutines: in a multi-party
  // session a parallel schedule may order them either way.
  const RunResult a = result(sequential(), doneSnapshot(4, 2));
  RunResult b = a;
  std::swap(b.trace[1], b.trace[2]);
  EXPECT_FALSE(compareExact(a, b).holds());
  EXPECT_TRUE(compareSessionNormalized(a, b).holds());
  EXPECT_TRUE(compareCommutativity(a, b).holds());
}

TEST(SessionNormalized, ARunCutByFuelMayBeAPrefix) {
  const RunResult full = result(sequential(), doneSnapshot(4, 2));
  Trace cut = interleaved();
  cut.resize(5);  // s0: 3 events, s1: 2 events
  Snapshot live = doneSnapshot(4, 2);
  live.coroutines[1].status = CoroStatus::ready();
  live.coroutines[3].status = CoroStatus::ready();
  const RunResult fuel = result(cut, live, RunOutcome::FuelExhausted);
  EXPECT_TRUE(compareSessionNormalized(full, fuel).holds());
  // Without the fuel cut the same shorter run is a difference.
  RunResult stuck = fuel;
  stuck.outcome = RunOutcome::Stuck;
  EXPECT_FALSE(compareSessionNormalized(full, stuck).holds());
  // A prefix must still be a prefix.
  RunResult wrong = fuel;
  wrong.trace[0].event.value = Value::ofNat(1);
  EXPECT_FALSE(compareSessionNormalized(full, wrong).holds());
}

TEST(SessionNormalized, SessionLessEventsComparePerCoroutine) {
  const Trace a = {tagged(1, "x", 0), tagged(2, "y", 1)};
  const Trace b = {tagged(1, "y", 1), tagged(2, "x", 0)};
  EXPECT_TRUE(compareSessionNormalized(result(a), result(b)).holds());
  const Trace c = {tagged(1, "x", 1), tagged(2, "y", 0)};  // facts swapped between coroutines
  EXPECT_FALSE(compareSessionNormalized(result(a), result(c)).holds());
}

// --- the dependence relation --------------------------------------------------------------

TEST(Dependence, SharedCoroutineEdgeEndpointSessionOrAllocator) {
  EXPECT_FALSE(dependent(sent(1, 0, "A", "B", 1, 0), sent(1, 1, "A", "B", 1, 2)));
  EXPECT_TRUE(dependent(sent(1, 0, "A", "B", 1, 0), sent(1, 1, "A", "B", 1, 0)));       // coroutine
  EXPECT_TRUE(dependent(sent(1, 0, "A", "B", 1, 0), received(1, 0, "A", "B", 1, 1)));   // edge
  EXPECT_TRUE(dependent(sent(1, 0, "A", "B", 1, 0), sent(1, 0, "A", "C", 1, 1)));       // A's type state
  EXPECT_FALSE(dependent(invoked(1, 0, "A", 0), received(1, 0, "A", "B", 1, 1)));       // same session only
  EXPECT_FALSE(dependent(sent(1, 0, "A", "B", 1, 0), received(1, 0, "C", "D", 1, 1)));
  EXPECT_TRUE(dependent(opened(1, 3, {"A"}, 0), opened(1, 4, {"A"}, 1)));              // allocator
  EXPECT_TRUE(dependent(opened(1, 3, {"A"}, 0), sent(1, 3, "A", "B", 1, 1)));          // whole session
  EXPECT_FALSE(dependent(opened(1, 3, {"A"}, 0), sent(1, 1, "A", "B", 1, 1)));
  EXPECT_FALSE(dependent(tagged(1, "x", 0), sent(1, 1, "A", "B", 1, 1)));              // no session
  EXPECT_TRUE(dependent(tagged(1, "x", 0), tagged(1, "y", 0)));
  EXPECT_TRUE(dependent(forked(1, 9, 0), sent(1, 1, "A", "B", 1, 1)));                 // barrier
  EXPECT_TRUE(dependent(transferred(1, 0, "A", 0, 5, 0), tagged(2, "x", 5)));          // target coroutine
  EXPECT_TRUE(dependent(tagged(1, "x", std::nullopt), tagged(1, "y", 7)));             // nothing: barrier
}

// --- commutativity/1 -----------------------------------------------------------------------

TEST(Commutativity, SwapsOfIndependentEventsHold) {
  const RunResult a = result(sequential(), doneSnapshot(4, 2));
  const RunResult b = result(interleaved(), doneSnapshot(4, 2), RunOutcome::Completed, 4, 8);
  EXPECT_TRUE(compareCommutativity(a, b).holds());
  const Trace t1 = {tagged(1, "x", 0), sent(2, 1, "A", "B", 1, 1)};
  const Trace t2 = {sent(1, 1, "A", "B", 1, 1), tagged(2, "x", 0)};
  EXPECT_TRUE(compareCommutativity(result(t1), result(t2)).holds());
}

TEST(Commutativity, SwapsOfDependentEventsFail) {
  // One coroutine acting in two sessions: session-normalized holds, commutativity does not.
  const Trace a = {sent(1, 0, "A", "B", 1, 0), sent(2, 1, "A", "C", 1, 0)};
  const Trace b = {sent(1, 1, "A", "C", 1, 0), sent(2, 0, "A", "B", 1, 0)};
  EXPECT_TRUE(compareSessionNormalized(result(a), result(b)).holds());
  EXPECT_EQ(parts(compareCommutativity(result(a), result(b))), std::vector<std::string>{part::kTraceEvent});
  // Two coroutines in one session.
  const Trace c = {sent(1, 0, "A", "B", 1, 0), received(2, 0, "A", "B", 1, 1)};
  const Trace d = {received(1, 0, "A", "B", 1, 1), sent(2, 0, "A", "B", 1, 0)};
  EXPECT_FALSE(compareCommutativity(result(c), result(d)).holds());
  // Two opens draw from the same session-id allocator.
  const Trace e = {opened(1, 3, {"A"}, 0), opened(2, 4, {"A"}, 1)};
  const Trace f = {opened(1, 4, {"A"}, 1), opened(2, 3, {"A"}, 0)};
  EXPECT_FALSE(compareCommutativity(result(e), result(f)).holds());
}

TEST(Commutativity, NothingMovesAcrossABarrier) {
  const Trace a = {sent(1, 0, "A", "B", 1, 0), forked(2, 9, 2), sent(3, 1, "A", "B", 1, 1)};
  const Trace b = {sent(1, 1, "A", "B", 1, 1), forked(2, 9, 2), sent(3, 0, "A", "B", 1, 0)};
  EXPECT_FALSE(compareCommutativity(result(a), result(b)).holds());
  const Trace c = {sent(1, 0, "A", "B", 1, 0), forked(2, 9, 2)};
  const Trace d = {sent(1, 0, "A", "B", 1, 0)};
  EXPECT_FALSE(compareCommutativity(result(c), result(d)).holds());
}

TEST(Commutativity, SnapshotStillMattersButCheckOrderDoesNot) {
  RunResult a = result(sequential(), doneSnapshot(4, 2));
  RunResult b = result(interleaved(), doneSnapshot(4, 2));
  OutputConditionCheck x, y;
  x.claim.predicateRef = "p";
  y.claim.predicateRef = "q";
  a.snapshot.outputConditionChecks = {x, y};
  b.snapshot.outputConditionChecks = {y, x};
  EXPECT_TRUE(compareCommutativity(a, b).holds());
  b.snapshot.coroutines[0].pc = 4;
  EXPECT_EQ(parts(compareCommutativity(a, b)), std::vector<std::string>{part::kSnapshotCoroutinePc});
}

// --- determinism profiles -----------------------------------------------------------------

TEST(Profiles, EachProfileForgivesExactlyItsOwnDifferences) {
  using P = DeterminismProfile;
  const RunResult base = result(sequential(), doneSnapshot(4, 2));
  auto holds = [&](P p, const RunResult& r) { return compareUnderProfile(p, base, r).holds(); };

  RunResult counters = base;  // only the round/step counts differ
  counters.rounds = 3;
  EXPECT_FALSE(holds(P::Full, counters));
  EXPECT_TRUE(holds(P::Replay, counters));

  RunResult effects = base;  // only the effect log differs
  effects.snapshot.outputConditionChecks.push_back({});
  EXPECT_FALSE(holds(P::Full, effects));
  EXPECT_TRUE(holds(P::Replay, effects));

  RunResult ticks = base;  // ticks differ, order kept
  for (auto& e : ticks.trace) e.tick *= 2;
  EXPECT_FALSE(holds(P::Replay, ticks));
  EXPECT_TRUE(holds(P::ModuloEffects, ticks));

  const RunResult swapped = result(interleaved(), doneSnapshot(4, 2));  // independent reorder
  EXPECT_FALSE(holds(P::ModuloEffects, swapped));
  EXPECT_TRUE(holds(P::ModuloCommutativity, swapped));

  RunResult dependentSwap = base;  // a receive before its send
  std::swap(dependentSwap.trace[0], dependentSwap.trace[2]);
  EXPECT_FALSE(holds(P::ModuloCommutativity, dependentSwap));

  RunResult outcome = base;  // a coroutine's fate differs: no profile forgives it
  outcome.snapshot.coroutines[0].status = CoroStatus::faulted(Fault::outOfRegisters());
  for (P p : {P::Full, P::Replay, P::ModuloEffects, P::ModuloCommutativity}) EXPECT_FALSE(holds(p, outcome));
}

}  // namespace
}  // namespace tt::harness
