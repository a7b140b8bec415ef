// The drivers: policies, lanes, termination and scripted faults in the cooperative driver;
// the threaded driver's certified rounds, its fallback and its independence from the
// worker count.
#include <gtest/gtest.h>

#include "builders.hpp"
#include "tt/core/json.hpp"
#include "tt/vm/workloads.hpp"

namespace tt::vm::test {
namespace {

using K = ObsEvent::Kind;

// One single-role image per program: each coroutine owns its own session.
Scenario soloImages(const std::vector<Bytecode>& codes, std::uint64_t fuel = 100) {
  std::vector<ImageSpec> images;
  for (const Bytecode& code : codes) images.push_back(programImage({{"P", code}}, {{"P", rEnd()}}));
  return scenario(std::move(images), fuel);
}

std::vector<CoroutineId> emitters(const Trace& t) {
  std::vector<CoroutineId> out;
  for (const auto& e : t)
    if (e.coro) out.push_back(*e.coro);
  return out;
}

const Bytecode kInvokeTwice = {instr::Invoke{}, instr::Invoke{}, instr::Halt{}};

TEST(Cooperative, RoundRobinInQueueOrder) {
  const RunResult r = runCoop(soloImages({kInvokeTwice, kInvokeTwice, kInvokeTwice}));
  ASSERT_EQ(r.outcome, RunOutcome::Completed);
  EXPECT_EQ(emitters(r.trace), (std::vector<CoroutineId>{0, 1, 2, 0, 1, 2}));
  EXPECT_EQ(r.rounds, 9u);
}

TEST(Cooperative, PriorityPolicyPicksTheHighestScoreTiesToTheEarliest) {
  Scenario s = soloImages({kInvokeTwice, kInvokeTwice, kInvokeTwice});
  s.config.schedPolicy.kind = SchedPolicyKind::Priority;
  s.config.schedPolicy.priorities = {{1, 5}, {2, 5}};
  const RunResult r = runCoop(s);
    // R1: 1 (5, ties to the earliest); queue [0,2,1]; R2: 2 is now the earlier 5; ...
  EXPECT_EQ(emitters(r.trace), (std::vector<CoroutineId>{1, 2, 1, 2, 0, 0}));
}

TEST(Cooperative, ProgressAwarePrefersTokenHolders) {
  // P: spawn a child (no tokens) at 4; invoke; invoke; halt | child: halt
  const Bytecode code = {instr::Spawn{4, {}}, instr::Invoke{}, instr::Invoke{}, instr::Halt{}, instr::Halt{}};
  Scenario s = soloImages({code});
  const RunResult coop = runCoop(s);
  // R2: P invokes; R3: the child (first in the queue) halts; R4: P invokes.
  ASSERT_EQ(kinds(coop.trace), (std::vector<K>{K::Opened, K::Invoked, K::Invoked}));
  EXPECT_EQ(coop.trace[2].tick, 4u);
  s.config.schedPolicy.kind = SchedPolicyKind::ProgressAware;
  const RunResult aware = runCoop(s);
  EXPECT_EQ(aware.trace[2].tick, 3u);
}

TEST(Cooperative, ByCoroutineLanesRotateFromStepCountPlusOne) {
  // Four coroutines on lanes 0,1,0,1 (C §1.8's worked example): lane 1 first (1), then
  // lane 0 (0), lane 1 (3), lane 0 (2).
  Scenario s = soloImages({kInvokeTwice, kInvokeTwice, kInvokeTwice, kInvokeTwice});
  s.config.lanes = {LaneMode::ByCoroutine, 2};
  const RunResult r = runCoop(s);
  const auto e = emitters(r.trace);
  ASSERT_GE(e.size(), 4u);
  EXPECT_EQ(std::vector<CoroutineId>(e.begin(), e.begin() + 4), (std::vector<CoroutineId>{1, 0, 3, 2}));
}

TEST(Cooperative, TerminationOutcomes) {
  // A receiver nobody sends to: stuck.
  const Scenario stuck = scenario({programImage({{"P", {instr::Halt{}}}, {"Q", {instr::Receive{0, 1}}}},
                                                {{"P", rSend("Q", "m", rEnd())}, {"Q", rRecv("P", "m", rEnd())}})});
  const RunResult a = runCoop(stuck);
  EXPECT_EQ(a.outcome, RunOutcome::Stuck);
  EXPECT_EQ(a.rounds, 3u);  // the round that made no step is counted
  // An endless loop: fuel.
  const RunResult b = runCoop(soloImages({{instr::Jump{0}}}, 17));
  EXPECT_EQ(b.outcome, RunOutcome::FuelExhausted);
  EXPECT_EQ(b.rounds, 17u);
  EXPECT_EQ(b.stepsExecuted, 17u);
  // The cooperative driver ignores n (runScheduled makes one step per round).
  const Scenario s = soloImages({kInvokeTwice, kInvokeTwice});
  EXPECT_EQ(runCoop(s, 1), runCoop(s, 4));
}

TEST(Faults, PartitionBlocksBothSidesAndHealWakesThem) {
  Scenario s = scenario({programImage({{"P", {instr::Send{0, 1}, instr::Halt{}}}, {"Q", {instr::Receive{0, 1}, instr::Halt{}}}},
                                      {{"P", rSendT("Q", "m", ValType::unit(), rEnd())},
                                       {"Q", rRecvT("P", "m", ValType::unit(), rEnd())}})});
  Failure part;
  part.kind = Failure::Kind::Partition;
  part.edges = {{0, "P", "Q"}};
  Failure heal = part;
  heal.kind = Failure::Kind::Heal;
  s.faults = {{1, part}, {6, heal}};
  const RunResult r = runCoop(s);
  ASSERT_EQ(r.outcome, RunOutcome::Completed);
  // R1 P blocks (partitioned), R2 Q blocks, R3-R5 nothing runs but the heal is pending;
  // R6 heal: P is woken and sends; R7 Q is woken, P halts; R8 Q receives; R9 Q halts.
  ASSERT_EQ(kinds(r.trace), (std::vector<K>{K::Opened, K::Sent, K::Received}));
  EXPECT_EQ(r.trace[1].tick, 6u);
  EXPECT_EQ(r.trace[2].tick, 8u);
  EXPECT_EQ(r.rounds, 9u);
  ASSERT_EQ(r.snapshot.failureTrace.size(), 4u);
  EXPECT_EQ(r.snapshot.failureTrace[0].detail, "failure:topology_mutation");
  EXPECT_EQ(r.snapshot.failureTrace[1].detail, "recovery:retry ticks=1");
  EXPECT_EQ(r.snapshot.failureTrace[3].detail, "recovery:continue");
  EXPECT_EQ(r.snapshot.failureTrace[3].seqNo, 4u);
  ASSERT_EQ(r.snapshot.structuredErrorEvents.size(), 2u);
  EXPECT_EQ(r.snapshot.structuredErrorEvents[0].seqNo, 2u);
  EXPECT_EQ(r.snapshot.structuredErrorEvents[0].evidenceId, "1");
  EXPECT_EQ(r.snapshot.structuredErrorEvents[0].detail, "partition edges=1");
  EXPECT_EQ(r.snapshot.structuredErrorEvents[0].action, StructuredErrorEvent::Action::RetryAfter);
  EXPECT_EQ(r.snapshot.structuredErrorEvents[1].action, StructuredErrorEvent::Action::Continue);
  EXPECT_TRUE(r.snapshot.partitionedEdges.empty());
}

TEST(Faults, CrashCorruptAndTimeoutFollowApplyFailure) {
  Scenario s = soloImages({{instr::Jump{0}}}, 10);
  Failure crash;
  crash.kind = Failure::Kind::SiteCrash;
  crash.site = 3;
  Failure corrupt;
  corrupt.kind = Failure::Kind::Corrupt;
  corrupt.edge = {0, "P", "P"};
  corrupt.seqNo = 9;
  Failure timeout;
  timeout.kind = Failure::Kind::Timeout;
  timeout.edge = {0, "P", "P"};
  timeout.deadline = 2;
  s.faults = {{2, crash}, {2, corrupt}, {3, timeout}};
  const RunResult r = runCoop(s);
  EXPECT_EQ(r.snapshot.crashedSites, (std::vector<SiteId>{3}));
  // corrupt on a live session quarantines the edge; the timeout past its deadline closes
  // the session record (coroutines keep running).
  EXPECT_EQ(r.snapshot.partitionedEdges, (std::vector<Edge>{{0, "P", "P"}}));
  EXPECT_EQ(r.snapshot.sessions[0].phase, SessionPhase::Closed);
  const auto& se = r.snapshot.structuredErrorEvents;
  ASSERT_EQ(se.size(), 3u);
  EXPECT_EQ(se[1].detail, "corrupt sid=0 seq=9");
  EXPECT_EQ(se[1].action, StructuredErrorEvent::Action::QuarantineEdge);
  EXPECT_EQ(se[1].certainty, StructuredErrorEvent::Certainty::Unknown);
  EXPECT_EQ(se[2].detail, "timeout sid=0 deadline=2");
  EXPECT_EQ(se[2].action, StructuredErrorEvent::Action::CloseSession);
  EXPECT_EQ(r.outcome, RunOutcome::FuelExhausted);
}

Failure partitionOf(std::vector<Edge> edges, Failure::Kind k = Failure::Kind::Partition) {
  Failure f;
  f.kind = k;
  f.edges = std::move(edges);
  return f;
}

ImageSpec sendThenWait(std::size_t idleSets) {
  Bytecode q;
  for (std::size_t i = 0; i < idleSets; ++i) q.push_back(instr::Set{2, Value::unit()});
  q.push_back(instr::Receive{0, 1});
  q.push_back(instr::Halt{});
  return programImage({{"P", {instr::Send{0, 1}, instr::Halt{}}}, {"Q", q}},
                      {{"P", rSendT("Q", "m", ValType::unit(), rEnd())}, {"Q", rRecvT("P", "m", ValType::unit(), rEnd())}});
}

TEST(Faults, APartitionedReceiverIsNotWokenByAFullBuffer) {
  // F D3: the message is there, but the edge is partitioned: the receiver stays blocked
  // and the run ends stuck instead of burning its fuel.
  Scenario s = scenario({sendThenWait(2)}, 1000);
  s.faults = {{2, partitionOf({{0, "P", "Q"}})}};
  const RunResult r = runCoop(s);
  EXPECT_EQ(r.outcome, RunOutcome::Stuck);
  EXPECT_EQ(r.rounds, 6u);  // R1 send, R2 set, R3 halt, R4 set, R5 receive blocks, R6 none
  ASSERT_EQ(r.snapshot.buffers.size(), 1u);
}

TEST(Faults, WokenCoroutinesJoinTheQueueInAscendingId) {
  // Both receivers block on partitioned edges with a message waiting; the heal wakes
  // them in one pass, lowest id first (F D1).
  Scenario s = scenario({sendThenWait(2), sendThenWait(2)}, 1000);
  s.faults = {{5, partitionOf({{1, "P", "Q"}, {0, "P", "Q"}})},
              {12, partitionOf({{1, "P", "Q"}, {0, "P", "Q"}}, Failure::Kind::Heal)}};
  const RunResult r = runCoop(s);
  ASSERT_EQ(r.outcome, RunOutcome::Completed);
  std::vector<std::pair<std::uint64_t, CoroutineId>> received;
  for (const auto& e : r.trace)
    if (e.event.kind == K::Received) received.emplace_back(e.tick, *e.coro);
  EXPECT_EQ(received, (std::vector<std::pair<std::uint64_t, CoroutineId>>{{12, 1}, {13, 3}}));
}

// ---- threaded driver --------------------------------------------------------------------

TEST(Threaded, ARoundRunsEveryRunnableCoroutineOnce) {
  Scenario s = disjointWorkload(5, 1, 4);
  const RunResult r = runThreaded(s, 4, 2);
  EXPECT_EQ(r.stepsExecuted, 10u);
  EXPECT_EQ(r.rounds, 1u);
  // Sends of one session precede its receives (A is planned in an earlier wave than B);
  // all events carry the round's tick.
  for (const auto& e : r.trace)
    if (e.coro) EXPECT_EQ(e.tick, 1u);
}

TEST(Threaded, AtWidthOneTheThreadedDriverIsCanonical) {
  const Scenario s = json::loadScenarioFile(std::string(TT_REPO_DIR) + "/docs/examples/scenario.json");
  EXPECT_EQ(runThreaded(s, 1, 2), runCoop(s));
}

TEST(Threaded, AnInvalidCertificateDegradesTheRoundToOneCanonicalStep) {
  Scenario s = disjointWorkload(3, 1, 2);
  const RunResult hooked = runThreaded(s, 2, 2, {1});
  EXPECT_EQ(hooked, runCoop(s));  // one round = one canonical step
  Scenario longer = disjointWorkload(3, 5, 2);
  RunOptions o;
  o.concurrency = 2;
  o.workers = 2;
  o.invalidCertificateRounds = {2, 4};
  Metrics m;
  run(longer, o, &m);
  EXPECT_EQ(m.fallbacks, 2u);
  EXPECT_EQ(m.certifiedRounds, 3u);
}

TEST(Threaded, TheDocsExampleIsTheSameForEveryWorkerCount) {
  const Scenario s = json::loadScenarioFile(std::string(TT_REPO_DIR) + "/docs/examples/scenario.json");
  const RunResult one = runThreaded(s, 2, 1, s.run.invalidCertificateRounds);
  for (std::uint64_t w : {2, 4, 8}) EXPECT_EQ(runThreaded(s, 2, w, s.run.invalidCertificateRounds), one) << w;
  // Round 1 by hand: waves [A, Server], [B, Client], [P], [Q] (lanes by coroutine 2; A and
  // B share a footprint): A offers, B chooses in the same round.
  ASSERT_GE(one.trace.size(), 5u);
  EXPECT_EQ(one.trace[3].event.kind, K::Offered);
  EXPECT_EQ(one.trace[3].tick, 1u);
  EXPECT_EQ(one.trace[4].event.kind, K::Chose);
  EXPECT_EQ(one.trace[4].tick, 1u);
}

TEST(Threaded, MetricsDescribeThePlan) {
  RunOptions o;
  o.concurrency = 8;
  o.workers = 2;
  Metrics m;
  const RunResult r = run(disjointWorkload(100, 30, 8), o, &m);
  EXPECT_EQ(m.steps, r.stepsExecuted);
  EXPECT_EQ(m.rounds, 30u);
  EXPECT_EQ(m.certifiedRounds, 30u);
  EXPECT_EQ(m.maxWaveWidth, 8u);  // one coroutine per lane per wave
  EXPECT_GT(m.meanWaveWidth, 1.0);
  EXPECT_EQ(m.fallbacks, 0u);
  EXPECT_EQ(m.workers, 2u);
  EXPECT_GT(m.segments, 0u);
}

}  // namespace
}  // namespace tt::vm::test
