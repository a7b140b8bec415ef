// The final snapshot (SEMANTICS §4, F D13) and the result of one run.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tt/core/event.hpp"
#include "tt/core/failure.hpp"
#include "tt/core/status.hpp"

namespace tt {

enum class SessionPhase : std::uint8_t { Opening, Active, Closing, Closed };
const char* sessionPhaseName(SessionPhase p);

struct OutputConditionClaim {
  std::string predicateRef;
  std::optional<std::string> witnessRef;
  std::string outputDigest;
  friend bool operator==(const OutputConditionClaim&, const OutputConditionClaim&) = default;
};
struct OutputConditionCheck {
  OutputConditionClaim claim;
  bool passed = false;
  friend bool operator==(const OutputConditionCheck&, const OutputConditionCheck&) = default;
};

// Canonical form: every list sorted as documented, so two runners compare with ==.
struct Snapshot {
  struct Coroutine {
    CoroutineId id = 0;
    CoroStatus status;
    PC pc = 0;
    friend bool operator==(const Coroutine&, const Coroutine&) = default;
  };
  struct Session {
    SessionId sid = 0;
    SessionPhase phase = SessionPhase::Active;
    std::uint64_t epoch = 0;
    friend bool operator==(const Session&, const Session&) = default;
  };
  struct Buffer {
    Edge edge;
    std::vector<Value> values;
    friend bool operator==(const Buffer&, const Buffer&) = default;
  };
  std::vector<Coroutine> coroutines;          // by id
  std::vector<Session> sessions;              // by sid
  std::vector<Buffer> buffers;                // non-empty only, by edge
  std::vector<SiteId> crashedSites;           // sorted, de-duplicated
  std::vector<Edge> partitionedEdges;         // sorted, de-duplicated
  std::vector<OutputConditionCheck> outputConditionChecks;  // in order
  std::vector<FailureTraceEvent> failureTrace;
  std::vector<StructuredErrorEvent> structuredErrorEvents;
  friend bool operator==(const Snapshot&, const Snapshot&) = default;
};

// How a run ended. Lean's "completed" counts faulted coroutines as terminal.
enum class RunOutcome : std::uint8_t {
  Completed,      // every coroutine done or faulted
  Stuck,          // a round made no step and no scripted fault remains
  FuelExhausted,  // fuel ran out with live coroutines
  LoadError,      // an image failed to load (never silent, SEMANTICS §6)
  ResourceLimit,  // a runtime cap was reached (F D16)
};
const char* runOutcomeName(RunOutcome o);

struct RunResult {
  RunOutcome outcome = RunOutcome::Completed;
  std::string detail;            // load error / resource-limit reason
  Trace trace;                   // raw global ticks
  Snapshot snapshot;
  std::uint64_t stepsExecuted = 0;  // Lean sched.stepCount
  std::uint64_t rounds = 0;         // rounds run (= final clock)
  friend bool operator==(const RunResult&, const RunResult&) = default;
};

}  // namespace tt
