// One scenario per repair of SEMANTICS §2 whose result differs between the profiles
// exactly where that repair acts (the ablation of reference E §3): the run with every
// repair and the run without that one agree up to the step the repair decides.
#include "test_util.hpp"

namespace tt::oracle::testing {
namespace {

using Strings = std::vector<std::string>;

ImageSpec pingPongImage() {
  return globalImage(comm("A", "B", "ping", comm("B", "A", "pong", endG())), {"A", "B"});
}

// The statuses of all coroutines, in id order.
Strings statuses(const RunResult& r) {
  Strings out;
  for (const auto& c : r.snapshot.coroutines) out.push_back(statusText(c.status));
  return out;
}

TEST(Repairs, EndpointRegisterPutsTheEndpointInRegisterZero) {
  const RunResult with = runChecked(scenarioOf(operational(), {pingPongImage()}));
  const RunResult without = runChecked(scenarioOf(allRepairsBut(Repair::LoadEndpointRegister), {pingPongImage()}));
  EXPECT_EQ(with.outcome, RunOutcome::Completed);
  // Without it the first communication of each role fails the monitor: register 0 is unit.
  EXPECT_EQ(statuses(without), (Strings{"faulted typeViolation", "faulted typeViolation"}));
  EXPECT_EQ(without.stepsExecuted, 2u);
  EXPECT_EQ(traceText(without.trace), (Strings{"0 opened 0 A,B"}));
  EXPECT_EQ(without.snapshot.coroutines[0].pc, 0u);
}

TEST(Repairs, PcRelocationMakesTheLaterRolesChooseTableLandInItsOwnCode) {
  auto choice = GlobalType::comm("C", "S", {GlobalBranch{lbl("accept"), comm("S", "C", "data", endG())},
                                            GlobalBranch{lbl("reject"), comm("S", "C", "error", endG())}});
  const RunResult with = runChecked(scenarioOf(operational(), {globalImage(choice, {"C", "S"})}));
  const RunResult without =
      runChecked(scenarioOf(allRepairsBut(Repair::LoadPcRelocation), {globalImage(choice, {"C", "S"})}));
  EXPECT_EQ(with.outcome, RunOutcome::Completed);
  // Both choose `accept` in round 2; without relocation S jumps to pc 1 (C's receive) and
  // its next step fails the monitor, while C waits forever.
  const Strings common{"0 opened 0 C,S", "1 offered 0:C>S accept", "2 chose 0:C>S accept"};
  EXPECT_EQ(traceText(without.trace), common);
  const Strings withText = traceText(with.trace);
  EXPECT_EQ(Strings(withText.begin(), withText.begin() + 3), common);
  EXPECT_EQ(statuses(without), (Strings{"blocked recvWait 0:S>C", "faulted typeViolation"}));
  EXPECT_EQ(without.snapshot.coroutines[1].pc, 1u);
  EXPECT_EQ(without.outcome, RunOutcome::Stuck);
}

TEST(Repairs, LabelOnlyMessageLetsSendAndReceiveUseAOneArmedChoice) {
  const RunResult with = runChecked(scenarioOf(operational(), {pingPongImage()}));
  const RunResult without = runChecked(scenarioOf(allRepairsBut(Repair::CommLabelOnlyMessage), {pingPongImage()}));
  EXPECT_EQ(with.outcome, RunOutcome::Completed);
  EXPECT_EQ(statuses(without),
            (Strings{"faulted specFault \"send not permitted\"", "faulted specFault \"recv not permitted\""}));
  EXPECT_EQ(traceText(without.trace), (Strings{"0 opened 0 A,B"}));
}

TEST(Repairs, RecursionUnfoldingLetsALoopCommunicate) {
  auto loop = GlobalType::mu("t", comm("A", "B", "msg", comm("B", "A", "ack", GlobalType::varRef("t"))));
  const RunResult with = runChecked(scenarioOf(operational(), {globalImage(loop, {"A", "B"})}, 24));
  const RunResult without =
      runChecked(scenarioOf(allRepairsBut(Repair::TypesRecursionUnfolding), {globalImage(loop, {"A", "B"})}, 24));
  EXPECT_EQ(with.outcome, RunOutcome::FuelExhausted);
  EXPECT_EQ(with.trace.size(), 1u + 16u);
  // The stored type's top is `mu`: the monitor rejects the first communication.
  EXPECT_EQ(statuses(without), (Strings{"faulted typeViolation", "faulted typeViolation"}));
  EXPECT_EQ(without.stepsExecuted, 2u);
}

TEST(Repairs, ProgressTokenLetsReceivesRunAndIsKeptWhenTheyBlock) {
  const RunResult with = runChecked(scenarioOf(operational(), {pingPongImage()}));
  const RunResult without = runChecked(scenarioOf(allRepairsBut(Repair::RecvProgressToken), {pingPongImage()}));
  EXPECT_EQ(with.outcome, RunOutcome::Completed);
  // Same first step; then B's receive (round 2) and A's (round 4) find no token.
  EXPECT_EQ(traceText(without.trace), (Strings{"0 opened 0 A,B", "1 sent 0:A>B unit", "3 invoked 0:A"}));
  EXPECT_EQ(statuses(without), (Strings{"faulted noProgressToken", "faulted noProgressToken"}));
  EXPECT_EQ(without.snapshot.coroutines[1].status.fault.edge, (Edge{0, "A", "B"}));
  EXPECT_EQ(without.snapshot.coroutines[0].status.fault.edge, (Edge{0, "B", "A"}));
}

TEST(Repairs, ResumeStatusLetsAWokenReceiverRunAgain) {
  const RunResult with = runChecked(scenarioOf(operational(), {pingPongImage()}));
  const RunResult without = runChecked(scenarioOf(allRepairsBut(Repair::SchedResumeStatus), {pingPongImage()}));
  EXPECT_EQ(with.outcome, RunOutcome::Completed);
  // Identical for 7 rounds; A was woken in round 7 but stays `blocked`, so it never runs.
  const Strings withText = traceText(with.trace);
  EXPECT_EQ(traceText(without.trace), Strings(withText.begin(), withText.begin() + 7));
  EXPECT_EQ(without.outcome, RunOutcome::Stuck);
  EXPECT_EQ(without.stepsExecuted, 8u);
  EXPECT_EQ(statusText(without.snapshot.coroutines[0].status), "blocked recvWait 0:B>A");
}

TEST(Repairs, SendUnblockWakesASenderWhenItsBufferDrains) {
  // Reference E §3.6: C->B z; A->B a; A->B b with capacity 1.
  auto g = comm("C", "B", "z", comm("A", "B", "a", comm("A", "B", "b", endG())));
  VMConfig cfg = operational();
  cfg.bufferDefault.initialCapacity = 1;
  VMConfig cfgWithout = cfg;
  cfgWithout.repairs.set(Repair::SchedSendUnblock, false);
  const RunResult with = runChecked(scenarioOf(cfg, {globalImage(g, {"A", "B", "C"})}));
  const RunResult without = runChecked(scenarioOf(cfgWithout, {globalImage(g, {"A", "B", "C"})}));
  EXPECT_EQ(with.outcome, RunOutcome::Completed);
  for (const auto& c : with.snapshot.coroutines) EXPECT_EQ(c.status.kind, CoroStatus::Kind::Done);
  EXPECT_EQ(without.outcome, RunOutcome::Stuck);
  EXPECT_EQ(statusText(without.snapshot.coroutines[0].status), "blocked sendWait 0:A>B");
  // The runs agree until the round in which `with` wakes A.
  const Strings a = traceText(with.trace), b = traceText(without.trace);
  ASSERT_LT(b.size(), a.size());
  EXPECT_EQ(Strings(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(b.size())), b);
}

TEST(Repairs, LeanLiteralProfileRunsNoCommunication) {
  VMConfig lit = leanLiteral();
  const RunResult r = runChecked(scenarioOf(lit, {pingPongImage()}));
  EXPECT_EQ(traceText(r.trace), (Strings{"0 opened 0 A,B"}));
  EXPECT_EQ(statuses(r), (Strings{"faulted typeViolation", "faulted typeViolation"}));
}

}  // namespace
}  // namespace tt::oracle::testing
