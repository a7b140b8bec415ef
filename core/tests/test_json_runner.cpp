// Upstream vm_runner documents: the tolerant input reader, the event subset, the output
// document and its byte format (descending keys, Lean escaping; F §1.3), normalizeVmTrace.
#include <gtest/gtest.h>

#include "json_test_util.hpp"
#include "tt/core/upstream_runner.hpp"
#include "type_builders.hpp"

namespace tt {
namespace {

using namespace tt::test;

const char* kInput = R"({"choreographies":[{"global_type":{"kind":"comm","sender":"A","receiver":"B",
  "branches":[{"label":{"name":"msg","sort":"unit"},"continuation":{"kind":"end"}}]},
  "roles":["A","B"]}],"concurrency":1,"max_steps":50})";

TEST(RunnerInput, ReadsTheReferenceExample) {
  const RunnerInput in = runnerInputFromJson(js(kInput));
  ASSERT_EQ(in.choreographies.size(), 1u);
  EXPECT_TRUE(*in.choreographies[0].globalType == *gMsg("A", "B", "msg", gEnd()));
  EXPECT_EQ(in.choreographies[0].roles, (std::vector<Role>{"A", "B"}));
  EXPECT_EQ(in.concurrency, 1u);
  EXPECT_EQ(in.maxSteps, 50u);
}

TEST(RunnerInput, RoundTrips) {
  const RunnerInput in = runnerInputFromJson(js(kInput));
  const RunnerInput back = runnerInputFromJson(runnerInputToJson(in));
  EXPECT_EQ(json::canonical(runnerInputToJson(back)), json::canonical(runnerInputToJson(in)));
  EXPECT_EQ(json::canonical(runnerInputToJson(in)), json::canonical(js(kInput)));
}

TEST(RunnerInput, IgnoresUnknownFieldsAsUpstreamDoes) {
  const RunnerInput in = runnerInputFromJson(js(R"({"schema_version":"lean_bridge.v1","concurrency":0,"max_steps":3,
    "choreographies":[{"schema_version":"x","roles":["A"],"global_type":{"kind":"end","note":1}}]})"));
  EXPECT_EQ(in.concurrency, 0u);  // accepted and ignored (F D15)
  EXPECT_TRUE(*in.choreographies[0].globalType == *gEnd());
  // Unlike scenarios, a listed role need not take part and variables may be free.
  EXPECT_NO_THROW(runnerInputFromJson(js(R"({"concurrency":1,"max_steps":1,
    "choreographies":[{"roles":["Z"],"global_type":{"kind":"var","name":"t"}}]})")));
}

TEST(RunnerInput, HardErrors) {
  EXPECT_TRUE(failsWith([] { runnerInputFromJson(js(R"({"concurrency":1,"max_steps":1})")); }, "", "missing field \"choreographies\""));
  EXPECT_TRUE(failsWith([] { runnerInputFromJson(js(R"({"choreographies":[],"max_steps":1})")); }, "", "missing field \"concurrency\""));
  EXPECT_TRUE(failsWith([] { runnerInputFromJson(js(R"({"choreographies":[],"concurrency":1,"max_steps":"9"})")); }, "max_steps",
                        "expected a non-negative integer, got string"));
  EXPECT_TRUE(failsWith([] { runnerInputFromJson(js(R"({"choreographies":[{"roles":[]}],"concurrency":1,"max_steps":1})")); },
                        "choreographies[0]", "missing field \"global_type\""));
  EXPECT_TRUE(failsWith([] { runnerInputFromJson(js(R"({"choreographies":[{"global_type":{"kind":"end"}}],"concurrency":1,"max_steps":1})")); },
                        "choreographies[0]", "missing field \"roles\""));
  EXPECT_TRUE(failsWith([] { runnerInputFromJson(js(R"({"choreographies":[{"global_type":{"kind":"end"},"roles":[1]}],"concurrency":1,"max_steps":1})")); },
                        "choreographies[0].roles[0]", "expected a string, got integer"));
}

ObsEvent opened(SessionId sid, std::vector<Role> roles) {
  ObsEvent e;
  e.kind = ObsEvent::Kind::Opened;
  e.sid = sid;
  e.roles = std::move(roles);
  return e;
}

// F §1.3: A's worked example as Lean really prints it.
TEST(RunnerOutput, ByteFormatHasDescendingKeys) {
  RunnerOutput out;
  out.concurrency = 1;
  out.sessions = {{0, true}};
  out.completed = true;
  for (std::uint64_t k = 0; k < 2; ++k) {
    RunnerOutput::StepState st;
    st.execStatus = ExecStatus::Faulted;
    st.selectedCoro = k;
    st.sessionTypeCounts = {{0, 2}};
    st.stepIndex = k;
    out.stepStates.push_back(st);
  }
  out.stepsExecuted = 2;
  out.trace = {{0, opened(0, {"A", "B"}), std::nullopt}};
  EXPECT_EQ(printRunnerJson(runnerOutputToJson(out)),
            R"({"trace":[{"tick":0,"session":0,"roles":["A","B"],"kind":"opened"}],"steps_executed":2,)"
            R"("step_states":[{"step_index":0,"session_type_counts":{"0":2},"selected_coro":0,"exec_status":"faulted","event":null},)"
            R"({"step_index":1,"session_type_counts":{"0":2},"selected_coro":1,"exec_status":"faulted","event":null}],)"
            R"("status":"completed","sessions":[{"terminal":true,"sid":0}],"concurrency":1})");
}

TEST(RunnerOutput, SessionCountKeysSortAsStringsAndStuckStatus) {
  RunnerOutput out;
  out.completed = false;
  RunnerOutput::StepState st;
  st.sessionTypeCounts = {{0, 1}, {1, 1}, {9, 2}, {10, 3}};
  ObsEvent sent;
  sent.kind = ObsEvent::Kind::Sent;
  sent.edge = {10, "A", "B"};
  sent.value = Value::ofNat(4);
  st.event = TickedObsEvent{7, sent, CoroutineId{0}};
  st.execStatus = ExecStatus::Continue;
  out.stepStates.push_back(st);
  const std::string text = printRunnerJson(runnerOutputToJson(out));
  EXPECT_NE(text.find(R"("session_type_counts":{"9":2,"10":3,"1":1,"0":1})"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("status":"stuck")"), std::string::npos);
  EXPECT_NE(text.find(R"("event":{"value":{"value":4,"kind":"nat"},"tick":7,"session":10,"sender":"A","receiver":"B","kind":"sent"})"),
            std::string::npos) << text;
}

TEST(RunnerOutput, StringsAreEscapedAsLeanDoes) {
  const boost::json::value v = boost::json::value(std::string("a\"b\\c\nd\re\tf\x1f\x7fg\xc3\xa9"));
  EXPECT_EQ(printRunnerJson(v), "\"a\\\"b\\\\c\\nd\\re\\u0009f\\u001f\x7fg\xc3\xa9\"");
}

TEST(RunnerEvent, EveryKindHasLeansFieldSubset) {
  using K = ObsEvent::Kind;
  const auto text = [](ObsEvent e) { return printRunnerJson(runnerEventToJson({5, std::move(e), std::nullopt})); };
  ObsEvent e;
  e.kind = K::Received;
  e.edge = {1, "A", "B"};
  e.value = Value::prod(Value::ofChan({0, "A"}), Value::ofBool(false));
  e.seqNo = 3;
  EXPECT_EQ(text(e), R"({"value":{"right":{"value":false,"kind":"bool"},"left":{"session":0,"role":"A","kind":"chan"},"kind":"prod"},)"
                     R"("tick":5,"session":1,"sender":"A","receiver":"B","kind":"received"})");
  e = {};
  e.kind = K::Offered;
  e.edge = {1, "A", "B"};
  e.label = "yes";
  EXPECT_EQ(text(e), R"({"tick":5,"session":1,"sender":"A","receiver":"B","label":"yes","kind":"offered"})");
  e.kind = K::Chose;
  EXPECT_EQ(text(e), R"({"tick":5,"session":1,"sender":"A","receiver":"B","label":"yes","kind":"chose"})");
  e = {};
  e.kind = K::Closed;
  e.sid = 2;
  EXPECT_EQ(text(e), R"({"tick":5,"session":2,"kind":"closed"})");
  e.kind = K::Joined;
  EXPECT_EQ(text(e), R"({"tick":5,"session":2,"kind":"joined"})");
  e.kind = K::Aborted;
  EXPECT_EQ(text(e), R"({"tick":5,"session":2,"kind":"aborted"})");
  e.kind = K::EpochAdvanced;
  e.epoch = 1;
  EXPECT_EQ(text(e), R"({"tick":5,"session":2,"kind":"epoch_advanced","epoch":1})");
  e.kind = K::Forked;
  e.ghostSid = 2;
  EXPECT_EQ(text(e), R"({"tick":5,"session":2,"kind":"forked","ghost":2})");
  e = {};
  e.kind = K::Transferred;
  e.endpoint = {3, "B"};
  e.fromCoro = 1;
  e.toCoro = 4;
  EXPECT_EQ(text(e), R"({"to":4,"tick":5,"session":3,"role":"B","kind":"transferred","from":1})");
  e = {};
  e.kind = K::Acquired;
  e.endpoint = {3, "B"};
  e.layer = "L";
  EXPECT_EQ(text(e), R"({"tick":5,"session":3,"role":"B","layer":"L","kind":"acquired"})");
  e.kind = K::Released;
  EXPECT_EQ(text(e), R"({"tick":5,"session":3,"role":"B","layer":"L","kind":"released"})");
  e.kind = K::Invoked;
  EXPECT_EQ(text(e), R"({"tick":5,"session":3,"role":"B","kind":"invoked"})");
  e = {};
  e.kind = K::Tagged;
  e.fact = {{0, "A"}, "f"};
  EXPECT_EQ(text(e), R"({"tick":5,"kind":"tagged"})");
  e = {};
  e.kind = K::Checked;
  e.target = "B";
  e.permitted = true;
  EXPECT_EQ(text(e), R"({"tick":5,"permitted":true,"kind":"checked"})");
  e = opened(4, {"A"});
  EXPECT_EQ(text(e), R"({"tick":5,"session":4,"roles":["A"],"kind":"opened"})");
  e = {};
  e.kind = K::Sent;
  e.edge = {0, "A", "B"};
  EXPECT_EQ(text(e), R"({"value":{"kind":"unit"},"tick":5,"session":0,"sender":"A","receiver":"B","kind":"sent"})");
}

TEST(NormalizeVmTrace, PerSessionRunningCountsAndSessionlessEventsKeepTheirTick) {
  ObsEvent tagged;
  tagged.kind = ObsEvent::Kind::Tagged;
  ObsEvent closed1;
  closed1.kind = ObsEvent::Kind::Closed;
  closed1.sid = 1;
  const Trace raw = {{0, opened(0, {"A"}), std::nullopt},
                     {0, opened(1, {"B"}), std::nullopt},
                     {3, tagged, CoroutineId{0}},
                     {4, closed1, CoroutineId{1}},
                     {9, opened(0, {"C"}), CoroutineId{0}}};
  const Trace n = normalizeVmTrace(raw);
  ASSERT_EQ(n.size(), raw.size());
  EXPECT_EQ(n[0].tick, 0u);
  EXPECT_EQ(n[1].tick, 0u);
  EXPECT_EQ(n[2].tick, 3u);  // no session: global tick kept
  EXPECT_EQ(n[3].tick, 1u);
  EXPECT_EQ(n[4].tick, 1u);
  EXPECT_EQ(n[4].event, raw[4].event);
  EXPECT_EQ(n[4].coro, raw[4].coro);
}

}  // namespace
}  // namespace tt
