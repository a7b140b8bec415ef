// The protocol generator: bytes -> well-formed multi-party global types (comm with several
// branches, nested recursion, delegation, 2-6 roles) that project for every role, and
// bytes -> a whole scenario of one or more such images with a config, faults and run
// parameters drawn from the whole space. Total and stable: any bytes give a valid
// scenario, the same bytes the same scenario.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "tt/core/scenario.hpp"
#include "tt/core/session_types.hpp"
#include "tt/fuzz/byte_reader.hpp"
#include "tt/fuzz/load_plan.hpp"

namespace tt::fuzz {

struct GlobalTypeShape {
  std::vector<Role> roles;             // the participants to draw from (>= 2)
  std::uint64_t maxComms = 12;         // comm/delegate nodes in the whole type
  std::uint64_t maxDepth = 6;          // nesting of comm continuations
  std::uint64_t maxBranches = 3;
  // Sessions a `delegate` may name (their roles); empty: no delegation.
  std::vector<std::vector<Role>> delegable;
};

// A closed, guarded global type whose first action is a comm (optionally under `mu`) and
// which projects (projectR) for every role in shape.roles. Should a built type ever fail
// to project, a plain one-message protocol replaces it and *fellBack is set (tests assert
// it never happens).
GlobalTypePtr generateGlobalType(ByteReader& in, const GlobalTypeShape& shape, bool* fellBack = nullptr);

// The role names generators use ("A", "B", ... in sorted order).
std::vector<Role> rolePool(std::size_t n);
// Label names generated types use (also in the JSON dictionary).
const std::vector<std::string>& labelPool();

Scenario generateProtocolScenario(std::span<const std::uint8_t> bytes);

}  // namespace tt::fuzz
