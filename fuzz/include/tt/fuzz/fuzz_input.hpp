// What a fuzz input stands for. The corpus holds scenario JSON (seeds, fixtures, findings:
// files `ttconf replay` can run) while libFuzzer invents raw bytes; an input that is a
// scenario JSON document is taken as that scenario, any other bytes go to a generator.
#pragma once
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "tt/core/scenario.hpp"

namespace tt::fuzz {

enum class Generator { Protocol, Bytecode, Scheduled };
const char* generatorName(Generator g);  // "protocol", "bytecode", "scheduled"
std::optional<Generator> generatorFromName(std::string_view name);

// The scenario, when the bytes are a loadable scenario JSON document (first non-space
// byte '{'); nothing otherwise.
std::optional<Scenario> scenarioFromJsonInput(std::span<const std::uint8_t> bytes);
// The scenario JSON input, else the generator's scenario for the bytes.
Scenario scenarioFromInput(Generator g, std::span<const std::uint8_t> bytes);

// Indented JSON with keys in canonical (sorted) order: what corpus files and triage
// artifacts hold, so a diff of two of them is readable.
std::string prettyScenarioJson(const Scenario& s);

}  // namespace tt::fuzz
