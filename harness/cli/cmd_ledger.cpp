// ttconf ledger check : the deviation ledger, checked both ways (docs/ledger.md).
// ttconf ledger vocabulary : the covers keys a ledger entry may use.
#include <iostream>

#include <boost/json.hpp>

#include "cli_util.hpp"
#include "commands.hpp"
#include "tt/core/error.hpp"
#include "tt/core/json.hpp"
#include "tt/harness/document.hpp"
#include "tt/harness/fingerprint.hpp"
#include "tt/harness/report.hpp"

namespace tt::cli {
namespace {

constexpr const char* kLedgerHelp =
    "usage: ttconf ledger check [options]\n"
    "       ttconf ledger vocabulary [--json]\n"
    "  --ledger FILE     the ledger (default: the repository's ledger/deviations.json)\n"
    "  --fixtures DIR    fixtures that exercise entries (default: the repository's fixtures_v2)\n"
    "  --root DIR        where entries' `tests` paths are resolved (default: the repository)\n"
    "  --today DATE      YYYY-MM-DD used for expiry (default: today, UTC)\n"
    "  --results FILE    ttconf.results/1 from run/replay: every divergence must be covered;\n"
    "                    repeatable\n"
    "  --json            print ttconf.ledger-check/1 JSON\n"
    "exit: 0 ok, 1 a check failed, 2 the ledger is unreadable, not JSON, or off-schema\n";

int vocabulary(Args& args) {
  bool asJson = false;
  while (!args.done()) {
    const std::string a = args.take();
    if (a == "--json") asJson = true;
    else throw UsageError{"unknown option " + a};
  }
  boost::json::array keys;
  for (const harness::CoversKeyInfo& k : harness::coversVocabulary()) {
    if (asJson) {
      keys.push_back(boost::json::object{{"key", k.key}, {"coverable", k.coverable}, {"meaning", k.meaning}});
    } else {
      std::cout << k.key << (k.coverable ? "" : "  (hard: never coverable)") << "\n    " << k.meaning << "\n";
    }
  }
  if (asJson) std::cout << boost::json::serialize(keys) << "\n";
  return 0;
}

}  // namespace

int cmdLedger(int argc, char** argv) {
  Args args(argc, argv);
  if (args.done()) throw UsageError{std::string("missing subcommand\n") + kLedgerHelp};
  const std::string sub = args.take();
  if (sub == "--help" || sub == "-h") {
    std::cout << kLedgerHelp;
    return 0;
  }
  if (sub == "vocabulary") return vocabulary(args);
  if (sub != "check") throw UsageError{"unknown subcommand \"" + sub + "\"\n" + kLedgerHelp};

  std::string ledgerPath = defaultLedgerPath();
  std::string fixturesDir = defaultFixturesDir();
  std::string root = sourceDir();
  harness::Date today = harness::todayUtc();
  std::vector<std::string> results;
  bool asJson = false;
  while (!args.done()) {
    const std::string a = args.take();
    if (a == "--ledger") ledgerPath = args.value(a);
    else if (a == "--fixtures") fixturesDir = args.value(a);
    else if (a == "--root") root = args.value(a);
    else if (a == "--results") results.push_back(args.value(a));
    else if (a == "--json") asJson = true;
    else if (a == "--today") {
      const std::string d = args.value(a);
      const auto parsed = harness::parseDate(d);
      if (!parsed) throw UsageError{"--today needs a date YYYY-MM-DD, got \"" + d + "\""};
      today = *parsed;
    } else if (a == "--help" || a == "-h") {
      std::cout << kLedgerHelp;
      return 0;
    } else {
      throw UsageError{"unknown option " + a + "\n" + kLedgerHelp};
    }
  }

  std::vector<harness::LedgerProblem> problems;
  int status = 0;
  std::optional<harness::Ledger> ledger;
  try {
    harness::ParsedLedger parsed = harness::parseLedger(harness::readFile(ledgerPath));
    problems = std::move(parsed.problems);
    ledger = std::move(parsed.ledger);
    if (!ledger) status = 2;
  } catch (const InputError& e) {
    problems.push_back({harness::LedgerCheck::InvalidJson, "", std::string("ledger: ") + e.what()});
    status = 2;
  }
  if (ledger) {
    for (auto& p : harness::checkExpiry(*ledger, today)) problems.push_back(std::move(p));
    const auto fixtures = harness::loadFixtureCoverage(fixturesDir, problems);
    for (auto& p : harness::checkExercised(*ledger, fixtures)) problems.push_back(std::move(p));
    for (auto& p : harness::checkTestsExist(*ledger, root)) problems.push_back(std::move(p));
    for (const std::string& file : results) {
      try {
        const auto doc = json::parse(harness::readFile(file), file);
        const auto found = harness::divergencesFromResults(doc, file);
        for (auto& p : harness::checkDivergencesCovered(*ledger, found)) problems.push_back(std::move(p));
      } catch (const InputError& e) {
        problems.push_back({harness::LedgerCheck::BadResults, "", std::string("ledger: bad results: ") + e.what()});
      }
    }
    if (!problems.empty()) status = 1;
  }

  std::size_t active = 0;
  if (ledger) {
    for (const auto& e : ledger->entries) active += e.active() ? 1 : 0;
  }
  if (asJson) {
    boost::json::array ps;
    for (const auto& p : problems) {
      ps.push_back(boost::json::object{{"code", harness::ledgerCheckCode(p.check)},
                                       {"entry", p.entryId},
                                       {"message", p.message}});
    }
    std::cout << boost::json::serialize(boost::json::object{
                     {"format", "ttconf.ledger-check/1"},
                     {"ledger", ledgerPath},
                     {"today", today.str()},
                     {"entries", ledger ? ledger->entries.size() : 0},
                     {"active", active},
                     {"ok", problems.empty()},
                     {"problems", std::move(ps)}})
              << "\n";
  } else {
    for (const auto& p : problems) std::cerr << harness::ledgerCheckCode(p.check) << ": " << p.message << "\n";
    std::cout << "ledger check: " << ledgerPath << ": "
              << (ledger ? std::to_string(ledger->entries.size()) + " entries (" + std::to_string(active) + " active), "
                         : std::string("unusable, "))
              << problems.size() << " problem" << (problems.size() == 1 ? "" : "s") << " (today "
              << today.str() << ")\n";
  }
  return status;
}

}  // namespace tt::cli
