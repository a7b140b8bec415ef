// Structural equality of scenarios (core has no operator== for Scenario), used by the
// JSON round-trip property: scenarioFromJson(scenarioToJson(s)) must equal s.
#pragma once
#include <optional>
#include <string>

#include "tt/core/scenario.hpp"

namespace tt::fuzz {

// The path of the first field where a and b differ ("images[1].programs[0]"), or nothing.
std::optional<std::string> scenarioDifference(const Scenario& a, const Scenario& b);
inline bool sameScenario(const Scenario& a, const Scenario& b) { return !scenarioDifference(a, b); }

}  // namespace tt::fuzz
