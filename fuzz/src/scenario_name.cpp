#include "tt/fuzz/scenario_name.hpp"

#include <cstdio>

namespace tt::fuzz {

std::uint64_t bytesHash(std::span<const std::uint8_t> bytes) {
  std::uint64_t h = 1469598103934665603ull;
  for (std::uint8_t b : bytes) {
    h ^= b;
    h *= 1099511628211ull;
  }
  return h;
}

std::string scenarioNameFor(std::string_view generator, std::span<const std::uint8_t> bytes) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(bytesHash(bytes)));
  return std::string(generator) + "-" + hex;
}

}  // namespace tt::fuzz
