// transfer, tag, check (reference B §4.13-4.15).
#include "test_util.hpp"

namespace tt::oracle::testing {
namespace {

using namespace instr;

Bench bench(Bytecode code, VMConfig cfg = monitorOff()) {
  return Bench(pairScenario(std::move(cfg), std::move(code), endR(), endR()));
}
Value fact(SessionId sid, Role r, std::string s) { return Value::prod(chanOf(sid, std::move(r)), Value::ofString(std::move(s))); }

TEST(Transfer, MovesTheEndpointWithItsTokensAndFacts) {
  Bench b = bench({Transfer{0, 1, 2}});
  b.coro().regs[1] = Value::ofNat(1);
  b.coro().knowledgeSet = {{{0, "A"}, "k"}, {{0, "Z"}, "other"}};
  const ExecResult r = b.step();
  EXPECT_EQ(r.status.tag, ExecStatus::Transferred);
  EXPECT_EQ(r.status.targetId, 1u);
  EXPECT_EQ(eventText({0, r.event.obs, 0}), "0 transferred 0:A 0->1");
  EXPECT_TRUE(b.coro(0).ownedEndpoints.empty());
  EXPECT_TRUE(b.coro(0).progressTokens.empty());
  EXPECT_EQ(b.coro(0).knowledgeSet, (std::vector<Knowledge>{{{0, "Z"}, "other"}}));
  EXPECT_EQ(b.coro(1).ownedEndpoints, (std::vector<Endpoint>{{0, "A"}, {0, "B"}}));
  EXPECT_EQ(b.coro(1).progressTokens, (std::vector<ProgressToken>{{0, {0, "A"}}, {0, {0, "B"}}}));
  EXPECT_EQ(b.coro(1).knowledgeSet, (std::vector<Knowledge>{{{0, "A"}, "k"}}));
  EXPECT_EQ(b.coro(0).pc, 1u);
}

TEST(Transfer, SelfTransferAndOutOfRangeTargetLoseTheEndpoint) {
  Bench self = bench({Transfer{0, 1, 2}});
  self.coro().regs[1] = Value::ofNat(0);
  EXPECT_EQ(self.step().status.tag, ExecStatus::Transferred);
  EXPECT_TRUE(self.coro().ownedEndpoints.empty());
  Bench away = bench({Transfer{0, 1, 2}});
  away.coro().regs[1] = Value::ofNat(77);
  const ExecResult r = away.step();
  EXPECT_EQ(r.event.kind, StepEvent::Kind::Obs);
  EXPECT_TRUE(away.coro().ownedEndpoints.empty());
  EXPECT_EQ(away.coro(1).ownedEndpoints.size(), 1u);
}

TEST(Transfer, OperandFaultsInLeanMatchOrder) {
  Bench missingEp = bench({Transfer{30, 1, 2}});
  EXPECT_EQ(faultText(*missingEp.step().status.fault), "outOfRegisters");
  Bench notChan = bench({Transfer{1, 40, 2}});  // bad endpoint wins over a missing target
  notChan.coro().regs[1] = Value::ofNat(1);
  EXPECT_EQ(notChan.step().status.fault->expected, ValType::chanOf(0, ""));
  Bench missingTarget = bench({Transfer{0, 40, 2}});
  EXPECT_EQ(faultText(*missingTarget.step().status.fault), "outOfRegisters");
  Bench badTarget = bench({Transfer{0, 1, 2}});
  badTarget.coro().regs[1] = Value::ofString("1");
  const Fault f = *badTarget.step().status.fault;
  EXPECT_EQ(f.kind, Fault::Kind::TypeViolation);  // Lean: typeViolation nat (docs/oracle.md)
  EXPECT_EQ(f.expected, ValType::nat());
  Bench notOwned = bench({Transfer{1, 2, 3}});
  notOwned.coro().regs[1] = chanOf(0, "B");
  notOwned.coro().regs[2] = Value::ofNat(1);
  EXPECT_EQ(faultText(*notOwned.step().status.fault), "transferFault \"endpoint not owned\"");
}

TEST(Tag, PrependsTheFactAndWritesTrue) {
  Bench b = bench({Tag{1, 2}, Tag{3, 2}});
  b.coro().regs[1] = fact(0, "A", "first");
  b.coro().regs[3] = fact(0, "A", "second");
  EXPECT_EQ(eventText({0, b.step().event.obs, 0}), "0 tagged 0:A first");
  b.step();
  EXPECT_EQ(b.coro().regs[2], Value::ofBool(true));
  EXPECT_EQ(b.coro().knowledgeSet, (std::vector<Knowledge>{{{0, "A"}, "second"}, {{0, "A"}, "first"}}));
}

TEST(Tag, FaultPaths) {
  Bench bad = bench({Tag{1, 2}});
  bad.coro().regs[1] = Value::prod(chanOf(0, "A"), Value::ofNat(1));
  const Fault f = *bad.step().status.fault;
  EXPECT_EQ(f.expected, ValType::prod(ValType::chanOf(0, ""), ValType::string()));
  EXPECT_EQ(f.actual, ValType::prod(ValType::chanOf(0, "A"), ValType::nat()));
  Bench missing = bench({Tag{40, 2}});
  EXPECT_EQ(faultText(*missing.step().status.fault), "outOfRegisters");
  Bench dst = bench({Tag{1, 40}});
  dst.coro().regs[1] = fact(0, "A", "x");
  EXPECT_EQ(faultText(*dst.step().status.fault), "outOfRegisters");
  EXPECT_TRUE(dst.coro().knowledgeSet.empty());
}

Bench checkBench(FlowPolicy policy, Value target, bool known = true) {
  VMConfig cfg = monitorOff();
  cfg.flowPolicy = std::move(policy);
  Bench b = bench({Check{1, 2, 3}}, cfg);
  b.coro().regs[1] = fact(0, "A", "secret-key");
  b.coro().regs[2] = std::move(target);
  if (known) b.coro().knowledgeSet = {{{0, "A"}, "secret-key"}};
  return b;
}

bool checked(Bench b) {
  const ExecResult r = b.step();
  EXPECT_EQ(r.event.obs.kind, ObsEvent::Kind::Checked);
  EXPECT_EQ(b.coro().regs[3], Value::ofBool(r.event.obs.permitted));
  return r.event.obs.permitted;
}

TEST(Check, NeedsAKnownFactAndAnAllowingPolicy) {
  FlowPolicy allow;
  EXPECT_TRUE(checked(checkBench(allow, Value::ofString("B"))));
  EXPECT_FALSE(checked(checkBench(allow, Value::ofString("B"), false)));
  FlowPolicy deny{FlowPolicy::Kind::DenyAll, {}, {}};
  EXPECT_FALSE(checked(checkBench(deny, Value::ofString("B"))));
  FlowPolicy roles{FlowPolicy::Kind::AllowRoles, {"B"}, {}};
  EXPECT_TRUE(checked(checkBench(roles, Value::ofString("B"))));
  EXPECT_FALSE(checked(checkBench(roles, Value::ofString("C"))));
  FlowPolicy notRoles{FlowPolicy::Kind::DenyRoles, {"B"}, {}};
  EXPECT_FALSE(checked(checkBench(notRoles, Value::ofString("B"))));
}

TEST(Check, NonStringTargetIsTheEmptyRole) {
  FlowPolicy roles{FlowPolicy::Kind::AllowRoles, {""}, {}};
  Bench b = checkBench(roles, Value::ofNat(3));
  const ExecResult r = b.step();
  EXPECT_EQ(r.event.obs.target, "");
  EXPECT_TRUE(r.event.obs.permitted);
}

TEST(Check, PredicateExpressions) {
  using P = FlowPredicate;
  auto expr = [](P p) { return FlowPolicy{FlowPolicy::Kind::PredicateExpr, {}, std::move(p)}; };
  EXPECT_TRUE(checked(checkBench(expr(P{P::Kind::TargetRolePrefix, "Se", {}}), Value::ofString("Server"))));
  EXPECT_FALSE(checked(checkBench(expr(P{P::Kind::TargetRolePrefix, "Cl", {}}), Value::ofString("Server"))));
  EXPECT_TRUE(checked(checkBench(expr(P{P::Kind::FactContains, "key", {}}), Value::ofString("B"))));
  EXPECT_TRUE(checked(checkBench(expr(P{P::Kind::EndpointRoleMatchesTarget, "", {}}), Value::ofString("A"))));
  EXPECT_TRUE(checked(checkBench(expr(P{P::Kind::All, "", {}}), Value::ofString("B"))));
  EXPECT_FALSE(checked(checkBench(expr(P{P::Kind::Any, "", {}}), Value::ofString("B"))));
  P both{P::Kind::All, "", {P{P::Kind::FactContains, "secret", {}}, P{P::Kind::TargetRolePrefix, "X", {}}}};
  EXPECT_FALSE(checked(checkBench(expr(both), Value::ofString("B"))));
}

TEST(Check, FaultPaths) {
  Bench bad = bench({Check{1, 2, 3}});
  bad.coro().regs[1] = Value::ofString("x");
  EXPECT_EQ(bad.step().status.fault->kind, Fault::Kind::TypeViolation);
  Bench dst = bench({Check{1, 2, 40}});
  dst.coro().regs[1] = fact(0, "A", "x");
  EXPECT_EQ(faultText(*dst.step().status.fault), "outOfRegisters");
}

}  // namespace
}  // namespace tt::oracle::testing
