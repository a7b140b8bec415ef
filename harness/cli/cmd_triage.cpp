// ttconf triage SCENARIO : for each failing comparison, the first difference, both sides'
// events around it, fingerprints with their ledger entries, and the reproduce command.
#include <iostream>

#include <boost/json.hpp>

#include "cli_util.hpp"
#include "commands.hpp"
#include "tt/harness/document.hpp"
#include "tt/harness/report.hpp"
#include "tt/harness/triage.hpp"

namespace tt::cli {
namespace {

constexpr const char* kTriageHelp =
    "usage: ttconf triage [options] SCENARIO\n"
    "  --regime R        only regime R; repeatable\n"
    "  --concurrency N   only concurrency N\n"
    "  --context K       events shown each side of the first difference (default 3)\n"
    "  --all             also triage divergences the ledger covers\n"
    "  --json            print ttconf.triage/1 JSON instead of text\n"
    "  --ledger FILE     the deviation ledger (default: the repository's)\n"
    "exit: as ttconf run\n";

}  // namespace

int cmdTriage(int argc, char** argv) {
  Args args(argc, argv);
  harness::RegimeOptions options;
  harness::TriageOptions triage;
  std::string ledgerPath = defaultLedgerPath();
  bool asJson = false;
  std::string file;
  while (!args.done()) {
    const std::string a = args.take();
    if (a == "--help" || a == "-h") {
      std::cout << kTriageHelp;
      return 0;
    } else if (takeRegimeOption(args, a, options)) {
    } else if (a == "--context") {
      triage.context = static_cast<std::size_t>(std::min<std::uint64_t>(args.number(a), 1000));
    } else if (a == "--all") {
      triage.includeCovered = true;
    } else if (a == "--json") {
      asJson = true;
    } else if (a == "--ledger") {
      ledgerPath = args.value(a);
    } else if (!a.empty() && a[0] == '-') {
      throw UsageError{"unknown option " + a + "\n" + kTriageHelp};
    } else if (file.empty()) {
      file = a;
    } else {
      throw UsageError{"triage takes one scenario"};
    }
  }
  if (file.empty()) throw UsageError{std::string("no scenario given\n") + kTriageHelp};
  const std::optional<harness::Ledger> ledger = loadLedgerOrReport(ledgerPath);
  if (!ledger) return 2;
  const harness::ScenarioDocument doc = harness::loadScenarioDocument(file);
  options.scenarioPath = file;
  const harness::ScenarioReport report =
      harness::checkScenario(doc.scenario, doc.envelope, harness::builtInRunners(), *ledger, options);
  if (asJson) {
    std::cout << boost::json::serialize(harness::triageJson(report, triage)) << "\n";
  } else {
    std::cout << harness::triageText(report, triage);
  }
  return harness::exitStatus({report});
}

}  // namespace tt::cli
