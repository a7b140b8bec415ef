// Whole protocols end to end through the public entry point.
#include <gtest/gtest.h>

#include "builders.hpp"
#include "tt/core/json.hpp"

namespace tt::vm::test {
namespace {

using K = ObsEvent::Kind;

TEST(Protocols, OneMessageCompletesWithLeanTicks) {
  const Scenario s = scenario({globalImage(gMsg("A", "B", "m", gEnd()))});
  const RunResult r = runCoop(s);
  EXPECT_EQ(r.outcome, RunOutcome::Completed);
  EXPECT_EQ(r.stepsExecuted, 6u);
  EXPECT_EQ(r.rounds, 6u);
  ASSERT_EQ(kinds(r.trace), (std::vector<K>{K::Opened, K::Sent, K::Received, K::Invoked, K::Invoked}));
  EXPECT_EQ(r.trace[0].tick, 0u);
  EXPECT_FALSE(r.trace[0].coro.has_value());
  EXPECT_EQ(r.trace[1].tick, 1u);
  EXPECT_EQ(r.trace[1].coro, std::optional<CoroutineId>(0));
  EXPECT_EQ(r.trace[1].event.edge, (Edge{0, "A", "B"}));
  EXPECT_EQ(r.trace[1].event.value, Value::unit());
  EXPECT_EQ(r.trace[2].tick, 2u);
  EXPECT_EQ(r.trace[2].coro, std::optional<CoroutineId>(1));
  EXPECT_EQ(r.trace[3].event.endpoint, (Endpoint{0, "A"}));
  ASSERT_EQ(r.snapshot.coroutines.size(), 2u);
  EXPECT_EQ(r.snapshot.coroutines[0].status, CoroStatus::done());
  EXPECT_EQ(r.snapshot.coroutines[0].pc, 3u);  // send, invoke, halt: halt advances the pc
  EXPECT_EQ(r.snapshot.coroutines[1].pc, 6u);
  EXPECT_TRUE(r.snapshot.buffers.empty());
  EXPECT_EQ(r.snapshot.outputConditionChecks.size(), 4u);
}

TEST(Protocols, DocsExampleScenarioRuns) {
  const Scenario s = json::loadScenarioFile(std::string(TT_REPO_DIR) + "/docs/examples/scenario.json");
  const RunResult a = runCoop(s);
  EXPECT_NE(a.outcome, RunOutcome::LoadError) << a.detail;
  const RunResult b = runThreaded(s, 2, 2, s.run.invalidCertificateRounds);
  EXPECT_NE(b.outcome, RunOutcome::LoadError) << b.detail;
}

}  // namespace
}  // namespace tt::vm::test
