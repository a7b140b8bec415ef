// SHA-1 of a byte string, as hex. libFuzzer names a crash artifact "crash-<sha1 of the
// input>"; the differential targets use the same name for the scenario JSON and the
// triage report they write beside it. (Naming only — not a security use.)
#pragma once
#include <cstdint>
#include <span>
#include <string>

namespace tt::fuzz {

std::string sha1Hex(std::span<const std::uint8_t> bytes);

}  // namespace tt::fuzz
