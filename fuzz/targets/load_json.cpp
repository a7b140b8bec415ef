// libFuzzer target load_json: arbitrary bytes into the scenario loader. The only allowed
// outcomes are a tt::InputError or a scenario; a scenario must survive its own JSON round
// trip unchanged. Anything else — another exception, a crash, a leak, a hang — is a bug.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "tt/core/error.hpp"
#include "tt/core/json.hpp"
#include "tt/fuzz/scenario_equal.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  tt::Scenario scenario;
  try {
    scenario = tt::json::loadScenarioText(text);
  } catch (const tt::InputError&) {
    return 0;  // rejected with a located message: fine
  }
  const std::string again = tt::json::canonical(tt::json::scenarioToJson(scenario));
  tt::Scenario back;
  try {
    back = tt::json::loadScenarioText(again);
  } catch (const tt::InputError& e) {
    std::fprintf(stderr, "load_json: a loaded scenario's own JSON was rejected: %s\n%s\n", e.what(), again.c_str());
    std::abort();
  }
  if (auto diff = tt::fuzz::scenarioDifference(scenario, back)) {
    std::fprintf(stderr, "load_json: JSON round trip changed %s\n%s\n", diff->c_str(), again.c_str());
    std::abort();
  }
  return 0;
}
