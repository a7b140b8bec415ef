// Envelope diffs (reference D §2, SEMANTICS §5): the upstream record and classes, with
// every axis checked, the wave-width bound taken from config, the declared tier checked
// against the observed classes, per-coroutine terminal outcomes as an axis of their own,
// and SHA-256 over canonical JSON for fragment and diff hashes.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "tt/core/config.hpp"
#include "tt/core/scenario.hpp"
#include "tt/core/snapshot.hpp"
#include "tt/harness/equivalence.hpp"

namespace tt::harness {

enum class SchedulerClass : unsigned char { Exact, SessionNormalizedPermutation, EnvelopeBounded };
enum class EffectClass : unsigned char { Exact, ReplayDeterministic, EnvelopeBounded };
enum class FailureClass : unsigned char { Exact, EnvelopeBounded };
enum class Tier : unsigned char { StrictDeterministic, ReplayDeterministic, EnvelopeBoundedNondeterministic };

const char* schedulerClassName(SchedulerClass c);  // "Exact", "SessionNormalizedPermutation", ...
const char* effectClassName(EffectClass c);
const char* failureClassName(FailureClass c);
const char* tierName(Tier t);  // "strict_deterministic", ...
bool tierFromName(std::string_view s, Tier& out);

struct WaveWidthBound {
  std::uint64_t baselineMaxWaveWidth = 1;
  std::uint64_t candidateMaxWaveWidth = 0;
  std::uint64_t declaredUpperBound = 1;  // from config, never from observation
  bool candidateReported = true;         // false: the engine did not report its width
};

// The largest wave the Lean planner can form at concurrency n under these lanes: waves
// are lane-disjoint and chunked by n, so single lanes give 1 and by-coroutine k gives
// min(n, k).
std::uint64_t declaredWaveWidthBound(const VMConfig& config, std::uint64_t n);
// The tier assumed when a scenario declares none: strict at n = 1; at n > 1 replay, or
// envelope-bounded when the scenario is schedule-sensitive (see below).
Tier defaultTier(std::uint64_t n, bool scheduleSensitive = false);
// True when per-coroutine outcomes may legitimately depend on the schedule (F D21):
// scripted faults (their ticks are rounds, which threaded runs reach at another protocol
// point or not at all), finite cost budgets (who runs out first), latest-value buffers
// (which value survives), drop/error back-pressure (who finds the buffer full), and
// speculation (abort truncates the trace).
bool scheduleSensitive(const Scenario& s);
// True when, in this run, some edge held two or more values at once (a sender ran ahead of
// its receiver). Sends and receives on one edge are dependent (SEMANTICS §5), so whether
// the receive of value k comes before or after the send of value k+1 is then up to the
// scheduler, and per-session orders legitimately differ between schedules (F D21,
// "buffer pressure"). Counted from sent/offered minus received/chose per edge.
bool senderRanAhead(const RunResult& r);

struct EnvelopeDiff {
  std::string baselineEngine;
  std::string candidateEngine;
  SchedulerClass scheduler = SchedulerClass::Exact;
  WaveWidthBound width;
  EffectClass effects = EffectClass::Exact;
  FailureClass failures = FailureClass::Exact;
  Tier tier = Tier::StrictDeterministic;
  bool terminalOutcomesEqual = true;  // ours: D §7 item 3
  // The first difference behind each non-Exact axis (for triage).
  std::optional<Difference> schedulerDifference, effectDifference, failureDifference,
      terminalDifference;
};

EnvelopeDiff diffRuns(std::string baselineEngine, std::string candidateEngine,
                      const RunResult& baseline, const RunResult& candidate, WaveWidthBound width,
                      Tier tier);

// What the envelope regime reports: one Difference per non-Exact axis (parts
// scheduler.*, effects.*, failures.bounded, terminal-outcomes) plus the hard violations
// width-bound-exceeded and tier-inconsistent.
std::vector<Difference> judgeEnvelope(const EnvelopeDiff& d);

// --- artifacts ------------------------------------------------------------------------------
// Canonical replay fragment of one run: session-normalized trace, effect log, snapshot, tier.
boost::json::value replayFragment(const RunResult& r, Tier tier);
// The D §2.2 record (schema_version 1 field names) plus `terminal_outcome_class`.
boost::json::value envelopeDiffToJson(const EnvelopeDiff& d);
// SHA-256 hex of the canonical JSON text of v.
std::string canonicalHash(const boost::json::value& v);

struct EnvelopeArtifact {
  EnvelopeDiff diff;
  std::string baselineFragmentHash;
  std::string candidateFragmentHash;
  std::string envelopeDiffHash;
};
EnvelopeArtifact makeArtifact(EnvelopeDiff d, const RunResult& baseline, const RunResult& candidate);
boost::json::value artifactToJson(const EnvelopeArtifact& a);

// The effect log derived from a trace (reference D §0.4 (a)): sent, received, invoked,
// acquired and released events, each with its effect kind and session.
struct EffectEntry {
  std::string kind;  // send_decision, handle_recv, invoke_step, handle_acquire, handle_release
  std::size_t traceIndex = 0;
};
std::vector<EffectEntry> effectLog(const Trace& t);

}  // namespace tt::harness
