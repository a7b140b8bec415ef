// The scheduler (reference C §1-2): each policy's pick order, lane rotation,
// updateAfterStep, the wake pass, and runScheduled's termination.
#include "test_util.hpp"

namespace tt::oracle::testing {
namespace {

using namespace instr;

// Four coroutines 0..3 (roles A..D), each looping on `set`, so they stay runnable.
VMState four(VMConfig cfg = operational()) {
  std::vector<std::pair<Role, Bytecode>> programs;
  std::vector<std::pair<Role, LocalTypeRPtr>> types;
  PC pc = 0;
  for (const Role& r : {"A", "B", "C", "D"}) {
    programs.push_back({r, {Set{1, Value::unit()}, Jump{pc}}});
    types.push_back({r, endR()});
    pc += 2;
  }
  return loaded(scenarioOf(std::move(cfg), {programImage(programs, types)}));
}

void lanes0101(VMState& st) {
  assignLane(st.sched, 1, 1);
  assignLane(st.sched, 3, 1);
}

TEST(Policies, CooperativeAndRoundRobinPickTheFirstRunnable) {
  for (auto kind : {SchedPolicyKind::Cooperative, SchedPolicyKind::RoundRobin}) {
    VMState st = four();
    st.sched.policy.kind = kind;
    st.coroutines[0].status = CoroStatus::blocked({});
    EXPECT_EQ(pickRunnable(st), std::optional<CoroutineId>(1));
  }
}

TEST(Policies, ProgressAwarePrefersATokenHolderElseTheFirstRunnable) {
  VMState st = four();
  st.sched.policy.kind = SchedPolicyKind::ProgressAware;
  for (auto& c : st.coroutines) c.progressTokens.clear();
  EXPECT_EQ(pickRunnable(st), std::optional<CoroutineId>(0));
  st.coroutines[2].progressTokens.push_back({0, {0, "C"}});
  EXPECT_EQ(pickRunnable(st), std::optional<CoroutineId>(2));
}

TEST(Policies, PriorityPicksTheHighestScoreTiesToTheEarliest) {
  VMState st = four();
  st.sched.policy = SchedPolicy{SchedPolicyKind::Priority, {{1, 5}, {2, 5}}};
  EXPECT_EQ(pickRunnable(st), std::optional<CoroutineId>(1));
  st.coroutines[1].status = CoroStatus::done();
  EXPECT_EQ(pickRunnable(st), std::optional<CoroutineId>(2));
  st.sched.policy.priorities.clear();
  EXPECT_EQ(pickRunnable(st), std::optional<CoroutineId>(0));  // all 0: the front
}

// Reference C §1.8's worked example: lanes 0,1,0,1, ready [0,1,2,3], stepCount 0.
TEST(LaneRotation, StartsAtLaneStepCountPlusOne) {
  VMState st = four();
  lanes0101(st);
  EXPECT_EQ(orderedLaneIds(st.sched), (std::vector<LaneId>{0, 1}));
  EXPECT_EQ(schedule(st), std::optional<CoroutineId>(1));  // lane 1 first
  EXPECT_EQ(st.sched.stepCount, 1u);
  EXPECT_EQ(schedule(st), std::optional<CoroutineId>(0));  // then lane 0
  EXPECT_EQ(schedule(st), std::optional<CoroutineId>(3));
}

TEST(LaneRotation, PoliciesActInsideTheLane) {
  VMState st = four();
  lanes0101(st);
  st.sched.policy.kind = SchedPolicyKind::ProgressAware;
  for (auto& c : st.coroutines) c.progressTokens.clear();
  st.coroutines[3].progressTokens.push_back({0, {0, "D"}});
  EXPECT_EQ(pickRunnable(st), std::optional<CoroutineId>(3));
  VMState pr = four();
  lanes0101(pr);
  pr.sched.policy = SchedPolicy{SchedPolicyKind::Priority, {{3, 10}, {1, 5}}};
  EXPECT_EQ(pickRunnable(pr), std::optional<CoroutineId>(3));
}

TEST(LaneRotation, AnEmptyLaneFallsThroughToTheNext) {
  VMState st = four();
  lanes0101(st);
  st.coroutines[1].status = CoroStatus::done();
  st.coroutines[3].status = CoroStatus::done();
  EXPECT_EQ(pickRunnable(st), std::optional<CoroutineId>(0));
}

TEST(LaneRotation, LaneCountIsTheLanesInUseNotK) {
  VMConfig cfg;
  cfg.lanes = {LaneMode::ByCoroutine, 4};
  VMState st = four(cfg);
  EXPECT_EQ(orderedLaneIds(st.sched), (std::vector<LaneId>{0, 1, 2, 3}));
  st.sched.readyQueue.removeFirst(3);  // lane 3 no longer in use
  EXPECT_EQ(orderedLaneIds(st.sched), (std::vector<LaneId>{0, 1, 2}));
  st.sched.readyQueue.assignRaw({3});  // lane 0 always stays in the list
  EXPECT_EQ(orderedLaneIds(st.sched), (std::vector<LaneId>{0, 3}));
}

TEST(LaneRotation, ByCoroutineLanesRunBBeforeAInPingPong) {
  VMConfig cfg;
  cfg.lanes = {LaneMode::ByCoroutine, 2};
  Scenario s = scenarioOf(cfg, {globalImage(comm("A", "B", "ping", comm("B", "A", "pong", endG())), {"A", "B"})});
  std::vector<CoroutineId> picks;
  const RunResult r = run(s, {}, [&](const Observation& o) {
    if (o.point == ObservationPoint::AfterStep) picks.push_back(o.step->cid);
  });
  EXPECT_EQ(r.outcome, RunOutcome::Completed);
  ASSERT_GE(picks.size(), 2u);
  EXPECT_EQ(picks[0], 1u);
  EXPECT_EQ(picks[1], 0u);
}

TEST(Schedule, NothingRunnableMeansNoPickAndNoCount) {
  VMState st = four();
  for (auto& c : st.coroutines) c.status = CoroStatus::blocked({});
  EXPECT_FALSE(schedule(st));
  EXPECT_EQ(st.sched.stepCount, 0u);
  EXPECT_FALSE(schedStep(st));
}

TEST(UpdateAfterStep, EachStatusMovesTheCoroutineWhereLeanPutsIt) {
  VMState st = four();
  SchedState& s = st.sched;
  s.readyQueue.removeFirst(0);
  updateAfterStep(s, 0, ExecStatusFull::of(ExecStatus::Continue));
  EXPECT_EQ(s.readyQueue.ids(), (std::deque<CoroutineId>{1, 2, 3, 0}));
  updateAfterStep(s, 1, ExecStatusFull::blocked(BlockReason{}));
  EXPECT_EQ(s.readyQueue.ids(), (std::deque<CoroutineId>{2, 3, 0}));
  EXPECT_TRUE(s.blockedSet.count(1));
  updateAfterStep(s, 1, ExecStatusFull::faulted(Fault::outOfCredits()));
  EXPECT_FALSE(s.blockedSet.count(1));
  updateAfterStep(s, 2, ExecStatusFull::of(ExecStatus::Halted));
  EXPECT_EQ(s.readyQueue.ids(), (std::deque<CoroutineId>{3, 0}));
  updateAfterStep(s, 3, ExecStatusFull::of(ExecStatus::Yielded));
  updateAfterStep(s, 3, ExecStatusFull::of(ExecStatus::Forked));
  EXPECT_EQ(s.readyQueue.ids(), (std::deque<CoroutineId>{0, 3}));  // never duplicated
}

TEST(UpdateAfterStep, CrossLaneTransferUpdatesTheOwnershipIndexAndLogsAHandoff) {
  VMState st = four();
  lanes0101(st);
  ExecStatusFull t = ExecStatusFull::of(ExecStatus::Transferred);
  t.endpoint = {0, "A"};
  t.targetId = 1;
  st.sched.stepCount = 7;
  updateAfterStep(st.sched, 0, t);
  EXPECT_EQ(st.sched.ownershipIndex.at({0, "A"}), 1u);
  ASSERT_EQ(st.sched.crossLaneHandoffs.size(), 1u);
  const CrossLaneHandoff& h = st.sched.crossLaneHandoffs[0];
  EXPECT_EQ(h.reason, "transfer 0:A");
  EXPECT_EQ(h.delegationWitness, "delegation[0:A] 0->1");
  EXPECT_EQ(h.step, 7u);
  // The index now says lane 1, so a transfer from lane 0 is not allowed to update it.
  updateAfterStep(st.sched, 2, t);
  EXPECT_EQ(st.sched.crossLaneHandoffs.size(), 1u);
}

TEST(WakePass, WakesInAscendingIdAndReadiesOnlyBlockedCoroutines) {
  VMState st = four();
  const Edge e1{0, "B", "C"}, e2{0, "A", "D"};
  for (CoroutineId id : {3, 2}) {
    BlockReason r;
    r.kind = BlockReason::Kind::RecvWait;
    r.edge = id == 2 ? e1 : e2;
    st.coroutines[id].status = CoroStatus::blocked(r);
    st.sched.readyQueue.removeFirst(id);
    updateAfterStep(st.sched, id, ExecStatusFull::blocked(r));
  }
  st.buffers.enqueue(st.cfg().bufferDefault, st.buffers.slotOf(e2), Value::unit());
  st.buffers.enqueue(st.cfg().bufferDefault, st.buffers.slotOf(e1), Value::unit());
  tryUnblockReceivers(st);
  EXPECT_EQ(st.sched.readyQueue.ids(), (std::deque<CoroutineId>{0, 1, 2, 3}));
  EXPECT_EQ(st.coroutines[2].status.kind, CoroStatus::Kind::Ready);
  EXPECT_TRUE(st.sched.blockedSet.empty());
}

TEST(WakePass, LeanLiteralRequeuesButLeavesTheStatusBlocked) {
  VMState st = four(leanLiteral());
  BlockReason r;
  r.kind = BlockReason::Kind::RecvWait;
  r.edge = {0, "B", "A"};
  st.coroutines[0].status = CoroStatus::blocked(r);
  st.sched.readyQueue.removeFirst(0);
  updateAfterStep(st.sched, 0, ExecStatusFull::blocked(r));
  st.buffers.enqueue(st.cfg().bufferDefault, st.buffers.slotOf(r.edge), Value::unit());
  st.partitionedEdges.push_back(r.edge);  // Lean's test ignores partitions
  tryUnblockReceivers(st);
  EXPECT_TRUE(st.sched.readyQueue.contains(0));
  EXPECT_EQ(st.coroutines[0].status.kind, CoroStatus::Kind::Blocked);
  EXPECT_FALSE(isRunnable(st, 0));
}

TEST(WakePass, PartitionedReceiverAndFullBufferSenderStayBlocked) {
  VMConfig cfg;
  cfg.bufferDefault.initialCapacity = 1;
  VMState st = four(cfg);
  BlockReason recv;
  recv.kind = BlockReason::Kind::RecvWait;
  recv.edge = {0, "B", "A"};
  BlockReason send;
  send.kind = BlockReason::Kind::SendWait;
  send.edge = {0, "B", "C"};
  for (auto [id, r] : {std::pair{0, recv}, std::pair{1, send}}) {
    st.coroutines[id].status = CoroStatus::blocked(r);
    st.sched.readyQueue.removeFirst(id);
    updateAfterStep(st.sched, id, ExecStatusFull::blocked(r));
  }
  st.buffers.enqueue(cfg.bufferDefault, st.buffers.slotOf(recv.edge), Value::unit());
  st.buffers.enqueue(cfg.bufferDefault, st.buffers.slotOf(send.edge), Value::unit());
  st.partitionedEdges.push_back(recv.edge);
  tryUnblockReceivers(st);
  EXPECT_EQ(st.sched.blockedSet.size(), 2u);
  st.partitionedEdges.clear();
  st.buffers.dequeue(*st.buffers.findSlot(send.edge));
  tryUnblockReceivers(st);
  EXPECT_TRUE(st.sched.blockedSet.empty());
  EXPECT_EQ(st.coroutines[1].status.kind, CoroStatus::Kind::Ready);
}

TEST(WakePass, SenderIsNotWokenWithoutTheSendUnblockRepair) {
  VMState st = four(allRepairsBut(Repair::SchedSendUnblock));
  BlockReason send;
  send.kind = BlockReason::Kind::SendWait;
  send.edge = {0, "B", "C"};
  st.coroutines[1].status = CoroStatus::blocked(send);
  st.sched.readyQueue.removeFirst(1);
  updateAfterStep(st.sched, 1, ExecStatusFull::blocked(send));
  tryUnblockReceivers(st);
  EXPECT_TRUE(st.sched.blockedSet.count(1));
}

// --- runScheduled termination ------------------------------------------------------------

Scenario haltPair(std::uint64_t fuel) {
  Scenario s = pairScenario(operational(), {Halt{}}, endR(), endR());
  s.run.fuel = fuel;
  return s;
}

TEST(RunScheduled, StopsWhenEveryCoroutineIsTerminal) {
  Scenario s = haltPair(100);
  const RunResult r = runChecked(s);
  EXPECT_EQ(r.outcome, RunOutcome::Completed);
  EXPECT_EQ(r.rounds, 2u);
  EXPECT_EQ(r.stepsExecuted, 2u);
}

TEST(RunScheduled, StopsStuckWhenARoundMakesNoStep) {
  Scenario s = pairScenario(operational(), {Receive{0, 1}}, recvR("B", "m", std::nullopt, endR()), endR());
  const RunResult r = runChecked(s);
  EXPECT_EQ(r.outcome, RunOutcome::Stuck);
  EXPECT_EQ(r.stepsExecuted, 2u);
  EXPECT_EQ(r.rounds, 3u);  // the final round's clock increment is kept
}

TEST(RunScheduled, StopsWhenFuelRunsOut) {
  Scenario s = pairScenario(operational(), {Jump{0}}, endR(), endR(), {Jump{1}});
  s.run.fuel = 9;
  const RunResult r = runChecked(s);
  EXPECT_EQ(r.outcome, RunOutcome::FuelExhausted);
  EXPECT_EQ(r.rounds, 9u);
  EXPECT_EQ(r.stepsExecuted, 9u);
  s.run.fuel = 0;
  const RunResult none = runChecked(s);
  EXPECT_EQ(none.outcome, RunOutcome::FuelExhausted);
  EXPECT_EQ(none.rounds, 0u);
}

TEST(RunScheduled, ConcurrencyDoesNotChangeACanonicalRun) {
  Scenario s = scenarioOf(operational(), {globalImage(comm("A", "B", "ping", comm("B", "A", "pong", endG())), {"A", "B"})});
  RunOptions eight;
  eight.concurrency = 8;
  EXPECT_EQ(run(s, eight), run(s, {}));
}

TEST(RunScheduled, ConcurrencyZeroIsBadInput) {
  RunOptions zero;
  zero.concurrency = 0;
  EXPECT_THROW(run(haltPair(3), zero), InputError);
}

TEST(RunScheduled, SpawnedChildJoinsItsLaneRightAfterTheStep) {
  VMConfig cfg;
  cfg.lanes = {LaneMode::ByCoroutine, 3};
  Scenario s = pairScenario(cfg, {Spawn{3, {}}, Halt{}, Halt{}, Halt{}}, endR(), endR(), {Halt{}});
  VMState st = loaded(s);
  st.clock = 1;
  auto rec = schedStep(st);  // lane 1 first: B halts
  ASSERT_TRUE(rec);
  rec = schedStep(st);       // A spawns coroutine 2
  ASSERT_EQ(rec->result.status.tag, ExecStatus::Spawned);
  EXPECT_EQ(laneOf(st.sched, 2), 2u);  // 2 mod 3
  rec = schedStep(st);
  ASSERT_TRUE(rec);
  EXPECT_EQ(st.coroutines.size(), 3u);
  EXPECT_TRUE(checkInvariants(st).empty());
}

TEST(RunScheduled, ResourceCapEndsTheRunWithResourceLimit) {
  VMConfig cfg;
  cfg.limits.maxCoroutinesTotal = 4;
  Scenario s = pairScenario(cfg, {Spawn{0, {}}, Jump{0}}, endR(), endR(), {Halt{}});
  const RunResult r = run(s, {});
  EXPECT_EQ(r.outcome, RunOutcome::ResourceLimit);
  EXPECT_NE(r.detail.find("maxCoroutinesTotal"), std::string::npos);
}

}  // namespace
}  // namespace tt::oracle::testing

namespace tt::oracle::testing {
namespace {

// Reference C §6.1 items 6-8 across rounds: the clock grows by one per round, the step
// count by at most one (canonical), and every event a round appends carries its tick.
TEST(RunScheduled, RoundInvariantsHoldOnALoopingProtocol) {
  auto loop = GlobalType::mu("t", comm("A", "B", "msg", comm("B", "A", "ack", GlobalType::varRef("t"))));
  Scenario s = scenarioOf(operational(), {globalImage(loop, {"A", "B"}), globalImage(loop, {"A", "B"})}, 60);
  std::uint64_t clock = 0, steps = 0;
  std::size_t traceLen = 2;
  int rounds = 0;
  run(s, {}, [&](const Observation& o) {
    if (o.point != ObservationPoint::AfterRound) return;
    ++rounds;
    EXPECT_EQ(o.state.clock, clock + 1);
    EXPECT_LE(o.state.sched.stepCount, steps + 1);
    EXPECT_GE(o.state.sched.stepCount, steps);
    for (std::size_t k = traceLen; k < o.state.obsTrace.size(); ++k) EXPECT_EQ(o.state.obsTrace[k].tick, o.state.clock);
    clock = o.state.clock;
    steps = o.state.sched.stepCount;
    traceLen = o.state.obsTrace.size();
    EXPECT_TRUE(checkInvariants(o.state).empty());
  });
  EXPECT_EQ(rounds, 60);
}

}  // namespace
}  // namespace tt::oracle::testing
