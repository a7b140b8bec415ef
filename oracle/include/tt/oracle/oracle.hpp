// The reference oracle's public entry points. `run` executes a scenario under the Lean
// canonical semantics (SEMANTICS.md) in the scenario's profile; `runLeanRunner` is the
// upstream `vm_runner` (reference A §11, §13.2).
#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "tt/core/scenario.hpp"
#include "tt/core/snapshot.hpp"
#include "tt/core/upstream_runner.hpp"
#include "tt/oracle/sched.hpp"
#include "tt/oracle/state.hpp"

namespace tt::oracle {

struct RunOptions {
  std::uint64_t concurrency = 1;
  bool threaded = false;  // true: runScheduledThreaded
  // The certificate hook (F D14) is armed at the start of each listed round and consumed
  // by the next certified round (n >= 2); an empty plan consumes it.
  std::vector<std::uint64_t> invalidCertificateRounds;
};

// Run a scenario: s.config (profile, repairs, lanes, caps), s.images, s.run.fuel and
// s.faults. Throws tt::InputError when the options are bad (concurrency 0).
RunResult run(const Scenario& s, const RunOptions& o);

// Upstream vm_runner semantics with the lean-literal unit config (A §13.2).
RunnerOutput runLeanRunner(const RunnerInput& in);

// ------------------------------------------------------------------------------------
// Finer API: observe every step, drive a prepared state, inspect the result.

enum class ObservationPoint : std::uint8_t {
  AfterFailures,  // after the round's scripted faults were applied
  AfterUnblock,   // after the wake pass
  AfterStep,      // after each executed step's updateAfterStep
  AfterWave,      // after each executeWave (threaded rounds)
  AfterRound,     // at the end of each runner iteration
};
struct Observation {
  ObservationPoint point;
  const VMState& state;
  const StepRecord* step = nullptr;  // AfterStep only
};
using Observer = std::function<void(const Observation&)>;

RunResult run(const Scenario& s, const RunOptions& o, const Observer& observer);

// Build and load every image of a scenario into a fresh state, or say why it failed.
std::variant<VMState, std::string> loadScenario(const Scenario& s);

// What `run` does after loading: run a loaded state (a copy of loadScenario's) for `fuel`
// rounds with the scenario's faults. Lets a caller load once and run many times.
RunResult runLoaded(VMState st, const std::vector<TimedFailure>& faults, std::uint64_t fuel,
                    const RunOptions& o, const Observer& observer = {});
// The result of a scenario whose images do not load: nothing ran (SEMANTICS §6).
RunResult loadErrorResult(const VMConfig& config, const std::string& why);

struct RunContext {
  std::vector<TimedFailure> faults;  // applied at the start of their round, list order per tick
  std::vector<std::uint64_t> invalidCertificateRounds;
  Observer observer;
};
struct RunStop {
  RunOutcome outcome = RunOutcome::Completed;
  std::string detail;
};
// Lean runScheduled (C §2.8) / runScheduledThreaded (C §3.7) on a prepared state, with
// the scenario's faults (SEMANTICS §4) and the runtime caps (F D16).
RunStop runScheduled(VMState& st, std::uint64_t fuel, std::uint64_t n, const RunContext& ctx);
RunStop runScheduledThreaded(VMState& st, std::uint64_t fuel, std::uint64_t n, const RunContext& ctx);

// The runtime cap that the state exceeds, if any (F D16).
std::optional<std::string> resourceLimitReached(const VMState& st);

// The canonical final snapshot (SEMANTICS §4, F D13).
Snapshot extractSnapshot(const VMState& st);
// Package a finished state (its trace is moved out).
RunResult resultOf(VMState& st, const RunStop& stop);

// The per-step invariants of reference C §6.1 that a single state can show (1-5, 11, 13,
// 14); each violation is described. Empty when all hold.
std::vector<std::string> checkInvariants(const VMState& st);

}  // namespace tt::oracle
