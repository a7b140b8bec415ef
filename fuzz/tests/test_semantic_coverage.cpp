#include <algorithm>

#include <gtest/gtest.h>

#include "tt/fuzz/semantic_coverage.hpp"

namespace tt::fuzz {
namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Two roles with explicit programs: A = [send r0 r1, halt], B = [receive r0 r9, jump 99].
Scenario twoRoleScenario() {
  Scenario s;
  ImageSpec image;
  image.kind = ImageSpec::Kind::Programs;
  image.localTypes = {{"A", LocalTypeR::end()}, {"B", LocalTypeR::end()}};
  image.programs = {{"A", {instr::Send{0, 1}, instr::Halt{}}}, {"B", {instr::Receive{0, 9}, instr::Jump{99}}}};
  s.images.push_back(image);
  return s;
}

Snapshot::Coroutine coro(CoroutineId id, CoroStatus status, PC pc) {
  Snapshot::Coroutine c;
  c.id = id;
  c.status = std::move(status);
  c.pc = pc;
  return c;
}

TEST(SemanticCoverage, NamesSayInstructionAndOutcome) {
  EXPECT_EQ(semanticPointName(Opcode::Send, StepOutcome::success()), "send/success");
  EXPECT_EQ(semanticPointName(Opcode::Receive, StepOutcome::faulted(Fault::Kind::NoProgressToken)),
            std::string("receive/fault:") + faultKindName(Fault::Kind::NoProgressToken));
  EXPECT_EQ(semanticPointName(Opcode::Choose, StepOutcome::blocked(BlockReason::Kind::RecvWait)),
            std::string("choose/block:") + blockReasonName(BlockReason::Kind::RecvWait));
  EXPECT_EQ(semanticPointName(std::nullopt, StepOutcome::faulted(Fault::Kind::CloseFault)),
            std::string("fetch/fault:") + faultKindName(Fault::Kind::CloseFault));
}

TEST(SemanticCoverage, UniverseHasEverySuccessAndTheUnreachablePartOfIt) {
  const auto& universe = semanticUniverse();
  for (std::size_t op = 0; op < kOpcodeCount; ++op)
    EXPECT_TRUE(contains(universe, semanticPointName(static_cast<Opcode>(op), StepOutcome::success())));
  for (const std::string& p : semanticUnreachable()) EXPECT_TRUE(contains(universe, p)) << p;
}

TEST(SemanticCoverage, DerivesOutcomesFromTraceAndFinalStatuses) {
  const Scenario s = twoRoleScenario();
  RunResult r;
  r.outcome = RunOutcome::Completed;
  TickedObsEvent sent;
  sent.tick = 1;
  sent.event.kind = ObsEvent::Kind::Sent;
  sent.coro = 0;
  TickedObsEvent opened;  // the loader's: no coroutine, no instruction
  opened.event.kind = ObsEvent::Kind::Opened;
  r.trace = {opened, sent};
  // A halted (pc past its halt); B faulted at its receive (pc 2 = B's first instruction).
  r.snapshot.coroutines = {coro(0, CoroStatus::done(), 2),
                           coro(1, CoroStatus::faulted(Fault::outOfRegisters()), 2)};
  SemanticCoverage cov;
  cov.recordRun(s, r);
  EXPECT_EQ(cov.points().at("send/success"), 1u);
  EXPECT_EQ(cov.points().at("halt/success"), 1u);
  EXPECT_EQ(cov.points().at(semanticPointName(Opcode::Receive, StepOutcome::faulted(Fault::Kind::OutOfRegisters))), 1u);
  EXPECT_FALSE(cov.points().count("open/success"));
}

TEST(SemanticCoverage, BlocksFetchFaultsAndSpawnedChildren) {
  const Scenario s = twoRoleScenario();
  RunResult r;
  BlockReason wait;
  wait.kind = BlockReason::Kind::RecvWait;
  r.snapshot.coroutines = {coro(0, CoroStatus::faulted(Fault::withMsg(Fault::Kind::CloseFault, "pc out of range")), 99),
                           coro(1, CoroStatus::blocked(wait), 2),
                           coro(2, CoroStatus::ready(), 0)};
  SemanticCoverage cov;
  cov.recordRun(s, r);
  EXPECT_EQ(cov.points().at(semanticPointName(std::nullopt, StepOutcome::faulted(Fault::Kind::CloseFault))), 1u);
  EXPECT_EQ(cov.points().at(semanticPointName(Opcode::Receive, StepOutcome::blocked(BlockReason::Kind::RecvWait))), 1u);
  EXPECT_EQ(cov.points().at("spawn/success"), 1u);
}

TEST(SemanticCoverage, LoadErrorsRecordNoStatuses) {
  const Scenario s = twoRoleScenario();
  RunResult r;
  r.outcome = RunOutcome::LoadError;
  r.snapshot.coroutines = {coro(0, CoroStatus::done(), 2)};
  SemanticCoverage cov;
  cov.recordRun(s, r);
  EXPECT_TRUE(cov.points().empty());
}

TEST(SemanticCoverage, NeverReachedExcludesReachedAndUnreachable) {
  SemanticCoverage cov;
  cov.record(Opcode::Send, StepOutcome::success());
  const auto never = cov.neverReached();
  EXPECT_FALSE(contains(never, "send/success"));
  EXPECT_TRUE(contains(never, "receive/success"));
  for (const std::string& p : semanticUnreachable()) EXPECT_FALSE(contains(never, p));
  EXPECT_NE(cov.report().find("never reached"), std::string::npos);
}

TEST(SemanticCoverage, MergesAndRoundTripsThroughJson) {
  SemanticCoverage a, b;
  a.record(Opcode::Send, StepOutcome::success(), 2);
  a.recordRegime("n=1");
  b.record(Opcode::Send, StepOutcome::success());
  b.record(Opcode::Halt, StepOutcome::success());
  a.merge(b);
  EXPECT_EQ(a.points().at("send/success"), 3u);
  const SemanticCoverage back = SemanticCoverage::fromJson(a.toJson());
  EXPECT_EQ(back.points(), a.points());
  EXPECT_EQ(back.regimes(), a.regimes());
}

}  // namespace
}  // namespace tt::fuzz
