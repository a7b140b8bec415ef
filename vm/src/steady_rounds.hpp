// Steady rounds of the threaded driver, run as a batch (docs/vm.md, "Steady rounds in a
// batch").
//
// A round is steady when its plan P was the whole ready queue, had no barrier, and every
// pick continued without waking anybody or changing what it owns: the next round's queue
// is P again, the plan and its verdict stand, and its prologue (faults, unblock pass) has
// nothing to do when no scripted fault or hook falls on it. Such rounds repeat P until a
// pick stops continuing. A batch runs them back to back without handing anything to the
// calling thread between rounds:
//
//   * P's picks are split into groups by session block (a pick's group is that of the
//     session its next step works on, or of its first owned endpoint's session, or of its
//     coroutine's block); a group runs its picks in P order;
//   * every round is a set of units that the workers claim: the G groups of the round,
//     and M merges of the previous round's events (each copies the events of one range of
//     P positions into the trace, at a position fixed when that round closed);
//   * whoever finishes the last unit of a round closes it: it sums the groups' counters,
//     fixes where each merge range's events go, and publishes the next round, or ends
//     the batch.
//
// Why the result is that of running the rounds one after another: a pick touches only its
// coroutine and the session of its key, and a key in another group's block stops the
// batch before that step runs; so two groups never touch the same state, and within a
// round any interleaving of groups gives the state of P order. No unit of round j + 1
// starts before every unit of round j has finished. Events are placed in P order at the
// positions a prefix sum over P gives. The batch stops after the first round that is not
// steady (that round is committed pick by pick, in P order, as any other round), whose
// successor could not be batched (a pick's next step is a barrier or works on another
// group's session), or that crossed a resource cap.
#pragma once
#include <atomic>
#include <cstdint>
#include <vector>

#include "ids.hpp"
#include "machine.hpp"

namespace tt::vm::detail {

class WorkerPool;

class SteadyRounds {
 public:
  // Lays P out in groups for W workers; false when P cannot be batched (a pick's next step
  // is a barrier or cannot run).
  bool prepare(Machine& m, const std::vector<CoId>& P, unsigned W);

  struct Result {
    std::uint64_t rounds = 0;  // rounds run (>= 1)
    bool parallel = false;     // the groups ran on the pool
  };
  // Runs up to maxRounds (>= 1) rounds of the prepared plan, starting at tick clock + 1,
  // and commits them: the machine is as after running those rounds one by one (clock,
  // stepCount, trace, counters, the queue; the last round, when not steady, committed
  // pick by pick).
  Result run(Machine& m, WorkerPool& pool, std::uint64_t maxRounds);
  // Seconds the workers spent running units, over every batch.
  double busySeconds() const {
    double s = 0;
    for (const Busy& b : busy_) s += b.seconds;
    return s;
  }

 private:
  static constexpr std::uint32_t kMaxRanges = 16;  // merge ranges (one cache line of counts per group)

  // One pick's effects on the scheduler, kept for the commit of a round that is not steady.
  struct PickRec {
    ExecStatus status;
    std::uint8_t checks;
    std::int8_t bufDelta;
    bool ownershipChanged;
    EdgeId touched;
  };
  static_assert(sizeof(PickRec) == 8, "a pick record is 8 bytes");

  // A pick in its group's slot: slots are grouped (group g owns slots [begin, end)), so
  // what a group writes per pick is contiguous.
  struct Member {
    CoId id;
    std::uint32_t range;  // the merge range of its P position
  };

  // One group's sums for the round it last ran. Written by the unit that runs it, read by
  // the unit that closes the round (ordered by the done counter).
  struct alignas(64) Group {
    std::uint32_t begin = 0, end = 0;  // slots
    std::uint64_t sessionsFrom = 0, sessionsTo = 0;  // its block: sids [from, to)
    std::uint32_t nev = 0;
    std::uint32_t checks = 0;
    std::int64_t buffered = 0;
    bool steady = true;  // every pick continued, woke nobody, kept its ownership
    bool nextOk = true;  // every pick's next step can run in this group
    std::uint32_t evIn[kMaxRanges] = {};  // its events in each merge range
  };

  void runGroup(std::uint32_t round, std::uint32_t g);
  void mergeRange(std::uint32_t round, std::uint32_t r);  // round's events of range r into the trace
  // Called by whoever finishes the last unit of `round`: sums it, places its merge ranges,
  // and publishes the next round or the end of the batch.
  void closeRound(std::uint32_t round);
  void participate(unsigned w);

  static std::uint64_t claimWord(std::uint32_t round, std::uint32_t front, std::uint32_t back) {
    return (std::uint64_t{round} << 32) | (std::uint64_t{front} << 16) | back;
  }
  static constexpr std::uint32_t kOver = 0xffffffffu;  // the round of the word that ends a batch

  // ---- the prepared plan
  Machine* m_ = nullptr;
  const std::vector<CoId>* P_ = nullptr;
  std::uint32_t G_ = 0, M_ = 0;          // groups, merge ranges
  std::vector<Group> groups_;
  std::vector<Member> members_;          // by slot
  std::vector<std::uint32_t> slotOf_;    // by P position
  std::vector<std::uint32_t> rangeStart_;  // merge range r = P positions [rangeStart_[r], rangeStart_[r + 1])
  std::vector<std::uint8_t> nev_[2];     // by slot, for rounds of each parity
  std::vector<Ev> ev_[2];                // by slot, two entries each (a step records at most two)
  std::vector<PickRec> rec_;             // by slot: the last round's picks
  std::vector<std::uint32_t> cursor_;

  // ---- one batch: set by run(), advanced by closeRound()
  std::uint64_t maxRounds_ = 0;
  std::uint64_t tick0_ = 0;          // tick of round 0
  std::uint64_t traceAt_ = 0;        // where the next round's events start
  std::uint64_t traceRoom_ = 0;      // trace capacity
  std::uint64_t traceLen_ = 0, buffered_ = 0, checks_ = 0;  // the machine's counters, as rounds close
  std::uint64_t rounds_ = 0;         // rounds closed
  bool lastSteady_ = true;
  std::vector<std::uint64_t> mergeAt_;  // trace position of each range's events of the last closed round
  struct alignas(64) Busy {
    double seconds = 0;
  };
  std::vector<Busy> busy_;  // by worker
  alignas(64) std::atomic<std::uint64_t> claim_{0};  // (round << 32) | (front << 16) | back
  alignas(64) std::atomic<std::uint32_t> done_{0};   // units of the current round finished
};

}  // namespace tt::vm::detail
