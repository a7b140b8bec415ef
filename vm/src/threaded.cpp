// The threaded driver: Lean runScheduledThreaded at width n >= 2 (reference C §3.7,
// F S14), with the certified plan executed by the worker pool (docs/vm.md, "Why parallel
// execution equals wave order").
//
// A round plans waves over the whole ready queue, chunks them by n, checks the
// certificate (an invalid one degrades the round to one canonical step), takes every
// planned coroutine out of the queue and adds the plan's size to stepCount (as the chunks
// do in Lean), then runs the picks in plan order P:
//   * open, spawn, transfer, fork, join and abort touch shared state (session ids,
//     coroutine ids, other coroutines, speculation state, the trace): each runs alone, at
//     its position in P, on the calling thread;
//   * the picks between two such barriers form a segment; a pick whose instruction works
//     on a channel (send, receive, offer, choose, close) touches only its coroutine and
//     the session of that channel, every other pick only its coroutine. The segment's
//     picks are split into groups by session block (picks without one by coroutine
//     block); a group runs its picks in P order on whichever worker claims it, so picks
//     of one session keep their order;
//   * the step results (events, checks, wake-ups, queue updates) are committed in P order
//     after the segment, before the next barrier runs (events copied into the trace in
//     parallel at positions from a prefix sum over P).
// After a steady round (the queue is the plan again), the rounds that follow with nothing
// in their prologues run as one batch on the pool (steady_rounds.hpp).
#include <algorithm>
#include <chrono>

#include "machine.hpp"
#include "planner.hpp"
#include "steady_rounds.hpp"
#include "worker_pool.hpp"

namespace tt::vm::detail {

class ThreadedDriver {
 public:
  ThreadedDriver(Machine& m, WorkerPool& pool, Planner& planner, std::uint64_t n, Metrics& metrics)
      : m_(m), pool_(pool), planner_(planner), n_(n), metrics_(metrics), W_(pool.size()) {
    busy_.assign(W_, Busy{});
  }

  // One threaded round (schedRoundThreaded n); true when a step was made.
  bool round(bool corrupt) {
    // The plan is a function of the ready queue's order, runnability, lanes and
    // footprints. In a steady round every planned coroutine is re-queued in plan order,
    // and planning that order again yields the same waves; so when the queue is exactly
    // the last plan and no owned list changed, the last plan and its verdict stand.
    const bool reuse =
        m_.planReuse && cacheValid_ && cachedVersion_ == m_.ownershipVersion && queueIsLastPlan();
    if (!reuse) {
      // The lazy queue is the last plan, which the new certificate is about to replace.
      if (m_.lazyQueue_) m_.materialize();
      planner_.plan(m_);
      if (planner_.picks.empty()) {
        cacheValid_ = false;
        return false;  // an armed hook is consumed by the empty plan
      }
      buildCertificate(planner_, n_, cert_);
      certValid_ = checker_.check(m_, cert_);
      cacheValid_ = true;
      cachedVersion_ = m_.ownershipVersion;
      conflicts_ = planner_.conflicts;
    }
    bool valid = certValid_;
    if (corrupt) {  // the test hook: this round's certificate is replaced by an invalid one
      Certificate bad = cert_;
      corruptCertificate(bad);
      valid = checker_.check(m_, bad);
    }
    if (!valid) {
      ++metrics_.fallbacks;
      cacheValid_ = false;
      return m_.schedStep();  // schedRoundOne on the pre-round state
    }
    ++metrics_.certifiedRounds;
    metrics_.plannerConflicts += conflicts_;
    for (std::size_t w = 0; w < cert_.waves(); ++w) {
      const std::uint64_t width = cert_.waveStart[w + 1] - cert_.waveStart[w];
      ++metrics_.waves;
      metrics_.meanWaveWidth += static_cast<double>(width);  // divided at the end
      metrics_.maxWaveWidth = std::max(metrics_.maxWaveWidth, width);
    }
    const std::vector<CoId>& P = cert_.ids;
    const bool wholeQueue = takeOutOfQueue(P);
    m_.stepCount += P.size();
    execute(P, wholeQueue);
    return true;
  }

  // The last round was steady (its queue is its plan) and the plan and its verdict stand:
  // the next rounds may run as a batch when nothing else happens in their prologues.
  bool steady() const {
    return m_.batchRounds && m_.planReuse && m_.lazyQueue && m_.lazyQueue_ == &cert_.ids && cacheValid_ &&
           certValid_ && cachedVersion_ == m_.ownershipVersion;
  }

  // Up to maxRounds steady rounds as one batch (steady_rounds.hpp), with the metrics each
  // of them would record; 0 when the plan cannot be batched.
  std::uint64_t steadyRounds(std::uint64_t maxRounds) {
    const std::vector<CoId>& P = cert_.ids;
    if (!batch_.prepare(m_, P, W_)) return 0;
    const SteadyRounds::Result r = batch_.run(m_, pool_, maxRounds);
    metrics_.certifiedRounds += r.rounds;
    metrics_.batchedRounds += r.rounds;
    metrics_.plannerConflicts += conflicts_ * r.rounds;
    metrics_.waves += cert_.waves() * r.rounds;
    metrics_.meanWaveWidth += static_cast<double>(P.size()) * static_cast<double>(r.rounds);
    // (the max wave width is the plan's, recorded by the round that certified it)
    if (r.parallel) metrics_.segments += r.rounds;
    return r.rounds;
  }

  double busySeconds() const {
    double s = batch_.busySeconds();
    for (const Busy& b : busy_) s += b.seconds;
    return s;
  }

 private:
  struct alignas(64) Busy {
    double seconds = 0;
  };
  struct alignas(64) GroupStats {  // one group's picks, summed while they run
    std::uint64_t checks = 0;
    std::int64_t buffered = 0;
    bool ownership = false;
    bool allContinue = true;
    std::vector<EdgeId> touched;  // changed buffers that have waiters
  };

  bool queueIsLastPlan() const {
    const std::vector<CoId>& P = cert_.ids;
    if (m_.lazyQueue_ == &P) return true;
    if (m_.readyCount != P.size()) return false;
    std::size_t k = 0;
    bool same = true;
    m_.forEachReady([&](CoId x) { same = same && P[k++] == x; });
    return same;
  }

  // executeWave takes the chunk's members out of the queue up front; all chunks together
  // take out the whole plan. When the plan is the whole queue, empty it at once.
  // Returns whether the whole queue was the plan.
  bool takeOutOfQueue(const std::vector<CoId>& P) {
    if (m_.lazyQueue_ == &P) {  // the queue is exactly P: nothing to unlink
      m_.lazyQueue_ = nullptr;
    } else if (P.size() != m_.readyCount) {
      for (CoId id : P) m_.removeReady(id);
      return false;
    }
    // Lists empty; inReady/readyCount still describe P until commit() decides.
    m_.gHead = m_.gTail = kNone;
    std::fill(m_.laneHead.begin(), m_.laneHead.end(), kNone);
    std::fill(m_.laneTail.begin(), m_.laneTail.end(), kNone);
    return true;
  }

  // The state after the picks ran: events are placed, then Lean updateAfterStep in P
  // order. When the plan was the whole queue, had no barrier, and every pick continued,
  // the new queue is P itself (kept lazily); otherwise each pick is committed in turn.
  // (The groups summed their picks' counters while running them; those sums stand for the
  // per-pick commits when every pick continued: nobody blocked, so the waiter lists the
  // groups read did not change during the segment.)
  void commit(const std::vector<CoId>& P, std::size_t begin, std::size_t end, bool wholeQueue) {
    if (wholeQueue) {
      bool allContinue = m_.lazyQueue && begin == 0 && end == P.size() && skips_ == 0;
      for (std::size_t g = 0; allContinue && g < groups_; ++g) allContinue = stats_[g].allContinue;
      if (allContinue) {
        for (std::size_t g = 0; g < groups_; ++g) {
          const GroupStats& st = stats_[g];
          m_.checks += st.checks;
          m_.bufferedTotal += static_cast<std::uint64_t>(st.buffered);
          if (st.ownership) ++m_.ownershipVersion;
          for (EdgeId e : st.touched) m_.wake(e);
        }
        m_.lazyQueue_ = &P;
        return;
      }
      for (CoId id : P) m_.inReady[id] = 0;
      m_.readyCount = 0;
    }
    for (std::size_t k = begin; k < end; ++k)
      if (key_[k] != Machine::kSkip) m_.afterStep(P[k], outs_[slot_[k]]);
  }

  // Runs pick k into its result slot and adds it to group g's sums.
  void runPick(const std::vector<CoId>& P, std::uint32_t k, std::uint32_t g) {
    StepOut& o = outs_[slot_[k]];
    m_.step(P[k], o);
    nev_[slot_[k]] = o.nev;  // by slot: a group's bytes are contiguous (no false sharing)
    GroupStats& st = stats_[g];
    st.checks += o.checks;
    st.buffered += o.bufDelta;
    st.ownership = st.ownership || o.ownershipChanged;
    st.allContinue = st.allContinue && o.status == ExecStatus::Continue;
    if (o.touched != kNone && m_.waiterCount[o.touched] != 0) st.touched.push_back(o.touched);
  }
  void resetStats(std::uint32_t groups) {
    groups_ = groups;
    if (stats_.size() < groups) stats_.resize(groups);
    for (std::uint32_t g = 0; g < groups; ++g) {
      GroupStats& st = stats_[g];
      st.checks = 0;
      st.buffered = 0;
      st.ownership = false;
      st.allContinue = true;
      st.touched.clear();  // keeps its capacity
    }
  }

  void execute(const std::vector<CoId>& P, bool wholeQueue) {
    const std::size_t R = P.size();
    key_.resize(R);
    outs_.resize(R);
    eventAt_.resize(R);
    nev_.resize(R);
    slot_.resize(R);
    for (std::size_t k = 0; k < R; ++k) slot_[k] = static_cast<std::uint32_t>(k);
    // What each pick will touch, from the kernel's record of its next step (a pick's own
    // state only changes when it runs, so this holds until then).
    for (std::size_t k = 0; k < R; ++k) key_[k] = m_.execKey[P[k]];
    std::size_t i = 0;
    while (i < R) {
      std::size_t j = i;
      while (j < R && key_[j] != Machine::kBarrier) ++j;
      if (j > i) {
        const bool parallel = runSegment(P, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j));
        placeEvents(P, static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j), parallel);
        commit(P, i, j, wholeQueue);
        wholeQueue = false;  // the first commit has settled the queue
      }
      if (j < R) {  // a barrier runs alone, on the calling thread, at its position
        if (wholeQueue) {  // nothing committed yet: settle the queue first
          for (CoId id : P) m_.inReady[id] = 0;
          m_.readyCount = 0;
          wholeQueue = false;
        }
        m_.step(P[j], outs_[j]);
        m_.commitStep(P[j], outs_[j]);
        ++metrics_.serializedSteps;
        ++j;
      }
      i = j;
    }
  }

  // The segment's events, in P order, at the end of the trace: their positions are a
  // prefix sum over the picks; the entries are written by the groups in parallel (each
  // group owns its picks' slots) or by the calling thread for a small segment.
  void placeEvents(const std::vector<CoId>& P, std::uint32_t begin, std::uint32_t end, bool parallel) {
    std::uint64_t total = 0;
    for (std::uint32_t k = begin; k < end; ++k) {
      eventAt_[k] = static_cast<std::uint32_t>(total);
      if (key_[k] != Machine::kSkip) total += nev_[slot_[k]];
    }
    if (total == 0) return;
    m_.traceLen += total;
    if (!m_.traceOn) return;
    m_.noteTickHigh();
    Ev* base = m_.trace_.extend(total);
    const auto tick = static_cast<std::uint32_t>(m_.clock);
    auto place = [&](std::uint32_t k) {
      const StepOut& o = outs_[slot_[k]];
      Ev* at = base + eventAt_[k];
      for (std::uint8_t e = 0; e < o.nev; ++e) {
        at[e] = o.ev[e];
        at[e].tick = tick;
        at[e].coro = P[k];
      }
    };
    if (!parallel) {
      for (std::uint32_t k = begin; k < end; ++k)
        if (key_[k] != Machine::kSkip) place(k);
      return;
    }
    // By output range, not by group: each worker writes one contiguous stretch of the trace
    // (groups interleave in P order, so writing per group would share every cache line).
    const std::uint32_t parts = W_;
    const std::uint32_t size = end - begin;
    auto task = [&](std::uint32_t part, unsigned) {
      const std::uint32_t from = begin + static_cast<std::uint32_t>(std::uint64_t{size} * part / parts);
      const std::uint32_t to = begin + static_cast<std::uint32_t>(std::uint64_t{size} * (part + 1) / parts);
      for (std::uint32_t k = from; k < to; ++k)
        if (key_[k] != Machine::kSkip) place(k);
    };
    pool_.run(parts, task);
  }

  // The picks of [begin, end) are split into groups: a pick with a session key goes to
  // the group of its session's block, any other pick to the group of its position; a group runs its picks in P
  // order, on whichever worker claims it, so two picks of one session keep their order.
  // Lean executeWave skips a pick that is not runnable (it is not re-queued). A small
  // segment runs on the calling thread.
  // Returns whether it ran on the pool (the groups are then set up for placeEvents).
  bool runSegment(const std::vector<CoId>& P, std::uint32_t begin, std::uint32_t end) {
    const std::uint32_t size = end - begin;
    skips_ = 0;
    if (W_ == 1 || size < kMinParallelSegment) {
      const auto t0 = std::chrono::steady_clock::now();
      resetStats(1);
      for (std::uint32_t k = begin; k < end; ++k) {
        if (key_[k] == Machine::kSkip) {
          ++skips_;
        } else {
          runPick(P, k, 0);
        }
      }
      busy_[0].seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      return false;
    }
    // Enough groups that a slow worker leaves the rest to the others. A group is a block of
    // consecutive sessions (a pick with a session key), or of consecutive coroutines (any
    // other pick). The two agree for loaded images (a session's coroutines are
    // consecutive), so a coroutine stays in the same group — on the same worker — from
    // one round to the next, and neighbours in memory stay with one worker.
    const std::uint32_t G = std::min<std::uint32_t>(std::max<std::uint32_t>(size / 16, W_), 8 * W_);
    const std::uint64_t sessions = std::max<std::uint64_t>(m_.sessions.size(), 1);
    const std::uint64_t coros = m_.coros.size();
    groupOf_.resize(size);
    groupStart_.assign(G + 1, 0);
    for (std::uint32_t k = begin; k < end; ++k) {
      const std::uint64_t key = key_[k];
      const std::uint32_t g =
          key == Machine::kSkip    ? G
          : key == Machine::kLocal ? static_cast<std::uint32_t>(std::uint64_t{P[k]} * G / coros)
                                   : static_cast<std::uint32_t>(std::min<std::uint64_t>(key * G / sessions, G - 1));
      groupOf_[k - begin] = g;
      if (g < G) ++groupStart_[g + 1];
      else ++skips_;
    }
    for (std::uint32_t g = 0; g < G; ++g) groupStart_[g + 1] += groupStart_[g];
    members_.resize(groupStart_[G]);
    cursor_.assign(groupStart_.begin(), groupStart_.end() - 1);
    for (std::uint32_t k = begin; k < end; ++k)
      if (const std::uint32_t g = groupOf_[k - begin]; g < G) {
        slot_[k] = begin + cursor_[g];  // a group's results are contiguous (no false sharing)
        members_[cursor_[g]++] = k;
      }
    ++metrics_.segments;
    resetStats(G);
    auto task = [&](std::uint32_t g, unsigned w) {
      const auto t0 = std::chrono::steady_clock::now();
      for (std::uint32_t x = groupStart_[g]; x < groupStart_[g + 1]; ++x) runPick(P, members_[x], g);
      busy_[w].seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    };
    pool_.run(G, task);
    return true;
  }

  // Below this many picks a segment runs on the calling thread.
  static constexpr std::uint32_t kMinParallelSegment = 64;

  Machine& m_;
  WorkerPool& pool_;
  Planner& planner_;
  std::uint64_t n_;
  Metrics& metrics_;
  unsigned W_;
  Certificate cert_;
  CertificateChecker checker_;
  bool cacheValid_ = false;
  bool certValid_ = false;
  std::uint64_t cachedVersion_ = 0;
  std::uint64_t conflicts_ = 0;
  std::vector<std::uint64_t> key_;
  std::vector<StepOut> outs_;
  std::vector<std::uint32_t> groupStart_, groupOf_, members_, cursor_, eventAt_;
  std::vector<std::uint32_t> slot_;  // pick -> its StepOut in outs_
  std::vector<std::uint8_t> nev_;    // pick -> its number of events
  std::vector<GroupStats> stats_;
  std::uint32_t groups_ = 0;
  std::uint32_t skips_ = 0;
  std::vector<Busy> busy_;
  SteadyRounds batch_;
};

// runScheduledThreaded: the loop of runScheduled with threaded rounds.
RunOutcome Machine::runThreaded(std::uint64_t fuel, const RunOptions& o, Metrics* metrics) {
  const auto W = static_cast<unsigned>(std::min<std::uint64_t>(o.workers, 1024));
  if (!pool_ || poolWorkers_ != W) {
    pool_.reset();
    pool_ = std::make_unique<WorkerPool>(W);
    poolWorkers_ = W;
  }
  if (!planner_) planner_ = std::make_unique<Planner>();
  metrics->workers = W;
  std::vector<std::uint64_t> hooks = o.invalidCertificateRounds;
  std::sort(hooks.begin(), hooks.end());
  trackKeys_ = true;
  for (CoId id = 0; id < coros.size(); ++id) execKey[id] = classify(id);
  ThreadedDriver driver(*this, *pool_, *planner_, o.concurrency, *metrics);
  RunOutcome result;
  for (;;) {
    if (fuel == 0) {
      result = live == 0 ? RunOutcome::Completed : RunOutcome::FuelExhausted;
      break;
    }
    // After a steady round, the rounds up to the next scripted fault or hook have nothing
    // in their prologues (no fault, no unblock candidate): they repeat the plan, as a batch.
    std::uint64_t batched = 0;
    if (driver.steady() && candidates.empty() && !wakeAll) {
      std::uint64_t limit = fuel;
      if (nextFaultTick_ != ~std::uint64_t{0}) limit = nextFaultTick_ > clock + 1 ? std::min(limit, nextFaultTick_ - 1 - clock) : 0;
      if (auto h = std::upper_bound(hooks.begin(), hooks.end(), clock); h != hooks.end()) limit = std::min(limit, *h - 1 - clock);
      if (limit > 0) batched = driver.steadyRounds(limit);
    }
    bool stepped = true;
    if (batched > 0) {
      fuel -= batched;  // the batch has advanced the clock
    } else {
      --fuel;
      ++clock;
      applyDueFaults();
      unblockPass();
      stepped = driver.round(std::binary_search(hooks.begin(), hooks.end(), clock));
    }
    if (resourceLimitReached()) {
      result = RunOutcome::ResourceLimit;
      break;
    }
    if (live == 0) {
      result = RunOutcome::Completed;
      break;
    }
    if (!stepped) {
      if (nextFault >= c.faults.size()) {
        result = RunOutcome::Stuck;
        break;
      }
      // The rounds before the next scripted fault are empty; an armed hook would be
      // consumed by their empty plans.
      const std::uint64_t skip = std::min(c.faults[nextFault].tick - 1 - clock, fuel);
      clock += skip;
      fuel -= skip;
    }
  }
  if (lazyQueue_) materialize();  // the plan it points to dies with the driver
  metrics->workerUtilisation = driver.busySeconds();  // normalised by Machine::run
  return result;
}

}  // namespace tt::vm::detail
