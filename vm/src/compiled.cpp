#include "compiled.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>
#include <variant>

#include "tt/core/projection.hpp"
#include "tt/vm/vm.hpp"

namespace tt::vm::detail {

namespace {

constexpr std::size_t kTermLimit = std::size_t{1} << 20;

BufCfg reduce(const BufferConfig& b) {
  BufCfg c;
  c.mode = b.mode;
  c.policy = b.policy.kind;
  c.cap = effectiveCapacity(b);
  return c;
}

bool contains(const std::vector<std::string>& xs, const std::string& x) {
  return std::find(xs.begin(), xs.end(), x) != xs.end();
}

// Lean loadChoreographyResult checks 1-5 (reference A §4.5); check 5 only for images that
// come with a global type (F D6).
std::optional<std::string> validateImage(const CodeImage& img) {
  const Program& p = img.program;
  if (p.entryPoints.size() != p.localTypes.size()) return "entry/local role arity mismatch";
  std::set<Role> seen;
  for (const auto& [r, pc] : p.entryPoints)
    if (!seen.insert(r).second) return "duplicate entry-point role";
  std::set<Role> local;
  for (const auto& [r, t] : p.localTypes)
    if (!local.insert(r).second) return "duplicate local-type role";
  for (const auto& [r, pc] : p.entryPoints)
    if (!local.count(r)) return "entry/local role mismatch";
  if (img.globalType && *img.globalType) {
    const GlobalType& g = **img.globalType;
    for (const auto& [r, pc] : p.entryPoints) {
      const LocalTypePtr* claimed = nullptr;
      for (const auto& [lr, lt] : p.localTypes)
        if (lr == r) {
          claimed = &lt;
          break;
        }
      std::optional<LocalTypeRPtr> proj = projectR(g, r);
      const bool ok = claimed && *claimed && proj && *proj && *localTypeRToLocalType(**proj) == **claimed;
      if (!ok) return "projection mismatch for role " + r;
    }
  }
  return std::nullopt;
}

struct Decoder {
  Compiled& c;
  Tables t;
  TypeGraphBuilder& types;
  const VMConfig& cfg;

  DInstr operator()(const instr::Send& i) { return {Opcode::Send, true, i.chan, i.val, 0, 0, 0}; }
  DInstr operator()(const instr::Receive& i) { return {Opcode::Receive, true, i.chan, i.dst, 0, 0, 0}; }
  DInstr operator()(const instr::Offer& i) {
    return {Opcode::Offer, true, i.chan, c.syms.intern(i.label), 0, 0, 0};
  }
  DInstr operator()(const instr::Choose& i) {
    std::vector<std::pair<Sym, PC>> table;
    std::set<Sym> labels;
    bool distinct = true;
    for (const auto& [label, pc] : i.table) {
      const Sym l = c.syms.intern(label);
      distinct = labels.insert(l).second && distinct;
      table.emplace_back(l, pc);
    }
    c.chooseTables.push_back(std::move(table));
    return {Opcode::Choose, distinct, i.chan, 0, 0, static_cast<std::uint32_t>(c.chooseTables.size() - 1), 0};
  }
  std::uint32_t guardFlags(const LayerId& layer) const {
    return (contains(cfg.guardChain.active, layer) ? 1u : 0u) | (contains(cfg.guardChain.resources, layer) ? 2u : 0u);
  }
  DInstr operator()(const instr::Acquire& i) {
    return {Opcode::Acquire, true, c.syms.intern(i.layer), i.dst, guardFlags(i.layer), 0, 0};
  }
  DInstr operator()(const instr::Release& i) {
    return {Opcode::Release, true, c.syms.intern(i.layer), i.evidence, guardFlags(i.layer), 0, 0};
  }
  DInstr operator()(const instr::Invoke&) { return {Opcode::Invoke, true, 0, 0, 0, 0, 0}; }
  DInstr operator()(const instr::Open& i) {
    OpenSpec spec;
    spec.arityOk = i.localTypes.size() == i.dsts.size();
    for (std::size_t k = 0; spec.arityOk && k < i.dsts.size(); ++k)
      spec.arityOk = i.localTypes[k].first == i.dsts[k].first;
    for (const auto& [role, lt] : i.localTypes) spec.localTypes.emplace_back(c.syms.intern(role), types.store(lt));
    for (const instr::OpenHandler& h : i.handlers)
      spec.handlers.push_back({!h.sid.has_value(), h.sid.value_or(0), c.syms.intern(h.sender), c.syms.intern(h.receiver)});
    for (const auto& [role, reg] : i.dsts) spec.dsts.push_back(reg);
    c.opens.push_back(std::move(spec));
    return {Opcode::Open, i.roles.size() == i.dsts.size(), 0, 0, 0, static_cast<std::uint32_t>(c.opens.size() - 1), 0};
  }
  DInstr operator()(const instr::Close& i) { return {Opcode::Close, true, i.session, 0, 0, 0, 0}; }
  DInstr operator()(const instr::Fork& i) { return {Opcode::Fork, true, i.sid, 0, 0, 0, 0}; }
  DInstr operator()(const instr::Join&) { return {Opcode::Join, true, 0, 0, 0, 0, 0}; }
  DInstr operator()(const instr::Abort&) { return {Opcode::Abort, true, 0, 0, 0, 0, 0}; }
  DInstr operator()(const instr::Transfer& i) {
    return {Opcode::Transfer, true, i.endpoint, i.targetCoro, i.bundle, 0, 0};
  }
  DInstr operator()(const instr::Tag& i) { return {Opcode::Tag, true, i.fact, i.dst, 0, 0, 0}; }
  DInstr operator()(const instr::Check& i) { return {Opcode::Check, true, i.knowledge, i.target, i.dst, 0, 0}; }
  DInstr operator()(const instr::Set& i) {
    c.imms.push_back(t.value(i.imm));
    return {Opcode::Set, true, i.dst, 0, 0, static_cast<std::uint32_t>(c.imms.size() - 1), 0};
  }
  DInstr operator()(const instr::Move& i) { return {Opcode::Move, true, i.dst, i.src, 0, 0, 0}; }
  DInstr operator()(const instr::Jump& i) { return {Opcode::Jump, true, 0, 0, 0, 0, i.target}; }
  DInstr operator()(const instr::Spawn& i) {
    c.spawnArgs.push_back(i.args);
    return {Opcode::Spawn, true, 0, 0, 0, static_cast<std::uint32_t>(c.spawnArgs.size() - 1), i.target};
  }
  DInstr operator()(const instr::Yield&) { return {Opcode::Yield, true, 0, 0, 0, 0, 0}; }
  DInstr operator()(const instr::Halt&) { return {Opcode::Halt, true, 0, 0, 0, 0, 0}; }
};

ProgramC compileProgram(const Program& p, Decoder& d) {
  ProgramC out;
  out.code.reserve(p.code.size());
  for (const Instr& i : p.code) out.code.push_back(std::visit(d, i));
  for (const auto& [role, partners] : p.metadata.footprintSummary) {
    const Sym r = d.c.syms.intern(role);
    bool seen = false;
    for (const auto& f : out.footprint) seen = seen || f.first == r;
    if (seen) continue;  // Lean: the first entry for the role
    std::vector<Sym> roles{r};
    for (const Role& q : partners) {
      const Sym s = d.c.syms.intern(q);
      if (std::find(roles.begin(), roles.end(), s) == roles.end()) roles.push_back(s);
    }
    out.footprint.emplace_back(r, std::move(roles));
  }
  return out;
}

// Byte image of a compiled program: equal keys, interchangeable programs (images of the
// same protocol share one, which keeps the code of many sessions in one cache line).
std::string programKey(const ProgramC& p) {
  std::string k;
  auto put = [&k](std::uint64_t x) { k.append(reinterpret_cast<const char*>(&x), sizeof x); };
  for (const DInstr& i : p.code) {
    put(static_cast<std::uint64_t>(i.op) | (std::uint64_t{i.structOk} << 8));
    put(i.a);
    put(i.b);
    put(i.c);
    put(i.aux);
    put(i.x);
  }
  put(~std::uint64_t{0});
  for (const auto& [role, roles] : p.footprint) {
    put(role);
    put(roles.size());
    for (Sym r : roles) put(r);
  }
  return k;
}

EdgeKey edgeKey(const Edge& e, SymTable& syms) { return {e.sid, syms.intern(e.sender), syms.intern(e.receiver)}; }

}  // namespace

BufCfg Compiled::bufferConfigFor(const EdgeKey& e) const {
  for (const auto& [k, cfg] : bufOverrides)
    if (k == e) return cfg;
  return bufDefault;
}

void compileScenario(const Scenario& s, Compiled& c) {
  const VMConfig& cfg = s.config;
  if (cfg.profile != Profile::Operational)
    throw UnsupportedError("unsupported by the VM: the VM implements the operational profile only");
  for (std::size_t r = 0; r < kRepairCount; ++r)
    if (!cfg.repairs.on[r])
      throw UnsupportedError(std::string("unsupported by the VM: repair ") + repairId(static_cast<Repair>(r)) +
                             " is switched off");
  c.scenario = s;
  Tables t{&c.syms, &c.eps, &c.prods};
  c.emptySym = c.syms.intern("");
  c.chan0 = t.valType(ValType::chanOf(0, ""));
  c.factType = c.prods.prodType(c.chan0, {VK::String, 0});

  c.monitorOn = cfg.monitorMode == MonitorMode::SessionTypePrecheck;
  switch (cfg.outputCondition.kind) {
    case OutputConditionPolicyKind::Disabled:
    case OutputConditionPolicyKind::AllowAll: c.gateAccepts = true; break;
    case OutputConditionPolicyKind::DenyAll: c.gateAccepts = false; break;
    case OutputConditionPolicyKind::PredicateAllowList:
      c.gateAccepts = contains(cfg.outputCondition.allowList, "vm.observable_output");
      break;
  }
  c.transportOk = cfg.transportOk;
  c.spatialOk = cfg.spatialOk;
  c.speculationEnabled = cfg.speculationEnabled;
  c.maxSpeculationDepth = cfg.maxSpeculationDepth;
  c.cost = cfg.costModel.stepCost;
  c.defaultBudget = cfg.costModel.defaultBudget;
  c.bufDefault = reduce(cfg.bufferDefault);
  for (const auto& [edge, b] : cfg.bufferOverrides) c.bufOverrides.emplace_back(edgeKey(edge, c.syms), reduce(b));
  c.byCoroutineLanes = cfg.lanes.mode == LaneMode::ByCoroutine;
  c.laneCount = std::max<std::uint64_t>(cfg.lanes.count, 1);

  TypeGraphBuilder types(c.types, t, kTermLimit);
  Decoder decoder{c, t, types, cfg};
  std::uint64_t sessions = 0, coroutines = 0;
  std::unordered_map<std::string, std::uint32_t> programIndex;
  for (std::size_t i = 0; i < s.images.size() && !c.resourceLimit; ++i) {
    const std::string where = "images[" + std::to_string(i) + "]: ";
    CodeImage img;
    try {
      img = buildImage(s.images[i], cfg);
    } catch (const std::exception& e) {
      c.loadError = where + e.what();
      break;
    }
    if (auto err = validateImage(img)) {
      c.loadError = where + "validation failed: " + *err;
      break;
    }
    if (sessions >= cfg.maxSessions) {
      c.loadError = where + "too many sessions (max " + std::to_string(cfg.maxSessions) + ")";
      break;
    }
    if (coroutines + img.program.entryPoints.size() > cfg.maxCoroutines) {
      c.loadError = where + "too many coroutines (max " + std::to_string(cfg.maxCoroutines) + ")";
      break;
    }
    ImageLoad load;
    try {
      ProgramC program = compileProgram(img.program, decoder);
      auto [it, fresh] = programIndex.emplace(programKey(program), static_cast<std::uint32_t>(c.programs.size()));
      if (fresh) c.programs.push_back(std::move(program));
      load.program = it->second;
      for (const auto& [role, pc] : img.program.entryPoints) {
        load.roles.push_back(c.syms.intern(role));
        load.entryPcs.push_back(pc);
      }
      for (const auto& [role, lt] : img.program.localTypes)
        load.localTypes.emplace_back(c.syms.intern(role), types.store(lt));
    } catch (const TypeGraphLimit& e) {
      c.resourceLimit = where + e.what();
      break;
    }
    c.images.push_back(std::move(load));
    ++sessions;
    coroutines += img.program.entryPoints.size();
  }

  for (const TimedFailure& tf : s.faults) {
    FaultC f;
    f.tick = tf.tick;
    f.failure = tf.failure;
    for (const Edge& e : tf.failure.edges) f.edges.push_back(edgeKey(e, c.syms));
    f.edge = edgeKey(tf.failure.edge, c.syms);
    c.faults.push_back(std::move(f));
  }
  std::stable_sort(c.faults.begin(), c.faults.end(),
                   [](const FaultC& a, const FaultC& b) { return a.tick < b.tick; });
}

namespace {
bool evalPredicate(const FlowPredicate& p, const std::string& factRole, const std::string& payload,
                   const std::string& target) {
  switch (p.kind) {
    case FlowPredicate::Kind::TargetRolePrefix: return target.compare(0, p.text.size(), p.text) == 0;
    case FlowPredicate::Kind::FactContains: return payload.find(p.text) != std::string::npos;
    case FlowPredicate::Kind::EndpointRoleMatchesTarget: return factRole == target;
    case FlowPredicate::Kind::All:
      for (const auto& q : p.parts)
        if (!evalPredicate(q, factRole, payload, target)) return false;
      return true;
    case FlowPredicate::Kind::Any:
      for (const auto& q : p.parts)
        if (evalPredicate(q, factRole, payload, target)) return true;
      return false;
  }
  return false;
}
}  // namespace

bool allowsKnowledge(const FlowPolicy& p, const std::string& factRole, const std::string& factPayload,
                     const std::string& target) {
  switch (p.kind) {
    case FlowPolicy::Kind::AllowAll: return true;
    case FlowPolicy::Kind::DenyAll: return false;
    case FlowPolicy::Kind::AllowRoles: return std::find(p.roles.begin(), p.roles.end(), target) != p.roles.end();
    case FlowPolicy::Kind::DenyRoles: return std::find(p.roles.begin(), p.roles.end(), target) == p.roles.end();
    case FlowPolicy::Kind::PredicateExpr: return evalPredicate(p.predicate, factRole, factPayload, target);
  }
  return false;
}

}  // namespace tt::vm::detail
