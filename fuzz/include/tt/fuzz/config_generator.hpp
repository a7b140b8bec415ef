// Bytes -> the parts of a scenario around its images: the VM config (the whole space of
// SEMANTICS §6 D19), topology faults at chosen ticks, and the run parameters.
#pragma once
#include <vector>

#include "tt/core/config.hpp"
#include "tt/core/failure.hpp"
#include "tt/core/scenario.hpp"
#include "tt/fuzz/byte_reader.hpp"
#include "tt/fuzz/load_plan.hpp"

namespace tt::fuzz {

// How often the rarer corners of the config space are drawn (percent). The protocol
// generator keeps runs mostly healthy; the bytecode generator leans on the fault paths.
struct ConfigBias {
  unsigned monitorOff = 25;
  unsigned speculation = 10;
  unsigned smallBudget = 8;
  unsigned tightLoadLimits = 4;
  unsigned transportOrSpatialOff = 4;
  unsigned guardLayers = 20;
};

// Guard-layer names the generators share, so `acquire`/`release` meet configured layers.
const std::vector<LayerId>& layerPool();

VMConfig generateConfig(ByteReader& in, const LoadPlan& plan, const ConfigBias& bias);
// Faults aimed at the plan's edges and sites, with ticks in [1, fuel + 1].
std::vector<TimedFailure> generateFaults(ByteReader& in, const LoadPlan& plan, std::uint64_t fuel);
// Fuel, concurrencies (always including 1), workers and invalid-certificate rounds.
RunSpec generateRunSpec(ByteReader& in);

}  // namespace tt::fuzz
