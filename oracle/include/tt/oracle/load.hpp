// Loading a code image into the VM state (reference A §4.4-4.6; Lean
// `Runtime/Loader.lean`), with the load-time repairs of SEMANTICS §2.
#pragma once
#include <string>
#include <variant>

#include "tt/core/program.hpp"
#include "tt/oracle/state.hpp"

namespace tt::oracle {

// Lean ChoreographyLoadResult's failure cases.
struct LoadFailure {
  enum class Kind : std::uint8_t { ValidationFailed, TooManySessions, TooManyCoroutines };
  Kind kind = Kind::ValidationFailed;
  std::string reason;     // ValidationFailed
  std::uint64_t max = 0;  // TooMany*
  std::string describe() const;
};

// Lean validateImage? plus the capacity checks, in Lean's order; none when it loads.
// An image without a global type skips the projection check (F D6/D7).
std::optional<LoadFailure> validateImage(const VMState& st, const CodeImage& image);

// Lean nextFreshSessionId.
SessionId nextFreshSessionId(const VMState& st);

// Lean loadChoreographyCore: install a validated image. Returns the new session id.
SessionId loadChoreographyCore(VMState& st, const CodeImage& image);

// Lean loadChoreographyResult: validate, then load; on failure the state is unchanged.
std::variant<SessionId, LoadFailure> loadChoreography(VMState& st, const CodeImage& image);

}  // namespace tt::oracle
