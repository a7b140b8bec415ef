// Projection (reference A §2.8): Lean's candidate projection `trans`, the boolean checker
// `projectb`, and `projectR?` which returns the candidate only when the checker accepts it.
#include "tt/core/projection.hpp"

namespace tt {

namespace {

const TypeLabel& delegateLabel() {
  static const TypeLabel label{"_delegate", PayloadSort{}};
  return label;
}

const GlobalType& orEnd(const GlobalTypePtr& g) {
  static const GlobalType end;
  return g ? *g : end;
}

const LocalTypeR& orEnd(const LocalTypeRPtr& t) {
  static const LocalTypeR end;
  return t ? *t : end;
}

std::vector<BranchR> transBranches(const std::vector<GlobalBranch>& branches, const Role& role) {
  std::vector<BranchR> out;
  out.reserve(branches.size());
  for (const GlobalBranch& b : branches) out.push_back({b.label, std::nullopt, trans(orEnd(b.cont), role)});
  return out;
}

bool projectbBranches(const std::vector<GlobalBranch>& branches, const Role& role,
                      const std::vector<BranchR>& cands);
bool projectbAllBranches(const std::vector<GlobalBranch>& branches, const Role& role,
                         const LocalTypeR& cand);

// The delegator/delegatee candidate: exactly one `_delegate` branch carrying chan sid r.
bool projectbDelegateSide(const GlobalType& g, const Role& role, const LocalTypeR& cand,
                          LocalTypeR::Kind kind, const Role& partner) {
  if (cand.kind != kind || cand.branches.size() != 1 || cand.partner != partner) return false;
  const BranchR& b = cand.branches.front();
  if (!(b.label == delegateLabel())) return false;
  if (b.payload != std::optional<ValType>(ValType::chanOf(g.delegSid, g.delegRole))) return false;
  return projectb(orEnd(g.body), role, orEnd(b.cont));
}

}  // namespace

LocalTypeRPtr trans(const GlobalType& g, const Role& role) {
  switch (g.kind) {
    case GlobalType::Kind::End:
      return LocalTypeR::end();
    case GlobalType::Kind::Var:
      return LocalTypeR::varRef(g.var);
    case GlobalType::Kind::Mu: {
      LocalTypeRPtr e = trans(orEnd(g.body), role);
      // Guardedness of the projected body decides (Coq-style), not of the global body.
      return isGuarded(*e, g.var) ? LocalTypeR::mu(g.var, e) : LocalTypeR::end();
    }
    case GlobalType::Kind::Comm:
      if (role == g.sender) return LocalTypeR::send(g.receiver, transBranches(g.branches, role));
      if (role == g.receiver) return LocalTypeR::recv(g.sender, transBranches(g.branches, role));
      // A non-participant follows the first branch; no merging.
      if (g.branches.empty()) return LocalTypeR::end();
      return trans(orEnd(g.branches.front().cont), role);
    case GlobalType::Kind::Delegate: {
      auto branch = [&] {
        return std::vector<BranchR>{{delegateLabel(), ValType::chanOf(g.delegSid, g.delegRole),
                                     trans(orEnd(g.body), role)}};
      };
      if (role == g.sender) return LocalTypeR::send(g.receiver, branch());
      if (role == g.receiver) return LocalTypeR::recv(g.sender, branch());
      return trans(orEnd(g.body), role);
    }
  }
  return LocalTypeR::end();
}

bool projectb(const GlobalType& g, const Role& role, const LocalTypeR& cand) {
  switch (g.kind) {
    case GlobalType::Kind::End:
      return cand.kind == LocalTypeR::Kind::End;
    case GlobalType::Kind::Var:
      return cand.kind == LocalTypeR::Kind::Var && cand.var == g.var;
    case GlobalType::Kind::Mu:
      if (cand.kind == LocalTypeR::Kind::Mu) {
        const LocalTypeR& candBody = orEnd(cand.body);
        return g.var == cand.var && isGuarded(candBody, cand.var) && projectb(orEnd(g.body), role, candBody);
      }
      if (cand.kind == LocalTypeR::Kind::End) {
        // `end` is accepted only where trans collapsed an unguarded recursion.
        LocalTypeRPtr candBody = trans(orEnd(g.body), role);
        return !isGuarded(*candBody, g.var) && projectb(orEnd(g.body), role, *candBody);
      }
      return false;
    case GlobalType::Kind::Comm:
      if (role == g.sender) {
        return cand.kind == LocalTypeR::Kind::Send && cand.partner == g.receiver &&
               projectbBranches(g.branches, role, cand.branches);
      }
      if (role == g.receiver) {
        return cand.kind == LocalTypeR::Kind::Recv && cand.partner == g.sender &&
               projectbBranches(g.branches, role, cand.branches);
      }
      return projectbAllBranches(g.branches, role, cand);
    case GlobalType::Kind::Delegate:
      if (role == g.sender) return projectbDelegateSide(g, role, cand, LocalTypeR::Kind::Send, g.receiver);
      if (role == g.receiver) return projectbDelegateSide(g, role, cand, LocalTypeR::Kind::Recv, g.sender);
      return projectb(orEnd(g.body), role, cand);
  }
  return false;
}

namespace {

// Participant branches: same count, equal labels (name and sort), no payload type.
bool projectbBranches(const std::vector<GlobalBranch>& branches, const Role& role,
                      const std::vector<BranchR>& cands) {
  if (branches.size() != cands.size()) return false;
  for (std::size_t i = 0; i < branches.size(); ++i) {
    if (!(branches[i].label == cands[i].label)) return false;
    if (cands[i].payload) return false;
    if (!projectb(orEnd(branches[i].cont), role, orEnd(cands[i].cont))) return false;
  }
  return true;
}

// A non-participant's single candidate must be accepted by every branch.
bool projectbAllBranches(const std::vector<GlobalBranch>& branches, const Role& role,
                         const LocalTypeR& cand) {
  for (const GlobalBranch& b : branches)
    if (!projectb(orEnd(b.cont), role, cand)) return false;
  return true;
}

}  // namespace

std::optional<LocalTypeRPtr> projectR(const GlobalType& g, const Role& role) {
  LocalTypeRPtr cand = trans(g, role);
  if (!projectb(g, role, *cand)) return std::nullopt;
  return cand;
}

}  // namespace tt
