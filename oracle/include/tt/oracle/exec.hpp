// One instruction step: `execInstr` and the per-instruction step functions
// (reference B §2, §4; Lean `Semantics/Exec*.lean`).
#pragma once
#include <optional>

#include "tt/core/event.hpp"
#include "tt/core/status.hpp"
#include "tt/oracle/state.hpp"

namespace tt::oracle {

// Lean ExecStatus with its payload (A §6.3).
// (The block reason and the fault are optional only to keep the common statuses cheap.)
struct ExecStatusFull {
  ExecStatus tag = ExecStatus::Continue;
  std::optional<BlockReason> reason;  // Blocked
  std::optional<Fault> fault;         // Faulted
  CoroutineId newId = 0;              // Spawned
  Endpoint endpoint;                  // Transferred
  CoroutineId targetId = 0;           // Transferred
  SessionId sid = 0;                  // Forked (the ghost sid); Closed is never produced

  static ExecStatusFull of(ExecStatus t) { ExecStatusFull s; s.tag = t; return s; }
  static ExecStatusFull blocked(BlockReason r) { ExecStatusFull s; s.tag = ExecStatus::Blocked; s.reason = std::move(r); return s; }
  static ExecStatusFull faulted(Fault f) { ExecStatusFull s; s.tag = ExecStatus::Faulted; s.fault = std::move(f); return s; }
};

// Lean `Option StepEvent`: none, internal, or an observable event.
struct StepEvent {
  enum class Kind : std::uint8_t { None, Internal, Obs };
  Kind kind = Kind::None;
  ObsEvent obs;

  static StepEvent none() { return {}; }
  static StepEvent internal() { StepEvent e; e.kind = Kind::Internal; return e; }
  static StepEvent observable(ObsEvent ev) { StepEvent e; e.kind = Kind::Obs; e.obs = std::move(ev); return e; }
};

struct ExecResult {
  ExecStatusFull status;
  StepEvent event;
};

// Execute the instruction at the pc of coroutine `cid` (Lean execInstr). Never touches
// st.sched or st.clock.
ExecResult execInstr(VMState& st, CoroutineId cid);

// --- the pieces of execInstr, exposed for tests -----------------------------------------

// Lean monitorPrecheckError?: the rejection message, or none when the instruction passes.
std::optional<const char*> monitorPrecheckError(const VMState& st, const CoroutineState& c,
                                                const Instr& instr);
// Lean recordMonitorJudgment.
void recordMonitorJudgment(VMState& st, const CoroutineState& c, const Instr& instr);

// Lean stepInstr: dispatch to the per-instruction step. The coroutine is st.coroutines
// [cid], already charged; the step mutates it and the state in place, performing every
// check before any effect, so a fault or block leaves exactly what Lean's pack leaves.
ExecResult stepInstr(VMState& st, CoroutineId cid, const Instr& instr);

}  // namespace tt::oracle
