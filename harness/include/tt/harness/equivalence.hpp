// The named, versioned equivalences over (trace, snapshot) of SEMANTICS §5, written down
// in docs/equivalences.md:
//   exact/1                 every trace entry (tick, event fields, emitting coroutine) and
//                           the whole snapshot, outcome and counters
//   session-normalized/1    per-session event sequences with session-local ticks (ticks
//                           dropped), equal up to swaps of independent events inside the
//                           session (dependence.hpp), per-coroutine sequences of
//                           session-less events, per-coroutine
//                           terminal outcomes (status and pc), per-session final state
//                           and buffers, output-condition checks as a multiset, topology
//                           and failure logs
//   commutativity/1         traces equal up to swapping adjacent independent events
//                           (dependence.hpp), ticks ignored; snapshot as exact, except the
//                           output-condition checks, compared as a multiset
// and the determinism profiles (reference D §1) in those terms:
//   Full                    exact/1
//   Replay                  trace as exact/1; snapshot without the effect log (the
//                           output-condition checks)
//   ModuloEffects           trace equal ignoring ticks (every pair dependent); snapshot
//                           without the effect log
//   ModuloCommutativity     commutativity/1 trace; snapshot without the effect log
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "tt/core/snapshot.hpp"

namespace tt::harness {

// One way two results differ. `part` is a fingerprint part (fingerprint.hpp); trace
// positions are given when the difference is about the trace.
struct Difference {
  std::string part;
  std::string detail;
  std::optional<std::size_t> baselineIndex;
  std::optional<std::size_t> candidateIndex;
};

struct EquivalenceResult {
  std::string relation;  // "exact/1", ...
  std::vector<Difference> differences;  // trace first, then snapshot sections, then run
  bool holds() const { return differences.empty(); }
};

// --- building blocks ------------------------------------------------------------------
// The trace part of exact/1: nullopt when equal, else the classified first difference.
std::optional<Difference> compareTracesExactly(const Trace& baseline, const Trace& candidate);
// One Difference per snapshot section that differs (the first point in each).
// `checksAsMultiset` compares output-condition checks ignoring their order;
// `withEffectLog = false` leaves them out entirely.
std::vector<Difference> compareSnapshots(const Snapshot& baseline, const Snapshot& candidate,
                                         bool withEffectLog = true, bool checksAsMultiset = false);
// Outcome and counters (rounds, steps).
std::vector<Difference> compareRunShape(const RunResult& baseline, const RunResult& candidate);

// Commutativity of two traces: nullopt when one is obtained from the other by swapping
// adjacent independent events; `allDependent` makes every pair dependent (order kept).
std::optional<Difference> compareTracesUpToCommutation(const Trace& baseline,
                                                       const Trace& candidate,
                                                       bool allDependent = false);

// Per-coroutine terminal outcome: status (with block reason / fault payload) and pc.
struct TerminalOutcome {
  CoroutineId id = 0;
  CoroStatus status;
  PC pc = 0;
  friend bool operator==(const TerminalOutcome&, const TerminalOutcome&) = default;
};
std::vector<TerminalOutcome> terminalOutcomes(const Snapshot& s);
// `prefixOk`: the side that ran out of fuel may still have live coroutines; only its done
// and faulted coroutines must match (docs/equivalences.md, "runs cut by fuel").
std::optional<Difference> compareTerminalOutcomes(const RunResult& baseline,
                                                  const RunResult& candidate);

// The per-session and per-coroutine projections of session-normalized/1 (events only,
// ticks dropped, independent events may swap). A side that ran out of fuel need only be
// equivalent to a prefix, per session.
std::optional<Difference> compareSessionProjections(const RunResult& baseline,
                                                    const RunResult& candidate);
// Per-session final state (phase, epoch) and non-empty buffers on its edges, plus output-
// condition checks as a multiset.
std::optional<Difference> compareSessionState(const Snapshot& baseline, const Snapshot& candidate);

// --- the relations ----------------------------------------------------------------------
EquivalenceResult compareExact(const RunResult& baseline, const RunResult& candidate);
EquivalenceResult compareSessionNormalized(const RunResult& baseline, const RunResult& candidate);
EquivalenceResult compareCommutativity(const RunResult& baseline, const RunResult& candidate);

enum class DeterminismProfile : unsigned char { Full, ModuloEffects, ModuloCommutativity, Replay };
const char* determinismProfileName(DeterminismProfile p);
EquivalenceResult compareUnderProfile(DeterminismProfile p, const RunResult& baseline,
                                      const RunResult& candidate);

// --- descriptions for reports -------------------------------------------------------------
std::string describeEvent(const TickedObsEvent& e);  // compact JSON of tick, event, coro
std::string describeStatus(const CoroStatus& s);

}  // namespace tt::harness
