// Timed topology faults on a running protocol (SEMANTICS §4, reference C §5, F D5):
// crash, partition and heal, corruption, timeout, and applyFailure's logs.
#include "test_util.hpp"
#include "tt/oracle/failure.hpp"

namespace tt::oracle::testing {
namespace {

using Strings = std::vector<std::string>;
using Action = StructuredErrorEvent::Action;
using Certainty = StructuredErrorEvent::Certainty;
const Edge kAB{0, "A", "B"};

Scenario pingPong(std::vector<TimedFailure> faults) {
  Scenario s = scenarioOf(operational(), {globalImage(comm("A", "B", "ping", comm("B", "A", "pong", endG())), {"A", "B"})});
  s.faults = std::move(faults);
  return s;
}
TimedFailure at(std::uint64_t tick, Failure f) { return {tick, std::move(f)}; }
Failure crash(SiteId site) { Failure f; f.kind = Failure::Kind::SiteCrash; f.site = site; return f; }
Failure partition(std::vector<Edge> es) { Failure f; f.kind = Failure::Kind::Partition; f.edges = std::move(es); return f; }
Failure heal(std::vector<Edge> es) { Failure f; f.kind = Failure::Kind::Heal; f.edges = std::move(es); return f; }
Failure corrupt(Edge e, std::uint64_t seq) { Failure f; f.kind = Failure::Kind::Corrupt; f.edge = std::move(e); f.seqNo = seq; return f; }
Failure timeout(Edge e, std::uint64_t deadline) { Failure f; f.kind = Failure::Kind::Timeout; f.edge = std::move(e); f.deadline = deadline; return f; }

Strings failureLog(const Snapshot& s) {
  Strings out;
  for (const auto& e : s.failureTrace) out.push_back(std::to_string(e.tick) + "#" + std::to_string(e.seqNo) + " " + e.detail);
  return out;
}

TEST(Failures, CrashOnlyRecordsTheSiteUnderTheUnitIdentity) {
  const RunResult plain = runChecked(pingPong({}));
  const RunResult crashed = runChecked(pingPong({at(3, crash(5))}));
  EXPECT_EQ(crashed.trace, plain.trace);
  EXPECT_EQ(crashed.outcome, RunOutcome::Completed);
  EXPECT_EQ(crashed.snapshot.crashedSites, std::vector<SiteId>{5});
  EXPECT_EQ(failureLog(crashed.snapshot), (Strings{"3#0 failure:topology_mutation", "3#1 recovery:retry ticks=1"}));
  ASSERT_EQ(crashed.snapshot.structuredErrorEvents.size(), 1u);
  const StructuredErrorEvent& e = crashed.snapshot.structuredErrorEvents[0];
  EXPECT_EQ(e.seqNo, 2u);
  EXPECT_EQ(e.faultClass, "topology_mutation");
  EXPECT_EQ(e.certainty, Certainty::Certain);
  EXPECT_EQ(e.action, Action::RetryAfter);
  EXPECT_EQ(e.retryAfter, 1u);
  EXPECT_EQ(e.evidenceId, "1");
  EXPECT_EQ(e.detail, "site_crash");
}

TEST(Failures, PartitionBlocksBothEndsAndHealLetsTheProtocolFinish) {
  const RunResult r = runChecked(pingPong({at(1, partition({kAB})), at(6, heal({kAB}))}));
  EXPECT_EQ(r.outcome, RunOutcome::Completed);
  // Rounds 1-2 block A (sendWait) and B (recvWait, partitioned); rounds 3-5 make no step
  // but the run goes on because the heal is still to come; round 6 wakes A.
  EXPECT_EQ(traceText(r.trace), (Strings{"0 opened 0 A,B", "6 sent 0:A>B unit", "7 invoked 0:A",
                                         "8 received 0:A>B unit", "10 invoked 0:B", "11 sent 0:B>A unit",
                                         "12 invoked 0:B", "13 received 0:B>A unit", "15 invoked 0:A"}));
  EXPECT_EQ(r.rounds, 16u);
  EXPECT_TRUE(r.snapshot.partitionedEdges.empty());
  EXPECT_EQ(failureLog(r.snapshot), (Strings{"1#0 failure:topology_mutation", "1#1 recovery:retry ticks=1",
                                             "6#3 failure:topology_mutation", "6#4 recovery:continue"}));
  EXPECT_EQ(r.snapshot.structuredErrorEvents[0].detail, "partition edges=1");
  EXPECT_EQ(r.snapshot.structuredErrorEvents[1].detail, "heal edges=1");
  EXPECT_EQ(r.snapshot.structuredErrorEvents[1].action, Action::Continue);
}

TEST(Failures, PartitionWithoutHealEndsStuck) {
  const RunResult r = runChecked(pingPong({at(1, partition({kAB}))}));
  EXPECT_EQ(r.outcome, RunOutcome::Stuck);
  EXPECT_EQ(r.rounds, 3u);
  EXPECT_EQ(statusText(r.snapshot.coroutines[0].status), "blocked sendWait 0:A>B");
  EXPECT_EQ(statusText(r.snapshot.coroutines[1].status), "blocked recvWait 0:A>B");
  EXPECT_EQ(r.snapshot.partitionedEdges, std::vector<Edge>{kAB});
}

TEST(Failures, SameTickFaultsApplyInListOrder) {
  const RunResult healLast = runChecked(pingPong({at(1, partition({kAB})), at(1, heal({kAB}))}));
  EXPECT_EQ(healLast.outcome, RunOutcome::Completed);
  const RunResult partitionLast = runChecked(pingPong({at(1, heal({kAB})), at(1, partition({kAB}))}));
  EXPECT_EQ(partitionLast.outcome, RunOutcome::Stuck);
}

TEST(Failures, CorruptionQuarantinesTheEdgeOfALiveSession) {
  const RunResult r = runChecked(pingPong({at(2, corrupt(kAB, 7))}));
  EXPECT_EQ(traceText(r.trace), (Strings{"0 opened 0 A,B", "1 sent 0:A>B unit", "3 invoked 0:A"}));
  EXPECT_EQ(r.outcome, RunOutcome::Stuck);
  EXPECT_EQ(r.snapshot.partitionedEdges, std::vector<Edge>{kAB});
  ASSERT_EQ(r.snapshot.buffers.size(), 1u);  // A's message waits behind the quarantine
  EXPECT_EQ(failureLog(r.snapshot), (Strings{"2#0 failure:transport_corruption", "2#1 recovery:quarantine sid=0"}));
  const StructuredErrorEvent& e = r.snapshot.structuredErrorEvents.at(0);
  EXPECT_EQ(e.certainty, Certainty::Unknown);
  EXPECT_EQ(e.action, Action::QuarantineEdge);
  EXPECT_EQ(e.detail, "corrupt sid=0 seq=7");
}

TEST(Failures, TimeoutPastItsDeadlineClosesTheSessionRecordOnly) {
  const RunResult r = runChecked(pingPong({at(3, timeout(kAB, 2))}));
  EXPECT_EQ(r.outcome, RunOutcome::Completed);  // coroutines and buffers are untouched
  EXPECT_EQ(r.trace, runChecked(pingPong({})).trace);
  EXPECT_EQ(r.snapshot.sessions.at(0).phase, SessionPhase::Closed);
  EXPECT_EQ(r.snapshot.sessions.at(0).epoch, 0u);
  EXPECT_EQ(failureLog(r.snapshot), (Strings{"3#0 failure:transport_timeout", "3#1 recovery:close sid=0"}));
  const StructuredErrorEvent& e = r.snapshot.structuredErrorEvents.at(0);
  EXPECT_EQ(e.certainty, Certainty::Unknown);
  EXPECT_EQ(e.action, Action::CloseSession);
  EXPECT_EQ(e.detail, "timeout sid=0 deadline=2");
}

TEST(Failures, TimeoutBeforeItsDeadlineOnlyLogsARetry) {
  const RunResult r = runChecked(pingPong({at(3, timeout(kAB, 10))}));
  EXPECT_EQ(r.snapshot.sessions.at(0).phase, SessionPhase::Active);
  const StructuredErrorEvent& e = r.snapshot.structuredErrorEvents.at(0);
  EXPECT_EQ(e.certainty, Certainty::BoundedDiff);
  EXPECT_EQ(e.action, Action::RetryAfter);
  EXPECT_EQ(e.retryAfter, 7u);
}

TEST(Failures, PendingReconciliationIsLoggedBeforeTheRecovery) {
  VMState st = loaded(pingPong({}));
  st.needsReconciliation = true;
  st.clock = 4;
  applyFailure(st, corrupt(kAB, 1));
  EXPECT_FALSE(st.needsReconciliation);
  EXPECT_EQ(failureLog(extractSnapshot(st)), (Strings{"4#0 failure:transport_corruption",
                                                      "4#1 reconcile_before_replay sid=0",
                                                      "4#2 recovery:quarantine sid=0"}));
  EXPECT_EQ(st.structuredErrorEvents.at(0).seqNo, 3u);
  EXPECT_EQ(st.structuredErrorEvents.at(0).evidenceId, "2");
  EXPECT_EQ(st.nextFailureSeqNo, 4u);
  EXPECT_TRUE(checkInvariants(st).empty());
}

TEST(Failures, FaultsOnAClosedSessionCloseItAgain) {
  VMState st = loaded(pingPong({}));
  closeSession(st, 0);
  applyFailure(st, corrupt(kAB, 1));
  EXPECT_EQ(st.failureTrace.back().detail, "recovery:close sid=0");
  EXPECT_TRUE(st.partitionedEdges.empty());
}

TEST(Failures, DisconnectKeepsDuplicatesOfOneBatchButNotOfTheList) {
  VMState st = loaded(pingPong({}));
  disconnectEdges(st, {kAB, kAB});
  EXPECT_EQ(st.partitionedEdges.size(), 2u);
  disconnectEdges(st, {kAB});
  EXPECT_EQ(st.partitionedEdges.size(), 2u);
  reconnectEdges(st, {kAB});
  EXPECT_TRUE(st.partitionedEdges.empty());
  crashSite(st, 3);
  crashSite(st, 3);
  EXPECT_EQ(st.crashedSites, std::vector<SiteId>{3});
}

}  // namespace
}  // namespace tt::oracle::testing
