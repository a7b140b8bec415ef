// The 21 instructions in upstream's externally tagged encoding (reference A §11.5),
// extended so every Lean operand can be written (F D8).
#include "json_util.hpp"
#include "tt/core/json.hpp"

namespace tt::json {

using namespace detail;

namespace {

value regPairs(const std::vector<std::pair<Role, Reg>>& xs) {
  array a;
  for (const auto& [role, reg] : xs) {
    array p;
    p.push_back(value(role));
    p.push_back(value(reg));
    a.push_back(std::move(p));
  }
  return a;
}

struct InstrToJson {
  static value with(const char* tag, object fields) {
    object out;
    out[tag] = std::move(fields);
    return out;
  }
  value operator()(const instr::Send& i) const { return with("Send", {{"chan", i.chan}, {"val", i.val}}); }
  value operator()(const instr::Receive& i) const { return with("Receive", {{"chan", i.chan}, {"dst", i.dst}}); }
  value operator()(const instr::Offer& i) const { return with("Offer", {{"chan", i.chan}, {"label", i.label}}); }
  value operator()(const instr::Choose& i) const {
    array table;
    for (const auto& [label, pc] : i.table) {
      array e;
      e.push_back(value(label));
      e.push_back(value(pc));
      table.push_back(std::move(e));
    }
    object f;
    f["chan"] = i.chan;
    f["table"] = std::move(table);
    return with("Choose", std::move(f));
  }
  value operator()(const instr::Acquire& i) const { return with("Acquire", {{"layer", i.layer}, {"dst", i.dst}}); }
  value operator()(const instr::Release& i) const { return with("Release", {{"layer", i.layer}, {"evidence", i.evidence}}); }
  value operator()(const instr::Invoke&) const { return with("Invoke", {{"action", "runtime.step"}}); }
  value operator()(const instr::Open& i) const {
    object f;
    array roles;
    for (const auto& r : i.roles) roles.push_back(value(r));
    f["roles"] = std::move(roles);
    array lts;
    for (const auto& [role, lt] : i.localTypes) {
      array p;
      p.push_back(value(role));
      p.push_back(localTypeToJson(*lt));
      lts.push_back(std::move(p));
    }
    f["local_types"] = std::move(lts);
    array hs;
    for (const auto& h : i.handlers) {
      object ho;
      if (h.sid) ho["sid"] = *h.sid; else ho["sid"] = nullptr;
      ho["sender"] = h.sender;
      ho["receiver"] = h.receiver;
      ho["handler"] = h.handler;
      hs.push_back(std::move(ho));
    }
    f["handlers"] = std::move(hs);
    f["dsts"] = regPairs(i.dsts);
    return with("Open", std::move(f));
  }
  value operator()(const instr::Close& i) const { return with("Close", {{"session", i.session}}); }
  value operator()(const instr::Fork& i) const { return with("Fork", {{"ghost", i.sid}}); }
  value operator()(const instr::Join&) const { return "Join"; }
  value operator()(const instr::Abort&) const { return "Abort"; }
  value operator()(const instr::Transfer& i) const {
    return with("Transfer", {{"endpoint", i.endpoint}, {"target", i.targetCoro}, {"bundle", i.bundle}});
  }
  value operator()(const instr::Tag& i) const { return with("Tag", {{"fact", i.fact}, {"dst", i.dst}}); }
  value operator()(const instr::Check& i) const {
    return with("Check", {{"knowledge", i.knowledge}, {"target", i.target}, {"dst", i.dst}});
  }
  value operator()(const instr::Set& i) const {
    object f;
    f["dst"] = i.dst;
    f["val"] = immToJson(i.imm);
    return with("Set", std::move(f));
  }
  value operator()(const instr::Move& i) const { return with("Move", {{"dst", i.dst}, {"src", i.src}}); }
  value operator()(const instr::Jump& i) const { return with("Jump", {{"target", i.target}}); }
  value operator()(const instr::Spawn& i) const {
    object f;
    f["target"] = i.target;
    array args;
    for (Reg r : i.args) args.push_back(value(r));
    f["args"] = std::move(args);
    return with("Spawn", std::move(f));
  }
  value operator()(const instr::Yield&) const { return "Yield"; }
  value operator()(const instr::Halt&) const { return "Halt"; }
};

bool takesNoOperands(Opcode op) {
  return op == Opcode::Join || op == Opcode::Abort || op == Opcode::Yield || op == Opcode::Halt;
}

// Reads the operands of one instruction with the caps of `ctx`.
class Operands {
 public:
  Operands(const value& j, std::string path, const Ctx& ctx)
      : r_(j, std::move(path), ctx.strict), ctx_(ctx) {}

  Reg reg(std::string_view key) { return regAt(r_.required(key), r_.path(key)); }
  Reg regAt(const value& v, const std::string& path) const {
    const std::uint64_t n = asU64(v, path);
    if (n > ctx_.limits.maxRegisterIndex)
      fail(path, "register " + std::to_string(n) + " exceeds the cap " +
                     std::to_string(ctx_.limits.maxRegisterIndex) + " (max_register_index, " +
                     ctx_.limitsWhere + ")");
    return static_cast<Reg>(n);
  }
  PC pc(std::string_view key) { return asU64(r_.required(key), r_.path(key)); }
  std::string str(std::string_view key) { return asString(r_.required(key), r_.path(key)); }
  const array& list(std::string_view key, std::size_t max, std::string_view what) {
    return asArrayCapped(r_.required(key), r_.path(key), max, what);
  }
  ObjectReader& reader() { return r_; }
  const Ctx& ctx() const { return ctx_; }
  void finish() { r_.finish(); }

 private:
  ObjectReader r_;
  const Ctx& ctx_;
};

// A two-element array [string, x].
std::pair<std::string, const value*> pairAt(const value& v, const std::string& path) {
  const array& a = asArray(v, path);
  if (a.size() != 2) fail(path, "expected a pair [name, value], got " + std::to_string(a.size()) + " elements");
  return {asString(a[0], indexPath(path, 0)), &a[1]};
}

std::string capName(const char* limit, const Ctx& ctx) {
  return std::string(limit) + ", " + ctx.limitsWhere;
}

instr::Open openFrom(Operands& ops) {
  const Ctx& ctx = ops.ctx();
  ObjectReader& r = ops.reader();
  instr::Open o;
  const std::string rolesCap = capName("max_roles", ctx);
  o.roles = asStringList(asArrayCapped(r.required("roles"), r.path("roles"), ctx.limits.maxRoles, rolesCap),
                         r.path("roles"));
  {
    const std::string p = r.path("local_types");
    const array& a = ops.list("local_types", ctx.limits.maxRoles, rolesCap);
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string ip = indexPath(p, i);
      auto [role, lt] = pairAt(a[i], ip);
      o.localTypes.emplace_back(std::move(role), localTypeFromJsonCtx(*lt, indexPath(ip, 1), ctx));
    }
  }
  {
    const std::string p = r.path("handlers");
    const array& a = ops.list("handlers", ctx.limits.maxRoles * ctx.limits.maxRoles,
                              capName("max_roles squared", ctx));
    for (std::size_t i = 0; i < a.size(); ++i) {
      ObjectReader h(a[i], indexPath(p, i), ctx.strict);
      instr::OpenHandler oh;
      if (const value* sid = h.optional("sid"); sid && !sid->is_null()) oh.sid = asU64(*sid, h.path("sid"));
      oh.sender = asString(h.required("sender"), h.path("sender"));
      oh.receiver = asString(h.required("receiver"), h.path("receiver"));
      oh.handler = asU64(h.required("handler"), h.path("handler"));
      h.finish();
      o.handlers.push_back(std::move(oh));
    }
  }
  {
    const std::string p = r.path("dsts");
    const array& a = ops.list("dsts", ctx.limits.maxRoles, rolesCap);
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string ip = indexPath(p, i);
      auto [role, reg] = pairAt(a[i], ip);
      o.dsts.emplace_back(std::move(role), ops.regAt(*reg, indexPath(ip, 1)));
    }
  }
  return o;
}

Instr operandsFor(Opcode op, Operands& ops) {
  const Ctx& ctx = ops.ctx();
  switch (op) {
    case Opcode::Send: { instr::Send i; i.chan = ops.reg("chan"); i.val = ops.reg("val"); return i; }
    case Opcode::Receive: { instr::Receive i; i.chan = ops.reg("chan"); i.dst = ops.reg("dst"); return i; }
    case Opcode::Offer: { instr::Offer i; i.chan = ops.reg("chan"); i.label = ops.str("label"); return i; }
    case Opcode::Choose: {
      instr::Choose i;
      i.chan = ops.reg("chan");
      const std::string p = ops.reader().path("table");
      const array& a = ops.list("table", ctx.limits.maxProgramLength, capName("max_program_length", ctx));
      for (std::size_t k = 0; k < a.size(); ++k) {
        const std::string kp = indexPath(p, k);
        auto [label, pc] = pairAt(a[k], kp);
        i.table.emplace_back(std::move(label), asU64(*pc, indexPath(kp, 1)));
      }
      return i;
    }
    case Opcode::Acquire: { instr::Acquire i; i.layer = ops.str("layer"); i.dst = ops.reg("dst"); return i; }
    case Opcode::Release: { instr::Release i; i.layer = ops.str("layer"); i.evidence = ops.reg("evidence"); return i; }
    case Opcode::Invoke: {
      ObjectReader& r = ops.reader();
      const std::string action = asString(r.required("action"), r.path("action"));
      if (action != "runtime.step")
        fail(r.path("action"), "unknown action " + jsonQuote(action) + " (the unit model has only \"runtime.step\")");
      if (const value* dst = r.optional("dst"); dst && !dst->is_null())
        fail(r.path("dst"), "expected null (the unit action writes no register), got " + describe(*dst));
      return instr::Invoke{};
    }
    case Opcode::Open: return openFrom(ops);
    case Opcode::Close: { instr::Close i; i.session = ops.reg("session"); return i; }
    case Opcode::Fork: { instr::Fork i; i.sid = ops.reg("ghost"); return i; }
    case Opcode::Transfer: {
      instr::Transfer i;
      i.endpoint = ops.reg("endpoint");
      i.targetCoro = ops.reg("target");
      i.bundle = ops.reg("bundle");
      return i;
    }
    case Opcode::Tag: { instr::Tag i; i.fact = ops.reg("fact"); i.dst = ops.reg("dst"); return i; }
    case Opcode::Check: {
      instr::Check i;
      i.knowledge = ops.reg("knowledge");
      i.target = ops.reg("target");
      i.dst = ops.reg("dst");
      return i;
    }
    case Opcode::Set: {
      instr::Set i;
      i.dst = ops.reg("dst");
      ObjectReader& r = ops.reader();
      ValueBudget b(ctx);
      i.imm = immFromJsonCtx(r.required("val"), r.path("val"), b, ctx);
      return i;
    }
    case Opcode::Move: { instr::Move i; i.dst = ops.reg("dst"); i.src = ops.reg("src"); return i; }
    case Opcode::Jump: { instr::Jump i; i.target = ops.pc("target"); return i; }
    case Opcode::Spawn: {
      instr::Spawn i;
      i.target = ops.pc("target");
      const std::string p = ops.reader().path("args");
      const array& a = ops.list("args", ctx.limits.maxRegisterIndex + 1, capName("max_register_index + 1", ctx));
      for (std::size_t k = 0; k < a.size(); ++k) i.args.push_back(ops.regAt(a[k], indexPath(p, k)));
      return i;
    }
    case Opcode::Join:
    case Opcode::Abort:
    case Opcode::Yield:
    case Opcode::Halt:
      break;  // no operands: handled by the caller
  }
  fail(ops.reader().path(), "instruction takes no operands");
}

}  // namespace

value instrToJson(const Instr& i) { return std::visit(InstrToJson{}, i); }

Instr detail::instrFromJsonCtx(const value& j, const std::string& path, const Ctx& ctx) {
  if (!j.is_string() && !j.is_object())
    fail(path, "expected an instruction (a string or an object with one key), got " + describe(j));
  const Tagged t = asTagged(j, path);
  Opcode op{};
  if (!enumFromName(t.tag, kOpcodeCount, opcodeTag, op)) fail(path, "unknown instruction " + jsonQuote(t.tag));
  if (takesNoOperands(op)) {
    if (t.payload) fail(path, "instruction " + jsonQuote(t.tag) + " takes no operands: write " + jsonQuote(t.tag));
    switch (op) {
      case Opcode::Join: return instr::Join{};
      case Opcode::Abort: return instr::Abort{};
      case Opcode::Yield: return instr::Yield{};
      default: return instr::Halt{};
    }
  }
  if (!t.payload) fail(path, "instruction " + jsonQuote(t.tag) + " needs operands: {" + jsonQuote(t.tag) + ": {...}}");
  Operands ops(*t.payload, t.payloadPath, ctx);
  Instr out = operandsFor(op, ops);
  ops.finish();
  return out;
}

Instr instrFromJson(const value& j, const std::string& path) {
  return instrFromJsonCtx(j, path, Ctx{});
}

}  // namespace tt::json
