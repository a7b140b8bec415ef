// The optimized VM: the `operational` profile of SEMANTICS.md, compiled once into flat
// tables and run by one kernel under two drivers (docs/vm.md).
//
//   * cooperative driver (`workers == 0`): Lean `runScheduled`, one step per round, for
//     any concurrency n;
//   * threaded driver (`workers >= 1`): Lean `runScheduledThreaded` at width n — the
//     certified wave plan, checked by an independent checker, executed by a persistent
//     pool of `workers` threads (the calling thread is worker 0). The result equals
//     executing the waves one after another, whatever the timing.
//
// Both return the core RunResult (trace with raw ticks and emitting coroutine ids, the
// canonical snapshot of F D13, the outcome), exactly as the oracle's.
#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <vector>

#include "tt/core/scenario.hpp"
#include "tt/core/snapshot.hpp"

namespace tt::vm {

// The scenario asks for something the VM does not implement (the `lean-literal` profile or
// a repair switched off). The harness skips VM regimes on it.
class UnsupportedError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RunOptions {
  std::uint64_t concurrency = 1;  // n >= 1
  // 0 = cooperative driver; >= 1 = threaded driver with that many workers (only changes
  // anything when n >= 2: at n = 1 a threaded round is a canonical round).
  std::uint64_t workers = 0;
  // The certificate hook (F D14): armed at the start of each listed round, consumed by that
  // round's certified plan (an empty plan consumes it); no effect at n = 1.
  std::vector<std::uint64_t> invalidCertificateRounds;
  bool trace = true;  // record the observable trace (false: only its length is kept)
};

struct Metrics {
  std::uint64_t steps = 0;             // Lean stepCount at the end
  std::uint64_t rounds = 0;            // final clock
  std::uint64_t certifiedRounds = 0;   // threaded rounds whose certificate was accepted
  std::uint64_t waves = 0;             // certificate waves (chunks of width <= n) executed
  double meanWaveWidth = 0;            // picks per certificate wave
  std::uint64_t maxWaveWidth = 0;
  std::uint64_t plannerConflicts = 0;  // deferrals: a pick rejected by an earlier wave
  std::uint64_t fallbacks = 0;         // rounds degraded to one canonical step
  std::uint64_t segments = 0;          // parallel segments dispatched to the pool
  std::uint64_t batchedRounds = 0;     // steady rounds run in batches (no handoff between rounds)
  std::uint64_t serializedSteps = 0;   // steps run alone at their wave position (open, spawn, ...)
  std::uint64_t workers = 0;           // pool size (0 = cooperative)
  double workerUtilisation = 0;        // step time of all workers / (workers x run time)
  double seconds = 0;                  // wall time of the run (load + rounds)
};

namespace detail {
struct Compiled;
class Machine;
}  // namespace detail

// A scenario compiled once (interned names, decoded code, the type graph, the load plan).
// Throws UnsupportedError for configurations the VM does not implement.
class CompiledScenario {
 public:
  explicit CompiledScenario(const Scenario& s);
  ~CompiledScenario();
  CompiledScenario(const CompiledScenario&) = delete;
  CompiledScenario& operator=(const CompiledScenario&) = delete;
  const Scenario& scenario() const;
  const detail::Compiled& compiled() const { return *compiled_; }

 private:
  std::unique_ptr<detail::Compiled> compiled_;
};

// Runs a compiled scenario, many times, reusing its memory and its worker pool.
class Engine {
 public:
  explicit Engine(const CompiledScenario& c);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Runs with the scenario's fuel; the result stays inside until the next run. Returns
  // the number of steps executed.
  std::uint64_t run(const RunOptions& o, Metrics* metrics = nullptr);
  // The last run as core types (trace, snapshot, outcome).
  RunResult result() const;

 private:
  std::unique_ptr<detail::Machine> machine_;
};

// Compile, run once, convert. Throws UnsupportedError (see above) or tt::InputError for
// options that are bad input (n = 0).
RunResult run(const Scenario& s, const RunOptions& o, Metrics* metrics = nullptr);

}  // namespace tt::vm
