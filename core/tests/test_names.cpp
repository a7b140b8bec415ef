// The fixed name vocabularies (Lean tags, runner strings, ledger ids), obsSid (A §9.2),
// and the buffer-config helpers (A §5.3).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tt/core/config.hpp"
#include "tt/core/event.hpp"
#include "tt/core/failure.hpp"
#include "tt/core/instr.hpp"
#include "tt/core/snapshot.hpp"

namespace tt {
namespace {

TEST(Opcodes, NamesTagsAndSessionNeedFollowTheTable) {
  EXPECT_EQ(std::variant_size_v<Instr>, kOpcodeCount);
  EXPECT_STREQ(opcodeName(Opcode::Send), "send");
  EXPECT_STREQ(opcodeName(Opcode::Receive), "receive");
  EXPECT_STREQ(opcodeName(Opcode::Halt), "halt");
  EXPECT_STREQ(opcodeTag(Opcode::Receive), "Receive");
  EXPECT_STREQ(opcodeTag(Opcode::Spawn), "Spawn");
  EXPECT_EQ(opcodeOf(instr::Check{}), Opcode::Check);
  EXPECT_EQ(opcodeOf(instr::Set{}), Opcode::Set);
  std::set<std::string> names;
  for (std::size_t i = 0; i < kOpcodeCount; ++i) {
    const auto op = static_cast<Opcode>(i);
    names.insert(opcodeName(op));
    EXPECT_EQ(opcodeFromName(opcodeName(op)), op);
    // The tag is the name with a capital first letter.
    std::string tag = opcodeName(op);
    tag[0] = static_cast<char>(tag[0] - 'a' + 'A');
    EXPECT_EQ(tag, opcodeTag(op));
    // Lean instrNeedsSession: send..check need one, set..halt do not.
    EXPECT_EQ(instrNeedsSession(op), i <= static_cast<std::size_t>(Opcode::Check)) << opcodeName(op);
  }
  EXPECT_EQ(names.size(), kOpcodeCount);
  EXPECT_FALSE(opcodeFromName("Send").has_value());
  EXPECT_FALSE(opcodeFromName("sned").has_value());
}

TEST(Repairs, IdsAreTheLedgerIdsAndRoundTrip) {
  EXPECT_STREQ(repairId(Repair::LoadEndpointRegister), "repair.load.endpoint-register");
  EXPECT_STREQ(repairId(Repair::LoadPcRelocation), "repair.load.pc-relocation");
  EXPECT_STREQ(repairId(Repair::CommLabelOnlyMessage), "repair.comm.label-only-message");
  EXPECT_STREQ(repairId(Repair::TypesRecursionUnfolding), "repair.types.recursion-unfolding");
  EXPECT_STREQ(repairId(Repair::RecvProgressToken), "repair.recv.progress-token");
  EXPECT_STREQ(repairId(Repair::SchedResumeStatus), "repair.sched.resume-status");
  EXPECT_STREQ(repairId(Repair::SchedSendUnblock), "repair.sched.send-unblock");
  for (std::size_t i = 0; i < kRepairCount; ++i) {
    const auto r = static_cast<Repair>(i);
    EXPECT_EQ(repairFromId(repairId(r)), r);
  }
  EXPECT_FALSE(repairFromId("repair.unknown").has_value());
}

TEST(Names, StatusFaultEventAndOutcomeStrings) {
  EXPECT_STREQ(faultKindName(Fault::Kind::TypeViolation), "typeViolation");
  EXPECT_STREQ(faultKindName(Fault::Kind::NoProgressToken), "noProgressToken");
  EXPECT_STREQ(faultKindName(Fault::Kind::OutOfRegisters), "outOfRegisters");
  EXPECT_STREQ(blockReasonName(BlockReason::Kind::RecvWait), "recvWait");
  EXPECT_STREQ(blockReasonName(BlockReason::Kind::CloseWait), "closeWait");
  EXPECT_STREQ(execStatusName(ExecStatus::Continue), "continue");
  EXPECT_STREQ(execStatusName(ExecStatus::Aborted), "aborted");
  EXPECT_STREQ(obsEventKindName(ObsEvent::Kind::Sent), "sent");
  EXPECT_STREQ(obsEventKindName(ObsEvent::Kind::EpochAdvanced), "epoch_advanced");
  EXPECT_STREQ(obsEventKindName(ObsEvent::Kind::Checked), "checked");
  EXPECT_STREQ(sessionPhaseName(SessionPhase::Closed), "closed");
  EXPECT_STREQ(runOutcomeName(RunOutcome::FuelExhausted), "fuel-exhausted");
  EXPECT_STREQ(runOutcomeName(RunOutcome::ResourceLimit), "resource-limit");
  EXPECT_STREQ(failureKindName(Failure::Kind::SiteCrash), "siteCrash");
  EXPECT_STREQ(failureKindName(Failure::Kind::Timeout), "timeout");
}

TEST(ObsSid, FollowsTheEventTable) {
  ObsEvent e;
  e.edge = {7, "A", "B"};
  e.endpoint = {8, "A"};
  e.sid = 9;
  const auto sidOf = [&](ObsEvent::Kind k) {
    e.kind = k;
    return obsSid(e);
  };
  using K = ObsEvent::Kind;
  for (K k : {K::Sent, K::Received, K::Offered, K::Chose}) EXPECT_EQ(sidOf(k), 7u);
  for (K k : {K::Acquired, K::Released, K::Invoked, K::Transferred}) EXPECT_EQ(sidOf(k), 8u);
  for (K k : {K::Opened, K::Closed, K::EpochAdvanced, K::Forked, K::Joined, K::Aborted}) EXPECT_EQ(sidOf(k), 9u);
  EXPECT_FALSE(sidOf(K::Tagged).has_value());
  EXPECT_FALSE(sidOf(K::Checked).has_value());
}

TEST(OpenInstr, EqualityComparesLocalTypesStructurally) {
  instr::Open a;
  a.roles = {"A", "B"};
  a.localTypes = {{"A", LocalType::end()}};
  a.handlers = {{std::nullopt, "A", "B", 0}};
  a.dsts = {{"A", 1}};
  instr::Open b = a;
  b.localTypes = {{"A", LocalType::end()}};  // a different pointer to an equal type
  EXPECT_TRUE(a == b);
  b.localTypes = {{"A", LocalType::varRef(0)}};
  EXPECT_FALSE(a == b);
  b = a;
  b.handlers[0].sid = 0;
  EXPECT_FALSE(a == b);
}

TEST(BufferConfig, EffectiveCapacity) {
  BufferConfig c;
  EXPECT_EQ(effectiveCapacity(c), 16u);
  c.mode = BufferMode::LatestValue;
  EXPECT_EQ(effectiveCapacity(c), 1u);
  c.policy = {BackpressureKind::Resize, 40};
  EXPECT_EQ(effectiveCapacity(c), 40u);  // the resize bound wins over the mode
  c.mode = BufferMode::Fifo;
  c.policy = {BackpressureKind::Drop, 0};
  c.initialCapacity = 3;
  EXPECT_EQ(effectiveCapacity(c), 3u);
}

TEST(BufferConfig, PerEdgeOverrideFirstMatchElseDefault) {
  VMConfig cfg;
  BufferConfig small;
  small.initialCapacity = 2;
  BufferConfig tiny;
  tiny.initialCapacity = 1;
  cfg.bufferOverrides = {{Edge{0, "A", "B"}, small}, {Edge{0, "A", "B"}, tiny}};
  EXPECT_EQ(cfg.bufferConfigFor({0, "A", "B"}).initialCapacity, 2u);
  EXPECT_EQ(cfg.bufferConfigFor({0, "B", "A"}).initialCapacity, 16u);
  EXPECT_EQ(cfg.bufferConfigFor({1, "A", "B"}).initialCapacity, 16u);
}

}  // namespace
}  // namespace tt
