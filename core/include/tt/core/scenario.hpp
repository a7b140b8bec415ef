// The scenario (`ttconf.scenario/1`, DESIGN "Formats"): what fuzzers make, the corpus
// stores, fixtures name and ttconf runs.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tt/core/config.hpp"
#include "tt/core/failure.hpp"
#include "tt/core/program.hpp"

namespace tt {

inline constexpr const char* kScenarioFormat = "ttconf.scenario/1";

// One image, in one of three source forms.
struct ImageSpec {
  enum class Kind : std::uint8_t { GlobalType, LocalTypes, Programs };
  Kind kind = Kind::GlobalType;
  // GlobalType: the choreography and the roles to run (default: globalRoles(g), in order).
  GlobalTypePtr globalType;
  std::vector<Role> roles;
  // LocalTypes / Programs: one local type per role, in the order given.
  std::vector<std::pair<Role, LocalTypeRPtr>> localTypes;
  // Programs: each role's code, concatenated in ascending role order; targets are
  // absolute pcs into the concatenation and are never relocated (F D7).
  std::vector<std::pair<Role, Bytecode>> programs;
};

struct RunSpec {
  std::uint64_t fuel = 1000;                      // scheduling rounds
  std::vector<std::uint64_t> concurrency{1};      // each n >= 1
  std::uint64_t workers = 2;                      // VM threaded driver's pool size
  std::vector<std::uint64_t> invalidCertificateRounds;  // rounds whose certificate is corrupted
};

struct Scenario {
  std::string name;
  std::string description;
  VMConfig config;
  std::vector<ImageSpec> images;
  std::vector<TimedFailure> faults;  // same-tick faults apply in list order
  RunSpec run;
};

// Build the CodeImage of an ImageSpec (projection + compiler for GlobalType/LocalTypes,
// relocation per config's repair; Programs concatenated as given).
CodeImage buildImage(const ImageSpec& spec, const VMConfig& config);

}  // namespace tt
