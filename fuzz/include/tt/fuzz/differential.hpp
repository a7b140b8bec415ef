// The differential check of one fuzz input: every regime of the harness on the scenario
// the input stands for, against the deviation ledger. An uncovered divergence — or a
// generated scenario the runners reject, which generation promises never happens — is a
// finding; the scenario JSON and the triage report are written beside the crash file.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "tt/fuzz/fuzz_input.hpp"
#include "tt/harness/ledger.hpp"
#include "tt/harness/regimes.hpp"
#include "tt/harness/runners.hpp"

namespace tt::fuzz {

struct DifferentialSetup {
  harness::Ledger ledger;
  harness::Runners runners;
};

// The ledger from $TT_LEDGER or the repository's ledger/deviations.json, and the built-in
// runners. Fails closed: throws std::runtime_error (naming the file and every problem) when
// the ledger cannot be read or does not validate.
DifferentialSetup loadDifferentialSetup();

// What a fuzz input stands for, for the differential targets: a scenario document (a
// corpus file or a fixture copied from fixtures_v2/, with its declared envelope; an
// `expect` block is ignored, as `ttconf replay` ignores it), else the generator's scenario.
struct FuzzCase {
  Scenario scenario;
  harness::EnvelopeDeclaration envelope;
};
FuzzCase caseFromInput(Generator g, std::span<const std::uint8_t> bytes);

harness::ScenarioReport checkAllRegimes(const DifferentialSetup& setup, const Scenario& s,
                                        const harness::RegimeOptions& options = {},
                                        const harness::EnvelopeDeclaration& envelope = {});

// What a differential fuzz target checks for one case: the regimes (empty = all) with the
// profiles attribution stopped at the first acting repair (the same verdict from fewer
// oracle runs; RegimeOptions::firstActingRepairSuffices). A finding is checked again with
// the full attribution, and that report is returned, so it names every acting repair.
harness::ScenarioReport checkFuzzCase(const DifferentialSetup& setup, const FuzzCase& c,
                                      const std::vector<harness::Regime>& regimes = {});

// Divergent (uncovered divergence, a runner error, an engine missing) or bad input. A
// resource-limited run is never a finding (SEMANTICS §6 D16: fuzzers skip those).
bool isFinding(const harness::ScenarioReport& r);

struct FindingFiles {
  std::string scenario;     // <dir>/crash-<sha1>.scenario.json
  std::string triageText;   // <dir>/crash-<sha1>.triage.txt
  std::string triageJson;   // <dir>/crash-<sha1>.triage.json
};
// Writes the three files for the input `bytes` (named like libFuzzer's crash file).
FindingFiles writeFinding(const std::string& dir, std::span<const std::uint8_t> bytes, const Scenario& s,
                          const harness::ScenarioReport& r);
// Where findings go: $TT_FUZZ_ARTIFACTS, or the current directory.
std::string findingDirectory();

// The regimes named in $TT_FUZZ_REGIMES ("n1,threaded,..."; unknown names are an error,
// thrown as std::runtime_error), or `defaults` when it is unset or empty.
std::vector<harness::Regime> regimesFromEnvironment(const std::vector<harness::Regime>& defaults);

// The whole body of diff_protocol / diff_bytecode / threaded_schedule: check the input;
// on a finding write the files, print where they are and abort (so libFuzzer keeps the
// crash input). `regimes` empty = all.
void fuzzOneInput(const DifferentialSetup& setup, Generator g, std::span<const std::uint8_t> bytes,
                  const std::vector<harness::Regime>& regimes = {});

}  // namespace tt::fuzz
