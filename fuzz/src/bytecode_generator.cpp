#include "tt/fuzz/bytecode_generator.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "tt/core/compiler.hpp"
#include "tt/core/program.hpp"
#include "tt/core/projection.hpp"
#include "tt/fuzz/config_generator.hpp"
#include "tt/fuzz/protocol_generator.hpp"
#include "tt/fuzz/scenario_name.hpp"

namespace tt::fuzz {
namespace {

constexpr std::uint64_t kRegisters = 8;  // per loaded coroutine (SEMANTICS §6 D17)

// Roles an `open` may create: fresh ones and, now and then, the image's own.
const std::vector<Role>& openRolePool() {
  static const std::vector<Role> pool{"X", "Y", "W"};
  return pool;
}

ValType generateValType(ByteReader& in, const LoadPlan& plan, int depth = 0) {
  static constexpr std::array<unsigned, 6> weights{35, 20, 12, 12, 11, 10};
  switch (in.weighted(weights)) {
    case 1: return ValType::nat();
    case 2: return ValType::boolean();
    case 3: return ValType::string();
    case 4: {
      const SessionId sid = in.below(plan.sessionCount() + 1);
      Role role = sid < plan.sessionCount() && !plan.sessionRoles[sid].empty() ? in.pick(plan.sessionRoles[sid]) : Role("A");
      return ValType::chanOf(sid, std::move(role));
    }
    case 5:
      if (depth >= 1) return ValType::unit();
      return ValType::prod(generateValType(in, plan, depth + 1), generateValType(in, plan, depth + 1));
    default: return ValType::unit();
  }
}

class LocalTypeRBuilder {
 public:
  LocalTypeRBuilder(ByteReader& in, const Role& self, const std::vector<Role>& roles, const LoadPlan& plan, std::uint64_t maxDepth)
      : in_(in), self_(self), roles_(roles), plan_(plan), maxDepth_(maxDepth) {}

  LocalTypeRPtr any(std::vector<std::string>& scope, std::uint64_t depth) {
    const bool room = depth < maxDepth_;
    const std::array<unsigned, 5> weights{15, room ? 35u : 0u, room ? 35u : 0u, room ? 8u : 0u, scope.empty() ? 0u : 12u};
    switch (in_.weighted(weights)) {
      case 1: return comm(true, scope, depth);
      case 2: return comm(false, scope, depth);
      case 3: {
        std::string t = "t" + std::to_string(nextVar_++);
        scope.push_back(t);
        LocalTypeRPtr body = any(scope, depth + 1);
        scope.pop_back();
        return LocalTypeR::mu(t, body);
      }
      case 4: return LocalTypeR::varRef(scope[in_.below(scope.size())]);
      default: return LocalTypeR::end();
    }
  }

 private:
  Role partner() {
    std::vector<Role> others;
    for (const Role& r : roles_)
      if (r != self_) others.push_back(r);
    // Self-partners and unknown partners reach "no handler bound" and self-edges.
    if (others.empty() || in_.chance(6)) return self_;
    if (in_.chance(3)) return "Z";
    return in_.pick(others);
  }

  LocalTypeRPtr comm(bool send, std::vector<std::string>& scope, std::uint64_t depth) {
    const Role p = partner();
    static constexpr std::array<unsigned, 3> branchWeights{60, 30, 10};
    const std::uint64_t count = 1 + in_.weighted(branchWeights);
    const auto& labels = labelPool();
    const std::size_t first = in_.below(labels.size());
    std::vector<BranchR> branches;
    for (std::uint64_t i = 0; i < count; ++i) {
      BranchR b;
      b.label = TypeLabel{labels[(first + i) % labels.size()], {}};
      if (count == 1 && in_.chance(50)) b.payload = generateValType(in_, plan_);
      b.cont = any(scope, depth + 1);
      branches.push_back(std::move(b));
    }
    return send ? LocalTypeR::send(p, std::move(branches)) : LocalTypeR::recv(p, std::move(branches));
  }

  ByteReader& in_;
  const Role& self_;
  const std::vector<Role>& roles_;
  const LoadPlan& plan_;
  std::uint64_t maxDepth_;
  int nextVar_ = 0;
};

void collectLabels(const LocalTypeR& t, std::set<Label>& out) {
  for (const BranchR& b : t.branches) {
    out.insert(b.label.name);
    if (b.cont) collectLabels(*b.cont, out);
  }
  if (t.body) collectLabels(*t.body, out);
}

PC generateTarget(ByteReader& in, const ProgramContext& ctx) {
  static constexpr std::array<unsigned, 3> weights{85, 10, 5};
  switch (in.weighted(weights)) {
    case 1: return ctx.codeLength + in.below(3);  // just past the end
    case 2: return in.range(ctx.codeLength, 5000);
    default: return in.below(ctx.codeLength);
  }
}

Label generateLabel(ByteReader& in, const ProgramContext& ctx) {
  if (!ctx.labels.empty() && !in.chance(15)) return in.pick(ctx.labels);
  return in.chance(50) ? in.pick(labelPool()) : Label("zz");
}

Endpoint generateEndpoint(ByteReader& in, const ProgramContext& ctx) {
  // Mostly the coroutine's own endpoint, which it owns.
  if (!in.chance(40)) return Endpoint{ctx.session, ctx.self};
  const SessionId sid = in.below(ctx.plan.sessionCount() + 1);
  const bool known = sid < ctx.plan.sessionCount() && !ctx.plan.sessionRoles[sid].empty();
  return Endpoint{sid, known ? in.pick(ctx.plan.sessionRoles[sid]) : Role("A")};
}

std::string generateString(ByteReader& in, const ProgramContext& ctx) {
  static constexpr std::array<unsigned, 4> weights{35, 30, 20, 15};
  switch (in.weighted(weights)) {
    case 1: return generateLabel(in, ctx);
    case 2: return in.chance(50) ? "secret" : "Observer";
    case 3: return in.text(4, "ABXsecr");
    default: return ctx.roles.empty() ? Role("A") : in.pick(ctx.roles);
  }
}

Instr generateOpen(ByteReader& in, const ProgramContext& ctx) {
  std::vector<Role> pool = openRolePool();
  if (!ctx.roles.empty() && in.chance(20)) pool.push_back(in.pick(ctx.roles));
  const std::uint64_t count = in.range(1, 3);
  std::vector<Role> roles;
  for (std::uint64_t i = 0; i < count && i < pool.size(); ++i) roles.push_back(pool[i]);

  instr::Open op;
  op.roles = roles;
  if (in.chance(8)) op.roles.pop_back();  // monitor arity rule: roles.length != dsts.length
  for (const Role& r : roles) {
    LocalTypePtr t = LocalType::end();
    if (in.chance(70)) t = localTypeRToLocalType(*generateLocalTypeR(in, r, roles, ctx.plan, 2));
    op.localTypes.emplace_back(r, std::move(t));
  }
  const bool dropOne = in.chance(10);
  const std::uint64_t dropped = in.below(roles.size() * roles.size());
  std::uint64_t index = 0;
  for (const Role& a : roles)
    for (const Role& b : roles) {
      if (dropOne && index++ == dropped) continue;
      instr::OpenHandler h;
      h.sender = a;
      h.receiver = b;
      // Placeholder = "the session this open creates"; an explicit sid is right only if it
      // happens to equal the next session id.
      if (in.chance(10)) h.sid = in.below(ctx.plan.sessionCount() + 2);
      h.handler = in.chance(90) ? 0 : in.below(3);
      op.handlers.push_back(std::move(h));
    }
  for (const Role& r : roles) op.dsts.emplace_back(r, in.chance(90) ? in.range(1, kRegisters - 1) : generateReg(in));
  if (in.chance(8) && op.dsts.size() >= 2) std::swap(op.dsts[0], op.dsts[1]);  // "open arity mismatch"
  if (in.chance(5)) op.dsts.pop_back();
  return op;
}

}  // namespace

Reg generateReg(ByteReader& in) {
  static constexpr std::array<unsigned, 4> weights{88, 6, 4, 2};
  switch (in.weighted(weights)) {
    case 1: return static_cast<Reg>(in.range(kRegisters, 15));  // just past the file
    case 2: return static_cast<Reg>(in.range(16, 255));        // far past (within the load cap)
    case 3: return 255;
    default: return static_cast<Reg>(in.below(kRegisters));
  }
}

Value generateValue(ByteReader& in, const ProgramContext& ctx, int depth) {
  static constexpr std::array<unsigned, 6> weights{10, 8, 22, 18, 24, 18};
  switch (in.weighted(weights)) {
    case 1: return Value::ofBool(in.chance(50));
    case 2: {
      // Coroutine ids (transfer targets) and ghost ids (fork) are small.
      static constexpr std::array<unsigned, 3> natWeights{70, 20, 10};
      switch (in.weighted(natWeights)) {
        case 1: return Value::ofNat(in.range(4, 40));
        case 2: return Value::ofNat(in.u64());
        default: return Value::ofNat(in.below(4));
      }
    }
    case 3: return Value::ofString(generateString(in, ctx));
    case 4: return Value::ofChan(generateEndpoint(in, ctx));
    case 5:
      if (depth >= 2) return Value::unit();
      // Mostly the knowledge shape prod (chan ep) (string s) that tag/check read.
      if (in.chance(70)) return Value::prod(Value::ofChan(generateEndpoint(in, ctx)), Value::ofString(generateString(in, ctx)));
      return Value::prod(generateValue(in, ctx, depth + 1), generateValue(in, ctx, depth + 1));
    default: return Value::unit();
  }
}

LocalTypeRPtr generateLocalTypeR(ByteReader& in, const Role& self, const std::vector<Role>& roles,
                                 const LoadPlan& plan, std::uint64_t maxDepth) {
  LocalTypeRBuilder builder(in, self, roles, plan, maxDepth);
  std::vector<std::string> scope;
  return builder.any(scope, 0);
}

Instr generateInstr(ByteReader& in, const ProgramContext& ctx) {
  // Index = opcode (instr.hpp's table order). Set is common: it loads the operands the
  // other instructions need.
  static constexpr std::array<unsigned, kOpcodeCount> weights{
      8, 8, 6, 6, 3, 3, 3, 4, 4, 3, 3, 3, 4, 3, 3, 12, 4, 3, 3, 3, 5};
  switch (static_cast<Opcode>(in.weighted(weights))) {
    case Opcode::Send: { Reg c = generateReg(in); Reg v = generateReg(in); return instr::Send{c, v}; }
    case Opcode::Receive: { Reg c = generateReg(in); Reg d = generateReg(in); return instr::Receive{c, d}; }
    case Opcode::Offer: { Reg c = generateReg(in); return instr::Offer{c, generateLabel(in, ctx)}; }
    case Opcode::Choose: {
      instr::Choose op;
      op.chan = generateReg(in);
      const std::uint64_t n = in.below(4);
      for (std::uint64_t i = 0; i < n; ++i) {
        Label l = generateLabel(in, ctx);
        op.table.emplace_back(std::move(l), generateTarget(in, ctx));
      }
      return op;
    }
    case Opcode::Acquire: { LayerId l = in.chance(85) ? in.pick(layerPool()) : LayerId("ghost"); return instr::Acquire{l, generateReg(in)}; }
    case Opcode::Release: { LayerId l = in.chance(85) ? in.pick(layerPool()) : LayerId("ghost"); return instr::Release{l, generateReg(in)}; }
    case Opcode::Invoke: return instr::Invoke{};
    case Opcode::Open: return generateOpen(in, ctx);
    case Opcode::Close: return instr::Close{generateReg(in)};
    case Opcode::Fork: return instr::Fork{generateReg(in)};
    case Opcode::Join: return instr::Join{};
    case Opcode::Abort: return instr::Abort{};
    case Opcode::Transfer: {
      Reg e = generateReg(in);
      Reg t = generateReg(in);
      return instr::Transfer{e, t, generateReg(in)};
    }
    case Opcode::Tag: { Reg f = generateReg(in); return instr::Tag{f, generateReg(in)}; }
    case Opcode::Check: {
      Reg k = generateReg(in);
      Reg t = generateReg(in);
      return instr::Check{k, t, generateReg(in)};
    }
    case Opcode::Set: { Reg d = generateReg(in); return instr::Set{d, generateValue(in, ctx)}; }
    case Opcode::Move: { Reg d = generateReg(in); return instr::Move{d, generateReg(in)}; }
    case Opcode::Jump: return instr::Jump{generateTarget(in, ctx)};
    case Opcode::Spawn: {
      instr::Spawn op;
      op.target = generateTarget(in, ctx);
      const std::uint64_t n = in.below(4);
      for (std::uint64_t i = 0; i < n; ++i) op.args.push_back(generateReg(in));
      return op;
    }
    case Opcode::Yield: return instr::Yield{};
    case Opcode::Halt: return instr::Halt{};
  }
  return instr::Halt{};
}

namespace {

// What an instruction wants to find in a register to get past its operand checks.
enum class Want { OwnEndpoint, SmallNat, Knowledge, RoleName };

Value wanted(ByteReader& in, const ProgramContext& ctx, Want w) {
  switch (w) {
    case Want::OwnEndpoint: return Value::ofChan(generateEndpoint(in, ctx));
    case Want::SmallNat: return Value::ofNat(in.below(ctx.plan.coroutineCount() + 2));
    case Want::Knowledge:
      return Value::prod(Value::ofChan(generateEndpoint(in, ctx)), Value::ofString(in.chance(60) ? "secret" : "x"));
    case Want::RoleName: return Value::ofString(ctx.roles.empty() ? Role("A") : in.pick(ctx.roles));
  }
  return Value::unit();
}

std::vector<std::pair<Reg, Want>> wants(const Instr& i) {
  return std::visit([](const auto& op) -> std::vector<std::pair<Reg, Want>> {
    using T = std::decay_t<decltype(op)>;
    if constexpr (std::is_same_v<T, instr::Send> || std::is_same_v<T, instr::Receive> ||
                  std::is_same_v<T, instr::Offer> || std::is_same_v<T, instr::Choose>)
      return {{op.chan, Want::OwnEndpoint}};
    else if constexpr (std::is_same_v<T, instr::Close>) return {{op.session, Want::OwnEndpoint}};
    else if constexpr (std::is_same_v<T, instr::Fork>) return {{op.sid, Want::SmallNat}};
    else if constexpr (std::is_same_v<T, instr::Transfer>)
      return {{op.endpoint, Want::OwnEndpoint}, {op.targetCoro, Want::SmallNat}};
    else if constexpr (std::is_same_v<T, instr::Tag>) return {{op.fact, Want::Knowledge}};
    else if constexpr (std::is_same_v<T, instr::Check>)
      return {{op.knowledge, Want::Knowledge}, {op.target, Want::RoleName}};
    else return {};
  }, i);
}

// An instruction, and about half the time first the `set`s that load the operands it
// wants: without them most instructions fault on their first check and the deeper checks
// (and the successes) of reference B stay out of reach.
void appendPrimedInstr(ByteReader& in, const ProgramContext& ctx, Bytecode& code) {
  Instr i = generateInstr(in, ctx);
  if (in.chance(45))
    for (const auto& [reg, want] : wants(i))
      if (reg < kRegisters && reg != 0) code.push_back(instr::Set{reg, wanted(in, ctx, want)});
  code.push_back(std::move(i));
}

// Small edits to compiled code: most keep the layout (absolute targets stay right), a few
// insert or delete and so also shift every later target.
void mutate(ByteReader& in, Bytecode& code, const ProgramContext& ctx) {
  const std::uint64_t edits = in.below(4);
  for (std::uint64_t e = 0; e < edits; ++e) {
    static constexpr std::array<unsigned, 4> weights{50, 25, 15, 10};
    const std::size_t at = static_cast<std::size_t>(in.below(code.size() + 1));
    switch (in.weighted(weights)) {
      case 0:
        if (at < code.size()) code[at] = generateInstr(in, ctx);
        break;
      case 1: {
        Bytecode inserted;
        appendPrimedInstr(in, ctx, inserted);
        code.insert(code.begin() + static_cast<std::ptrdiff_t>(at), inserted.begin(), inserted.end());
        break;
      }
      case 2:
        if (at < code.size() && code.size() > 1) code.erase(code.begin() + static_cast<std::ptrdiff_t>(at));
        break;
      default: code.insert(code.begin(), instr::Set{generateReg(in), generateValue(in, ctx)}); break;
    }
  }
}

struct ImageDraft {
  ImageSpec spec;
  std::vector<Role> sortedRoles;
};

enum class ImageKind { GlobalType, LocalTypes, CompiledPrograms, RandomPrograms };

}  // namespace

Scenario generateBytecodeScenario(std::span<const std::uint8_t> bytes) {
  ByteReader in(bytes);
  Scenario s;
  s.name = scenarioNameFor("bytecode", bytes);
  s.description = "generated by tt_fuzzgen bytecode generator";

  static constexpr std::array<unsigned, 3> imageWeights{50, 30, 20};
  const std::size_t imageCount = 1 + in.weighted(imageWeights);
  static constexpr std::array<unsigned, 4> kindWeights{40, 25, 15, 20};  // programs first
  static constexpr std::array<unsigned, 4> roleWeights{10, 45, 30, 15};  // 1..4 roles
  std::vector<ImageKind> kinds;
  LoadPlan plan;
  for (std::size_t i = 0; i < imageCount; ++i) {
    static constexpr std::array<ImageKind, 4> byIndex{ImageKind::CompiledPrograms, ImageKind::RandomPrograms,
                                                      ImageKind::GlobalType, ImageKind::LocalTypes};
    kinds.push_back(byIndex[in.weighted(kindWeights)]);
    std::size_t roles = 1 + in.weighted(roleWeights);
    if (kinds.back() == ImageKind::GlobalType || kinds.back() == ImageKind::CompiledPrograms) roles = std::max<std::size_t>(roles, 2);
    plan.sessionRoles.push_back(rolePool(roles));
  }

  for (std::size_t i = 0; i < imageCount; ++i) {
    const std::vector<Role>& roles = plan.sessionRoles[i];
    ImageSpec image;
    std::vector<std::pair<Role, LocalTypeRPtr>> types;
    if (kinds[i] == ImageKind::GlobalType || kinds[i] == ImageKind::CompiledPrograms) {
      GlobalTypeShape shape;
      shape.roles = roles;
      shape.maxComms = 6;
      shape.maxDepth = 4;
      shape.delegable = plan.sessionRoles;
      GlobalTypePtr g = generateGlobalType(in, shape);
      if (kinds[i] == ImageKind::GlobalType) {
        image.kind = ImageSpec::Kind::GlobalType;
        image.globalType = g;
        image.roles = globalRoles(*g);
        // The plan assumed every pool role takes part; keep it honest.
        std::vector<Role> sorted = image.roles;
        std::sort(sorted.begin(), sorted.end());
        plan.sessionRoles[i] = sorted;
        s.images.push_back(std::move(image));
        continue;
      }
      for (const Role& r : roles) types.emplace_back(r, trans(*g, r));
    } else {
      for (const Role& r : roles) types.emplace_back(r, generateLocalTypeR(in, r, roles, plan));
    }

    if (kinds[i] == ImageKind::LocalTypes) {
      image.kind = ImageSpec::Kind::LocalTypes;
      image.localTypes = std::move(types);
      s.images.push_back(std::move(image));
      continue;
    }

    image.kind = ImageSpec::Kind::Programs;
    std::set<Label> labels;
    for (const auto& [r, t] : types) collectLabels(*t, labels);
    ProgramContext ctx;
    ctx.roles = roles;
    ctx.session = i;
    ctx.plan = plan;
    ctx.labels.assign(labels.begin(), labels.end());

    std::vector<Bytecode> code(roles.size());
    if (kinds[i] == ImageKind::CompiledPrograms) {
      // The compiler's own layout with pcs relocated to absolute ones, then cut per role.
      const CodeImage compiled = codeImageFromLocalTypes(types, std::nullopt, /*relocate=*/true);
      const auto& entries = compiled.program.entryPoints;
      for (std::size_t k = 0; k < entries.size() && k < roles.size(); ++k) {
        const PC begin = entries[k].second;
        const PC end = k + 1 < entries.size() ? entries[k + 1].second : compiled.program.code.size();
        code[k].assign(compiled.program.code.begin() + static_cast<std::ptrdiff_t>(begin),
                       compiled.program.code.begin() + static_cast<std::ptrdiff_t>(end));
      }
      ctx.codeLength = compiled.program.code.size();
      for (std::size_t k = 0; k < roles.size(); ++k) {
        ctx.self = roles[k];
        mutate(in, code[k], ctx);
      }
    } else {
      std::vector<std::uint64_t> lengths;
      for (std::size_t k = 0; k < roles.size(); ++k) lengths.push_back(in.range(1, 12));
      ctx.codeLength = 0;
      for (std::uint64_t n : lengths) ctx.codeLength += n + n / 2;  // priming adds sets
      for (std::size_t k = 0; k < roles.size(); ++k) {
        ctx.self = roles[k];
        for (std::uint64_t j = 0; j < lengths[k]; ++j) appendPrimedInstr(in, ctx, code[k]);
        if (in.chance(60)) code[k].push_back(instr::Halt{});
      }
    }
    for (std::size_t k = 0; k < roles.size(); ++k) {
      if (code[k].empty()) code[k].push_back(instr::Halt{});
      image.programs.emplace_back(roles[k], std::move(code[k]));
    }
    image.localTypes = std::move(types);
    s.images.push_back(std::move(image));
  }

  ConfigBias bias;
  bias.monitorOff = 30;
  bias.speculation = 50;
  bias.smallBudget = 12;
  bias.tightLoadLimits = 3;
  bias.transportOrSpatialOff = 8;
  bias.guardLayers = 50;
  s.config = generateConfig(in, plan, bias);
  s.run = generateRunSpec(in);
  s.faults = generateFaults(in, plan, s.run.fuel);
  return s;
}

}  // namespace tt::fuzz
