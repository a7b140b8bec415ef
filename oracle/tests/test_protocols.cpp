// Whole protocols in the operational profile, checked against the hand traces of
// reference E §2 (ping-pong, choice, loop, ring, non-participants) and further protocols:
// endpoint transfer, speculation, back-pressure policies, a denying output gate.
#include "test_util.hpp"

namespace tt::oracle::testing {
namespace {

using Strings = std::vector<std::string>;

Scenario pingPong(VMConfig cfg = operational()) {
  return scenarioOf(std::move(cfg), {globalImage(comm("A", "B", "ping", comm("B", "A", "pong", endG())), {"A", "B"})});
}

TEST(Protocols, PingPongFollowsTheHandTraceOfE21) {
  const RunResult r = runChecked(pingPong());
  EXPECT_EQ(r.outcome, RunOutcome::Completed);
  EXPECT_EQ(traceText(r.trace), (Strings{"0 opened 0 A,B", "1 sent 0:A>B unit", "2 received 0:A>B unit",
                                         "3 invoked 0:A", "4 invoked 0:B", "6 sent 0:B>A unit", "7 invoked 0:B",
                                         "8 received 0:B>A unit", "10 invoked 0:A"}));
  EXPECT_EQ(r.stepsExecuted, 11u);
  EXPECT_EQ(r.rounds, 11u);
  ASSERT_EQ(r.snapshot.coroutines.size(), 2u);
  EXPECT_EQ(r.snapshot.coroutines[0].pc, 5u);  // halt advances the pc past A's code
  EXPECT_EQ(r.snapshot.coroutines[1].pc, 10u);
  EXPECT_EQ(r.snapshot.outputConditionChecks.size(), 8u);
  EXPECT_TRUE(r.snapshot.buffers.empty());
  // The emitting coroutine is carried as metadata (F D12); the loader's event has none.
  EXPECT_FALSE(r.trace[0].coro.has_value());
  EXPECT_EQ(r.trace[1].coro, std::optional<CoroutineId>(0));
  EXPECT_EQ(r.trace[2].coro, std::optional<CoroutineId>(1));
}

GlobalTypePtr choiceProtocol() {
  return GlobalType::comm("C", "S", {GlobalBranch{lbl("accept"), comm("S", "C", "data", endG())},
                                     GlobalBranch{lbl("reject"), comm("S", "C", "error", endG())}});
}

TEST(Protocols, ChoiceFollowsTheHandTraceOfE22) {
  const RunResult r = runChecked(scenarioOf(operational(), {globalImage(choiceProtocol(), {"C", "S"})}));
  EXPECT_EQ(r.outcome, RunOutcome::Completed);
  EXPECT_EQ(traceText(r.trace), (Strings{"0 opened 0 C,S", "1 offered 0:C>S accept", "2 chose 0:C>S accept",
                                         "4 sent 0:S>C unit", "5 invoked 0:S", "6 received 0:S>C unit",
                                         "8 invoked 0:C"}));
  EXPECT_EQ(r.stepsExecuted, 9u);
  EXPECT_EQ(r.snapshot.coroutines[1].pc, 8u);  // S halted at relocated pc 7
}

GlobalTypePtr loopProtocol() {
  return GlobalType::mu("t", comm("A", "B", "msg", comm("B", "A", "ack", GlobalType::varRef("t"))));
}

TEST(Protocols, RecursiveLoopFollowsTheHandTraceOfE23AndKeepsLooping) {
  Scenario s = scenarioOf(operational(), {globalImage(loopProtocol(), {"A", "B"})}, 36);
  const RunResult r = runChecked(s);
  EXPECT_EQ(r.outcome, RunOutcome::FuelExhausted);
  const Strings firstIteration{"0 opened 0 A,B", "1 sent 0:A>B unit", "2 received 0:A>B unit",
                               "3 invoked 0:A", "4 invoked 0:B", "6 sent 0:B>A unit", "7 invoked 0:B",
                               "8 received 0:B>A unit", "10 invoked 0:A", "13 sent 0:A>B unit"};
  const Strings text = traceText(r.trace);
  ASSERT_GE(text.size(), firstIteration.size());
  EXPECT_EQ(Strings(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(firstIteration.size())), firstIteration);
  // Three iterations in 36 rounds: 8 events per 12 rounds, nobody faults.
  EXPECT_EQ(r.trace.size(), 1u + 24u);
  for (const auto& c : r.snapshot.coroutines) EXPECT_NE(c.status.kind, CoroStatus::Kind::Faulted);
}

TEST(Protocols, RecursiveLoopTypesWrapBackToTheUnfoldedStart) {
  Scenario s = scenarioOf(operational(), {globalImage(loopProtocol(), {"A", "B"})});
  VMState st = loaded(s);
  const LocalTypePtr a0 = st.sessions.lookupType({0, "A"});
  ASSERT_EQ(a0->kind, LocalType::Kind::Select);  // stored unfolded (repair R4)
  for (int round = 0; round < 12; ++round) {
    st.clock += 1;
    tryUnblockReceivers(st);
    ASSERT_TRUE(schedStep(st));
  }
  EXPECT_EQ(*st.sessions.lookupType({0, "A"}), *a0);
  EXPECT_EQ(st.coroutines[0].pc, 0u);  // A's jump 0
  EXPECT_EQ(st.coroutines[1].pc, 5u);  // B's relocated jump lands on its receive
}

TEST(Protocols, ThreeRoleRingFollowsTheHandTraceOfE24) {
  auto ring = comm("P", "Q", "m1", comm("Q", "R", "m2", comm("R", "P", "m3", endG())));
  const RunResult r = runChecked(scenarioOf(operational(), {globalImage(ring, {"P", "Q", "R"})}));
  EXPECT_EQ(r.outcome, RunOutcome::Completed);
  EXPECT_EQ(traceText(r.trace),
            (Strings{"0 opened 0 P,Q,R", "1 sent 0:P>Q unit", "2 received 0:P>Q unit", "4 invoked 0:P",
                     "5 invoked 0:Q", "7 sent 0:Q>R unit", "8 invoked 0:Q", "9 received 0:Q>R unit",
                     "11 invoked 0:R", "12 sent 0:R>P unit", "13 invoked 0:R", "14 received 0:R>P unit",
                     "16 invoked 0:P"}));
  EXPECT_EQ(r.stepsExecuted, 17u);
}

TEST(Protocols, NonParticipantsAcrossAChoiceFollowE25) {
  auto g = GlobalType::comm("A", "B", {GlobalBranch{lbl("x"), comm("C", "D", "data", endG())},
                                       GlobalBranch{lbl("y"), comm("C", "D", "data", endG())}});
  const RunResult r = runChecked(scenarioOf(operational(), {globalImage(g, {"A", "B", "C", "D"})}));
  EXPECT_EQ(r.outcome, RunOutcome::Completed);
  EXPECT_EQ(traceText(r.trace), (Strings{"0 opened 0 A,B,C,D", "1 offered 0:A>B x", "2 chose 0:A>B x",
                                         "3 sent 0:C>D unit", "4 received 0:C>D unit", "7 invoked 0:C",
                                         "8 invoked 0:D"}));
  EXPECT_EQ(r.stepsExecuted, 10u);
}

TEST(Protocols, NonMergeableChoiceIsALoadErrorNotAnEmptyRun) {
  auto g = GlobalType::comm("A", "B", {GlobalBranch{lbl("x"), comm("B", "C", "x", endG())},
                                       GlobalBranch{lbl("y"), comm("B", "C", "y", endG())}});
  const RunResult r = run(scenarioOf(operational(), {globalImage(g, {"A", "B", "C"})}), {});
  EXPECT_EQ(r.outcome, RunOutcome::LoadError);
  EXPECT_NE(r.detail.find("projection mismatch for role C"), std::string::npos) << r.detail;
  EXPECT_TRUE(r.trace.empty());
}

TEST(Protocols, EndpointTransferLetsAnotherCoroutineUseTheEndpoint) {
  // A hands its endpoint {0,A} to coroutine 2 (role D of a second image), which sends on it.
  using namespace instr;
  const Bytecode codeA{Set{1, Value::ofNat(2)}, Transfer{0, 1, 2}, Halt{}};
  const Bytecode codeB{Receive{0, 1}, Halt{}};
  const Bytecode codeD{Set{3, Value::ofChan({0, "A"})}, Send{3, 4}, Halt{}};
  Scenario s = scenarioOf(operational(),
                          {programImage({{"A", codeA}, {"B", codeB}},
                                        {{"A", sendR("B", "m", std::nullopt, endR())},
                                         {"B", recvR("A", "m", std::nullopt, endR())}}),
                           programImage({{"D", codeD}}, {{"D", endR()}})});
  const RunResult r = runChecked(s);
  EXPECT_EQ(r.outcome, RunOutcome::Completed);
  EXPECT_EQ(traceText(r.trace), (Strings{"0 opened 0 A,B", "0 opened 1 D", "4 transferred 0:A 0->2",
                                         "5 sent 0:A>B unit", "8 received 0:A>B unit"}));
  EXPECT_EQ(r.trace[3].coro, std::optional<CoroutineId>(2));  // D sent on A's endpoint
}

Scenario speculation(Bytecode codeA, LocalTypeRPtr typeA, LocalTypeRPtr typeB) {
  VMConfig cfg = operational();
  cfg.speculationEnabled = true;
  return pairScenario(cfg, std::move(codeA), std::move(typeA), std::move(typeB));
}

TEST(Protocols, SpeculationForkJoinForkAbortLeavesForkedJoinedAborted) {
  // F §1.8: under [L] all three events carry the ghost id and abort removes the second fork.
  using namespace instr;
  const Bytecode code{Set{1, Value::ofNat(0)}, Fork{1}, Join{}, Fork{1}, Abort{}, Halt{}};
  const RunResult r = runChecked(speculation(code, endR(), endR()));
  EXPECT_EQ(r.outcome, RunOutcome::Completed);
  EXPECT_EQ(traceText(r.trace), (Strings{"0 opened 0 A,B", "3 forked 0 0", "4 joined 0", "6 aborted 0"}));
  // The gate recorded four passing checks although the trace keeps three of the events.
  EXPECT_EQ(r.snapshot.outputConditionChecks.size(), 4u);
}

TEST(Protocols, SpeculationJoinFailsWhenTheSessionMovedOn) {
  using namespace instr;
  const Bytecode code{Set{1, Value::ofNat(0)}, Fork{1}, Send{0, 2}, Join{}, Halt{}};
  const RunResult r = runChecked(speculation(code, sendR("B", "m", std::nullopt, endR()),
                                             recvR("A", "m", std::nullopt, endR())));
  EXPECT_EQ(statusText(r.snapshot.coroutines[0].status), "faulted specFault \"join reconciliation predicate failed\"");
  EXPECT_EQ(r.snapshot.coroutines[0].pc, 3u);
}

// A sends twice on a capacity-1 edge before B drains it (B spends two steps first).
Scenario backPressure(BufferConfig buffer) {
  using namespace instr;
  VMConfig cfg = operational();
  cfg.bufferDefault = buffer;
  const Bytecode codeA{Set{1, Value::ofNat(1)}, Send{0, 1}, Set{1, Value::ofNat(2)}, Send{0, 1}, Halt{}};
  const Bytecode codeB{Set{5, Value::unit()}, Set{5, Value::unit()}, Set{5, Value::unit()},
                       Receive{0, 1}, Receive{0, 2}, Halt{}};
  auto typeA = sendR("B", "m", ValType::nat(), sendR("B", "m", ValType::nat(), endR()));
  auto typeB = recvR("A", "m", ValType::nat(), recvR("A", "m", ValType::nat(), endR()));
  return pairScenario(cfg, codeA, typeA, typeB, codeB);
}

BufferConfig capacityOne(BackpressureKind policy, std::uint64_t maxCapacity = 0) {
  return BufferConfig{BufferMode::Fifo, 1, BackpressurePolicy{policy, maxCapacity}};
}

TEST(Protocols, BackPressureBlockParksTheSenderUntilTheBufferDrains) {
  // Round 7: A's second send blocks (sendWait); round 8: B drains; round 9: the wake
  // pass readies A (send-unblock) and B blocks on its empty buffer; round 10: A resends.
  const RunResult r = runChecked(backPressure(capacityOne(BackpressureKind::Block)));
  EXPECT_EQ(r.outcome, RunOutcome::Completed);
  EXPECT_EQ(traceText(r.trace), (Strings{"0 opened 0 A,B", "3 sent 0:A>B 1", "8 received 0:A>B 1",
                                         "10 sent 0:A>B 2", "12 received 0:A>B 2"}));
}

TEST(Protocols, BackPressureDropFaultsTheSender) {
  const RunResult r = runChecked(backPressure(capacityOne(BackpressureKind::Drop)));
  EXPECT_EQ(statusText(r.snapshot.coroutines[0].status), "faulted flowViolation \"buffer drop\"");
  EXPECT_EQ(r.snapshot.coroutines[0].pc, 3u);
  EXPECT_EQ(statusText(r.snapshot.coroutines[1].status), "blocked recvWait 0:A>B");
  EXPECT_EQ(r.outcome, RunOutcome::Stuck);
}

TEST(Protocols, BackPressureErrorFaultsTheSenderWithOverflow) {
  const RunResult r = runChecked(backPressure(capacityOne(BackpressureKind::Error)));
  EXPECT_EQ(statusText(r.snapshot.coroutines[0].status), "faulted flowViolation \"buffer overflow\"");
}

TEST(Protocols, BackPressureResizeUsesTheMaximumAsCapacity) {
  // resize 2: the second message fits, so nothing blocks.
  const RunResult r = runChecked(backPressure(capacityOne(BackpressureKind::Resize, 2)));
  EXPECT_EQ(r.outcome, RunOutcome::Completed);
  EXPECT_EQ(traceText(r.trace), (Strings{"0 opened 0 A,B", "3 sent 0:A>B 1", "7 sent 0:A>B 2",
                                         "8 received 0:A>B 1", "10 received 0:A>B 2"}));
}

TEST(Protocols, BackPressureResizeBlocksAtTheMaximum) {
  const RunResult r = runChecked(backPressure(capacityOne(BackpressureKind::Resize, 1)));
  EXPECT_EQ(r.outcome, RunOutcome::Completed);
  EXPECT_EQ(traceText(r.trace), (Strings{"0 opened 0 A,B", "3 sent 0:A>B 1", "8 received 0:A>B 1",
                                         "10 sent 0:A>B 2", "12 received 0:A>B 2"}));
}

TEST(Protocols, LatestValueBufferKeepsOnlyTheNewestMessage) {
  BufferConfig latest{BufferMode::LatestValue, 1, {}};
  const RunResult r = runChecked(backPressure(latest));
  // Both sends succeed; B receives the overwriting 2, then waits for a second message.
  EXPECT_EQ(traceText(r.trace), (Strings{"0 opened 0 A,B", "3 sent 0:A>B 1", "7 sent 0:A>B 2",
                                         "8 received 0:A>B 2"}));
  EXPECT_EQ(statusText(r.snapshot.coroutines[1].status), "blocked recvWait 0:A>B");
  EXPECT_EQ(r.outcome, RunOutcome::Stuck);
}

TEST(Protocols, DenyingOutputGateFaultsTheFirstObservableStepAndRollsItBack) {
  VMConfig cfg = operational();
  cfg.outputCondition.kind = OutputConditionPolicyKind::DenyAll;
  const RunResult r = runChecked(pingPong(cfg));
  // A's send is rejected: no event, no message, but A keeps the step's pc advance.
  EXPECT_EQ(traceText(r.trace), (Strings{"0 opened 0 A,B"}));
  EXPECT_EQ(statusText(r.snapshot.coroutines[0].status),
            "faulted specFault \"output condition rejected: vm.observable_output\"");
  EXPECT_EQ(r.snapshot.coroutines[0].pc, 1u);
  EXPECT_TRUE(r.snapshot.buffers.empty());
  EXPECT_EQ(statusText(r.snapshot.coroutines[1].status), "blocked recvWait 0:A>B");
  ASSERT_EQ(r.snapshot.outputConditionChecks.size(), 1u);
  EXPECT_FALSE(r.snapshot.outputConditionChecks[0].passed);
  EXPECT_EQ(r.snapshot.outputConditionChecks[0].claim.predicateRef, "vm.observable_output");
  EXPECT_EQ(r.outcome, RunOutcome::Stuck);
}

TEST(Protocols, AllowListGatePassesOnlyTheObservableOutputPredicate) {
  VMConfig cfg = operational();
  cfg.outputCondition = {OutputConditionPolicyKind::PredicateAllowList, {"vm.observable_output"}};
  EXPECT_EQ(runChecked(pingPong(cfg)).outcome, RunOutcome::Completed);
  cfg.outputCondition = {OutputConditionPolicyKind::PredicateAllowList, {"other"}};
  EXPECT_EQ(runChecked(pingPong(cfg)).outcome, RunOutcome::Stuck);
}

}  // namespace
}  // namespace tt::oracle::testing
