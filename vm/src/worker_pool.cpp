#include "worker_pool.hpp"

#include <chrono>
#include <stdexcept>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define TT_VM_PAUSE() _mm_pause()
#else
#define TT_VM_PAUSE() std::this_thread::yield()
#endif

namespace tt::vm::detail {

namespace {
constexpr std::chrono::microseconds kSpinFor{50};
constexpr std::chrono::microseconds kPollFor{2000};
std::uint32_t genOf(std::uint64_t c) { return static_cast<std::uint32_t>(c >> 32); }
std::uint32_t frontOf(std::uint64_t c) { return static_cast<std::uint32_t>(c >> 16) & 0xffffu; }
std::uint32_t backOf(std::uint64_t c) { return static_cast<std::uint32_t>(c) & 0xffffu; }
std::uint64_t claimWord(std::uint32_t gen, std::uint32_t tasks) { return (std::uint64_t{gen} << 32) | tasks; }
std::uint64_t doneWord(std::uint32_t gen, std::uint32_t n) { return (std::uint64_t{gen} << 32) | n; }
}  // namespace

WorkerPool::WorkerPool(unsigned workers) : workers_(workers == 0 ? 1 : workers) {
  const unsigned hw = std::thread::hardware_concurrency();
  spin_ = (hw == 0 || workers_ <= hw) ? 1 : 0;
}

void WorkerPool::startHelpers() {
  for (unsigned w = 1; w < workers_; ++w) threads_.emplace_back([this, w] { helper(w); });
}

WorkerPool::~WorkerPool() {
  stop_.store(true);
  claim_.store(claimWord(++generation_, 0));
  wakeSeq_.fetch_add(1);
  wakeSeq_.notify_all();
  for (auto& t : threads_) t.join();
}

void WorkerPool::work(std::uint32_t g, unsigned w) {
  const bool fromFront = w == 0;
  for (;;) {
    std::uint64_t c = claim_.load(std::memory_order_acquire);
    if (genOf(c) != g || frontOf(c) >= backOf(c)) return;
    const std::uint32_t task = fromFront ? frontOf(c) : backOf(c) - 1;
    const std::uint64_t next = fromFront ? c + (std::uint64_t{1} << 16) : c - 1;
    if (!claim_.compare_exchange_weak(c, next, std::memory_order_acq_rel, std::memory_order_acquire)) continue;
    fn_(ctx_, task, w);
    done_.fetch_add(1, std::memory_order_release);
  }
}

void WorkerPool::run(std::uint32_t tasks, Task fn, void* ctx) {
  if (threads_.empty() && tasks > 1) startHelpers();
  if (threads_.empty() || tasks <= 1) {
    for (std::uint32_t t = 0; t < tasks; ++t) fn(ctx, t, 0);
    return;
  }
  if (tasks > 0xffffu) throw std::length_error("WorkerPool: too many tasks in one job");
  const std::uint32_t g = ++generation_;
  fn_ = fn;
  ctx_ = ctx;
  done_.store(doneWord(g, 0), std::memory_order_relaxed);
  claim_.store(claimWord(g, tasks));  // publishes the job (seq_cst: no lost wake-up, see helper)
  wakeSeq_.fetch_add(1);
  if (sleepers_.load() > 0) wakeSeq_.notify_all();
  work(g, 0);
  const std::uint64_t finished = doneWord(g, tasks);
  for (unsigned i = 0; done_.load(std::memory_order_acquire) != finished; ++i) {
    if (i < 4096) TT_VM_PAUSE();
    else std::this_thread::yield();
  }
}

void WorkerPool::helper(unsigned w) {
  std::uint32_t seen = 0;
  for (;;) {
    std::uint32_t g = genOf(claim_.load(std::memory_order_acquire));
    if (g == seen && spin_) {
      // Stay awake for a while: jobs come every round, and a sleeping helper is woken late.
      // Spin briefly, then keep polling with yields (a busy machine runs others meanwhile),
      // then sleep. (No spinning when the pool has more workers than cores.)
      const auto start = std::chrono::steady_clock::now();
      for (unsigned i = 1; g == seen; ++i) {
        if (i % 64 == 0) {
          const auto waited = std::chrono::steady_clock::now() - start;
          if (waited > kPollFor) break;
          if (waited > kSpinFor) std::this_thread::yield();
        } else {
          TT_VM_PAUSE();
        }
        g = genOf(claim_.load(std::memory_order_acquire));
      }
    }
    if (g == seen) {
      // Register as a sleeper, then re-check: a job published after this point bumps
      // wakeSeq_ and sees the sleeper (all seq_cst), so the wait cannot miss it.
      sleepers_.fetch_add(1);
      const std::uint32_t ticket = wakeSeq_.load();
      if (genOf(claim_.load()) == seen) wakeSeq_.wait(ticket);
      sleepers_.fetch_sub(1);
      continue;
    }
    if (stop_.load()) return;
    work(g, w);
    seen = g;
  }
}

}  // namespace tt::vm::detail
