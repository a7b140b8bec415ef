// Faults, block reasons, coroutine status, progress tokens, knowledge (reference A §6-8).
#pragma once
#include <optional>
#include <string>

#include "tt/core/value.hpp"

namespace tt {

// ProgressToken = {sid, endpoint}.
struct ProgressToken {
  SessionId sid = 0;
  Endpoint endpoint;
  friend auto operator<=>(const ProgressToken&, const ProgressToken&) = default;
};

// Knowledge = {endpoint, payload}; in registers: prod (chan endpoint) (string payload).
struct Knowledge {
  Endpoint endpoint;
  std::string payload;
  friend auto operator<=>(const Knowledge&, const Knowledge&) = default;
};

// Lean Fault with its payload (A §8.1). Unused payload fields stay default.
struct Fault {
  enum class Kind : std::uint8_t {
    TypeViolation,     // expected, actual
    UnknownLabel,      // label
    ChannelClosed,     // endpoint
    InvalidSignature,  // edge
    AcquireFault,      // layer, msg
    InvokeFault,       // msg
    TransferFault,     // msg
    CloseFault,        // msg
    SpecFault,         // msg
    FlowViolation,     // msg
    NoProgressToken,   // edge
    OutOfCredits,
    OutOfRegisters,
  };
  Kind kind = Kind::OutOfRegisters;
  ValType expected, actual;
  std::string label;  // UnknownLabel label; AcquireFault layer
  std::string msg;
  Endpoint endpoint;
  Edge edge;

  static Fault typeViolation(ValType e, ValType a) { Fault f; f.kind = Kind::TypeViolation; f.expected = std::move(e); f.actual = std::move(a); return f; }
  static Fault unknownLabel(std::string l) { Fault f; f.kind = Kind::UnknownLabel; f.label = std::move(l); return f; }
  static Fault channelClosed(Endpoint ep) { Fault f; f.kind = Kind::ChannelClosed; f.endpoint = std::move(ep); return f; }
  static Fault invalidSignature(Edge e) { Fault f; f.kind = Kind::InvalidSignature; f.edge = std::move(e); return f; }
  static Fault acquireFault(std::string layer, std::string m) { Fault f; f.kind = Kind::AcquireFault; f.label = std::move(layer); f.msg = std::move(m); return f; }
  static Fault withMsg(Kind k, std::string m) { Fault f; f.kind = k; f.msg = std::move(m); return f; }
  static Fault noProgressToken(Edge e) { Fault f; f.kind = Kind::NoProgressToken; f.edge = std::move(e); return f; }
  static Fault outOfCredits() { Fault f; f.kind = Kind::OutOfCredits; return f; }
  static Fault outOfRegisters() { Fault f; f.kind = Kind::OutOfRegisters; return f; }
  friend bool operator==(const Fault&, const Fault&) = default;
};
// "typeViolation", "unknownLabel", ... (Lean constructor names).
const char* faultKindName(Fault::Kind k);

struct BlockReason {
  enum class Kind : std::uint8_t { RecvWait, SendWait, AcquireDenied, InvokeWait, ConsensusWait, SpawnWait, CloseWait };
  Kind kind = Kind::SpawnWait;
  Edge edge;              // RecvWait, SendWait
  ProgressToken token;    // RecvWait
  LayerId layer;          // AcquireDenied
  HandlerId handler = 0;  // InvokeWait
  std::uint64_t tag = 0;  // ConsensusWait
  SessionId sid = 0;      // CloseWait
  friend bool operator==(const BlockReason&, const BlockReason&) = default;
};
const char* blockReasonName(BlockReason::Kind k);

struct CoroStatus {
  enum class Kind : std::uint8_t { Ready, Blocked, Done, Faulted, Speculating };
  Kind kind = Kind::Ready;
  BlockReason reason;  // Blocked
  Fault fault;         // Faulted
  static CoroStatus ready() { return {}; }
  static CoroStatus done() { CoroStatus s; s.kind = Kind::Done; return s; }
  static CoroStatus blocked(BlockReason r) { CoroStatus s; s.kind = Kind::Blocked; s.reason = std::move(r); return s; }
  static CoroStatus faulted(Fault f) { CoroStatus s; s.kind = Kind::Faulted; s.fault = std::move(f); return s; }
  friend bool operator==(const CoroStatus&, const CoroStatus&) = default;
};

// Lean ExecStatus tags (the runner's exec_status strings).
enum class ExecStatus : std::uint8_t {
  Continue, Yielded, Blocked, Halted, Faulted, Spawned, Transferred, Closed, Forked, Joined, Aborted
};
const char* execStatusName(ExecStatus s);

}  // namespace tt
