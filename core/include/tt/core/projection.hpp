// Projection `trans` and the checker `projectb` (reference A §2.8).
#pragma once
#include <optional>

#include "tt/core/session_types.hpp"

namespace tt {

LocalTypeRPtr trans(const GlobalType& g, const Role& role);
bool projectb(const GlobalType& g, const Role& role, const LocalTypeR& candidate);
// projectR?: trans g role if projectb accepts it.
std::optional<LocalTypeRPtr> projectR(const GlobalType& g, const Role& role);

}  // namespace tt
