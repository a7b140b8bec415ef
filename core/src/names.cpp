// The fixed vocabularies of names: opcodes, faults, block reasons, statuses, events,
// failures, outcomes and repair ids. One table per enum, in enum order.
#include <array>
#include <string_view>

#include "tt/core/config.hpp"
#include "tt/core/event.hpp"
#include "tt/core/failure.hpp"
#include "tt/core/instr.hpp"
#include "tt/core/snapshot.hpp"
#include "tt/core/status.hpp"

namespace tt {

namespace {

template <class Enum, std::size_t N>
const char* lookup(const std::array<const char*, N>& names, Enum e) {
  const auto i = static_cast<std::size_t>(e);
  return i < N ? names[i] : "?";
}

// Lean monitorInstrTag, in Opcode order.
constexpr std::array<const char*, kOpcodeCount> kOpcodeNames = {
    "send", "receive", "offer", "choose", "acquire", "release", "invoke",
    "open", "close", "fork", "join", "abort", "transfer", "tag", "check",
    "set", "move", "jump", "spawn", "yield", "halt"};

// Upstream's externally tagged variant names, in Opcode order.
constexpr std::array<const char*, kOpcodeCount> kOpcodeTags = {
    "Send", "Receive", "Offer", "Choose", "Acquire", "Release", "Invoke",
    "Open", "Close", "Fork", "Join", "Abort", "Transfer", "Tag", "Check",
    "Set", "Move", "Jump", "Spawn", "Yield", "Halt"};

constexpr std::array<const char*, 13> kFaultNames = {
    "typeViolation", "unknownLabel", "channelClosed", "invalidSignature", "acquireFault",
    "invokeFault", "transferFault", "closeFault", "specFault", "flowViolation",
    "noProgressToken", "outOfCredits", "outOfRegisters"};

constexpr std::array<const char*, 7> kBlockReasonNames = {
    "recvWait", "sendWait", "acquireDenied", "invokeWait", "consensusWait", "spawnWait", "closeWait"};

constexpr std::array<const char*, 11> kExecStatusNames = {
    "continue", "yielded", "blocked", "halted", "faulted", "spawned",
    "transferred", "closed", "forked", "joined", "aborted"};

constexpr std::array<const char*, 16> kObsEventNames = {
    "sent", "received", "offered", "chose", "acquired", "released", "invoked", "opened",
    "closed", "epoch_advanced", "transferred", "forked", "joined", "aborted", "tagged", "checked"};

constexpr std::array<const char*, 4> kSessionPhaseNames = {"opening", "active", "closing", "closed"};

constexpr std::array<const char*, 5> kRunOutcomeNames = {
    "completed", "stuck", "fuel-exhausted", "load-error", "resource-limit"};

// Lean Failure constructor names.
constexpr std::array<const char*, 5> kFailureNames = {"siteCrash", "partition", "heal", "corrupt", "timeout"};

// The ledger ids of SEMANTICS §2, in Repair order.
constexpr std::array<const char*, kRepairCount> kRepairIds = {
    "repair.load.endpoint-register", "repair.load.pc-relocation",
    "repair.comm.label-only-message", "repair.types.recursion-unfolding",
    "repair.recv.progress-token", "repair.sched.resume-status", "repair.sched.send-unblock"};

}  // namespace

const char* opcodeName(Opcode op) { return lookup(kOpcodeNames, op); }

std::optional<Opcode> opcodeFromName(std::string_view name) {
  for (std::size_t i = 0; i < kOpcodeCount; ++i)
    if (name == kOpcodeNames[i]) return static_cast<Opcode>(i);
  return std::nullopt;
}

const char* opcodeTag(Opcode op) { return lookup(kOpcodeTags, op); }

bool instrNeedsSession(Opcode op) {
  // Lean instrNeedsSession: everything from send to check; set..halt are local.
  return static_cast<std::size_t>(op) < static_cast<std::size_t>(Opcode::Set);
}

const char* faultKindName(Fault::Kind k) { return lookup(kFaultNames, k); }
const char* blockReasonName(BlockReason::Kind k) { return lookup(kBlockReasonNames, k); }
const char* execStatusName(ExecStatus s) { return lookup(kExecStatusNames, s); }
const char* obsEventKindName(ObsEvent::Kind k) { return lookup(kObsEventNames, k); }
const char* sessionPhaseName(SessionPhase p) { return lookup(kSessionPhaseNames, p); }
const char* runOutcomeName(RunOutcome o) { return lookup(kRunOutcomeNames, o); }
const char* failureKindName(Failure::Kind k) { return lookup(kFailureNames, k); }
const char* repairId(Repair r) { return lookup(kRepairIds, r); }

std::optional<Repair> repairFromId(std::string_view id) {
  for (std::size_t i = 0; i < kRepairCount; ++i)
    if (id == kRepairIds[i]) return static_cast<Repair>(i);
  return std::nullopt;
}

std::optional<SessionId> obsSid(const ObsEvent& e) {
  using K = ObsEvent::Kind;
  switch (e.kind) {
    case K::Sent:
    case K::Received:
    case K::Offered:
    case K::Chose:
      return e.edge.sid;
    case K::Acquired:
    case K::Released:
    case K::Invoked:
    case K::Transferred:
      return e.endpoint.sid;
    case K::Opened:
    case K::Closed:
    case K::EpochAdvanced:
    case K::Forked:
    case K::Joined:
    case K::Aborted:
      return e.sid;
    case K::Tagged:
    case K::Checked:
      return std::nullopt;
  }
  return std::nullopt;
}

namespace instr {

bool operator==(const Open& a, const Open& b) {
  if (a.roles != b.roles || a.handlers != b.handlers || a.dsts != b.dsts) return false;
  if (a.localTypes.size() != b.localTypes.size()) return false;
  for (std::size_t i = 0; i < a.localTypes.size(); ++i) {
    const auto& [ra, ta] = a.localTypes[i];
    const auto& [rb, tb] = b.localTypes[i];
    if (ra != rb) return false;
    if (ta != tb && (!ta || !tb || !(*ta == *tb))) return false;
  }
  return true;
}

}  // namespace instr

}  // namespace tt
