// Upstream Lean `vm_runner` documents (reference A §11.1, §11.3; F §1.3 key order).
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "tt/core/event.hpp"
#include "tt/core/session_types.hpp"
#include "tt/core/status.hpp"

namespace tt {

struct RunnerInput {
  struct Choreography {
    GlobalTypePtr globalType;
    std::vector<Role> roles;
  };
  std::vector<Choreography> choreographies;
  std::uint64_t concurrency = 1;
  std::uint64_t maxSteps = 0;
};

struct RunnerOutput {
  struct SessionEntry { SessionId sid = 0; bool terminal = false; };
  struct StepState {
    std::optional<TickedObsEvent> event;  // raw global tick
    ExecStatus execStatus = ExecStatus::Continue;
    CoroutineId selectedCoro = 0;
    std::map<SessionId, std::uint64_t> sessionTypeCounts;
    std::uint64_t stepIndex = 0;
  };
  std::uint64_t concurrency = 1;
  std::vector<SessionEntry> sessions;  // newest first
  bool completed = true;               // "completed" | "stuck"
  std::vector<StepState> stepStates;
  std::uint64_t stepsExecuted = 0;
  Trace trace;                         // session-normalized ticks
};

RunnerInput runnerInputFromJson(const boost::json::value& j);
boost::json::value runnerInputToJson(const RunnerInput& in);
// The runner's event object (A §11.3): kind, tick and the Lean field subset.
boost::json::value runnerEventToJson(const TickedObsEvent& e);
boost::json::value runnerOutputToJson(const RunnerOutput& out);
// Lean's compact printer: object keys in DESCENDING order (F §1.3), newline not included.
std::string printRunnerJson(const boost::json::value& v);
// normalizeVmTrace: per-session running tick counts; sessionless events keep their tick.
Trace normalizeVmTrace(const Trace& t);

}  // namespace tt
