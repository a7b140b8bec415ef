// The VM's own parts: intern tables, the type graph, rings, the ready queue, the compiled
// image.
#include <gtest/gtest.h>

#include "builders.hpp"
#include "compiled.hpp"
#include "machine.hpp"
#include "ring.hpp"
#include "tables.hpp"
#include "type_graph.hpp"

namespace tt::vm::test {
namespace {

using detail::kNone;
using detail::Val;
using detail::VK;

// ---- tables -----------------------------------------------------------------------------

TEST(Tables, InterningIsStableAndProductsAreHashConsed) {
  detail::SymTable syms;
  detail::EndpointTable eps;
  detail::ProdTable prods;
  const detail::Tables t{&syms, &eps, &prods};
  EXPECT_EQ(syms.intern("A"), syms.intern("A"));
  EXPECT_NE(syms.intern("A"), syms.intern("B"));
  EXPECT_EQ(syms.find("C"), kNone);

  const Value v = Value::prod(Value::ofChan({3, "A"}), Value::ofString("x"));
  const Val a = t.value(v);
  const Val b = t.value(Value::prod(Value::ofChan({3, "A"}), Value::ofString("x")));
  EXPECT_EQ(a, b);  // one id per structure
  EXPECT_NE(a, t.value(Value::prod(Value::ofChan({3, "B"}), Value::ofString("x"))));
  // valTypeOf pins the channel's session and role, and products' types are shared too.
  EXPECT_EQ(detail::valTypeOf(a, prods), t.valType(ValType::prod(ValType::chanOf(3, "A"), ValType::string())));
  EXPECT_NE(detail::valTypeOf(a, prods), t.valType(ValType::prod(ValType::chanOf(4, "A"), ValType::string())));
}

TEST(Tables, ConversionsRoundTrip) {
  detail::SymTable syms;
  detail::EndpointTable eps;
  detail::ProdTable prods;
  const detail::Tables t{&syms, &eps, &prods};
  const detail::ConstTables back{&syms, &eps, &prods};
  const std::vector<Value> values = {Value::unit(), Value::ofBool(true), Value::ofNat(~std::uint64_t{0}),
                                     Value::ofString("héllo"), Value::ofChan({7, "Z"}),
                                     Value::prod(Value::ofNat(1), Value::prod(Value::unit(), Value::ofString("")))};
  for (const Value& v : values) EXPECT_EQ(back.value(t.value(v)), v);
  const ValType ty = ValType::prod(ValType::chanOf(0, ""), ValType::boolean());
  EXPECT_EQ(back.valType(t.valType(ty)), ty);
}

// ---- type graph -------------------------------------------------------------------------

struct GraphFixture : ::testing::Test {
  detail::SymTable syms;
  detail::EndpointTable eps;
  detail::ProdTable prods;
  detail::TypeGraph graph;
  detail::TypeGraphBuilder builder{graph, detail::Tables{&syms, &eps, &prods}, 1 << 16};
};

TEST_F(GraphFixture, RecursionIsABackEdge) {
  // mu. send B nat (var 0): the stored type is the unfolded send, whose continuation is
  // itself again.
  const LocalTypePtr t = LocalType::mu(LocalType::send("B", ValType::nat(), LocalType::varRef(0)));
  const detail::NodeId n = builder.store(t);
  const detail::TypeNode& node = graph.nodes[n];
  EXPECT_EQ(node.kind, detail::TK::Send);
  EXPECT_EQ(node.next, n);
  EXPECT_EQ(syms.name(node.partner), "B");
}

TEST_F(GraphFixture, StructurallyEqualTypesShareANode) {
  const LocalTypePtr loop = LocalType::mu(LocalType::send("B", ValType::nat(), LocalType::varRef(0)));
  const LocalTypePtr unrolled = LocalType::send("B", ValType::nat(), loop);
  // unfold(mu. send B nat 0) is structurally send B nat (mu. send B nat 0).
  EXPECT_EQ(builder.store(loop), builder.store(unrolled));
  EXPECT_NE(builder.store(loop), builder.store(LocalType::send("B", ValType::boolean(), loop)));
}

TEST_F(GraphFixture, ArmsOfTwoLevelRecursion) {
  // mu. branch A [l1: send A nat (var 0), l2: mu. send A unit (var 0)]
  const LocalTypePtr inner = LocalType::mu(LocalType::send("A", ValType::unit(), LocalType::varRef(0)));
  const LocalTypePtr t = LocalType::mu(LocalType::branch(
      "A", {{"l1", LocalType::send("A", ValType::nat(), LocalType::varRef(0))}, {"l2", inner}}));
  const detail::NodeId top = builder.store(t);
  const detail::TypeNode& b = graph.nodes[top];
  ASSERT_EQ(b.kind, detail::TK::Branch);
  ASSERT_EQ(b.armCount, 2u);
  const detail::Arm* arms = graph.armsOf(b);
  EXPECT_EQ(syms.name(arms[0].label), "l1");
  EXPECT_EQ(graph.nodes[arms[0].next].next, top);  // after the send: back to the branch
  const detail::TypeNode& l2 = graph.nodes[arms[1].next];
  EXPECT_EQ(l2.kind, detail::TK::Send);  // the inner mu is unfolded when stored
  EXPECT_EQ(l2.next, arms[1].next);      // and loops on itself
}

TEST_F(GraphFixture, UnguardedMuAndFreeVarAreStuck) {
  EXPECT_EQ(graph.nodes[builder.store(LocalType::mu(LocalType::varRef(0)))].kind, detail::TK::Mu);
  EXPECT_EQ(graph.nodes[builder.store(LocalType::varRef(3))].kind, detail::TK::Var);
  EXPECT_EQ(graph.nodes[builder.store(LocalType::end())].kind, detail::TK::End);
}

TEST(TypeGraphLimit, AHugeGraphIsRefused) {
  detail::SymTable syms;
  detail::EndpointTable eps;
  detail::ProdTable prods;
  detail::TypeGraph graph;
  detail::TypeGraphBuilder builder{graph, detail::Tables{&syms, &eps, &prods}, 4};
  LocalTypePtr t = LocalType::end();
  for (int i = 0; i < 10; ++i) t = LocalType::send("B", ValType::nat(), t);
  EXPECT_THROW(builder.store(t), detail::TypeGraphLimit);
}

// ---- rings ------------------------------------------------------------------------------

TEST(Ring, FifoAcrossGrowthAndWrapAround) {
  detail::Ring r;
  std::uint64_t in = 0, out = 0;
  for (int round = 0; round < 50; ++round) {
    for (int i = 0; i < 7; ++i) r.push(Val::nat(in++));
    for (int i = 0; i < 5; ++i) {
      ASSERT_EQ(r.front(), Val::nat(out++));
      r.pop();
    }
  }
  EXPECT_EQ(r.size(), in - out);
  for (std::uint64_t i = 0; i < r.size(); ++i) EXPECT_EQ(r.at(i), Val::nat(out + i));
}

TEST(Ring, OverwriteKeepsOnlyTheLatest) {
  detail::Ring r;
  r.push(Val::nat(1));
  r.push(Val::nat(2));
  r.overwrite(Val::nat(3));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r.front(), Val::nat(3));
  r.pop();
  EXPECT_TRUE(r.empty());
}

// ---- compiled image ---------------------------------------------------------------------

TEST(Compiled, DecodesOperandsAndSharesIdenticalPrograms) {
  Scenario s = scenario({globalImage(gMsg("A", "B", "m", gEnd())), globalImage(gMsg("A", "B", "m", gEnd()))});
  const CompiledScenario cs(s);
  const detail::Compiled& c = cs.compiled();
  ASSERT_EQ(c.images.size(), 2u);
  EXPECT_EQ(c.programs.size(), 1u);  // both images run the same code
  EXPECT_EQ(c.images[0].program, c.images[1].program);
  const auto& code = c.programs[0].code;
  // A: send 0 1; invoke; halt   B: receive 0 1; invoke; halt
  ASSERT_EQ(code.size(), 6u);
  EXPECT_EQ(code[0].op, Opcode::Send);
  EXPECT_EQ(code[0].a, 0u);
  EXPECT_EQ(code[0].b, 1u);
  EXPECT_EQ(code[3].op, Opcode::Receive);
  EXPECT_EQ(c.images[0].entryPcs, (std::vector<PC>{0, 3}));
  // The footprint summary includes the partner.
  ASSERT_EQ(c.programs[0].footprint.size(), 2u);
  EXPECT_EQ(c.programs[0].footprint[0].second.size(), 2u);
}

TEST(Compiled, LoadValidationStopsAtTheFirstBadImage) {
  Scenario s = scenario({globalImage(gMsg("A", "B", "m", gEnd())),
                         programImage({{"P", {instr::Halt{}}}}, {{"P", rEnd()}, {"Q", rEnd()}})});
  const RunResult r = runCoop(s);
  EXPECT_EQ(r.outcome, RunOutcome::LoadError);
  EXPECT_EQ(r.detail, "images[1]: validation failed: entry/local role arity mismatch");
  // Nothing loads and nothing runs: the result is the fresh state.
  EXPECT_TRUE(r.trace.empty());
  EXPECT_TRUE(r.snapshot.coroutines.empty());
  EXPECT_EQ(r.rounds, 0u);
}

TEST(Compiled, TooManySessionsIsALoadError) {
  Scenario s = scenario({globalImage(gMsg("A", "B", "m", gEnd())), globalImage(gMsg("A", "B", "m", gEnd()))});
  s.config.maxSessions = 1;
  const RunResult r = runCoop(s);
  EXPECT_EQ(r.outcome, RunOutcome::LoadError);
  EXPECT_EQ(r.detail, "images[1]: too many sessions (max 1)");
}

TEST(Compiled, LeanLiteralAndSwitchedOffRepairsAreUnsupported) {
  Scenario s = scenario({globalImage(gMsg("A", "B", "m", gEnd()))});
  s.config.profile = Profile::LeanLiteral;
  EXPECT_THROW(runCoop(s), UnsupportedError);
  s.config.profile = Profile::Operational;
  s.config.repairs.set(Repair::RecvProgressToken, false);
  EXPECT_THROW(runCoop(s), UnsupportedError);
}

// ---- ready queue ------------------------------------------------------------------------

struct QueueFixture : ::testing::Test {
  Scenario s = [] {
    Scenario x = scenario({globalImage(gMsg("A", "B", "m", gEnd())), globalImage(gMsg("A", "B", "m", gEnd()))});
    x.config.lanes = {LaneMode::ByCoroutine, 2};
    return x;
  }();
  CompiledScenario cs{s};
  detail::Machine m{cs.compiled()};
  void SetUp() override {
    m.reset(RunOptions{});
    ASSERT_TRUE(m.load());
  }
};

TEST_F(QueueFixture, LoadQueuesInEntryOrderWithLanes) {
  EXPECT_EQ(m.readyOrder(), (std::vector<detail::CoId>{0, 1, 2, 3}));
  EXPECT_EQ(m.laneOf[2], 0u);
  EXPECT_EQ(m.laneOf[3], 1u);
  EXPECT_EQ(m.laneCountInUse(), 2u);
}

TEST_F(QueueFixture, RemoveAndEnqueueKeepOrderWithoutDuplicates) {
  m.removeReady(1);
  m.removeReady(1);  // no-op
  EXPECT_EQ(m.readyOrder(), (std::vector<detail::CoId>{0, 2, 3}));
  m.enqueueReady(1);
  m.enqueueReady(1);  // never duplicates
  EXPECT_EQ(m.readyOrder(), (std::vector<detail::CoId>{0, 2, 3, 1}));
  m.removeReady(0);
  m.removeReady(1);
  EXPECT_EQ(m.readyOrder(), (std::vector<detail::CoId>{2, 3}));
  // Lane lists follow: lane 1 holds only 3 now.
  EXPECT_EQ(m.laneHead[1], 3u);
  EXPECT_EQ(m.laneTail[1], 3u);
}

TEST_F(QueueFixture, LaneRotationStartsAfterTheStepCount) {
  // Lean pickRunnable: lanes [0, 1], start (stepCount + 1) mod 2 = 1 → lane 1 first.
  EXPECT_EQ(m.pickCanonical(), 1u);
  m.stepCount = 1;
  EXPECT_EQ(m.pickCanonical(), 0u);
}

}  // namespace
}  // namespace tt::vm::test
