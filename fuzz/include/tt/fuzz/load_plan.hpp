// What a generated scenario's images open when they all load: image i becomes session i
// (Lean's fresh ids count from 0) with the coroutines of its roles, in order. Generators
// use it to aim topology faults, buffer overrides, priorities and endpoint values at
// things that exist — and, on purpose, sometimes at things that do not.
#pragma once
#include <cstdint>
#include <vector>

#include "tt/core/value.hpp"

namespace tt::fuzz {

struct LoadPlan {
  std::vector<std::vector<Role>> sessionRoles;  // per image, in entry (sorted) order

  std::uint64_t sessionCount() const { return sessionRoles.size(); }
  std::uint64_t coroutineCount() const;
  // Every directed edge {sid, r1, r2} of every session, self-edges included.
  std::vector<Edge> edges() const;
};

}  // namespace tt::fuzz
