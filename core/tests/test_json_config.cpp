// VMConfig (Lean fields in snake_case plus profile, repairs, lanes, limits) and Failure.
#include <gtest/gtest.h>

#include "json_test_util.hpp"

namespace tt {
namespace {

using namespace tt::test;

VMConfig config(std::string_view text) { return json::configFromJson(js(text), "config"); }

TEST(JsonConfig, EmptyObjectGivesEveryLeanDefault) {
  const VMConfig c = config("{}");
  EXPECT_EQ(c, VMConfig{});
  EXPECT_EQ(c.bufferDefault.initialCapacity, 16u);
  EXPECT_EQ(c.maxCoroutines, 1024u);
  EXPECT_EQ(c.maxSessions, 256u);
  EXPECT_EQ(c.costModel.defaultBudget, 18446744073709551615ULL);
  EXPECT_EQ(c.repairs, Repairs::all());
}

VMConfig everyFieldChanged() {
  VMConfig c;
  c.configVersion = 2;
  c.bufferDefault = {BufferMode::LatestValue, 4, {BackpressureKind::Resize, 9}};
  c.bufferOverrides = {{Edge{0, "A", "B"}, {BufferMode::Fifo, 1, {BackpressureKind::Drop, 0}}},
                       {Edge{1, "B", "A"}, {BufferMode::Fifo, 2, {BackpressureKind::Error, 0}}}};
  c.schedPolicy.kind = SchedPolicyKind::Priority;
  c.schedPolicy.priorities = {{0, 5}, {12, 1}};
  c.flowPolicy.kind = FlowPolicy::Kind::PredicateExpr;
  FlowPredicate prefix{FlowPredicate::Kind::TargetRolePrefix, "B", {}};
  FlowPredicate contains{FlowPredicate::Kind::FactContains, "ok", {}};
  FlowPredicate match{FlowPredicate::Kind::EndpointRoleMatchesTarget, "", {}};
  FlowPredicate any{FlowPredicate::Kind::Any, "", {contains, match}};
  c.flowPolicy.predicate = {FlowPredicate::Kind::All, "", {prefix, any}};
  c.spatialOk = false;
  c.transportOk = false;
  c.maxCoroutines = 3;
  c.maxSessions = 4;
  c.monitorMode = MonitorMode::Off;
  c.guardChain = {{"L1", "L2"}, {"L1"}, {"L1"}};
  c.outputCondition = {OutputConditionPolicyKind::PredicateAllowList, {"vm.observable_output"}};
  c.costModel.stepCost[static_cast<std::size_t>(Opcode::Send)] = 3;
  c.costModel.stepCost[static_cast<std::size_t>(Opcode::Halt)] = 0;
  c.costModel.minCost = 1;
  c.costModel.defaultBudget = 100;
  c.speculationEnabled = true;
  c.maxSpeculationDepth = 2;
  c.profile = Profile::LeanLiteral;
  c.repairs = Repairs::none();
  c.repairs.set(Repair::SchedSendUnblock, true);
  c.lanes = {LaneMode::ByCoroutine, 3};
  c.limits.maxRoles = 4;
  c.limits.maxTraceEvents = 99;
  return c;
}

TEST(JsonConfig, EveryFieldRoundTrips) {
  const VMConfig c = everyFieldChanged();
  const auto j = json::configToJson(c);
  EXPECT_EQ(json::configFromJson(j, "config"), c) << json::canonical(j);
}

TEST(JsonConfig, EveryVariantOfEveryPolicyRoundTrips) {
  for (auto k : {SchedPolicyKind::Cooperative, SchedPolicyKind::RoundRobin, SchedPolicyKind::ProgressAware}) {
    VMConfig c;
    c.schedPolicy.kind = k;
    EXPECT_EQ(json::configFromJson(json::configToJson(c), "c"), c);
  }
  for (auto k : {FlowPolicy::Kind::AllowAll, FlowPolicy::Kind::DenyAll, FlowPolicy::Kind::AllowRoles, FlowPolicy::Kind::DenyRoles}) {
    VMConfig c;
    c.flowPolicy.kind = k;
    if (k == FlowPolicy::Kind::AllowRoles || k == FlowPolicy::Kind::DenyRoles) c.flowPolicy.roles = {"A", "B"};
    EXPECT_EQ(json::configFromJson(json::configToJson(c), "c"), c);
  }
  for (auto k : {OutputConditionPolicyKind::Disabled, OutputConditionPolicyKind::AllowAll, OutputConditionPolicyKind::DenyAll}) {
    VMConfig c;
    c.outputCondition.kind = k;
    EXPECT_EQ(json::configFromJson(json::configToJson(c), "c"), c);
  }
  for (auto k : {BackpressureKind::Block, BackpressureKind::Drop, BackpressureKind::Error}) {
    VMConfig c;
    c.bufferDefault.policy.kind = k;
    EXPECT_EQ(json::configFromJson(json::configToJson(c), "c"), c);
  }
}

TEST(JsonConfig, WireNames) {
  const auto j = json::configToJson(everyFieldChanged());
  const auto& o = j.as_object();
  EXPECT_EQ(json::canonical(o.at("buffer")), R"({"initial_capacity":4,"mode":"latest_value","policy":{"resize":{"max_capacity":9}}})");
  EXPECT_EQ(json::canonical(o.at("sched_policy")), R"({"priority":{"0":5,"12":1}})");
  EXPECT_EQ(json::canonical(o.at("flow_policy")),
            R"({"predicate_expr":{"all":[{"target_role_prefix":"B"},{"any":[{"fact_contains":"ok"},"endpoint_role_matches_target"]}]}})");
  EXPECT_EQ(json::canonical(o.at("lanes")), R"({"by_coroutine":3})");
  EXPECT_EQ(json::canonical(o.at("monitor_mode")), R"("off")");
  EXPECT_EQ(json::canonical(o.at("profile")), R"("lean-literal")");
  EXPECT_EQ(o.at("repairs").as_object().size(), kRepairCount);
  EXPECT_EQ(o.at("cost_model").at("step_cost").at("send"), 3);
  EXPECT_EQ(json::canonical(json::configToJson(VMConfig{}).at("lanes")), R"("single")");
}

TEST(JsonConfig, ProfileSetsTheRepairsAndRepairsOverrideOneByOne) {
  EXPECT_EQ(config(R"({"profile":"lean-literal"})").repairs, Repairs::none());
  EXPECT_EQ(config(R"({"profile":"operational"})").repairs, Repairs::all());
  const VMConfig c = config(R"({"profile":"lean-literal","repairs":{"repair.load.endpoint-register":true}})");
  Repairs want = Repairs::none();
  want.set(Repair::LoadEndpointRegister, true);
  EXPECT_EQ(c.repairs, want);
  const VMConfig d = config(R"({"repairs":{"repair.sched.resume-status":false}})");
  EXPECT_FALSE(d.repairs.has(Repair::SchedResumeStatus));
  EXPECT_TRUE(d.repairs.has(Repair::SchedSendUnblock));
}

TEST(JsonConfig, Errors) {
  EXPECT_TRUE(failsWith([] { config(R"({"buffer":{"initial_capacity":"16"}})"); }, "config.buffer.initial_capacity",
                        "expected a non-negative integer, got string"));
  EXPECT_TRUE(failsWith([] { config(R"({"foo":1})"); }, "config.foo", "unknown field"));
  EXPECT_TRUE(failsWith([] { config(R"({"buffer":{"size":1}})"); }, "config.buffer.size", "unknown field"));
  EXPECT_TRUE(failsWith([] { config(R"({"profile":"fast"})"); }, "config.profile", "unknown profile \"fast\" (operational | lean-literal)"));
  EXPECT_TRUE(failsWith([] { config(R"({"repairs":{"repair.x":true}})"); }, "config.repairs[\"repair.x\"]", "unknown repair \"repair.x\""));
  EXPECT_TRUE(failsWith([] { config(R"({"repairs":{"repair.load.pc-relocation":1}})"); }, "config.repairs[\"repair.load.pc-relocation\"]",
                        "expected a boolean, got integer"));
  EXPECT_TRUE(failsWith([] { config(R"({"lanes":{"by_coroutine":0}})"); }, "config.lanes.by_coroutine", "the lane count must be at least 1"));
  EXPECT_TRUE(failsWith([] { config(R"({"lanes":"by-coroutine"})"); }, "config.lanes",
                        "unknown lane mode \"by-coroutine\" (\"single\" | {\"by_coroutine\": k})"));
  EXPECT_TRUE(failsWith([] { config(R"({"sched_policy":{"priority":{"01":1}}})"); }, "config.sched_policy.priority.01"
                        , "expected a coroutine id in decimal, got \"01\""));
  EXPECT_TRUE(failsWith([] { config(R"({"flow_policy":"predicate"})"); }, "config.flow_policy",
                        "flow policy \"predicate\" is a Lean closure and has no data form; use \"predicate_expr\""));
  EXPECT_TRUE(failsWith([] { config(R"({"monitor_mode":"on"})"); }, "config.monitor_mode",
                        "unknown monitor mode \"on\" (off | session_type_precheck)"));
  EXPECT_TRUE(failsWith([] { config(R"({"buffer":{"policy":{"resize":{}}}})"); }, "config.buffer.policy.resize",
                        "missing field \"max_capacity\""));
}

TEST(JsonConfig, CostModelObligationsAreChecked) {
  EXPECT_TRUE(failsWith([] { config(R"({"cost_model":{"min_cost":0}})"); }, "config.cost_model.min_cost",
                        "min_cost must be at least 1 (Lean CostModel obligation)"));
  EXPECT_TRUE(failsWith([] { config(R"({"cost_model":{"step_cost":{"send":0}}})"); }, "config.cost_model.step_cost.send",
                        "cost 0 is below min_cost 1 (Lean CostModel obligation: every instruction but halt costs at least min_cost)"));
  EXPECT_TRUE(failsWith([] { config(R"({"cost_model":{"min_cost":2}})"); }, "config.cost_model.step_cost.send",
                        "cost 1 is below min_cost 2 (Lean CostModel obligation: every instruction but halt costs at least min_cost)"));
  EXPECT_TRUE(failsWith([] { config(R"({"cost_model":{"step_cost":{"sned":1}}})"); }, "config.cost_model.step_cost.sned",
                        "unknown instruction \"sned\""));
  EXPECT_EQ(config(R"({"cost_model":{"step_cost":{"halt":0}}})").costModel.stepCost[static_cast<std::size_t>(Opcode::Halt)], 0u);
}

TEST(JsonConfig, LimitsHaveHardCeilings) {
  EXPECT_EQ(config(R"({"limits":{"max_roles":256}})").limits.maxRoles, 256u);
  EXPECT_TRUE(failsWith([] { config(R"({"limits":{"max_roles":257}})"); }, "config.limits.max_roles",
                        "257 exceeds the cap 256 (the hard ceiling)"));
  EXPECT_TRUE(failsWith([] { config(R"({"limits":{"max_fuel":1000000000001}})"); }, "config.limits.max_fuel",
                        "1000000000001 exceeds the cap 1000000000000 (the hard ceiling)"));
  EXPECT_TRUE(failsWith([] { config(R"({"limits":{"max_rolez":1}})"); }, "config.limits.max_rolez", "unknown field"));
}

TEST(JsonConfig, FlowPredicateNestingIsBounded) {
  std::string deep;
  for (int i = 0; i < 40; ++i) deep += R"({"all":[)";
  deep += R"("endpoint_role_matches_target")";
  for (int i = 0; i < 40; ++i) deep += "]}";
  const std::string text = R"({"flow_policy":{"predicate_expr":)" + deep + "}}";
  EXPECT_THROW(config(text), InputError);
}

TEST(JsonFailure, EveryKindRoundTripsInLeanShape) {
  std::vector<Failure> all(5);
  all[0].kind = Failure::Kind::SiteCrash;
  all[0].site = 3;
  all[1].kind = Failure::Kind::Partition;
  all[1].edges = {{0, "A", "B"}, {0, "B", "A"}};
  all[2].kind = Failure::Kind::Heal;
  all[2].edges = {{0, "A", "B"}};
  all[3].kind = Failure::Kind::Corrupt;
  all[3].edge = {1, "A", "B"};
  all[3].seqNo = 2;
  all[4].kind = Failure::Kind::Timeout;
  all[4].edge = {1, "B", "A"};
  all[4].deadline = 9;
  for (const auto& f : all) {
    const auto j = json::failureToJson(f);
    EXPECT_EQ(json::failureFromJson(j, "f"), f) << json::canonical(j);
  }
  EXPECT_EQ(json::canonical(json::failureToJson(all[0])), R"({"kind":"siteCrash","site":3})");
  EXPECT_EQ(json::canonical(json::failureToJson(all[3])),
            R"({"edge":{"receiver":"B","sender":"A","sid":1},"kind":"corrupt","seq_no":2})");
  EXPECT_TRUE(failsWith([] { json::failureFromJson(js(R"({"kind":"crash","site":1})"), "f"); }, "f.kind", "unknown fault kind \"crash\""));
  EXPECT_TRUE(failsWith([] { json::failureFromJson(js(R"({"kind":"siteCrash","site":1,"edge":{}})"), "f"); }, "f.edge", "unknown field"));
}

}  // namespace
}  // namespace tt
