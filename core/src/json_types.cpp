// Values, value types, endpoints, edges and session types (reference A §11.2, §11.3,
// §11.5; F D8).
#include <algorithm>

#include "json_util.hpp"
#include "tt/core/json.hpp"

namespace tt::json {

using namespace detail;

// --- values (runner `kind` form) -----------------------------------------------------------

value valueToJson(const Value& v) {
  object o;
  switch (v.kind) {
    case Value::Kind::Unit: o["kind"] = "unit"; break;
    case Value::Kind::Bool: o["kind"] = "bool"; o["value"] = v.boolean; break;
    case Value::Kind::Nat: o["kind"] = "nat"; o["value"] = v.nat; break;
    case Value::Kind::String: o["kind"] = "string"; o["value"] = v.str; break;
    case Value::Kind::Prod:
      o["kind"] = "prod";
      o["left"] = valueToJson(*v.left);
      o["right"] = valueToJson(*v.right);
      break;
    case Value::Kind::Chan:
      o["kind"] = "chan";
      o["session"] = v.chan.sid;
      o["role"] = v.chan.role;
      break;
  }
  return o;
}

Value detail::valueFromJsonCtx(const value& j, const std::string& path, ValueBudget& b,
                               const Ctx& ctx) {
  b.enter(path);
  ObjectReader r(j, path, ctx.strict);
  const std::string kind = asString(r.required("kind"), r.path("kind"));
  Value out;
  if (kind == "unit") {
    out = Value::unit();
  } else if (kind == "bool") {
    out = Value::ofBool(asBool(r.required("value"), r.path("value")));
  } else if (kind == "nat") {
    out = Value::ofNat(asU64(r.required("value"), r.path("value")));
  } else if (kind == "string") {
    out = Value::ofString(asString(r.required("value"), r.path("value")));
  } else if (kind == "prod") {
    Value a = valueFromJsonCtx(r.required("left"), r.path("left"), b, ctx);
    Value c = valueFromJsonCtx(r.required("right"), r.path("right"), b, ctx);
    out = Value::prod(std::move(a), std::move(c));
  } else if (kind == "chan") {
    const SessionId sid = asU64(r.required("session"), r.path("session"));
    out = Value::ofChan({sid, asString(r.required("role"), r.path("role"))});
  } else {
    fail(r.path("kind"), "unknown value kind " + jsonQuote(kind));
  }
  r.finish();
  return out;
}

Value valueFromJson(const value& j, const std::string& path) {
  const Ctx ctx;
  ValueBudget b(ctx);
  return valueFromJsonCtx(j, path, b, ctx);
}

// --- values (upstream serde form, `set` immediates) -----------------------------------------

value immToJson(const Value& v) {
  object o;
  switch (v.kind) {
    case Value::Kind::Unit: return "Unit";
    case Value::Kind::Bool: o["Bool"] = v.boolean; break;
    case Value::Kind::Nat: o["Nat"] = v.nat; break;
    case Value::Kind::String: o["Str"] = v.str; break;
    case Value::Kind::Prod: {
      array a;
      a.push_back(immToJson(*v.left));
      a.push_back(immToJson(*v.right));
      o["Prod"] = std::move(a);
      break;
    }
    case Value::Kind::Chan: o["Endpoint"] = endpointToJson(v.chan); break;
  }
  return o;
}

Value detail::immFromJsonCtx(const value& j, const std::string& path, ValueBudget& b,
                             const Ctx& ctx) {
  b.enter(path);
  const Tagged t = asTagged(j, path);
  if (!t.payload) {
    if (t.tag == "Unit") return Value::unit();
    if (t.tag == "Nat" || t.tag == "Bool" || t.tag == "Str" || t.tag == "Prod" ||
        t.tag == "Endpoint")
      fail(path, "value " + jsonQuote(t.tag) + " needs a payload: {" + jsonQuote(t.tag) + ": ...}");
    fail(path, "unknown value " + jsonQuote(t.tag));
  }
  const value& p = *t.payload;
  if (t.tag == "Nat") return Value::ofNat(asU64(p, t.payloadPath));
  if (t.tag == "Bool") return Value::ofBool(asBool(p, t.payloadPath));
  if (t.tag == "Str") return Value::ofString(asString(p, t.payloadPath));
  if (t.tag == "Endpoint") return Value::ofChan(endpointFromJsonCtx(p, t.payloadPath, ctx));
  if (t.tag == "Prod") {
    const array& a = asArray(p, t.payloadPath);
    if (a.size() != 2)
      fail(t.payloadPath, "expected 2 elements, got " + std::to_string(a.size()));
    Value l = immFromJsonCtx(a[0], indexPath(t.payloadPath, 0), b, ctx);
    Value r = immFromJsonCtx(a[1], indexPath(t.payloadPath, 1), b, ctx);
    return Value::prod(std::move(l), std::move(r));
  }
  if (t.tag == "Unit") fail(path, "value \"Unit\" takes no payload: write \"Unit\"");
  fail(path, "unknown value " + jsonQuote(t.tag));
}

Value immFromJson(const value& j, const std::string& path) {
  const Ctx ctx;
  ValueBudget b(ctx);
  return immFromJsonCtx(j, path, b, ctx);
}

// --- endpoints and edges -----------------------------------------------------------------------

value endpointToJson(const Endpoint& e) {
  object o;
  o["sid"] = e.sid;
  o["role"] = e.role;
  return o;
}

Endpoint detail::endpointFromJsonCtx(const value& j, const std::string& path, const Ctx& ctx) {
  ObjectReader r(j, path, ctx.strict);
  Endpoint e;
  e.sid = asU64(r.required("sid"), r.path("sid"));
  e.role = asString(r.required("role"), r.path("role"));
  r.finish();
  return e;
}

Endpoint endpointFromJson(const value& j, const std::string& path) {
  return endpointFromJsonCtx(j, path, Ctx{});
}

value edgeToJson(const Edge& e) {
  object o;
  o["sid"] = e.sid;
  o["sender"] = e.sender;
  o["receiver"] = e.receiver;
  return o;
}

Edge detail::edgeFromJsonCtx(const value& j, const std::string& path, const Ctx& ctx) {
  ObjectReader r(j, path, ctx.strict);
  Edge e;
  e.sid = asU64(r.required("sid"), r.path("sid"));
  e.sender = asString(r.required("sender"), r.path("sender"));
  e.receiver = asString(r.required("receiver"), r.path("receiver"));
  r.finish();
  return e;
}

Edge edgeFromJson(const value& j, const std::string& path) {
  return edgeFromJsonCtx(j, path, Ctx{});
}

// --- value types ----------------------------------------------------------------------------

value valTypeToJson(const ValType& t) {
  object o;
  switch (t.kind) {
    case ValType::Kind::Unit: return "unit";
    case ValType::Kind::Bool: return "bool";
    case ValType::Kind::Nat: return "nat";
    case ValType::Kind::String: return "string";
    case ValType::Kind::Prod: {
      array a;
      a.push_back(valTypeToJson(*t.left));
      a.push_back(valTypeToJson(*t.right));
      o["prod"] = std::move(a);
      break;
    }
    case ValType::Kind::Chan: o["chan"] = endpointToJson(t.chan); break;
  }
  return o;
}

ValType detail::valTypeFromJsonCtx(const value& j, const std::string& path, TypeBudget& b) {
  const auto guard = b.enter(path);
  const Tagged t = asTagged(j, path);
  if (!t.payload) {
    if (t.tag == "unit") return ValType::unit();
    if (t.tag == "bool") return ValType::boolean();
    if (t.tag == "nat") return ValType::nat();
    if (t.tag == "string") return ValType::string();
    if (t.tag == "prod" || t.tag == "chan")
      fail(path, "value type " + jsonQuote(t.tag) + " needs a payload: {" + jsonQuote(t.tag) + ": ...}");
    fail(path, "unknown value type " + jsonQuote(t.tag));
  }
  if (t.tag == "prod") {
    const array& a = asArray(*t.payload, t.payloadPath);
    if (a.size() != 2)
      fail(t.payloadPath, "expected 2 elements, got " + std::to_string(a.size()));
    ValType l = valTypeFromJsonCtx(a[0], indexPath(t.payloadPath, 0), b);
    ValType r = valTypeFromJsonCtx(a[1], indexPath(t.payloadPath, 1), b);
    return ValType::prod(std::move(l), std::move(r));
  }
  if (t.tag == "chan") {
    const Endpoint e = endpointFromJsonCtx(*t.payload, t.payloadPath, b.ctx());
    return ValType::chanOf(e.sid, e.role);
  }
  if (t.tag == "unit" || t.tag == "bool" || t.tag == "nat" || t.tag == "string")
    fail(path, "value type " + jsonQuote(t.tag) + " takes no payload: write " + jsonQuote(t.tag));
  fail(path, "unknown value type " + jsonQuote(t.tag));
}

ValType valTypeFromJson(const value& j, const std::string& path) {
  const Ctx ctx;
  TypeBudget b(ctx);
  return valTypeFromJsonCtx(j, path, b);
}

// --- payload sorts and labels ------------------------------------------------------------------

value payloadSortToJson(const PayloadSort& s) {
  object o;
  switch (s.kind) {
    case PayloadSort::Kind::Unit: return "unit";
    case PayloadSort::Kind::Nat: return "nat";
    case PayloadSort::Kind::Bool: return "bool";
    case PayloadSort::Kind::String: return "string";
    case PayloadSort::Kind::Real: return "real";
    case PayloadSort::Kind::Vector: o["vector"] = s.vectorLen; break;
    case PayloadSort::Kind::Prod: {
      array a;
      a.push_back(payloadSortToJson(*s.left));
      a.push_back(payloadSortToJson(*s.right));
      o["prod"] = std::move(a);
      break;
    }
  }
  return o;
}

namespace {

PayloadSort sortOf(PayloadSort::Kind k) {
  PayloadSort s;
  s.kind = k;
  return s;
}

PayloadSort payloadSortFromJsonCtx(const value& j, const std::string& path, TypeBudget& b) {
  const auto guard = b.enter(path);
  const Tagged t = asTagged(j, path);
  if (!t.payload) {
    if (t.tag == "unit") return sortOf(PayloadSort::Kind::Unit);
    if (t.tag == "nat") return sortOf(PayloadSort::Kind::Nat);
    if (t.tag == "bool") return sortOf(PayloadSort::Kind::Bool);
    if (t.tag == "string") return sortOf(PayloadSort::Kind::String);
    if (t.tag == "real") return sortOf(PayloadSort::Kind::Real);
    fail(path, "unknown payload sort " + jsonQuote(t.tag));
  }
  if (t.tag == "vector") {
    PayloadSort s = sortOf(PayloadSort::Kind::Vector);
    s.vectorLen = asU64(*t.payload, t.payloadPath);
    return s;
  }
  if (t.tag == "prod") {
    const array& a = asArray(*t.payload, t.payloadPath);
    if (a.size() != 2)
      fail(t.payloadPath, "expected 2 elements, got " + std::to_string(a.size()));
    PayloadSort s = sortOf(PayloadSort::Kind::Prod);
    s.left = std::make_shared<const PayloadSort>(payloadSortFromJsonCtx(a[0], indexPath(t.payloadPath, 0), b));
    s.right = std::make_shared<const PayloadSort>(payloadSortFromJsonCtx(a[1], indexPath(t.payloadPath, 1), b));
    return s;
  }
  fail(path, "unknown payload sort " + jsonQuote(t.tag));
}

value labelToJson(const TypeLabel& l) {
  object o;
  o["name"] = l.name;
  o["sort"] = payloadSortToJson(l.sort);
  return o;
}

TypeLabel labelFromJson(const value& j, const std::string& path, TypeBudget& b) {
  ObjectReader r(j, path, b.ctx().strict);
  TypeLabel l;
  l.name = asString(r.required("name"), r.path("name"));
  l.sort = payloadSortFromJsonCtx(r.required("sort"), r.path("sort"), b);
  r.finish();
  return l;
}

std::string kindOf(ObjectReader& r) { return asString(r.required("kind"), r.path("kind")); }

void checkBound(const Scope& scope, const std::string& name, const std::string& path,
                const Ctx& ctx) {
  if (ctx.requireClosed && std::find(scope.begin(), scope.end(), name) == scope.end())
    fail(path, "unbound recursion variable " + jsonQuote(name));
}

}  // namespace

PayloadSort payloadSortFromJson(const value& j, const std::string& path) {
  const Ctx ctx;
  TypeBudget b(ctx);
  return payloadSortFromJsonCtx(j, path, b);
}

// --- global types -------------------------------------------------------------------------------

value globalTypeToJson(const GlobalType& g) {
  object o;
  switch (g.kind) {
    case GlobalType::Kind::End: o["kind"] = "end"; break;
    case GlobalType::Kind::Comm: {
      o["kind"] = "comm";
      o["sender"] = g.sender;
      o["receiver"] = g.receiver;
      array bs;
      for (const auto& br : g.branches) {
        object b;
        b["label"] = labelToJson(br.label);
        b["continuation"] = globalTypeToJson(*br.cont);
        bs.push_back(std::move(b));
      }
      o["branches"] = std::move(bs);
      break;
    }
    case GlobalType::Kind::Mu:
      o["kind"] = "rec";
      o["var"] = g.var;
      o["body"] = globalTypeToJson(*g.body);
      break;
    case GlobalType::Kind::Var: o["kind"] = "var"; o["name"] = g.var; break;
    case GlobalType::Kind::Delegate:
      o["kind"] = "delegate";
      o["delegator"] = g.sender;
      o["delegatee"] = g.receiver;
      o["session_id"] = g.delegSid;
      o["role"] = g.delegRole;
      o["continuation"] = globalTypeToJson(*g.body);
      break;
  }
  return o;
}

namespace {

GlobalTypePtr globalFrom(const value& j, const std::string& path, TypeBudget& b, Scope& scope) {
  const auto guard = b.enter(path);
  const Ctx& ctx = b.ctx();
  ObjectReader r(j, path, ctx.strict);
  const std::string kind = kindOf(r);
  GlobalTypePtr out;
  if (kind == "end") {
    out = GlobalType::end();
  } else if (kind == "comm") {
    Role s = asString(r.required("sender"), r.path("sender"));
    Role rc = asString(r.required("receiver"), r.path("receiver"));
    const std::string bsPath = r.path("branches");
    const array& bs = asArray(r.required("branches"), bsPath);
    std::vector<GlobalBranch> branches;
    branches.reserve(bs.size());
    for (std::size_t i = 0; i < bs.size(); ++i) {
      ObjectReader br(bs[i], indexPath(bsPath, i), ctx.strict);
      GlobalBranch gb;
      gb.label = labelFromJson(br.required("label"), br.path("label"), b);
      gb.cont = globalFrom(br.required("continuation"), br.path("continuation"), b, scope);
      br.finish();
      branches.push_back(std::move(gb));
    }
    out = GlobalType::comm(std::move(s), std::move(rc), std::move(branches));
  } else if (kind == "rec") {
    std::string var = asString(r.required("var"), r.path("var"));
    scope.push_back(var);
    GlobalTypePtr body = globalFrom(r.required("body"), r.path("body"), b, scope);
    scope.pop_back();
    out = GlobalType::mu(std::move(var), std::move(body));
  } else if (kind == "var") {
    std::string name = asString(r.required("name"), r.path("name"));
    checkBound(scope, name, path, ctx);
    out = GlobalType::varRef(std::move(name));
  } else if (kind == "delegate") {
    Role p = asString(r.required("delegator"), r.path("delegator"));
    Role q = asString(r.required("delegatee"), r.path("delegatee"));
    const SessionId sid = asU64(r.required("session_id"), r.path("session_id"));
    Role role = asString(r.required("role"), r.path("role"));
    GlobalTypePtr cont = globalFrom(r.required("continuation"), r.path("continuation"), b, scope);
    out = GlobalType::delegate(std::move(p), std::move(q), sid, std::move(role), std::move(cont));
  } else {
    fail(r.path("kind"), "unknown global type kind " + jsonQuote(kind));
  }
  r.finish();
  return out;
}

}  // namespace

GlobalTypePtr detail::globalTypeFromJsonCtx(const value& j, const std::string& path,
                                            const Ctx& ctx) {
  TypeBudget b(ctx);
  Scope scope;
  return globalFrom(j, path, b, scope);
}

GlobalTypePtr globalTypeFromJson(const value& j, const std::string& path) {
  return globalTypeFromJsonCtx(j, path, Ctx{});
}

// --- local types with names (LocalTypeR) ----------------------------------------------------------

value localTypeRToJson(const LocalTypeR& t) {
  object o;
  switch (t.kind) {
    case LocalTypeR::Kind::End: o["kind"] = "end"; break;
    case LocalTypeR::Kind::Send:
    case LocalTypeR::Kind::Recv: {
      o["kind"] = t.kind == LocalTypeR::Kind::Send ? "send" : "recv";
      o["partner"] = t.partner;
      array bs;
      for (const auto& br : t.branches) {
        object b;
        b["label"] = labelToJson(br.label);
        if (br.payload) b["type"] = valTypeToJson(*br.payload);
        b["continuation"] = localTypeRToJson(*br.cont);
        bs.push_back(std::move(b));
      }
      o["branches"] = std::move(bs);
      break;
    }
    case LocalTypeR::Kind::Mu:
      o["kind"] = "rec";
      o["var"] = t.var;
      o["body"] = localTypeRToJson(*t.body);
      break;
    case LocalTypeR::Kind::Var: o["kind"] = "var"; o["name"] = t.var; break;
  }
  return o;
}

namespace {

LocalTypeRPtr localRFrom(const value& j, const std::string& path, TypeBudget& b, Scope& scope) {
  const auto guard = b.enter(path);
  const Ctx& ctx = b.ctx();
  ObjectReader r(j, path, ctx.strict);
  const std::string kind = kindOf(r);
  LocalTypeRPtr out;
  if (kind == "end") {
    out = LocalTypeR::end();
  } else if (kind == "send" || kind == "recv") {
    Role partner = asString(r.required("partner"), r.path("partner"));
    const std::string bsPath = r.path("branches");
    const array& bs = asArray(r.required("branches"), bsPath);
    std::vector<BranchR> branches;
    branches.reserve(bs.size());
    for (std::size_t i = 0; i < bs.size(); ++i) {
      ObjectReader br(bs[i], indexPath(bsPath, i), ctx.strict);
      BranchR lb;
      lb.label = labelFromJson(br.required("label"), br.path("label"), b);
      if (const value* ty = br.optional("type"); ty && !ty->is_null())
        lb.payload = valTypeFromJsonCtx(*ty, br.path("type"), b);
      lb.cont = localRFrom(br.required("continuation"), br.path("continuation"), b, scope);
      br.finish();
      branches.push_back(std::move(lb));
    }
    out = kind == "send" ? LocalTypeR::send(std::move(partner), std::move(branches))
                         : LocalTypeR::recv(std::move(partner), std::move(branches));
  } else if (kind == "rec") {
    std::string var = asString(r.required("var"), r.path("var"));
    scope.push_back(var);
    LocalTypeRPtr body = localRFrom(r.required("body"), r.path("body"), b, scope);
    scope.pop_back();
    out = LocalTypeR::mu(std::move(var), std::move(body));
  } else if (kind == "var") {
    std::string name = asString(r.required("name"), r.path("name"));
    checkBound(scope, name, path, ctx);
    out = LocalTypeR::varRef(std::move(name));
  } else {
    fail(r.path("kind"), "unknown local type kind " + jsonQuote(kind));
  }
  r.finish();
  return out;
}

}  // namespace

LocalTypeRPtr detail::localTypeRFromJsonCtx(const value& j, const std::string& path,
                                            const Ctx& ctx) {
  TypeBudget b(ctx);
  Scope scope;
  return localRFrom(j, path, b, scope);
}

LocalTypeRPtr localTypeRFromJson(const value& j, const std::string& path) {
  return localTypeRFromJsonCtx(j, path, Ctx{});
}

// --- runtime local types (de Bruijn) ---------------------------------------------------------------

value localTypeToJson(const LocalType& t) {
  object o;
  switch (t.kind) {
    case LocalType::Kind::Send:
    case LocalType::Kind::Recv:
      o["kind"] = t.kind == LocalType::Kind::Send ? "send" : "recv";
      o["partner"] = t.partner;
      o["type"] = valTypeToJson(t.payload);
      o["cont"] = localTypeToJson(*t.cont);
      break;
    case LocalType::Kind::Select:
    case LocalType::Kind::Branch: {
      o["kind"] = t.kind == LocalType::Kind::Select ? "select" : "branch";
      o["partner"] = t.partner;
      array arms;
      for (const auto& [label, cont] : t.arms) {
        object a;
        a["label"] = label;
        a["cont"] = localTypeToJson(*cont);
        arms.push_back(std::move(a));
      }
      o["arms"] = std::move(arms);
      break;
    }
    case LocalType::Kind::End: o["kind"] = "end"; break;
    case LocalType::Kind::Var: o["kind"] = "var"; o["index"] = t.index; break;
    case LocalType::Kind::Mu: o["kind"] = "mu"; o["body"] = localTypeToJson(*t.cont); break;
  }
  return o;
}

namespace {

LocalTypePtr localFrom(const value& j, const std::string& path, TypeBudget& b,
                       std::uint64_t binders) {
  const auto guard = b.enter(path);
  const Ctx& ctx = b.ctx();
  ObjectReader r(j, path, ctx.strict);
  const std::string kind = kindOf(r);
  LocalTypePtr out;
  if (kind == "send" || kind == "recv") {
    Role partner = asString(r.required("partner"), r.path("partner"));
    ValType ty = valTypeFromJsonCtx(r.required("type"), r.path("type"), b);
    LocalTypePtr cont = localFrom(r.required("cont"), r.path("cont"), b, binders);
    out = kind == "send" ? LocalType::send(std::move(partner), std::move(ty), std::move(cont))
                         : LocalType::recv(std::move(partner), std::move(ty), std::move(cont));
  } else if (kind == "select" || kind == "branch") {
    Role partner = asString(r.required("partner"), r.path("partner"));
    const std::string armsPath = r.path("arms");
    const array& arms = asArray(r.required("arms"), armsPath);
    std::vector<std::pair<Label, LocalTypePtr>> out_arms;
    out_arms.reserve(arms.size());
    for (std::size_t i = 0; i < arms.size(); ++i) {
      ObjectReader ar(arms[i], indexPath(armsPath, i), ctx.strict);
      Label label = asString(ar.required("label"), ar.path("label"));
      LocalTypePtr cont = localFrom(ar.required("cont"), ar.path("cont"), b, binders);
      ar.finish();
      out_arms.emplace_back(std::move(label), std::move(cont));
    }
    out = kind == "select" ? LocalType::select(std::move(partner), std::move(out_arms))
                           : LocalType::branch(std::move(partner), std::move(out_arms));
  } else if (kind == "end") {
    out = LocalType::end();
  } else if (kind == "var") {
    const std::uint64_t index = asU64(r.required("index"), r.path("index"));
    if (ctx.requireClosed && index >= binders)
      fail(path, "unbound recursion variable: index " + std::to_string(index) + " under " +
                     std::to_string(binders) + " enclosing mu");
    out = LocalType::varRef(index);
  } else if (kind == "mu") {
    out = LocalType::mu(localFrom(r.required("body"), r.path("body"), b, binders + 1));
  } else {
    fail(r.path("kind"), "unknown local type kind " + jsonQuote(kind));
  }
  r.finish();
  return out;
}

}  // namespace

LocalTypePtr detail::localTypeFromJsonCtx(const value& j, const std::string& path,
                                          const Ctx& ctx) {
  TypeBudget b(ctx);
  return localFrom(j, path, b, 0);
}

LocalTypePtr localTypeFromJson(const value& j, const std::string& path) {
  return localTypeFromJsonCtx(j, path, Ctx{});
}

}  // namespace tt::json
