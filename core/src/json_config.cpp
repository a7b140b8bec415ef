// VMConfig (Lean fields in snake_case, F D19, plus profile, repairs, lanes and limits) and
// the topology faults a scenario injects (Lean `Failure`, F D5).
#include <string>

#include "json_util.hpp"
#include "tt/core/json.hpp"

namespace tt::json {

using namespace detail;

namespace {

// FlowPredicate trees are small by nature; these bound the decoder's recursion.
constexpr std::size_t kMaxPredicateDepth = 32;
constexpr std::size_t kMaxPredicateNodes = 256;

const char* bufferModeName(BufferMode m) { return m == BufferMode::Fifo ? "fifo" : "latest_value"; }
const char* schedName(SchedPolicyKind k) {
  switch (k) {
    case SchedPolicyKind::Cooperative: return "cooperative";
    case SchedPolicyKind::RoundRobin: return "round_robin";
    case SchedPolicyKind::Priority: return "priority";
    case SchedPolicyKind::ProgressAware: return "progress_aware";
  }
  return "?";
}
const char* outputName(OutputConditionPolicyKind k) {
  switch (k) {
    case OutputConditionPolicyKind::Disabled: return "disabled";
    case OutputConditionPolicyKind::AllowAll: return "allow_all";
    case OutputConditionPolicyKind::DenyAll: return "deny_all";
    case OutputConditionPolicyKind::PredicateAllowList: return "predicate_allow_list";
  }
  return "?";
}
const char* monitorName(MonitorMode m) { return m == MonitorMode::Off ? "off" : "session_type_precheck"; }
const char* profileName(Profile p) { return p == Profile::Operational ? "operational" : "lean-literal"; }

value stringList(const std::vector<std::string>& xs) {
  array a;
  for (const auto& x : xs) a.push_back(value(x));
  return a;
}

// --- buffers ---

value bufferToJson(const BufferConfig& b) {
  object o;
  o["mode"] = bufferModeName(b.mode);
  o["initial_capacity"] = b.initialCapacity;
  switch (b.policy.kind) {
    case BackpressureKind::Block: o["policy"] = "block"; break;
    case BackpressureKind::Drop: o["policy"] = "drop"; break;
    case BackpressureKind::Error: o["policy"] = "error"; break;
    case BackpressureKind::Resize: {
      object r;
      r["max_capacity"] = b.policy.maxCapacity;
      object p;
      p["resize"] = std::move(r);
      o["policy"] = std::move(p);
      break;
    }
  }
  return o;
}

BufferConfig bufferFromJson(const value& j, const std::string& path) {
  ObjectReader r(j, path);
  BufferConfig b;
  if (const value* v = r.optional("mode")) {
    const std::string m = asString(*v, r.path("mode"));
    if (m == "fifo") b.mode = BufferMode::Fifo;
    else if (m == "latest_value") b.mode = BufferMode::LatestValue;
    else fail(r.path("mode"), "unknown buffer mode " + jsonQuote(m) + " (fifo | latest_value)");
  }
  if (const value* v = r.optional("initial_capacity")) b.initialCapacity = asU64(*v, r.path("initial_capacity"));
  if (const value* v = r.optional("policy")) {
    const std::string pp = r.path("policy");
    const Tagged t = asTagged(*v, pp);
    if (!t.payload && t.tag == "block") b.policy.kind = BackpressureKind::Block;
    else if (!t.payload && t.tag == "drop") b.policy.kind = BackpressureKind::Drop;
    else if (!t.payload && t.tag == "error") b.policy.kind = BackpressureKind::Error;
    else if (t.payload && t.tag == "resize") {
      ObjectReader rr(*t.payload, t.payloadPath);
      b.policy.kind = BackpressureKind::Resize;
      b.policy.maxCapacity = asU64(rr.required("max_capacity"), rr.path("max_capacity"));
      rr.finish();
    } else {
      fail(pp, "unknown back-pressure policy " + jsonQuote(t.tag) +
                   " (block | drop | error | {\"resize\": {\"max_capacity\": n}})");
    }
  }
  r.finish();
  return b;
}

// --- scheduler ---

value schedToJson(const SchedPolicy& s) {
  if (s.kind != SchedPolicyKind::Priority) return schedName(s.kind);
  object m;
  for (const auto& [id, score] : s.priorities) m[std::to_string(id)] = score;
  object o;
  o["priority"] = std::move(m);
  return o;
}

std::uint64_t decimalKey(std::string_view k, const std::string& path) {
  if (k.empty() || k.size() > 20 || (k.size() > 1 && k[0] == '0'))
    fail(path, "expected a coroutine id in decimal, got " + jsonQuote(k));
  std::uint64_t n = 0;
  for (char c : k) {
    if (c < '0' || c > '9') fail(path, "expected a coroutine id in decimal, got " + jsonQuote(k));
    const std::uint64_t d = static_cast<std::uint64_t>(c - '0');
    if (n > (UINT64_MAX - d) / 10) fail(path, "coroutine id " + jsonQuote(k) + " is too large");
    n = n * 10 + d;
  }
  return n;
}

SchedPolicy schedFromJson(const value& j, const std::string& path, const Limits& limits) {
  const Tagged t = asTagged(j, path);
  SchedPolicy s;
  if (!t.payload && t.tag == "cooperative") s.kind = SchedPolicyKind::Cooperative;
  else if (!t.payload && t.tag == "round_robin") s.kind = SchedPolicyKind::RoundRobin;
  else if (!t.payload && t.tag == "progress_aware") s.kind = SchedPolicyKind::ProgressAware;
  else if (t.payload && t.tag == "priority") {
    s.kind = SchedPolicyKind::Priority;
    const object& m = asObject(*t.payload, t.payloadPath);
    if (m.size() > limits.maxCoroutinesTotal)
      fail(t.payloadPath, std::to_string(m.size()) + " entries exceed the cap " +
                              std::to_string(limits.maxCoroutinesTotal) + " (max_coroutines_total)");
    for (const auto& kv : m) {
      const std::string_view k(kv.key().data(), kv.key().size());
      const std::string kp = fieldPath(t.payloadPath, k);
      s.priorities[decimalKey(k, kp)] = asU64(kv.value(), kp);
    }
  } else {
    fail(path, "unknown scheduler policy " + jsonQuote(t.tag) +
                   " (cooperative | round_robin | progress_aware | {\"priority\": {\"<id>\": n}})");
  }
  return s;
}

// --- flow policy ---

value predicateToJson(const FlowPredicate& p) {
  using K = FlowPredicate::Kind;
  object o;
  switch (p.kind) {
    case K::TargetRolePrefix: o["target_role_prefix"] = p.text; break;
    case K::FactContains: o["fact_contains"] = p.text; break;
    case K::EndpointRoleMatchesTarget: return "endpoint_role_matches_target";
    case K::All:
    case K::Any: {
      array a;
      for (const auto& q : p.parts) a.push_back(predicateToJson(q));
      o[p.kind == K::All ? "all" : "any"] = std::move(a);
      break;
    }
  }
  return o;
}

FlowPredicate predicateFromJson(const value& j, const std::string& path, std::size_t depth,
                                std::size_t& nodes) {
  using K = FlowPredicate::Kind;
  if (depth > kMaxPredicateDepth)
    fail(path, "flow predicate is nested deeper than " + std::to_string(kMaxPredicateDepth));
  if (++nodes > kMaxPredicateNodes)
    fail(path, "flow predicate has more than " + std::to_string(kMaxPredicateNodes) + " nodes");
  const Tagged t = asTagged(j, path);
  FlowPredicate p;
  if (!t.payload && t.tag == "endpoint_role_matches_target") {
    p.kind = K::EndpointRoleMatchesTarget;
  } else if (t.payload && (t.tag == "target_role_prefix" || t.tag == "fact_contains")) {
    p.kind = t.tag == "target_role_prefix" ? K::TargetRolePrefix : K::FactContains;
    p.text = asString(*t.payload, t.payloadPath);
  } else if (t.payload && (t.tag == "all" || t.tag == "any")) {
    p.kind = t.tag == "all" ? K::All : K::Any;
    const array& a = asArray(*t.payload, t.payloadPath);
    for (std::size_t i = 0; i < a.size(); ++i)
      p.parts.push_back(predicateFromJson(a[i], indexPath(t.payloadPath, i), depth + 1, nodes));
  } else {
    fail(path, "unknown flow predicate " + jsonQuote(t.tag) +
                   " (target_role_prefix | fact_contains | endpoint_role_matches_target | all | any)");
  }
  return p;
}

value flowToJson(const FlowPolicy& f) {
  using K = FlowPolicy::Kind;
  object o;
  switch (f.kind) {
    case K::AllowAll: return "allow_all";
    case K::DenyAll: return "deny_all";
    case K::AllowRoles: o["allow_roles"] = stringList(f.roles); break;
    case K::DenyRoles: o["deny_roles"] = stringList(f.roles); break;
    case K::PredicateExpr: o["predicate_expr"] = predicateToJson(f.predicate); break;
  }
  return o;
}

FlowPolicy flowFromJson(const value& j, const std::string& path) {
  using K = FlowPolicy::Kind;
  const Tagged t = asTagged(j, path);
  FlowPolicy f;
  if (!t.payload && t.tag == "allow_all") f.kind = K::AllowAll;
  else if (!t.payload && t.tag == "deny_all") f.kind = K::DenyAll;
  else if (t.payload && (t.tag == "allow_roles" || t.tag == "deny_roles")) {
    f.kind = t.tag == "allow_roles" ? K::AllowRoles : K::DenyRoles;
    f.roles = asStringList(*t.payload, t.payloadPath);
  } else if (t.payload && t.tag == "predicate_expr") {
    f.kind = K::PredicateExpr;
    std::size_t nodes = 0;
    f.predicate = predicateFromJson(*t.payload, t.payloadPath, 1, nodes);
  } else if (t.tag == "predicate") {
    fail(path, "flow policy \"predicate\" is a Lean closure and has no data form; use \"predicate_expr\"");
  } else {
    fail(path, "unknown flow policy " + jsonQuote(t.tag) +
                   " (allow_all | deny_all | allow_roles | deny_roles | predicate_expr)");
  }
  return f;
}

// --- output condition ---

value outputToJson(const OutputConditionPolicy& p) {
  if (p.kind != OutputConditionPolicyKind::PredicateAllowList) return outputName(p.kind);
  object o;
  o["predicate_allow_list"] = stringList(p.allowList);
  return o;
}

OutputConditionPolicy outputFromJson(const value& j, const std::string& path) {
  const Tagged t = asTagged(j, path);
  OutputConditionPolicy p;
  if (!t.payload && t.tag == "disabled") p.kind = OutputConditionPolicyKind::Disabled;
  else if (!t.payload && t.tag == "allow_all") p.kind = OutputConditionPolicyKind::AllowAll;
  else if (!t.payload && t.tag == "deny_all") p.kind = OutputConditionPolicyKind::DenyAll;
  else if (t.payload && t.tag == "predicate_allow_list") {
    p.kind = OutputConditionPolicyKind::PredicateAllowList;
    p.allowList = asStringList(*t.payload, t.payloadPath);
  } else {
    fail(path, "unknown output condition policy " + jsonQuote(t.tag) +
                   " (disabled | allow_all | deny_all | {\"predicate_allow_list\": [...]})");
  }
  return p;
}

// --- cost model ---

value costToJson(const CostModel& c) {
  object steps;
  for (std::size_t i = 0; i < kOpcodeCount; ++i) steps[opcodeName(static_cast<Opcode>(i))] = c.stepCost[i];
  object o;
  o["step_cost"] = std::move(steps);
  o["min_cost"] = c.minCost;
  o["default_budget"] = c.defaultBudget;
  return o;
}

CostModel costFromJson(const value& j, const std::string& path) {
  ObjectReader r(j, path);
  CostModel c;
  const std::string stepPath = r.path("step_cost");
  if (const value* v = r.optional("step_cost")) {
    for (const auto& kv : asObject(*v, stepPath)) {
      const std::string_view k(kv.key().data(), kv.key().size());
      const std::string kp = fieldPath(stepPath, k);
      const Opcode op = enumFromNameOrFail<Opcode>(k, kOpcodeCount, opcodeName, kp, "instruction");
      c.stepCost[static_cast<std::size_t>(op)] = asU64(kv.value(), kp);
    }
  }
  if (const value* v = r.optional("min_cost")) c.minCost = asU64(*v, r.path("min_cost"));
  if (const value* v = r.optional("default_budget")) c.defaultBudget = asU64(*v, r.path("default_budget"));
  r.finish();
  // Lean's CostModel obligations (F D19).
  if (c.minCost == 0) fail(r.path("min_cost"), "min_cost must be at least 1 (Lean CostModel obligation)");
  for (std::size_t i = 0; i < kOpcodeCount; ++i) {
    const auto op = static_cast<Opcode>(i);
    if (op != Opcode::Halt && c.stepCost[i] < c.minCost)
      fail(fieldPath(stepPath, opcodeName(op)),
           "cost " + std::to_string(c.stepCost[i]) + " is below min_cost " + std::to_string(c.minCost) +
               " (Lean CostModel obligation: every instruction but halt costs at least min_cost)");
  }
  return c;
}

// --- guard chain ---

value guardToJson(const GuardChain& g) {
  object o;
  o["layers"] = stringList(g.layers);
  o["active"] = stringList(g.active);
  o["resources"] = stringList(g.resources);
  return o;
}

GuardChain guardFromJson(const value& j, const std::string& path) {
  ObjectReader r(j, path);
  GuardChain g;
  if (const value* v = r.optional("layers")) g.layers = asStringList(*v, r.path("layers"));
  if (const value* v = r.optional("active")) g.active = asStringList(*v, r.path("active"));
  if (const value* v = r.optional("resources")) g.resources = asStringList(*v, r.path("resources"));
  r.finish();
  return g;
}

// --- lanes and limits ---

value lanesToJson(const Lanes& l) {
  if (l.mode == LaneMode::Single) return "single";
  object o;
  o["by_coroutine"] = l.count;
  return o;
}

Lanes lanesFromJson(const value& j, const std::string& path, const Limits& limits) {
  const Tagged t = asTagged(j, path);
  Lanes l;
  if (!t.payload && t.tag == "single") return l;
  if (t.payload && t.tag == "by_coroutine") {
    l.mode = LaneMode::ByCoroutine;
    l.count = asU64Capped(*t.payload, t.payloadPath, limits.maxCoroutinesTotal, "max_coroutines_total");
    if (l.count == 0) fail(t.payloadPath, "the lane count must be at least 1");
    return l;
  }
  fail(path, "unknown lane mode " + jsonQuote(t.tag) + " (\"single\" | {\"by_coroutine\": k})");
}

struct LimitField {
  const char* name;
  std::uint64_t Limits::*field;
};
constexpr LimitField kLimitFields[] = {
    {"max_roles", &Limits::maxRoles},
    {"max_images", &Limits::maxImages},
    {"max_program_length", &Limits::maxProgramLength},
    {"max_register_index", &Limits::maxRegisterIndex},
    {"max_type_size", &Limits::maxTypeSize},
    {"max_type_depth", &Limits::maxTypeDepth},
    {"max_value_size", &Limits::maxValueSize},
    {"max_fuel", &Limits::maxFuel},
    {"max_faults", &Limits::maxFaults},
    {"max_coroutines_total", &Limits::maxCoroutinesTotal},
    {"max_sessions_total", &Limits::maxSessionsTotal},
    {"max_buffered_values", &Limits::maxBufferedValues},
    {"max_trace_events", &Limits::maxTraceEvents},
    {"max_concurrency", &Limits::maxConcurrency},
};

value limitsToJson(const Limits& l) {
  object o;
  for (const auto& f : kLimitFields) o[f.name] = l.*(f.field);
  return o;
}

// --- failures ---

value failureFields(const Failure& f, object o) {
  o["kind"] = failureKindName(f.kind);
  switch (f.kind) {
    case Failure::Kind::SiteCrash: o["site"] = f.site; break;
    case Failure::Kind::Partition:
    case Failure::Kind::Heal: {
      array es;
      for (const auto& e : f.edges) es.push_back(edgeToJson(e));
      o["edges"] = std::move(es);
      break;
    }
    case Failure::Kind::Corrupt:
      o["edge"] = edgeToJson(f.edge);
      o["seq_no"] = f.seqNo;
      break;
    case Failure::Kind::Timeout:
      o["edge"] = edgeToJson(f.edge);
      o["deadline"] = f.deadline;
      break;
  }
  return o;
}

}  // namespace

Limits detail::limitsFromJson(const value& j, const std::string& path) {
  ObjectReader r(j, path);
  Limits l;
  const Limits ceiling = ceilingLimits();
  for (const auto& f : kLimitFields) {
    if (const value* v = r.optional(f.name))
      l.*(f.field) = asU64Capped(*v, r.path(f.name), ceiling.*(f.field), "the hard ceiling");
  }
  r.finish();
  return l;
}

value configToJson(const VMConfig& c) {
  object o;
  o["config_version"] = c.configVersion;
  o["buffer"] = bufferToJson(c.bufferDefault);
  array overrides;
  for (const auto& [edge, buf] : c.bufferOverrides) {
    object e;
    e["edge"] = edgeToJson(edge);
    e["buffer"] = bufferToJson(buf);
    overrides.push_back(std::move(e));
  }
  o["buffer_overrides"] = std::move(overrides);
  o["sched_policy"] = schedToJson(c.schedPolicy);
  o["flow_policy"] = flowToJson(c.flowPolicy);
  o["spatial_ok"] = c.spatialOk;
  o["transport_ok"] = c.transportOk;
  o["max_coroutines"] = c.maxCoroutines;
  o["max_sessions"] = c.maxSessions;
  o["monitor_mode"] = monitorName(c.monitorMode);
  o["guard_chain"] = guardToJson(c.guardChain);
  o["output_condition"] = outputToJson(c.outputCondition);
  o["cost_model"] = costToJson(c.costModel);
  o["speculation_enabled"] = c.speculationEnabled;
  o["max_speculation_depth"] = c.maxSpeculationDepth;
  o["profile"] = profileName(c.profile);
  object repairs;
  for (std::size_t i = 0; i < kRepairCount; ++i) {
    const auto rp = static_cast<Repair>(i);
    repairs[repairId(rp)] = c.repairs.has(rp);
  }
  o["repairs"] = std::move(repairs);
  o["lanes"] = lanesToJson(c.lanes);
  o["limits"] = limitsToJson(c.limits);
  return o;
}

VMConfig configFromJson(const value& j, const std::string& path) {
  ObjectReader r(j, path);
  VMConfig c;
  // Limits first: other fields are checked against them.
  if (const value* v = r.optional("limits")) c.limits = limitsFromJson(*v, r.path("limits"));
  if (const value* v = r.optional("config_version")) c.configVersion = asU64(*v, r.path("config_version"));
  if (const value* v = r.optional("buffer")) c.bufferDefault = bufferFromJson(*v, r.path("buffer"));
  if (const value* v = r.optional("buffer_overrides")) {
    const std::string p = r.path("buffer_overrides");
    const array& a = asArrayCapped(*v, p, c.limits.maxRoles * c.limits.maxRoles * c.limits.maxImages,
                                   "max_roles squared times max_images");
    for (std::size_t i = 0; i < a.size(); ++i) {
      ObjectReader e(a[i], indexPath(p, i));
      Edge edge = edgeFromJson(e.required("edge"), e.path("edge"));
      BufferConfig buf = bufferFromJson(e.required("buffer"), e.path("buffer"));
      e.finish();
      c.bufferOverrides.emplace_back(std::move(edge), buf);
    }
  }
  if (const value* v = r.optional("sched_policy")) c.schedPolicy = schedFromJson(*v, r.path("sched_policy"), c.limits);
  if (const value* v = r.optional("flow_policy")) c.flowPolicy = flowFromJson(*v, r.path("flow_policy"));
  if (const value* v = r.optional("spatial_ok")) c.spatialOk = asBool(*v, r.path("spatial_ok"));
  if (const value* v = r.optional("transport_ok")) c.transportOk = asBool(*v, r.path("transport_ok"));
  if (const value* v = r.optional("max_coroutines")) c.maxCoroutines = asU64(*v, r.path("max_coroutines"));
  if (const value* v = r.optional("max_sessions")) c.maxSessions = asU64(*v, r.path("max_sessions"));
  if (const value* v = r.optional("monitor_mode")) {
    const std::string m = asString(*v, r.path("monitor_mode"));
    if (m == "off") c.monitorMode = MonitorMode::Off;
    else if (m == "session_type_precheck") c.monitorMode = MonitorMode::SessionTypePrecheck;
    else fail(r.path("monitor_mode"), "unknown monitor mode " + jsonQuote(m) + " (off | session_type_precheck)");
  }
  if (const value* v = r.optional("guard_chain")) c.guardChain = guardFromJson(*v, r.path("guard_chain"));
  if (const value* v = r.optional("output_condition")) c.outputCondition = outputFromJson(*v, r.path("output_condition"));
  if (const value* v = r.optional("cost_model")) c.costModel = costFromJson(*v, r.path("cost_model"));
  if (const value* v = r.optional("speculation_enabled")) c.speculationEnabled = asBool(*v, r.path("speculation_enabled"));
  if (const value* v = r.optional("max_speculation_depth"))
    c.maxSpeculationDepth = asU64(*v, r.path("max_speculation_depth"));
  // The profile sets every repair; "repairs" then overrides single ones.
  if (const value* v = r.optional("profile")) {
    const std::string p = asString(*v, r.path("profile"));
    if (p == "operational") c.profile = Profile::Operational;
    else if (p == "lean-literal") c.profile = Profile::LeanLiteral;
    else fail(r.path("profile"), "unknown profile " + jsonQuote(p) + " (operational | lean-literal)");
  }
  c.repairs = c.profile == Profile::Operational ? Repairs::all() : Repairs::none();
  if (const value* v = r.optional("repairs")) {
    const std::string rp = r.path("repairs");
    for (const auto& kv : asObject(*v, rp)) {
      const std::string_view k(kv.key().data(), kv.key().size());
      const std::string kp = fieldPath(rp, k);
      const auto repair = repairFromId(k);
      if (!repair) fail(kp, "unknown repair " + jsonQuote(k));
      c.repairs.set(*repair, asBool(kv.value(), kp));
    }
  }
  if (const value* v = r.optional("lanes")) c.lanes = lanesFromJson(*v, r.path("lanes"), c.limits);
  r.finish();
  return c;
}

// --- failures ----------------------------------------------------------------------------------

value failureToJson(const Failure& f) { return failureFields(f, object{}); }

Failure detail::failureFromReader(ObjectReader& r, const Ctx& ctx) {
  Failure f;
  const std::string kind = asString(r.required("kind"), r.path("kind"));
  f.kind = enumFromNameOrFail<Failure::Kind>(kind, 5, failureKindName, r.path("kind"), "fault kind");
  switch (f.kind) {
    case Failure::Kind::SiteCrash: f.site = asU64(r.required("site"), r.path("site")); break;
    case Failure::Kind::Partition:
    case Failure::Kind::Heal: {
      const std::string p = r.path("edges");
      const array& a = asArrayCapped(r.required("edges"), p, ctx.limits.maxRoles * ctx.limits.maxRoles,
                                     "max_roles squared");
      for (std::size_t i = 0; i < a.size(); ++i) f.edges.push_back(edgeFromJsonCtx(a[i], indexPath(p, i), ctx));
      break;
    }
    case Failure::Kind::Corrupt:
      f.edge = edgeFromJsonCtx(r.required("edge"), r.path("edge"), ctx);
      f.seqNo = asU64(r.required("seq_no"), r.path("seq_no"));
      break;
    case Failure::Kind::Timeout:
      f.edge = edgeFromJsonCtx(r.required("edge"), r.path("edge"), ctx);
      f.deadline = asU64(r.required("deadline"), r.path("deadline"));
      break;
  }
  return f;
}

Failure failureFromJson(const value& j, const std::string& path) {
  const Ctx ctx;
  ObjectReader r(j, path, ctx.strict);
  Failure f = failureFromReader(r, ctx);
  r.finish();
  return f;
}

namespace detail {
// A timed failure is the failure object with a "tick" field (json_scenario.cpp).
value timedFailureToJson(const TimedFailure& t) {
  object o;
  o["tick"] = t.tick;
  return failureFields(t.failure, std::move(o));
}
}  // namespace detail

}  // namespace tt::json
