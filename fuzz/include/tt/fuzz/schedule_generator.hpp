// The threaded_schedule input: bytes that choose a schedule — concurrency n in 2..8, the
// VM's worker count, which rounds get an invalid certificate, and the lanes — followed by
// the bytes of a generated scenario. The schedule is written into the scenario's run
// spec, so the scenario JSON alone replays it.
#pragma once
#include <cstdint>
#include <span>

#include "tt/core/scenario.hpp"

namespace tt::fuzz {

// Bytes the schedule header takes before the scenario's own bytes.
inline constexpr std::size_t kScheduleHeaderBytes = 4;

// Header: [generator+lanes][n][workers][invalid-round mask for rounds 1..8]. An even first
// byte picks the protocol generator, an odd one the bytecode generator; bit 1 forces lanes
// by-coroutine with 2..4 lanes (waves wider than one need them).
Scenario generateScheduledScenario(std::span<const std::uint8_t> bytes);

}  // namespace tt::fuzz
