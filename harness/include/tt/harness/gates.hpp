// Capability gates (reference D §3, SEMANTICS §5): advanced-mode admission, determinism
// profile requests, the capability snapshot and the four runtime switches. Unlike
// upstream, every decision carries machine-readable rejection reasons (all failing
// conditions, not just the first), and the switches are actually consulted.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

namespace tt::harness::gates {

enum class DeterminismMode : unsigned char { Full, ModuloEffects, ModuloCommutativity, Replay };
const char* determinismModeName(DeterminismMode m);  // "Full", "ModuloEffects", ...
bool determinismModeFromName(std::string_view s, DeterminismMode& out);

// Scheduler policies as the gate sees them (the config's policy kind).
enum class Policy : unsigned char { Cooperative, RoundRobin, Priority, ProgressAware };
const char* policyName(Policy p);  // "cooperative", "round_robin", "priority", "progress_aware"
bool policyFromName(std::string_view s, Policy& out);

struct DeterminismArtifacts {
  bool full = true, moduloEffectTrace = true, moduloCommutativity = true, replay = true;
};

// What a caller supplies to run in advanced mode (Rust RuntimeContracts).
struct RuntimeContracts {
  DeterminismArtifacts determinismArtifacts;
  bool canUseMixedDeterminismProfiles = false;
  bool liveMigration = false;
  bool autoscaleRepartition = false;
  bool placementRefinement = false;
  bool relaxedReordering = false;
  std::vector<std::pair<std::string, bool>> capabilityInventory;
  static RuntimeContracts full();  // everything true, inventory lists the switches' evidence
};

// The part of a run's configuration the gates read.
struct GateConfig {
  Policy policy = Policy::Cooperative;
  bool speculationEnabled = false;
  DeterminismMode mode = DeterminismMode::Full;
};

// A reason code is stable and machine-readable; detail is for people.
struct Reason {
  std::string code;
  std::string detail;
  friend bool operator==(const Reason&, const Reason&) = default;
};
namespace reason {
inline constexpr const char* kMissingContracts = "missing-runtime-contracts";
inline constexpr const char* kArtifactMissing = "determinism-artifact-missing";
inline constexpr const char* kMixedProfilesMissing = "mixed-profile-capability-missing";
inline constexpr const char* kNonFullWithoutContracts = "non-full-profile-without-contracts";
inline constexpr const char* kSwitchDisabled = "switch-disabled";
inline constexpr const char* kMissingCapability = "missing-capability";
inline constexpr const char* kInvalidRequest = "invalid-request";
inline constexpr const char* kMaxDiffExceeded = "max-diff-exceeded";
inline constexpr const char* kEqSafeNotSupported = "eq-safe-not-supported";
inline constexpr const char* kMissingRequiredProfiles = "missing-required-profiles";
}  // namespace reason

struct Decision {
  std::string gate;     // "admit_vm_runtime", "request_determinism_profile", ...
  std::string result;   // "Admitted" or the upstream rejection name
  std::vector<Reason> reasons;  // empty iff admitted
  bool admitted() const { return reasons.empty(); }
};

// true iff the policy is not cooperative or speculation is on (D §3.2).
bool requiresVmRuntimeContracts(const GateConfig& c);
// RejectedMissingContracts iff contracts are required and absent.
Decision admitVmRuntime(const GateConfig& c, const RuntimeContracts* contracts);
// Full needs its artifact; the other three also the mixed-profile capability.
Decision requestDeterminismProfile(const RuntimeContracts& contracts, DeterminismMode m);
// The decision table of D §3.3 (a cooperative run without contracts may use Full only).
Decision enforceVmRuntimeGates(const GateConfig& c, const RuntimeContracts* contracts);
// Inventory entries in order (first occurrence of a name wins, switch names left out),
// then the four switches, each name exactly once (upstream lists them twice).
std::vector<std::pair<std::string, bool>> runtimeCapabilitySnapshot(const RuntimeContracts& c);

// The four switches. A switch is granted when contracts are present, its own flag is on,
// and the inventory holds `protocol_envelope_bridge` = true (Lean's evidence); requests
// to turn a feature off are always granted.
inline constexpr const char* kEnvelopeBridgeCapability = "protocol_envelope_bridge";
struct LiveMigrationRequest { std::uint64_t sid = 0; std::string role; std::uint64_t fromLane = 0, toLane = 0; };
struct AutoscaleRequest { std::uint64_t targetShards = 1; std::string reason; };
Decision requestLiveMigration(const RuntimeContracts* c, const LiveMigrationRequest& r);
Decision requestAutoscaleOrRepartition(const RuntimeContracts* c, const AutoscaleRequest& r);
Decision requestPlacementRefinement(const RuntimeContracts* c, bool enabled);
Decision requestRelaxedReordering(const RuntimeContracts* c, bool enabled);

// Lean's envelope admission (D §1.6): a user request contained in a program capability.
struct EnvelopeCapability { std::uint64_t maxDiff = 0; bool supportsEqSafeOnly = false; std::vector<std::string> supportedProfiles; };
struct EnvelopeRequest { std::uint64_t maxRequestedDiff = 0; bool eqSafeOnly = false; std::vector<std::string> requiredProfiles; };
Decision admitEnvelopeRequest(const EnvelopeRequest& r, const EnvelopeCapability& cap);

// `ttconf gates` document: {"config":{...},"contracts":null|{...},"requests":[...]}
// (docs/runbook.md). Throws std::invalid_argument naming the JSON path on bad input.
boost::json::value evaluateGateDocument(const boost::json::value& doc);
boost::json::value decisionToJson(const Decision& d);
// The D §3.3 table recomputed by enforceVmRuntimeGates, one row per case.
boost::json::value decisionTable();

}  // namespace tt::harness::gates
