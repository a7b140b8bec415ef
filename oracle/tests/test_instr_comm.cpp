// send, receive, offer, choose (reference B §4.1-4.4): success, every fault path, check
// order where two checks could both fail, blocking and resuming.
#include "test_util.hpp"

namespace tt::oracle::testing {
namespace {

using namespace instr;
const Edge kAB{0, "A", "B"};
const Edge kBA{0, "B", "A"};

// A runs `code` with type `typeA`; B's type is `typeB`.
Bench bench(Bytecode code, LocalTypeRPtr typeA, LocalTypeRPtr typeB = endR(), VMConfig cfg = monitorOff()) {
  return Bench(pairScenario(std::move(cfg), std::move(code), std::move(typeA), std::move(typeB)));
}

LocalTypeRPtr sendNat() { return sendR("B", "n", ValType::nat(), endR()); }
LocalTypeRPtr recvNat() { return recvR("B", "n", ValType::nat(), endR()); }

// --- send -------------------------------------------------------------------------------

TEST(Send, SuccessEnqueuesAdvancesTheTypeAndEmitsSent) {
  Bench b = bench({Send{0, 1}}, sendNat());
  b.coro().regs[1] = Value::ofNat(5);
  const ExecResult r = b.step();
  EXPECT_EQ(r.status.tag, ExecStatus::Continue);
  ASSERT_EQ(r.event.kind, StepEvent::Kind::Obs);
  EXPECT_EQ(eventText({1, r.event.obs, 0}), "1 sent 0:A>B 5");
  EXPECT_EQ(b.queued(kAB), (std::vector<Value>{Value::ofNat(5)}));
  EXPECT_EQ(b.st.sessions.lookupType({0, "A"})->kind, LocalType::Kind::End);
  EXPECT_EQ(b.coro().pc, 1u);
  EXPECT_EQ(b.st.obsTrace.back().event.kind, ObsEvent::Kind::Sent);
  // The type trace (DEnv) of the edge records the payload type.
  const SessionState* s = b.st.sessions.find(0);
  ASSERT_EQ(s->traces.size(), 1u);
  EXPECT_EQ(s->traces[0].second.front(), ValType::nat());
}

TEST(Send, MissingChannelRegisterIsOutOfRegisters) {
  Bench b = bench({Send{9, 1}}, sendNat());
  EXPECT_EQ(faultText(*b.step().status.fault), "outOfRegisters");
}

TEST(Send, NonChannelRegisterIsATypeViolationAgainstChanZero) {
  Bench b = bench({Send{1, 2}}, sendNat());
  b.coro().regs[1] = Value::ofNat(3);
  const Fault f = *b.step().status.fault;
  EXPECT_EQ(f.kind, Fault::Kind::TypeViolation);
  EXPECT_EQ(f.expected, ValType::chanOf(0, ""));
  EXPECT_EQ(f.actual, ValType::nat());
}

TEST(Send, MissingValueRegisterIsOutOfRegisters) {
  Bench b = bench({Send{0, 12}}, sendNat());
  EXPECT_EQ(faultText(*b.step().status.fault), "outOfRegisters");
}

TEST(Send, CheckOrderBadChannelBeforeMissingValue) {
  Bench b = bench({Send{1, 12}}, sendNat());
  b.coro().regs[1] = Value::ofBool(true);
  EXPECT_EQ(b.step().status.fault->kind, Fault::Kind::TypeViolation);
}

TEST(Send, EndpointNotOwnedIsChannelClosed) {
  Bench b = bench({Send{1, 2}}, sendNat());
  b.coro().regs[1] = chanOf(0, "B");
  const Fault f = *b.step().status.fault;
  EXPECT_EQ(f.kind, Fault::Kind::ChannelClosed);
  EXPECT_EQ(f.endpoint, (Endpoint{0, "B"}));
}

TEST(Send, WrongTypeIsSendNotPermitted) {
  Bench b = bench({Send{0, 1}}, recvNat());
  EXPECT_EQ(faultText(*b.step().status.fault), "specFault \"send not permitted\"");
}

TEST(Send, CheckOrderOwnershipBeforeType) {
  Bench b = bench({Send{1, 2}}, recvNat());
  b.coro().regs[1] = chanOf(0, "B");
  EXPECT_EQ(b.step().status.fault->kind, Fault::Kind::ChannelClosed);
}

TEST(Send, PayloadTypeMismatchIsATypeViolation) {
  Bench b = bench({Send{0, 1}}, sendNat());  // r1 holds unit
  const Fault f = *b.step().status.fault;
  EXPECT_EQ(f.expected, ValType::nat());
  EXPECT_EQ(f.actual, ValType::unit());
  EXPECT_TRUE(b.queued(kAB).empty());
  EXPECT_EQ(b.coro().pc, 0u);  // a fault keeps the pc
}

TEST(Send, MultiArmSelectIsNotPermittedEvenWithTheLabelOnlyRepair) {
  Bench b = bench({Send{0, 1}}, LocalTypeR::send("B", arms({{"x", endR()}, {"y", endR()}})));
  EXPECT_EQ(faultText(*b.step().status.fault), "specFault \"send not permitted\"");
}

TEST(Send, PartitionedEdgeBlocksWithSendWait) {
  Bench b = bench({Send{0, 1}}, sendNat());
  b.coro().regs[1] = Value::ofNat(1);
  b.st.partitionedEdges.push_back(kAB);
  const ExecResult r = b.step();
  EXPECT_EQ(r.status.tag, ExecStatus::Blocked);
  EXPECT_EQ(statusText(b.coro().status), "blocked sendWait 0:A>B");
  EXPECT_EQ(b.coro().pc, 0u);
  EXPECT_TRUE(b.queued(kAB).empty());
}

TEST(Send, CheckOrderPayloadTypeBeforePartition) {
  Bench b = bench({Send{0, 1}}, sendNat());
  b.st.partitionedEdges.push_back(kAB);
  EXPECT_EQ(b.step().status.fault->kind, Fault::Kind::TypeViolation);
}

TEST(Send, PartnerWithoutAHandlerBindingFaults) {
  Bench b = bench({Send{0, 1}}, sendR("Z", "n", std::nullopt, endR()));
  EXPECT_EQ(faultText(*b.step().status.fault), "specFault \"no handler bound\"");
}

TEST(Send, FullBufferBlocksUnderTheBlockPolicy) {
  VMConfig cfg = monitorOff();
  cfg.bufferDefault.initialCapacity = 0;  // every fifo enqueue hits the policy
  Bench b = bench({Send{0, 1}}, sendR("B", "n", std::nullopt, endR()), endR(), cfg);
  EXPECT_EQ(b.step().status.tag, ExecStatus::Blocked);
  EXPECT_EQ(statusText(b.coro().status), "blocked sendWait 0:A>B");
}

TEST(Send, TransportCheckFailureFaultsWithoutEnqueuing) {
  VMConfig cfg = monitorOff();
  cfg.transportOk = false;
  Bench b = bench({Send{0, 1}}, sendR("B", "n", std::nullopt, endR()), endR(), cfg);
  EXPECT_EQ(faultText(*b.step().status.fault), "specFault \"handler spec failed\"");
  EXPECT_TRUE(b.queued(kAB).empty());
}

TEST(Send, AFaultInsideTheStepKeepsTheChargedCost) {
  Bench b = bench({Send{0, 1}}, recvNat());
  const std::uint64_t before = b.coro().costBudget;
  b.step();
  EXPECT_EQ(b.coro().costBudget, before - 1);
}

// --- receive ----------------------------------------------------------------------------

TEST(Receive, SuccessWritesTheRegisterAndKeepsTheToken) {
  Bench b = bench({Receive{0, 3}}, recvNat());
  b.put(kBA, Value::ofNat(7));
  const ExecResult r = b.step();
  EXPECT_EQ(eventText({1, r.event.obs, 0}), "1 received 0:B>A 7");
  EXPECT_EQ(b.coro().regs[3], Value::ofNat(7));
  EXPECT_TRUE(b.queued(kBA).empty());
  EXPECT_EQ(b.coro().progressTokens.size(), 1u);  // repair: never removed
  EXPECT_EQ(b.coro().pc, 1u);
}

TEST(Receive, LeanLiteralConsumesTheToken) {
  VMConfig cfg = monitorOff(leanLiteral());
  cfg.repairs.set(Repair::LoadEndpointRegister, true);
  Bench b = bench({Receive{0, 3}}, recvNat(), endR(), cfg);
  b.coro().progressTokens.push_back({0, {0, "A"}});
  b.put(kBA, Value::ofNat(7));
  EXPECT_EQ(b.step().status.tag, ExecStatus::Continue);
  EXPECT_TRUE(b.coro().progressTokens.empty());
}

TEST(Receive, ChannelOperandFaults) {
  Bench missing = bench({Receive{9, 1}}, recvNat());
  EXPECT_EQ(faultText(*missing.step().status.fault), "outOfRegisters");
  Bench notChan = bench({Receive{1, 2}}, recvNat());
  notChan.coro().regs[1] = Value::ofString("x");
  EXPECT_EQ(notChan.step().status.fault->actual, ValType::string());
}

TEST(Receive, NotOwnedAndWrongType) {
  Bench notOwned = bench({Receive{1, 2}}, recvNat());
  notOwned.coro().regs[1] = chanOf(0, "B");
  EXPECT_EQ(notOwned.step().status.fault->kind, Fault::Kind::ChannelClosed);
  Bench wrongType = bench({Receive{0, 2}}, sendNat());
  EXPECT_EQ(faultText(*wrongType.step().status.fault), "specFault \"recv not permitted\"");
}

TEST(Receive, MissingTokenIsNoProgressToken) {
  Bench b = bench({Receive{0, 1}}, recvNat());
  b.coro().progressTokens.clear();
  b.put(kBA, Value::ofNat(1));
  const Fault f = *b.step().status.fault;
  EXPECT_EQ(f.kind, Fault::Kind::NoProgressToken);
  EXPECT_EQ(f.edge, kBA);
  EXPECT_EQ(b.queued(kBA).size(), 1u);
}

TEST(Receive, CheckOrderPartitionBlocksBeforeTheTokenCheck) {
  Bench b = bench({Receive{0, 1}}, recvNat());
  b.coro().progressTokens.clear();
  b.st.partitionedEdges.push_back(kBA);
  EXPECT_EQ(b.step().status.tag, ExecStatus::Blocked);
  EXPECT_EQ(statusText(b.coro().status), "blocked recvWait 0:B>A");
}

TEST(Receive, EmptyBufferBlocksWithTheReceiverToken) {
  Bench b = bench({Receive{0, 1}}, recvNat());
  const ExecResult r = b.step();
  ASSERT_EQ(r.status.tag, ExecStatus::Blocked);
  EXPECT_EQ(r.status.reason->token, (ProgressToken{0, {0, "A"}}));
  EXPECT_EQ(b.coro().progressTokens.size(), 1u);
}

TEST(Receive, LeanLiteralBlockConsumesTheTokenSoTheRetryFaults) {
  VMConfig cfg = monitorOff(leanLiteral());
  cfg.repairs.set(Repair::LoadEndpointRegister, true);
  Bench b = bench({Receive{0, 1}}, recvNat(), endR(), cfg);
  b.coro().progressTokens.push_back({0, {0, "A"}});
  EXPECT_EQ(b.step().status.tag, ExecStatus::Blocked);
  EXPECT_TRUE(b.coro().progressTokens.empty());
  b.put(kBA, Value::ofNat(1));
  EXPECT_EQ(b.step().status.fault->kind, Fault::Kind::NoProgressToken);
}

TEST(Receive, PayloadTypeMismatchLeavesTheMessageQueued) {
  Bench b = bench({Receive{0, 1}}, recvNat());
  b.put(kBA, Value::ofBool(false));
  const Fault f = *b.step().status.fault;
  EXPECT_EQ(f.expected, ValType::nat());
  EXPECT_EQ(f.actual, ValType::boolean());
  EXPECT_EQ(b.queued(kBA).size(), 1u);
}

TEST(Receive, MissingDestinationLeavesTheMessageQueued) {
  Bench b = bench({Receive{0, 40}}, recvNat());
  b.put(kBA, Value::ofNat(1));
  EXPECT_EQ(faultText(*b.step().status.fault), "outOfRegisters");
  EXPECT_EQ(b.queued(kBA).size(), 1u);
}

TEST(Receive, TransportCheckFailureLeavesTheMessageQueued) {
  VMConfig cfg = monitorOff();
  cfg.transportOk = false;
  Bench b = bench({Receive{0, 1}}, recvNat(), endR(), cfg);
  b.put(kBA, Value::ofNat(1));
  EXPECT_EQ(faultText(*b.step().status.fault), "specFault \"handler spec failed\"");
  EXPECT_EQ(b.queued(kBA).size(), 1u);
}

TEST(Receive, BlockedReceiverIsWokenAndItsRetrySucceeds) {
  Bench b = bench({Receive{0, 1}, Halt{}}, recvNat());
  const ExecResult r = b.step();
  updateAfterStep(b.st.sched, 0, r.status);
  ASSERT_TRUE(b.st.sched.blockedSet.count(0));
  tryUnblockReceivers(b.st);  // empty buffer: stays blocked
  EXPECT_TRUE(b.st.sched.blockedSet.count(0));
  b.put(kBA, Value::ofNat(4));
  tryUnblockReceivers(b.st);
  EXPECT_FALSE(b.st.sched.blockedSet.count(0));
  EXPECT_TRUE(b.st.sched.readyQueue.contains(0));
  EXPECT_EQ(b.coro().status.kind, CoroStatus::Kind::Ready);
  EXPECT_EQ(b.step().status.tag, ExecStatus::Continue);
  EXPECT_EQ(b.coro().regs[1], Value::ofNat(4));
}

// --- offer ------------------------------------------------------------------------------

LocalTypeRPtr selectXY() { return LocalTypeR::send("B", arms({{"x", endR()}, {"y", sendNat()}})); }
LocalTypeRPtr branchXY() { return LocalTypeR::recv("B", arms({{"x", endR()}, {"y", recvNat()}})); }

TEST(Offer, SuccessSendsTheLabelAsAString) {
  Bench b = bench({Offer{0, "y"}}, selectXY());
  const ExecResult r = b.step();
  EXPECT_EQ(eventText({1, r.event.obs, 0}), "1 offered 0:A>B y");
  EXPECT_EQ(b.queued(kAB), (std::vector<Value>{Value::ofString("y")}));
  EXPECT_EQ(b.st.sessions.lookupType({0, "A"})->kind, LocalType::Kind::Send);
  EXPECT_EQ(b.st.sessions.find(0)->traces[0].second.front(), ValType::string());
}

TEST(Offer, FaultPaths) {
  Bench sendType = bench({Offer{0, "x"}}, sendNat());
  EXPECT_EQ(faultText(*sendType.step().status.fault), "specFault \"offer not permitted\"");
  Bench unknown = bench({Offer{0, "z"}}, selectXY());
  const Fault f = *unknown.step().status.fault;
  EXPECT_EQ(f.kind, Fault::Kind::UnknownLabel);
  EXPECT_EQ(f.label, "z");
  Bench notOwned = bench({Offer{1, "x"}}, selectXY());
  notOwned.coro().regs[1] = chanOf(0, "B");
  EXPECT_EQ(notOwned.step().status.fault->kind, Fault::Kind::ChannelClosed);
}

TEST(Offer, CheckOrderUnknownLabelBeforePartition) {
  Bench b = bench({Offer{0, "z"}}, selectXY());
  b.st.partitionedEdges.push_back(kAB);
  EXPECT_EQ(b.step().status.fault->kind, Fault::Kind::UnknownLabel);
  Bench blocked = bench({Offer{0, "x"}}, selectXY());
  blocked.st.partitionedEdges.push_back(kAB);
  EXPECT_EQ(blocked.step().status.tag, ExecStatus::Blocked);
  EXPECT_EQ(statusText(blocked.coro().status), "blocked sendWait 0:A>B");
}

TEST(Offer, FullBufferBlocksAndTheSenderIsWokenWhenItDrains) {
  VMConfig cfg = monitorOff();
  cfg.bufferDefault.initialCapacity = 1;
  Bench b = bench({Offer{0, "x"}}, selectXY(), endR(), cfg);
  b.put(kAB, Value::ofString("earlier"));
  const ExecResult first = b.step();
  ASSERT_EQ(first.status.tag, ExecStatus::Blocked);
  updateAfterStep(b.st.sched, 0, first.status);
  tryUnblockReceivers(b.st);
  EXPECT_TRUE(b.st.sched.blockedSet.count(0));  // still full
  b.st.buffers.dequeue(*b.st.buffers.findSlot(kAB));
  tryUnblockReceivers(b.st);
  EXPECT_FALSE(b.st.sched.blockedSet.count(0));
  EXPECT_EQ(b.step().status.tag, ExecStatus::Continue);
  EXPECT_EQ(b.queued(kAB), (std::vector<Value>{Value::ofString("x")}));
}

// --- choose -----------------------------------------------------------------------------

TEST(Choose, SuccessJumpsThroughTheTableAndAdvancesTheType) {
  Bench b = bench({Choose{0, {{"x", 5}, {"y", 9}}}}, branchXY());
  b.coro().progressTokens.clear();  // choose needs no token
  b.put(kBA, Value::ofString("y"));
  const ExecResult r = b.step();
  EXPECT_EQ(eventText({1, r.event.obs, 0}), "1 chose 0:B>A y");
  EXPECT_EQ(b.coro().pc, 9u);
  EXPECT_EQ(b.st.sessions.lookupType({0, "A"})->kind, LocalType::Kind::Recv);
}

TEST(Choose, EmptyBufferBlocks) {
  Bench b = bench({Choose{0, {{"x", 5}}}}, branchXY());
  EXPECT_EQ(b.step().status.tag, ExecStatus::Blocked);
  EXPECT_EQ(statusText(b.coro().status), "blocked recvWait 0:B>A");
}

TEST(Choose, BlockedChooserResumesWhenTheLabelArrives) {
  Bench b = bench({Choose{0, {{"x", 5}, {"y", 9}}}}, branchXY());
  const ExecResult first = b.step();
  ASSERT_EQ(first.status.tag, ExecStatus::Blocked);
  updateAfterStep(b.st.sched, 0, first.status);
  b.put(kBA, Value::ofString("x"));
  tryUnblockReceivers(b.st);
  EXPECT_TRUE(b.st.sched.readyQueue.contains(0));
  EXPECT_TRUE(isRunnable(b.st, 0));
  EXPECT_EQ(b.step().status.tag, ExecStatus::Continue);
  EXPECT_EQ(b.coro().pc, 5u);
}

TEST(Choose, RecvTypeIsNotPermitted) {
  Bench b = bench({Choose{0, {{"x", 5}}}}, recvNat());
  EXPECT_EQ(faultText(*b.step().status.fault), "specFault \"choose not permitted\"");
}

TEST(Choose, NonStringPayloadFaultsAndKeepsTheDequeue) {
  Bench b = bench({Choose{0, {{"x", 5}}}}, branchXY());
  b.put(kBA, Value::ofNat(3));
  const Fault f = *b.step().status.fault;
  EXPECT_EQ(f.expected, ValType::string());
  EXPECT_EQ(f.actual, ValType::nat());
  EXPECT_TRUE(b.queued(kBA).empty());
  EXPECT_EQ(b.st.sessions.lookupType({0, "A"})->kind, LocalType::Kind::Branch);  // type unchanged
}

TEST(Choose, LabelMissingFromTheTypeOrTheTableFaultsAndKeepsTheDequeue) {
  Bench notInType = bench({Choose{0, {{"x", 5}, {"q", 6}}}}, branchXY());
  notInType.put(kBA, Value::ofString("q"));
  EXPECT_EQ(notInType.step().status.fault->label, "q");
  EXPECT_TRUE(notInType.queued(kBA).empty());
  Bench notInTable = bench({Choose{0, {{"x", 5}}}}, branchXY());
  notInTable.put(kBA, Value::ofString("y"));
  const Fault f = *notInTable.step().status.fault;
  EXPECT_EQ(f.kind, Fault::Kind::UnknownLabel);
  EXPECT_EQ(f.label, "y");
  EXPECT_TRUE(notInTable.queued(kBA).empty());
}

TEST(Choose, TransportFailureDiscardsTheDequeue) {
  VMConfig cfg = monitorOff();
  cfg.transportOk = false;
  Bench b = bench({Choose{0, {{"x", 5}}}}, branchXY(), endR(), cfg);
  b.put(kBA, Value::ofString("x"));
  EXPECT_EQ(faultText(*b.step().status.fault), "specFault \"handler spec failed\"");
  EXPECT_EQ(b.queued(kBA).size(), 1u);
}

}  // namespace
}  // namespace tt::oracle::testing
