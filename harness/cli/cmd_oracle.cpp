// `ttconf oracle SCENARIO [--concurrency N] [--threaded] [--profile P]`: run the reference
// oracle on a scenario and print {"result": RunResult} as JSON (docs/oracle.md).
#include <boost/json/serialize.hpp>

#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>

#include "commands.hpp"
#include "tt/core/error.hpp"
#include "tt/core/json.hpp"
#include "tt/oracle/oracle.hpp"

namespace tt::cli {
namespace {

constexpr const char* kOracleUsage =
    "usage: ttconf oracle SCENARIO [--concurrency N] [--threaded] [--profile lean-literal|operational]\n"
    "  SCENARIO         a ttconf.scenario/1 JSON file\n"
    "  --concurrency N  n >= 1 (default: the scenario's first run.concurrency)\n"
    "  --threaded       use the threaded model (runScheduledThreaded) instead of runScheduled\n"
    "  --profile P      override the scenario's profile (and with it every repair switch)\n"
    "prints {\"result\": ...}: outcome, trace with raw ticks, final snapshot\n";

int usageError(const std::string& msg) {
  std::cerr << "ttconf oracle: " << msg << "\n" << kOracleUsage;
  return 2;
}

std::optional<std::uint64_t> parseCount(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::uint64_t n = 0;
  for (char ch : text) {
    if (ch < '0' || ch > '9') return std::nullopt;
    n = n * 10 + static_cast<std::uint64_t>(ch - '0');
  }
  return n;
}

}  // namespace

int cmdOracle(int argc, char** argv) {
  std::optional<std::string> scenarioPath;
  std::optional<std::uint64_t> concurrency;
  std::optional<Profile> profile;
  bool threaded = false;
  for (int k = 0; k < argc; ++k) {
    const std::string_view arg = argv[k];
    if (arg == "--help" || arg == "-h") {
      std::cout << kOracleUsage;
      return 0;
    }
    if (arg == "--threaded") {
      threaded = true;
    } else if (arg == "--concurrency") {
      if (k + 1 >= argc) return usageError("--concurrency needs a value");
      concurrency = parseCount(argv[++k]);
      if (!concurrency || *concurrency == 0)
        return usageError(std::string("--concurrency: expected an integer >= 1, got \"") + argv[k] + "\"");
    } else if (arg == "--profile") {
      if (k + 1 >= argc) return usageError("--profile needs a value");
      const std::string_view p = argv[++k];
      if (p == "lean-literal") profile = Profile::LeanLiteral;
      else if (p == "operational") profile = Profile::Operational;
      else return usageError(std::string("--profile: expected lean-literal or operational, got \"") + argv[k] + "\"");
    } else if (!arg.empty() && arg.front() == '-') {
      return usageError(std::string("unknown option \"") + argv[k] + "\"");
    } else if (scenarioPath) {
      return usageError("expected exactly one SCENARIO");
    } else {
      scenarioPath = std::string(arg);
    }
  }
  if (!scenarioPath) return usageError("missing SCENARIO");

  Scenario s;
  try {
    s = json::loadScenarioFile(*scenarioPath);
  } catch (const InputError& e) {
    std::cerr << "ttconf oracle: bad scenario " << *scenarioPath << ": " << e.what() << "\n";
    return 2;
  }
  if (profile) {
    s.config.profile = *profile;
    s.config.repairs = *profile == Profile::LeanLiteral ? Repairs::none() : Repairs::all();
  }
  oracle::RunOptions opts;
  opts.concurrency = concurrency.value_or(s.run.concurrency.empty() ? 1 : s.run.concurrency.front());
  if (opts.concurrency == 0) return usageError("the scenario's concurrency must be >= 1");
  opts.threaded = threaded;
  opts.invalidCertificateRounds = s.run.invalidCertificateRounds;

  const RunResult result = oracle::run(s, opts);
  boost::json::object out;
  out["result"] = json::runResultToJson(result);
  std::cout << boost::json::serialize(out) << "\n";
  return 0;
}

}  // namespace tt::cli
