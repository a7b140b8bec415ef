// The worker pool, and the threaded driver's plan reuse against planning every round.
#include <gtest/gtest.h>

#include <atomic>
#include <vector>

#include "builders.hpp"
#include "machine.hpp"
#include "tt/core/json.hpp"
#include "tt/vm/workloads.hpp"
#include "worker_pool.hpp"

namespace tt::vm::test {
namespace {

TEST(WorkerPool, EveryTaskRunsExactlyOnceAndTheCallerSeesItsWrites) {
  for (unsigned workers : {1u, 2u, 3u, 8u}) {
    detail::WorkerPool pool(workers);
    EXPECT_EQ(pool.size(), workers);
    for (std::uint32_t tasks : {1u, 2u, 7u, 64u}) {
      std::vector<int> runs(tasks, 0);  // each task writes its own slot
      std::vector<unsigned> by(tasks, 99);
      for (int job = 0; job < 50; ++job) {
        auto f = [&](std::uint32_t t, unsigned w) {
          ++runs[t];
          by[t] = w;
        };
        pool.run(tasks, f);
      }
      for (std::uint32_t t = 0; t < tasks; ++t) {
        EXPECT_EQ(runs[t], 50) << workers << " workers, task " << t;
        EXPECT_LT(by[t], workers);
      }
    }
  }
}

TEST(WorkerPool, HelpersStartWithTheFirstParallelJob) {
  detail::WorkerPool pool(4);
  EXPECT_FALSE(pool.helpersStarted());
  int ran = 0;
  auto one = [&](std::uint32_t, unsigned w) {
    ++ran;
    EXPECT_EQ(w, 0u);
  };
  pool.run(1, one);  // a single task runs on the caller, no threads
  EXPECT_EQ(ran, 1);
  EXPECT_FALSE(pool.helpersStarted());
  std::vector<std::atomic<int>> runs(16);
  auto many = [&](std::uint32_t t, unsigned) { runs[t].fetch_add(1); };
  pool.run(16, many);
  EXPECT_TRUE(pool.helpersStarted());
  for (const auto& r : runs) EXPECT_EQ(r.load(), 1);
}

RunResult runMachine(const Scenario& s, std::uint64_t n, std::uint64_t workers, bool shortcuts) {
  const CompiledScenario cs(s);
  detail::Machine m(cs.compiled());
  m.planReuse = shortcuts;
  m.lazyQueue = shortcuts;
  RunOptions o;
  o.concurrency = n;
  o.workers = workers;
  o.invalidCertificateRounds = s.run.invalidCertificateRounds;
  m.run(o, nullptr);
  return m.result();
}

// Found by the differential check against the oracle: a hooked round right after a steady
// round whose plan changed (a close changed a footprint) must fall back on the queue's
// order, not on the new plan's.
TEST(PlanReuse, AHookedRoundAfterASteadyRoundKeepsTheQueueOrder) {
  const Scenario s = json::loadScenarioFile(std::string(TT_REPO_DIR) + "/vm/tests/data/hook_after_close.json");
  for (std::uint64_t workers : {1u, 3u}) EXPECT_EQ(runMachine(s, 4, workers, true), runMachine(s, 4, workers, false));
  // The round after the hooked one: coroutine 6 sends before coroutine 3 invokes.
  const RunResult r = runMachine(s, 4, 1, true);
  ASSERT_GT(r.trace.size(), 14u);
  EXPECT_EQ(r.trace[13].coro, std::optional<CoroutineId>(6));
  EXPECT_EQ(r.trace[14].coro, std::optional<CoroutineId>(3));
}

TEST(PlanReuse, GivesWhatPlanningEveryRoundGives) {
  Scenario contended = contendedWorkload(20, 80, 2);
  contended.run.invalidCertificateRounds = {3, 40};
  for (const Scenario& s : {disjointWorkload(30, 40, 4), contended}) {
    for (std::uint64_t workers : {1u, 2u}) {
      const RunResult planned = runMachine(s, 3, workers, false);
      EXPECT_EQ(runMachine(s, 3, workers, true), planned) << s.name << " " << workers;
      EXPECT_GT(planned.stepsExecuted, 0u);
    }
  }
}

}  // namespace
}  // namespace tt::vm::test
