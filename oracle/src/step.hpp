// Internal: the StepPack helpers of Lean `ExecHelpers.lean` and the per-instruction step
// functions (reference B §2.2, §4). Every step function works on st.coroutines[cid] in
// place and runs all of its checks before its first effect, so a fault or a block leaves
// the state exactly as Lean's `faultPack st coro` / `blockPack st coro` would.
#pragma once
#include "tt/core/instr.hpp"
#include "tt/oracle/exec.hpp"

namespace tt::oracle::detail {

// --- StepPack constructors (B §2.2) ------------------------------------------------------

// status ready, pc+1, result continue.
inline void setReady(CoroutineState& c) {
  // A ready status carries no payload, so an already-ready coroutine needs no write.
  if (c.status.kind != CoroStatus::Kind::Ready) c.status = CoroStatus::ready();
}
inline ExecResult continuePack(CoroutineState& c, StepEvent ev) {
  setReady(c);
  c.pc += 1;
  return {ExecStatusFull::of(ExecStatus::Continue), std::move(ev)};
}
// status blocked r, pc unchanged, no event.
inline ExecResult blockPack(CoroutineState& c, BlockReason r) {
  c.status = CoroStatus::blocked(r);
  return {ExecStatusFull::blocked(std::move(r)), StepEvent::none()};
}
// status faulted f, pc unchanged, internal event.
inline ExecResult faultPack(CoroutineState& c, Fault f) {
  c.status = CoroStatus::faulted(f);
  return {ExecStatusFull::faulted(std::move(f)), StepEvent::internal()};
}
// status done, pc+1, no event.
inline ExecResult haltPack(CoroutineState& c) {
  c.status = CoroStatus::done();
  c.pc += 1;
  return {ExecStatusFull::of(ExecStatus::Halted), StepEvent::none()};
}
// Lean advancePc for raw packs (fork/join/abort/transfer): pc+1, status untouched.
inline void advancePc(CoroutineState& c) { c.pc += 1; }

inline Fault specFault(const char* msg) { return Fault::withMsg(Fault::Kind::SpecFault, msg); }
inline Fault closeFault(const char* msg) { return Fault::withMsg(Fault::Kind::CloseFault, msg); }
inline Fault transferFault(const char* msg) { return Fault::withMsg(Fault::Kind::TransferFault, msg); }
inline Fault flowViolation(const char* msg) { return Fault::withMsg(Fault::Kind::FlowViolation, msg); }
inline Fault invokeFault(const char* msg) { return Fault::withMsg(Fault::Kind::InvokeFault, msg); }
// The "expected channel" type of operand faults: chan 0 "".
inline ValType expectedChan() { return ValType::chanOf(0, ""); }

inline BlockReason sendWait(const Edge& e) {
  BlockReason r;
  r.kind = BlockReason::Kind::SendWait;
  r.edge = e;
  return r;
}
// The receive token names the receiving endpoint: {edge.sid, {edge.sid, edge.receiver}}.
inline ProgressToken receiveToken(const Edge& e) { return {e.sid, {e.sid, e.receiver}}; }
inline BlockReason recvWait(const Edge& e) {
  BlockReason r;
  r.kind = BlockReason::Kind::RecvWait;
  r.edge = e;
  r.token = receiveToken(e);
  return r;
}

// Lean readReg: the register, or null when the index is out of range.
inline const Value* readReg(const CoroutineState& c, Reg r) {
  return r < c.regs.size() ? &c.regs[r] : nullptr;
}
inline bool regExists(const CoroutineState& c, Reg r) { return r < c.regs.size(); }

// Lean `owns`.
bool owns(const CoroutineState& c, const Endpoint& ep);

// The observable event with its fields set.
ObsEvent eventSent(const Edge& e, const Value& v);
ObsEvent eventReceived(const Edge& e, const Value& v);

// --- step functions, one per instruction (B §4) -------------------------------------------

ExecResult stepSend(VMState& st, CoroutineId cid, const instr::Send& i);
ExecResult stepReceive(VMState& st, CoroutineId cid, const instr::Receive& i);
ExecResult stepOffer(VMState& st, CoroutineId cid, const instr::Offer& i);
ExecResult stepChoose(VMState& st, CoroutineId cid, const instr::Choose& i);
ExecResult stepAcquire(VMState& st, CoroutineId cid, const instr::Acquire& i);
ExecResult stepRelease(VMState& st, CoroutineId cid, const instr::Release& i);
ExecResult stepInvoke(VMState& st, CoroutineId cid, const instr::Invoke& i);
ExecResult stepOpen(VMState& st, CoroutineId cid, const instr::Open& i);
ExecResult stepClose(VMState& st, CoroutineId cid, const instr::Close& i);
ExecResult stepFork(VMState& st, CoroutineId cid, const instr::Fork& i);
ExecResult stepJoin(VMState& st, CoroutineId cid, const instr::Join& i);
ExecResult stepAbort(VMState& st, CoroutineId cid, const instr::Abort& i);
ExecResult stepTransfer(VMState& st, CoroutineId cid, const instr::Transfer& i);
ExecResult stepTag(VMState& st, CoroutineId cid, const instr::Tag& i);
ExecResult stepCheck(VMState& st, CoroutineId cid, const instr::Check& i);
ExecResult stepSet(VMState& st, CoroutineId cid, const instr::Set& i);
ExecResult stepMove(VMState& st, CoroutineId cid, const instr::Move& i);
ExecResult stepJump(VMState& st, CoroutineId cid, const instr::Jump& i);
ExecResult stepSpawn(VMState& st, CoroutineId cid, const instr::Spawn& i);
ExecResult stepYield(VMState& st, CoroutineId cid, const instr::Yield& i);
ExecResult stepHalt(VMState& st, CoroutineId cid, const instr::Halt& i);

}  // namespace tt::oracle::detail
