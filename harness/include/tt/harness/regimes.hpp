// The regimes of SEMANTICS §5, each reported separately, for one scenario:
//   n1            vm.cooperative, vm.threaded (n = 1) and oracle.threaded (n = 1) each
//                 against oracle.canonical, exact/1
//   threaded      per n > 1: vm.threaded vs oracle.threaded, exact/1
//   envelope      per n > 1: vm.threaded vs oracle.canonical, within the envelope
//   invalid-cert  per n > 1: both engines with the certificate hook, exact/1; and on the
//                 oracle, the hooked round is exactly one canonical step
//   profiles      oracle lean-literal vs operational; each difference attributed to the
//                 repair(s) that cause it by ablation
// Every divergence gets a fingerprint and, when an active ledger entry covers it, that
// entry's id. Anything that could not be checked is reported, never passed silently.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tt/harness/envelope.hpp"
#include "tt/harness/fingerprint.hpp"
#include "tt/harness/ledger.hpp"
#include "tt/harness/runners.hpp"

namespace tt::harness {

// Harness-side declarations a scenario document may carry next to the scenario.
struct EnvelopeDeclaration {
  std::optional<Tier> tier;  // default: defaultTier(n, the scenario scripts faults)
};

struct Divergence {
  std::string fingerprint;
  Difference difference;
  std::string coveredBy;  // active ledger entry id, or empty
};

struct ComparisonReport {
  enum class Status : unsigned char { Pass, Covered, Divergent, Skipped, Unavailable, Error };
  Regime regime = Regime::N1;
  std::string label;     // "vm.cooperative vs oracle.canonical"
  std::string relation;  // "exact/1", "envelope/1", "fallback/1", "profiles/1"
  std::uint64_t concurrency = 1;
  EngineRun baseline, candidate;
  std::string baselineName, candidateName;  // how reports name the two sides
  Status status = Status::Pass;
  std::string note;  // why skipped / unavailable / error
  std::vector<Divergence> divergences;
  std::optional<EnvelopeDiff> envelope;  // the envelope regime's diff
  std::shared_ptr<const RunResult> baselineResult, candidateResult;  // for triage
  bool failed() const {
    return status == Status::Divergent || status == Status::Unavailable || status == Status::Error;
  }
};
const char* statusName(ComparisonReport::Status s);
// The envelope diff with its hashes (the replay fragments of both runs), for reports.
// Computed on demand: hashing both traces costs as much as a small run.
EnvelopeArtifact envelopeArtifact(const ComparisonReport& c);

struct OutcomeCounts {
  std::string outcome;  // of oracle.canonical at n = 1
  std::uint64_t done = 0, faulted = 0, blocked = 0, live = 0;  // live: ready/speculating
};

struct ScenarioReport {
  enum class Verdict : unsigned char { Conformant, Divergent, BadInput };
  std::string name;
  std::string path;  // for reproduce commands; may be empty
  Verdict verdict = Verdict::Conformant;
  std::string detail;  // bad-input message
  bool resourceLimited = false;  // some run ended in resource-limit (fuzzers skip these)
  std::optional<OutcomeCounts> outcome;
  std::vector<ComparisonReport> comparisons;
  std::vector<std::string> fingerprints() const;  // of every divergence, covered or not
};
const char* verdictName(ScenarioReport::Verdict v);

struct RegimeOptions {
  std::vector<Regime> regimes;                // empty: all
  std::optional<std::uint64_t> concurrency;   // only this n (n = 1 selects the n1 regime)
  std::string scenarioPath;                   // used in reproduce commands
  // Profiles regime: when the ledger covers every repair's fingerprint, stop the
  // attribution at the first repair found acting. The verdict is the same as with the
  // full ablation (covered iff some repair acts); the report then names one acting
  // repair instead of all. For fuzzing, where each ablation is a whole oracle run; a
  // finding is re-checked with the full attribution before it is reported.
  bool firstActingRepairSuffices = false;
};

ScenarioReport checkScenario(const Scenario& scenario, const EnvelopeDeclaration& declaration,
                             const Runners& runners, const Ledger& ledger,
                             const RegimeOptions& options = {});

// The command that reproduces one comparison.
std::string reproduceCommand(const ScenarioReport& s, const ComparisonReport& c);

}  // namespace tt::harness
