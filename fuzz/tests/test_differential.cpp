#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "tt/core/json.hpp"
#include "tt/fuzz/differential.hpp"
#include "tt/fuzz/oracle_coverage.hpp"
#include "tt/fuzz/sha1.hpp"

namespace tt::fuzz {
namespace {

// One role with an explicit program: set, move, jump over a yield, then a set to a
// register the coroutine lacks (8 registers), which faults.
Scenario straightLine() {
  Scenario s;
  s.name = "straight-line";
  ImageSpec image;
  image.kind = ImageSpec::Kind::Programs;
  image.localTypes = {{"A", LocalTypeR::end()}};
  image.programs = {{"A",
                     {instr::Set{1, Value::ofNat(7)}, instr::Move{2, 1}, instr::Jump{4}, instr::Yield{},
                      instr::Set{9, Value::unit()}}}};
  s.images.push_back(image);
  s.run.fuel = 20;
  return s;
}

TEST(OracleCoverage, RecordsEveryStepWithTheInstructionAtItsPc) {
  SemanticCoverage cov;
  const RunResult r = runOracleRecording(straightLine(), oracle::RunOptions{}, cov);
  const auto& p = cov.points();
  EXPECT_EQ(p.at("set/success"), 1u);
  EXPECT_EQ(p.at("move/success"), 1u);
  EXPECT_EQ(p.at("jump/success"), 1u);
  EXPECT_FALSE(p.count("yield/success")) << "jumped over";
  EXPECT_EQ(p.at(semanticPointName(Opcode::Set, StepOutcome::faulted(Fault::Kind::OutOfRegisters))), 1u);
  ASSERT_EQ(r.snapshot.coroutines.size(), 1u);
  EXPECT_EQ(r.snapshot.coroutines[0].status.kind, CoroStatus::Kind::Faulted);
}

TEST(OracleCoverage, APcPastTheEndIsAFetchFault) {
  Scenario s = straightLine();
  s.images[0].programs[0].second = {instr::Jump{40}};
  SemanticCoverage cov;
  runOracleRecording(s, oracle::RunOptions{}, cov);
  EXPECT_EQ(cov.points().at(semanticPointName(std::nullopt, StepOutcome::faulted(Fault::Kind::CloseFault))), 1u);
}

TEST(OracleInvariants, HoldOnAPlainRun) {
  EXPECT_TRUE(oracleInvariantViolations(straightLine(), oracle::RunOptions{}).empty());
  oracle::RunOptions threaded;
  threaded.concurrency = 3;
  threaded.threaded = true;
  EXPECT_TRUE(oracleInvariantViolations(straightLine(), threaded).empty());
}

TEST(Differential, ScenarioDocumentsAreTakenAsThemselvesWithTheirExpectBlockIgnored) {
  const Scenario s = straightLine();
  std::string text = json::canonical(json::scenarioToJson(s));
  text.insert(text.size() - 1, R"(,"expect":{"verdict":"conformant","covers":[]})");
  const std::vector<std::uint8_t> bytes(text.begin(), text.end());
  const FuzzCase c = caseFromInput(Generator::Protocol, bytes);
  EXPECT_EQ(c.scenario.name, "straight-line");
  // Anything else is generator input.
  const std::vector<std::uint8_t> raw{1, 2, 3};
  EXPECT_NE(caseFromInput(Generator::Protocol, raw).scenario.name, "straight-line");
}

TEST(Differential, FindingsAreNamedLikeLibFuzzerCrashFiles) {
  const auto dir = std::filesystem::temp_directory_path() / "tt_fuzz_finding_test";
  std::filesystem::create_directories(dir);
  const std::vector<std::uint8_t> bytes{'a', 'b', 'c'};
  harness::ScenarioReport report;
  report.name = "straight-line";
  report.verdict = harness::ScenarioReport::Verdict::Divergent;
  const FindingFiles files = writeFinding(dir.string(), bytes, straightLine(), report);
  const std::string base = (dir / ("crash-" + sha1Hex(bytes))).string();
  EXPECT_EQ(files.scenario, base + ".scenario.json");
  for (const std::string& f : {files.scenario, files.triageText, files.triageJson})
    EXPECT_TRUE(std::filesystem::exists(f)) << f;
  // The scenario file loads back as the same scenario.
  EXPECT_EQ(json::loadScenarioFile(files.scenario).name, "straight-line");
  std::filesystem::remove_all(dir);
}

TEST(Differential, ResourceLimitedRunsAndConformantRunsAreNotFindings) {
  harness::ScenarioReport r;
  r.verdict = harness::ScenarioReport::Verdict::Conformant;
  EXPECT_FALSE(isFinding(r));
  r.verdict = harness::ScenarioReport::Verdict::Divergent;
  EXPECT_TRUE(isFinding(r));
  r.resourceLimited = true;
  EXPECT_FALSE(isFinding(r));
  r.resourceLimited = false;
  r.verdict = harness::ScenarioReport::Verdict::BadInput;
  EXPECT_TRUE(isFinding(r));
}

}  // namespace
}  // namespace tt::fuzz
