// Steady rounds run in batches (steady_rounds.hpp) give exactly what running the same
// rounds one by one gives — trace, ticks, ids, snapshot, outcome and the plan's metrics —
// for every worker count, on workloads where the plan changes in the middle of a batch:
// sessions finishing, opens (new sessions, barriers), an invalid certificate, scripted
// faults, fuel or a resource cap running out, receivers woken, the trace switched off.
#include <gtest/gtest.h>

#include "builders.hpp"
#include "machine.hpp"
#include "tt/vm/workloads.hpp"

namespace tt::vm::test {
namespace {

struct Outcome {
  RunResult result;
  Metrics metrics;
};

Outcome runMachine(const Scenario& s, std::uint64_t n, std::uint64_t workers, bool batch, bool trace = true) {
  const CompiledScenario cs(s);
  detail::Machine m(cs.compiled());
  m.batchRounds = batch;
  RunOptions o;
  o.concurrency = n;
  o.workers = workers;
  o.trace = trace;
  o.invalidCertificateRounds = s.run.invalidCertificateRounds;
  Outcome out;
  m.run(o, &out.metrics);
  out.result = m.result();
  return out;
}

// Batched against round by round, for W = 1..4; returns the batched rounds at W = 2.
std::uint64_t expectBatchesChangeNothing(const Scenario& s, std::uint64_t n, bool trace = true) {
  const Outcome plain = runMachine(s, n, 1, false, trace);
  EXPECT_EQ(plain.metrics.batchedRounds, 0u);
  std::uint64_t batched = 0;
  for (std::uint64_t w : {1u, 2u, 3u, 4u}) {
    const Outcome b = runMachine(s, n, w, true, trace);
    EXPECT_EQ(b.result, plain.result) << s.name << " workers=" << w;
    // What the plan and the rounds were is the same; only how they ran differs.
    EXPECT_EQ(b.metrics.steps, plain.metrics.steps) << w;
    EXPECT_EQ(b.metrics.rounds, plain.metrics.rounds) << w;
    EXPECT_EQ(b.metrics.certifiedRounds, plain.metrics.certifiedRounds) << w;
    EXPECT_EQ(b.metrics.waves, plain.metrics.waves) << w;
    EXPECT_DOUBLE_EQ(b.metrics.meanWaveWidth, plain.metrics.meanWaveWidth) << w;
    EXPECT_EQ(b.metrics.maxWaveWidth, plain.metrics.maxWaveWidth) << w;
    EXPECT_EQ(b.metrics.plannerConflicts, plain.metrics.plannerConflicts) << w;
    EXPECT_EQ(b.metrics.fallbacks, plain.metrics.fallbacks) << w;
    if (w == 2) batched = b.metrics.batchedRounds;
  }
  return batched;
}

// Sessions of different lengths: they finish (halt) at different rounds, each finish ends
// a batch and changes the plan.
Scenario finiteSessions(std::uint64_t images) {
  std::vector<ImageSpec> specs;
  for (std::uint64_t i = 0; i < images; ++i) {
    GlobalTypePtr g = gEnd();
    for (std::uint64_t k = 0; k < 3 + (i * 7) % 23; ++k) g = gMsg("A", "B", "m", g);
    specs.push_back(globalImage(g));
  }
  Scenario s = scenario(std::move(specs), 400);
  s.config.lanes = {LaneMode::ByCoroutine, 4};
  s.name = "finite";
  return s;
}

// P sends to Q a few times (more for later images), opens a session, sends and receives
// on it (its key moves to the new session, in another block), then loops sending to Q.
Scenario opensMidRun(std::uint64_t images) {
  std::vector<ImageSpec> specs;
  for (std::uint64_t i = 0; i < images; ++i) {
    Bytecode p;
    for (std::uint64_t k = 0; k < 2 + i % 9; ++k) p.push_back(instr::Send{0, 1});
    p.push_back(openXY());
    p.push_back(instr::Set{1, Value::ofNat(7)});
    p.push_back(instr::Send{2, 1});
    p.push_back(instr::Receive{3, 4});
    const auto loop = static_cast<std::uint32_t>(p.size());
    p.push_back(instr::Send{0, 1});
    p.push_back(instr::Jump{loop});
    const auto q0 = static_cast<std::uint32_t>(p.size());
    const Bytecode q = {instr::Receive{0, 1}, instr::Jump{q0}};
    specs.push_back(programImage({{"P", p}, {"Q", q}}, {{"P", rMu("t", rSend("Q", "m", rVar("t")))},
                                                         {"Q", rMu("t", rRecv("P", "m", rVar("t")))}}));
  }
  Scenario s = scenario(std::move(specs), 120);
  s.config.lanes = {LaneMode::ByCoroutine, 4};
  s.name = "opens";
  return s;
}

TEST(SteadyRounds, DisjointSessionsRunInBatches) {
  EXPECT_GT(expectBatchesChangeNothing(disjointWorkload(300, 60, 8), 8), 30u);
}

TEST(SteadyRounds, SessionsFinishingMidBatch) { EXPECT_GT(expectBatchesChangeNothing(finiteSessions(200), 4), 0u); }

TEST(SteadyRounds, OpensAndKeysMovingToAnotherSession) {
  const Scenario s = opensMidRun(150);
  const RunResult r = runThreaded(s, 4, 2);
  EXPECT_GT(r.snapshot.sessions.size(), 150u);  // the opens ran
  EXPECT_GT(expectBatchesChangeNothing(s, 4), 0u);
}

TEST(SteadyRounds, AnInvalidCertificateBetweenBatches) {
  Scenario s = disjointWorkload(200, 50, 8);
  s.run.invalidCertificateRounds = {7, 8, 23, 49};
  EXPECT_GT(expectBatchesChangeNothing(s, 8), 0u);
  const Outcome o = runMachine(s, 8, 2, true);
  EXPECT_EQ(o.metrics.fallbacks, 4u);
}

TEST(SteadyRounds, ScriptedFaultsBetweenBatches) {
  Scenario s = disjointWorkload(150, 60, 8);
  Failure part;
  part.kind = Failure::Kind::Partition;
  part.edges = {{3, "A", "B"}, {77, "A", "B"}};
  Failure heal = part;
  heal.kind = Failure::Kind::Heal;
  s.faults = {{12, part}, {31, heal}};
  EXPECT_GT(expectBatchesChangeNothing(s, 8), 0u);
}

TEST(SteadyRounds, FuelRunsOutInABatch) {
  for (std::uint64_t fuel : {2u, 3u, 37u}) {
    const Scenario s = disjointWorkload(100, fuel, 8);
    expectBatchesChangeNothing(s, 8);
    EXPECT_EQ(runMachine(s, 8, 2, true).result.outcome, RunOutcome::FuelExhausted);
  }
}

TEST(SteadyRounds, ResourceCapsCrossedInABatch) {
  Scenario traceCap = disjointWorkload(100, 80, 8);
  traceCap.config.limits.maxTraceEvents = 2777;
  expectBatchesChangeNothing(traceCap, 8);
  EXPECT_EQ(runMachine(traceCap, 8, 2, true).result.outcome, RunOutcome::ResourceLimit);
  Scenario bufferCap = disjointWorkload(100, 80, 8);
  bufferCap.config.limits.maxBufferedValues = 20;  // a few sessions' buffers hold one value
  expectBatchesChangeNothing(bufferCap, 8);
}

TEST(SteadyRounds, ReceiversWokenEveryRound) {
  Scenario s = contendedWorkload(60, 80, 2);
  s.run.invalidCertificateRounds = {5, 17};
  expectBatchesChangeNothing(s, 2);
}

TEST(SteadyRounds, TraceOff) {
  EXPECT_GT(expectBatchesChangeNothing(disjointWorkload(200, 40, 8), 8, false), 0u);
  EXPECT_GT(expectBatchesChangeNothing(finiteSessions(100), 4, false), 0u);
}

}  // namespace
}  // namespace tt::vm::test
