// Stable names for generated scenarios: the generator plus a hash of the input bytes.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace tt::fuzz {

// FNV-1a 64 of the bytes.
std::uint64_t bytesHash(std::span<const std::uint8_t> bytes);
// "<generator>-<16 hex digits>".
std::string scenarioNameFor(std::string_view generator, std::span<const std::uint8_t> bytes);

}  // namespace tt::fuzz
