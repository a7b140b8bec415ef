// Deterministic byte vectors for the generator tests (a fixed-seed engine: the same
// vectors every run, so a failure names a reproducible index).
#pragma once
#include <cstdint>
#include <random>
#include <vector>

namespace tt::fuzz::testing {

inline std::vector<std::vector<std::uint8_t>> randomInputs(std::size_t count, std::size_t maxLen, std::uint64_t seed = 1) {
  std::mt19937_64 rng(seed);
  std::vector<std::vector<std::uint8_t>> out;
  out.push_back({});  // the empty input is always one of them
  while (out.size() < count) {
    std::vector<std::uint8_t> bytes(rng() % (maxLen + 1));
    for (auto& b : bytes) b = static_cast<std::uint8_t>(rng());
    out.push_back(std::move(bytes));
  }
  return out;
}

}  // namespace tt::fuzz::testing
