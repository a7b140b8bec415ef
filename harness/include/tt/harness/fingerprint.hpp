// Divergence fingerprints: the fixed `covers` vocabulary (docs/ledger.md).
//
// A fingerprint is "<regime>/<part>": which comparison diverged and which part of the
// result differs. Ledger entries cover fingerprints; a divergence passes only when an
// active entry covers every fingerprint it produced. Some parts are hard violations that
// no entry may cover (a broken envelope bound, an inconsistent tier, a fallback round that
// was not one step, a profile difference no repair explains).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace tt::harness {

// The regimes of SEMANTICS §5, each reported separately.
enum class Regime : unsigned char {
  N1,                  // n = 1: VM cooperative (and threaded at n = 1) vs oracle canonical, exact
  Threaded,            // n > 1: VM threaded vs oracle threaded model, exact
  Envelope,            // n > 1: VM threaded vs oracle canonical, within the declared envelope
  InvalidCertificate,  // corrupted certificate: VM vs oracle with the hook, exact; fallback = 1 step
  Profiles,            // oracle lean-literal vs oracle operational, explained by repairs
};
inline constexpr Regime kAllRegimes[] = {Regime::N1, Regime::Threaded, Regime::Envelope,
                                         Regime::InvalidCertificate, Regime::Profiles};

// "n1", "threaded", "envelope", "invalid-cert", "profiles".
const char* regimeName(Regime r);
bool regimeFromName(std::string_view name, Regime& out);

// Parts of an exact comparison (regimes n1, threaded, invalid-cert).
namespace part {
inline constexpr const char* kTraceLength = "trace.length";      // one trace is a prefix of the other
inline constexpr const char* kTraceOrder = "trace.order";        // same events, different order
inline constexpr const char* kTraceTick = "trace.tick";          // same events and order, other ticks
inline constexpr const char* kTraceCoroutine = "trace.coroutine";// same events, other emitting coroutine
inline constexpr const char* kTraceEvent = "trace.event";        // an event's kind or fields differ
inline constexpr const char* kSnapshotCoroutines = "snapshot.coroutines";          // coroutine count
inline constexpr const char* kSnapshotCoroutineStatus = "snapshot.coroutine-status";
inline constexpr const char* kSnapshotCoroutinePc = "snapshot.coroutine-pc";
inline constexpr const char* kSnapshotSessions = "snapshot.sessions";
inline constexpr const char* kSnapshotBuffers = "snapshot.buffers";
inline constexpr const char* kSnapshotTopology = "snapshot.topology";
inline constexpr const char* kSnapshotOutputCondition = "snapshot.output-condition";
inline constexpr const char* kSnapshotFailureLog = "snapshot.failure-log";
inline constexpr const char* kRunOutcome = "run.outcome";
inline constexpr const char* kRunCounters = "run.counters";
// invalid-cert only (hard)
inline constexpr const char* kFallbackNotSingleStep = "fallback.not-single-step";
// envelope only
inline constexpr const char* kSchedulerSessionNormalized = "scheduler.session-normalized";
inline constexpr const char* kSchedulerBounded = "scheduler.bounded";
inline constexpr const char* kEffectsReplayDeterministic = "effects.replay-deterministic";
inline constexpr const char* kEffectsBounded = "effects.bounded";
inline constexpr const char* kFailuresBounded = "failures.bounded";
inline constexpr const char* kTerminalOutcomes = "terminal-outcomes";
inline constexpr const char* kWidthBoundExceeded = "width-bound-exceeded";  // hard
inline constexpr const char* kTierInconsistent = "tier-inconsistent";       // hard
// profiles only: the repair id itself, or (hard) unattributed
inline constexpr const char* kUnattributed = "unattributed";
}  // namespace part

std::string fingerprint(Regime r, std::string_view part);

// The ids of the seven repairs of SEMANTICS §2, in the table's order (also ledger ids).
const std::vector<std::string>& specRepairIds();

struct CoversKeyInfo {
  std::string key;      // "<regime>/<part>"
  std::string meaning;  // one line, for docs and `ttconf ledger vocabulary`
  bool coverable = true;
};
// Every key, in a stable order (regime, then part).
const std::vector<CoversKeyInfo>& coversVocabulary();
const CoversKeyInfo* findCoversKey(std::string_view key);

}  // namespace tt::harness
