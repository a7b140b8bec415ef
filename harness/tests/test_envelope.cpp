// The envelope diff: every axis classified and checked, the width bound from config, the
// declared tier against the observed classes, the JSON record and its SHA-256 hashes.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "builders.hpp"
#include "tt/core/json.hpp"
#include "tt/harness/envelope.hpp"
#include "tt/harness/fingerprint.hpp"
#include "tt/harness/sha256.hpp"

namespace tt::harness {
namespace {
using namespace tt::test;

Trace twoSessions(bool interleave) {
  const Trace a = message(0, 0, 1, 1), b = message(1, 2, 3, interleave ? 1 : 5);
  Trace t;
  if (interleave) {
    for (std::size_t i = 0; i < 4; ++i) {
      t.push_back(a[i]);
      t.push_back(b[i]);
    }
  } else {
    t = a;
    t.insert(t.end(), b.begin(), b.end());
  }
  return t;
}

WaveWidthBound width(std::uint64_t candidate, std::uint64_t bound) {
  WaveWidthBound w;
  w.candidateMaxWaveWidth = candidate;
  w.declaredUpperBound = bound;
  return w;
}

std::vector<std::string> parts(const std::vector<Difference>& ds) {
  std::vector<std::string> out;
  for (const auto& d : ds) out.push_back(d.part);
  return out;
}

EnvelopeDiff diff(const RunResult& a, const RunResult& b, Tier tier, WaveWidthBound w = width(2, 2)) {
  return diffRuns("oracle.canonical", "vm.threaded", a, b, w, tier);
}

TEST(Envelope, IdenticalRunsAreExactOnEveryAxis) {
  const RunResult a = result(twoSessions(false), doneSnapshot(4, 2));
  const EnvelopeDiff d = diff(a, a, Tier::StrictDeterministic, width(1, 1));
  EXPECT_EQ(d.scheduler, SchedulerClass::Exact);
  EXPECT_EQ(d.effects, EffectClass::Exact);
  EXPECT_EQ(d.failures, FailureClass::Exact);
  EXPECT_TRUE(d.terminalOutcomesEqual);
  EXPECT_TRUE(judgeEnvelope(d).empty());
}

TEST(Envelope, ParallelRoundsAreSessionNormalizedAndReplayDeterministic) {
  const RunResult a = result(twoSessions(false), doneSnapshot(4, 2));
  const RunResult b = result(twoSessions(true), doneSnapshot(4, 2), RunOutcome::Completed, 4, 8);
  const EnvelopeDiff d = diff(a, b, Tier::ReplayDeterministic);
  EXPECT_EQ(d.scheduler, SchedulerClass::SessionNormalizedPermutation);
  EXPECT_EQ(d.effects, EffectClass::ReplayDeterministic);
  EXPECT_EQ(parts(judgeEnvelope(d)),
            (std::vector<std::string>{part::kSchedulerSessionNormalized, part::kEffectsReplayDeterministic}));
  // The first difference behind the scheduler class points into the traces.
  EXPECT_EQ(d.schedulerDifference->baselineIndex, 1u);
  // Declaring strict determinism for the same pair is inconsistent.
  EXPECT_EQ(parts(judgeEnvelope(diff(a, b, Tier::StrictDeterministic))),
            (std::vector<std::string>{part::kSchedulerSessionNormalized, part::kEffectsReplayDeterministic,
                                      part::kTierInconsistent}));
}

TEST(Envelope, PerSessionDifferencesAreBoundedAndNeedTheBoundedTier) {
  const RunResult a = result(twoSessions(false), doneSnapshot(4, 2));
  RunResult b = result(twoSessions(true), doneSnapshot(4, 2));
  b.trace[4].event.value = Value::ofNat(99);  // s0's received value differs
  b.trace[0].event.value = Value::ofNat(99);
  const EnvelopeDiff d = diff(a, b, Tier::ReplayDeterministic);
  EXPECT_EQ(d.scheduler, SchedulerClass::EnvelopeBounded);
  EXPECT_EQ(d.effects, EffectClass::EnvelopeBounded);
  const auto ps = parts(judgeEnvelope(d));
  EXPECT_EQ(ps, (std::vector<std::string>{part::kSchedulerBounded, part::kEffectsBounded, part::kTierInconsistent}));
  EXPECT_EQ(parts(judgeEnvelope(diff(a, b, Tier::EnvelopeBoundedNondeterministic))),
            (std::vector<std::string>{part::kSchedulerBounded, part::kEffectsBounded}));
}

TEST(Envelope, FailureVisibleStateAndTerminalOutcomesAreTheirOwnAxes) {
  const RunResult a = result(twoSessions(false), doneSnapshot(4, 2));
  RunResult b = a;
  b.snapshot.partitionedEdges.push_back(Edge{0, "A", "B"});
  const EnvelopeDiff f = diff(a, b, Tier::ReplayDeterministic);
  EXPECT_EQ(f.failures, FailureClass::EnvelopeBounded);
  EXPECT_EQ(parts(judgeEnvelope(f)), (std::vector<std::string>{part::kFailuresBounded, part::kTierInconsistent}));

  RunResult c = a;
  c.snapshot.coroutines[2].status = CoroStatus::faulted(Fault::outOfCredits());
  const EnvelopeDiff t = diff(a, c, Tier::EnvelopeBoundedNondeterministic);
  EXPECT_FALSE(t.terminalOutcomesEqual);
  EXPECT_EQ(t.scheduler, SchedulerClass::Exact);  // the trace alone would hide it
  EXPECT_EQ(parts(judgeEnvelope(t)), std::vector<std::string>{part::kTerminalOutcomes});
}

TEST(Envelope, WidthBoundComesFromConfigAndIsChecked) {
  VMConfig single;
  EXPECT_EQ(declaredWaveWidthBound(single, 8), 1u);
  VMConfig lanes;
  lanes.lanes = Lanes{LaneMode::ByCoroutine, 4};
  EXPECT_EQ(declaredWaveWidthBound(lanes, 2), 2u);
  EXPECT_EQ(declaredWaveWidthBound(lanes, 8), 4u);

  const RunResult a = result(twoSessions(false), doneSnapshot(4, 2));
  EXPECT_EQ(parts(judgeEnvelope(diff(a, a, Tier::StrictDeterministic, width(3, 2)))),
            std::vector<std::string>{part::kWidthBoundExceeded});
  WaveWidthBound unknown = width(0, 2);
  unknown.candidateReported = false;
  EXPECT_EQ(parts(judgeEnvelope(diff(a, a, Tier::StrictDeterministic, unknown))),
            std::vector<std::string>{part::kWidthBoundExceeded});
  EXPECT_TRUE(judgeEnvelope(diff(a, a, Tier::StrictDeterministic, width(2, 2))).empty());
}

TEST(Envelope, ACanonicalRunCutByFuelIsComparedAsAPrefix) {
  const RunResult threaded = result(twoSessions(true), doneSnapshot(4, 2));
  RunResult canonical = result(twoSessions(false), doneSnapshot(4, 2), RunOutcome::FuelExhausted);
  canonical.trace.resize(6);  // s0 complete, s1 half way
  canonical.snapshot.coroutines[3].status = CoroStatus::ready();
  const EnvelopeDiff d = diff(canonical, threaded, Tier::ReplayDeterministic);
  EXPECT_EQ(d.scheduler, SchedulerClass::SessionNormalizedPermutation);
  EXPECT_TRUE(d.terminalOutcomesEqual);
}

TEST(Envelope, RecordHasTheUpstreamFieldsAndStableHashes) {
  const RunResult a = result(twoSessions(false), doneSnapshot(4, 2));
  const RunResult b = result(twoSessions(true), doneSnapshot(4, 2));
  const EnvelopeArtifact art = makeArtifact(diff(a, b, Tier::ReplayDeterministic), a, b);
  const boost::json::object record = envelopeDiffToJson(art.diff).as_object();
  for (const char* key : {"schema_version", "baseline_engine", "candidate_engine", "scheduler_permutation_class",
                          "wave_width_bound", "effect_ordering_class", "failure_visible_diff_class",
                          "effect_determinism_tier", "terminal_outcome_class"}) {
    EXPECT_TRUE(record.contains(key)) << key;
  }
  EXPECT_EQ(record.at("scheduler_permutation_class").as_string(), "SessionNormalizedPermutation");
  EXPECT_EQ(record.at("wave_width_bound").as_object().at("declared_upper_bound").as_uint64(), 2u);
  EXPECT_EQ(record.at("effect_determinism_tier").as_string(), "replay_deterministic");

  // Hashes are SHA-256 of the canonical JSON text.
  EXPECT_EQ(art.envelopeDiffHash, sha256Hex(json::canonical(envelopeDiffToJson(art.diff))));
  EXPECT_EQ(art.baselineFragmentHash, sha256Hex(json::canonical(replayFragment(a, Tier::ReplayDeterministic))));
  EXPECT_EQ(art.envelopeDiffHash.size(), 64u);
  EXPECT_NE(art.baselineFragmentHash, art.candidateFragmentHash);
  // Equal fragments hash equally; the diff hash depends on the record only.
  const EnvelopeArtifact again = makeArtifact(diff(a, b, Tier::ReplayDeterministic), a, b);
  EXPECT_EQ(again.baselineFragmentHash, art.baselineFragmentHash);
  EXPECT_EQ(again.envelopeDiffHash, art.envelopeDiffHash);
  const EnvelopeArtifact strict = makeArtifact(diff(a, b, Tier::StrictDeterministic), a, b);
  EXPECT_NE(strict.envelopeDiffHash, art.envelopeDiffHash);
  EXPECT_NE(strict.baselineFragmentHash, art.baselineFragmentHash);  // the tier is in the fragment
}

TEST(Envelope, FragmentTraceUsesSessionLocalTicks) {
  const RunResult b = result(twoSessions(true), doneSnapshot(4, 2));
  const auto frag = replayFragment(b, Tier::ReplayDeterministic).as_object();
  const auto& obs = frag.at("obs_trace").as_array();
  ASSERT_EQ(obs.size(), 8u);
  // Events alternate between the sessions; each session counts 0, 1, 2, 3.
  for (std::size_t i = 0; i < 8; ++i) {
    EXPECT_EQ(json::tickedEventFromJson(obs[i], "obs").tick, i / 2) << i;
  }
  EXPECT_EQ(frag.at("effect_trace").as_array().size(), 8u);
  EXPECT_EQ(effectLog(b.trace)[0].kind, "send_decision");
  EXPECT_EQ(effectLog(b.trace)[4].kind, "handle_recv");
}

}  // namespace
}  // namespace tt::harness

namespace tt::harness {
namespace {

TEST(Envelope, DefaultTierIsBoundedOnlyForScheduleSensitiveScenarios) {
  Scenario plain;
  EXPECT_FALSE(scheduleSensitive(plain));
  EXPECT_EQ(defaultTier(1, true), Tier::StrictDeterministic);
  EXPECT_EQ(defaultTier(2, scheduleSensitive(plain)), Tier::ReplayDeterministic);

  Scenario faults = plain;
  faults.faults.push_back(TimedFailure{});
  Scenario budget = plain;
  budget.config.costModel.defaultBudget = 5;
  Scenario latest = plain;
  latest.config.bufferDefault.mode = BufferMode::LatestValue;
  Scenario dropOverride = plain;
  BufferConfig drop;
  drop.policy.kind = BackpressureKind::Drop;
  dropOverride.config.bufferOverrides.push_back({Edge{0, "A", "B"}, drop});
  Scenario speculation = plain;
  speculation.config.speculationEnabled = true;
  for (const Scenario* s : {&faults, &budget, &latest, &dropOverride, &speculation}) {
    EXPECT_TRUE(scheduleSensitive(*s));
    EXPECT_EQ(defaultTier(2, scheduleSensitive(*s)), Tier::EnvelopeBoundedNondeterministic);
  }
}

TEST(Envelope, ASenderRunningAheadOfItsReceiverMakesTheRunScheduleSensitive) {
  // Alternating: every value is received before the next is sent on that edge.
  const Trace alternating = {sent(1, 0, "A", "B", 1, 0), received(2, 0, "A", "B", 1, 1),
                             sent(3, 0, "A", "B", 2, 0), received(4, 0, "A", "B", 2, 1)};
  EXPECT_FALSE(senderRanAhead(result(alternating)));
  // Two edges with one value each in flight: still nobody ran ahead on an edge.
  const Trace twoEdges = {sent(1, 0, "A", "B", 1, 0), sent(1, 0, "C", "B", 1, 2),
                          received(2, 0, "A", "B", 1, 1), received(3, 0, "C", "B", 1, 1)};
  EXPECT_FALSE(senderRanAhead(result(twoEdges)));
  // The second send on A->B comes before the first receive: the edge held two values.
  const Trace ahead = {sent(1, 0, "A", "B", 1, 0), sent(2, 0, "A", "B", 2, 0),
                       received(3, 0, "A", "B", 1, 1), received(4, 0, "A", "B", 2, 1)};
  EXPECT_TRUE(senderRanAhead(result(ahead)));
}

}  // namespace
}  // namespace tt::harness
