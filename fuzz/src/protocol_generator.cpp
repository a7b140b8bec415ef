#include "tt/fuzz/protocol_generator.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "tt/core/projection.hpp"
#include "tt/fuzz/config_generator.hpp"
#include "tt/fuzz/scenario_name.hpp"

namespace tt::fuzz {
namespace {

PayloadSort generateSort(ByteReader& in, int depth = 0) {
  PayloadSort s;
  static constexpr std::array<unsigned, 7> weights{60, 10, 8, 8, 5, 5, 4};
  switch (in.weighted(weights)) {
    case 0: s.kind = PayloadSort::Kind::Unit; break;
    case 1: s.kind = PayloadSort::Kind::Nat; break;
    case 2: s.kind = PayloadSort::Kind::Bool; break;
    case 3: s.kind = PayloadSort::Kind::String; break;
    case 4: s.kind = PayloadSort::Kind::Real; break;
    case 5: s.kind = PayloadSort::Kind::Vector; s.vectorLen = in.below(4); break;
    default:
      if (depth >= 1) break;
      s.kind = PayloadSort::Kind::Prod;
      s.left = std::make_shared<const PayloadSort>(generateSort(in, depth + 1));
      s.right = std::make_shared<const PayloadSort>(generateSort(in, depth + 1));
      break;
  }
  return s;
}

// Builds one global type. Well-formedness by construction: variables are bound and
// guarded (a comm or delegate lies between binder and use), and a multi-branch comm keeps
// every third party's projection identical across branches (Lean's projection does not
// merge), so projectR succeeds for every role.
class GlobalTypeBuilder {
 public:
  GlobalTypeBuilder(ByteReader& in, const GlobalTypeShape& shape)
      : in_(in), shape_(shape), commsLeft_(std::max<std::uint64_t>(shape.maxComms, 1)) {}

  GlobalTypePtr top() {
    if (in_.chance(30)) {
      std::string t = freshVar();
      return GlobalType::mu(t, comm({{t, false}}, 0));
    }
    return comm({}, 0);
  }

 private:
  struct Binder {
    std::string name;
    bool guarded;  // a comm/delegate lies between the binder and here
  };
  using Scope = std::vector<Binder>;

  GlobalTypePtr any(const Scope& scope, std::uint64_t depth) {
    std::vector<const Binder*> usable;
    for (const Binder& b : scope)
      if (b.guarded) usable.push_back(&b);
    const bool room = commsLeft_ > 0 && depth < shape_.maxDepth;
    // end first: exhausted input ends the protocol.
    const std::array<unsigned, 5> weights{
        15, usable.empty() ? 0u : 20u, room ? 50u : 0u,
        room && depth + 1 < shape_.maxDepth ? 10u : 0u,
        room && !shape_.delegable.empty() ? 5u : 0u};
    switch (in_.weighted(weights)) {
      case 1: return GlobalType::varRef(usable[in_.below(usable.size())]->name);
      case 2: return comm(scope, depth);
      case 3: {
        std::string t = freshVar();
        Scope inner = scope;
        inner.push_back({t, false});
        return GlobalType::mu(t, in_.chance(70) ? comm(inner, depth + 1) : any(inner, depth + 1));
      }
      case 4: return delegate(scope, depth);
      default: return GlobalType::end();
    }
  }

  static Scope guardedScope(Scope scope) {
    for (Binder& b : scope) b.guarded = true;
    return scope;
  }

  GlobalTypePtr comm(const Scope& scope, std::uint64_t depth) {
    if (commsLeft_ > 0) --commsLeft_;
    const Role sender = pickRole();
    const Role receiver = pickRoleOtherThan(sender);
    static constexpr std::array<unsigned, 4> branchWeights{50, 30, 15, 5};
    const std::uint64_t count = std::min<std::uint64_t>(1 + in_.weighted(branchWeights), std::max<std::uint64_t>(shape_.maxBranches, 1));
    const auto& labels = labelPool();
    const std::size_t first = in_.below(labels.size());

    const Scope inner = guardedScope(scope);
    std::vector<GlobalBranch> branches;
    for (std::uint64_t i = 0; i < count; ++i) {
      TypeLabel label{labels[(first + i) % labels.size()], generateSort(in_)};
      GlobalTypePtr cont = any(inner, depth + 1);
      if (i > 0 && !thirdPartiesAgree(*cont, *branches[0].cont, sender, receiver))
        cont = prefixBetween(sender, receiver, branches[0].cont);
      branches.push_back({std::move(label), std::move(cont)});
    }
    return GlobalType::comm(sender, receiver, std::move(branches));
  }

  // A few messages between the two parties, then `tail`: third parties see only `tail`.
  GlobalTypePtr prefixBetween(const Role& a, const Role& b, const GlobalTypePtr& tail) {
    if (!in_.chance(60)) return tail;
    const bool flip = in_.chance(50);
    TypeLabel label{in_.pick(labelPool()), generateSort(in_)};
    return GlobalType::comm(flip ? b : a, flip ? a : b, {{std::move(label), tail}});
  }

  bool thirdPartiesAgree(const GlobalType& x, const GlobalType& y, const Role& s, const Role& r) const {
    for (const Role& role : shape_.roles) {
      if (role == s || role == r) continue;
      if (!(*trans(x, role) == *trans(y, role))) return false;
    }
    return true;
  }

  GlobalTypePtr delegate(const Scope& scope, std::uint64_t depth) {
    if (commsLeft_ > 0) --commsLeft_;
    const Role p = pickRole();
    const Role q = pickRoleOtherThan(p);
    const std::uint64_t sid = in_.below(shape_.delegable.size());
    const auto& roles = shape_.delegable[sid];
    const Role r = roles.empty() ? p : in_.pick(roles);
    return GlobalType::delegate(p, q, sid, r, any(guardedScope(scope), depth + 1));
  }

  // Prefers roles not used yet, so larger role sets actually take part.
  Role pickRole() {
    std::vector<Role> unused;
    for (const Role& r : shape_.roles)
      if (!used_.count(r)) unused.push_back(r);
    const Role role = !unused.empty() && (used_.size() < 2 || in_.chance(50)) ? in_.pick(unused) : in_.pick(shape_.roles);
    used_.insert(role);
    return role;
  }
  Role pickRoleOtherThan(const Role& other) {
    std::vector<Role> rest;
    for (const Role& r : shape_.roles)
      if (r != other) rest.push_back(r);
    std::vector<Role> unused;
    for (const Role& r : rest)
      if (!used_.count(r)) unused.push_back(r);
    const Role role = !unused.empty() && (used_.size() < 2 || in_.chance(50)) ? in_.pick(unused) : in_.pick(rest);
    used_.insert(role);
    return role;
  }

  std::string freshVar() { return "t" + std::to_string(nextVar_++); }

  ByteReader& in_;
  const GlobalTypeShape& shape_;
  std::uint64_t commsLeft_;
  int nextVar_ = 0;
  std::set<Role> used_;
};

bool projectsForAll(const GlobalType& g, const std::vector<Role>& roles) {
  for (const Role& r : roles)
    if (!projectR(g, r)) return false;
  return true;
}

}  // namespace

std::vector<Role> rolePool(std::size_t n) {
  static const std::array<const char*, 8> names{"A", "B", "C", "D", "E", "F", "G", "H"};
  std::vector<Role> out;
  for (std::size_t i = 0; i < n && i < names.size(); ++i) out.emplace_back(names[i]);
  return out;
}

const std::vector<std::string>& labelPool() {
  static const std::vector<std::string> pool{"msg", "ok", "no", "req", "ack", "data", "quit", "next"};
  return pool;
}

GlobalTypePtr generateGlobalType(ByteReader& in, const GlobalTypeShape& shape, bool* fellBack) {
  GlobalTypeShape safe = shape;
  if (safe.roles.size() < 2) safe.roles = rolePool(2);
  GlobalTypeBuilder builder(in, safe);
  GlobalTypePtr g = builder.top();
  // Construction guarantees projectability; this keeps generation total should the
  // projection rules ever be stricter than assumed (a test asserts it never triggers).
  const bool fallback = !projectsForAll(*g, globalRoles(*g));
  if (fellBack) *fellBack = fallback;
  if (fallback) g = GlobalType::comm(safe.roles[0], safe.roles[1], {{TypeLabel{"msg", {}}, GlobalType::end()}});
  return g;
}

Scenario generateProtocolScenario(std::span<const std::uint8_t> bytes) {
  ByteReader in(bytes);
  Scenario s;
  s.name = scenarioNameFor("protocol", bytes);
  s.description = "generated by tt_fuzzgen protocol generator";

  static constexpr std::array<unsigned, 3> imageWeights{60, 25, 15};
  const std::size_t imageCount = 1 + in.weighted(imageWeights);
  static constexpr std::array<unsigned, 5> roleWeights{35, 30, 15, 10, 10};
  std::vector<std::vector<Role>> pools;
  for (std::size_t i = 0; i < imageCount; ++i) pools.push_back(rolePool(2 + in.weighted(roleWeights)));

  LoadPlan plan;
  for (std::size_t i = 0; i < imageCount; ++i) {
    GlobalTypeShape shape;
    shape.roles = pools[i];
    shape.delegable = pools;
    ImageSpec image;
    image.kind = ImageSpec::Kind::GlobalType;
    image.globalType = generateGlobalType(in, shape);
    image.roles = globalRoles(*image.globalType);
    std::vector<Role> sorted = image.roles;
    std::sort(sorted.begin(), sorted.end());
    plan.sessionRoles.push_back(std::move(sorted));
    s.images.push_back(std::move(image));
  }

  s.config = generateConfig(in, plan, ConfigBias{});
  s.run = generateRunSpec(in);
  s.faults = generateFaults(in, plan, s.run.fuel);
  return s;
}

}  // namespace tt::fuzz
