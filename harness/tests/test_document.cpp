// Scenario documents (scenario + envelope + expect blocks) and fixture expectations.
#include <filesystem>
#include <fstream>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "builders.hpp"
#include "fake_runners.hpp"
#include "tt/core/error.hpp"
#include "tt/harness/document.hpp"

namespace tt::harness {
namespace {

const char* kScenario = R"({
  "format": "ttconf.scenario/1",
  "name": "one-message",
  "images": [{"global_type": {"kind": "comm", "sender": "A", "receiver": "B",
                "branches": [{"label": {"name": "m", "sort": "unit"}, "continuation": {"kind": "end"}}]}}],
  "run": {"fuel": 50, "concurrency": [1, 2]},
  "envelope": {"tier": "envelope_bounded_nondeterministic"},
  "expect": {"verdict": "divergent", "covers": ["n1/trace.length", "n1/trace.length"],
             "regimes": ["n1"], "ledger_without": ["x"],
             "perturb": {"kind": "swap-adjacent-events", "index": 2}, "note": "n"}
})";

std::string inputError(const std::string& text) {
  try {
    parseScenarioDocument(text, "f.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "accepted";
}

TEST(Document, HarnessBlocksAreReadAndStrippedBeforeCore) {
  const ScenarioDocument d = parseScenarioDocument(kScenario, "f.json");
  EXPECT_EQ(d.scenario.name, "one-message");
  EXPECT_EQ(d.scenario.run.fuel, 50u);
  ASSERT_TRUE(d.envelope.tier.has_value());
  EXPECT_EQ(*d.envelope.tier, Tier::EnvelopeBoundedNondeterministic);
  ASSERT_TRUE(d.expect.has_value());
  EXPECT_EQ(d.expect->verdict, ScenarioReport::Verdict::Divergent);
  EXPECT_EQ(d.expect->covers, std::vector<std::string>{"n1/trace.length"});  // sorted, unique
  EXPECT_EQ(d.expect->regimes, std::vector<Regime>{Regime::N1});
  EXPECT_EQ(d.expect->ledgerWithout, std::vector<std::string>{"x"});
  ASSERT_TRUE(d.expect->perturb.has_value());
  EXPECT_EQ(d.expect->perturb->kind, Perturbation::Kind::SwapAdjacentEvents);
  EXPECT_EQ(d.expect->perturb->index, 2u);
}

TEST(Document, BadBlocksNameWhereAndWhat) {
  std::string s = kScenario;
  EXPECT_NE(inputError(std::string(s).replace(s.find("envelope_bounded"), 16, "sometimes_bounde")).find("envelope.tier"),
            std::string::npos);
  EXPECT_NE(inputError(std::string(s).replace(s.find("\"divergent\""), 11, "\"maybe\"")).find("expect.verdict"),
            std::string::npos);
  EXPECT_NE(inputError(std::string(s).replace(s.find("\"n1\"]"), 4, "\"n3\"")).find("unknown regime \"n3\""),
            std::string::npos);
  EXPECT_NE(inputError(std::string(s).replace(s.find("\"note\""), 6, "\"nope\"")).find("expect.nope: unknown field"),
            std::string::npos);
  EXPECT_NE(inputError("[1]").find("must be a JSON object"), std::string::npos);
  EXPECT_NE(inputError("{").find("f.json"), std::string::npos);
}

TEST(Document, FixtureCoverageReadsExpectBlocksAndReportsBadFixtures) {
  const auto dir = std::filesystem::temp_directory_path() / "tt_fixture_coverage";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "a.json") << R"({"expect": {"verdict": "conformant", "covers": ["profiles/repair.load.pc-relocation"]}})";
  std::ofstream(dir / "b.json") << R"({"format": "ttconf.scenario/1"})";
  std::ofstream(dir / "notes.txt") << "ignored";
  std::vector<LedgerProblem> problems;
  const auto cov = loadFixtureCoverage(dir.string(), problems);
  ASSERT_EQ(cov.size(), 1u);
  EXPECT_EQ(cov[0].covers, std::vector<std::string>{"profiles/repair.load.pc-relocation"});
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].check, LedgerCheck::BadFixture);
  EXPECT_NE(problems[0].message.find("b.json"), std::string::npos);
}

TEST(Document, PerturbationsChangeOnlyTheVmResults) {
  FakeRunners r;
  r.oracle = [](const Scenario&, const EngineRun&) {
    return EngineOutput{test::result(test::message(0, 0, 1, 1)), std::nullopt};
  };
  r.vm = r.oracle;
  const Scenario s;
  const Runners dropped = perturbed(r, {Perturbation::Kind::DropLastEvent, 0});
  EXPECT_EQ(dropped.vm(s)({}).result.trace.size(), 3u);
  EXPECT_EQ(dropped.oracle(s)({}).result.trace.size(), 4u);
  const Runners swapped = perturbed(r, {Perturbation::Kind::SwapAdjacentEvents, 0});
  EXPECT_EQ(swapped.vm(s)({}).result.trace[0].event.kind, ObsEvent::Kind::Invoked);
  EXPECT_EQ(swapped.vm(s)({}).result.trace[0].tick, 1u);  // ticks stay, events move
  const Runners shifted = perturbed(r, {Perturbation::Kind::ShiftTicks, 3});
  EXPECT_EQ(shifted.vm(s)({}).result.trace[3].tick, 5u);
  EXPECT_EQ(shifted.vm(s)({}).result.trace[2].tick, 3u);
}

ScenarioReport reportWith(std::vector<Divergence> ds, ComparisonReport::Status status) {
  ScenarioReport r;
  ComparisonReport c;
  c.status = status;
  c.divergences = std::move(ds);
  r.comparisons.push_back(c);
  r.verdict = c.failed() ? ScenarioReport::Verdict::Divergent : ScenarioReport::Verdict::Conformant;
  return r;
}

TEST(Document, ExpectationsCheckVerdictFingerprintsAndUncoveredness) {
  FixtureExpect conformant;
  conformant.covers = {"profiles/repair.recv.progress-token"};
  const ScenarioReport covered =
      reportWith({{"profiles/repair.recv.progress-token", {}, "repair.recv.progress-token"}},
                 ComparisonReport::Status::Covered);
  EXPECT_TRUE(checkExpectation(conformant, covered).ok);

  FixtureExpect none;  // no fingerprints expected
  const ExpectationCheck extra = checkExpectation(none, covered);
  EXPECT_FALSE(extra.ok);
  EXPECT_NE(extra.message.find("got [profiles/repair.recv.progress-token]"), std::string::npos);

  FixtureExpect divergent;
  divergent.verdict = ScenarioReport::Verdict::Divergent;
  divergent.covers = {"n1/trace.length"};
  EXPECT_TRUE(checkExpectation(divergent, reportWith({{"n1/trace.length", {}, ""}}, ComparisonReport::Status::Divergent)).ok);
  EXPECT_FALSE(checkExpectation(divergent, reportWith({}, ComparisonReport::Status::Pass)).ok);

  ScenarioReport unavailable = reportWith({}, ComparisonReport::Status::Unavailable);
  unavailable.comparisons[0].note = "the VM is not built";
  const ExpectationCheck u = checkExpectation(divergent, unavailable);
  EXPECT_FALSE(u.ok);  // an unavailable engine never satisfies a fixture
  EXPECT_NE(u.message.find("not built"), std::string::npos);
}

}  // namespace
}  // namespace tt::harness
