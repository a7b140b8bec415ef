// Image validation and loading (reference A §4.4-4.6) with the load-time repairs.
#include "test_util.hpp"

namespace tt::oracle::testing {
namespace {

using namespace instr;

CodeImage image(std::vector<std::pair<Role, PC>> entries, std::vector<Role> typed) {
  CodeImage img;
  img.program.code = {Halt{}, Halt{}};
  img.program.entryPoints = std::move(entries);
  for (const Role& r : typed) img.program.localTypes.emplace_back(r, LocalType::end());
  return img;
}

std::string failure(const VMState& st, const CodeImage& img) {
  auto f = validateImage(st, img);
  return f ? f->describe() : "ok";
}

TEST(Load, ValidationChecksInLeanOrder) {
  VMState st = initialState(std::make_shared<const VMConfig>());
  EXPECT_EQ(failure(st, image({{"A", 0}}, {"A", "B"})), "validation failed: entry/local role arity mismatch");
  EXPECT_EQ(failure(st, image({{"A", 0}, {"A", 1}}, {"A", "B"})), "validation failed: duplicate entry-point role");
  EXPECT_EQ(failure(st, image({{"A", 0}, {"B", 1}}, {"A", "A"})), "validation failed: duplicate local-type role");
  EXPECT_EQ(failure(st, image({{"A", 0}, {"C", 1}}, {"A", "B"})), "validation failed: entry/local role mismatch");
  EXPECT_EQ(failure(st, image({{"A", 0}, {"B", 1}}, {"A", "B"})), "ok");
}

TEST(Load, ProjectionCheckOnlyForGlobalTypeImages) {
  VMState st = initialState(std::make_shared<const VMConfig>());
  CodeImage img = image({{"A", 0}, {"B", 1}}, {"A", "B"});
  img.globalType = comm("A", "B", "m", endG());  // A's projection is not `end`
  EXPECT_EQ(failure(st, img), "validation failed: projection mismatch for role A");
}

TEST(Load, CapacityLimits) {
  VMConfig cfg;
  cfg.maxSessions = 1;
  cfg.maxCoroutines = 3;
  VMState st = initialState(std::make_shared<const VMConfig>(cfg));
  ASSERT_TRUE(std::holds_alternative<SessionId>(loadChoreography(st, image({{"A", 0}, {"B", 1}}, {"A", "B"}))));
  EXPECT_EQ(failure(st, image({{"C", 0}}, {"C"})), "too many sessions (max 1)");
  cfg.maxSessions = 5;
  VMState st2 = initialState(std::make_shared<const VMConfig>(cfg));
  loadChoreography(st2, image({{"A", 0}, {"B", 1}}, {"A", "B"}));
  EXPECT_EQ(failure(st2, image({{"C", 0}, {"D", 1}}, {"C", "D"})), "too many coroutines (max 3)");
  EXPECT_EQ(st2.coroutines.size(), 2u);  // a failed load changes nothing
}

TEST(Load, InstallsSessionBuffersHandlersAndCoroutines) {
  VMState st = initialState(std::make_shared<const VMConfig>());
  st.clock = 3;
  const auto sid = std::get<SessionId>(loadChoreography(st, image({{"A", 0}, {"B", 1}}, {"A", "B"})));
  EXPECT_EQ(sid, 0u);
  const SessionState* s = st.sessions.find(0);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->handlers.size(), 4u);  // every ordered pair, self-edges included
  EXPECT_EQ(st.sessions.lookupHandler({0, "A", "A"}), std::optional<HandlerId>(0));
  EXPECT_TRUE(st.buffers.lookup({0, "B", "B"}));
  ASSERT_EQ(st.coroutines.size(), 2u);
  const CoroutineState& a = st.coroutines[0];
  EXPECT_EQ(a.regs.size(), 8u);
  EXPECT_EQ(a.regs[0], chanOf(0, "A"));                                  // endpoint-register
  EXPECT_EQ(a.progressTokens, (std::vector<ProgressToken>{{0, {0, "A"}}}));  // progress-token
  EXPECT_EQ(a.ownedEndpoints, (std::vector<Endpoint>{{0, "A"}}));
  EXPECT_EQ(st.coroutines[1].pc, 1u);
  EXPECT_EQ(st.sched.readyQueue.ids(), (std::deque<CoroutineId>{0, 1}));
  ASSERT_EQ(st.obsTrace.size(), 1u);
  EXPECT_EQ(eventText(st.obsTrace[0]), "3 opened 0 A,B");
  EXPECT_EQ(st.nextSessionId, 1u);
}

TEST(Load, LeanLiteralLoadPutsNoEndpointInARegisterAndGivesNoToken) {
  VMState st = initialState(std::make_shared<const VMConfig>(leanLiteral()));
  loadChoreography(st, image({{"A", 0}}, {"A"}));
  EXPECT_EQ(st.coroutines[0].regs[0], Value::unit());
  EXPECT_TRUE(st.coroutines[0].progressTokens.empty());
}

TEST(Load, ByCoroutineLanesAreAssignedAtLoad) {
  VMConfig cfg;
  cfg.lanes = {LaneMode::ByCoroutine, 2};
  VMState st = initialState(std::make_shared<const VMConfig>(cfg));
  loadChoreography(st, image({{"A", 0}, {"B", 1}, {"C", 1}}, {"A", "B", "C"}));
  EXPECT_EQ(laneOf(st.sched, 0), 0u);
  EXPECT_EQ(laneOf(st.sched, 1), 1u);
  EXPECT_EQ(laneOf(st.sched, 2), 0u);
}

TEST(Load, FreshSessionIdsSkipTakenOnes) {
  VMState st = initialState(std::make_shared<const VMConfig>());
  loadChoreography(st, image({{"A", 0}}, {"A"}));
  st.nextSessionId = 0;  // taken
  EXPECT_EQ(nextFreshSessionId(st), 1u);
}

TEST(Load, ScenarioLoadErrorsNameTheImage) {
  auto g = GlobalType::comm("A", "B", {GlobalBranch{lbl("x"), comm("B", "C", "x", endG())},
                                       GlobalBranch{lbl("y"), comm("B", "C", "y", endG())}});
  Scenario s = scenarioOf(operational(), {globalImage(comm("A", "B", "m", endG()), {"A", "B"}),
                                          globalImage(g, {"A", "B", "C"})});
  auto r = loadScenario(s);
  ASSERT_TRUE(std::holds_alternative<std::string>(r));
  EXPECT_EQ(std::get<std::string>(r), "images[1]: validation failed: projection mismatch for role C");
}

}  // namespace
}  // namespace tt::oracle::testing

namespace tt::oracle {
namespace {

// An edge's queue stays first-in first-out across the reclaiming of its dequeued prefix.
TEST(ValueQueue, StaysFifoWhileReclaimingDequeuedValues) {
  ValueQueue q;
  EXPECT_TRUE(q.empty());
  std::uint64_t next = 0, expected = 0;
  for (int round = 0; round < 50; ++round) {
    for (int i = 0; i < round % 7 + 1; ++i) q.push_back(Value::ofNat(next++));
    for (int i = 0; i < round % 5 && !q.empty(); ++i) EXPECT_EQ(q.pop_front(), Value::ofNat(expected++));
    EXPECT_EQ(q.size(), next - expected);
    std::uint64_t k = expected;
    for (const Value& v : q) EXPECT_EQ(v, Value::ofNat(k++));
  }
  while (!q.empty()) EXPECT_EQ(q.pop_front(), Value::ofNat(expected++));
  EXPECT_EQ(expected, next);
}

}  // namespace
}  // namespace tt::oracle
