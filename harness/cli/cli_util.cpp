#include "cli_util.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "tt/core/error.hpp"
#include "tt/harness/document.hpp"

#ifndef TT_SOURCE_DIR
#define TT_SOURCE_DIR "."
#endif

namespace tt::cli {

std::string Args::value(const std::string& flag) {
  if (done()) throw UsageError{flag + " needs a value"};
  return take();
}

std::uint64_t Args::number(const std::string& flag) {
  const std::string v = value(flag);
  std::uint64_t n = 0;
  if (v.empty() || v.size() > 18) throw UsageError{flag + " needs a number, got \"" + v + "\""};
  for (char c : v) {
    if (c < '0' || c > '9') throw UsageError{flag + " needs a number, got \"" + v + "\""};
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n;
}

std::string sourceDir() {
  if (const char* env = std::getenv("TT_SOURCE_DIR"); env != nullptr && *env != '\0') return env;
  return TT_SOURCE_DIR;
}
std::string defaultLedgerPath() { return sourceDir() + "/ledger/deviations.json"; }
std::string defaultFixturesDir() { return sourceDir() + "/fixtures_v2"; }

std::optional<harness::Ledger> loadLedgerOrReport(const std::string& path) {
  std::string text;
  try {
    text = harness::readFile(path);
  } catch (const InputError& e) {
    std::cerr << "ttconf: ledger: " << e.what() << "\n";
    return std::nullopt;
  }
  harness::ParsedLedger parsed = harness::parseLedger(text);
  for (const harness::LedgerProblem& p : parsed.problems) {
    std::cerr << harness::ledgerCheckCode(p.check) << ": " << path << ": " << p.message << "\n";
  }
  if (!parsed.ledger || !parsed.problems.empty()) return std::nullopt;
  return parsed.ledger;
}

void writeOutput(const std::string& path, const std::string& text) {
  if (path == "-") {
    std::cout << text;
    std::cout.flush();
    return;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) throw UsageError{"cannot write " + path};
}

bool takeRegimeOption(Args& args, const std::string& option, harness::RegimeOptions& options) {
  if (option == "--regime") {
    options.regimes.push_back(parseRegime(args.value(option)));
  } else if (option == "--concurrency") {
    options.concurrency = args.number(option);
    if (*options.concurrency == 0) throw UsageError{"--concurrency must be at least 1"};
  } else {
    return false;
  }
  return true;
}

harness::Regime parseRegime(const std::string& name) {
  harness::Regime r;
  if (!harness::regimeFromName(name, r)) {
    throw UsageError{"unknown regime \"" + name + "\" (n1, threaded, envelope, invalid-cert, profiles)"};
  }
  return r;
}

}  // namespace tt::cli
