// execInstr: fetch, monitor precheck, cost, step, commit with the output-condition gate
// (reference B §2; Lean `Semantics/Exec.lean`).
#include <variant>

#include "step.hpp"

namespace tt::oracle {
namespace {

using detail::closeFault;
using detail::faultPack;

// config.outputCondition.verify on Lean's fixed claim (B §2.5).
bool outputConditionAccepts(const VMConfig& cfg) {
  const auto& p = cfg.outputCondition;
  switch (p.kind) {
    case OutputConditionPolicyKind::Disabled:
    case OutputConditionPolicyKind::AllowAll: return true;
    case OutputConditionPolicyKind::DenyAll: return false;
    case OutputConditionPolicyKind::PredicateAllowList:
      for (const auto& ref : p.allowList)
        if (ref == "vm.observable_output") return true;
      return false;
  }
  return true;
}

// Lean commitPack. The step already wrote its effects into `st`; `stBase` holds the
// state before the step (taken only when the gate rejects, since the gate's verdict is
// the same for every step of a run). On rejection every global effect is dropped but the
// coroutine keeps the step's registers, pc and ownership, with a faulted status.
ExecResult commitPack(VMState& st, std::optional<VMState>& stBase, CoroutineId cid,
                      ExecResult res) {
  if (res.event.kind != StepEvent::Kind::Obs) return res;  // no claim, no check
  if (!stBase) {
    st.outputConditionVerdicts.push_back(true);
    TickedObsEvent& entry = st.obsTrace.emplace_back();
    entry.tick = st.clock;
    entry.event = res.event.obs;  // the result keeps its event for observers and runners
    entry.coro = cid;
    return res;
  }
  Fault err = detail::specFault("output condition rejected: vm.observable_output");
  CoroutineState coro = std::move(st.coroutines[cid]);
  coro.status = CoroStatus::faulted(err);
  st = std::move(*stBase);
  st.coroutines[cid] = std::move(coro);
  st.outputConditionVerdicts.push_back(false);
  return {ExecStatusFull::faulted(std::move(err)), StepEvent::internal()};
}

ExecResult execWithInstr(VMState& st, CoroutineId cid, const Instr& instr) {
  const VMConfig& cfg = st.cfg();
  CoroutineState& c = st.coroutines[cid];
  if (cfg.monitorMode == MonitorMode::SessionTypePrecheck) {
    if (auto msg = monitorPrecheckError(st, c, instr)) {
      st.monitor.lastRejection = std::string(*msg);
      return faultPack(c, Fault::typeViolation(ValType::unit(), ValType::unit()));  // not charged
    }
    recordMonitorJudgment(st, c, instr);
  }
  const std::uint64_t cost = cfg.costModel.stepCost[static_cast<std::size_t>(opcodeOf(instr))];
  if (cost > c.costBudget) return faultPack(c, Fault::outOfCredits());  // not charged
  c.costBudget -= cost;

  std::optional<VMState> stBase;
  if (!outputConditionAccepts(cfg)) stBase = st;
  ExecResult res = stepInstr(st, cid, instr);
  return commitPack(st, stBase, cid, std::move(res));
}

ExecResult execAtPC(VMState& st, CoroutineId cid) {
  CoroutineState& c = st.coroutines[cid];
  switch (c.status.kind) {
    case CoroStatus::Kind::Done:
      return {ExecStatusFull::of(ExecStatus::Halted), StepEvent::none()};
    case CoroStatus::Kind::Faulted:
      return {ExecStatusFull::faulted(c.status.fault), StepEvent::internal()};
    default:
      break;  // ready, blocked and speculating all execute
  }
  if (c.programId >= st.programs.size()) return faultPack(c, closeFault("unknown program"));
  const Program& prog = *st.programs[c.programId];
  if (c.pc >= prog.code.size()) return faultPack(c, closeFault("pc out of range"));
  return execWithInstr(st, cid, prog.code[c.pc]);
}

}  // namespace

ExecResult execInstr(VMState& st, CoroutineId cid) {
  if (cid >= st.coroutines.size())
    return {ExecStatusFull::faulted(closeFault("unknown coroutine")), StepEvent::internal()};
  return execAtPC(st, cid);
}

ExecResult stepInstr(VMState& st, CoroutineId cid, const Instr& instr) {
  using namespace detail;
  return std::visit(
      [&](const auto& i) -> ExecResult {
        using T = std::decay_t<decltype(i)>;
        if constexpr (std::is_same_v<T, instr::Send>) return stepSend(st, cid, i);
        else if constexpr (std::is_same_v<T, instr::Receive>) return stepReceive(st, cid, i);
        else if constexpr (std::is_same_v<T, instr::Offer>) return stepOffer(st, cid, i);
        else if constexpr (std::is_same_v<T, instr::Choose>) return stepChoose(st, cid, i);
        else if constexpr (std::is_same_v<T, instr::Acquire>) return stepAcquire(st, cid, i);
        else if constexpr (std::is_same_v<T, instr::Release>) return stepRelease(st, cid, i);
        else if constexpr (std::is_same_v<T, instr::Invoke>) return stepInvoke(st, cid, i);
        else if constexpr (std::is_same_v<T, instr::Open>) return stepOpen(st, cid, i);
        else if constexpr (std::is_same_v<T, instr::Close>) return stepClose(st, cid, i);
        else if constexpr (std::is_same_v<T, instr::Fork>) return stepFork(st, cid, i);
        else if constexpr (std::is_same_v<T, instr::Join>) return stepJoin(st, cid, i);
        else if constexpr (std::is_same_v<T, instr::Abort>) return stepAbort(st, cid, i);
        else if constexpr (std::is_same_v<T, instr::Transfer>) return stepTransfer(st, cid, i);
        else if constexpr (std::is_same_v<T, instr::Tag>) return stepTag(st, cid, i);
        else if constexpr (std::is_same_v<T, instr::Check>) return stepCheck(st, cid, i);
        else if constexpr (std::is_same_v<T, instr::Set>) return stepSet(st, cid, i);
        else if constexpr (std::is_same_v<T, instr::Move>) return stepMove(st, cid, i);
        else if constexpr (std::is_same_v<T, instr::Jump>) return stepJump(st, cid, i);
        else if constexpr (std::is_same_v<T, instr::Spawn>) return stepSpawn(st, cid, i);
        else if constexpr (std::is_same_v<T, instr::Yield>) return stepYield(st, cid, i);
        else return stepHalt(st, cid, i);
      },
      instr);
}

}  // namespace tt::oracle
