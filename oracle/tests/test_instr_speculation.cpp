// fork, join, abort (reference B §4.10-4.12).
#include "test_util.hpp"

namespace tt::oracle::testing {
namespace {

using namespace instr;

Bench bench(Bytecode code, bool enabled = true, std::uint64_t maxDepth = 16) {
  VMConfig cfg = monitorOff();
  cfg.speculationEnabled = enabled;
  cfg.maxSpeculationDepth = maxDepth;
  Bench b(pairScenario(cfg, std::move(code), sendR("B", "m", std::nullopt, endR()), endR()));
  b.coro().regs[1] = Value::ofNat(0);
  return b;
}

TEST(Fork, RecordsGhostAndCheckpointAndEmitsForked) {
  Bench b = bench({Fork{1}});
  b.st.clock = 4;
  const ExecResult r = b.step();
  EXPECT_EQ(r.status.tag, ExecStatus::Forked);
  EXPECT_EQ(r.status.sid, 0u);
  EXPECT_EQ(eventText({4, r.event.obs, 0}), "4 forked 0 0");
  ASSERT_TRUE(b.coro().specState);
  EXPECT_EQ(b.coro().specState->depth, 15u);
  EXPECT_EQ(b.coro().status.kind, CoroStatus::Kind::Ready);  // `speculating` is never set
  const auto& ghost = b.st.ghostSessions.sessions.at(0);
  EXPECT_EQ(ghost.owner, 0u);
  EXPECT_EQ(ghost.createdTick, 4u);
  EXPECT_EQ(ghost.projectedLocalTypes.size(), 2u);
  EXPECT_EQ(b.st.ghostSessions.checkpoints.at(0).traceLen, 1u);  // before the forked event
  EXPECT_TRUE(b.st.needsReconciliation);
}

TEST(Fork, DisabledAndDepthLimits) {
  Bench disabled = bench({Fork{1}}, false);
  EXPECT_EQ(faultText(*disabled.step().status.fault), "specFault \"speculation is disabled\"");
  Bench zero = bench({Fork{1}}, true, 0);
  EXPECT_EQ(faultText(*zero.step().status.fault), "specFault \"speculation depth exhausted\"");
  Bench nested = bench({Fork{1}, Fork{1}, Fork{1}}, true, 2);
  EXPECT_EQ(nested.step().status.tag, ExecStatus::Forked);  // depth 1
  EXPECT_EQ(nested.step().status.tag, ExecStatus::Forked);  // depth 0
  EXPECT_EQ(faultText(*nested.step().status.fault), "specFault \"speculation depth exhausted\"");
}

TEST(Fork, OperandFaultsComeAfterTheConfigChecks) {
  Bench notNat = bench({Fork{2}});
  notNat.coro().regs[2] = Value::ofString("g");
  const Fault f = *notNat.step().status.fault;
  EXPECT_EQ(f.expected, ValType::nat());
  EXPECT_EQ(f.actual, ValType::string());
  Bench missing = bench({Fork{40}});
  EXPECT_EQ(faultText(*missing.step().status.fault), "outOfRegisters");
  Bench disabledFirst = bench({Fork{40}}, false);
  EXPECT_EQ(disabledFirst.step().status.fault->msg, "speculation is disabled");
}

TEST(Join, ClearsTheSpeculationWhenTheSessionStillMatches) {
  Bench b = bench({Fork{1}, Join{}});
  b.step();
  const ExecResult r = b.step();
  EXPECT_EQ(eventText({0, r.event.obs, 0}), "0 joined 0");
  EXPECT_FALSE(b.coro().specState);
  EXPECT_TRUE(b.st.ghostSessions.sessions.empty());
  EXPECT_FALSE(b.st.needsReconciliation);
}

TEST(Join, RequiresActiveSpeculationAndAMatchingSession) {
  Bench none = bench({Join{}});
  EXPECT_EQ(faultText(*none.step().status.fault), "specFault \"join requires active speculation\"");
  Bench moved = bench({Fork{1}, Send{0, 2}, Join{}});
  moved.step();
  moved.step();
  EXPECT_EQ(faultText(*moved.step().status.fault), "specFault \"join reconciliation predicate failed\"");
}

TEST(Abort, TruncatesTheTraceToTheForkAndRestoresTheCheckpoint) {
  Bench b = bench({Fork{1}, Send{0, 2}, Abort{}});
  b.step();
  b.step();
  ASSERT_EQ(b.st.obsTrace.size(), 3u);  // opened, forked, sent
  const ExecResult r = b.step();
  EXPECT_EQ(r.status.tag, ExecStatus::Aborted);
  EXPECT_EQ(traceText(b.st.obsTrace), (std::vector<std::string>{"0 opened 0 A,B", "0 aborted 0"}));
  EXPECT_FALSE(b.st.needsReconciliation);  // the checkpoint's value
  EXPECT_EQ(b.queued({0, "A", "B"}).size(), 1u);  // buffers are not rolled back
  EXPECT_FALSE(b.coro().specState);
}

TEST(Abort, RequiresActiveSpeculation) {
  Bench b = bench({Abort{}});
  EXPECT_EQ(faultText(*b.step().status.fault), "specFault \"abort requires active speculation\"");
}

}  // namespace
}  // namespace tt::oracle::testing
