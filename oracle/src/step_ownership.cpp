// `transfer`, `tag`, `check`: endpoint delegation and knowledge (reference B §4.13-4.15;
// Lean ExecOwnership.lean).
#include <algorithm>

#include "step.hpp"

namespace tt::oracle::detail {
namespace {

// A knowledge fact in a register: prod (chan ep) (string s).
std::optional<Knowledge> factOf(const Value& v) {
  if (v.kind != Value::Kind::Prod || !v.left || !v.right) return std::nullopt;
  if (v.left->kind != Value::Kind::Chan || v.right->kind != Value::Kind::String) return std::nullopt;
  return Knowledge{v.left->chan, v.right->str};
}

ValType expectedFact() { return ValType::prod(expectedChan(), ValType::string()); }

bool evalFlowPredicate(const FlowPredicate& p, const Knowledge& fact, const Role& target) {
  switch (p.kind) {
    case FlowPredicate::Kind::TargetRolePrefix: return target.compare(0, p.text.size(), p.text) == 0;
    case FlowPredicate::Kind::FactContains: return fact.payload.find(p.text) != std::string::npos;
    case FlowPredicate::Kind::EndpointRoleMatchesTarget: return fact.endpoint.role == target;
    case FlowPredicate::Kind::All:
      return std::all_of(p.parts.begin(), p.parts.end(),
                         [&](const FlowPredicate& q) { return evalFlowPredicate(q, fact, target); });
    case FlowPredicate::Kind::Any:
      return std::any_of(p.parts.begin(), p.parts.end(),
                         [&](const FlowPredicate& q) { return evalFlowPredicate(q, fact, target); });
  }
  return false;
}

// Lean FlowPolicy.allowsKnowledge.
bool allowsKnowledge(const FlowPolicy& policy, const Knowledge& fact, const Role& target) {
  const auto listed = [&] {
    return std::find(policy.roles.begin(), policy.roles.end(), target) != policy.roles.end();
  };
  switch (policy.kind) {
    case FlowPolicy::Kind::AllowAll: return true;
    case FlowPolicy::Kind::DenyAll: return false;
    case FlowPolicy::Kind::AllowRoles: return listed();
    case FlowPolicy::Kind::DenyRoles: return !listed();
    case FlowPolicy::Kind::PredicateExpr: return evalFlowPredicate(policy.predicate, fact, target);
  }
  return false;
}

}  // namespace

ExecResult stepTransfer(VMState& st, CoroutineId cid, const instr::Transfer& i) {
  CoroutineState& c = st.coroutines[cid];
  const Value* epv = readReg(c, i.endpoint);
  if (!epv) return faultPack(c, Fault::outOfRegisters());
  if (!epv->isChan()) return faultPack(c, Fault::typeViolation(expectedChan(), valTypeOf(*epv)));
  const Value* tv = readReg(c, i.targetCoro);
  if (!tv) return faultPack(c, Fault::outOfRegisters());
  // Lean: typeViolation nat (the message "bad transfer target" is discarded by faultPack).
  if (tv->kind != Value::Kind::Nat) return faultPack(c, Fault::typeViolation(ValType::nat(), valTypeOf(*tv)));
  const Endpoint ep = epv->chan;
  const CoroutineId target = tv->nat;
  if (!owns(c, ep)) return faultPack(c, transferFault("endpoint not owned"));
  // (the empty resource transaction is always valid under the unit model)

  // Commit (Lean transferCommit): tokens and facts of the endpoint move with it.
  std::vector<ProgressToken> movedTokens, keptTokens;
  for (auto& t : c.progressTokens) (t.endpoint == ep ? movedTokens : keptTokens).push_back(t);
  std::vector<Knowledge> movedFacts, keptFacts;
  for (auto& k : c.knowledgeSet) (k.endpoint == ep ? movedFacts : keptFacts).push_back(k);
  // The target update is written first and the source's write-back second, so a
  // self-transfer loses the endpoint; a target id past the array loses it too.
  if (target < st.coroutines.size() && target != cid) {
    CoroutineState& t = st.coroutines[target];
    t.ownedEndpoints.insert(t.ownedEndpoints.begin(), ep);
    t.progressTokens.insert(t.progressTokens.begin(), movedTokens.begin(), movedTokens.end());
    t.knowledgeSet.insert(t.knowledgeSet.begin(), movedFacts.begin(), movedFacts.end());
  }
  c.ownedEndpoints.erase(std::remove(c.ownedEndpoints.begin(), c.ownedEndpoints.end(), ep),
                         c.ownedEndpoints.end());
  st.ownershipVersion += 1;
  c.progressTokens = std::move(keptTokens);
  c.knowledgeSet = std::move(keptFacts);
  advancePc(c);

  ObsEvent ev;
  ev.kind = ObsEvent::Kind::Transferred;
  ev.endpoint = ep;
  ev.fromCoro = cid;
  ev.toCoro = target;
  ExecStatusFull status = ExecStatusFull::of(ExecStatus::Transferred);
  status.endpoint = ep;
  status.targetId = target;
  return {std::move(status), StepEvent::observable(std::move(ev))};
}

ExecResult stepTag(VMState& st, CoroutineId cid, const instr::Tag& i) {
  CoroutineState& c = st.coroutines[cid];
  const Value* v = readReg(c, i.fact);
  if (!v) return faultPack(c, Fault::outOfRegisters());
  auto fact = factOf(*v);
  if (!fact) return faultPack(c, Fault::typeViolation(expectedFact(), valTypeOf(*v)));
  if (!regExists(c, i.dst)) return faultPack(c, Fault::outOfRegisters());
  c.regs[i.dst] = Value::ofBool(true);
  c.knowledgeSet.insert(c.knowledgeSet.begin(), *fact);
  ObsEvent ev;
  ev.kind = ObsEvent::Kind::Tagged;
  ev.fact = std::move(*fact);
  return continuePack(c, StepEvent::observable(std::move(ev)));
}

ExecResult stepCheck(VMState& st, CoroutineId cid, const instr::Check& i) {
  CoroutineState& c = st.coroutines[cid];
  const Value* v = readReg(c, i.knowledge);
  if (!v) return faultPack(c, Fault::outOfRegisters());
  auto fact = factOf(*v);
  if (!fact) return faultPack(c, Fault::typeViolation(expectedFact(), valTypeOf(*v)));
  // A target register that is missing or not a string names the role "" (no fault).
  const Value* tv = readReg(c, i.target);
  const Role target = (tv && tv->kind == Value::Kind::String) ? tv->str : Role{};
  const bool ok = allowsKnowledge(st.cfg().flowPolicy, *fact, target) &&
                  std::find(c.knowledgeSet.begin(), c.knowledgeSet.end(), *fact) != c.knowledgeSet.end();
  if (!regExists(c, i.dst)) return faultPack(c, Fault::outOfRegisters());
  c.regs[i.dst] = Value::ofBool(ok);
  ObsEvent ev;
  ev.kind = ObsEvent::Kind::Checked;
  ev.target = target;
  ev.permitted = ok;
  return continuePack(c, StepEvent::observable(std::move(ev)));
}

}  // namespace tt::oracle::detail
