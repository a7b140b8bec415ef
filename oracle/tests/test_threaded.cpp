// The threaded model (reference C §3): planner output on a multi-session state,
// certificate rejection on each obligation, fallback = one canonical step, n = 1 equals
// runScheduled, certified rounds, the certificate hook (F D14).
#include "test_util.hpp"
#include "tt/oracle/threaded.hpp"

namespace tt::oracle::testing {
namespace {

using namespace instr;

ImageSpec pingPongImage() {
  return globalImage(comm("A", "B", "ping", comm("B", "A", "pong", endG())), {"A", "B"});
}
VMConfig twoLanes() {
  VMConfig cfg;
  cfg.lanes = {LaneMode::ByCoroutine, 2};
  return cfg;
}
// Two ping-pong sessions: coroutines 0 (A, s0), 1 (B, s0), 2 (A, s1), 3 (B, s1), lanes 0,1,0,1.
VMState twoSessions() { return loaded(scenarioOf(twoLanes(), {pingPongImage(), pingPongImage()})); }

TEST(Planner, FootprintsAreTheOwnRolePlusStaticPartners) {
  VMState st = twoSessions();
  EXPECT_EQ(coroFootprintAtoms(st, 0), (std::vector<FootprintAtom>{{0, "A"}, {0, "B"}}));
  EXPECT_EQ(coroFootprintAtoms(st, 3), (std::vector<FootprintAtom>{{1, "B"}, {1, "A"}}));
  EXPECT_EQ(coroPrimarySession(st, 2), std::optional<SessionId>(1));
  EXPECT_TRUE(coroFootprintAtoms(st, 9).empty());
}

TEST(Planner, WavesAreLaneDistinctAndFootprintDisjoint) {
  VMState st = twoSessions();
  // Pass 1: 0; 1 shares session 0's footprint; 2 shares lane 0; 3 fits. Pass 2: 1, 2.
  EXPECT_EQ(planDeterministicWaves(st), (std::vector<Wave>{{0, 3}, {1, 2}}));
  const WaveCertificate cert = plannedWaveCertificate(2, st);
  EXPECT_EQ(cert.waves, (std::vector<Wave>{{0, 3}, {1, 2}}));
  EXPECT_EQ(cert.plannerStep, st.sched.stepCount);
  EXPECT_EQ(plannedWaveCertificate(1, st).waves, (std::vector<Wave>{{0}, {3}, {1}, {2}}));
  EXPECT_TRUE(checkWaveCertificate(st, cert));
}

TEST(Planner, SingleLaneGivesSingletonWavesInQueueOrder) {
  VMState st = loaded(scenarioOf(operational(), {pingPongImage(), pingPongImage()}));
  EXPECT_EQ(planDeterministicWaves(st), (std::vector<Wave>{{0}, {1}, {2}, {3}}));
}

TEST(Planner, NonRunnableIdsAreNeverPlanned) {
  VMState st = twoSessions();
  st.coroutines[3].status = CoroStatus::blocked({});
  EXPECT_EQ(planDeterministicWaves(st), (std::vector<Wave>{{0}, {1, 2}}));
}

TEST(Planner, SameSessionRolesShareAWaveWhenTheirFootprintsAreDisjoint) {
  // F §1.1: no session test. Explicit programs with `end` types have footprint = own role.
  VMState st = loaded(scenarioOf(twoLanes(), {programImage({{"A", {Halt{}}}, {"B", {Halt{}}}},
                                                           {{"A", endR()}, {"B", endR()}})}));
  EXPECT_EQ(planDeterministicWaves(st), (std::vector<Wave>{{0, 1}}));
}

TEST(Planner, ChunkingSplitsWavesByWidth) {
  EXPECT_EQ(chunkWave(2, {1, 2, 3, 4, 5}), (std::vector<Wave>{{1, 2}, {3, 4}, {5}}));
  EXPECT_TRUE(chunkWave(0, {1, 2}).empty());
}

TEST(Certificate, RejectsEachBrokenObligation) {
  VMState st = twoSessions();
  EXPECT_TRUE(checkWaveCertificate(st, {{{0, 3}, {1, 2}}, 0}));
  EXPECT_FALSE(checkWaveCertificate(st, {{{0, 3}, {0}}, 0})) << "duplicate id";
  EXPECT_FALSE(checkWaveCertificate(st, {{{0, 3, 0}}, 0})) << "duplicate inside a wave";
  EXPECT_FALSE(checkWaveCertificate(st, {{{7}}, 0})) << "not in the ready queue";
  EXPECT_FALSE(checkWaveCertificate(st, {{{0, 2}}, 0})) << "same lane";
  EXPECT_FALSE(checkWaveCertificate(st, {{{0, 1}}, 0})) << "overlapping footprints";
  VMState blocked = twoSessions();
  blocked.coroutines[3].status = CoroStatus::blocked({});
  EXPECT_FALSE(checkWaveCertificate(blocked, {{{3}}, 0})) << "not runnable";
  EXPECT_TRUE(checkWaveCertificate(st, {{}, 99})) << "plannerStep is not checked";
}

TEST(Certificate, CorruptionDuplicatesTheFirstId) {
  VMState st = twoSessions();
  WaveCertificate cert = plannedWaveCertificate(2, st);
  corruptCertificate(cert);
  EXPECT_EQ(cert.waves.front(), (Wave{0, 3, 0}));
  EXPECT_FALSE(checkWaveCertificate(st, cert));
}

TEST(CertifiedRound, RunsEveryRunnableCoroutineOnceInPlanOrder) {
  VMState st = twoSessions();
  st.clock = 1;
  std::vector<CoroutineId> executed;
  ThreadedHooks hooks;
  hooks.afterStep = [&](const VMState&, const StepRecord& r) { executed.push_back(r.cid); };
  EXPECT_TRUE(executeCertifiedRound(2, st, false, hooks));
  EXPECT_EQ(executed, (std::vector<CoroutineId>{0, 3, 1, 2}));
  EXPECT_EQ(st.sched.stepCount, 4u);
  // Wave [0,3]: session 0's A sends, session 1's B finds nothing and blocks; wave [1,2]:
  // session 0's B receives, session 1's A sends. Every event carries the round's tick.
  EXPECT_EQ(traceText(st.obsTrace), (std::vector<std::string>{"0 opened 0 A,B", "0 opened 1 A,B",
                                                               "1 sent 0:A>B unit", "1 received 0:A>B unit",
                                                               "1 sent 1:A>B unit"}));
  EXPECT_EQ(statusText(st.coroutines[3].status), "blocked recvWait 1:A>B");
  EXPECT_TRUE(checkInvariants(st).empty());
}

TEST(CertifiedRound, StepCountIsAddedUpFrontAndSkippedMembersAreNotRequeued) {
  VMState st = twoSessions();
  Wave wave{0, 3};
  st.coroutines[3].status = CoroStatus::done();  // became non-runnable after planning
  executeWave(st, wave);
  EXPECT_EQ(st.sched.stepCount, 2u);
  EXPECT_FALSE(st.sched.readyQueue.contains(3));
  EXPECT_EQ(st.sched.readyQueue.ids(), (std::deque<CoroutineId>{1, 2, 0}));
}

TEST(CertifiedRound, InvalidCertificateFallsBackToExactlyOneCanonicalStep) {
  VMState threaded = twoSessions();
  VMState canonical = twoSessions();
  threaded.clock = canonical.clock = 1;
  EXPECT_FALSE(executeCertifiedRound(2, threaded, /*corrupt=*/true));
  ASSERT_TRUE(schedRoundOne(canonical));
  EXPECT_EQ(threaded.sched.stepCount, 1u);
  EXPECT_EQ(threaded.obsTrace, canonical.obsTrace);
  EXPECT_EQ(threaded.sched.readyQueue.ids(), canonical.sched.readyQueue.ids());
  EXPECT_EQ(extractSnapshot(threaded), extractSnapshot(canonical));
}

TEST(CertifiedRound, EmptyPlanLeavesTheStateUnchanged) {
  VMState st = twoSessions();
  for (auto& c : st.coroutines) c.status = CoroStatus::done();
  EXPECT_TRUE(executeCertifiedRound(2, st, true));  // an empty plan consumes the hook
  EXPECT_EQ(st.sched.stepCount, 0u);
}

TEST(RunThreaded, ConcurrencyOneEqualsRunScheduled) {
  for (const Scenario& s : {scenarioOf(twoLanes(), {pingPongImage(), pingPongImage()}),
                            scenarioOf(operational(), {pingPongImage()})}) {
    RunOptions threaded;
    threaded.threaded = true;
    EXPECT_EQ(run(s, threaded), run(s, {}));
  }
}

TEST(RunThreaded, TwoSessionsCompleteWithEveryRoundSharingATick) {
  RunOptions o;
  o.threaded = true;
  o.concurrency = 2;
  const RunResult r = runChecked(scenarioOf(twoLanes(), {pingPongImage(), pingPongImage()}), o);
  EXPECT_EQ(r.outcome, RunOutcome::Completed);
  EXPECT_LT(r.rounds, 22u);  // fewer rounds than the canonical 2 x 11
  for (const auto& c : r.snapshot.coroutines) EXPECT_EQ(c.status.kind, CoroStatus::Kind::Done);
}

TEST(RunThreaded, CertificateHookMakesThatRoundOneCanonicalStep) {
  RunOptions o;
  o.threaded = true;
  o.concurrency = 2;
  o.invalidCertificateRounds = {2};
  std::map<std::uint64_t, int> stepsPerRound;
  run(scenarioOf(twoLanes(), {pingPongImage(), pingPongImage()}), o, [&](const Observation& obs) {
    if (obs.point == ObservationPoint::AfterStep) stepsPerRound[obs.state.clock] += 1;
  });
  EXPECT_EQ(stepsPerRound[1], 4);
  EXPECT_EQ(stepsPerRound[2], 1);
  EXPECT_GT(stepsPerRound[3], 1);
}

}  // namespace
}  // namespace tt::oracle::testing
