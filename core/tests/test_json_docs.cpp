// Every complete example under docs/examples/ loads with its decoder and re-encodes to the
// same JSON (so the examples are exact, full-form documents), and docs/formats.md shows it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "json_test_util.hpp"
#include "tt/core/upstream_runner.hpp"

namespace tt {
namespace {

namespace fs = std::filesystem;

fs::path docsDir() { return fs::path(TT_SOURCE_DIR) / "docs"; }

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

using JValue = boost::json::value;

// Decode then encode a list with the given codecs; returns the re-encoded list.
template <class Dec, class Enc>
JValue viaList(const JValue& j, Dec dec, Enc enc) {
  boost::json::array out;
  const auto& a = j.as_array();
  for (std::size_t i = 0; i < a.size(); ++i) out.push_back(enc(dec(a[i], "[" + std::to_string(i) + "]")));
  return out;
}

// Each example: how to load it, returning its re-encoding (compared with the file).
const std::map<std::string, std::function<JValue(const fs::path&, const JValue&)>>& decoders() {
  static const std::map<std::string, std::function<JValue(const fs::path&, const JValue&)>> m = {
      {"scenario.json", [](const fs::path& p, const JValue&) { return json::scenarioToJson(json::loadScenarioFile(p.string())); }},
      {"config.json", [](const fs::path&, const JValue& j) { return json::configToJson(json::configFromJson(j, "")); }},
      {"global_type.json", [](const fs::path&, const JValue& j) { return json::globalTypeToJson(*json::globalTypeFromJson(j, "")); }},
      {"local_type_r.json", [](const fs::path&, const JValue& j) { return json::localTypeRToJson(*json::localTypeRFromJson(j, "")); }},
      {"local_type.json", [](const fs::path&, const JValue& j) { return json::localTypeToJson(*json::localTypeFromJson(j, "")); }},
      {"values.json", [](const fs::path&, const JValue& j) { return viaList(j, json::valueFromJson, json::valueToJson); }},
      {"immediates.json", [](const fs::path&, const JValue& j) { return viaList(j, json::immFromJson, json::immToJson); }},
      {"val_types.json", [](const fs::path&, const JValue& j) { return viaList(j, json::valTypeFromJson, json::valTypeToJson); }},
      {"payload_sorts.json", [](const fs::path&, const JValue& j) { return viaList(j, json::payloadSortFromJson, json::payloadSortToJson); }},
      {"instructions.json", [](const fs::path&, const JValue& j) { return viaList(j, json::instrFromJson, json::instrToJson); }},
      {"failures.json", [](const fs::path&, const JValue& j) { return viaList(j, json::failureFromJson, json::failureToJson); }},
      {"faults.json", [](const fs::path&, const JValue& j) { return viaList(j, json::faultFromJson, json::faultToJson); }},
      {"coro_status.json", [](const fs::path&, const JValue& j) { return viaList(j, json::coroStatusFromJson, json::coroStatusToJson); }},
      {"trace.json", [](const fs::path&, const JValue& j) { return json::traceToJson(json::traceFromJson(j, "")); }},
      {"snapshot.json", [](const fs::path&, const JValue& j) { return json::snapshotToJson(json::snapshotFromJson(j, "")); }},
      {"run_result.json", [](const fs::path&, const JValue& j) { return json::runResultToJson(json::runResultFromJson(j, "")); }},
      {"runner_input.json", [](const fs::path&, const JValue& j) { return runnerInputToJson(runnerInputFromJson(j)); }},
      // The runner's output is a byte format: the file is exactly what Lean would print.
      {"runner_output.json", [](const fs::path& p, const JValue& j) {
         EXPECT_EQ(printRunnerJson(j) + "\n", readFile(p)) << "runner_output.json is not in Lean's byte format";
         return j;
       }},
  };
  return m;
}

TEST(JsonDocs, EveryExampleLoadsWithItsDecoderAndRoundTrips) {
  std::set<std::string> seen;
  for (const auto& entry : fs::directory_iterator(docsDir() / "examples")) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".json") continue;
    seen.insert(name);
    const auto it = decoders().find(name);
    ASSERT_NE(it, decoders().end()) << "no decoder for docs/examples/" << name;
    SCOPED_TRACE(name);
    const JValue j = json::parse(readFile(entry.path()), name);
    JValue back;
    try {
      back = it->second(entry.path(), j);
    } catch (const InputError& e) {
      FAIL() << name << ": " << e.what();
    }
    EXPECT_EQ(json::canonical(back), json::canonical(j));
  }
  for (const auto& [name, decode] : decoders()) EXPECT_TRUE(seen.count(name)) << "missing docs/examples/" << name;
}

TEST(JsonDocs, FormatsMdShowsEveryExampleVerbatim) {
  const std::string md = readFile(docsDir() / "formats.md");
  ASSERT_FALSE(md.empty());
  for (const auto& [name, decode] : decoders()) {
    EXPECT_NE(md.find("examples/" + name), std::string::npos) << name;
    EXPECT_NE(md.find("```json\n" + readFile(docsDir() / "examples" / name) + "```"), std::string::npos)
        << "docs/formats.md does not show docs/examples/" << name << " verbatim";
  }
}

TEST(JsonDocs, ExamplesCoverEveryVariant) {
  const auto load = [](const char* name) { return json::parse(readFile(docsDir() / "examples" / name), name); };
  std::set<std::string> ops, faults, events, reasons;
  const JValue instrs = load("instructions.json"), faultList = load("faults.json"), trace = load("trace.json"),
               statuses = load("coro_status.json");
  for (const auto& i : instrs.as_array()) ops.insert(opcodeTag(opcodeOf(json::instrFromJson(i, ""))));
  for (const auto& f : faultList.as_array()) faults.insert(faultKindName(json::faultFromJson(f, "").kind));
  for (const auto& e : trace.as_array()) events.insert(obsEventKindName(json::tickedEventFromJson(e, "").event.kind));
  for (const auto& s : statuses.as_array()) {
    const CoroStatus st = json::coroStatusFromJson(s, "");
    if (st.kind == CoroStatus::Kind::Blocked) reasons.insert(blockReasonName(st.reason.kind));
  }
  EXPECT_EQ(ops.size(), kOpcodeCount);
  EXPECT_EQ(faults.size(), 13u);
  EXPECT_EQ(events.size(), 16u);
  EXPECT_EQ(reasons.size(), 7u);
}

}  // namespace
}  // namespace tt
