// execInstr's pipeline (reference B §2): fetch, monitor precheck, cost, commit and the
// output-condition gate with its rollback.
#include "test_util.hpp"

namespace tt::oracle::testing {
namespace {

using namespace instr;
const Edge kAB{0, "A", "B"};
const Edge kBA{0, "B", "A"};

Bench bench(Bytecode code, LocalTypeRPtr typeA, VMConfig cfg = operational()) {
  return Bench(pairScenario(std::move(cfg), std::move(code), std::move(typeA), endR()));
}
LocalTypeRPtr sendU() { return sendR("B", "m", std::nullopt, endR()); }

TEST(ExecInstr, UnknownCoroutineFaultsAndLeavesTheStateAlone) {
  Bench b = bench({Halt{}}, endR());
  const ExecResult r = b.step(7);
  EXPECT_EQ(faultText(*r.status.fault), "closeFault \"unknown coroutine\"");
  EXPECT_EQ(r.event.kind, StepEvent::Kind::Internal);
  EXPECT_EQ(b.coro(0).status.kind, CoroStatus::Kind::Ready);
}

TEST(ExecInstr, DoneCoroutineReportsHaltedWithoutChange) {
  Bench b = bench({Halt{}, Halt{}}, endR());
  b.step();
  const std::uint64_t budget = b.coro().costBudget;
  const ExecResult r = b.step();
  EXPECT_EQ(r.status.tag, ExecStatus::Halted);
  EXPECT_EQ(r.event.kind, StepEvent::Kind::None);
  EXPECT_EQ(b.coro().pc, 1u);
  EXPECT_EQ(b.coro().costBudget, budget);
}

TEST(ExecInstr, FaultedCoroutineReportsItsFaultAgain) {
  Bench b = bench({Move{0, 30}}, endR());
  const Fault f = *b.step().status.fault;
  const ExecResult again = b.step();
  EXPECT_EQ(*again.status.fault, f);
  EXPECT_EQ(again.event.kind, StepEvent::Kind::Internal);
}

TEST(ExecInstr, UnknownProgramAndPcOutOfRangeFaultBeforeMonitorAndCost) {
  Bench b = bench({Halt{}}, endR());
  b.coro().programId = 42;
  const std::uint64_t budget = b.coro().costBudget;
  EXPECT_EQ(faultText(*b.step().status.fault), "closeFault \"unknown program\"");
  EXPECT_EQ(statusText(b.coro().status), "faulted closeFault \"unknown program\"");
  EXPECT_EQ(b.coro().costBudget, budget);
  Bench pc = bench({Jump{99}}, endR());
  pc.step();
  EXPECT_EQ(faultText(*pc.step().status.fault), "closeFault \"pc out of range\"");
  EXPECT_EQ(pc.coro().pc, 99u);
}

TEST(ExecInstr, BlockedCoroutineIsReExecutedWhenCalledDirectly) {
  Bench b = bench({Receive{0, 1}}, recvR("B", "m", std::nullopt, endR()));
  EXPECT_EQ(b.step().status.tag, ExecStatus::Blocked);
  b.put(kBA, Value::ofNat(1));
  EXPECT_EQ(b.step().status.tag, ExecStatus::Continue);
}

TEST(Monitor, MissingChannelEndpointIsATypeViolationOfUnitAndNotCharged) {
  VMConfig cfg = operational();
  cfg.repairs.set(Repair::LoadEndpointRegister, false);
  Bench b = bench({Send{0, 1}}, sendU(), cfg);
  const std::uint64_t budget = b.coro().costBudget;
  const Fault f = *b.step().status.fault;
  EXPECT_EQ(f, Fault::typeViolation(ValType::unit(), ValType::unit()));
  EXPECT_EQ(b.st.monitor.lastRejection, std::optional<std::string>("[monitor] missing channel endpoint"));
  EXPECT_EQ(b.coro().costBudget, budget);
}

TEST(Monitor, NoTypeRegisteredAndWrongShape) {
  Bench noType = bench({Send{1, 2}}, sendU());
  noType.coro().regs[1] = chanOf(9, "A");
  noType.step();
  EXPECT_EQ(noType.st.monitor.lastRejection, std::optional<std::string>("[monitor] no type registered"));
  Bench sendOnRecv = bench({Send{0, 1}}, recvR("B", "m", std::nullopt, endR()));
  sendOnRecv.step();
  EXPECT_EQ(sendOnRecv.st.monitor.lastRejection, std::optional<std::string>("[monitor] expected Send state"));
  Bench recvOnSend = bench({Receive{0, 1}}, sendU());
  recvOnSend.step();
  EXPECT_EQ(recvOnSend.st.monitor.lastRejection, std::optional<std::string>("[monitor] expected Recv state"));
}

TEST(Monitor, IsLooserThanTheStepForMultiArmChoices) {
  // A two-armed select passes the monitor (shape `select`) and then faults in the step.
  Bench b = bench({Send{0, 1}}, LocalTypeR::send("B", arms({{"x", endR()}, {"y", endR()}})));
  const std::uint64_t budget = b.coro().costBudget;
  EXPECT_EQ(faultText(*b.step().status.fault), "specFault \"send not permitted\"");
  EXPECT_FALSE(b.st.monitor.lastRejection.has_value());
  EXPECT_EQ(b.coro().costBudget, budget - 1);
}

TEST(Monitor, StructuralCheckRejectsDuplicateChooseLabelsUnlessOff) {
  Bench on = bench({Choose{0, {{"x", 0}, {"x", 0}}}}, LocalTypeR::recv("B", arms({{"x", endR()}})));
  EXPECT_EQ(on.step().status.fault->kind, Fault::Kind::TypeViolation);
  EXPECT_EQ(on.st.monitor.lastRejection, std::optional<std::string>("[monitor] structural precheck failed"));
  Bench off = bench({Choose{0, {{"x", 0}, {"x", 0}}}}, LocalTypeR::recv("B", arms({{"x", endR()}})), monitorOff());
  EXPECT_EQ(off.step().status.tag, ExecStatus::Blocked);
}

TEST(Monitor, StructuralCheckRejectsOpenWithRolesAndDstsOfDifferentLength) {
  Open op;
  op.roles = {"X"};
  Bench b = bench({Instr{op}}, endR());
  EXPECT_EQ(b.step().status.fault->kind, Fault::Kind::TypeViolation);
}

TEST(Monitor, RecordsAJudgmentForTheChannelOrThePrimaryEndpoint) {
  Bench b = bench({Send{0, 1}, Set{2, Value::unit()}}, sendU());
  b.st.clock = 5;
  b.step();
  ASSERT_TRUE(b.st.monitor.lastJudgment);
  EXPECT_EQ(b.st.monitor.lastJudgment->endpoint, (Endpoint{0, "A"}));
  EXPECT_EQ(b.st.monitor.lastJudgment->instrTag, Opcode::Send);
  EXPECT_EQ(b.st.monitor.lastJudgment->tick, 5u);
  b.step();
  EXPECT_EQ(b.st.monitor.lastJudgment->instrTag, Opcode::Set);
}

TEST(Cost, InsufficientBudgetIsOutOfCreditsAndNotCharged) {
  VMConfig cfg = operational();
  cfg.costModel.stepCost[static_cast<std::size_t>(Opcode::Set)] = 3;
  Bench b = bench({Set{1, Value::ofNat(1)}, Set{1, Value::ofNat(2)}}, endR(), cfg);
  b.coro().costBudget = 5;
  EXPECT_EQ(b.step().status.tag, ExecStatus::Continue);
  EXPECT_EQ(b.coro().costBudget, 2u);
  EXPECT_EQ(faultText(*b.step().status.fault), "outOfCredits");
  EXPECT_EQ(b.coro().costBudget, 2u);
  EXPECT_EQ(b.coro().regs[1], Value::ofNat(1));
}

VMConfig denyAll() {
  VMConfig cfg = operational();
  cfg.outputCondition.kind = OutputConditionPolicyKind::DenyAll;
  return cfg;
}

TEST(OutputGate, RejectionDropsGlobalEffectsButKeepsTheCoroutinesStep) {
  Bench b = bench({Receive{0, 3}}, recvR("B", "m", std::nullopt, endR()), denyAll());
  b.put(kBA, Value::ofNat(8));
  const ExecResult r = b.step();
  EXPECT_EQ(faultText(*r.status.fault), "specFault \"output condition rejected: vm.observable_output\"");
  EXPECT_EQ(r.event.kind, StepEvent::Kind::Internal);
  EXPECT_EQ(b.queued(kBA).size(), 1u);                     // the dequeue is rolled back
  EXPECT_EQ(b.coro().regs[3], Value::ofNat(8));            // the register write stays
  EXPECT_EQ(b.coro().pc, 1u);                              // and so does the pc advance
  EXPECT_EQ(b.st.sessions.lookupType({0, "A"})->kind, LocalType::Kind::Branch);
  EXPECT_EQ(b.st.outputConditionVerdicts, std::vector<bool>{false});
  EXPECT_EQ(b.st.obsTrace.size(), 1u);  // only the loader's `opened`
}

TEST(OutputGate, RejectedCloseLeavesNoEventAtAll) {
  Bench b = bench({Close{0}}, endR(), denyAll());
  b.step();
  EXPECT_EQ(b.st.obsTrace.size(), 1u);  // neither epochAdvanced nor closed
  EXPECT_EQ(b.st.sessions.find(0)->phase, SessionPhase::Active);
  EXPECT_TRUE(b.coro().ownedEndpoints.empty());  // the coroutine's own change stays
}

TEST(OutputGate, StepsWithoutAnObservableEventAreNotChecked) {
  Bench b = bench({Set{1, Value::unit()}}, endR(), denyAll());
  EXPECT_EQ(b.step().status.tag, ExecStatus::Continue);
  EXPECT_TRUE(b.st.outputConditionVerdicts.empty());
}

}  // namespace
}  // namespace tt::oracle::testing
