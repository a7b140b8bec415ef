// Session types (reference A §2): factories, structural equality, the named-variable
// helpers of LocalTypeR, the exact conversion to the de Bruijn LocalType, and the
// recursion-unfolding repair (F D9).
#include "tt/core/session_types.hpp"

#include <algorithm>

namespace tt {

namespace {

template <class T>
bool samePtr(const std::shared_ptr<const T>& a, const std::shared_ptr<const T>& b) {
  if (a == b) return true;
  if (!a || !b) return false;
  return *a == *b;
}

void appendUnique(std::vector<Role>& out, const Role& r) {
  if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
}

}  // namespace

// --- PayloadSort ------------------------------------------------------------------------

bool operator==(const PayloadSort& a, const PayloadSort& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case PayloadSort::Kind::Vector: return a.vectorLen == b.vectorLen;
    case PayloadSort::Kind::Prod: return samePtr(a.left, b.left) && samePtr(a.right, b.right);
    default: return true;
  }
}

// --- GlobalType -------------------------------------------------------------------------

GlobalTypePtr GlobalType::end() { return std::make_shared<const GlobalType>(); }

GlobalTypePtr GlobalType::comm(Role s, Role r, std::vector<GlobalBranch> bs) {
  GlobalType g;
  g.kind = Kind::Comm;
  g.sender = std::move(s);
  g.receiver = std::move(r);
  g.branches = std::move(bs);
  return std::make_shared<const GlobalType>(std::move(g));
}

GlobalTypePtr GlobalType::mu(std::string t, GlobalTypePtr body) {
  GlobalType g;
  g.kind = Kind::Mu;
  g.var = std::move(t);
  g.body = std::move(body);
  return std::make_shared<const GlobalType>(std::move(g));
}

GlobalTypePtr GlobalType::varRef(std::string t) {
  GlobalType g;
  g.kind = Kind::Var;
  g.var = std::move(t);
  return std::make_shared<const GlobalType>(std::move(g));
}

GlobalTypePtr GlobalType::delegate(Role p, Role q, SessionId sid, Role r, GlobalTypePtr cont) {
  GlobalType g;
  g.kind = Kind::Delegate;
  g.sender = std::move(p);
  g.receiver = std::move(q);
  g.delegSid = sid;
  g.delegRole = std::move(r);
  g.body = std::move(cont);
  return std::make_shared<const GlobalType>(std::move(g));
}

bool operator==(const GlobalType& a, const GlobalType& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case GlobalType::Kind::End:
      return true;
    case GlobalType::Kind::Comm:
      if (a.sender != b.sender || a.receiver != b.receiver) return false;
      if (a.branches.size() != b.branches.size()) return false;
      for (std::size_t i = 0; i < a.branches.size(); ++i) {
        if (!(a.branches[i].label == b.branches[i].label)) return false;
        if (!samePtr(a.branches[i].cont, b.branches[i].cont)) return false;
      }
      return true;
    case GlobalType::Kind::Mu:
      return a.var == b.var && samePtr(a.body, b.body);
    case GlobalType::Kind::Var:
      return a.var == b.var;
    case GlobalType::Kind::Delegate:
      return a.sender == b.sender && a.receiver == b.receiver && a.delegSid == b.delegSid &&
             a.delegRole == b.delegRole && samePtr(a.body, b.body);
  }
  return false;
}

namespace {

// Lean GlobalType.roles, appended in order (the caller's eraseDups keeps first
// occurrences, so appending the raw list and de-duplicating once is the same).
void collectRoles(const GlobalType& g, std::vector<Role>& out) {
  switch (g.kind) {
    case GlobalType::Kind::End:
    case GlobalType::Kind::Var:
      return;
    case GlobalType::Kind::Mu:
      if (g.body) collectRoles(*g.body, out);
      return;
    case GlobalType::Kind::Comm:
      appendUnique(out, g.sender);
      appendUnique(out, g.receiver);
      for (const auto& b : g.branches)
        if (b.cont) collectRoles(*b.cont, out);
      return;
    case GlobalType::Kind::Delegate:
      appendUnique(out, g.sender);
      appendUnique(out, g.receiver);
      if (g.body) collectRoles(*g.body, out);
      return;
  }
}

}  // namespace

std::vector<Role> globalRoles(const GlobalType& g) {
  std::vector<Role> out;
  collectRoles(g, out);
  return out;
}

// --- LocalTypeR -------------------------------------------------------------------------

LocalTypeRPtr LocalTypeR::end() { return std::make_shared<const LocalTypeR>(); }

LocalTypeRPtr LocalTypeR::send(Role p, std::vector<BranchR> bs) {
  LocalTypeR t;
  t.kind = Kind::Send;
  t.partner = std::move(p);
  t.branches = std::move(bs);
  return std::make_shared<const LocalTypeR>(std::move(t));
}

LocalTypeRPtr LocalTypeR::recv(Role p, std::vector<BranchR> bs) {
  LocalTypeR t;
  t.kind = Kind::Recv;
  t.partner = std::move(p);
  t.branches = std::move(bs);
  return std::make_shared<const LocalTypeR>(std::move(t));
}

LocalTypeRPtr LocalTypeR::mu(std::string v, LocalTypeRPtr body) {
  LocalTypeR t;
  t.kind = Kind::Mu;
  t.var = std::move(v);
  t.body = std::move(body);
  return std::make_shared<const LocalTypeR>(std::move(t));
}

LocalTypeRPtr LocalTypeR::varRef(std::string v) {
  LocalTypeR t;
  t.kind = Kind::Var;
  t.var = std::move(v);
  return std::make_shared<const LocalTypeR>(std::move(t));
}

bool operator==(const LocalTypeR& a, const LocalTypeR& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case LocalTypeR::Kind::End:
      return true;
    case LocalTypeR::Kind::Send:
    case LocalTypeR::Kind::Recv:
      if (a.partner != b.partner || a.branches.size() != b.branches.size()) return false;
      for (std::size_t i = 0; i < a.branches.size(); ++i) {
        const BranchR& x = a.branches[i];
        const BranchR& y = b.branches[i];
        if (!(x.label == y.label) || x.payload != y.payload || !samePtr(x.cont, y.cont)) return false;
      }
      return true;
    case LocalTypeR::Kind::Mu:
      return a.var == b.var && samePtr(a.body, b.body);
    case LocalTypeR::Kind::Var:
      return a.var == b.var;
  }
  return false;
}

bool isGuarded(const LocalTypeR& t, const std::string& v) {
  switch (t.kind) {
    case LocalTypeR::Kind::End:
    case LocalTypeR::Kind::Send:
    case LocalTypeR::Kind::Recv:
      return true;
    case LocalTypeR::Kind::Var:
      return t.var != v;
    case LocalTypeR::Kind::Mu:
      return t.var == v || !t.body || isGuarded(*t.body, v);
  }
  return true;
}

LocalTypeRPtr substitute(const LocalTypeRPtr& t, const std::string& v, const LocalTypeRPtr& repl) {
  if (!t) return t;
  switch (t->kind) {
    case LocalTypeR::Kind::End:
      return t;
    case LocalTypeR::Kind::Var:
      return t->var == v ? repl : t;
    case LocalTypeR::Kind::Mu:
      if (t->var == v) return t;  // a same-name binder shadows
      return LocalTypeR::mu(t->var, substitute(t->body, v, repl));
    case LocalTypeR::Kind::Send:
    case LocalTypeR::Kind::Recv: {
      std::vector<BranchR> bs;
      bs.reserve(t->branches.size());
      for (const BranchR& b : t->branches) bs.push_back({b.label, b.payload, substitute(b.cont, v, repl)});
      return t->kind == LocalTypeR::Kind::Send ? LocalTypeR::send(t->partner, std::move(bs))
                                               : LocalTypeR::recv(t->partner, std::move(bs));
    }
  }
  return t;
}

LocalTypeRPtr unfold(const LocalTypeRPtr& t) {
  if (!t || t->kind != LocalTypeR::Kind::Mu) return t;
  return substitute(t->body, t->var, t);
}

// --- LocalType (de Bruijn) --------------------------------------------------------------

LocalTypePtr LocalType::end() { return std::make_shared<const LocalType>(); }

LocalTypePtr LocalType::send(Role r, ValType ty, LocalTypePtr k) {
  LocalType t;
  t.kind = Kind::Send;
  t.partner = std::move(r);
  t.payload = std::move(ty);
  t.cont = std::move(k);
  return std::make_shared<const LocalType>(std::move(t));
}

LocalTypePtr LocalType::recv(Role r, ValType ty, LocalTypePtr k) {
  LocalType t;
  t.kind = Kind::Recv;
  t.partner = std::move(r);
  t.payload = std::move(ty);
  t.cont = std::move(k);
  return std::make_shared<const LocalType>(std::move(t));
}

LocalTypePtr LocalType::select(Role r, std::vector<std::pair<Label, LocalTypePtr>> bs) {
  LocalType t;
  t.kind = Kind::Select;
  t.partner = std::move(r);
  t.arms = std::move(bs);
  return std::make_shared<const LocalType>(std::move(t));
}

LocalTypePtr LocalType::branch(Role r, std::vector<std::pair<Label, LocalTypePtr>> bs) {
  LocalType t;
  t.kind = Kind::Branch;
  t.partner = std::move(r);
  t.arms = std::move(bs);
  return std::make_shared<const LocalType>(std::move(t));
}

LocalTypePtr LocalType::varRef(std::uint64_t n) {
  LocalType t;
  t.kind = Kind::Var;
  t.index = n;
  return std::make_shared<const LocalType>(std::move(t));
}

LocalTypePtr LocalType::mu(LocalTypePtr body) {
  LocalType t;
  t.kind = Kind::Mu;
  t.cont = std::move(body);
  return std::make_shared<const LocalType>(std::move(t));
}

bool operator==(const LocalType& a, const LocalType& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case LocalType::Kind::End:
      return true;
    case LocalType::Kind::Send:
    case LocalType::Kind::Recv:
      return a.partner == b.partner && a.payload == b.payload && samePtr(a.cont, b.cont);
    case LocalType::Kind::Select:
    case LocalType::Kind::Branch:
      if (a.partner != b.partner || a.arms.size() != b.arms.size()) return false;
      for (std::size_t i = 0; i < a.arms.size(); ++i) {
        if (a.arms[i].first != b.arms[i].first || !samePtr(a.arms[i].second, b.arms[i].second))
          return false;
      }
      return true;
    case LocalType::Kind::Var:
      return a.index == b.index;
    case LocalType::Kind::Mu:
      return samePtr(a.cont, b.cont);
  }
  return false;
}

namespace {

// ctx: bound names, innermost LAST (so the innermost binder is found by a reverse scan).
LocalTypePtr convert(const LocalTypeR& t, std::vector<std::string>& ctx);

LocalTypePtr convertOrEnd(const LocalTypeRPtr& t, std::vector<std::string>& ctx) {
  return t ? convert(*t, ctx) : LocalType::end();
}

LocalTypePtr convertComm(const LocalTypeR& t, std::vector<std::string>& ctx) {
  const bool isSend = t.kind == LocalTypeR::Kind::Send;
  if (t.branches.empty()) return LocalType::end();
  if (t.branches.size() == 1) {
    const BranchR& b = t.branches.front();
    if (b.payload) {
      return isSend ? LocalType::send(t.partner, *b.payload, convertOrEnd(b.cont, ctx))
                    : LocalType::recv(t.partner, *b.payload, convertOrEnd(b.cont, ctx));
    }
  }
  // One label-only branch, or two and more branches whose payload types are ignored.
  std::vector<std::pair<Label, LocalTypePtr>> arms;
  arms.reserve(t.branches.size());
  for (const BranchR& b : t.branches) arms.emplace_back(b.label.name, convertOrEnd(b.cont, ctx));
  return isSend ? LocalType::select(t.partner, std::move(arms))
                : LocalType::branch(t.partner, std::move(arms));
}

LocalTypePtr convert(const LocalTypeR& t, std::vector<std::string>& ctx) {
  switch (t.kind) {
    case LocalTypeR::Kind::End:
      return LocalType::end();
    case LocalTypeR::Kind::Send:
    case LocalTypeR::Kind::Recv:
      return convertComm(t, ctx);
    case LocalTypeR::Kind::Mu: {
      ctx.push_back(t.var);
      LocalTypePtr body = convertOrEnd(t.body, ctx);
      ctx.pop_back();
      return LocalType::mu(std::move(body));
    }
    case LocalTypeR::Kind::Var: {
      // Lean findVarIdx: position of the first match, innermost first; unbound -> 0.
      for (std::size_t i = 0; i < ctx.size(); ++i) {
        if (ctx[ctx.size() - 1 - i] == t.var) return LocalType::varRef(i);
      }
      return LocalType::varRef(0);
    }
  }
  return LocalType::end();
}

}  // namespace

LocalTypePtr localTypeRToLocalType(const LocalTypeR& t) {
  std::vector<std::string> ctx;
  return convert(t, ctx);
}

namespace {

LocalTypePtr substituteAt(const LocalTypePtr& t, std::uint64_t depth, const LocalTypePtr& repl) {
  if (!t) return t;
  switch (t->kind) {
    case LocalType::Kind::End:
      return t;
    case LocalType::Kind::Var:
      return t->index == depth ? repl : t;
    case LocalType::Kind::Mu: {
      LocalTypePtr body = substituteAt(t->cont, depth + 1, repl);
      return body == t->cont ? t : LocalType::mu(std::move(body));
    }
    case LocalType::Kind::Send:
    case LocalType::Kind::Recv: {
      LocalTypePtr k = substituteAt(t->cont, depth, repl);
      if (k == t->cont) return t;
      return t->kind == LocalType::Kind::Send ? LocalType::send(t->partner, t->payload, std::move(k))
                                              : LocalType::recv(t->partner, t->payload, std::move(k));
    }
    case LocalType::Kind::Select:
    case LocalType::Kind::Branch: {
      bool changed = false;
      std::vector<std::pair<Label, LocalTypePtr>> arms;
      arms.reserve(t->arms.size());
      for (const auto& [label, k] : t->arms) {
        LocalTypePtr k2 = substituteAt(k, depth, repl);
        changed = changed || k2 != k;
        arms.emplace_back(label, std::move(k2));
      }
      if (!changed) return t;
      return t->kind == LocalType::Kind::Select ? LocalType::select(t->partner, std::move(arms))
                                                : LocalType::branch(t->partner, std::move(arms));
    }
  }
  return t;
}

}  // namespace

LocalTypePtr substituteTop(const LocalTypePtr& body, const LocalTypePtr& repl) {
  return substituteAt(body, 0, repl);
}

std::size_t muNestingDepth(const LocalType& t) {
  switch (t.kind) {
    case LocalType::Kind::End:
    case LocalType::Kind::Var:
      return 0;
    case LocalType::Kind::Mu:
      return 1 + (t.cont ? muNestingDepth(*t.cont) : 0);
    case LocalType::Kind::Send:
    case LocalType::Kind::Recv:
      return t.cont ? muNestingDepth(*t.cont) : 0;
    case LocalType::Kind::Select:
    case LocalType::Kind::Branch: {
      std::size_t d = 0;
      for (const auto& arm : t.arms)
        if (arm.second) d = std::max(d, muNestingDepth(*arm.second));
      return d;
    }
  }
  return 0;
}

LocalTypePtr unfoldLeadingMus(const LocalTypePtr& t) {
  if (!t) return t;
  const std::size_t bound = muNestingDepth(*t) + 1;
  LocalTypePtr cur = t;
  for (std::size_t i = 0; i < bound && cur && cur->kind == LocalType::Kind::Mu; ++i) {
    cur = substituteTop(cur->cont, cur);
  }
  return cur;
}

// --- sizes and depths -------------------------------------------------------------------

std::size_t typeSize(const GlobalType& g) {
  std::size_t n = 1;
  for (const auto& b : g.branches)
    if (b.cont) n += typeSize(*b.cont);
  if (g.body) n += typeSize(*g.body);
  return n;
}

std::size_t typeDepth(const GlobalType& g) {
  std::size_t d = 0;
  for (const auto& b : g.branches)
    if (b.cont) d = std::max(d, typeDepth(*b.cont));
  if (g.body) d = std::max(d, typeDepth(*g.body));
  return 1 + d;
}

std::size_t typeSize(const LocalTypeR& t) {
  std::size_t n = 1;
  for (const auto& b : t.branches)
    if (b.cont) n += typeSize(*b.cont);
  if (t.body) n += typeSize(*t.body);
  return n;
}

std::size_t typeDepth(const LocalTypeR& t) {
  std::size_t d = 0;
  for (const auto& b : t.branches)
    if (b.cont) d = std::max(d, typeDepth(*b.cont));
  if (t.body) d = std::max(d, typeDepth(*t.body));
  return 1 + d;
}

std::size_t typeSize(const LocalType& t) {
  std::size_t n = 1;
  if (t.cont) n += typeSize(*t.cont);
  for (const auto& arm : t.arms)
    if (arm.second) n += typeSize(*arm.second);
  return n;
}

}  // namespace tt
