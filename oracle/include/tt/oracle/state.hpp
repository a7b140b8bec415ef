// The Lean VM state, shaped like `Runtime/VM/Model/State.lean` (reference A §6-§7.6,
// C §1.2). Field names follow Lean. Where a Lean field is unobservable under the unit
// model, or is a view derived from another field, it is left out or derived on demand;
// docs/oracle.md lists each such choice.
#pragma once
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tt/core/config.hpp"
#include "tt/core/event.hpp"
#include "tt/core/failure.hpp"
#include "tt/core/program.hpp"
#include "tt/core/snapshot.hpp"
#include "tt/core/status.hpp"
#include "tt/core/value.hpp"

namespace tt::oracle {

// ---------------------------------------------------------------------------------------
// Coroutines (A §6.1)

struct SpeculationState {
  SessionId ghostSid = 0;
  std::uint64_t depth = 0;
  friend bool operator==(const SpeculationState&, const SpeculationState&) = default;
};

struct CoroutineState {
  CoroutineId id = 0;
  std::size_t programId = 0;
  PC pc = 0;
  std::vector<Value> regs;
  CoroStatus status;
  // effectCtx is unit under the unit model.
  std::vector<Endpoint> ownedEndpoints;        // front = Lean list head ("primary")
  std::vector<ProgressToken> progressTokens;   // a multiset kept as Lean's list
  std::vector<Knowledge> knowledgeSet;         // `tag` prepends
  std::uint64_t costBudget = 0;
  std::optional<SpeculationState> specState;
};

// ---------------------------------------------------------------------------------------
// Sessions (A §6.4). The store keeps sessions in creation order and searches from the
// newest, which is Lean's "prepend, first match" list.

struct SessionState {
  SessionId sid = 0;
  std::vector<Role> roles;
  std::vector<Endpoint> endpoints;
  std::vector<std::pair<Endpoint, LocalTypePtr>> localTypes;     // the type truth
  std::vector<std::pair<Edge, std::deque<ValType>>> traces;      // DEnv (type trace)
  std::vector<std::pair<Edge, HandlerId>> handlers;
  std::uint64_t epoch = 0;
  SessionPhase phase = SessionPhase::Active;
  // Lean's per-session `buffers` copy is a view of the global buffers filtered to this
  // sid; it is never read by any step or output, so it is not materialised.
};

class SessionStore {
 public:
  // repair.types.recursion-unfolding: every type written into the store is unfolded.
  void setUnfoldOnWrite(bool on) { unfoldOnWrite_ = on; }
  bool unfoldOnWrite() const { return unfoldOnWrite_; }

  // Prepend (Lean `(sid, s) :: sessions`).
  void prepend(SessionState s);
  // First session (newest first) with this sid.
  SessionState* find(SessionId sid);
  const SessionState* find(SessionId sid) const;

  // Lean SessionStore.lookupType / updateType (in place, or appended when missing).
  LocalTypePtr lookupType(const Endpoint& ep) const;
  void updateType(const Endpoint& ep, LocalTypePtr t);
  // The form in which a type is written into the store (unfolded under the repair).
  LocalTypePtr storedForm(const LocalTypePtr& t) const;

  // DEnv: append to / pop the head of an edge's type trace.
  void pushTrace(const Edge& e, ValType t);
  void popTrace(const Edge& e);

  // Lean lookupHandler: first session with edge.sid, first binding of edge.
  std::optional<HandlerId> lookupHandler(const Edge& e) const;
  // Lean defaultHandler: is there a session (newest first) with any handler binding?
  bool anyHandlerBound() const;

  // Newest-first iteration, as Lean lists the store.
  template <class F> void forEachNewestFirst(F&& f) const {
    for (auto it = sessions_.rbegin(); it != sessions_.rend(); ++it) f(*it);
  }
  std::size_t size() const { return sessions_.size(); }
  const std::vector<SessionState>& inCreationOrder() const { return sessions_; }

 private:
  std::vector<SessionState> sessions_;  // oldest first; Lean's list is the reverse
  // Loads and opens always allocate a sid above every existing one, so the vector is
  // sorted by sid and a binary search finds Lean's first match; kept as a checked fact.
  bool ascendingSids_ = true;
  bool unfoldOnWrite_ = false;
};

// ---------------------------------------------------------------------------------------
// Global buffers (A §6.6.1). Lean keeps an association list Edge ↦ List SignedValue whose
// keys are unique; here each edge is interned once into a slot whose index never changes,
// so block reasons can remember their buffer. Signatures always verify under the unit
// model and are not stored. Creating an empty slot is unobservable (a missing entry reads
// as empty, and snapshots list non-empty buffers only).

enum class EnqueueResult : std::uint8_t { Ok, Blocked, Dropped, Error };

// One edge's values, oldest first (Lean's List SignedValue). A vector with a read offset
// rather than std::deque: most edges stay empty, and an empty deque still allocates, on
// every load and on every copy of a loaded state.
class ValueQueue {
 public:
  bool empty() const { return head_ == items_.size(); }
  std::size_t size() const { return items_.size() - head_; }
  const Value& front() const { return items_[head_]; }
  auto begin() const { return items_.begin() + static_cast<std::ptrdiff_t>(head_); }
  auto end() const { return items_.end(); }
  void push_back(Value v) { items_.push_back(std::move(v)); }
  Value pop_front();
  void clear() {
    items_.clear();
    head_ = 0;
  }

 private:
  std::vector<Value> items_;
  std::size_t head_ = 0;  // items before it were dequeued
};

class BufferStore {
 public:
  using Slot = std::uint32_t;
  // The slot of an edge, created empty if missing.
  Slot slotOf(const Edge& e);
  std::optional<Slot> findSlot(const Edge& e) const;
  const Edge& edgeOf(Slot s) const { return slots_[s].edge; }
  const ValueQueue& values(Slot s) const { return slots_[s].values; }
  // Lean signedBufferLookup: the edge's values (empty if absent).
  const ValueQueue* lookup(const Edge& e) const;

  // Lean bufEnqueue, split in two: what an enqueue would return, and doing it.
  EnqueueResult enqueueOutcome(const BufferConfig& cfg, Slot s) const;
  void enqueue(const BufferConfig& cfg, Slot s, Value v);  // requires outcome Ok
  // Lean bufDequeue: the head, removed (requires a non-empty slot).
  Value dequeue(Slot s);

  std::size_t slotCount() const { return slots_.size(); }
  std::uint64_t totalQueued() const { return totalQueued_; }

 private:
  struct SlotData {
    Edge edge;
    ValueQueue values;
  };
  std::vector<SlotData> slots_;
  std::map<Edge, Slot> index_;
  std::uint64_t totalQueued_ = 0;
};

// ---------------------------------------------------------------------------------------
// Scheduler (C §1.2). Lean's lane views (`laneQueues`, `laneBlocked`) are exactly the
// `syncLaneViews` of the ready queue and blocked set; they are computed on demand from
// them instead of being stored, so they are always in sync.

// The global ready queue: ordered, duplicate-free (every append checks membership).
class ReadyQueue {
 public:
  bool contains(CoroutineId id) const { return id < present_.size() && present_[id]; }
  // Append unless present (Lean's `enqueue`).
  void append(CoroutineId id);
  // Lean removeFirst.
  void removeFirst(CoroutineId id);
  const std::deque<CoroutineId>& ids() const { return ids_; }
  std::size_t size() const { return ids_.size(); }
  bool empty() const { return ids_.empty(); }
  // For tests and hand-built states: replace the whole queue (duplicates allowed, as in
  // Lean's raw list; certificate tests need them).
  void assignRaw(std::deque<CoroutineId> ids);

 private:
  std::deque<CoroutineId> ids_;
  std::vector<std::uint32_t> present_;  // multiplicity by id
};

// A blocked-set entry: the reason and, for edge waits, the buffer slot of its edge.
struct BlockedEntry {
  BlockReason reason;
  std::optional<BufferStore::Slot> slot;
};

struct CrossLaneHandoff {
  CoroutineId fromCoro = 0, toCoro = 0;
  LaneId fromLane = 0, toLane = 0;
  std::uint64_t step = 0;
  std::string reason;
  std::string delegationWitness;
  friend bool operator==(const CrossLaneHandoff&, const CrossLaneHandoff&) = default;
};

using OwnershipKey = std::pair<SessionId, Role>;

struct SchedState {
  SchedPolicy policy;
  ReadyQueue readyQueue;
  std::map<CoroutineId, BlockedEntry> blockedSet;  // ascending id = our iteration order
  std::map<OwnershipKey, LaneId> ownershipIndex;
  // Lean laneOf with lane 0 left implicit: absent means lane 0, which is also what Lean's
  // syncLaneViews inserts, so only non-zero lanes are stored.
  std::map<CoroutineId, LaneId> laneOf;
  std::vector<CrossLaneHandoff> crossLaneHandoffs;
  std::uint64_t timeslice = 1;
  std::uint64_t stepCount = 0;

  // Not Lean state: lets normalizeThreadedState skip a rebuild that would produce the
  // index it already holds. laneVersion counts edits of laneOf and ownershipIndex;
  // indexBuiltAt is (VMState::ownershipVersion, laneVersion) at the last rebuild.
  std::uint64_t laneVersion = 0;
  std::optional<std::pair<std::uint64_t, std::uint64_t>> indexBuiltAt;
};

// ---------------------------------------------------------------------------------------
// Monitor, speculation, failures (A §7.6)

struct MonitorJudgment {
  Endpoint endpoint;
  Opcode instrTag = Opcode::Halt;
  std::uint64_t tick = 0;
};
struct SessionMonitor {
  std::optional<MonitorJudgment> lastJudgment;
  std::optional<std::string> lastRejection;
};

struct VMGhostSession {
  SessionId ghostSid = 0;
  SessionId realSid = 0;
  CoroutineId owner = 0;
  std::vector<std::pair<Endpoint, LocalTypePtr>> projectedLocalTypes;
  std::uint64_t createdTick = 0;
};
struct VMSpeculationCheckpoint {
  SessionId ghostSid = 0;
  std::uint64_t tick = 0;
  CoroutineId coroId = 0;
  std::size_t traceLen = 0;
  std::uint64_t nextEffectNonce = 0;
  bool needsReconciliation = false;
};
struct GhostRuntimeState {
  std::map<SessionId, VMGhostSession> sessions;
  std::map<SessionId, VMSpeculationCheckpoint> checkpoints;
};

// ---------------------------------------------------------------------------------------
// The whole VM state.

struct VMState {
  std::shared_ptr<const VMConfig> config;
  std::vector<std::shared_ptr<const Program>> programs;
  std::vector<CoroutineState> coroutines;  // id == index
  BufferStore buffers;
  CoroutineId nextCoroId = 0;
  SessionId nextSessionId = 0;
  SessionStore sessions;
  SchedState sched;
  SessionMonitor monitor;
  Trace obsTrace;
  // outputConditionChecks: the claim is always Lean's fixed observable-output claim, so
  // only the verdicts are kept; outputConditionChecksOf() rebuilds the records.
  std::vector<bool> outputConditionVerdicts;
  std::uint64_t clock = 0;
  std::vector<SiteId> crashedSites;
  std::vector<Edge> partitionedEdges;
  std::uint64_t nextEffectNonce = 0;
  bool needsReconciliation = false;
  std::vector<FailureTraceEvent> failureTrace;
  std::vector<StructuredErrorEvent> structuredErrorEvents;
  std::uint64_t nextFailureSeqNo = 0;
  GhostRuntimeState ghostSessions;
  // Not Lean state: counts changes of any coroutine's ownedEndpoints (see
  // SchedState::indexBuiltAt).
  std::uint64_t ownershipVersion = 0;

  const VMConfig& cfg() const { return *config; }
  bool repair(Repair r) const { return config->repairs.has(r); }
};

// A fresh state for a config (Lean's runner initial values, A §7.6).
VMState initialState(std::shared_ptr<const VMConfig> config);

// Lean's observable-output claim and the checks recorded so far.
OutputConditionClaim observableOutputClaim();
std::vector<OutputConditionCheck> outputConditionChecksOf(const VMState& st);

// Lean edgePartitioned / edgeCrashed (unit identity: never crashed).
bool edgePartitioned(const VMState& st, const Edge& e);
bool edgeCrashed(const VMState& st, const Edge& e);

}  // namespace tt::oracle
