// `set`, `move`, `jump`, `spawn`, `yield`, `halt` (reference B §4.16-4.21; Lean
// ExecControl.lean), with repair.sched.resume-status for `yield`.
#include "step.hpp"

namespace tt::oracle::detail {

ExecResult stepSet(VMState& st, CoroutineId cid, const instr::Set& i) {
  CoroutineState& c = st.coroutines[cid];
  if (!regExists(c, i.dst)) return faultPack(c, Fault::outOfRegisters());
  c.regs[i.dst] = i.imm;
  return continuePack(c, StepEvent::none());
}

ExecResult stepMove(VMState& st, CoroutineId cid, const instr::Move& i) {
  CoroutineState& c = st.coroutines[cid];
  if (!regExists(c, i.src)) return faultPack(c, Fault::outOfRegisters());
  if (!regExists(c, i.dst)) return faultPack(c, Fault::outOfRegisters());
  c.regs[i.dst] = c.regs[i.src];  // a copy: no linearity
  return continuePack(c, StepEvent::none());
}

ExecResult stepJump(VMState& st, CoroutineId cid, const instr::Jump& i) {
  CoroutineState& c = st.coroutines[cid];
  c.pc = i.target;  // no range check: a bad target faults at the next fetch
  setReady(c);
  return {ExecStatusFull::of(ExecStatus::Continue), StepEvent::none()};
}

ExecResult stepSpawn(VMState& st, CoroutineId cid, const instr::Spawn& i) {
  const CoroutineId newId = st.nextCoroId;
  CoroutineState child;
  {
    const CoroutineState& parent = st.coroutines[cid];
    child.id = newId;
    child.programId = parent.programId;
    child.pc = i.target;
    child.regs.assign(parent.regs.size(), Value::unit());
    // Slot k gets the parent's register args[k] when it exists; a missing one is skipped.
    for (std::size_t k = 0; k < i.args.size() && k < child.regs.size(); ++k)
      if (const Value* v = readReg(parent, i.args[k])) child.regs[k] = *v;
    child.status = CoroStatus::ready();
    child.costBudget = st.cfg().costModel.defaultBudget;
  }
  st.coroutines.push_back(std::move(child));
  st.nextCoroId += 1;
  CoroutineState& parent = st.coroutines[cid];  // re-read: push_back may move it
  setReady(parent);
  parent.pc += 1;
  ExecStatusFull status = ExecStatusFull::of(ExecStatus::Spawned);
  status.newId = newId;
  return {std::move(status), StepEvent::none()};
}

ExecResult stepYield(VMState& st, CoroutineId cid, const instr::Yield&) {
  CoroutineState& c = st.coroutines[cid];
  c.pc += 1;
  // Lean parks a yielded coroutine on `blocked spawnWait`, which its picker never selects
  // again; the resume-status repair leaves it ready.
  if (st.repair(Repair::SchedResumeStatus)) {
    setReady(c);
  } else {
    BlockReason r;
    r.kind = BlockReason::Kind::SpawnWait;
    c.status = CoroStatus::blocked(std::move(r));
  }
  return {ExecStatusFull::of(ExecStatus::Yielded), StepEvent::none()};
}

ExecResult stepHalt(VMState& st, CoroutineId cid, const instr::Halt&) {
  return haltPack(st.coroutines[cid]);
}

}  // namespace tt::oracle::detail
