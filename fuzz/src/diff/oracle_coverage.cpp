#include "tt/fuzz/oracle_coverage.hpp"

#include <map>
#include <optional>

namespace tt::fuzz {
namespace {

StepOutcome outcomeOf(const oracle::ExecStatusFull& status) {
  switch (status.tag) {
    case ExecStatus::Faulted:
      if (status.fault) return StepOutcome::faulted(status.fault->kind);
      break;
    case ExecStatus::Blocked:
      if (status.reason) return StepOutcome::blocked(status.reason->kind);
      break;
    default: break;
  }
  return StepOutcome::success();
}

bool isTerminal(const CoroStatus& s) {
  return s.kind == CoroStatus::Kind::Done || s.kind == CoroStatus::Kind::Faulted;
}

}  // namespace

RunResult runOracleRecording(const Scenario& s, const oracle::RunOptions& o, SemanticCoverage& coverage) {
  // The pc each coroutine had at the last observation: a step's instruction is the one at
  // the pc before the step (a success moves it, a fault or block leaves it).
  std::vector<PC> pcBefore;
  auto refresh = [&](const oracle::VMState& st) {
    pcBefore.resize(st.coroutines.size());
    for (std::size_t i = 0; i < st.coroutines.size(); ++i) pcBefore[i] = st.coroutines[i].pc;
  };
  const oracle::Observer observer = [&](const oracle::Observation& ob) {
    if (ob.point == oracle::ObservationPoint::AfterStep && ob.step) {
      const oracle::VMState& st = ob.state;
      const CoroutineId cid = ob.step->cid;
      if (cid < st.coroutines.size()) {
        const oracle::CoroutineState& c = st.coroutines[cid];
        const PC pc = cid < pcBefore.size() ? pcBefore[cid] : c.pc;
        std::optional<Opcode> op;
        if (c.programId < st.programs.size() && pc < st.programs[c.programId]->code.size())
          op = opcodeOf(st.programs[c.programId]->code[pc]);
        coverage.record(op, outcomeOf(ob.step->result.status));
      }
    }
    refresh(ob.state);
  };
  return oracle::run(s, o, observer);
}

void recordRegimes(const harness::ScenarioReport& r, SemanticCoverage& coverage) {
  for (const harness::ComparisonReport& c : r.comparisons)
    coverage.recordRegime(std::string(harness::regimeName(c.regime)) + ":" + harness::statusName(c.status));
}

std::vector<std::string> oracleInvariantViolations(const Scenario& s, const oracle::RunOptions& o) {
  std::vector<std::string> violations;
  auto violated = [&](std::uint64_t round, const std::string& what) {
    if (violations.size() < 20) violations.push_back("round " + std::to_string(round) + ": " + what);
  };
  std::optional<std::uint64_t> lastRoundClock;
  std::uint64_t lastStepCount = 0;
  std::size_t seenTrace = 0;
  bool first = true;
  std::map<CoroutineId, CoroStatus> terminal;

  const oracle::Observer observer = [&](const oracle::Observation& ob) {
    const oracle::VMState& st = ob.state;
    const std::uint64_t round = st.clock;
    if (first) {
      // What the load appended carries the load-time clock; rounds start after it.
      seenTrace = st.obsTrace.size();
      lastStepCount = st.sched.stepCount;
      first = false;
    }
    // (1-5, 11, 13, 14) as the oracle checks them; not on the raw state a round starts
    // from (AfterFailures), whose lane views are synced only by the wake pass.
    if (ob.point != oracle::ObservationPoint::AfterFailures)
      for (const std::string& v : oracle::checkInvariants(st)) violated(round, v);
    // (5) terminal statuses never change.
    for (const oracle::CoroutineState& c : st.coroutines) {
      auto it = terminal.find(c.id);
      if (it != terminal.end()) {
        if (!(it->second == c.status)) violated(round, "coroutine " + std::to_string(c.id) + " left its terminal status");
      } else if (isTerminal(c.status)) {
        terminal.emplace(c.id, c.status);
      }
    }
    // (6) stepCount never decreases; a canonical step adds exactly one.
    if (st.sched.stepCount < lastStepCount) violated(round, "stepCount decreased");
    if (!o.threaded && ob.point == oracle::ObservationPoint::AfterStep && st.sched.stepCount != lastStepCount + 1)
      violated(round, "a canonical step changed stepCount by " + std::to_string(st.sched.stepCount - lastStepCount));
    lastStepCount = st.sched.stepCount;
    // (7) one clock tick per round.
    if (ob.point == oracle::ObservationPoint::AfterRound) {
      const std::uint64_t expected = lastRoundClock ? *lastRoundClock + 1 : 1;
      if (st.clock != expected)
        violated(round, "clock " + std::to_string(st.clock) + " after a round, expected " + std::to_string(expected));
      lastRoundClock = st.clock;
    }
    // (8) new events carry this round's clock (an abort may truncate the trace first).
    if (st.obsTrace.size() < seenTrace) seenTrace = st.obsTrace.size();
    for (std::size_t i = seenTrace; i < st.obsTrace.size(); ++i)
      if (st.obsTrace[i].tick != st.clock)
        violated(round, "event " + std::to_string(i) + " has tick " + std::to_string(st.obsTrace[i].tick) +
                            " in round " + std::to_string(st.clock));
    seenTrace = st.obsTrace.size();
  };
  const RunResult result = oracle::run(s, o, observer);
  for (std::size_t i = 1; i < result.trace.size(); ++i)
    if (result.trace[i].tick < result.trace[i - 1].tick) {
      violated(result.rounds, "ticks decrease at trace index " + std::to_string(i));
      break;
    }
  return violations;
}

}  // namespace tt::fuzz
