// Results of `ttconf run` / `ttconf replay` as JSON ("ttconf.results/1") and as text,
// and reading them back for `ttconf ledger check --results`.
#pragma once
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "tt/harness/ledger.hpp"
#include "tt/harness/regimes.hpp"

namespace tt::harness {

inline constexpr const char* kResultsFormat = "ttconf.results/1";

boost::json::value scenarioReportToJson(const ScenarioReport& r);

struct ResultsSummary {
  std::size_t scenarios = 0, conformant = 0, divergent = 0, badInput = 0, resourceLimited = 0;
  double seconds = 0;
};
ResultsSummary summarize(const std::vector<ScenarioReport>& reports, double seconds);
std::string summaryLine(const std::string& command, const ResultsSummary& s);
boost::json::value resultsDocument(const std::vector<ScenarioReport>& reports, const ResultsSummary& s);

// Every divergence recorded in a results document; throws tt::InputError when it is not one.
std::vector<RecordedDivergence> divergencesFromResults(const boost::json::value& doc,
                                                       const std::string& path);

// A few lines per scenario: verdict, then each comparison that is not a plain pass.
std::string reportText(const ScenarioReport& r, bool verbose);

// Exit status for a set of reports: 1 if any divergent, else 2 if any bad input, else 0.
int exitStatus(const std::vector<ScenarioReport>& reports);

}  // namespace tt::harness
