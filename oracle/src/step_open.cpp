// `open roles localTypes handlers dsts`: create a session (reference B §4.5; Lean
// stepOpen), with repair.recv.progress-token (tokens for the opener) and
// repair.types.recursion-unfolding (types unfolded as they enter the store).
#include <algorithm>

#include "step.hpp"

namespace tt::oracle::detail {
namespace {

// An open handler binding with the "this new session" placeholder resolved.
Edge handlerEdge(const instr::OpenHandler& h, SessionId newSid) {
  return {h.sid.value_or(newSid), h.sender, h.receiver};
}

// Lean handlersCoverEdges: every ordered pair of roles, self-pairs included, is bound.
bool handlersCoverEdges(SessionId sid, const std::vector<Role>& roles,
                        const std::vector<instr::OpenHandler>& handlers) {
  for (const Role& r1 : roles) {
    for (const Role& r2 : roles) {
      const Edge e{sid, r1, r2};
      const bool bound = std::any_of(handlers.begin(), handlers.end(), [&](const auto& h) {
        return handlerEdge(h, sid) == e;
      });
      if (!bound) return false;
    }
  }
  return true;
}

}  // namespace

ExecResult stepOpen(VMState& st, CoroutineId cid, const instr::Open& i) {
  CoroutineState& c = st.coroutines[cid];
  // Lean zipOpenArgs: local types and destinations line up role by role.
  if (i.localTypes.size() != i.dsts.size()) return faultPack(c, closeFault("open arity mismatch"));
  for (std::size_t k = 0; k < i.localTypes.size(); ++k)
    if (i.localTypes[k].first != i.dsts[k].first) return faultPack(c, closeFault("open arity mismatch"));

  const SessionId sid = st.nextSessionId;
  std::vector<Role> roles;
  roles.reserve(i.localTypes.size());
  for (const auto& [role, type] : i.localTypes) roles.push_back(role);
  if (!st.cfg().spatialOk) return faultPack(c, specFault("spatial requirements failed"));
  if (!handlersCoverEdges(sid, roles, i.handlers)) return faultPack(c, specFault("handler bindings missing"));
  for (const auto& [role, reg] : i.dsts)
    if (!regExists(c, reg)) return faultPack(c, Fault::outOfRegisters());
  // (the session resource transaction is always valid under the unit verification model)

  // Commit. The opener: endpoints in the dst registers and in front of its owned list.
  std::vector<Endpoint> endpoints;
  endpoints.reserve(roles.size());
  for (const Role& r : roles) endpoints.push_back({sid, r});
  for (std::size_t k = 0; k < i.dsts.size(); ++k) c.regs[i.dsts[k].second] = Value::ofChan(endpoints[k]);
  c.ownedEndpoints.insert(c.ownedEndpoints.begin(), endpoints.begin(), endpoints.end());
  st.ownershipVersion += 1;
  if (st.repair(Repair::RecvProgressToken)) {
    std::vector<ProgressToken> fresh;
    for (const Endpoint& ep : endpoints) fresh.push_back({sid, ep});
    c.progressTokens.insert(c.progressTokens.begin(), fresh.begin(), fresh.end());
  }

  SessionState sess;
  sess.sid = sid;
  sess.roles = roles;
  sess.endpoints = endpoints;
  for (std::size_t k = 0; k < roles.size(); ++k)
    sess.localTypes.emplace_back(endpoints[k], st.sessions.storedForm(i.localTypes[k].second));
  for (const auto& h : i.handlers) sess.handlers.emplace_back(handlerEdge(h, sid), h.handler);
  sess.epoch = 0;
  sess.phase = SessionPhase::Active;
  for (const Role& r1 : roles)
    for (const Role& r2 : roles) st.buffers.slotOf({sid, r1, r2});  // signedBuffersEnsure
  st.sessions.prepend(std::move(sess));
  st.nextSessionId += 1;

  ObsEvent ev;
  ev.kind = ObsEvent::Kind::Opened;
  ev.sid = sid;
  ev.roles = std::move(roles);
  return continuePack(c, StepEvent::observable(std::move(ev)));
}

}  // namespace tt::oracle::detail
