// What a run produces: faults, block reasons, coroutine status, the full-field trace (F D12),
// the canonical snapshot (F D13) and the run result.
#include <string>

#include "json_util.hpp"
#include "tt/core/json.hpp"

namespace tt::json {

using namespace detail;

namespace {

constexpr std::size_t kBlockKinds = 7;

const char* statusName(CoroStatus::Kind k) {
  using K = CoroStatus::Kind;
  switch (k) {
    case K::Ready: return "ready";
    case K::Blocked: return "blocked";
    case K::Done: return "done";
    case K::Faulted: return "faulted";
    case K::Speculating: return "speculating";
  }
  return "?";
}
constexpr std::size_t kStatusKinds = 5;
constexpr std::size_t kFaultKinds = 13;
constexpr std::size_t kEventKinds = 16;

const char* tagName(FailureTraceEvent::Tag t) {
  using T = FailureTraceEvent::Tag;
  switch (t) {
    case T::Topology: return "topology";
    case T::Failure: return "failure";
    case T::Recovery: return "recovery";
    case T::Reconciliation: return "reconciliation";
  }
  return "?";
}
const char* certaintyName(StructuredErrorEvent::Certainty c) {
  using C = StructuredErrorEvent::Certainty;
  switch (c) {
    case C::Certain: return "certain";
    case C::BoundedDiff: return "boundedDiff";
    case C::Unknown: return "unknown";
  }
  return "?";
}
const char* actionName(StructuredErrorEvent::Action a) {
  using A = StructuredErrorEvent::Action;
  switch (a) {
    case A::Continue: return "continue";
    case A::RetryAfter: return "retryAfter";
    case A::CloseSession: return "closeSession";
    case A::QuarantineEdge: return "quarantineEdge";
    case A::ReconcileThenRetry: return "reconcileThenRetry";
    case A::Abort: return "abort";
  }
  return "?";
}

std::string kindOf(ObjectReader& r) { return asString(r.required("kind"), r.path("kind")); }

ValType valTypeAt(ObjectReader& r, std::string_view key, const Ctx& ctx) {
  TypeBudget b(ctx);
  return valTypeFromJsonCtx(r.required(key), r.path(key), b);
}
Value valueAt(ObjectReader& r, std::string_view key, const Ctx& ctx) {
  ValueBudget b(ctx);
  return valueFromJsonCtx(r.required(key), r.path(key), b, ctx);
}
Edge edgeAt(ObjectReader& r, std::string_view key, const Ctx& ctx) {
  return edgeFromJsonCtx(r.required(key), r.path(key), ctx);
}
Endpoint endpointAt(ObjectReader& r, std::string_view key, const Ctx& ctx) {
  return endpointFromJsonCtx(r.required(key), r.path(key), ctx);
}
std::uint64_t u64At(ObjectReader& r, std::string_view key) { return asU64(r.required(key), r.path(key)); }
std::string strAt(ObjectReader& r, std::string_view key) { return asString(r.required(key), r.path(key)); }

template <class T, class F>
value listToJson(const std::vector<T>& xs, F f) {
  array a;
  a.reserve(xs.size());
  for (const auto& x : xs) a.push_back(f(x));
  return a;
}
template <class T, class F>
std::vector<T> listFromJson(const value& j, const std::string& path, F f) {
  const array& a = asArray(j, path);
  std::vector<T> out;
  out.reserve(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) out.push_back(f(a[i], indexPath(path, i)));
  return out;
}

}  // namespace

// --- faults ---------------------------------------------------------------------------------------

value faultToJson(const Fault& f) {
  using K = Fault::Kind;
  object o;
  o["kind"] = faultKindName(f.kind);
  switch (f.kind) {
    case K::TypeViolation:
      o["expected"] = valTypeToJson(f.expected);
      o["actual"] = valTypeToJson(f.actual);
      break;
    case K::UnknownLabel: o["label"] = f.label; break;
    case K::ChannelClosed: o["endpoint"] = endpointToJson(f.endpoint); break;
    case K::InvalidSignature:
    case K::NoProgressToken: o["edge"] = edgeToJson(f.edge); break;
    case K::AcquireFault:
      o["layer"] = f.label;
      o["msg"] = f.msg;
      break;
    case K::InvokeFault:
    case K::TransferFault:
    case K::CloseFault:
    case K::SpecFault:
    case K::FlowViolation: o["msg"] = f.msg; break;
    case K::OutOfCredits:
    case K::OutOfRegisters: break;
  }
  return o;
}

Fault faultFromJson(const value& j, const std::string& path) {
  using K = Fault::Kind;
  const Ctx ctx;
  ObjectReader r(j, path, ctx.strict);
  Fault f;
  f.kind = enumFromNameOrFail<K>(kindOf(r), kFaultKinds, faultKindName, r.path("kind"), "fault");
  switch (f.kind) {
    case K::TypeViolation:
      f.expected = valTypeAt(r, "expected", ctx);
      f.actual = valTypeAt(r, "actual", ctx);
      break;
    case K::UnknownLabel: f.label = strAt(r, "label"); break;
    case K::ChannelClosed: f.endpoint = endpointAt(r, "endpoint", ctx); break;
    case K::InvalidSignature:
    case K::NoProgressToken: f.edge = edgeAt(r, "edge", ctx); break;
    case K::AcquireFault:
      f.label = strAt(r, "layer");
      f.msg = strAt(r, "msg");
      break;
    case K::InvokeFault:
    case K::TransferFault:
    case K::CloseFault:
    case K::SpecFault:
    case K::FlowViolation: f.msg = strAt(r, "msg"); break;
    case K::OutOfCredits:
    case K::OutOfRegisters: break;
  }
  r.finish();
  return f;
}

// --- block reasons and status -----------------------------------------------------------------------

value blockReasonToJson(const BlockReason& b) {
  using K = BlockReason::Kind;
  object o;
  o["kind"] = blockReasonName(b.kind);
  switch (b.kind) {
    case K::RecvWait: {
      o["edge"] = edgeToJson(b.edge);
      object t;
      t["sid"] = b.token.sid;
      t["endpoint"] = endpointToJson(b.token.endpoint);
      o["token"] = std::move(t);
      break;
    }
    case K::SendWait: o["edge"] = edgeToJson(b.edge); break;
    case K::AcquireDenied: o["layer"] = b.layer; break;
    case K::InvokeWait: o["handler"] = b.handler; break;
    case K::ConsensusWait: o["tag"] = b.tag; break;
    case K::SpawnWait: break;
    case K::CloseWait: o["sid"] = b.sid; break;
  }
  return o;
}

BlockReason blockReasonFromJson(const value& j, const std::string& path) {
  using K = BlockReason::Kind;
  const Ctx ctx;
  ObjectReader r(j, path, ctx.strict);
  BlockReason b;
  b.kind = enumFromNameOrFail<K>(kindOf(r), kBlockKinds, blockReasonName, r.path("kind"), "block reason");
  switch (b.kind) {
    case K::RecvWait: {
      b.edge = edgeAt(r, "edge", ctx);
      ObjectReader t(r.required("token"), r.path("token"), ctx.strict);
      b.token.sid = u64At(t, "sid");
      b.token.endpoint = endpointAt(t, "endpoint", ctx);
      t.finish();
      break;
    }
    case K::SendWait: b.edge = edgeAt(r, "edge", ctx); break;
    case K::AcquireDenied: b.layer = strAt(r, "layer"); break;
    case K::InvokeWait: b.handler = u64At(r, "handler"); break;
    case K::ConsensusWait: b.tag = u64At(r, "tag"); break;
    case K::SpawnWait: break;
    case K::CloseWait: b.sid = u64At(r, "sid"); break;
  }
  r.finish();
  return b;
}

value coroStatusToJson(const CoroStatus& s) {
  object o;
  o["kind"] = statusName(s.kind);
  if (s.kind == CoroStatus::Kind::Blocked) o["reason"] = blockReasonToJson(s.reason);
  if (s.kind == CoroStatus::Kind::Faulted) o["fault"] = faultToJson(s.fault);
  return o;
}

CoroStatus coroStatusFromJson(const value& j, const std::string& path) {
  ObjectReader r(j, path);
  CoroStatus s;
  s.kind = enumFromNameOrFail<CoroStatus::Kind>(kindOf(r), kStatusKinds, statusName, r.path("kind"),
                                                "coroutine status");
  if (s.kind == CoroStatus::Kind::Blocked) s.reason = blockReasonFromJson(r.required("reason"), r.path("reason"));
  if (s.kind == CoroStatus::Kind::Faulted) s.fault = faultFromJson(r.required("fault"), r.path("fault"));
  r.finish();
  return s;
}

// --- events and traces ----------------------------------------------------------------------------

value obsEventToJson(const ObsEvent& e) {
  using K = ObsEvent::Kind;
  object o;
  o["kind"] = obsEventKindName(e.kind);
  switch (e.kind) {
    case K::Sent:
    case K::Received:
      o["edge"] = edgeToJson(e.edge);
      o["value"] = valueToJson(e.value);
      o["seq_no"] = e.seqNo;
      break;
    case K::Offered:
    case K::Chose:
      o["edge"] = edgeToJson(e.edge);
      o["label"] = e.label;
      break;
    case K::Acquired:
    case K::Released:
      o["layer"] = e.layer;
      o["endpoint"] = endpointToJson(e.endpoint);
      break;
    case K::Invoked: o["endpoint"] = endpointToJson(e.endpoint); break;
    case K::Opened: {
      o["sid"] = e.sid;
      array roles;
      for (const auto& r : e.roles) roles.push_back(value(r));
      o["roles"] = std::move(roles);
      break;
    }
    case K::Closed:
    case K::Joined:
    case K::Aborted: o["sid"] = e.sid; break;
    case K::EpochAdvanced:
      o["sid"] = e.sid;
      o["epoch"] = e.epoch;
      break;
    case K::Transferred:
      o["endpoint"] = endpointToJson(e.endpoint);
      o["from_coro"] = e.fromCoro;
      o["to_coro"] = e.toCoro;
      break;
    case K::Forked:
      o["sid"] = e.sid;
      o["ghost_sid"] = e.ghostSid;
      break;
    case K::Tagged: {
      object f;
      f["endpoint"] = endpointToJson(e.fact.endpoint);
      f["payload"] = e.fact.payload;
      o["fact"] = std::move(f);
      break;
    }
    case K::Checked:
      o["target"] = e.target;
      o["permitted"] = e.permitted;
      break;
  }
  return o;
}

ObsEvent obsEventFromJson(const value& j, const std::string& path) {
  using K = ObsEvent::Kind;
  const Ctx ctx;
  ObjectReader r(j, path, ctx.strict);
  ObsEvent e;
  e.kind = enumFromNameOrFail<K>(kindOf(r), kEventKinds, obsEventKindName, r.path("kind"), "event kind");
  switch (e.kind) {
    case K::Sent:
    case K::Received:
      e.edge = edgeAt(r, "edge", ctx);
      e.value = valueAt(r, "value", ctx);
      e.seqNo = u64At(r, "seq_no");
      break;
    case K::Offered:
    case K::Chose:
      e.edge = edgeAt(r, "edge", ctx);
      e.label = strAt(r, "label");
      break;
    case K::Acquired:
    case K::Released:
      e.layer = strAt(r, "layer");
      e.endpoint = endpointAt(r, "endpoint", ctx);
      break;
    case K::Invoked: e.endpoint = endpointAt(r, "endpoint", ctx); break;
    case K::Opened:
      e.sid = u64At(r, "sid");
      e.roles = asStringList(r.required("roles"), r.path("roles"));
      break;
    case K::Closed:
    case K::Joined:
    case K::Aborted: e.sid = u64At(r, "sid"); break;
    case K::EpochAdvanced:
      e.sid = u64At(r, "sid");
      e.epoch = u64At(r, "epoch");
      break;
    case K::Transferred:
      e.endpoint = endpointAt(r, "endpoint", ctx);
      e.fromCoro = u64At(r, "from_coro");
      e.toCoro = u64At(r, "to_coro");
      break;
    case K::Forked:
      e.sid = u64At(r, "sid");
      e.ghostSid = u64At(r, "ghost_sid");
      break;
    case K::Tagged: {
      ObjectReader f(r.required("fact"), r.path("fact"), ctx.strict);
      e.fact.endpoint = endpointAt(f, "endpoint", ctx);
      e.fact.payload = strAt(f, "payload");
      f.finish();
      break;
    }
    case K::Checked:
      e.target = strAt(r, "target");
      e.permitted = asBool(r.required("permitted"), r.path("permitted"));
      break;
  }
  r.finish();
  return e;
}

value tickedEventToJson(const TickedObsEvent& e) {
  object o;
  o["tick"] = e.tick;
  o["event"] = obsEventToJson(e.event);
  if (e.coro) o["coro"] = *e.coro; else o["coro"] = nullptr;
  return o;
}

TickedObsEvent tickedEventFromJson(const value& j, const std::string& path) {
  ObjectReader r(j, path);
  TickedObsEvent e;
  e.tick = u64At(r, "tick");
  e.event = obsEventFromJson(r.required("event"), r.path("event"));
  if (const value* c = r.optional("coro"); c && !c->is_null()) e.coro = asU64(*c, r.path("coro"));
  r.finish();
  return e;
}

value traceToJson(const Trace& t) { return listToJson(t, tickedEventToJson); }

Trace traceFromJson(const value& j, const std::string& path) {
  return listFromJson<TickedObsEvent>(j, path, tickedEventFromJson);
}

// --- snapshot ------------------------------------------------------------------------------------

value snapshotToJson(const Snapshot& s) {
  object o;
  o["coroutines"] = listToJson(s.coroutines, [](const Snapshot::Coroutine& c) {
    object x;
    x["id"] = c.id;
    x["status"] = coroStatusToJson(c.status);
    x["pc"] = c.pc;
    return value(std::move(x));
  });
  o["sessions"] = listToJson(s.sessions, [](const Snapshot::Session& ss) {
    object x;
    x["sid"] = ss.sid;
    x["phase"] = sessionPhaseName(ss.phase);
    x["epoch"] = ss.epoch;
    return value(std::move(x));
  });
  o["buffers"] = listToJson(s.buffers, [](const Snapshot::Buffer& b) {
    object x;
    x["edge"] = edgeToJson(b.edge);
    x["values"] = listToJson(b.values, valueToJson);
    return value(std::move(x));
  });
  o["crashed_sites"] = listToJson(s.crashedSites, [](SiteId id) { return value(id); });
  o["partitioned_edges"] = listToJson(s.partitionedEdges, edgeToJson);
  o["output_condition_checks"] = listToJson(s.outputConditionChecks, [](const OutputConditionCheck& c) {
    object claim;
    claim["predicate_ref"] = c.claim.predicateRef;
    if (c.claim.witnessRef) claim["witness_ref"] = *c.claim.witnessRef; else claim["witness_ref"] = nullptr;
    claim["output_digest"] = c.claim.outputDigest;
    object x;
    x["claim"] = std::move(claim);
    x["passed"] = c.passed;
    return value(std::move(x));
  });
  o["failure_trace"] = listToJson(s.failureTrace, [](const FailureTraceEvent& f) {
    object x;
    x["tick"] = f.tick;
    x["seq_no"] = f.seqNo;
    x["tag"] = tagName(f.tag);
    x["detail"] = f.detail;
    return value(std::move(x));
  });
  o["structured_error_events"] = listToJson(s.structuredErrorEvents, [](const StructuredErrorEvent& e) {
    object x;
    x["tick"] = e.tick;
    x["seq_no"] = e.seqNo;
    x["fault_class"] = e.faultClass;
    x["certainty"] = certaintyName(e.certainty);
    x["action"] = actionName(e.action);
    x["evidence_id"] = e.evidenceId;
    x["detail"] = e.detail;
    x["retry_after"] = e.retryAfter;
    return value(std::move(x));
  });
  return o;
}

Snapshot snapshotFromJson(const value& j, const std::string& path) {
  const Ctx ctx;
  ObjectReader r(j, path);
  Snapshot s;
  s.coroutines = listFromJson<Snapshot::Coroutine>(r.required("coroutines"), r.path("coroutines"),
      [](const value& v, const std::string& p) {
        ObjectReader x(v, p);
        Snapshot::Coroutine c;
        c.id = u64At(x, "id");
        c.status = coroStatusFromJson(x.required("status"), x.path("status"));
        c.pc = u64At(x, "pc");
        x.finish();
        return c;
      });
  s.sessions = listFromJson<Snapshot::Session>(r.required("sessions"), r.path("sessions"),
      [](const value& v, const std::string& p) {
        ObjectReader x(v, p);
        Snapshot::Session ss;
        ss.sid = u64At(x, "sid");
        ss.phase = enumFromNameOrFail<SessionPhase>(strAt(x, "phase"), 4, sessionPhaseName, x.path("phase"),
                                                    "session phase");
        ss.epoch = u64At(x, "epoch");
        x.finish();
        return ss;
      });
  s.buffers = listFromJson<Snapshot::Buffer>(r.required("buffers"), r.path("buffers"),
      [&ctx](const value& v, const std::string& p) {
        ObjectReader x(v, p);
        Snapshot::Buffer b;
        b.edge = edgeAt(x, "edge", ctx);
        b.values = listFromJson<Value>(x.required("values"), x.path("values"),
                                       [&ctx](const value& vv, const std::string& pp) {
                                         ValueBudget budget(ctx);
                                         return valueFromJsonCtx(vv, pp, budget, ctx);
                                       });
        x.finish();
        return b;
      });
  s.crashedSites = listFromJson<SiteId>(r.required("crashed_sites"), r.path("crashed_sites"), asU64);
  s.partitionedEdges = listFromJson<Edge>(r.required("partitioned_edges"), r.path("partitioned_edges"), edgeFromJson);
  s.outputConditionChecks = listFromJson<OutputConditionCheck>(
      r.required("output_condition_checks"), r.path("output_condition_checks"),
      [](const value& v, const std::string& p) {
        ObjectReader x(v, p);
        OutputConditionCheck c;
        ObjectReader cl(x.required("claim"), x.path("claim"));
        c.claim.predicateRef = strAt(cl, "predicate_ref");
        if (const value* w = cl.optional("witness_ref"); w && !w->is_null())
          c.claim.witnessRef = asString(*w, cl.path("witness_ref"));
        c.claim.outputDigest = strAt(cl, "output_digest");
        cl.finish();
        c.passed = asBool(x.required("passed"), x.path("passed"));
        x.finish();
        return c;
      });
  s.failureTrace = listFromJson<FailureTraceEvent>(r.required("failure_trace"), r.path("failure_trace"),
      [](const value& v, const std::string& p) {
        ObjectReader x(v, p);
        FailureTraceEvent f;
        f.tick = u64At(x, "tick");
        f.seqNo = u64At(x, "seq_no");
        f.tag = enumFromNameOrFail<FailureTraceEvent::Tag>(strAt(x, "tag"), 4, tagName, x.path("tag"),
                                                           "failure trace tag");
        f.detail = strAt(x, "detail");
        x.finish();
        return f;
      });
  s.structuredErrorEvents = listFromJson<StructuredErrorEvent>(
      r.required("structured_error_events"), r.path("structured_error_events"),
      [](const value& v, const std::string& p) {
        ObjectReader x(v, p);
        StructuredErrorEvent e;
        e.tick = u64At(x, "tick");
        e.seqNo = u64At(x, "seq_no");
        e.faultClass = strAt(x, "fault_class");
        e.certainty = enumFromNameOrFail<StructuredErrorEvent::Certainty>(strAt(x, "certainty"), 3,
                                                                          certaintyName, x.path("certainty"),
                                                                          "certainty");
        e.action = enumFromNameOrFail<StructuredErrorEvent::Action>(strAt(x, "action"), 6, actionName,
                                                                    x.path("action"), "recovery action");
        e.evidenceId = strAt(x, "evidence_id");
        e.detail = strAt(x, "detail");
        e.retryAfter = u64At(x, "retry_after");
        x.finish();
        return e;
      });
  r.finish();
  return s;
}

// --- run result -----------------------------------------------------------------------------------

value runResultToJson(const RunResult& r) {
  object o;
  o["outcome"] = runOutcomeName(r.outcome);
  o["detail"] = r.detail;
  o["trace"] = traceToJson(r.trace);
  o["snapshot"] = snapshotToJson(r.snapshot);
  o["steps_executed"] = r.stepsExecuted;
  o["rounds"] = r.rounds;
  return o;
}

RunResult runResultFromJson(const value& j, const std::string& path) {
  ObjectReader r(j, path);
  RunResult out;
  out.outcome = enumFromNameOrFail<RunOutcome>(strAt(r, "outcome"), 5, runOutcomeName, r.path("outcome"),
                                               "run outcome");
  if (const value* d = r.optional("detail")) out.detail = asString(*d, r.path("detail"));
  out.trace = traceFromJson(r.required("trace"), r.path("trace"));
  out.snapshot = snapshotFromJson(r.required("snapshot"), r.path("snapshot"));
  out.stepsExecuted = u64At(r, "steps_executed");
  out.rounds = u64At(r, "rounds");
  r.finish();
  return out;
}

}  // namespace tt::json
