// Scenario documents: a `ttconf.scenario/1` scenario (core's format, docs/formats.md) plus
// two optional harness blocks that core never sees:
//   "envelope": {"tier": "replay_deterministic"}      the declared determinism tier
//   "expect":   {...}                                  a fixture's expected verdict
// The fixture format is described in fixtures_v2/README.md.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "tt/core/scenario.hpp"
#include "tt/harness/ledger.hpp"
#include "tt/harness/regimes.hpp"

namespace tt::harness {

// A deliberate change to every VM result (fixtures that show the gate closes).
struct Perturbation {
  enum class Kind : unsigned char { DropLastEvent, SwapAdjacentEvents, ShiftTicks };
  Kind kind = Kind::DropLastEvent;
  std::size_t index = 0;  // SwapAdjacentEvents: swaps index and index + 1
};

struct FixtureExpect {
  ScenarioReport::Verdict verdict = ScenarioReport::Verdict::Conformant;
  std::vector<std::string> covers;        // exactly the fingerprints the run must produce
  std::vector<Regime> regimes;            // empty: all
  std::vector<std::string> ledgerWithout; // run against the ledger minus these entries
  std::optional<Perturbation> perturb;
  std::string note;
};

struct ScenarioDocument {
  std::string path;
  Scenario scenario;
  EnvelopeDeclaration envelope;
  std::optional<FixtureExpect> expect;
};

// Throws tt::InputError naming the path and what is wrong.
ScenarioDocument parseScenarioDocument(std::string_view text, const std::string& path);
ScenarioDocument loadScenarioDocument(const std::string& path);
// The expect block alone (no core needed); throws tt::InputError.
FixtureExpect parseFixtureExpect(const boost::json::value& v, const std::string& path);
EnvelopeDeclaration parseEnvelopeDeclaration(const boost::json::value& v, const std::string& path);

// Every *.json fixture in `dir` with its expect.covers; unreadable or malformed fixtures
// are reported as ledger.bad-fixture problems.
std::vector<FixtureCoverage> loadFixtureCoverage(const std::string& dir,
                                                 std::vector<LedgerProblem>& problems);

// The VM runner wrapped so that each result is perturbed as given.
Runners perturbed(const Runners& runners, const Perturbation& p);

// Does a run match a fixture's expectation? Message says what differs.
struct ExpectationCheck {
  bool ok = false;
  std::string message;
};
ExpectationCheck checkExpectation(const FixtureExpect& expect, const ScenarioReport& report);

// Read a whole file; throws tt::InputError when it cannot.
std::string readFile(const std::string& path);

}  // namespace tt::harness
