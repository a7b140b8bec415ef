// Exact semantic coverage from the oracle: through its step observer, each executed step
// is recorded as (the instruction at the coroutine's pc before the step, the step's
// status) — including the silent successes (set, move, jump, spawn, yield) a finished
// RunResult cannot show. Also the per-step invariants of reference C §6.1.
#pragma once
#include <string>
#include <vector>

#include "tt/core/scenario.hpp"
#include "tt/fuzz/semantic_coverage.hpp"
#include "tt/harness/regimes.hpp"
#include "tt/oracle/oracle.hpp"

namespace tt::fuzz {

RunResult runOracleRecording(const Scenario& s, const oracle::RunOptions& o, SemanticCoverage& coverage);

// Records "regime:status" for every comparison of a report.
void recordRegimes(const harness::ScenarioReport& r, SemanticCoverage& coverage);

// Runs the oracle and checks reference C §6.1 at every observation point: the oracle's own
// checkInvariants (items 1-5, 11, 13, 14) plus what needs history — terminal statuses never
// change (5), stepCount never decreases and grows by exactly one per canonical step (6),
// the clock grows by one per round (7), events carry their round's clock and ticks never
// decrease except after an abort's truncation (8). Returns every violation, described with
// the round it happened in; empty when all hold.
std::vector<std::string> oracleInvariantViolations(const Scenario& s, const oracle::RunOptions& o);

}  // namespace tt::fuzz
