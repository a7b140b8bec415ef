// The benchmark workloads (reference D §6, DESIGN "Performance"), as scenarios.
#pragma once
#include <cstdint>

#include "tt/core/scenario.hpp"

namespace tt::vm {

// `disjoint`: `sessions` independent two-party sessions, each the loop
// mu t. A -> B : m . t, one image per session; by-coroutine lanes with `lanes` lanes
// (k >= 2 gives waves wider than one, F S15). Three steps per message per role.
Scenario disjointWorkload(std::uint64_t sessions, std::uint64_t fuel, std::uint64_t lanes);

// `contended`: `sessions` four-role rings mu t. A -> B -> C -> D -> A . t (five
// instructions per role), with few lanes so sessions share them and receivers block
// and wake all the time.
Scenario contendedWorkload(std::uint64_t sessions, std::uint64_t fuel, std::uint64_t lanes);

}  // namespace tt::vm
