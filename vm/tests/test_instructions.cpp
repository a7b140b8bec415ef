// Each instruction through the whole VM: success paths, fault paths in Lean's check order,
// blocking and resuming (reference B §4 with the operational repairs). Programs are
// explicit (absolute pcs, roles laid out in ascending order, register 0 = own endpoint).
#include <gtest/gtest.h>

#include "builders.hpp"

namespace tt::vm::test {
namespace {

using K = ObsEvent::Kind;

Fault spec(const char* m) { return Fault::withMsg(Fault::Kind::SpecFault, m); }
CoroStatus faulted(Fault f) { return CoroStatus::faulted(std::move(f)); }
const Snapshot::Coroutine& coro(const RunResult& r, std::size_t i) { return r.snapshot.coroutines.at(i); }

Scenario programs(std::vector<std::pair<Role, Bytecode>> code, std::vector<std::pair<Role, LocalTypeRPtr>> types,
                  std::uint64_t fuel = 100) {
  return scenario({programImage(std::move(code), std::move(types))}, fuel);
}

// P sends a nat to Q: P: set r1 5; send r0 r1; halt   Q: receive r0 r1; halt
Scenario typedPair() {
  return programs({{"P", {instr::Set{1, Value::ofNat(5)}, instr::Send{0, 1}, instr::Halt{}}},
                   {"Q", {instr::Receive{0, 1}, instr::Halt{}}}},
                  {{"P", rSendT("Q", "n", ValType::nat(), rEnd())}, {"Q", rRecvT("P", "n", ValType::nat(), rEnd())}});
}

TEST(Send, TypedMessageBlocksTheReceiverThenWakesIt) {
  const RunResult r = runCoop(typedPair());
  ASSERT_EQ(r.outcome, RunOutcome::Completed);
  // R1 P set; R2 Q receive blocks (empty); R3 P send; R4 Q woken, P halts; R5 Q receives.
  ASSERT_EQ(kinds(r.trace), (std::vector<K>{K::Opened, K::Sent, K::Received}));
  EXPECT_EQ(r.trace[1].tick, 3u);
  EXPECT_EQ(r.trace[1].event.value, Value::ofNat(5));
  EXPECT_EQ(r.trace[1].event.edge, (Edge{0, "P", "Q"}));
  EXPECT_EQ(r.trace[2].tick, 5u);
  EXPECT_EQ(r.trace[2].coro, std::optional<CoroutineId>(1));
  EXPECT_EQ(r.rounds, 6u);
  EXPECT_EQ(coro(r, 0).pc, 3u);
  EXPECT_EQ(coro(r, 1).pc, 5u);
  EXPECT_EQ(r.snapshot.outputConditionChecks.size(), 2u);
}

TEST(Send, PayloadOfTheWrongTypeFaultsAtTheSend) {
  const Scenario s = programs({{"P", {instr::Send{0, 1}, instr::Halt{}}}, {"Q", {instr::Halt{}}}},
                              {{"P", rSendT("Q", "n", ValType::nat(), rEnd())}, {"Q", rRecvT("P", "n", ValType::nat(), rEnd())}});
  const RunResult r = runCoop(s);
  EXPECT_EQ(r.outcome, RunOutcome::Completed);  // faulted counts as terminal
  EXPECT_EQ(coro(r, 0).status, faulted(Fault::typeViolation(ValType::nat(), ValType::unit())));
  EXPECT_EQ(coro(r, 0).pc, 0u);
  EXPECT_EQ(r.trace.size(), 1u);
}

TEST(Send, MonitorRejectsBeforeTheStepChecks) {
  Scenario s = programs({{"P", {instr::Set{3, Value::ofNat(1)}, instr::Send{3, 1}}}, {"Q", {instr::Halt{}}}},
                        {{"P", rSendT("Q", "n", ValType::nat(), rEnd())}, {"Q", rRecvT("P", "n", ValType::nat(), rEnd())}});
  EXPECT_EQ(coro(runCoop(s), 0).status, faulted(Fault::typeViolation(ValType::unit(), ValType::unit())));
  s.config.monitorMode = MonitorMode::Off;
  const RunResult r = runCoop(s);
  EXPECT_EQ(coro(r, 0).status, faulted(Fault::typeViolation(ValType::chanOf(0, ""), ValType::nat())));
  EXPECT_EQ(coro(r, 0).pc, 1u);
}

TEST(Send, MissingRegisterAndForeignEndpoint) {
  Scenario s = programs({{"P", {instr::Send{9, 1}}}, {"Q", {instr::Halt{}}}},
                        {{"P", rSendT("Q", "n", ValType::nat(), rEnd())}, {"Q", rRecvT("P", "n", ValType::nat(), rEnd())}});
  s.config.monitorMode = MonitorMode::Off;
  EXPECT_EQ(coro(runCoop(s), 0).status, faulted(Fault::outOfRegisters()));
  // Q's endpoint, not owned by P: the monitor sees a recv type first ...
  Scenario t = programs({{"P", {instr::Set{2, Value::ofChan({0, "Q"})}, instr::Send{2, 1}}}, {"Q", {instr::Halt{}}}},
                        {{"P", rSendT("Q", "n", ValType::unit(), rEnd())}, {"Q", rRecvT("P", "n", ValType::unit(), rEnd())}});
  EXPECT_EQ(coro(runCoop(t), 0).status, faulted(Fault::typeViolation(ValType::unit(), ValType::unit())));
  // ... without the monitor, ownership is checked first.
  t.config.monitorMode = MonitorMode::Off;
  EXPECT_EQ(coro(runCoop(t), 0).status, faulted(Fault::channelClosed({0, "Q"})));
}

// P: send; send; halt (unit, unit)   Q: halt — with a one-slot buffer on P -> Q.
Scenario fullBuffer(BufferConfig cfg) {
  Scenario s = programs({{"P", {instr::Send{0, 1}, instr::Send{0, 1}, instr::Halt{}}}, {"Q", {instr::Halt{}}}},
                        {{"P", rSendT("Q", "m", ValType::unit(), rSendT("Q", "m", ValType::unit(), rEnd()))},
                         {"Q", rRecvT("P", "m", ValType::unit(), rRecvT("P", "m", ValType::unit(), rEnd()))}});
  s.config.bufferOverrides.push_back({Edge{0, "P", "Q"}, cfg});
  return s;
}

TEST(Send, BackPressurePolicies) {
  BufferConfig c;
  c.initialCapacity = 1;
  {
    const RunResult r = runCoop(fullBuffer(c));  // block
    EXPECT_EQ(r.outcome, RunOutcome::Stuck);
    BlockReason br;
    br.kind = BlockReason::Kind::SendWait;
    br.edge = {0, "P", "Q"};
    EXPECT_EQ(coro(r, 0).status, CoroStatus::blocked(br));
    EXPECT_EQ(coro(r, 0).pc, 1u);
    ASSERT_EQ(r.snapshot.buffers.size(), 1u);
    EXPECT_EQ(r.snapshot.buffers[0].values, (std::vector<Value>{Value::unit()}));
  }
  c.policy.kind = BackpressureKind::Drop;
  EXPECT_EQ(coro(runCoop(fullBuffer(c)), 0).status, faulted(Fault::withMsg(Fault::Kind::FlowViolation, "buffer drop")));
  c.policy.kind = BackpressureKind::Error;
  EXPECT_EQ(coro(runCoop(fullBuffer(c)), 0).status,
            faulted(Fault::withMsg(Fault::Kind::FlowViolation, "buffer overflow")));
  c.policy = {BackpressureKind::Resize, 2};  // capacity 2: both fit
  EXPECT_EQ(coro(runCoop(fullBuffer(c)), 0).status, CoroStatus::done());
  c.policy.kind = BackpressureKind::Block;
  c.mode = BufferMode::LatestValue;  // overwrite: never full
  const RunResult r = runCoop(fullBuffer(c));
  EXPECT_EQ(coro(r, 0).status, CoroStatus::done());
  ASSERT_EQ(r.snapshot.buffers.size(), 1u);
  EXPECT_EQ(r.snapshot.buffers[0].values.size(), 1u);
}

TEST(Send, BlockedSenderIsWokenWhenTheBufferDrains) {
  // P: send; send; halt   Q: set; receive; receive; halt — one slot.
  Scenario s = programs({{"P", {instr::Send{0, 1}, instr::Send{0, 1}, instr::Halt{}}},
                         {"Q", {instr::Set{2, Value::unit()}, instr::Receive{0, 1}, instr::Receive{0, 1}, instr::Halt{}}}},
                        {{"P", rSendT("Q", "m", ValType::unit(), rSendT("Q", "m", ValType::unit(), rEnd()))},
                         {"Q", rRecvT("P", "m", ValType::unit(), rRecvT("P", "m", ValType::unit(), rEnd()))}});
  BufferConfig c;
  c.initialCapacity = 1;
  s.config.bufferOverrides.push_back({Edge{0, "P", "Q"}, c});
  const RunResult r = runCoop(s);
  ASSERT_EQ(r.outcome, RunOutcome::Completed);
  // R1 send; R2 Q set; R3 send blocks; R4 receive; R5 P woken, Q blocks on receive;
  // R6 P send; R7 Q woken, P halts; R8 receive; R9 Q halts.
  ASSERT_EQ(kinds(r.trace), (std::vector<K>{K::Opened, K::Sent, K::Received, K::Sent, K::Received}));
  EXPECT_EQ(r.trace[3].tick, 6u);
  EXPECT_EQ(r.trace[4].tick, 8u);
  EXPECT_EQ(r.rounds, 9u);
}

TEST(Send, LabelOnlyMessagesCarryTheRegisterValue) {
  const Scenario s = programs({{"P", {instr::Set{1, Value::ofNat(3)}, instr::Send{0, 1}, instr::Halt{}}},
                               {"Q", {instr::Receive{0, 2}, instr::Halt{}}}},
                              {{"P", rSend("Q", "m", rEnd())}, {"Q", rRecv("P", "m", rEnd())}});
  const RunResult r = runCoop(s);
  ASSERT_EQ(kinds(r.trace), (std::vector<K>{K::Opened, K::Sent, K::Received}));
  EXPECT_EQ(r.trace[1].event.value, Value::ofNat(3));
  EXPECT_EQ(r.trace[2].event.value, Value::ofNat(3));
  EXPECT_EQ(coro(r, 1).status, CoroStatus::done());
}

TEST(Send, AMultiArmSelectIsNotASend) {
  const Scenario s = programs({{"P", {instr::Send{0, 1}}}, {"Q", {instr::Halt{}}}},
                              {{"P", rSelect("Q", {{"a", rEnd()}, {"b", rEnd()}})}, {"Q", rBranch("P", {{"a", rEnd()}, {"b", rEnd()}})}});
  EXPECT_EQ(coro(runCoop(s), 0).status, faulted(spec("send not permitted")));
}

TEST(Send, AnEdgeWithoutAHandlerFaults) {
  // P's type names a partner outside the session: no handler is bound to that edge.
  const Scenario s = programs({{"P", {instr::Send{0, 1}}}, {"Q", {instr::Halt{}}}},
                              {{"P", rSendT("Z", "m", ValType::unit(), rEnd())}, {"Q", rEnd()}});
  EXPECT_EQ(coro(runCoop(s), 0).status, faulted(spec("no handler bound")));
}

TEST(Receive, RecvNotPermittedOnASendType) {
  const Scenario s = programs({{"P", {instr::Halt{}}}, {"Q", {instr::Receive{0, 1}}}},
                              {{"P", rEnd()}, {"Q", rSendT("P", "m", ValType::unit(), rEnd())}});
  Scenario off = s;
  off.config.monitorMode = MonitorMode::Off;
  EXPECT_EQ(coro(runCoop(off), 1).status, faulted(spec("recv not permitted")));
  EXPECT_EQ(coro(runCoop(s), 1).status, faulted(Fault::typeViolation(ValType::unit(), ValType::unit())));
}

TEST(Receive, PayloadTypeMismatchKeepsTheMessage) {
  // P sends a label-only unit; Q expects a nat.
  const Scenario s = programs({{"P", {instr::Send{0, 1}, instr::Halt{}}}, {"Q", {instr::Set{2, Value::unit()}, instr::Receive{0, 1}}}},
                              {{"P", rSend("Q", "m", rEnd())}, {"Q", rRecvT("P", "m", ValType::nat(), rEnd())}});
  const RunResult r = runCoop(s);
  EXPECT_EQ(coro(r, 1).status, faulted(Fault::typeViolation(ValType::nat(), ValType::unit())));
  ASSERT_EQ(r.snapshot.buffers.size(), 1u);  // the dequeue was discarded
}

// P: offer `label`; halt   Q: choose {a -> 3, b -> 4}; halt; set r1 9; halt
Scenario choice(const char* label, std::vector<std::pair<Label, PC>> table) {
  return programs({{"P", {instr::Offer{0, label}, instr::Halt{}}},
                   {"Q", {instr::Choose{0, std::move(table)}, instr::Halt{}, instr::Set{1, Value::ofNat(9)}, instr::Halt{}}}},
                  {{"P", rSelect("Q", {{"a", rEnd()}, {"b", rEnd()}})}, {"Q", rBranch("P", {{"a", rEnd()}, {"b", rEnd()}})}});
}

TEST(OfferChoose, TheChosenLabelJumpsThroughTheTable) {
  const RunResult r = runCoop(choice("b", {{"a", 3}, {"b", 4}}));
  ASSERT_EQ(r.outcome, RunOutcome::Completed);
  ASSERT_EQ(kinds(r.trace), (std::vector<K>{K::Opened, K::Offered, K::Chose}));
  EXPECT_EQ(r.trace[1].event.label, "b");
  EXPECT_EQ(r.trace[2].event.label, "b");
  EXPECT_EQ(r.trace[2].event.edge, (Edge{0, "P", "Q"}));
  EXPECT_EQ(coro(r, 1).pc, 6u);  // 2 -> 4 (set) -> 5 (halt) -> 6
}

TEST(OfferChoose, UnknownLabels) {
  EXPECT_EQ(coro(runCoop(choice("c", {{"a", 3}, {"b", 4}})), 0).status, faulted(Fault::unknownLabel("c")));
  // Not in the table: the fault keeps the dequeue.
  const RunResult r = runCoop(choice("b", {{"a", 3}}));
  EXPECT_EQ(coro(r, 1).status, faulted(Fault::unknownLabel("b")));
  EXPECT_TRUE(r.snapshot.buffers.empty());
}

TEST(OfferChoose, ANonStringPayloadFaultsAfterTheDequeue) {
  // A label-only send of unit where the receiver chooses.
  const Scenario s = programs({{"P", {instr::Send{0, 1}, instr::Halt{}}}, {"Q", {instr::Choose{0, {{"m", 3}}}, instr::Halt{}}}},
                              {{"P", rSend("Q", "m", rEnd())}, {"Q", rRecv("P", "m", rEnd())}});
  const RunResult r = runCoop(s);
  EXPECT_EQ(coro(r, 1).status, faulted(Fault::typeViolation(ValType::string(), ValType::unit())));
  EXPECT_TRUE(r.snapshot.buffers.empty());
}

TEST(OfferChoose, ChooseOnARecvTypeAndOfferOnASendType) {
  Scenario s = programs({{"P", {instr::Offer{0, "m"}}}, {"Q", {instr::Choose{0, {{"m", 3}}}}}},
                        {{"P", rSendT("Q", "m", ValType::unit(), rEnd())}, {"Q", rRecvT("P", "m", ValType::unit(), rEnd())}});
  const RunResult r = runCoop(s);  // the monitor lets both through
  EXPECT_EQ(coro(r, 0).status, faulted(spec("offer not permitted")));
  EXPECT_EQ(coro(r, 1).status, faulted(spec("choose not permitted")));
}

instr::Open openXY(std::vector<std::pair<Role, Reg>> dsts, bool allHandlers = true) {
  instr::Open o;
  o.roles = {"X", "Y"};
  o.localTypes = {{"X", LocalType::send("Y", ValType::nat(), LocalType::end())},
                  {"Y", LocalType::recv("X", ValType::nat(), LocalType::end())}};
  for (const char* a : {"X", "Y"})
    for (const char* b : {"X", "Y"})
      if (allHandlers || std::string(a) != "Y") o.handlers.push_back({std::nullopt, a, b, 0});
  o.dsts = std::move(dsts);
  return o;
}

TEST(Open, CreatesASessionOwnedByTheOpener) {
  const Scenario s = programs({{"P", {openXY({{"X", 2}, {"Y", 3}}), instr::Set{1, Value::ofNat(4)}, instr::Send{2, 1},
                                      instr::Receive{3, 4}, instr::Invoke{}, instr::Halt{}}}},
                              {{"P", rEnd()}});
  const RunResult r = runCoop(s);
  ASSERT_EQ(r.outcome, RunOutcome::Completed);
  ASSERT_EQ(kinds(r.trace), (std::vector<K>{K::Opened, K::Opened, K::Sent, K::Received, K::Invoked}));
  EXPECT_EQ(r.trace[1].event.sid, 1u);
  EXPECT_EQ(r.trace[1].event.roles, (std::vector<Role>{"X", "Y"}));
  EXPECT_EQ(r.trace[2].event.edge, (Edge{1, "X", "Y"}));
  // The new endpoints come first in the owned list (F D20): invoke reports X of session 1.
  EXPECT_EQ(r.trace[4].event.endpoint, (Endpoint{1, "X"}));
  ASSERT_EQ(r.snapshot.sessions.size(), 2u);
}

TEST(Open, FaultsInCheckOrder) {
  instr::Open arity = openXY({{"X", 2}});
  arity.roles = {"X"};  // the monitor's arity rule holds, the step's does not
  EXPECT_EQ(coro(runCoop(programs({{"P", {arity}}}, {{"P", rEnd()}})), 0).status,
            faulted(Fault::withMsg(Fault::Kind::CloseFault, "open arity mismatch")));
  EXPECT_EQ(coro(runCoop(programs({{"P", {openXY({{"X", 2}, {"Y", 3}}, false)}}}, {{"P", rEnd()}})), 0).status,
            faulted(spec("handler bindings missing")));
  EXPECT_EQ(coro(runCoop(programs({{"P", {openXY({{"X", 2}, {"Y", 9}})}}}, {{"P", rEnd()}})), 0).status,
            faulted(Fault::outOfRegisters()));
  instr::Open monitor = openXY({{"X", 2}, {"Y", 3}});
  monitor.roles = {"X"};
  EXPECT_EQ(coro(runCoop(programs({{"P", {monitor}}}, {{"P", rEnd()}})), 0).status,
            faulted(Fault::typeViolation(ValType::unit(), ValType::unit())));
}

TEST(Close, EpochAdvancedThenClosedAndOwnershipDropped) {
  const RunResult r = runCoop(programs({{"P", {instr::Close{0}, instr::Invoke{}, instr::Close{0}}}}, {{"P", rEnd()}}));
  ASSERT_EQ(kinds(r.trace), (std::vector<K>{K::Opened, K::EpochAdvanced, K::Closed}));
  EXPECT_EQ(r.trace[1].event.epoch, 1u);
  EXPECT_EQ(r.trace[1].tick, 1u);
  EXPECT_EQ(r.trace[2].tick, 1u);
  EXPECT_EQ(r.snapshot.sessions[0].phase, SessionPhase::Closed);
  EXPECT_EQ(r.snapshot.sessions[0].epoch, 1u);
  // invoke with nothing owned emits nothing; closing again: not owned.
  EXPECT_EQ(coro(r, 0).status, faulted(Fault::withMsg(Fault::Kind::CloseFault, "endpoint not owned")));
  EXPECT_EQ(coro(r, 0).pc, 2u);
  EXPECT_EQ(r.snapshot.outputConditionChecks.size(), 1u);
}

TEST(GuardLayers, AcquireAndReleaseFollowTheConfig) {
  const Scenario base = programs({{"P", {instr::Acquire{"L", 2}, instr::Release{"L", 2}, instr::Halt{}}}}, {{"P", rEnd()}});
  EXPECT_EQ(coro(runCoop(base), 0).status, faulted(Fault::acquireFault("guard-layer", "inactive layer")));
  Scenario active = base;
  active.config.guardChain.active = {"L"};
  EXPECT_EQ(coro(runCoop(active), 0).status, faulted(Fault::acquireFault("guard-layer", "unknown layer")));
  active.config.guardChain.resources = {"L"};
  const RunResult r = runCoop(active);
  ASSERT_EQ(kinds(r.trace), (std::vector<K>{K::Opened, K::Acquired, K::Released}));
  EXPECT_EQ(r.trace[1].event.layer, "L");
  EXPECT_EQ(r.trace[1].event.endpoint, (Endpoint{0, "P"}));
  Scenario bad = active;
  bad.images[0].programs[0].second = {instr::Set{2, Value::ofNat(1)}, instr::Release{"L", 2}};
  EXPECT_EQ(coro(runCoop(bad), 0).status, faulted(Fault::acquireFault("guard-layer", "bad evidence")));
}

TEST(Speculation, ForkJoinForkAbortTruncatesTheSecondFork) {
  Scenario s = programs({{"P", {instr::Set{1, Value::ofNat(7)}, instr::Fork{1}, instr::Join{}, instr::Fork{1},
                                instr::Abort{}, instr::Halt{}}}},
                        {{"P", rEnd()}});
  EXPECT_EQ(coro(runCoop(s), 0).status, faulted(spec("speculation is disabled")));
  s.config.speculationEnabled = true;
  const RunResult r = runCoop(s);
  ASSERT_EQ(r.outcome, RunOutcome::Completed);
  // F §1.8: forked 7 7, joined 7, aborted 7 — abort removed the second forked.
  ASSERT_EQ(kinds(r.trace), (std::vector<K>{K::Opened, K::Forked, K::Joined, K::Aborted}));
  EXPECT_EQ(r.trace[1].event.sid, 7u);
  EXPECT_EQ(r.trace[1].event.ghostSid, 7u);
  EXPECT_EQ(r.trace[3].tick, 5u);
  EXPECT_EQ(r.snapshot.outputConditionChecks.size(), 4u);  // checks are not truncated
}

TEST(Speculation, Faults) {
  Scenario s = programs({{"P", {instr::Join{}}}}, {{"P", rEnd()}});
  s.config.speculationEnabled = true;
  EXPECT_EQ(coro(runCoop(s), 0).status, faulted(spec("join requires active speculation")));
  s.images[0].programs[0].second = {instr::Abort{}};
  EXPECT_EQ(coro(runCoop(s), 0).status, faulted(spec("abort requires active speculation")));
  s.images[0].programs[0].second = {instr::Fork{1}};
  EXPECT_EQ(coro(runCoop(s), 0).status, faulted(Fault::typeViolation(ValType::nat(), ValType::unit())));
  s.config.maxSpeculationDepth = 1;
  s.images[0].programs[0].second = {instr::Set{1, Value::ofNat(2)}, instr::Fork{1}, instr::Fork{1}};
  const RunResult r = runCoop(s);
  EXPECT_EQ(coro(r, 0).status, faulted(spec("speculation depth exhausted")));
  EXPECT_EQ(coro(r, 0).pc, 2u);
}

TEST(Transfer, MovesTheEndpointItsTokenAndTheRightToUseIt) {
  // A: set r2 1; transfer r0 -> coroutine 1; send r0 r1 (no longer owned)
  // B: yield; set r3 chan(0,A); send r3 r1 (A's endpoint, now B's); halt
  const Scenario s = programs({{"A", {instr::Set{2, Value::ofNat(1)}, instr::Transfer{0, 2, 0}, instr::Send{0, 1}}},
                               {"B", {instr::Yield{}, instr::Set{3, Value::ofChan({0, "A"})}, instr::Send{3, 1}, instr::Halt{}}}},
                              {{"A", rSendT("B", "m", ValType::unit(), rEnd())}, {"B", rRecvT("A", "m", ValType::unit(), rEnd())}});
  const RunResult r = runCoop(s);
  ASSERT_EQ(kinds(r.trace), (std::vector<K>{K::Opened, K::Transferred, K::Sent}));
  EXPECT_EQ(r.trace[1].event.endpoint, (Endpoint{0, "A"}));
  EXPECT_EQ(r.trace[1].event.fromCoro, 0u);
  EXPECT_EQ(r.trace[1].event.toCoro, 1u);
  EXPECT_EQ(r.trace[2].coro, std::optional<CoroutineId>(1));
  EXPECT_EQ(coro(r, 0).status, faulted(Fault::channelClosed({0, "A"})));
  EXPECT_EQ(coro(r, 1).status, CoroStatus::done());
}

TEST(Transfer, BadTargetAndSelfTransfer) {
  const Scenario bad = programs({{"A", {instr::Transfer{0, 2, 0}}}}, {{"A", rEnd()}});
  // Lean: typeViolation nat (valTypeOf target); "bad transfer target" is only its message.
  EXPECT_EQ(coro(runCoop(bad), 0).status, faulted(Fault::typeViolation(ValType::nat(), ValType::unit())));
  // Self-transfer loses the endpoint (Lean's source write-back wins): a second transfer
  // finds it not owned.
  const Scenario self = programs({{"A", {instr::Set{2, Value::ofNat(0)}, instr::Transfer{0, 2, 0}, instr::Transfer{0, 2, 0}}}},
                                 {{"A", rEnd()}});
  EXPECT_EQ(coro(runCoop(self), 0).status, faulted(Fault::withMsg(Fault::Kind::TransferFault, "endpoint not owned")));
}

TEST(Knowledge, TagThenCheckUnderTheFlowPolicy) {
  const Value fact = Value::prod(Value::ofChan({0, "P"}), Value::ofString("f"));
  const Value other = Value::prod(Value::ofChan({0, "P"}), Value::ofString("g"));
  Scenario s = programs({{"P", {instr::Set{2, fact}, instr::Tag{2, 3}, instr::Set{4, Value::ofString("Q")},
                                instr::Check{2, 4, 5}, instr::Set{6, other}, instr::Check{6, 4, 5}, instr::Halt{}}}},
                        {{"P", rEnd()}});
  RunResult r = runCoop(s);
  ASSERT_EQ(kinds(r.trace), (std::vector<K>{K::Opened, K::Tagged, K::Checked, K::Checked}));
  EXPECT_EQ(r.trace[1].event.fact, (Knowledge{{0, "P"}, "f"}));
  EXPECT_EQ(r.trace[2].event.target, "Q");
  EXPECT_TRUE(r.trace[2].event.permitted);
  EXPECT_FALSE(r.trace[3].event.permitted);  // never tagged
  s.config.flowPolicy.kind = FlowPolicy::Kind::DenyRoles;
  s.config.flowPolicy.roles = {"Q"};
  r = runCoop(s);
  EXPECT_FALSE(r.trace[2].event.permitted);
  // A malformed fact.
  const Scenario bad = programs({{"P", {instr::Tag{1, 3}}}}, {{"P", rEnd()}});
  EXPECT_EQ(coro(runCoop(bad), 0).status,
            faulted(Fault::typeViolation(ValType::prod(ValType::chanOf(0, ""), ValType::string()), ValType::unit())));
}

TEST(Control, SpawnYieldJumpHalt) {
  // P: set r1 3; spawn 5 [1]; yield; jump 4; halt | child at 5: halt
  const RunResult r = runCoop(programs(
      {{"P", {instr::Set{1, Value::ofNat(3)}, instr::Spawn{5, {1}}, instr::Yield{}, instr::Jump{4}, instr::Halt{}, instr::Halt{}}}},
      {{"P", rEnd()}}));
  ASSERT_EQ(r.outcome, RunOutcome::Completed);
  ASSERT_EQ(r.snapshot.coroutines.size(), 2u);
  EXPECT_EQ(coro(r, 0).pc, 5u);
  EXPECT_EQ(coro(r, 1).pc, 6u);
  // R1 set, R2 spawn (queue: parent, child), R3 yield, R4 child halts, R5 jump, R6 halt.
  EXPECT_EQ(r.stepsExecuted, 6u);
  EXPECT_EQ(r.rounds, 6u);
}

TEST(Control, MoveCopiesAndOutOfRangeFaults) {
  EXPECT_EQ(coro(runCoop(programs({{"P", {instr::Move{8, 0}}}}, {{"P", rEnd()}})), 0).status, faulted(Fault::outOfRegisters()));
  EXPECT_EQ(coro(runCoop(programs({{"P", {instr::Set{12, Value::unit()}}}}, {{"P", rEnd()}})), 0).status,
            faulted(Fault::outOfRegisters()));
  const RunResult r = runCoop(programs({{"P", {instr::Jump{100}}}}, {{"P", rEnd()}}));
  EXPECT_EQ(coro(r, 0).status, faulted(Fault::withMsg(Fault::Kind::CloseFault, "pc out of range")));
  EXPECT_EQ(coro(r, 0).pc, 100u);
}

TEST(Wrapper, CostBudgetAndOutputGate) {
  Scenario s = programs({{"P", {instr::Set{1, Value::unit()}, instr::Set{1, Value::unit()}, instr::Set{1, Value::unit()}}}},
                        {{"P", rEnd()}});
  s.config.costModel.defaultBudget = 2;
  const RunResult r = runCoop(s);
  EXPECT_EQ(coro(r, 0).status, faulted(Fault::outOfCredits()));
  EXPECT_EQ(coro(r, 0).pc, 2u);

  Scenario g = typedPair();
  g.config.outputCondition.kind = OutputConditionPolicyKind::DenyAll;
  const RunResult d = runCoop(g);
  // The rejected send keeps its pc advance (F §1.4), nothing global commits.
  EXPECT_EQ(coro(d, 0).status, faulted(spec("output condition rejected: vm.observable_output")));
  EXPECT_EQ(coro(d, 0).pc, 2u);
  EXPECT_TRUE(d.snapshot.buffers.empty());
  ASSERT_EQ(d.snapshot.outputConditionChecks.size(), 1u);
  EXPECT_FALSE(d.snapshot.outputConditionChecks[0].passed);
  EXPECT_EQ(d.trace.size(), 1u);
}

TEST(Wrapper, GateRejectedCloseLeavesNoEvent) {
  Scenario s = programs({{"P", {instr::Close{0}}}}, {{"P", rEnd()}});
  s.config.outputCondition.kind = OutputConditionPolicyKind::DenyAll;
  const RunResult r = runCoop(s);
  EXPECT_EQ(r.trace.size(), 1u);
  EXPECT_EQ(r.snapshot.sessions[0].phase, SessionPhase::Active);
}

}  // namespace
}  // namespace tt::vm::test
