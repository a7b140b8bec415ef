#include "steady_rounds.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include "worker_pool.hpp"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define TT_VM_STEADY_PAUSE() _mm_pause()
#else
#define TT_VM_STEADY_PAUSE() std::this_thread::yield()
#endif

namespace tt::vm::detail {

namespace {
// Groups are at least this many picks (smaller ones cost more to hand out than to run),
// and there are up to this many per worker (a worker that is descheduled holds up only
// the group it claimed; the others take the rest).
constexpr std::uint32_t kMinGroup = 64;
constexpr std::uint32_t kGroupsPerWorker = 4;
std::uint32_t roundOf(std::uint64_t c) { return static_cast<std::uint32_t>(c >> 32); }
std::uint32_t frontOf(std::uint64_t c) { return static_cast<std::uint32_t>(c >> 16) & 0xffffu; }
std::uint32_t backOf(std::uint64_t c) { return static_cast<std::uint32_t>(c) & 0xffffu; }
}  // namespace

bool SteadyRounds::prepare(Machine& m, const std::vector<CoId>& P, unsigned W) {
  const auto R = static_cast<std::uint32_t>(P.size());
  if (R == 0) return false;
  std::uint32_t G = 1, M = 1;
  if (W > 1) {
    G = std::min<std::uint32_t>(W * kGroupsPerWorker, std::max<std::uint32_t>(R / kMinGroup, 1));
    M = std::min(G, kMaxRanges);
  }
  const std::uint64_t S = std::max<std::uint64_t>(m.sessions.size(), 1);
  const std::uint64_t coros = m.coros.size();
  // A pick's group: its key's session block; a local pick goes with its first owned
  // endpoint's session (where its next steps will likely be) or its coroutine's block.
  if (groups_.size() < G) groups_.resize(G);
  cursor_.assign(G + 1, 0);
  slotOf_.resize(R);
  for (std::uint32_t k = 0; k < R; ++k) {
    const CoId id = P[k];
    const std::uint64_t key = m.execKey[id];
    if (key == Machine::kBarrier || key == Machine::kSkip) return false;
    std::uint32_t g;
    if (key != Machine::kLocal) g = static_cast<std::uint32_t>(std::min<std::uint64_t>(key * G / S, G - 1));
    else if (!m.coros[id].owned.empty()) g = static_cast<std::uint32_t>(std::min<std::uint64_t>(m.eps.key(m.coros[id].owned[0]).sid * G / S, G - 1));
    else g = static_cast<std::uint32_t>(std::uint64_t{id} * G / coros);
    slotOf_[k] = g;  // the group for now; the slot below
    ++cursor_[g + 1];
  }
  for (std::uint32_t g = 0; g < G; ++g) {
    cursor_[g + 1] += cursor_[g];
    groups_[g].begin = cursor_[g];
    groups_[g].end = cursor_[g + 1];
    // The sids s with min(s * G / S, G - 1) == g (the last block takes every larger sid).
    groups_[g].sessionsFrom = (g * S + G - 1) / G;
    groups_[g].sessionsTo = g + 1 == G ? Machine::kLocal : ((g + 1) * S + G - 1) / G;
  }
  rangeStart_.resize(M + 1);
  for (std::uint32_t r = 0; r <= M; ++r) rangeStart_[r] = static_cast<std::uint32_t>(std::uint64_t{R} * r / M);
  members_.resize(R);
  for (std::uint32_t k = 0, r = 0; k < R; ++k) {
    while (k >= rangeStart_[r + 1]) ++r;
    const std::uint32_t slot = cursor_[slotOf_[k]]++;
    slotOf_[k] = slot;
    members_[slot] = {P[k], r};
  }
  for (int par = 0; par < 2; ++par) {
    nev_[par].resize(R);
    ev_[par].resize(2 * std::size_t{R});
  }
  rec_.resize(R);
  mergeAt_.resize(M);
  G_ = G;
  M_ = M;
  m_ = &m;
  P_ = &P;
  return true;
}

// Runs group g's picks of `round` in P order: each pick's events, counters and effects go
// to its slot, the group's sums to the group.
void SteadyRounds::runGroup(std::uint32_t round, std::uint32_t g) {
  Machine& m = *m_;
  Group& gr = groups_[g];
  gr.nev = 0;
  gr.checks = 0;
  gr.buffered = 0;
  gr.steady = true;
  gr.nextOk = true;
  std::fill(gr.evIn, gr.evIn + M_, 0u);
  const auto tick = static_cast<std::uint32_t>(tick0_ + round);
  std::uint8_t* nev = nev_[round & 1].data();
  Ev* ev = ev_[round & 1].data();
  const bool traceOn = m.traceOn;
  const std::uint64_t from = gr.sessionsFrom, to = gr.sessionsTo;  // (kLocal and above are not sids)
  StepOut o;
  for (std::uint32_t s = gr.begin; s < gr.end; ++s) {
    const CoId id = members_[s].id;
    m.step(id, o);
    nev[s] = o.nev;
    if (traceOn)
      for (std::uint8_t e = 0; e < o.nev; ++e) {
        Ev& x = ev[2 * std::size_t{s} + e];
        x = o.ev[e];
        x.tick = tick;
        x.coro = id;
      }
    gr.nev += o.nev;
    gr.evIn[members_[s].range] += o.nev;
    gr.checks += o.checks;
    gr.buffered += o.bufDelta;
    rec_[s] = PickRec{o.status, o.checks, o.bufDelta, o.ownershipChanged, o.touched};
    // Steady: the pick goes back to the queue as it was, and wakes nobody (the waiter lists
    // only change in commits, never during a batch).
    gr.steady = gr.steady && o.status == ExecStatus::Continue && !o.ownershipChanged &&
                (o.touched == kNone || m.waiterCount[o.touched] == 0);
    // Its next step must work on nothing another group may touch: itself, or a session of
    // this group's block.
    const std::uint64_t key = m.execKey[id];
    gr.nextOk = gr.nextOk && (key == Machine::kLocal || (key >= from && key < to));
  }
}

void SteadyRounds::mergeRange(std::uint32_t round, std::uint32_t r) {
  const std::uint8_t* nev = nev_[round & 1].data();
  const Ev* ev = ev_[round & 1].data();
  Ev* at = m_->trace_.data() + mergeAt_[r];
  for (std::uint32_t k = rangeStart_[r]; k < rangeStart_[r + 1]; ++k) {
    const std::uint32_t s = slotOf_[k];
    for (std::uint8_t e = 0; e < nev[s]; ++e) *at++ = ev[2 * std::size_t{s} + e];
  }
}

void SteadyRounds::closeRound(std::uint32_t round) {
  bool steady = true, nextOk = true;
  for (std::uint32_t g = 0; g < G_; ++g) {
    steady = steady && groups_[g].steady;
    nextOk = nextOk && groups_[g].nextOk;
  }
  // The round's events in P order: range by range, each range's picks in P order.
  std::uint64_t at = traceAt_;
  for (std::uint32_t r = 0; r < M_; ++r) {
    mergeAt_[r] = at;
    for (std::uint32_t g = 0; g < G_; ++g) at += groups_[g].evIn[r];
  }
  traceLen_ += at - traceAt_;
  traceAt_ = at;
  rounds_ = round + 1;
  lastSteady_ = steady;
  // A round that is not steady ends the batch and is committed pick by pick, which counts
  // its checks and buffered values; a steady round's commit is these sums.
  if (steady)
    for (std::uint32_t g = 0; g < G_; ++g) {
      checks_ += groups_[g].checks;
      buffered_ += static_cast<std::uint64_t>(groups_[g].buffered);
    }
  const Limits& lim = m_->lim_;
  const std::uint64_t R = P_->size();
  const bool more = steady && nextOk && rounds_ < maxRounds_ && traceLen_ <= lim.maxTraceEvents &&
                    buffered_ <= lim.maxBufferedValues && (!m_->traceOn || at + 2 * R <= traceRoom_);
  if (!more) {
    claim_.store(claimWord(kOver, 0, 0), std::memory_order_release);
    return;
  }
  done_.store(0, std::memory_order_relaxed);
  claim_.store(claimWord(round + 1, 0, G_ + M_), std::memory_order_release);
}

// Claims and runs units until the batch is over: worker 0 claims from the front of a
// round's units, the others from the back, so each tends to run the same groups round
// after round (the units are: the first half of the groups, the merges, the other half);
// a worker with nothing left to claim waits for the round to close.
void SteadyRounds::participate(unsigned w) {
  const bool fromFront = w == 0;
  const std::uint32_t half = (G_ + 1) / 2, units = G_ + M_;
  double busy = 0;
  unsigned idle = 0;
  for (;;) {
    std::uint64_t c = claim_.load(std::memory_order_acquire);
    const std::uint32_t round = roundOf(c);
    if (round == kOver) break;
    if (frontOf(c) >= backOf(c)) {  // all claimed: the round closes when they finish
      if (++idle < 2048) TT_VM_STEADY_PAUSE();
      else std::this_thread::yield();
      continue;
    }
    idle = 0;
    const std::uint32_t u = fromFront ? frontOf(c) : backOf(c) - 1;
    const std::uint64_t next = fromFront ? c + (std::uint64_t{1} << 16) : c - 1;
    if (!claim_.compare_exchange_weak(c, next, std::memory_order_acq_rel, std::memory_order_acquire)) continue;
    const auto t0 = std::chrono::steady_clock::now();
    if (u < half) runGroup(round, u);
    else if (u >= half + M_) runGroup(round, u - M_);
    else if (round > 0 && m_->traceOn) mergeRange(round - 1, u - half);
    busy += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (done_.fetch_add(1, std::memory_order_acq_rel) + 1 == units) closeRound(round);
  }
  busy_[w].seconds += busy;
}

SteadyRounds::Result SteadyRounds::run(Machine& m, WorkerPool& pool, std::uint64_t maxRounds) {
  const std::vector<CoId>& P = *P_;
  const std::uint64_t R = P.size();
  maxRounds_ = std::min<std::uint64_t>(maxRounds, kOver - 1);
  tick0_ = m.clock + 1;
  // Ticks are stored as their low 32 bits, the high bits as runs: a batch stays inside one run.
  maxRounds_ = std::min<std::uint64_t>(maxRounds_, (std::uint64_t{1} << 32) - (tick0_ & 0xffffffffu));
  traceLen_ = m.traceLen;
  buffered_ = m.bufferedTotal;
  checks_ = m.checks;
  rounds_ = 0;
  lastSteady_ = true;
  if (busy_.size() < pool.size()) busy_.resize(pool.size());
  const std::size_t traceStart = m.trace_.size();
  traceAt_ = traceStart;
  if (m.traceOn) {
    // Room for many rounds (at most two events a step); a batch stops where the room ends.
    m.trace_.reserve(traceStart + 2 * R * std::min<std::uint64_t>(maxRounds_, 64));
    traceRoom_ = m.trace_.capacity();
  }
  done_.store(0, std::memory_order_relaxed);
  claim_.store(claimWord(0, 0, G_ + M_), std::memory_order_relaxed);
  const bool parallel = G_ > 1 && pool.size() > 1;
  if (parallel) {
    auto task = [this](std::uint32_t, unsigned w) { participate(w); };
    pool.run(pool.size(), task);
  } else {
    participate(0);
  }
  // The last round's events (placed by its close) are still in their slots.
  if (m.traceOn)
    for (std::uint32_t r = 0; r < M_; ++r) mergeRange(static_cast<std::uint32_t>(rounds_ - 1), r);
  m.clock = tick0_ + rounds_ - 1;  // same high bits as every tick of the batch
  if (m.traceOn && traceAt_ > traceStart) {
    m.noteTickHigh();
    m.trace_.extend(traceAt_ - traceStart);
  }
  m.stepCount += R * rounds_;
  m.traceLen = traceLen_;
  m.checks = checks_;
  m.bufferedTotal = buffered_;
  if (!lastSteady_) {
    // Lean updateAfterStep for the last round, pick by pick in P order, as any round that
    // is not steady (the events are placed already).
    m.lazyQueue_ = nullptr;
    m.gHead = m.gTail = kNone;
    std::fill(m.laneHead.begin(), m.laneHead.end(), kNone);
    std::fill(m.laneTail.begin(), m.laneTail.end(), kNone);
    for (CoId id : P) m.inReady[id] = 0;
    m.readyCount = 0;
    StepOut out;
    for (std::uint32_t k = 0; k < R; ++k) {
      const PickRec& r = rec_[slotOf_[k]];
      out.status = r.status;
      out.checks = r.checks;
      out.bufDelta = r.bufDelta;
      out.ownershipChanged = r.ownershipChanged;
      out.touched = r.touched;
      out.spawned = kNone;  // spawn is a barrier: never in a batch
      m.afterStep(P[k], out);
    }
  }
  return {rounds_, parallel};
}

}  // namespace tt::vm::detail
