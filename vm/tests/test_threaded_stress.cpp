// The threaded driver gives the same result — trace, ticks, ids, snapshot — for W = 1, 2,
// 4, 8 workers at the same n, over repeated runs, on workloads with wide parallel segments
// and on one full of barrier instructions (open, transfer, spawn, fork, abort) between
// them. Labelled `sanitizer`: the tsan/asan presets run it, the default preset skips it.
#include <gtest/gtest.h>

#include "builders.hpp"
#include "tt/core/json.hpp"
#include "tt/vm/workloads.hpp"

namespace tt::vm::test {
namespace {

// Per image: P loops sending to Q while opening sessions, handing Y to Q, spawning a child;
// Q loops receiving and speculating (fork, abort: the trace is truncated mid-round).
Scenario barriers(std::uint64_t images, std::uint64_t fuel) {
  std::vector<ImageSpec> specs;
  for (std::uint64_t i = 0; i < images; ++i) {
    const CoroutineId q = 2 * i + 1;
    Bytecode p = {instr::Send{0, 1},   openXY(), instr::Set{5, Value::ofNat(q)}, instr::Transfer{3, 5, 0},
                  instr::Spawn{8, {}}, instr::Set{1, Value::ofNat(7)}, instr::Send{2, 1}, instr::Jump{0},
                  instr::Invoke{},     instr::Halt{}};
    Bytecode qc = {instr::Receive{0, 1}, instr::Set{2, Value::ofNat(3 + i)}, instr::Fork{2}, instr::Abort{},
                   instr::Jump{10}};
    specs.push_back(programImage({{"P", p}, {"Q", qc}}, {{"P", rMu("t", rSend("Q", "m", rVar("t")))},
                                                         {"Q", rMu("t", rRecv("P", "m", rVar("t")))}}));
  }
  Scenario s = scenario(std::move(specs), fuel);
  s.config.speculationEnabled = true;
  s.config.lanes = {LaneMode::ByCoroutine, 4};
  return s;
}

void expectSameForAllWorkerCounts(const Scenario& s, std::uint64_t n, const std::vector<std::uint64_t>& hooks = {}) {
  const RunResult reference = runThreaded(s, n, 1, hooks);
  EXPECT_NE(reference.outcome, RunOutcome::LoadError) << reference.detail;
  for (int repeat = 0; repeat < 3; ++repeat)
    for (std::uint64_t w : {1, 2, 4, 8}) {
      const RunResult r = runThreaded(s, n, w, hooks);
      ASSERT_EQ(r, reference) << s.name << " n=" << n << " workers=" << w << " repeat " << repeat;
    }
}

TEST(ThreadedStress, DisjointSessions) { expectSameForAllWorkerCounts(disjointWorkload(200, 40, 8), 8); }

TEST(ThreadedStress, ContendedRings) { expectSameForAllWorkerCounts(contendedWorkload(60, 60, 2), 2, {5, 17}); }

TEST(ThreadedStress, BarrierInstructionsBetweenParallelSegments) {
  const Scenario s = barriers(40, 60);
  const RunResult r = runThreaded(s, 4, 2);
  EXPECT_GT(r.snapshot.sessions.size(), 40u);     // opens ran
  EXPECT_GT(r.snapshot.coroutines.size(), 80u);   // spawns ran
  expectSameForAllWorkerCounts(s, 4);
  expectSameForAllWorkerCounts(s, 3, {7});
}

TEST(ThreadedStress, DocsExample) {
  const Scenario s = json::loadScenarioFile(std::string(TT_REPO_DIR) + "/docs/examples/scenario.json");
  expectSameForAllWorkerCounts(s, 2, s.run.invalidCertificateRounds);
}

}  // namespace
}  // namespace tt::vm::test
