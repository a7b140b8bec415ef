#include "tt/harness/fingerprint.hpp"

#include <array>
#include <utility>

namespace tt::harness {

const char* regimeName(Regime r) {
  switch (r) {
    case Regime::N1: return "n1";
    case Regime::Threaded: return "threaded";
    case Regime::Envelope: return "envelope";
    case Regime::InvalidCertificate: return "invalid-cert";
    case Regime::Profiles: return "profiles";
  }
  return "?";
}

bool regimeFromName(std::string_view name, Regime& out) {
  for (Regime r : kAllRegimes) {
    if (name == regimeName(r)) {
      out = r;
      return true;
    }
  }
  return false;
}

std::string fingerprint(Regime r, std::string_view p) {
  std::string s = regimeName(r);
  s += '/';
  s += p;
  return s;
}

namespace {

// The seven repairs of SEMANTICS §2 (their ids are the ledger ids; a test checks that
// core's repairId() spells them the same way).
constexpr std::array<std::pair<const char*, const char*>, 7> kRepairs = {{
    {"repair.load.endpoint-register", "register 0 holds the coroutine's own endpoint at load"},
    {"repair.load.pc-relocation", "compiled jump/choose/spawn targets shifted by the role's entry"},
    {"repair.comm.label-only-message", "send/receive accept a one-arm select/branch"},
    {"repair.types.recursion-unfolding", "leading mu unfolded whenever a type is stored"},
    {"repair.recv.progress-token", "progress tokens issued at load/open, not consumed by receive"},
    {"repair.sched.resume-status", "woken coroutines become ready; yield leaves them ready"},
    {"repair.sched.send-unblock", "the unblock pass also wakes senders that can now enqueue"},
}};

constexpr std::array<std::pair<const char*, const char*>, 15> kExactParts = {{
    {part::kTraceLength, "one trace is a strict prefix of the other"},
    {part::kTraceOrder, "the same events (ticks aside) in a different order"},
    {part::kTraceTick, "the same events in the same order with different ticks"},
    {part::kTraceCoroutine, "the same events attributed to different coroutines"},
    {part::kTraceEvent, "an event's kind or fields differ"},
    {part::kSnapshotCoroutines, "the number of coroutines differs"},
    {part::kSnapshotCoroutineStatus, "a coroutine's status (block reason, fault payload) differs"},
    {part::kSnapshotCoroutinePc, "a coroutine's pc differs"},
    {part::kSnapshotSessions, "a session's phase or epoch differs"},
    {part::kSnapshotBuffers, "a buffer's contents differ"},
    {part::kSnapshotTopology, "crashed sites or partitioned edges differ"},
    {part::kSnapshotOutputCondition, "the output-condition checks differ"},
    {part::kSnapshotFailureLog, "the failure trace or structured error events differ"},
    {part::kRunOutcome, "the run outcome (completed, stuck, fuel, load error, limit) differs"},
    {part::kRunCounters, "the round or step counts differ"},
}};

std::vector<CoversKeyInfo> buildVocabulary() {
  std::vector<CoversKeyInfo> v;
  auto add = [&](Regime r, const char* p, std::string meaning, bool coverable) {
    v.push_back({fingerprint(r, p), std::move(meaning), coverable});
  };
  for (Regime r : {Regime::N1, Regime::Threaded, Regime::InvalidCertificate}) {
    for (const auto& [p, meaning] : kExactParts) add(r, p, meaning, true);
  }
  add(Regime::InvalidCertificate, part::kFallbackNotSingleStep,
      "the round with an invalid certificate was not exactly one canonical step", false);
  add(Regime::Envelope, part::kSchedulerSessionNormalized,
      "traces differ but agree per session (session-local ticks) and per coroutine", true);
  add(Regime::Envelope, part::kSchedulerBounded,
      "per-session projections differ (allowed only under envelope_bounded_nondeterministic)", true);
  add(Regime::Envelope, part::kEffectsReplayDeterministic,
      "effect logs differ in order or ticks but agree per session", true);
  add(Regime::Envelope, part::kEffectsBounded, "effect logs differ per session", true);
  add(Regime::Envelope, part::kFailuresBounded,
      "failure-visible state (topology, failure logs) differs", true);
  add(Regime::Envelope, part::kTerminalOutcomes,
      "some coroutine ends with a different terminal outcome (done, fault, blocked)", true);
  add(Regime::Envelope, part::kWidthBoundExceeded,
      "the candidate's wave width exceeds the bound derived from config", false);
  add(Regime::Envelope, part::kTierInconsistent,
      "an observed class is stronger than the declared determinism tier allows", false);
  for (const auto& [id, meaning] : kRepairs) {
    add(Regime::Profiles, id, std::string("profiles differ where ") + meaning, true);
  }
  add(Regime::Profiles, part::kUnattributed,
      "lean-literal and operational differ and no single repair explains it", false);
  return v;
}

}  // namespace

const std::vector<std::string>& specRepairIds() {
  static const std::vector<std::string> ids = [] {
    std::vector<std::string> v;
    for (const auto& [id, meaning] : kRepairs) v.emplace_back(id);
    return v;
  }();
  return ids;
}

const std::vector<CoversKeyInfo>& coversVocabulary() {
  static const std::vector<CoversKeyInfo> vocabulary = buildVocabulary();
  return vocabulary;
}

const CoversKeyInfo* findCoversKey(std::string_view key) {
  for (const CoversKeyInfo& k : coversVocabulary()) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

}  // namespace tt::harness
