// VMConfig: every Lean VMRuntimeConfig field in data form (reference A §5, F D19), plus our
// profile/repair switches, lanes, and the resource caps (F D16).
#pragma once
#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tt/core/instr.hpp"
#include "tt/core/value.hpp"

namespace tt {

enum class BufferMode : std::uint8_t { Fifo, LatestValue };
enum class BackpressureKind : std::uint8_t { Block, Drop, Error, Resize };
struct BackpressurePolicy {
  BackpressureKind kind = BackpressureKind::Block;
  std::uint64_t maxCapacity = 0;  // Resize only
  friend bool operator==(const BackpressurePolicy&, const BackpressurePolicy&) = default;
};
struct BufferConfig {
  BufferMode mode = BufferMode::Fifo;
  std::uint64_t initialCapacity = 16;
  BackpressurePolicy policy;
  friend bool operator==(const BufferConfig&, const BufferConfig&) = default;
};
// Lean bufferEffectiveCapacity: resize m -> m; latestValue -> 1; fifo -> initialCapacity.
std::uint64_t effectiveCapacity(const BufferConfig& c);

enum class SchedPolicyKind : std::uint8_t { Cooperative, RoundRobin, Priority, ProgressAware };
struct SchedPolicy {
  SchedPolicyKind kind = SchedPolicyKind::Cooperative;
  std::map<CoroutineId, std::uint64_t> priorities;  // Priority: id -> score, default 0
  friend bool operator==(const SchedPolicy&, const SchedPolicy&) = default;
};

struct FlowPredicate {
  enum class Kind : std::uint8_t { TargetRolePrefix, FactContains, EndpointRoleMatchesTarget, All, Any };
  Kind kind = Kind::All;
  std::string text;                   // prefix or fragment
  std::vector<FlowPredicate> parts;   // All, Any
  friend bool operator==(const FlowPredicate&, const FlowPredicate&) = default;
};
struct FlowPolicy {
  enum class Kind : std::uint8_t { AllowAll, DenyAll, AllowRoles, DenyRoles, PredicateExpr };
  Kind kind = Kind::AllowAll;
  std::vector<Role> roles;            // AllowRoles, DenyRoles
  FlowPredicate predicate;            // PredicateExpr
  friend bool operator==(const FlowPolicy&, const FlowPolicy&) = default;
};

enum class OutputConditionPolicyKind : std::uint8_t { Disabled, AllowAll, DenyAll, PredicateAllowList };
struct OutputConditionPolicy {
  OutputConditionPolicyKind kind = OutputConditionPolicyKind::AllowAll;
  std::vector<std::string> allowList;
  friend bool operator==(const OutputConditionPolicy&, const OutputConditionPolicy&) = default;
};

enum class MonitorMode : std::uint8_t { Off, SessionTypePrecheck };

struct CostModel {
  std::array<std::uint64_t, kOpcodeCount> stepCost{};  // per opcode; default all 1
  std::uint64_t minCost = 1;
  std::uint64_t defaultBudget = std::numeric_limits<std::uint64_t>::max();
  CostModel() { stepCost.fill(1); }
  friend bool operator==(const CostModel&, const CostModel&) = default;
};

// Guard chain (F D18): layers are strings; `active` lists the active ones; a layer with a
// resource entry can be opened (evidence unit).
struct GuardChain {
  std::vector<LayerId> layers;
  std::vector<LayerId> active;
  std::vector<LayerId> resources;
  friend bool operator==(const GuardChain&, const GuardChain&) = default;
};

enum class Profile : std::uint8_t { Operational, LeanLiteral };

// The seven repairs of SEMANTICS §2, each switchable on its own.
enum class Repair : std::uint8_t {
  LoadEndpointRegister, LoadPcRelocation, CommLabelOnlyMessage, TypesRecursionUnfolding,
  RecvProgressToken, SchedResumeStatus, SchedSendUnblock
};
inline constexpr std::size_t kRepairCount = 7;
// "repair.load.endpoint-register", ... (the ledger ids).
const char* repairId(Repair r);
std::optional<Repair> repairFromId(std::string_view id);

struct Repairs {
  std::array<bool, kRepairCount> on{};
  bool has(Repair r) const { return on[static_cast<std::size_t>(r)]; }
  void set(Repair r, bool v) { on[static_cast<std::size_t>(r)] = v; }
  static Repairs all() { Repairs r; r.on.fill(true); return r; }
  static Repairs none() { return {}; }
  friend bool operator==(const Repairs&, const Repairs&) = default;
};

enum class LaneMode : std::uint8_t { Single, ByCoroutine };
struct Lanes {
  LaneMode mode = LaneMode::Single;
  std::uint64_t count = 1;  // ByCoroutine: lane = id mod count (count >= 1)
  friend bool operator==(const Lanes&, const Lanes&) = default;
};

// Resource caps (F D16). Input beyond a cap is rejected at load; a run that reaches a
// runtime cap ends with the harness outcome `resource-limit`, the same in both runners.
struct Limits {
  std::uint64_t maxRoles = 16;             // roles per image / per open
  std::uint64_t maxImages = 64;
  std::uint64_t maxProgramLength = 4096;   // instructions per image
  std::uint64_t maxRegisterIndex = 255;    // register operands above this are rejected
  std::uint64_t maxTypeSize = 4096;        // nodes per session type
  std::uint64_t maxTypeDepth = 64;
  std::uint64_t maxValueSize = 256;        // nodes per immediate / message value
  std::uint64_t maxFuel = 10'000'000;      // rounds
  std::uint64_t maxFaults = 256;           // scripted topology faults
  std::uint64_t maxCoroutinesTotal = 4096; // runtime: spawn beyond -> resource-limit
  std::uint64_t maxSessionsTotal = 1024;   // runtime: open beyond -> resource-limit
  std::uint64_t maxBufferedValues = 65536; // runtime: total queued values
  std::uint64_t maxTraceEvents = 1'000'000;// runtime
  std::uint64_t maxConcurrency = 64;
  friend bool operator==(const Limits&, const Limits&) = default;
};

struct VMConfig {
  std::uint64_t configVersion = 1;
  BufferConfig bufferDefault;                              // bufferConfig for every edge...
  std::vector<std::pair<Edge, BufferConfig>> bufferOverrides; // ...except these (first match)
  SchedPolicy schedPolicy;
  FlowPolicy flowPolicy;
  bool spatialOk = true;
  bool transportOk = true;
  std::uint64_t maxCoroutines = 1024;
  std::uint64_t maxSessions = 256;
  MonitorMode monitorMode = MonitorMode::SessionTypePrecheck;
  GuardChain guardChain;
  OutputConditionPolicy outputCondition;
  CostModel costModel;
  bool speculationEnabled = false;
  std::uint64_t maxSpeculationDepth = 16;

  Profile profile = Profile::Operational;
  Repairs repairs = Repairs::all();  // derived from profile unless overridden per repair
  Lanes lanes;
  Limits limits;

  // Lean `config.bufferConfig edge`.
  const BufferConfig& bufferConfigFor(const Edge& e) const;
  friend bool operator==(const VMConfig&, const VMConfig&) = default;
};

}  // namespace tt
