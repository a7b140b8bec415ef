// The runners: runScheduled and runScheduledThreaded (reference C §2.8, §3.7) with timed
// fault ingress (SEMANTICS §4, F D5), the certificate hook (F D14) and the caps (F D16).
#include <algorithm>
#include <numeric>

#include "tt/oracle/failure.hpp"
#include "tt/oracle/oracle.hpp"
#include "tt/oracle/threaded.hpp"

namespace tt::oracle {
namespace {

// The scripted faults in application order: by tick, list order within a tick.
class FaultScript {
 public:
  explicit FaultScript(const std::vector<TimedFailure>& faults) : faults_(faults), order_(faults.size()) {
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    std::stable_sort(order_.begin(), order_.end(),
                     [&](std::size_t a, std::size_t b) { return faults_[a].tick < faults_[b].tick; });
  }
  // Apply the faults of this round's tick (ticks already passed are never applied).
  void applyDue(VMState& st) {
    while (next_ < order_.size() && faults_[order_[next_]].tick < st.clock) ++next_;
    while (next_ < order_.size() && faults_[order_[next_]].tick == st.clock)
      applyFailure(st, faults_[order_[next_++]].failure);
  }
  // A fault with a later tick remains: "no step" does not end the run (F D5).
  bool pendingAfter(std::uint64_t clock) const {
    return next_ < order_.size() && faults_[order_.back()].tick > clock;
  }

 private:
  const std::vector<TimedFailure>& faults_;
  std::vector<std::size_t> order_;
  std::size_t next_ = 0;
};

// allTerminal, checked incrementally: a terminal status never changes again and new
// coroutines are appended, so the first live coroutine only moves forward.
class TerminalCursor {
 public:
  bool allTerminal(const VMState& st) {
    while (first_ < st.coroutines.size() && isTerminal(st.coroutines[first_])) ++first_;
    return first_ == st.coroutines.size();
  }

 private:
  std::size_t first_ = 0;
};

void observe(const RunContext& ctx, ObservationPoint p, const VMState& st, const StepRecord* rec = nullptr) {
  if (ctx.observer) ctx.observer(Observation{p, st, rec});
}

// One runner iteration's step(s); `hookArmed` is the certificate hook.
using RoundFn = void (*)(VMState&, std::uint64_t n, bool& hookArmed, const RunContext&);

void canonicalRound(VMState& st, std::uint64_t n, bool&, const RunContext& ctx) {
  if (n == 0) return;  // Lean schedRound 0 = no step
  if (auto rec = schedStep(st)) observe(ctx, ObservationPoint::AfterStep, st, &*rec);
}

void threadedRound(VMState& st, std::uint64_t n, bool& hookArmed, const RunContext& ctx) {
  if (n == 0) return;
  if (n == 1) return canonicalRound(st, n, hookArmed, ctx);  // exactly canonical, no certificate
  ThreadedHooks hooks;
  if (ctx.observer) {
    hooks.afterStep = [&](const VMState& s, const StepRecord& r) { observe(ctx, ObservationPoint::AfterStep, s, &r); };
    hooks.afterWave = [&](const VMState& s, const Wave&) { observe(ctx, ObservationPoint::AfterWave, s); };
  }
  const bool corrupt = hookArmed;
  hookArmed = false;  // consumed by this certified round, even when its plan is empty
  executeCertifiedRound(n, st, corrupt, hooks);
}

RunStop runLoop(VMState& st, std::uint64_t fuel, std::uint64_t n, const RunContext& ctx, RoundFn round) {
  FaultScript script(ctx.faults);
  TerminalCursor terminal;
  bool hookArmed = false;
  while (fuel > 0) {
    fuel -= 1;
    st.clock += 1;
    script.applyDue(st);
    observe(ctx, ObservationPoint::AfterFailures, st);
    if (std::find(ctx.invalidCertificateRounds.begin(), ctx.invalidCertificateRounds.end(), st.clock) !=
        ctx.invalidCertificateRounds.end())
      hookArmed = true;
    tryUnblockReceivers(st);
    observe(ctx, ObservationPoint::AfterUnblock, st);
    const std::uint64_t before = st.sched.stepCount;
    round(st, n, hookArmed, ctx);
    observe(ctx, ObservationPoint::AfterRound, st);
    if (auto cap = resourceLimitReached(st)) return {RunOutcome::ResourceLimit, *cap};
    if (terminal.allTerminal(st)) return {RunOutcome::Completed, {}};
    if (st.sched.stepCount == before && !script.pendingAfter(st.clock)) return {RunOutcome::Stuck, {}};
  }
  return terminal.allTerminal(st) ? RunStop{RunOutcome::Completed, {}} : RunStop{RunOutcome::FuelExhausted, {}};
}

}  // namespace

RunStop runScheduled(VMState& st, std::uint64_t fuel, std::uint64_t n, const RunContext& ctx) {
  return runLoop(st, fuel, n, ctx, canonicalRound);
}

RunStop runScheduledThreaded(VMState& st, std::uint64_t fuel, std::uint64_t n, const RunContext& ctx) {
  return runLoop(st, fuel, n, ctx, threadedRound);
}

std::optional<std::string> resourceLimitReached(const VMState& st) {
  const Limits& lim = st.cfg().limits;
  auto over = [](const char* what, std::uint64_t value, const char* cap, std::uint64_t max) {
    return std::string(what) + " " + std::to_string(value) + " exceeds " + cap + " " + std::to_string(max);
  };
  if (st.coroutines.size() > lim.maxCoroutinesTotal)
    return over("coroutines", st.coroutines.size(), "maxCoroutinesTotal", lim.maxCoroutinesTotal);
  if (st.sessions.size() > lim.maxSessionsTotal)
    return over("sessions", st.sessions.size(), "maxSessionsTotal", lim.maxSessionsTotal);
  if (st.buffers.totalQueued() > lim.maxBufferedValues)
    return over("buffered values", st.buffers.totalQueued(), "maxBufferedValues", lim.maxBufferedValues);
  if (st.obsTrace.size() > lim.maxTraceEvents)
    return over("trace events", st.obsTrace.size(), "maxTraceEvents", lim.maxTraceEvents);
  return std::nullopt;
}

}  // namespace tt::oracle
