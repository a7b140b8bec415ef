// The worker pool, and the threaded driver's plan reuse against planning every round.
#include <gtest/gtest.h>

#include <atomic>
#include <vector>

#include "builders.hpp"
#include "machine.hpp"
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

RunResult runMachine(const Scenario& s, std::uint64_t n, std::uint64_t workers, bool reuse) {
  const CompiledScenario cs(s);
  detail::Machine m(cs.compiled());
  m.planReuse = reuse;
  RunOptions o;
  o.concurrency = n;
  o.workers = workers;
  o.invalidCertificateRounds = s.run.invalidCertificateRounds;
  m.run(o, nullptr);
  return m.result();
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
