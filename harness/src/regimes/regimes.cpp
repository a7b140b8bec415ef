#include "tt/harness/regimes.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "tt/core/error.hpp"

namespace tt::harness {

const char* statusName(ComparisonReport::Status s) {
  switch (s) {
    case ComparisonReport::Status::Pass: return "pass";
    case ComparisonReport::Status::Covered: return "covered";
    case ComparisonReport::Status::Divergent: return "divergent";
    case ComparisonReport::Status::Skipped: return "skipped";
    case ComparisonReport::Status::Unavailable: return "unavailable";
    case ComparisonReport::Status::Error: return "error";
  }
  return "?";
}

const char* verdictName(ScenarioReport::Verdict v) {
  switch (v) {
    case ScenarioReport::Verdict::Conformant: return "conformant";
    case ScenarioReport::Verdict::Divergent: return "divergent";
    case ScenarioReport::Verdict::BadInput: return "bad-input";
  }
  return "?";
}

EnvelopeArtifact envelopeArtifact(const ComparisonReport& c) {
  return makeArtifact(*c.envelope, *c.baselineResult, *c.candidateResult);
}

std::vector<std::string> ScenarioReport::fingerprints() const {
  std::vector<std::string> out;
  for (const ComparisonReport& c : comparisons) {
    for (const Divergence& d : c.divergences) out.push_back(d.fingerprint);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string reproduceCommand(const ScenarioReport& s, const ComparisonReport& c) {
  const std::string path = s.path.empty() ? "SCENARIO.json" : s.path;
  return "ttconf triage " + path + " --regime " + regimeName(c.regime) + " --concurrency " +
         std::to_string(c.concurrency);
}

namespace {

// Which profile and repairs a scenario variant runs with.
struct Variant {
  bool leanLiteral = false;
  Repairs repairs = Repairs::all();
  friend auto operator<=>(const Variant& a, const Variant& b) {
    if (auto c = a.leanLiteral <=> b.leanLiteral; c != 0) return c;
    return a.repairs.on <=> b.repairs.on;
  }
};

// The input could not be run (the runner rejected it): the scenario verdict is bad-input.
struct BadScenario : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// A runner failed for another reason: that comparison is an error.
struct RunnerFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Session {
 public:
  Session(const Scenario& s, const EnvelopeDeclaration& d, const Runners& r, const Ledger& l,
          ScenarioReport& report)
      : scenario_(s), declaration_(d), runners_(r), ledger_(l), report_(report) {}

  const Scenario& scenario() const { return scenario_; }
  const EnvelopeDeclaration& declaration() const { return declaration_; }
  const Ledger& ledger() const { return ledger_; }

  bool available(Engine e) const { return static_cast<bool>(runners_.forEngine(e)); }

  // The scenario's own config: the VM implements operational only.
  bool vmApplicable() const {
    return scenario_.config.profile == Profile::Operational &&
           scenario_.config.repairs == Repairs::all();
  }

  std::shared_ptr<const EngineOutput> run(const EngineRun& r, const std::optional<Variant>& v = {}) {
    // Keyed by what the engine will actually see, so equal variants share one run.
    const Variant effective = v.value_or(Variant{scenario_.config.profile == Profile::LeanLiteral,
                                                 scenario_.config.repairs});
    const auto key = std::make_pair(r, effective);
    if (auto it = runs_.find(key); it != runs_.end()) return it->second;
    EngineOutput out;
    try {
      out = prepared(isVmEngine(r.engine), effective)(r);
    } catch (const InputError& e) {
      throw BadScenario(std::string(engineName(r.engine)) + " rejected the scenario: " + e.what());
    } catch (const std::exception& e) {
      throw RunnerFailure(describeRun(r) + " failed: " + e.what());
    }
    if (out.result.outcome == RunOutcome::ResourceLimit) report_.resourceLimited = true;
    auto p = std::make_shared<const EngineOutput>(std::move(out));
    runs_.emplace(key, p);
    return p;
  }

 private:
  // The engine family's prepared form of the scenario variant, prepared on first use.
  const PreparedScenario& prepared(bool vm, const Variant& v) {
    const auto key = std::make_pair(vm, v);
    if (auto it = prepared_.find(key); it != prepared_.end()) return it->second;
    Scenario s = scenario_;
    s.config.profile = v.leanLiteral ? Profile::LeanLiteral : Profile::Operational;
    s.config.repairs = v.repairs;
    return prepared_.emplace(key, runners_.forEngine(vm ? Engine::VmCooperative : Engine::OracleCanonical)(s))
        .first->second;
  }

  const Scenario& scenario_;
  const EnvelopeDeclaration& declaration_;
  const Runners& runners_;
  const Ledger& ledger_;
  ScenarioReport& report_;
  std::map<std::pair<bool, Variant>, PreparedScenario> prepared_;
  std::map<std::pair<EngineRun, Variant>, std::shared_ptr<const EngineOutput>> runs_;
};

void settle(ComparisonReport& c, const Ledger& ledger) {
  bool allCovered = true;
  for (Divergence& d : c.divergences) {
    const LedgerEntry* e = ledger.activeEntryCovering(d.fingerprint);
    d.coveredBy = e ? e->id : "";
    allCovered = allCovered && e != nullptr;
  }
  if (c.divergences.empty()) c.status = ComparisonReport::Status::Pass;
  else c.status = allCovered ? ComparisonReport::Status::Covered : ComparisonReport::Status::Divergent;
}

void addDifferences(ComparisonReport& c, const std::vector<Difference>& ds) {
  for (const Difference& d : ds) c.divergences.push_back({fingerprint(c.regime, d.part), d, ""});
}

// Runs both sides, or records why the comparison cannot be made. True when both ran.
bool runBoth(Session& s, ComparisonReport& c, std::shared_ptr<const EngineOutput>& b,
             std::shared_ptr<const EngineOutput>& k, const std::optional<Variant>& bv = {},
             const std::optional<Variant>& kv = {}) {
  for (Engine e : {c.baseline.engine, c.candidate.engine}) {
    if (isVmEngine(e) && !s.vmApplicable()) {
      c.status = ComparisonReport::Status::Skipped;
      c.note = "the scenario's config is not the operational profile, which is all the VM implements";
      return false;
    }
    if (!s.available(e)) {
      c.status = ComparisonReport::Status::Unavailable;
      c.note = std::string(isVmEngine(e) ? "the VM" : "the oracle") + " is not built";
      return false;
    }
  }
  try {
    b = s.run(c.baseline, bv);
    k = s.run(c.candidate, kv);
  } catch (const RunnerFailure& e) {
    c.status = ComparisonReport::Status::Error;
    c.note = e.what();
    return false;
  }
  c.baselineResult = std::shared_ptr<const RunResult>(b, &b->result);
  c.candidateResult = std::shared_ptr<const RunResult>(k, &k->result);
  return true;
}

ComparisonReport exactComparison(Session& s, Regime regime, std::uint64_t n, EngineRun base,
                                 EngineRun cand) {
  ComparisonReport c;
  c.regime = regime;
  c.concurrency = n;
  c.baseline = std::move(base);
  c.candidate = std::move(cand);
  c.baselineName = describeRun(c.baseline);
  c.candidateName = describeRun(c.candidate);
  c.label = c.candidateName + " vs " + c.baselineName;
  c.relation = "exact/1";
  std::shared_ptr<const EngineOutput> b, k;
  if (!runBoth(s, c, b, k)) return c;
  addDifferences(c, compareExact(b->result, k->result).differences);
  settle(c, s.ledger());
  return c;
}

ComparisonReport envelopeComparison(Session& s, std::uint64_t n, std::uint64_t workers) {
  ComparisonReport c;
  c.regime = Regime::Envelope;
  c.concurrency = n;
  c.baseline = {Engine::OracleCanonical, n, 0, {}, {}};
  c.candidate = {Engine::VmThreaded, n, workers, {}, {}};
  c.baselineName = describeRun(c.baseline);
  c.candidateName = describeRun(c.candidate);
  c.label = c.candidateName + " vs " + c.baselineName;
  c.relation = "envelope/1";
  std::shared_ptr<const EngineOutput> b, k;
  if (!runBoth(s, c, b, k)) return c;
  WaveWidthBound width;
  width.baselineMaxWaveWidth = 1;
  width.candidateReported = k->maxWaveWidth.has_value();
  width.candidateMaxWaveWidth = k->maxWaveWidth.value_or(0);
  width.declaredUpperBound = declaredWaveWidthBound(s.scenario().config, n);
  const bool sensitive =
      scheduleSensitive(s.scenario()) || senderRanAhead(b->result) || senderRanAhead(k->result);
  const Tier tier = s.declaration().tier.value_or(defaultTier(n, sensitive));
  EnvelopeDiff diff = diffRuns(engineName(c.baseline.engine), engineName(c.candidate.engine),
                               b->result, k->result, width, tier);
  addDifferences(c, judgeEnvelope(diff));
  c.envelope = std::move(diff);
  settle(c, s.ledger());
  return c;
}

// On the oracle: the round whose certificate is corrupted is exactly one canonical step.
ComparisonReport fallbackComparison(Session& s, std::uint64_t n, std::uint64_t round) {
  ComparisonReport c;
  c.regime = Regime::InvalidCertificate;
  c.concurrency = n;
  c.baseline = {round == 1 ? Engine::OracleCanonical : Engine::OracleThreaded, n, 0, {}, {}};
  c.candidate = {Engine::OracleThreaded, n, 0, {round}, {}};
  c.label = "oracle.threaded n=" + std::to_string(n) + ": round " + std::to_string(round) +
            " with an invalid certificate is one canonical step";
  c.relation = "fallback/1";
  c.baselineName = round == 1 ? "oracle.canonical n=" + std::to_string(n) + ", 1 round"
                              : "oracle.threaded n=" + std::to_string(n) + ", " + std::to_string(round - 1) +
                                    " rounds without the hook";
  c.candidateName = "oracle.threaded n=" + std::to_string(n) + ", " + std::to_string(round) +
                    " rounds, invalid certificate in round " + std::to_string(round);
  c.baseline.fuel = round == 1 ? 1 : round - 1;
  c.candidate.fuel = round;
  std::shared_ptr<const EngineOutput> pre, post;
  if (!runBoth(s, c, pre, post)) return c;
  const RunResult& after = post->result;
  const RunResult& before = pre->result;
  auto fail = [&](const std::string& why, std::optional<std::size_t> at = {}) {
    c.divergences.push_back({fingerprint(c.regime, part::kFallbackNotSingleStep),
                             {part::kFallbackNotSingleStep, why, at, at}, ""});
  };
  if (after.rounds < round) {
    c.note = "the run ended before round " + std::to_string(round) + "; the hook was never used";
  } else if (round == 1) {
    // From the loaded state the fallback round must equal the canonical first round.
    for (const Difference& d : compareExact(before, after).differences) {
      fail("after round 1, the fallback run differs from one canonical round: " + d.part + ": " +
               d.detail,
           d.candidateIndex);
    }
  } else {
    std::set<std::optional<CoroutineId>> stepping;
    Trace prefix;
    for (std::size_t i = 0; i < after.trace.size(); ++i) {
      const TickedObsEvent& e = after.trace[i];
      if (e.tick < round) prefix.push_back(e);
      else if (e.tick == round) stepping.insert(e.coro);
      else fail("event after round " + std::to_string(round) + " in a run of that many rounds", i);
    }
    if (stepping.size() > 1) {
      fail("events of round " + std::to_string(round) + " come from " +
           std::to_string(stepping.size()) + " coroutines");
    }
    if (after.stepsExecuted > before.stepsExecuted + 1) {
      fail("round " + std::to_string(round) + " executed " +
           std::to_string(after.stepsExecuted - before.stepsExecuted) + " steps");
    }
    if (auto d = compareTracesExactly(before.trace, prefix)) {
      fail("the rounds before the hook differ from the unhooked run: " + d->detail, d->candidateIndex);
    }
  }
  settle(c, s.ledger());
  return c;
}

// True when an active ledger entry covers the profiles fingerprint of every spec repair.
bool everyRepairCovered(const Ledger& ledger) {
  for (const std::string& id : specRepairIds()) {
    if (!ledger.activeEntryCovering(fingerprint(Regime::Profiles, id))) return false;
  }
  return true;
}

ComparisonReport profilesComparison(Session& s, bool firstActingSuffices) {
  ComparisonReport c;
  c.regime = Regime::Profiles;
  c.concurrency = 1;
  c.baseline = {Engine::OracleCanonical, 1, 0, {}, {}};
  c.candidate = c.baseline;
  c.label = "oracle.canonical operational vs lean-literal";
  c.baselineName = "oracle.canonical lean-literal";
  c.candidateName = "oracle.canonical operational";
  c.relation = "profiles/1";
  const Variant literal{true, Repairs::none()};
  const Variant operational{false, Repairs::all()};
  std::shared_ptr<const EngineOutput> lit, op;
  if (!runBoth(s, c, lit, op, literal, operational)) return c;
  const EquivalenceResult diff = compareExact(lit->result, op->result);
  if (diff.holds()) {
    settle(c, s.ledger());
    return c;
  }
  const Difference& first = diff.differences.front();
  const std::vector<std::string>& ids = specRepairIds();
  std::vector<std::size_t> acting;
  std::vector<std::string> why(ids.size());
  const bool stopAtFirst = firstActingSuffices && everyRepairCovered(s.ledger());
  try {
    // A repair acts when removing it alone changes the operational result...
    for (std::size_t i = 0; i < ids.size() && !(stopAtFirst && !acting.empty()); ++i) {
      Variant without = operational;
      without.repairs.on[i] = false;
      const EquivalenceResult r = compareExact(op->result, s.run(c.baseline, without)->result);
      if (!r.holds()) {
        acting.push_back(i);
        why[i] = "without it the operational run changes: " + r.differences.front().part + ": " +
                 r.differences.front().detail;
      }
    }
    // ...or, when no single removal matters (redundant repairs), adding it alone changes
    // the lean-literal result.
    if (acting.empty()) {
      for (std::size_t i = 0; i < ids.size() && !(stopAtFirst && !acting.empty()); ++i) {
        Variant with = literal;
        with.repairs.on[i] = true;
        with.leanLiteral = false;
        const EquivalenceResult r = compareExact(lit->result, s.run(c.baseline, with)->result);
        if (!r.holds()) {
          acting.push_back(i);
          why[i] = "alone it changes the lean-literal run: " + r.differences.front().part + ": " +
                   r.differences.front().detail;
        }
      }
    }
  } catch (const RunnerFailure& e) {
    c.status = ComparisonReport::Status::Error;
    c.note = e.what();
    return c;
  }
  if (stopAtFirst && !acting.empty()) {
    c.note = "attribution stopped at the first acting repair (every repair's fingerprint is covered)";
  }
  for (std::size_t i : acting) {
    Difference d = first;
    d.part = ids[i];
    d.detail = "first profile difference: " + first.part + ": " + first.detail + "; repair " +
               ids[i] + " acts: " + why[i];
    c.divergences.push_back({fingerprint(c.regime, ids[i]), d, ""});
  }
  if (acting.empty()) {
    Difference d = first;
    d.part = part::kUnattributed;
    d.detail = "no repair explains the difference: " + first.part + ": " + first.detail;
    c.divergences.push_back({fingerprint(c.regime, part::kUnattributed), d, ""});
  }
  settle(c, s.ledger());
  return c;
}

bool selected(const RegimeOptions& o, Regime r) {
  return o.regimes.empty() || std::find(o.regimes.begin(), o.regimes.end(), r) != o.regimes.end();
}

void countOutcomes(Session& s, ScenarioReport& report) {
  if (!s.available(Engine::OracleCanonical)) return;
  try {
    const RunResult& r = s.run({Engine::OracleCanonical, 1, 0, {}, {}})->result;
    OutcomeCounts o;
    o.outcome = runOutcomeName(r.outcome);
    for (const auto& c : r.snapshot.coroutines) {
      switch (c.status.kind) {
        case CoroStatus::Kind::Done: ++o.done; break;
        case CoroStatus::Kind::Faulted: ++o.faulted; break;
        case CoroStatus::Kind::Blocked: ++o.blocked; break;
        default: ++o.live; break;
      }
    }
    report.outcome = o;
  } catch (const RunnerFailure&) {
    // already reported by the comparisons that use this run
  }
}

}  // namespace

ScenarioReport checkScenario(const Scenario& scenario, const EnvelopeDeclaration& declaration,
                             const Runners& runners, const Ledger& ledger,
                             const RegimeOptions& options) {
  ScenarioReport report;
  report.name = scenario.name;
  report.path = options.scenarioPath;
  std::vector<std::uint64_t> ns = scenario.run.concurrency;
  std::sort(ns.begin(), ns.end());
  ns.erase(std::unique(ns.begin(), ns.end()), ns.end());
  if (!ns.empty() && ns.front() == 0) {
    report.verdict = ScenarioReport::Verdict::BadInput;
    report.detail = "run.concurrency: 0 is not a concurrency (n >= 1)";
    return report;
  }
  if (options.concurrency) {
    ns.assign(1, *options.concurrency);
  }
  std::vector<std::uint64_t> rounds = scenario.run.invalidCertificateRounds;
  if (rounds.empty()) rounds.push_back(1);
  std::sort(rounds.begin(), rounds.end());
  rounds.erase(std::unique(rounds.begin(), rounds.end()), rounds.end());
  const std::uint64_t workers = std::max<std::uint64_t>(1, scenario.run.workers);
  const bool n1 = !options.concurrency || *options.concurrency == 1;

  Session s(scenario, declaration, runners, ledger, report);
  auto& out = report.comparisons;
  try {
    if (selected(options, Regime::N1) && n1) {
      const EngineRun canonical{Engine::OracleCanonical, 1, 0, {}, {}};
      out.push_back(exactComparison(s, Regime::N1, 1, canonical, {Engine::VmCooperative, 1, 0, {}, {}}));
      out.push_back(exactComparison(s, Regime::N1, 1, canonical, {Engine::VmThreaded, 1, workers, {}, {}}));
      out.push_back(exactComparison(s, Regime::N1, 1, canonical, {Engine::OracleThreaded, 1, 0, {}, {}}));
    }
    for (std::uint64_t n : ns) {
      if (n <= 1) continue;
      if (selected(options, Regime::Threaded)) {
        out.push_back(exactComparison(s, Regime::Threaded, n, {Engine::OracleThreaded, n, 0, {}, {}},
                                      {Engine::VmThreaded, n, workers, {}, {}}));
      }
      if (selected(options, Regime::Envelope)) out.push_back(envelopeComparison(s, n, workers));
      if (selected(options, Regime::InvalidCertificate)) {
        out.push_back(exactComparison(s, Regime::InvalidCertificate, n,
                                      {Engine::OracleThreaded, n, 0, rounds, {}},
                                      {Engine::VmThreaded, n, workers, rounds, {}}));
        for (std::uint64_t r : rounds) {
          if (r >= 1) out.push_back(fallbackComparison(s, n, r));
        }
      }
    }
    if (selected(options, Regime::Profiles) && n1) out.push_back(profilesComparison(s, options.firstActingRepairSuffices));
    countOutcomes(s, report);
  } catch (const BadScenario& e) {
    report.verdict = ScenarioReport::Verdict::BadInput;
    report.detail = e.what();
    return report;
  }
  report.verdict = ScenarioReport::Verdict::Conformant;
  for (const ComparisonReport& c : out) {
    if (c.failed()) report.verdict = ScenarioReport::Verdict::Divergent;
  }
  return report;
}

}  // namespace tt::harness
