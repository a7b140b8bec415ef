// set, move, jump, spawn, yield, halt (reference B §4.16-4.21).
#include "test_util.hpp"

namespace tt::oracle::testing {
namespace {

using namespace instr;

Bench bench(Bytecode code, VMConfig cfg = monitorOff()) {
  return Bench(pairScenario(std::move(cfg), std::move(code), endR(), endR()));
}

TEST(Set, WritesAnyImmediate) {
  Bench b = bench({Set{2, Value::prod(Value::ofNat(1), chanOf(3, "Q"))}});
  const ExecResult r = b.step();
  EXPECT_EQ(r.status.tag, ExecStatus::Continue);
  EXPECT_EQ(r.event.kind, StepEvent::Kind::None);
  EXPECT_EQ(valueText(b.coro().regs[2]), "(1,chan 3:Q)");
  Bench missing = bench({Set{8, Value::unit()}});
  EXPECT_EQ(faultText(*missing.step().status.fault), "outOfRegisters");
}

TEST(Move, CopiesAndChecksSourceBeforeDestination) {
  Bench b = bench({Move{3, 0}});
  b.step();
  EXPECT_EQ(b.coro().regs[3], chanOf(0, "A"));
  EXPECT_EQ(b.coro().regs[0], chanOf(0, "A"));  // no linearity: the source keeps it
  Bench src = bench({Move{40, 50}});
  EXPECT_EQ(faultText(*src.step().status.fault), "outOfRegisters");
  Bench dst = bench({Move{40, 0}});
  EXPECT_EQ(faultText(*dst.step().status.fault), "outOfRegisters");
}

TEST(Jump, SetsThePcWithoutARangeCheck) {
  Bench b = bench({Jump{1000}});
  EXPECT_EQ(b.step().status.tag, ExecStatus::Continue);
  EXPECT_EQ(b.coro().pc, 1000u);
}

TEST(Spawn, CopiesArgumentRegistersIntoANewCoroutine) {
  Bench b = bench({Spawn{4, {1, 30, 2}}});
  b.coro().regs[1] = Value::ofNat(11);
  b.coro().regs[2] = Value::ofNat(22);
  const ExecResult r = b.step();
  EXPECT_EQ(r.status.tag, ExecStatus::Spawned);
  EXPECT_EQ(r.status.newId, 2u);
  ASSERT_EQ(b.st.coroutines.size(), 3u);
  const CoroutineState& child = b.coro(2);
  EXPECT_EQ(child.pc, 4u);
  EXPECT_EQ(child.programId, b.coro(0).programId);
  EXPECT_EQ(child.regs.size(), 8u);
  EXPECT_EQ(child.regs[0], Value::ofNat(11));
  EXPECT_EQ(child.regs[1], Value::unit());  // args[1] is missing in the parent: skipped
  EXPECT_EQ(child.regs[2], Value::ofNat(22));
  EXPECT_TRUE(child.ownedEndpoints.empty());
  EXPECT_TRUE(child.progressTokens.empty());
  EXPECT_EQ(child.costBudget, b.st.cfg().costModel.defaultBudget);
  EXPECT_EQ(b.st.nextCoroId, 3u);
  EXPECT_EQ(b.coro(0).pc, 1u);
  // The scheduler queues the parent first, then the child.
  b.st.sched.readyQueue.assignRaw({1});
  updateAfterStep(b.st.sched, 0, r.status);
  EXPECT_EQ(b.st.sched.readyQueue.ids(), (std::deque<CoroutineId>{1, 0, 2}));
}

TEST(Yield, LeavesTheCoroutineReadyUnderTheRepair) {
  Bench b = bench({Yield{}});
  const ExecResult r = b.step();
  EXPECT_EQ(r.status.tag, ExecStatus::Yielded);
  EXPECT_EQ(b.coro().status.kind, CoroStatus::Kind::Ready);
  EXPECT_EQ(b.coro().pc, 1u);
}

TEST(Yield, ParksTheCoroutineOnSpawnWaitInLeanLiteral) {
  Bench b = bench({Yield{}}, monitorOff(leanLiteral()));
  b.step();
  EXPECT_EQ(statusText(b.coro().status), "blocked spawnWait");
  EXPECT_FALSE(isRunnable(b.st, 0));
}

TEST(Halt, FinishesAdvancesThePcAndIsCharged) {
  Bench b = bench({Halt{}});
  const std::uint64_t budget = b.coro().costBudget;
  const ExecResult r = b.step();
  EXPECT_EQ(r.status.tag, ExecStatus::Halted);
  EXPECT_EQ(r.event.kind, StepEvent::Kind::None);
  EXPECT_EQ(b.coro().status.kind, CoroStatus::Kind::Done);
  EXPECT_EQ(b.coro().pc, 1u);
  EXPECT_EQ(b.coro().costBudget, budget - 1);
  EXPECT_EQ(b.st.sessions.lookupType({0, "A"})->kind, LocalType::Kind::End);  // type kept
}

}  // namespace
}  // namespace tt::oracle::testing
