// Topology faults a scenario injects (Lean `Failure`, SEMANTICS §4, F D5) and the failure
// logs they produce (reference C §5).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "tt/core/value.hpp"

namespace tt {

struct Failure {
  enum class Kind : std::uint8_t { SiteCrash, Partition, Heal, Corrupt, Timeout };
  Kind kind = Kind::SiteCrash;
  SiteId site = 0;           // SiteCrash
  std::vector<Edge> edges;   // Partition, Heal
  Edge edge;                 // Corrupt, Timeout
  std::uint64_t seqNo = 0;   // Corrupt
  std::uint64_t deadline = 0;// Timeout
  friend bool operator==(const Failure&, const Failure&) = default;
};
const char* failureKindName(Failure::Kind k);

// Applied at the start of the round whose incremented clock equals `tick`.
struct TimedFailure {
  std::uint64_t tick = 1;
  Failure failure;
  friend bool operator==(const TimedFailure&, const TimedFailure&) = default;
};

struct FailureTraceEvent {
  enum class Tag : std::uint8_t { Topology, Failure, Recovery, Reconciliation };
  std::uint64_t tick = 0;
  std::uint64_t seqNo = 0;
  Tag tag = Tag::Failure;
  std::string detail;
  friend bool operator==(const FailureTraceEvent&, const FailureTraceEvent&) = default;
};

struct StructuredErrorEvent {
  enum class Certainty : std::uint8_t { Certain, BoundedDiff, Unknown };
  enum class Action : std::uint8_t { Continue, RetryAfter, CloseSession, QuarantineEdge, ReconcileThenRetry, Abort };
  std::uint64_t tick = 0;
  std::uint64_t seqNo = 0;
  std::string faultClass;
  Certainty certainty = Certainty::Certain;
  Action action = Action::Continue;
  std::string evidenceId;
  std::string detail;
  std::uint64_t retryAfter = 0;  // RetryAfter's argument, if Lean's action carries one
  friend bool operator==(const StructuredErrorEvent&, const StructuredErrorEvent&) = default;
};

}  // namespace tt
