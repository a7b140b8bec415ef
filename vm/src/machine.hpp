// The VM's runtime state and the operations the drivers compose (docs/vm.md).
//
// Everything is flat: coroutines, sessions, endpoints and edges are vectors indexed by
// dense ids; the ready queue is an intrusive doubly linked list (one global order plus
// one list per lane) over coroutine ids; buffers are rings per edge. A communication
// step touches its coroutine, its session's type entries and one edge's ring, and
// allocates nothing once the rings are warm.
#pragma once
#include <cstdint>
#include <cstdlib>
#include <map>
#include <new>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "compiled.hpp"
#include "ids.hpp"
#include "ring.hpp"
#include "small_vec.hpp"
#include "tt/core/snapshot.hpp"
#include "tt/vm/vm.hpp"

namespace tt::vm::detail {

class Planner;
class WorkerPool;

enum class CS : std::uint8_t { Ready, Blocked, Done, Faulted };
enum class BK : std::uint8_t { RecvWait, SendWait, AcquireDenied };

// A Lean Fault with its payload as ids; converted to core at the end of a run.
struct FaultRec {
  Fault::Kind kind = Fault::Kind::OutOfRegisters;
  TypeRef expected, actual;     // TypeViolation
  Sym sym = kNone;              // UnknownLabel label
  EpId ep = kNone;              // ChannelClosed
  EdgeId edge = kNone;          // NoProgressToken
  const char* msg = nullptr;    // message-carrying kinds (AcquireFault: layer "guard-layer")
};

struct TokenEntry {  // progress tokens {sid, ep} held for one endpoint
  EpId ep = 0;
  std::uint32_t count = 0;
};
struct Fact {  // Knowledge {ep, payload}
  EpId ep = 0;
  Sym payload = 0;
  friend bool operator==(const Fact&, const Fact&) = default;
};

// The register file, split so that a coroutine's hot state fits two cache lines.
struct RegFile {
  std::uint64_t bits[kRegs]{};
  VK kind[kRegs]{};
  Val operator[](std::uint32_t i) const { return {kind[i], bits[i]}; }
  void set(std::uint32_t i, Val v) {
    kind[i] = v.kind;
    bits[i] = v.bits;
  }
};

struct alignas(64) Coro {
  // hot: read by every step (two cache lines)
  RegFile regs;
  std::uint64_t pc = 0;
  std::uint64_t budget = 0;
  CS status = CS::Ready;
  BK blockKind = BK::RecvWait;
  bool spec = false;            // specState = some {ghost, depth}
  bool fpDirty = true;          // planner footprint cache
  std::uint32_t program = 0;
  SmallVec<EpId, 2> owned;      // ownedEndpoints, in Lean order
  SmallVec<TokenEntry, 1> tokens;
  // cold
  std::uint32_t tokenTotal = 0; // number of progress tokens held
  EdgeId blockEdge = kNone;     // RecvWait, SendWait
  EpId blockTokenEp = kNone;    // RecvWait token {sid, ep}
  Sym blockLayer = kNone;       // AcquireDenied
  std::uint64_t ghost = 0, depth = 0;
  std::vector<Fact> knowledge;  // a multiset (only membership is read)
  FaultRec fault;
  SmallVec<std::uint32_t, 4> fp;
};

struct SessionRec {
  SessionPhase phase = SessionPhase::Active;
  std::uint64_t epoch = 0;
  std::vector<Sym> roles;  // as `opened` reports them
  std::uint32_t entryBegin = 0, entryCount = 0;  // localTypes entries in entryEp/typeOf
  bool hasHandlers = false;
};

struct PartnerEdges {
  Sym partner = 0;
  EdgeId out = kNone;  // ep.role -> partner
  EdgeId in = kNone;   // partner -> ep.role
};
struct EpRec {
  std::uint32_t entry = kNone;  // first localTypes entry of this endpoint, if its session has one
  SmallVec<PartnerEdges, 4> partners;  // every role of its session
};

struct EdgeRec {
  EdgeKey key;
  BufCfg cfg;
  bool partitioned = false;
  bool hasHandler = false;
  Ring ring;
  SmallVec<CoId, 2> waiters;  // coroutines blocked on this edge (recvWait or sendWait)
};

// A trace entry in flat form, 24 bytes (converted to core at the end of a run).
//   Sent/Received a=edge v=value        Offered/Chose a=edge v=label
//   Acquired/Released a=layer v=chan ep  Invoked v=chan ep
//   Opened/Closed v=sid                 EpochAdvanced a=epoch v=sid
//   Transferred a=ep v=to (from = coro) Forked/Joined/Aborted v=ghost
//   Tagged a=payload v=chan ep          Checked a=target flag=permitted
// `tick` holds the low 32 bits of the tick; the high bits change only every 2^32 rounds
// and are kept as runs (Machine::tickHigh_).
struct Ev {
  std::uint32_t tick;
  CoId coro;  // kNone: the loader
  std::uint32_t a;
  ObsEvent::Kind kind;
  bool flag;
  VK vkind;
  std::uint64_t bits;
  Val value() const { return {vkind, bits}; }
};
static_assert(sizeof(Ev) == 24, "a trace entry is 24 bytes");

inline Ev makeEv(std::uint64_t tick, CoId coro, ObsEvent::Kind k, std::uint32_t a, Val v, bool flag = false) {
  return Ev{static_cast<std::uint32_t>(tick), coro, a, k, flag, v.kind, v.bits};
}

// The trace: a growable array of plain entries that can also be extended by n
// uninitialised slots (the threaded driver fills them in parallel).
class EventLog {
 public:
  EventLog() = default;
  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;
  ~EventLog() { std::free(data_); }
  std::size_t size() const { return size_; }
  const Ev& operator[](std::size_t i) const { return data_[i]; }
  Ev* data() { return data_; }
  void clear() { size_ = 0; }
  void truncate(std::size_t n) {
    if (n < size_) size_ = n;
  }
  void push_back(const Ev& e) {
    if (size_ == cap_) grow(size_ + 1);
    data_[size_++] = e;
  }
  std::size_t capacity() const { return cap_; }
  void reserve(std::size_t n) {
    if (n > cap_) grow(n);
  }
  Ev* extend(std::size_t n) {
    if (size_ + n > cap_) grow(size_ + n);
    Ev* at = data_ + size_;
    size_ += n;
    return at;
  }

 private:
  void grow(std::size_t want) {
    std::size_t cap = cap_ ? cap_ * 2 : 1024;
    while (cap < want) cap *= 2;
    auto* mem = static_cast<Ev*>(std::realloc(static_cast<void*>(data_), cap * sizeof(Ev)));
    if (!mem) throw std::bad_alloc();
    data_ = mem;
    cap_ = cap;
  }
  Ev* data_ = nullptr;
  std::size_t size_ = 0, cap_ = 0;
};

// What one kernel step hands back to its driver.
struct StepOut {
  ExecStatus status = ExecStatus::Continue;
  std::uint8_t nev = 0;
  std::uint8_t checks = 0;     // output-condition checks appended (0 or 1)
  std::int8_t bufDelta = 0;    // change of the number of buffered values
  EdgeId touched = kNone;      // the edge whose buffer changed (wakes its waiters)
  CoId spawned = kNone;
  bool ownershipChanged = false;  // the coroutine's owned list changed (footprints)
  Ev ev[2];  // tick and coro are filled in when committed
};

struct Ghost {
  CoId owner = 0;
  std::uint64_t createdTick = 0;
  std::vector<std::pair<EpId, NodeId>> projected;
};
struct Checkpoint {
  std::uint64_t traceLen = 0;
  bool needsReconciliation = false;
};

class Machine {
 public:
  explicit Machine(const Compiled& c);
  ~Machine();

  // A fresh run (state reset, images loaded), then the rounds.
  std::uint64_t run(const RunOptions& o, Metrics* metrics);
  RunResult result() const;

  // ---- pieces (public for the unit tests) ------------------------------------------------
  void reset(const RunOptions& o);
  bool load();  // false: an image did not load (outcome LoadError)
  void step(CoId cid, StepOut& out);            // kernel.cpp: execInstr, events into `out`
  void stepDirect(CoId cid, StepOut& out);      // events straight into the trace
  template <bool Direct>
  void stepImpl(CoId cid, StepOut& out);
  // A step's events (tick = clock, emitting coroutine), then afterStep.
  void commitStep(CoId id, const StepOut& out) {
    for (std::uint8_t i = 0; i < out.nev; ++i) {
      Ev e = out.ev[i];
      e.tick = static_cast<std::uint32_t>(clock);
      e.coro = id;
      appendEvent(e);
    }
    afterStep(id, out);
  }
  // Counters, wake-ups (the waiters of the edge whose buffer changed become unblock
  // candidates), then Lean updateAfterStep.
  void afterStep(CoId id, const StepOut& out) {
    stepCounters(out);
    if (out.status == ExecStatus::Continue) enqueueReady(id);
    else updateAfterStepSlow(id, out);
  }
  void stepCounters(const StepOut& out) {
    checks += out.checks;
    bufferedTotal += static_cast<std::uint64_t>(static_cast<std::int64_t>(out.bufDelta));
    if (out.ownershipChanged) ++ownershipVersion;
    if (out.touched != kNone && waiterCount[out.touched] != 0) wake(out.touched);
  }
  void wake(EdgeId e);
  void updateAfterStepSlow(CoId id, const StepOut& out);
  void applyDueFaults() {  // failures.cpp
    if (nextFaultTick_ <= clock) applyFaultsNow();
  }
  std::uint64_t nextFaultTick_ = ~std::uint64_t{0};  // tick of the next scripted fault
  void applyFaultsNow();
  void applyFailure(const FaultC& f);
  void unblockPass() {  // scheduler.cpp
    if (wakeAll || !candidates.empty()) unblockNow();
  }
  void unblockNow();
  // Lean pickRunnable: the lanes in use (ascending, always with 0) visited from
  // (stepCount + 1) mod L; inside a lane the policy picks among runnable coroutines in
  // queue order.
  CoId pickCanonical() {
    if (lazyQueue_) materialize();
    if (laneIdsDirty) recomputeLaneIds();
    const auto L = static_cast<std::uint32_t>(laneIds.size());
    if (!policyFirstRunnable_) return pickCanonicalPolicy(L);
    const std::uint64_t next = stepCount + 1;
    std::uint32_t at = L == 1 ? 0 : static_cast<std::uint32_t>((L & (L - 1)) == 0 ? next & (L - 1) : next % L);
    for (std::uint32_t off = 0; off < L; ++off) {
      const std::uint32_t lane = laneIds[at];
      if (++at == L) at = 0;
      for (CoId x = laneHead[lane]; x != kNone; x = links[x].lNext)
        if (runnable(x)) return x;
    }
    return kNone;
  }
  CoId pickCanonicalPolicy(std::uint32_t L);  // priority, progressAware
  void recomputeLaneIds();
  // Lean schedStep: pick, take it out of the queue, count the step, execute, commit.
  // (No step reads the ready queue, so the pick can leave it after its step: a pick that
  // continues simply moves to the back, as Lean's remove-then-append does.)
  bool schedStep() {
    const CoId id = pickCanonical();
    if (id == kNone) return false;
    ++stepCount;
    stepImpl<true>(id, scratch);
    if (trackKeys_) execKey[id] = classify(id);
    if (scratch.status == ExecStatus::Continue) {
      stepCounters(scratch);
      moveToBack(id);
    } else {
      removeReady(id);
      afterStep(id, scratch);
    }
    return true;
  }
  void moveToBack(CoId id) {
    if (lazyQueue_) materialize();
    readyStamp[id] = nextStamp++;
    Links& l = links[id];
    const std::uint32_t lane = laneOf[id];
    if (laneTail[lane] != id) {
      if (l.lPrev != kNone) links[l.lPrev].lNext = l.lNext;
      else laneHead[lane] = l.lNext;
      links[l.lNext].lPrev = l.lPrev;  // not the tail: a next exists
      l.lPrev = laneTail[lane];
      l.lNext = kNone;
      links[laneTail[lane]].lNext = id;
      laneTail[lane] = id;
    }
    if (globalList_ && gTail != id) {
      if (l.gPrev != kNone) links[l.gPrev].gNext = l.gNext;
      else gHead = l.gNext;
      links[l.gNext].gPrev = l.gPrev;
      l.gPrev = gTail;
      l.gNext = kNone;
      links[gTail].gNext = id;
      gTail = id;
    }
  }
  void enqueueReady(CoId id) {
    if (lazyQueue_) materialize();
    if (inReady[id]) return;  // enqueue never duplicates
    inReady[id] = 1;
    ++readyCount;
    linkAtTail(id);
  }
  // Stamps `id` and links it at the tail of the global list (when kept) and of its lane.
  void linkAtTail(CoId id) {
    readyStamp[id] = nextStamp++;
    Links& l = links[id];
    if (globalList_) {
      l.gPrev = gTail;
      l.gNext = kNone;
      if (gTail != kNone) links[gTail].gNext = id;
      else gHead = id;
      gTail = id;
    }
    const std::uint32_t lane = laneOf[id];
    l.lPrev = laneTail[lane];
    l.lNext = kNone;
    if (laneTail[lane] != kNone) links[laneTail[lane]].lNext = id;
    else laneHead[lane] = id;
    laneTail[lane] = id;
  }
  void removeReady(CoId id) {
    if (lazyQueue_) materialize();
    if (!inReady[id]) return;
    inReady[id] = 0;
    --readyCount;
    Links& l = links[id];
    if (globalList_) {
      if (l.gPrev != kNone) links[l.gPrev].gNext = l.gNext;
      else gHead = l.gNext;
      if (l.gNext != kNone) links[l.gNext].gPrev = l.gPrev;
      else gTail = l.gPrev;
    }
    const std::uint32_t lane = laneOf[id];
    if (l.lPrev != kNone) links[l.lPrev].lNext = l.lNext;
    else laneHead[lane] = l.lNext;
    if (l.lNext != kNone) links[l.lNext].lPrev = l.lPrev;
    else laneTail[lane] = l.lPrev;
  }
  bool runnable(CoId id) const { return coros[id].status == CS::Ready; }
  // The ready queue in order. The global order is kept as its own list only when lanes
  // are by coroutine and the run is threaded (the planner walks it); with one lane it is
  // lane 0's list; otherwise it is rebuilt from enqueue stamps (tests only).
  std::vector<CoId> readyOrder() const;
  template <class F>
  void forEachReady(F f) const {
    if (lazyQueue_) {
      for (CoId x : *lazyQueue_) f(x);
    } else if (globalList_) {
      for (CoId x = gHead; x != kNone; x = links[x].gNext) f(x);
    } else if (!c.byCoroutineLanes) {
      for (CoId x = laneHead[0]; x != kNone; x = links[x].lNext) f(x);
    } else {
      for (CoId x : readyOrder()) f(x);
    }
  }
  const SmallVec<std::uint32_t, 4>& footprint(CoId id);  // planner atoms (cached)
  Snapshot snapshot() const;                    // result.cpp
  Trace trace() const;

  // ---- state ------------------------------------------------------------------------------
  const Compiled& c;
  ConstTables names() const { return {&c.syms, &eps, &c.prods}; }

  std::vector<Coro> coros;
  std::vector<SessionRec> sessions;  // index = sid (sids are dense)
  std::vector<NodeId> typeOf;        // localTypes entries: the stored type...
  std::vector<EpId> entryEp;         // ...and its endpoint
  EndpointTable eps;
  std::vector<EpRec> epRecs;
  std::vector<EdgeRec> edges;
  std::vector<std::uint32_t> waiterCount;  // per edge: edges[e].waiters.size(), dense
  std::unordered_map<EdgeKey, EdgeId, EdgeKeyHash> edgeIndex;
  EndpointTable atoms;  // footprint atoms (sid, role), interned for the planner

  // scheduler
  struct Links {
    CoId gPrev = kNone, gNext = kNone, lPrev = kNone, lNext = kNone;
  };
  std::vector<Links> links;
  std::vector<std::uint32_t> laneOf;  // F D4, dense for the scheduler and the planner
  std::vector<std::uint8_t> inReady, inBlocked;
  std::uint32_t readyCount = 0;
  // What each coroutine's next step will touch (threaded runs only, kept by the kernel):
  // kSkip (not runnable), kBarrier (open/spawn/transfer/fork/join/abort), kLocal (only
  // itself) or the sid of the session its channel register names.
  static constexpr std::uint64_t kSkip = ~std::uint64_t{0};
  static constexpr std::uint64_t kBarrier = ~std::uint64_t{0} - 1;
  static constexpr std::uint64_t kLocal = ~std::uint64_t{0} - 2;
  std::vector<std::uint64_t> execKey;
  bool trackKeys_ = false;
  std::uint64_t classify(CoId id) const;
  std::uint64_t ownershipVersion = 0;  // bumped whenever any owned list changes
  // Threaded shortcuts, on by default; tests turn them off to compare with the plain path.
  bool planReuse = true;   // reuse the last plan when the queue is that plan
  bool lazyQueue = true;   // keep a steady round's queue as its plan
  bool batchRounds = true; // run consecutive steady rounds as a batch (needs both above)
  std::vector<std::uint64_t> readyStamp;  // enqueue order
  // Threaded runs: when a round re-queued exactly its plan, the queue *is* that plan; the
  // lists are only rebuilt (materialize) when something reads or changes them. inReady and
  // readyCount are kept exact either way.
  const std::vector<CoId>* lazyQueue_ = nullptr;
  void materialize();
  std::uint64_t nextStamp = 0;
  bool globalList_ = false;
  bool policyFirstRunnable_ = true;  // cooperative / round robin
  CoId gHead = kNone, gTail = kNone;
  std::vector<CoId> laneHead, laneTail;
  std::vector<std::uint32_t> laneLive;  // non-terminal coroutines per lane
  std::vector<std::uint32_t> laneIds;   // lanes in use, ascending, always with 0
  bool laneIdsDirty = true;
  std::uint64_t stepCount = 0;
  std::uint64_t clock = 0;
  std::uint32_t live = 0;  // non-terminal coroutines
  std::vector<CoId> candidates;  // blocked coroutines whose wake condition may have changed
  std::vector<std::uint8_t> isCandidate;
  bool wakeAll = false;          // the partition set changed: re-check every blocked one

  // trace and logs
  bool traceOn = true;
  EventLog trace_;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> tickHigh_;  // (first entry, tick >> 32)
  void noteTickHigh() {  // before appending entries at the current clock
    const auto high = static_cast<std::uint32_t>(clock >> 32);
    if (high != (tickHigh_.empty() ? 0u : tickHigh_.back().second)) tickHigh_.emplace_back(trace_.size(), high);
  }
  std::uint64_t traceLen = 0;
  std::uint64_t checks = 0;  // outputConditionChecks (all with the same claim and verdict)
  std::set<SiteId> crashedSites;
  std::unordered_set<EdgeKey, EdgeKeyHash> partitionKeys;
  bool needsReconciliation = false;
  std::vector<FailureTraceEvent> failureTrace;
  std::vector<StructuredErrorEvent> structuredErrors;
  std::uint64_t nextFailureSeqNo = 0;
  std::map<std::uint64_t, Ghost> ghosts;
  std::map<std::uint64_t, Checkpoint> checkpoints;

  std::uint64_t bufferedTotal = 0;
  StepOut scratch;  // the cooperative driver's step result
  std::uint64_t nextSessionId = 0;
  std::uint64_t sessionsWithHandlers = 0;
  std::size_t nextFault = 0;

  // outcome
  RunOutcome outcome = RunOutcome::Completed;
  std::string detail;

  // ---- helpers shared by the kernel and the loader ----------------------------------------
  EpId internEndpoint(std::uint64_t sid, Sym role);
  EdgeId internEdge(const EdgeKey& k);
  EdgeId findEdge(const EdgeKey& k) const;
  EdgeId outEdge(EpId ep, Sym partner) const;
  EdgeId inEdge(EpId ep, Sym partner) const;
  // Creates session `sid` (load or open): endpoints, localTypes entries, edges for every
  // ordered pair of its roles. Returns the endpoints in role order.
  void createSession(std::uint64_t sid, const std::vector<Sym>& roles,
                     const std::vector<std::pair<Sym, NodeId>>& localTypes, std::vector<EpId>& eps);
  CoId addCoroutine(std::uint32_t program, PC pc);
  void setLane(CoId id);
  void appendEvent(const Ev& e);
  // Runtime caps (F D16), checked after every round.
  bool resourceLimitReached() {
    return (traceLen > lim_.maxTraceEvents || bufferedTotal > lim_.maxBufferedValues ||
            coros.size() > lim_.maxCoroutinesTotal || sessions.size() > lim_.maxSessionsTotal) &&
           reportResourceLimit();
  }
  bool reportResourceLimit();
  std::uint32_t laneCountInUse() {
    if (laneIdsDirty) recomputeLaneIds();
    return static_cast<std::uint32_t>(laneIds.size());
  }

 private:
  friend class ThreadedDriver;
  friend class SteadyRounds;
  RunOutcome runCooperative(std::uint64_t fuel);
  RunOutcome runThreaded(std::uint64_t fuel, const RunOptions& o, Metrics* m);
  const Limits& lim_;
  std::vector<std::uint64_t> hookRounds_;
  std::unique_ptr<Planner> planner_;
  std::unique_ptr<WorkerPool> pool_;
  std::uint64_t poolWorkers_ = 0;
  Metrics metrics_;
};

}  // namespace tt::vm::detail
