// The session monitor's precheck and judgment record (reference B §2.3).
#include <set>

#include "step.hpp"

namespace tt::oracle {
namespace {

using detail::readReg;

// Lean monitorAllows: the structural check.
bool monitorAllows(const Instr& instr) {
  if (const auto* ch = std::get_if<instr::Choose>(&instr)) {
    std::set<Label> seen;
    for (const auto& [label, pc] : ch->table)
      if (!seen.insert(label).second) return false;
    return true;
  }
  if (const auto* op = std::get_if<instr::Open>(&instr))
    return op->roles.size() == op->dsts.size();
  return true;
}

// The channel register of the four instructions the shape check looks at.
std::optional<Reg> shapeCheckedChan(const Instr& instr, bool& wantsSend) {
  if (const auto* i = std::get_if<instr::Send>(&instr)) { wantsSend = true; return i->chan; }
  if (const auto* i = std::get_if<instr::Offer>(&instr)) { wantsSend = true; return i->chan; }
  if (const auto* i = std::get_if<instr::Receive>(&instr)) { wantsSend = false; return i->chan; }
  if (const auto* i = std::get_if<instr::Choose>(&instr)) { wantsSend = false; return i->chan; }
  return std::nullopt;
}

// The channel register of send/receive/offer/choose/close, for the judgment record.
std::optional<Reg> judgedChan(const Instr& instr) {
  bool ignored = false;
  if (auto r = shapeCheckedChan(instr, ignored)) return r;
  if (const auto* i = std::get_if<instr::Close>(&instr)) return i->session;
  return std::nullopt;
}

}  // namespace

std::optional<const char*> monitorPrecheckError(const VMState& st, const CoroutineState& c,
                                                const Instr& instr) {
  if (!monitorAllows(instr)) return "[monitor] structural precheck failed";
  bool wantsSend = false;
  const auto chan = shapeCheckedChan(instr, wantsSend);
  if (!chan) return std::nullopt;
  const Value* v = readReg(c, *chan);
  if (!v || !v->isChan()) return "[monitor] missing channel endpoint";
  const LocalTypePtr t = st.sessions.lookupType(v->chan);
  if (!t) return "[monitor] no type registered";
  using K = LocalType::Kind;
  if (wantsSend) {
    if (t->kind != K::Send && t->kind != K::Select) return "[monitor] expected Send state";
  } else {
    if (t->kind != K::Recv && t->kind != K::Branch) return "[monitor] expected Recv state";
  }
  return std::nullopt;
}

void recordMonitorJudgment(VMState& st, const CoroutineState& c, const Instr& instr) {
  const Endpoint* ep = nullptr;
  if (auto r = judgedChan(instr)) {
    const Value* v = readReg(c, *r);
    if (v && v->isChan()) ep = &v->chan;
  }
  if (!ep && !c.ownedEndpoints.empty()) ep = &c.ownedEndpoints.front();
  if (!ep) return;
  st.monitor.lastJudgment = MonitorJudgment{*ep, opcodeOf(instr), st.clock};
  st.monitor.lastRejection.reset();
}

}  // namespace tt::oracle
