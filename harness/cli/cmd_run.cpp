// ttconf run SCENARIO... : every regime for each scenario; with --expect, each file is a
// fixture and the command checks its expect block instead (fixtures_v2/README.md).
#include <chrono>
#include <iostream>

#include <boost/json.hpp>

#include "cli_util.hpp"
#include "commands.hpp"
#include "tt/core/error.hpp"
#include "tt/harness/document.hpp"
#include "tt/harness/report.hpp"

namespace tt::cli {
namespace {

constexpr const char* kRunHelp =
    "usage: ttconf run [options] SCENARIO...\n"
    "  --regime R        only regime R (n1, threaded, envelope, invalid-cert, profiles); repeatable\n"
    "  --concurrency N   only concurrency N (1 selects n1 and profiles)\n"
    "  --ledger FILE     the deviation ledger (default: the repository's ledger/deviations.json)\n"
    "  --json FILE       write ttconf.results/1 JSON (- for stdout)\n"
    "  --expect          treat each file as a fixture: pass iff its expect block holds\n"
    "  --verbose         list passing comparisons too\n"
    "  --oracle-as-vm    self-check only: the oracle stands in for the VM (never a verdict)\n"
    "exit: 0 conformant (or every fixture as expected), 1 divergence, 2 bad input\n";

}  // namespace

int cmdRun(int argc, char** argv) {
  Args args(argc, argv);
  harness::RegimeOptions options;
  std::string ledgerPath = defaultLedgerPath();
  std::string jsonPath;
  bool expectMode = false, verbose = false, oracleAsVm = false;
  std::vector<std::string> files;
  while (!args.done()) {
    const std::string a = args.take();
    if (a == "--help" || a == "-h") {
      std::cout << kRunHelp;
      return 0;
    } else if (takeRegimeOption(args, a, options)) {
    } else if (a == "--ledger") {
      ledgerPath = args.value(a);
    } else if (a == "--json") {
      jsonPath = args.value(a);
    } else if (a == "--expect") {
      expectMode = true;
    } else if (a == "--verbose") {
      verbose = true;
    } else if (a == "--oracle-as-vm") {
      oracleAsVm = true;
    } else if (!a.empty() && a[0] == '-') {
      throw UsageError{"unknown option " + a + "\n" + kRunHelp};
    } else {
      files.push_back(a);
    }
  }
  if (files.empty()) throw UsageError{std::string("no scenario given\n") + kRunHelp};
  const std::optional<harness::Ledger> ledger = loadLedgerOrReport(ledgerPath);
  if (!ledger) return 2;
  harness::Runners runners = harness::builtInRunners();
  if (oracleAsVm) {
    runners = harness::oracleAsVm(runners);
    std::cerr << "ttconf run: --oracle-as-vm: the oracle stands in for the VM; this is a self-check of "
                 "the harness, not a conformance result\n";
  }

  const auto start = std::chrono::steady_clock::now();
  std::vector<harness::ScenarioReport> reports;
  int fixtureFailures = 0;
  for (const std::string& file : files) {
    harness::RegimeOptions o = options;
    o.scenarioPath = file;
    harness::ScenarioReport report;
    try {
      const harness::ScenarioDocument doc = harness::loadScenarioDocument(file);
      if (expectMode && !doc.expect) throw InputError(file, "a fixture needs an \"expect\" block");
      if (expectMode) {
        const harness::FixtureExpect& e = *doc.expect;
        if (o.regimes.empty()) o.regimes = e.regimes;
        const harness::Runners r = e.perturb ? harness::perturbed(runners, *e.perturb) : runners;
        report = harness::checkScenario(doc.scenario, doc.envelope, r,
                                        ledger->without(e.ledgerWithout), o);
        const harness::ExpectationCheck check = harness::checkExpectation(e, report);
        std::cout << (check.ok ? "PASS " : "FAIL ") << file << ": " << check.message << "\n";
        if (!check.ok) {
          ++fixtureFailures;
          std::cout << harness::reportText(report, false);
        }
      } else {
        report = harness::checkScenario(doc.scenario, doc.envelope, runners, *ledger, o);
        std::cout << harness::reportText(report, verbose);
      }
    } catch (const InputError& e) {
      report.path = file;
      report.verdict = harness::ScenarioReport::Verdict::BadInput;
      report.detail = e.what();
      std::cout << harness::reportText(report, verbose);
      if (expectMode) ++fixtureFailures;
    }
    reports.push_back(std::move(report));
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const harness::ResultsSummary summary = harness::summarize(reports, seconds);
  std::cout << harness::summaryLine(expectMode ? "fixtures" : "run", summary) << "\n";
  if (!jsonPath.empty()) {
    writeOutput(jsonPath, boost::json::serialize(harness::resultsDocument(reports, summary)) + "\n");
  }
  if (expectMode) {
    for (const auto& r : reports) {
      if (r.verdict == harness::ScenarioReport::Verdict::BadInput) return 2;
    }
    return fixtureFailures == 0 ? 0 : 1;
  }
  return harness::exitStatus(reports);
}

}  // namespace tt::cli
