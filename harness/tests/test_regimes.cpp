// The regimes with hand-made engine results: what each compares, how divergences are
// fingerprinted and covered, and that nothing unchecked passes.
#include <algorithm>
#include <map>
#include <stdexcept>
#include <utility>

#include <gtest/gtest.h>

#include "builders.hpp"
#include "fake_runners.hpp"
#include "tt/core/error.hpp"
#include "tt/harness/regimes.hpp"

namespace tt::harness {
namespace {
using namespace tt::test;

Trace sequentialTrace() {
  Trace t = message(0, 0, 1, 1);
  for (auto& e : message(1, 2, 3, 5)) t.push_back(e);
  return t;
}
Trace parallelTrace() {
  const Trace a = message(0, 0, 1, 1), b = message(1, 2, 3, 1);
  Trace t;
  for (std::size_t i = 0; i < 4; ++i) {
    t.push_back(a[i]);
    t.push_back(b[i]);
  }
  return t;
}
EngineOutput out(Trace t, std::uint64_t width = 2) {
  return EngineOutput{result(std::move(t), doneSnapshot(4, 2)), width};
}

Scenario scenario(std::vector<std::uint64_t> ns = {1, 2}) {
  Scenario s;
  s.name = "hand-made";
  s.run.concurrency = std::move(ns);
  s.run.workers = 2;
  s.config.lanes = Lanes{LaneMode::ByCoroutine, 2};
  return s;
}

LedgerEntry entry(std::string id, std::vector<std::string> covers) {
  LedgerEntry e;
  e.id = std::move(id);
  e.status = "active";
  e.covers = std::move(covers);
  return e;
}

Ledger fullLedger() {
  Ledger l;
  for (const std::string& r : specRepairIds()) l.entries.push_back(entry(r, {"profiles/" + r}));
  l.entries.push_back(entry("threaded.round.wave.parallelism",
                            {"envelope/scheduler.session-normalized", "envelope/effects.replay-deterministic",
                             "envelope/scheduler.bounded", "envelope/effects.bounded"}));
  return l;
}

// Everyone runs the same sequential protocol.
FakeRunners agreeing() {
  FakeRunners r;
  r.oracle = [](const Scenario&, const EngineRun&) { return out(sequentialTrace()); };
  r.vm = r.oracle;
  return r;
}

// Rounds of n > 1 run two steps at once (the Lean threaded model and the VM agree).
FakeRunners parallelRounds() {
  FakeRunners r;
  // (Hooked runs fall back to one step per round, so they stay sequential.)
  r.oracle = [](const Scenario&, const EngineRun& run) {
    const bool wide = run.engine == Engine::OracleThreaded && run.concurrency > 1 &&
                      run.invalidCertificateRounds.empty();
    return out(wide ? parallelTrace() : sequentialTrace());
  };
  r.vm = [](const Scenario&, const EngineRun& run) {
    const bool wide = run.engine == Engine::VmThreaded && run.concurrency > 1 &&
                      run.invalidCertificateRounds.empty();
    return out(wide ? parallelTrace() : sequentialTrace());
  };
  return r;
}

const ComparisonReport* find(const ScenarioReport& r, Regime regime, const std::string& candidateEngine) {
  for (const auto& c : r.comparisons) {
    if (c.regime == regime && engineName(c.candidate.engine) == candidateEngine) return &c;
  }
  return nullptr;
}

TEST(Regimes, AgreeingEnginesAreConformantInEveryRegime) {
  const ScenarioReport r = checkScenario(scenario(), {}, agreeing(), fullLedger());
  EXPECT_EQ(r.verdict, ScenarioReport::Verdict::Conformant);
  EXPECT_TRUE(r.fingerprints().empty());
  // n1: three comparisons; n = 2: threaded, envelope, invalid-cert exact and fallback; profiles.
  ASSERT_EQ(r.comparisons.size(), 8u);
  std::vector<std::string> regimes;
  for (const auto& c : r.comparisons) {
    regimes.push_back(regimeName(c.regime));
    EXPECT_EQ(c.status, ComparisonReport::Status::Pass) << c.label << ": " << c.note;
  }
  EXPECT_EQ(regimes, (std::vector<std::string>{"n1", "n1", "n1", "threaded", "envelope", "invalid-cert",
                                               "invalid-cert", "profiles"}));
  ASSERT_TRUE(r.comparisons[4].envelope.has_value());
  EXPECT_EQ(r.comparisons[4].envelope->width.declaredUpperBound, 2u);
  ASSERT_TRUE(r.outcome.has_value());
  EXPECT_EQ(r.outcome->done, 4u);
}

TEST(Regimes, EnvelopeDifferencesAreCoveredByTheWaveParallelismEntry) {
  const ScenarioReport r = checkScenario(scenario(), {}, parallelRounds(), fullLedger());
  EXPECT_EQ(r.verdict, ScenarioReport::Verdict::Conformant);
  EXPECT_EQ(r.fingerprints(), (std::vector<std::string>{"envelope/effects.replay-deterministic",
                                                        "envelope/scheduler.session-normalized"}));
  const ComparisonReport* env = find(r, Regime::Envelope, "vm.threaded");
  ASSERT_NE(env, nullptr);
  EXPECT_EQ(env->status, ComparisonReport::Status::Covered);
  EXPECT_EQ(env->divergences[0].coveredBy, "threaded.round.wave.parallelism");
  EXPECT_EQ(find(r, Regime::Threaded, "vm.threaded")->status, ComparisonReport::Status::Pass);

  // Without the entry the same run is an unexplained divergence.
  const ScenarioReport bare =
      checkScenario(scenario(), {}, parallelRounds(), fullLedger().without({"threaded.round.wave.parallelism"}));
  EXPECT_EQ(bare.verdict, ScenarioReport::Verdict::Divergent);
}

TEST(Regimes, DeclaredStrictTierMakesTheEnvelopeFail) {
  EnvelopeDeclaration strict;
  strict.tier = Tier::StrictDeterministic;
  const ScenarioReport r = checkScenario(scenario(), strict, parallelRounds(), fullLedger());
  EXPECT_EQ(r.verdict, ScenarioReport::Verdict::Divergent);
  const ComparisonReport* env = find(r, Regime::Envelope, "vm.threaded");
  const auto fps = r.fingerprints();
  EXPECT_NE(std::find(fps.begin(), fps.end(), "envelope/tier-inconsistent"), fps.end());
  EXPECT_EQ(env->status, ComparisonReport::Status::Divergent);
}

// A fault scripted for a round the threaded run never reaches leaves the final topology
// different: allowed by default only when the scenario scripts faults.
TEST(Regimes, ScriptedFaultsRelaxTheDefaultTier) {
  FakeRunners r = parallelRounds();
  const auto wide = r.vm;
  r.vm = [wide](const Scenario& s, const EngineRun& run) {
    EngineOutput o = wide(s, run);
    if (run.engine == Engine::VmThreaded && run.concurrency > 1 && run.invalidCertificateRounds.empty()) {
      o.result.snapshot.partitionedEdges.clear();  // the canonical run reached the partition
    }
    return o;
  };
  const auto oracle = r.oracle;
  r.oracle = [oracle](const Scenario& s, const EngineRun& run) {
    EngineOutput o = oracle(s, run);
    o.result.snapshot.partitionedEdges = {Edge{0, "A", "B"}};
    return o;
  };
  RegimeOptions envelopeOnly;
  envelopeOnly.regimes = {Regime::Envelope};
  Scenario noFaults = scenario();
  const ScenarioReport strict = checkScenario(noFaults, {}, r, fullLedger(), envelopeOnly);
  const auto fps = strict.fingerprints();
  EXPECT_NE(std::find(fps.begin(), fps.end(), "envelope/tier-inconsistent"), fps.end());

  Ledger ledger = fullLedger();
  ledger.entries.back().covers.push_back("envelope/failures.bounded");
  Scenario withFaults = scenario();
  withFaults.faults.push_back(TimedFailure{9, Failure{Failure::Kind::Partition, 0, {Edge{0, "A", "B"}}, {}, 0, 0}});
  const ScenarioReport relaxed = checkScenario(withFaults, {}, r, ledger, envelopeOnly);
  EXPECT_EQ(relaxed.verdict, ScenarioReport::Verdict::Conformant);
  EXPECT_EQ(relaxed.comparisons[0].envelope->tier, Tier::EnvelopeBoundedNondeterministic);
  // A scenario may still declare a stricter tier.
  EnvelopeDeclaration declared;
  declared.tier = Tier::ReplayDeterministic;
  EXPECT_EQ(checkScenario(withFaults, declared, r, ledger, envelopeOnly).verdict, ScenarioReport::Verdict::Divergent);
}

TEST(Regimes, AVmBugAtConcurrencyOneIsAnUncoveredExactDivergence) {
  FakeRunners r = agreeing();
  r.vm = [](const Scenario&, const EngineRun& run) {
    EngineOutput o = out(sequentialTrace());
    if (run.engine == Engine::VmCooperative) o.result.trace[6].event.value = Value::ofNat(8);
    return o;
  };
  const ScenarioReport report = checkScenario(scenario(), {}, r, fullLedger(), {{}, {}, "s.json"});
  EXPECT_EQ(report.verdict, ScenarioReport::Verdict::Divergent);
  const ComparisonReport* c = find(report, Regime::N1, "vm.cooperative");
  ASSERT_NE(c, nullptr);
  ASSERT_EQ(c->divergences.size(), 1u);
  EXPECT_EQ(c->divergences[0].fingerprint, "n1/trace.event");
  EXPECT_TRUE(c->divergences[0].coveredBy.empty());
  EXPECT_EQ(c->divergences[0].difference.baselineIndex, 6u);
  EXPECT_EQ(reproduceCommand(report, *c), "ttconf triage s.json --regime n1 --concurrency 1");
  EXPECT_EQ(find(report, Regime::N1, "vm.threaded")->status, ComparisonReport::Status::Pass);
}

TEST(Regimes, MissingEnginesAreUnavailableNotPassed) {
  FakeRunners r = agreeing();
  r.vm = nullptr;
  const ScenarioReport report = checkScenario(scenario({1}), {}, r, fullLedger());
  EXPECT_EQ(report.verdict, ScenarioReport::Verdict::Divergent);
  EXPECT_EQ(find(report, Regime::N1, "vm.cooperative")->status, ComparisonReport::Status::Unavailable);
  EXPECT_EQ(find(report, Regime::N1, "oracle.threaded")->status, ComparisonReport::Status::Pass);
}

TEST(Regimes, TheVmIsSkippedForLeanLiteralScenarios) {
  Scenario s = scenario({1});
  s.config.profile = Profile::LeanLiteral;
  s.config.repairs = Repairs::none();
  const ScenarioReport report = checkScenario(s, {}, agreeing(), fullLedger());
  EXPECT_EQ(report.verdict, ScenarioReport::Verdict::Conformant);
  EXPECT_EQ(find(report, Regime::N1, "vm.cooperative")->status, ComparisonReport::Status::Skipped);
}

TEST(Regimes, OptionsSelectRegimesAndConcurrency) {
  RegimeOptions only;
  only.regimes = {Regime::Envelope};
  only.concurrency = 2;
  const ScenarioReport r = checkScenario(scenario({1, 2, 4}), {}, agreeing(), fullLedger(), only);
  ASSERT_EQ(r.comparisons.size(), 1u);
  EXPECT_EQ(r.comparisons[0].regime, Regime::Envelope);
  EXPECT_EQ(r.comparisons[0].concurrency, 2u);
}

TEST(Regimes, ConcurrencyZeroIsBadInput) {
  const ScenarioReport r = checkScenario(scenario({0, 1}), {}, agreeing(), fullLedger());
  EXPECT_EQ(r.verdict, ScenarioReport::Verdict::BadInput);
}

TEST(Regimes, RunnerErrorsAreReportedNotPassed) {
  FakeRunners rejecting = agreeing();
  rejecting.oracle = [](const Scenario&, const EngineRun&) -> EngineOutput { throw InputError("images[0]", "bad"); };
  EXPECT_EQ(checkScenario(scenario({1}), {}, rejecting, fullLedger()).verdict, ScenarioReport::Verdict::BadInput);

  FakeRunners crashing = agreeing();
  crashing.vm = [](const Scenario&, const EngineRun&) -> EngineOutput { throw std::runtime_error("boom"); };
  const ScenarioReport r = checkScenario(scenario({1}), {}, crashing, fullLedger());
  EXPECT_EQ(r.verdict, ScenarioReport::Verdict::Divergent);
  EXPECT_EQ(find(r, Regime::N1, "vm.cooperative")->status, ComparisonReport::Status::Error);
  EXPECT_NE(find(r, Regime::N1, "vm.cooperative")->note.find("boom"), std::string::npos);
}

TEST(Regimes, EachRunIsMadeOnce) {
  int canonicalRuns = 0;
  FakeRunners r = agreeing();
  r.oracle = [&](const Scenario& s, const EngineRun& run) {
    if (run.engine == Engine::OracleCanonical && run.concurrency == 1 && s.config.profile == Profile::Operational &&
        s.run.fuel == 1000) {
      ++canonicalRuns;
    }
    return out(sequentialTrace());
  };
  checkScenario(scenario({1}), {}, r, fullLedger());
  EXPECT_EQ(canonicalRuns, 1);
}

// Loading and compiling is the costly part of a small run: each engine family prepares
// each (profile, repairs) variant once, however many runs and fuels use it.
TEST(Regimes, EachScenarioVariantIsPreparedOnce) {
  std::map<std::string, int> prepares;
  auto counting = [&prepares](const char* family, RunFunction f) -> PrepareFunction {
    return [&prepares, family, inner = runFromScratch(std::move(f))](const Scenario& s) {
      ++prepares[std::string(family) + (s.config.profile == Profile::Operational ? " operational" : " literal")];
      return inner(s);
    };
  };
  const FakeRunners fake = agreeing();
  Runners r;
  r.oracle = counting("oracle", fake.oracle);
  r.vm = counting("vm", fake.vm);
  const ScenarioReport report = checkScenario(scenario({1, 2, 3}), {}, r, fullLedger());
  EXPECT_EQ(report.verdict, ScenarioReport::Verdict::Conformant);
  EXPECT_EQ(prepares, (std::map<std::string, int>{{"oracle operational", 1}, {"oracle literal", 1}, {"vm operational", 1}}));
}

TEST(Regimes, ResourceLimitedRunsAreFlagged) {
  FakeRunners r = agreeing();
  r.vm = [](const Scenario&, const EngineRun&) {
    EngineOutput o = out(sequentialTrace());
    o.result.outcome = RunOutcome::ResourceLimit;
    return o;
  };
  r.oracle = r.vm;
  EXPECT_TRUE(checkScenario(scenario({1}), {}, r, fullLedger()).resourceLimited);
}

// --- profiles: attribution by ablation ------------------------------------------------------

FakeRunners repairSensitive(std::function<bool(const Repairs&)> changes) {
  FakeRunners r = agreeing();
  r.oracle = [changes](const Scenario& s, const EngineRun&) {
    EngineOutput o = out(sequentialTrace());
    if (!changes(s.config.repairs)) o.result.trace.resize(2);  // without the repair, the run stops early
    return o;
  };
  return r;
}

std::size_t index(Repair r) { return static_cast<std::size_t>(r); }

ScenarioReport profilesOnly(const FakeRunners& r, const Ledger& l) {
  RegimeOptions o;
  o.regimes = {Regime::Profiles};
  return checkScenario(scenario({1}), {}, r, l, o);
}

TEST(Profiles, TheRepairThatActsIsNamedAndCovered) {
  const auto r = repairSensitive([](const Repairs& x) { return x.on[index(Repair::RecvProgressToken)]; });
  const ScenarioReport report = profilesOnly(r, fullLedger());
  EXPECT_EQ(report.verdict, ScenarioReport::Verdict::Conformant);
  EXPECT_EQ(report.fingerprints(), std::vector<std::string>{"profiles/repair.recv.progress-token"});
  EXPECT_EQ(report.comparisons[0].divergences[0].coveredBy, "repair.recv.progress-token");
  EXPECT_EQ(profilesOnly(r, fullLedger().without({"repair.recv.progress-token"})).verdict,
            ScenarioReport::Verdict::Divergent);
}

TEST(Profiles, RedundantRepairsAreFoundByAddingThemAlone) {
  const auto r = repairSensitive([](const Repairs& x) {
    return x.on[index(Repair::SchedResumeStatus)] || x.on[index(Repair::SchedSendUnblock)];
  });
  EXPECT_EQ(profilesOnly(r, fullLedger()).fingerprints(),
            (std::vector<std::string>{"profiles/repair.sched.resume-status", "profiles/repair.sched.send-unblock"}));
}

TEST(Profiles, ADifferenceNoRepairExplainsIsAHardFailure) {
  const auto r = repairSensitive([](const Repairs& x) {
    return std::count(x.on.begin(), x.on.end(), true) >= 2;  // needs two repairs together
  });
  const ScenarioReport report = profilesOnly(r, fullLedger());
  EXPECT_EQ(report.fingerprints(), std::vector<std::string>{"profiles/unattributed"});
  EXPECT_EQ(report.verdict, ScenarioReport::Verdict::Divergent);
}

// Fuzzers stop the ablation at the first acting repair when the ledger covers every
// repair: the same verdict from fewer oracle runs. Without that cover, the full ablation.
TEST(Profiles, StoppingAtTheFirstActingRepairKeepsTheVerdictWithFewerRuns) {
  int runs = 0;
  FakeRunners r = repairSensitive([](const Repairs& x) {
    return x.on[index(Repair::RecvProgressToken)] && x.on[index(Repair::SchedResumeStatus)];
  });
  const RunFunction inner = r.oracle;
  r.oracle = [inner, &runs](const Scenario& s, const EngineRun& run) {
    ++runs;
    return inner(s, run);
  };
  RegimeOptions full;
  full.regimes = {Regime::Profiles};
  RegimeOptions first = full;
  first.firstActingRepairSuffices = true;

  const ScenarioReport all = checkScenario(scenario({1}), {}, r, fullLedger(), full);
  const int fullRuns = std::exchange(runs, 0);
  const ScenarioReport one = checkScenario(scenario({1}), {}, r, fullLedger(), first);
  EXPECT_EQ(all.verdict, ScenarioReport::Verdict::Conformant);
  EXPECT_EQ(one.verdict, all.verdict);
  EXPECT_EQ(all.fingerprints().size(), 2u);
  ASSERT_EQ(one.fingerprints().size(), 1u);
  EXPECT_NE(std::find(all.fingerprints().begin(), all.fingerprints().end(), one.fingerprints()[0]),
            all.fingerprints().end());
  EXPECT_LT(runs, fullRuns);

  // One repair's entry missing: the ablation runs in full and finds the uncovered one.
  const Ledger partial = fullLedger().without({"repair.sched.resume-status"});
  const ScenarioReport strict = checkScenario(scenario({1}), {}, r, partial, first);
  EXPECT_EQ(strict.verdict, ScenarioReport::Verdict::Divergent);
  EXPECT_EQ(strict.fingerprints(), all.fingerprints());
}

// --- invalid certificate: the fallback round ---------------------------------------------

TEST(InvalidCertificate, AFallbackRoundOfTwoStepsIsCaught) {
  FakeRunners r = agreeing();
  r.oracle = [](const Scenario& s, const EngineRun& run) {
    // Round 1 of a hooked threaded run wrongly runs both senders.
    if (run.engine == Engine::OracleThreaded && !run.invalidCertificateRounds.empty() && s.run.fuel == 1) {
      return EngineOutput{result({sent(1, 0, "A", "B", 7, 0), sent(1, 1, "A", "B", 7, 2)}, doneSnapshot(4, 2),
                                 RunOutcome::FuelExhausted, 1, 2), std::nullopt};
    }
    if (s.run.fuel == 1) {
      return EngineOutput{result({sent(1, 0, "A", "B", 7, 0)}, doneSnapshot(4, 2), RunOutcome::FuelExhausted, 1, 1),
                          std::nullopt};
    }
    return out(sequentialTrace());
  };
  RegimeOptions o;
  o.regimes = {Regime::InvalidCertificate};
  const ScenarioReport report = checkScenario(scenario({1, 2}), {}, r, fullLedger(), o);
  EXPECT_EQ(report.verdict, ScenarioReport::Verdict::Divergent);
  EXPECT_EQ(report.fingerprints(), std::vector<std::string>{"invalid-cert/fallback.not-single-step"});
}

TEST(InvalidCertificate, ALaterRoundMustAddOneStepFromOneCoroutine) {
  Scenario s = scenario({2});
  s.run.invalidCertificateRounds = {2};
  FakeRunners r = agreeing();
  r.oracle = [](const Scenario& sc, const EngineRun& run) {
    Trace t = {sent(1, 0, "A", "B", 7, 0)};
    if (sc.run.fuel == 2 && !run.invalidCertificateRounds.empty()) {
      t.push_back(invoked(2, 0, "A", 0));
      t.push_back(sent(2, 1, "A", "B", 7, 2));  // a second coroutine in the fallback round
      return EngineOutput{result(t, doneSnapshot(4, 2), RunOutcome::FuelExhausted, 2, 3), std::nullopt};
    }
    return EngineOutput{result(t, doneSnapshot(4, 2), RunOutcome::FuelExhausted, 1, 1), std::nullopt};
  };
  RegimeOptions o;
  o.regimes = {Regime::InvalidCertificate};
  const ScenarioReport report = checkScenario(s, {}, r, fullLedger(), o);
  const ComparisonReport& fallback = report.comparisons.back();
  EXPECT_EQ(fallback.relation, "fallback/1");
  ASSERT_EQ(fallback.divergences.size(), 2u);  // two coroutines, two steps
  EXPECT_NE(fallback.divergences[0].difference.detail.find("2 coroutines"), std::string::npos);
  EXPECT_NE(fallback.divergences[1].difference.detail.find("executed 2 steps"), std::string::npos);
}

}  // namespace
}  // namespace tt::harness
