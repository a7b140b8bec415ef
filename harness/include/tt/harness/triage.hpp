// Triage, first version: for each failing comparison, the first differing position, both
// sides' events around it, the fingerprints with their ledger entries, and the exact
// command that reproduces it; as text and as JSON ("ttconf.triage/1").
#pragma once
#include <cstddef>
#include <string>

#include <boost/json/value.hpp>

#include "tt/harness/regimes.hpp"

namespace tt::harness {

struct TriageOptions {
  std::size_t context = 3;      // events shown on each side of the first difference
  bool includeCovered = false;  // also triage comparisons whose divergences are all covered
};

boost::json::value triageJson(const ScenarioReport& r, const TriageOptions& o = {});
std::string triageText(const ScenarioReport& r, const TriageOptions& o = {});

}  // namespace tt::harness
