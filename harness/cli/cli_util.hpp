// Small helpers shared by the harness's subcommands: argument reading, the ledger and
// output files.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tt/harness/ledger.hpp"
#include "tt/harness/regimes.hpp"

namespace tt::cli {

// Thrown for usage errors; main prints the message and exits 2.
struct UsageError {
  std::string message;
};

// Walks argv: flags with values, boolean flags, and positional arguments.
class Args {
 public:
  Args(int argc, char** argv) : args_(argv, argv + argc) {}
  bool done() const { return next_ >= args_.size(); }
  const std::string& peek() const { return args_[next_]; }
  std::string take() { return args_[next_++]; }
  // The value after a flag such as --json; usage error if missing.
  std::string value(const std::string& flag);
  std::uint64_t number(const std::string& flag);

 private:
  std::vector<std::string> args_;
  std::size_t next_ = 0;
};

// The repository this ttconf was built from (for the default ledger and fixtures).
std::string sourceDir();
std::string defaultLedgerPath();
std::string defaultFixturesDir();

// Loads and validates the ledger; on any parse/schema/key problem prints them all and
// returns nullopt (the caller exits 2).
std::optional<harness::Ledger> loadLedgerOrReport(const std::string& path);

// Writes text to a file, or stdout for "-"; usage error if the file cannot be written.
void writeOutput(const std::string& path, const std::string& text);

harness::Regime parseRegime(const std::string& name);

// Takes the regime-selection options shared by run and triage (--regime, --concurrency)
// when `option` is one of them; false if it is not.
bool takeRegimeOption(Args& args, const std::string& option, harness::RegimeOptions& options);

}  // namespace tt::cli
