#include "tt/fuzz/differential.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include <boost/json.hpp>

#include "tt/core/error.hpp"
#include "tt/fuzz/sha1.hpp"
#include "tt/harness/document.hpp"
#include "tt/harness/report.hpp"
#include "tt/harness/triage.hpp"

#ifndef TT_FUZZ_LEDGER_FILE
#error "TT_FUZZ_LEDGER_FILE (the repository's ledger/deviations.json) must be defined"
#endif

namespace tt::fuzz {

DifferentialSetup loadDifferentialSetup() {
  const char* env = std::getenv("TT_LEDGER");
  const std::string file = env && *env ? env : TT_FUZZ_LEDGER_FILE;
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(file + ": cannot read the deviation ledger");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  harness::ParsedLedger parsed = harness::parseLedger(text);
  if (!parsed.ledger || !parsed.problems.empty()) {
    std::string why = file + ": the deviation ledger does not validate:";
    for (const auto& p : parsed.problems) why += "\n  " + std::string(harness::ledgerCheckCode(p.check)) + ": " + p.message;
    throw std::runtime_error(why);
  }
  return DifferentialSetup{std::move(*parsed.ledger), harness::builtInRunners()};
}

FuzzCase caseFromInput(Generator g, std::span<const std::uint8_t> bytes) {
  const auto first = std::find_if(bytes.begin(), bytes.end(), [](std::uint8_t b) { return !std::isspace(b); });
  if (first != bytes.end() && *first == '{') {
    try {
      harness::ScenarioDocument doc = harness::parseScenarioDocument(
          std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), "input");
      return FuzzCase{std::move(doc.scenario), doc.envelope};
    } catch (const InputError&) {
      // not a document: the bytes are generator input like any others
    }
  }
  return FuzzCase{scenarioFromInput(g, bytes), {}};
}

harness::ScenarioReport checkAllRegimes(const DifferentialSetup& setup, const Scenario& s,
                                        const harness::RegimeOptions& options,
                                        const harness::EnvelopeDeclaration& envelope) {
  return harness::checkScenario(s, envelope, setup.runners, setup.ledger, options);
}

harness::ScenarioReport checkFuzzCase(const DifferentialSetup& setup, const FuzzCase& c,
                                      const std::vector<harness::Regime>& regimes) {
  harness::RegimeOptions options;
  options.regimes = regimes;
  options.firstActingRepairSuffices = true;
  harness::ScenarioReport report = checkAllRegimes(setup, c.scenario, options, c.envelope);
  if (!isFinding(report)) return report;
  options.firstActingRepairSuffices = false;
  return checkAllRegimes(setup, c.scenario, options, c.envelope);
}

bool isFinding(const harness::ScenarioReport& r) {
  if (r.resourceLimited) return false;
  return r.verdict != harness::ScenarioReport::Verdict::Conformant;
}

std::string findingDirectory() {
  const char* env = std::getenv("TT_FUZZ_ARTIFACTS");
  return env && *env ? std::string(env) : std::string(".");
}

FindingFiles writeFinding(const std::string& dir, std::span<const std::uint8_t> bytes, const Scenario& s,
                          const harness::ScenarioReport& r) {
  const std::string base = dir + "/crash-" + sha1Hex(bytes);
  FindingFiles files{base + ".scenario.json", base + ".triage.txt", base + ".triage.json"};
  harness::TriageOptions options;
  options.includeCovered = false;
  std::ofstream(files.scenario, std::ios::binary) << prettyScenarioJson(s);
  std::string text = harness::reportText(r, /*verbose=*/true);
  if (r.verdict == harness::ScenarioReport::Verdict::BadInput)
    text += "\nA generated scenario was rejected by a runner: " + r.detail + "\n";
  text += "\n" + harness::triageText(r, options);
  std::ofstream(files.triageText, std::ios::binary) << text;
  std::ofstream(files.triageJson, std::ios::binary) << boost::json::serialize(harness::triageJson(r, options)) << "\n";
  return files;
}

std::vector<harness::Regime> regimesFromEnvironment(const std::vector<harness::Regime>& defaults) {
  const char* env = std::getenv("TT_FUZZ_REGIMES");
  if (!env || !*env) return defaults;
  std::vector<harness::Regime> out;
  std::string list = env;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t end = std::min(list.find(',', start), list.size());
    const std::string name = list.substr(start, end - start);
    harness::Regime r;
    if (!name.empty()) {
      if (!harness::regimeFromName(name, r))
        throw std::runtime_error("TT_FUZZ_REGIMES: unknown regime \"" + name +
                                 "\" (n1, threaded, envelope, invalid-cert, profiles)");
      out.push_back(r);
    }
    start = end + 1;
  }
  return out;
}

void fuzzOneInput(const DifferentialSetup& setup, Generator g, std::span<const std::uint8_t> bytes,
                  const std::vector<harness::Regime>& regimes) {
  const FuzzCase c = caseFromInput(g, bytes);
  const harness::ScenarioReport report = checkFuzzCase(setup, c, regimes);
  if (!isFinding(report)) return;
  const FindingFiles files = writeFinding(findingDirectory(), bytes, c.scenario, report);
  std::fprintf(stderr,
               "\n== tt fuzz finding: %s (%s)\n   scenario: %s\n   triage:   %s\n   triage (json): %s\n",
               report.name.c_str(), harness::verdictName(report.verdict), files.scenario.c_str(),
               files.triageText.c_str(), files.triageJson.c_str());
  std::abort();
}

}  // namespace tt::fuzz
