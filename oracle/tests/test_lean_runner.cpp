// `runLeanRunner`: the upstream vm_runner under lean-literal semantics (reference A
// §11.3 worked example as corrected by F §1.3, and A §13.2).
#include "test_util.hpp"

namespace tt::oracle::testing {
namespace {

RunnerInput input(std::vector<RunnerInput::Choreography> chs, std::uint64_t maxSteps) {
  RunnerInput in;
  in.choreographies = std::move(chs);
  in.concurrency = 1;
  in.maxSteps = maxSteps;
  return in;
}
RunnerInput::Choreography aToB(Role a = "A", Role b = "B") {
  return {comm(a, b, "msg", endG()), {a, b}};
}

TEST(LeanRunner, ReproducesTheWorkedExampleByteForByte) {
  const RunnerOutput out = runLeanRunner(input({aToB()}, 50));
  EXPECT_EQ(printRunnerJson(runnerOutputToJson(out)),
            "{\"trace\":[{\"tick\":0,\"session\":0,\"roles\":[\"A\",\"B\"],\"kind\":\"opened\"}],"
            "\"steps_executed\":2,\"step_states\":[{\"step_index\":0,\"session_type_counts\":{\"0\":2},"
            "\"selected_coro\":0,\"exec_status\":\"faulted\",\"event\":null},{\"step_index\":1,"
            "\"session_type_counts\":{\"0\":2},\"selected_coro\":1,\"exec_status\":\"faulted\",\"event\":null}],"
            "\"status\":\"completed\",\"sessions\":[{\"terminal\":true,\"sid\":0}],\"concurrency\":1}");
}

TEST(LeanRunner, OneStepPerCoroutineInIdOrderOnlyOpenedEventsNewestSessionFirst) {
  const RunnerOutput out = runLeanRunner(input({aToB(), aToB("C", "D")}, 100));
  EXPECT_TRUE(out.completed);
  EXPECT_EQ(out.stepsExecuted, 4u);
  ASSERT_EQ(out.stepStates.size(), 4u);
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(out.stepStates[k].selectedCoro, k);
    EXPECT_EQ(out.stepStates[k].execStatus, ExecStatus::Faulted);
    EXPECT_FALSE(out.stepStates[k].event);
  }
  ASSERT_EQ(out.sessions.size(), 2u);
  EXPECT_EQ(out.sessions[0].sid, 1u);
  EXPECT_EQ(out.sessions[1].sid, 0u);
  EXPECT_TRUE(out.sessions[0].terminal);
  EXPECT_EQ(traceText(out.trace), (std::vector<std::string>{"0 opened 0 A,B", "0 opened 1 C,D"}));
}

TEST(LeanRunner, FuelBelowTheCoroutineCountEndsStuck) {
  const RunnerOutput out = runLeanRunner(input({aToB(), aToB("C", "D")}, 3));
  EXPECT_FALSE(out.completed);
  EXPECT_EQ(out.stepsExecuted, 3u);
  EXPECT_FALSE(out.sessions[0].terminal);  // session 1's D never ran
}

TEST(LeanRunner, AnEndTypedRoleHalts) {
  const RunnerOutput out = runLeanRunner(input({{comm("A", "B", "msg", endG()), {"A", "B", "Z"}}}, 10));
  ASSERT_EQ(out.stepStates.size(), 3u);
  EXPECT_EQ(out.stepStates[2].execStatus, ExecStatus::Halted);
}

TEST(LeanRunner, AChoreographyThatFailsValidationIsSkippedSilently) {
  auto bad = GlobalType::comm("A", "B", {GlobalBranch{lbl("x"), comm("B", "C", "x", endG())},
                                         GlobalBranch{lbl("y"), comm("B", "C", "y", endG())}});
  const RunnerOutput out = runLeanRunner(input({{bad, {"A", "B", "C"}}, aToB("P", "Q")}, 10));
  ASSERT_EQ(out.sessions.size(), 1u);
  EXPECT_EQ(out.sessions[0].sid, 0u);
  EXPECT_EQ(traceText(out.trace), (std::vector<std::string>{"0 opened 0 P,Q"}));
}

TEST(LeanRunner, NoChoreographyCompletesVacuously) {
  const RunnerOutput out = runLeanRunner(input({}, 5));
  EXPECT_TRUE(out.completed);
  EXPECT_EQ(out.stepsExecuted, 0u);
  EXPECT_TRUE(out.trace.empty());
}

}  // namespace
}  // namespace tt::oracle::testing
