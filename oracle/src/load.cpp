// Image validation and loading (reference A §4.4-4.6), with repair.load.endpoint-register,
// repair.recv.progress-token (one token per owned endpoint), repair.types.recursion-
// unfolding (types unfolded as they enter the store) and by-coroutine lanes (F D4).
#include "tt/oracle/load.hpp"

#include <algorithm>
#include <set>

#include "tt/core/projection.hpp"
#include "tt/oracle/sched.hpp"

namespace tt::oracle {

std::string LoadFailure::describe() const {
  switch (kind) {
    case Kind::ValidationFailed: return "validation failed: " + reason;
    case Kind::TooManySessions: return "too many sessions (max " + std::to_string(max) + ")";
    case Kind::TooManyCoroutines: return "too many coroutines (max " + std::to_string(max) + ")";
  }
  return "load failed";
}

namespace {

LoadFailure invalid(std::string reason) {
  return {LoadFailure::Kind::ValidationFailed, std::move(reason), 0};
}

const LocalTypePtr* claimedType(const Program& p, const Role& role) {
  for (const auto& [r, t] : p.localTypes)
    if (r == role) return &t;
  return nullptr;
}

bool sameType(const LocalTypePtr& a, const LocalTypePtr& b) {
  if (!a || !b) return a == b;
  return *a == *b;
}

}  // namespace

std::optional<LoadFailure> validateImage(const VMState& st, const CodeImage& image) {
  const Program& p = image.program;
  if (p.entryPoints.size() != p.localTypes.size()) return invalid("entry/local role arity mismatch");
  std::set<Role> entryRoles, localRoles;
  for (const auto& [role, pc] : p.entryPoints)
    if (!entryRoles.insert(role).second) return invalid("duplicate entry-point role");
  for (const auto& [role, t] : p.localTypes)
    if (!localRoles.insert(role).second) return invalid("duplicate local-type role");
  for (const auto& [role, pc] : p.entryPoints)
    if (!localRoles.count(role)) return invalid("entry/local role mismatch");
  if (image.globalType) {
    // Each role's claimed type must be the converted checked projection (structural
    // equality stands in for Lean's comparison of Repr strings).
    for (const auto& [role, pc] : p.entryPoints) {
      const LocalTypePtr* claimed = claimedType(p, role);
      const auto projected = projectR(**image.globalType, role);
      if (!claimed || !projected || !sameType(*claimed, localTypeRToLocalType(**projected)))
        return invalid("projection mismatch for role " + role);
    }
  }
  const VMConfig& cfg = st.cfg();
  if (st.sessions.size() >= cfg.maxSessions)
    return LoadFailure{LoadFailure::Kind::TooManySessions, {}, cfg.maxSessions};
  if (st.coroutines.size() + p.entryPoints.size() > cfg.maxCoroutines)
    return LoadFailure{LoadFailure::Kind::TooManyCoroutines, {}, cfg.maxCoroutines};
  return std::nullopt;
}

SessionId nextFreshSessionId(const VMState& st) {
  if (!st.sessions.find(st.nextSessionId)) return st.nextSessionId;
  SessionId max = st.nextSessionId;
  for (const SessionState& s : st.sessions.inCreationOrder()) max = std::max(max, s.sid);
  return max + 1;
}

SessionId loadChoreographyCore(VMState& st, const CodeImage& image) {
  const SessionId sid = nextFreshSessionId(st);
  const std::size_t programId = st.programs.size();
  st.programs.push_back(std::make_shared<const Program>(image.program));
  const Program& p = *st.programs.back();

  std::vector<Role> roles;
  for (const auto& [role, pc] : p.entryPoints) roles.push_back(role);
  for (const Role& r1 : roles)
    for (const Role& r2 : roles) st.buffers.slotOf({sid, r1, r2});  // empty entry per edge

  SessionState sess;
  sess.sid = sid;
  sess.roles = roles;
  for (const Role& r : roles) sess.endpoints.push_back({sid, r});
  for (const auto& [role, t] : p.localTypes)
    sess.localTypes.emplace_back(Endpoint{sid, role}, st.sessions.storedForm(t));
  for (const Role& r1 : roles)
    for (const Role& r2 : roles) sess.handlers.emplace_back(Edge{sid, r1, r2}, HandlerId{0});
  st.sessions.prepend(std::move(sess));

  const VMConfig& cfg = st.cfg();
  for (const auto& [role, pc] : p.entryPoints) {
    CoroutineState c;
    c.id = st.nextCoroId;
    c.programId = programId;
    c.pc = pc;
    c.regs.assign(8, Value::unit());  // F D17: 8 registers
    const Endpoint ep{sid, role};
    if (cfg.repairs.has(Repair::LoadEndpointRegister)) c.regs[0] = Value::ofChan(ep);
    c.status = CoroStatus::ready();
    c.ownedEndpoints.push_back(ep);
    if (cfg.repairs.has(Repair::RecvProgressToken)) c.progressTokens.push_back({sid, ep});
    c.costBudget = cfg.costModel.defaultBudget;
    st.coroutines.push_back(std::move(c));
    st.sched.readyQueue.append(st.nextCoroId);
    if (cfg.lanes.mode == LaneMode::ByCoroutine && cfg.lanes.count > 0)
      assignLane(st.sched, st.nextCoroId, st.nextCoroId % cfg.lanes.count);
    st.nextCoroId += 1;
  }

  st.ownershipVersion += 1;
  ObsEvent opened;
  opened.kind = ObsEvent::Kind::Opened;
  opened.sid = sid;
  opened.roles = std::move(roles);
  st.obsTrace.push_back({st.clock, std::move(opened), std::nullopt});
  st.nextSessionId = sid + 1;
  return sid;
}

std::variant<SessionId, LoadFailure> loadChoreography(VMState& st, const CodeImage& image) {
  if (auto failure = validateImage(st, image)) return *failure;
  return loadChoreographyCore(st, image);
}

}  // namespace tt::oracle
