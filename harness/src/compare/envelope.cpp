#include "tt/harness/envelope.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include <boost/json.hpp>

#include "tt/core/json.hpp"
#include "tt/harness/fingerprint.hpp"
#include "tt/harness/sha256.hpp"

namespace tt::harness {
namespace bj = boost::json;

const char* schedulerClassName(SchedulerClass c) {
  switch (c) {
    case SchedulerClass::Exact: return "Exact";
    case SchedulerClass::SessionNormalizedPermutation: return "SessionNormalizedPermutation";
    case SchedulerClass::EnvelopeBounded: return "EnvelopeBounded";
  }
  return "?";
}

const char* effectClassName(EffectClass c) {
  switch (c) {
    case EffectClass::Exact: return "Exact";
    case EffectClass::ReplayDeterministic: return "ReplayDeterministic";
    case EffectClass::EnvelopeBounded: return "EnvelopeBounded";
  }
  return "?";
}

const char* failureClassName(FailureClass c) {
  return c == FailureClass::Exact ? "Exact" : "EnvelopeBounded";
}

const char* tierName(Tier t) {
  switch (t) {
    case Tier::StrictDeterministic: return "strict_deterministic";
    case Tier::ReplayDeterministic: return "replay_deterministic";
    case Tier::EnvelopeBoundedNondeterministic: return "envelope_bounded_nondeterministic";
  }
  return "?";
}

bool tierFromName(std::string_view s, Tier& out) {
  for (Tier t : {Tier::StrictDeterministic, Tier::ReplayDeterministic,
                 Tier::EnvelopeBoundedNondeterministic}) {
    if (s == tierName(t)) {
      out = t;
      return true;
    }
  }
  return false;
}

std::uint64_t declaredWaveWidthBound(const VMConfig& config, std::uint64_t n) {
  if (config.lanes.mode == LaneMode::Single) return 1;
  return std::max<std::uint64_t>(1, std::min(n, config.lanes.count));
}

Tier defaultTier(std::uint64_t n, bool scheduleSensitive) {
  if (n <= 1) return Tier::StrictDeterministic;
  return scheduleSensitive ? Tier::EnvelopeBoundedNondeterministic : Tier::ReplayDeterministic;
}

bool scheduleSensitive(const Scenario& s) {
  const VMConfig& c = s.config;
  auto pressured = [](const BufferConfig& b) {
    return b.mode == BufferMode::LatestValue || b.policy.kind == BackpressureKind::Drop ||
           b.policy.kind == BackpressureKind::Error;
  };
  bool buffers = pressured(c.bufferDefault);
  for (const auto& [edge, b] : c.bufferOverrides) buffers = buffers || pressured(b);
  return !s.faults.empty() || buffers || c.speculationEnabled ||
         c.costModel.defaultBudget != std::numeric_limits<std::uint64_t>::max();
}

bool senderRanAhead(const RunResult& r) {
  using K = ObsEvent::Kind;
  std::map<Edge, std::int64_t> inFlight;
  for (const TickedObsEvent& e : r.trace) {
    const ObsEvent& ev = e.event;
    if (ev.kind == K::Sent || ev.kind == K::Offered) {
      if (++inFlight[ev.edge] >= 2) return true;
    } else if (ev.kind == K::Received || ev.kind == K::Chose) {
      --inFlight[ev.edge];
    }
  }
  return false;
}

std::vector<EffectEntry> effectLog(const Trace& t) {
  using K = ObsEvent::Kind;
  std::vector<EffectEntry> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char* kind = nullptr;
    switch (t[i].event.kind) {
      case K::Sent: kind = "send_decision"; break;
      case K::Received: kind = "handle_recv"; break;
      case K::Invoked: kind = "invoke_step"; break;
      case K::Acquired: kind = "handle_acquire"; break;
      case K::Released: kind = "handle_release"; break;
      default: break;
    }
    if (kind != nullptr) out.push_back({kind, i});
  }
  return out;
}

namespace {

bool cutByFuel(const RunResult& r) { return r.outcome == RunOutcome::FuelExhausted; }

Trace effectTrace(const Trace& t) {
  Trace out;
  for (const EffectEntry& e : effectLog(t)) out.push_back(t[e.traceIndex]);
  return out;
}

// Effect ordering: Exact when the effect logs are equal with ticks; ReplayDeterministic
// when they agree per session (a per-session tape replays them); else EnvelopeBounded.
EffectClass classifyEffects(const RunResult& a, const RunResult& b, std::optional<Difference>& why) {
  RunResult ea, eb;  // traces reduced to effects, same outcome for the fuel rule
  ea.outcome = a.outcome;
  eb.outcome = b.outcome;
  ea.trace = effectTrace(a.trace);
  eb.trace = effectTrace(b.trace);
  if (ea.trace == eb.trace) return EffectClass::Exact;
  why = compareTracesExactly(ea.trace, eb.trace);
  if (why) why->detail = "effect log: " + why->detail;
  if (!compareSessionProjections(ea, eb)) return EffectClass::ReplayDeterministic;
  why = compareSessionProjections(ea, eb);
  why->detail = "effect log: " + why->detail;
  return EffectClass::EnvelopeBounded;
}

}  // namespace

EnvelopeDiff diffRuns(std::string baselineEngine, std::string candidateEngine,
                      const RunResult& a, const RunResult& b, WaveWidthBound width, Tier tier) {
  EnvelopeDiff d;
  d.baselineEngine = std::move(baselineEngine);
  d.candidateEngine = std::move(candidateEngine);
  d.width = width;
  d.tier = tier;

  const std::optional<Difference> exactTrace = compareTracesExactly(a.trace, b.trace);
  const bool fuelCut = cutByFuel(a) || cutByFuel(b);
  const std::optional<Difference> state =
      fuelCut ? std::nullopt : compareSessionState(a.snapshot, b.snapshot);
  std::optional<Difference> exactState;
  for (const Difference& x : compareSnapshots(a.snapshot, b.snapshot)) {
    if (x.part == part::kSnapshotSessions || x.part == part::kSnapshotBuffers ||
        x.part == part::kSnapshotOutputCondition) {
      exactState = x;
      break;
    }
  }
  if (!exactTrace && !exactState) {
    d.scheduler = SchedulerClass::Exact;
  } else if (auto p = compareSessionProjections(a, b); !p && !state) {
    d.scheduler = SchedulerClass::SessionNormalizedPermutation;
    d.schedulerDifference = exactTrace ? exactTrace : exactState;
  } else {
    d.scheduler = SchedulerClass::EnvelopeBounded;
    d.schedulerDifference = p ? p : state;
  }

  d.effects = classifyEffects(a, b, d.effectDifference);

  for (const Difference& x : compareSnapshots(a.snapshot, b.snapshot, false)) {
    if (x.part == part::kSnapshotTopology || x.part == part::kSnapshotFailureLog) {
      d.failures = FailureClass::EnvelopeBounded;
      d.failureDifference = x;
      break;
    }
  }
  d.terminalDifference = compareTerminalOutcomes(a, b);
  d.terminalOutcomesEqual = !d.terminalDifference;
  return d;
}

std::vector<Difference> judgeEnvelope(const EnvelopeDiff& d) {
  std::vector<Difference> out;
  auto add = [&](const char* p, const std::optional<Difference>& why, const std::string& fallback) {
    Difference x = why.value_or(Difference{});
    x.part = p;
    if (x.detail.empty()) x.detail = fallback;
    out.push_back(std::move(x));
  };
  if (d.scheduler == SchedulerClass::SessionNormalizedPermutation) {
    add(part::kSchedulerSessionNormalized, d.schedulerDifference, "traces differ");
  } else if (d.scheduler == SchedulerClass::EnvelopeBounded) {
    add(part::kSchedulerBounded, d.schedulerDifference, "per-session projections differ");
  }
  if (d.effects == EffectClass::ReplayDeterministic) {
    add(part::kEffectsReplayDeterministic, d.effectDifference, "effect logs differ in order");
  } else if (d.effects == EffectClass::EnvelopeBounded) {
    add(part::kEffectsBounded, d.effectDifference, "effect logs differ per session");
  }
  if (d.failures == FailureClass::EnvelopeBounded) {
    add(part::kFailuresBounded, d.failureDifference, "failure-visible state differs");
  }
  if (!d.terminalOutcomesEqual) {
    add(part::kTerminalOutcomes, d.terminalDifference, "terminal outcomes differ");
  }
  if (!d.width.candidateReported) {
    out.push_back({part::kWidthBoundExceeded,
                   "the candidate did not report its wave width, so the bound " +
                       std::to_string(d.width.declaredUpperBound) + " cannot be checked",
                   {}, {}});
  } else if (d.width.candidateMaxWaveWidth > d.width.declaredUpperBound ||
             d.width.baselineMaxWaveWidth > d.width.declaredUpperBound) {
    out.push_back({part::kWidthBoundExceeded,
                   "max wave width: baseline " + std::to_string(d.width.baselineMaxWaveWidth) +
                       ", candidate " + std::to_string(d.width.candidateMaxWaveWidth) +
                       ", bound from config " + std::to_string(d.width.declaredUpperBound),
                   {}, {}});
  }
  // Tier consistency: what each declared tier allows.
  std::vector<std::string> over;
  switch (d.tier) {
    case Tier::StrictDeterministic:
      if (d.scheduler != SchedulerClass::Exact) over.push_back(std::string("scheduler ") + schedulerClassName(d.scheduler));
      if (d.effects != EffectClass::Exact) over.push_back(std::string("effects ") + effectClassName(d.effects));
      if (d.failures != FailureClass::Exact) over.push_back("failures EnvelopeBounded");
      if (!d.terminalOutcomesEqual) over.push_back("terminal outcomes differ");
      break;
    case Tier::ReplayDeterministic:
      if (d.scheduler == SchedulerClass::EnvelopeBounded) over.push_back("scheduler EnvelopeBounded");
      if (d.effects == EffectClass::EnvelopeBounded) over.push_back("effects EnvelopeBounded");
      if (d.failures != FailureClass::Exact) over.push_back("failures EnvelopeBounded");
      if (!d.terminalOutcomesEqual) over.push_back("terminal outcomes differ");
      break;
    case Tier::EnvelopeBoundedNondeterministic:
      break;
  }
  if (!over.empty()) {
    std::string list;
    for (const std::string& s : over) list += (list.empty() ? "" : ", ") + s;
    out.push_back({part::kTierInconsistent,
                   std::string("declared tier ") + tierName(d.tier) + " does not allow: " + list,
                   {}, {}});
  }
  return out;
}

bj::value replayFragment(const RunResult& r, Tier tier) {
  std::map<SessionId, std::uint64_t> local;
  bj::array obs;
  for (const TickedObsEvent& e : r.trace) {
    TickedObsEvent n = e;
    if (auto sid = obsSid(e.event)) n.tick = local[*sid]++;
    obs.push_back(json::tickedEventToJson(n));
  }
  bj::array effects;
  for (const EffectEntry& x : effectLog(r.trace)) {
    const TickedObsEvent& e = r.trace[x.traceIndex];
    bj::object o;
    o["effect_kind"] = x.kind;
    o["ordering_key"] = e.tick;
    o["session"] = *obsSid(e.event);
    o["event"] = json::obsEventToJson(e.event);
    effects.push_back(std::move(o));
  }
  return bj::object{{"schema_version", 1},
                    {"obs_trace", std::move(obs)},
                    {"effect_trace", std::move(effects)},
                    {"snapshot", json::snapshotToJson(r.snapshot)},
                    {"outcome", runOutcomeName(r.outcome)},
                    {"effect_determinism_tier", tierName(tier)}};
}

bj::value envelopeDiffToJson(const EnvelopeDiff& d) {
  return bj::object{
      {"schema_version", 1},
      {"baseline_engine", d.baselineEngine},
      {"candidate_engine", d.candidateEngine},
      {"scheduler_permutation_class", schedulerClassName(d.scheduler)},
      {"wave_width_bound",
       bj::object{{"baseline_max_wave_width", d.width.baselineMaxWaveWidth},
                  {"candidate_max_wave_width",
                   d.width.candidateReported ? bj::value(d.width.candidateMaxWaveWidth) : bj::value(nullptr)},
                  {"declared_upper_bound", d.width.declaredUpperBound}}},
      {"effect_ordering_class", effectClassName(d.effects)},
      {"failure_visible_diff_class", failureClassName(d.failures)},
      {"effect_determinism_tier", tierName(d.tier)},
      {"terminal_outcome_class", d.terminalOutcomesEqual ? "Exact" : "EnvelopeBounded"}};
}

std::string canonicalHash(const bj::value& v) { return sha256Hex(json::canonical(v)); }

EnvelopeArtifact makeArtifact(EnvelopeDiff d, const RunResult& a, const RunResult& b) {
  EnvelopeArtifact art;
  art.baselineFragmentHash = canonicalHash(replayFragment(a, d.tier));
  art.candidateFragmentHash = canonicalHash(replayFragment(b, d.tier));
  art.envelopeDiffHash = canonicalHash(envelopeDiffToJson(d));
  art.diff = std::move(d);
  return art;
}

bj::value artifactToJson(const EnvelopeArtifact& a) {
  return bj::object{{"schema_version", 1},
                    {"envelope_diff", envelopeDiffToJson(a.diff)},
                    {"baseline_fragment_hash", a.baselineFragmentHash},
                    {"candidate_fragment_hash", a.candidateFragmentHash},
                    {"envelope_diff_hash", a.envelopeDiffHash}};
}

}  // namespace tt::harness
