// Triage output, text and JSON, and the results document read back by the ledger check.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "builders.hpp"
#include "fake_runners.hpp"
#include "tt/harness/report.hpp"
#include "tt/harness/triage.hpp"

namespace tt::harness {
namespace {
using namespace tt::test;

Trace protocol() {
  Trace t = message(0, 0, 1, 1);
  for (auto& e : message(1, 2, 3, 5)) t.push_back(e);
  return t;
}

ScenarioReport buggyVm() {
  FakeRunners r;
  r.oracle = [](const Scenario&, const EngineRun&) { return EngineOutput{result(protocol(), doneSnapshot(4, 2)), 1}; };
  r.vm = [](const Scenario&, const EngineRun& run) {
    EngineOutput o{result(protocol(), doneSnapshot(4, 2)), 1};
    if (run.engine == Engine::VmCooperative) o.result.trace[5].event.value = Value::ofNat(9);
    return o;
  };
  Scenario s;
  s.name = "buggy";
  RegimeOptions o;
  o.regimes = {Regime::N1};
  o.scenarioPath = "corpus/x.json";
  return checkScenario(s, {}, r, Ledger{}, o);
}

TEST(Triage, TextShowsFirstDifferenceContextFingerprintAndCommand) {
  const std::string text = triageText(buggyVm());
  EXPECT_NE(text.find("triage corpus/x.json: divergent"), std::string::npos);
  EXPECT_NE(text.find("fingerprint n1/trace.event: UNCOVERED"), std::string::npos);
  EXPECT_NE(text.find("first difference (n1/trace.event)"), std::string::npos);
  EXPECT_NE(text.find("baseline oracle.canonical n=1 (8 events)"), std::string::npos);
  EXPECT_NE(text.find("candidate vm.cooperative n=1 (8 events)"), std::string::npos);
  EXPECT_NE(text.find("  > 5  "), std::string::npos);        // the marked position
  EXPECT_NE(text.find("    2  "), std::string::npos);        // three events before it
  EXPECT_EQ(text.find("    1  "), std::string::npos);        // and no more
  EXPECT_NE(text.find("reproduce: ttconf triage corpus/x.json --regime n1 --concurrency 1"), std::string::npos);
  // Only the failing comparison is triaged.
  EXPECT_EQ(text.find("vm.threaded"), std::string::npos);
}

TEST(Triage, JsonHasTheSameFacts) {
  TriageOptions o;
  o.context = 1;
  const boost::json::object doc = triageJson(buggyVm(), o).as_object();
  EXPECT_EQ(doc.at("format").as_string(), "ttconf.triage/1");
  const auto& items = doc.at("items").as_array();
  ASSERT_EQ(items.size(), 1u);
  const auto& item = items[0].as_object();
  EXPECT_EQ(item.at("regime").as_string(), "n1");
  EXPECT_EQ(item.at("first_difference").as_object().at("baseline_index").as_uint64(), 5u);
  const auto& ctx = item.at("candidate_context").as_array();
  ASSERT_EQ(ctx.size(), 3u);
  EXPECT_EQ(ctx[0].as_object().at("index").as_uint64(), 4u);
  EXPECT_TRUE(ctx[1].as_object().at("at_difference").as_bool());
  EXPECT_EQ(item.at("fingerprints").as_array()[0].as_object().at("covered_by").kind(), boost::json::kind::null);
  EXPECT_EQ(item.at("reproduce").as_string(), "ttconf triage corpus/x.json --regime n1 --concurrency 1");
}

TEST(Triage, NothingToTriageWhenConformant) {
  FakeRunners r;
  r.oracle = [](const Scenario&, const EngineRun&) { return EngineOutput{result(protocol(), doneSnapshot(4, 2)), 1}; };
  r.vm = r.oracle;
  RegimeOptions o;
  o.regimes = {Regime::N1};
  const ScenarioReport ok = checkScenario(Scenario{}, {}, r, Ledger{}, o);
  EXPECT_NE(triageText(ok).find("nothing to triage"), std::string::npos);
  EXPECT_TRUE(triageJson(ok).as_object().at("items").as_array().empty());
}

TEST(Results, DocumentRoundTripsItsDivergencesForTheLedgerCheck) {
  const std::vector<ScenarioReport> reports = {buggyVm()};
  const ResultsSummary s = summarize(reports, 0.5);
  EXPECT_EQ(s.divergent, 1u);
  EXPECT_EQ(summaryLine("replay", s), "replay: 1 scenarios, 0 conformant, 1 divergent, 0 bad input, 0 resource-limited, in 0.50 s (2/s)");
  const auto doc = boost::json::parse(boost::json::serialize(resultsDocument(reports, s)));
  const auto found = divergencesFromResults(doc, "r.json");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].fingerprint, "n1/trace.event");
  EXPECT_EQ(found[0].scenario, "corpus/x.json");
  EXPECT_EQ(exitStatus(reports), 1);
  EXPECT_THROW(divergencesFromResults(boost::json::parse(R"({"format": "other"})"), "r.json"), std::exception);
}

TEST(Results, ExitStatusPrefersDivergenceOverBadInput) {
  ScenarioReport bad;
  bad.verdict = ScenarioReport::Verdict::BadInput;
  ScenarioReport good;
  EXPECT_EQ(exitStatus({good}), 0);
  EXPECT_EQ(exitStatus({good, bad}), 2);
  EXPECT_EQ(exitStatus({bad, buggyVm()}), 1);
}

}  // namespace
}  // namespace tt::harness
