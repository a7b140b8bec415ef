// Properties of generation alone (core only): JSON round trip and stability.
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "tt/core/json.hpp"
#include "tt/fuzz/bytecode_generator.hpp"
#include "tt/fuzz/protocol_generator.hpp"
#include "tt/fuzz/scenario_equal.hpp"

namespace tt::fuzz {
namespace {

using Bytes = std::vector<std::uint8_t>;

void assertRoundTrips(const Scenario& s) {
  const std::string text = json::canonical(json::scenarioToJson(s));
  Scenario back;
  try {
    back = json::loadScenarioText(text);
  } catch (const std::exception& e) {
    RC_FAIL("generated scenario rejected by the loader: " + std::string(e.what()) + "\n" + text);
  }
  const auto diff = scenarioDifference(s, back);
  RC_ASSERT_FALSE(diff.has_value());
  // And the JSON is a fixed point.
  RC_ASSERT(json::canonical(json::scenarioToJson(back)) == json::canonical(json::scenarioToJson(s)));
}

RC_GTEST_PROP(Generation, ProtocolScenariosRoundTripThroughJson, (const Bytes& bytes)) {
  assertRoundTrips(generateProtocolScenario(bytes));
}

RC_GTEST_PROP(Generation, BytecodeScenariosRoundTripThroughJson, (const Bytes& bytes)) {
  assertRoundTrips(generateBytecodeScenario(bytes));
}

RC_GTEST_PROP(Generation, GenerationIsStable, (const Bytes& bytes)) {
  RC_ASSERT(sameScenario(generateProtocolScenario(bytes), generateProtocolScenario(bytes)));
  RC_ASSERT(sameScenario(generateBytecodeScenario(bytes), generateBytecodeScenario(bytes)));
}

}  // namespace
}  // namespace tt::fuzz
