// Upstream Lean `vm_runner` documents: the input it reads (reference A §11.1) and the output
// line it prints (A §11.3), with Lean's descending key order (F §1.3).
#include "tt/core/upstream_runner.hpp"

#include <map>
#include <string>

#include "json_util.hpp"
#include "tt/core/json.hpp"

namespace tt {

using namespace json::detail;
using boost::json::array;
using boost::json::object;
using boost::json::value;

RunnerInput runnerInputFromJson(const value& j) {
  // Upstream ignores fields it does not know (e.g. the bridge's "schema_version").
  Ctx ctx;
  ctx.strict = false;
  ObjectReader r(j, "", false);
  RunnerInput in;
  const std::string cp = r.path("choreographies");
  const array& chs = asArrayCapped(r.required("choreographies"), cp, ctx.limits.maxImages, "max_images, the hard ceiling");
  in.concurrency = asU64(r.required("concurrency"), r.path("concurrency"));
  in.maxSteps = asU64Capped(r.required("max_steps"), r.path("max_steps"), ctx.limits.maxFuel, "max_fuel, the hard ceiling");
  for (std::size_t i = 0; i < chs.size(); ++i) {
    ObjectReader c(chs[i], indexPath(cp, i), false);
    RunnerInput::Choreography ch;
    ch.globalType = globalTypeFromJsonCtx(c.required("global_type"), c.path("global_type"), ctx);
    const std::string rp = c.path("roles");
    ch.roles = asStringList(asArrayCapped(c.required("roles"), rp, ctx.limits.maxRoles, "max_roles, the hard ceiling"), rp);
    in.choreographies.push_back(std::move(ch));
  }
  return in;
}

value runnerInputToJson(const RunnerInput& in) {
  array chs;
  for (const auto& ch : in.choreographies) {
    object c;
    c["global_type"] = json::globalTypeToJson(*ch.globalType);
    array roles;
    for (const auto& r : ch.roles) roles.push_back(value(r));
    c["roles"] = std::move(roles);
    chs.push_back(std::move(c));
  }
  object o;
  o["choreographies"] = std::move(chs);
  o["concurrency"] = in.concurrency;
  o["max_steps"] = in.maxSteps;
  return o;
}

value runnerEventToJson(const TickedObsEvent& te) {
  using K = ObsEvent::Kind;
  const ObsEvent& e = te.event;
  object o;
  o["kind"] = obsEventKindName(e.kind);
  o["tick"] = te.tick;
  const auto edgeFields = [&o](const Edge& edge) {
    o["session"] = edge.sid;
    o["sender"] = edge.sender;
    o["receiver"] = edge.receiver;
  };
  const auto endpointFields = [&o](const Endpoint& ep) {
    o["session"] = ep.sid;
    o["role"] = ep.role;
  };
  switch (e.kind) {
    case K::Sent:
    case K::Received:
      edgeFields(e.edge);
      o["value"] = json::valueToJson(e.value);
      break;
    case K::Offered:
    case K::Chose:
      edgeFields(e.edge);
      o["label"] = e.label;
      break;
    case K::Opened: {
      o["session"] = e.sid;
      array roles;
      for (const auto& r : e.roles) roles.push_back(value(r));
      o["roles"] = std::move(roles);
      break;
    }
    case K::Closed:
    case K::Joined:
    case K::Aborted: o["session"] = e.sid; break;
    case K::EpochAdvanced:
      o["session"] = e.sid;
      o["epoch"] = e.epoch;
      break;
    case K::Transferred:
      endpointFields(e.endpoint);
      o["from"] = e.fromCoro;
      o["to"] = e.toCoro;
      break;
    case K::Forked:
      o["session"] = e.sid;
      o["ghost"] = e.ghostSid;
      break;
    case K::Acquired:
    case K::Released:
      endpointFields(e.endpoint);
      o["layer"] = e.layer;
      break;
    case K::Invoked: endpointFields(e.endpoint); break;
    case K::Tagged: break;  // the fact is not serialized
    case K::Checked: o["permitted"] = e.permitted; break;  // the target is not serialized
  }
  return o;
}

value runnerOutputToJson(const RunnerOutput& out) {
  object o;
  o["concurrency"] = out.concurrency;
  array sessions;
  for (const auto& s : out.sessions) {
    object x;
    x["sid"] = s.sid;
    x["terminal"] = s.terminal;
    sessions.push_back(std::move(x));
  }
  o["sessions"] = std::move(sessions);
  o["status"] = out.completed ? "completed" : "stuck";
  array steps;
  for (const auto& st : out.stepStates) {
    object x;
    if (st.event) x["event"] = runnerEventToJson(*st.event); else x["event"] = nullptr;
    x["exec_status"] = execStatusName(st.execStatus);
    x["selected_coro"] = st.selectedCoro;
    object counts;
    for (const auto& [sid, n] : st.sessionTypeCounts) counts[std::to_string(sid)] = n;
    x["session_type_counts"] = std::move(counts);
    x["step_index"] = st.stepIndex;
    steps.push_back(std::move(x));
  }
  o["step_states"] = std::move(steps);
  o["steps_executed"] = out.stepsExecuted;
  array trace;
  for (const auto& e : out.trace) trace.push_back(runnerEventToJson(e));
  o["trace"] = std::move(trace);
  return o;
}

std::string printRunnerJson(const value& v) { return printSorted(v, true); }

Trace normalizeVmTrace(const Trace& t) {
  std::map<SessionId, std::uint64_t> next;
  Trace out;
  out.reserve(t.size());
  for (const auto& e : t) {
    TickedObsEvent n = e;
    if (const auto sid = obsSid(e.event)) n.tick = next[*sid]++;
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace tt
