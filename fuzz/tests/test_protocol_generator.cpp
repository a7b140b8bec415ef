#include <set>

#include <gtest/gtest.h>

#include "random_bytes.hpp"
#include "tt/core/json.hpp"
#include "tt/core/projection.hpp"
#include "tt/fuzz/protocol_generator.hpp"
#include "tt/fuzz/scenario_equal.hpp"

namespace tt::fuzz {
namespace {

using testing::randomInputs;

bool hasNestedMu(const GlobalType& g, int seen = 0) {
  if (g.kind == GlobalType::Kind::Mu && seen >= 1) return true;
  const int now = seen + (g.kind == GlobalType::Kind::Mu ? 1 : 0);
  if (g.body && hasNestedMu(*g.body, now)) return true;
  for (const auto& b : g.branches)
    if (hasNestedMu(*b.cont, now)) return true;
  return false;
}

bool has(const GlobalType& g, bool (*pred)(const GlobalType&)) {
  if (pred(g)) return true;
  if (g.body && has(*g.body, pred)) return true;
  for (const auto& b : g.branches)
    if (has(*b.cont, pred)) return true;
  return false;
}

TEST(ProtocolGenerator, EmptyInputGivesTheSmallestProtocol) {
  const Scenario s = generateProtocolScenario({});
  ASSERT_EQ(s.images.size(), 1u);
  ASSERT_EQ(s.images[0].kind, ImageSpec::Kind::GlobalType);
  const GlobalType& g = *s.images[0].globalType;
  EXPECT_EQ(g.kind, GlobalType::Kind::Comm);
  EXPECT_EQ(g.branches.size(), 1u);
  EXPECT_EQ(g.branches[0].cont->kind, GlobalType::Kind::End);
  EXPECT_EQ(s.run.concurrency, std::vector<std::uint64_t>{1});
  EXPECT_TRUE(s.faults.empty());
}

TEST(ProtocolGenerator, EveryInputGivesAScenarioThatLoadsAndRoundTripsThroughJson) {
  for (const auto& bytes : randomInputs(1500, 300)) {
    const Scenario s = generateProtocolScenario(bytes);
    const std::string text = json::canonical(json::scenarioToJson(s));
    Scenario back;
    ASSERT_NO_THROW(back = json::loadScenarioText(text)) << text;
    const auto diff = scenarioDifference(s, back);
    EXPECT_FALSE(diff) << "differs at " << *diff << "\n" << text;
  }
}

TEST(ProtocolGenerator, SameBytesGiveTheSameScenario) {
  for (const auto& bytes : randomInputs(300, 200, 7)) {
    const Scenario a = generateProtocolScenario(bytes);
    const Scenario b = generateProtocolScenario(bytes);
    EXPECT_TRUE(sameScenario(a, b));
    EXPECT_EQ(json::canonical(json::scenarioToJson(a)), json::canonical(json::scenarioToJson(b)));
  }
}

TEST(ProtocolGenerator, GlobalTypesProjectForEveryRoleWithoutFallingBack) {
  for (const auto& bytes : randomInputs(2000, 120, 3)) {
    ByteReader in(bytes);
    GlobalTypeShape shape;
    shape.roles = rolePool(2 + bytes.size() % 5);
    shape.delegable = {shape.roles, rolePool(3)};
    bool fellBack = true;
    const GlobalTypePtr g = generateGlobalType(in, shape, &fellBack);
    EXPECT_FALSE(fellBack) << json::canonical(json::globalTypeToJson(*g));
    for (const Role& r : globalRoles(*g)) EXPECT_TRUE(projectR(*g, r)) << r;
    const auto roles = globalRoles(*g);
    EXPECT_GE(roles.size(), 2u);
    EXPECT_LE(roles.size(), 6u);
  }
}

// The generator must keep producing every shape and every corner of the config space the
// issue asks for; this fails if a change makes one of them unreachable.
TEST(ProtocolGenerator, DrawsFromTheWholeSpace) {
  std::set<std::string> seen;
  for (const auto& bytes : randomInputs(3000, 300, 11)) {
    const Scenario s = generateProtocolScenario(bytes);
    if (s.images.size() >= 2) seen.insert("several images");
    for (const ImageSpec& image : s.images) {
      const GlobalType& g = *image.globalType;
      if (globalRoles(g).size() == 6) seen.insert("six roles");
      if (has(g, [](const GlobalType& x) { return x.kind == GlobalType::Kind::Comm && x.branches.size() >= 3; }))
        seen.insert("three branches");
      if (has(g, [](const GlobalType& x) { return x.kind == GlobalType::Kind::Delegate; })) seen.insert("delegate");
      if (has(g, [](const GlobalType& x) { return x.kind == GlobalType::Kind::Var; })) seen.insert("recursion");
      if (hasNestedMu(g)) seen.insert("nested recursion");
    }
    const VMConfig& c = s.config;
    seen.insert("policy " + std::to_string(static_cast<int>(c.schedPolicy.kind)));
    seen.insert("backpressure " + std::to_string(static_cast<int>(c.bufferDefault.policy.kind)));
    if (c.bufferDefault.mode == BufferMode::LatestValue) seen.insert("latest value");
    if (c.bufferDefault.initialCapacity <= 2) seen.insert("small capacity");
    if (!c.bufferOverrides.empty()) seen.insert("buffer override");
    if (c.monitorMode == MonitorMode::Off) seen.insert("monitor off");
    if (c.lanes.mode == LaneMode::ByCoroutine && c.lanes.count >= 2) seen.insert("lanes");
    if (c.outputCondition.kind == OutputConditionPolicyKind::DenyAll) seen.insert("output deny");
    if (c.costModel.defaultBudget < 100) seen.insert("cost budget");
    if (c.speculationEnabled) seen.insert("speculation");
    if (c.flowPolicy.kind == FlowPolicy::Kind::PredicateExpr) seen.insert("flow predicate");
    for (const TimedFailure& f : s.faults) seen.insert("fault " + std::string(failureKindName(f.failure.kind)));
    if (s.run.concurrency.size() > 1) seen.insert("concurrency > 1");
    if (!s.run.invalidCertificateRounds.empty()) seen.insert("invalid certificate");
  }
  const std::vector<std::string> expected{
      "several images", "six roles", "three branches", "delegate", "recursion", "nested recursion",
      "policy 0", "policy 1", "policy 2", "policy 3", "backpressure 0", "backpressure 1", "backpressure 2",
      "backpressure 3", "latest value", "small capacity", "buffer override", "monitor off", "lanes",
      "output deny", "cost budget", "speculation", "flow predicate", "concurrency > 1", "invalid certificate"};
  for (const std::string& e : expected) EXPECT_TRUE(seen.count(e)) << "never generated: " << e;
  for (auto k : {Failure::Kind::SiteCrash, Failure::Kind::Partition, Failure::Kind::Heal, Failure::Kind::Corrupt, Failure::Kind::Timeout})
    EXPECT_TRUE(seen.count("fault " + std::string(failureKindName(k)))) << failureKindName(k);
}

}  // namespace
}  // namespace tt::fuzz
