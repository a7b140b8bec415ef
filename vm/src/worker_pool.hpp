// A persistent pool of W workers: the calling thread is worker 0 and W - 1 helper threads
// wait for jobs. The helpers start with the first job of two or more tasks: a small run
// that never has parallel work never pays for threads (the fuzzers make one pool per
// scenario). A job is a number of independent tasks; run() makes every task run exactly
// once on whichever worker claims it first, and returns when all have finished.
//
// Claiming is dynamic (one atomic word holds the job's generation and the unclaimed range
// of tasks): the calling thread claims from the front, helpers from the back, so with
// similar timing each keeps working on the same tasks round after round (cache affinity),
// and the calling thread takes whatever the helpers have not claimed: a helper that is
// slow to wake (or descheduled on a busy machine) delays only the task it holds, never
// the job. A helper that wakes after the job is over finds nothing to claim.
#pragma once
#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

namespace tt::vm::detail {

class WorkerPool {
 public:
  using Task = void (*)(void* ctx, std::uint32_t task, unsigned worker);

  explicit WorkerPool(unsigned workers);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  unsigned size() const { return workers_; }
  bool helpersStarted() const { return !threads_.empty(); }

  // f(task, worker) for every task in [0, tasks); tasks < 65536.
  template <class F>
  void run(std::uint32_t tasks, F& f) {
    run(tasks, [](void* ctx, std::uint32_t t, unsigned w) { (*static_cast<F*>(ctx))(t, w); }, &f);
  }
  void run(std::uint32_t tasks, Task fn, void* ctx);

 private:
  void startHelpers();  // by the calling thread, before the first job is published
  void helper(unsigned w);
  // Claims and runs tasks of generation g until none is left.
  void work(std::uint32_t g, unsigned w);

  unsigned workers_;
  unsigned spin_;  // 1: spin up to kSpinFor before sleeping; 0 when oversubscribed
  std::vector<std::thread> threads_;
  // (generation << 32) | (front << 16) | back: tasks [front, back) are unclaimed; the
  // generation changes once per job.
  std::atomic<std::uint64_t> claim_{0};
  // (generation << 32) | tasks finished.
  std::atomic<std::uint64_t> done_{0};
  std::atomic<std::uint32_t> sleepers_{0};
  std::atomic<std::uint32_t> wakeSeq_{0};  // what sleeping helpers wait on
  std::atomic<bool> stop_{false};
  // The job; written before it is published, read only after claiming one of its tasks
  // (the job cannot end, so they cannot change, while a claimed task runs).
  Task fn_ = nullptr;
  void* ctx_ = nullptr;
  std::uint32_t generation_ = 0;  // the calling thread's
};

}  // namespace tt::vm::detail
