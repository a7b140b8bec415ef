// Semantic coverage: which (instruction, outcome) pairs a campaign reached — success,
// every fault kind and every block reason per instruction — and which regimes. Unlike
// edge coverage it speaks the spec's language, so a campaign report can say "transfer
// never hit transferFault" rather than "47% of edges".
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "tt/core/instr.hpp"
#include "tt/core/scenario.hpp"
#include "tt/core/snapshot.hpp"
#include "tt/core/status.hpp"

namespace tt::fuzz {

// What one execution of one instruction came to.
struct StepOutcome {
  enum class Kind : std::uint8_t { Success, Fault, Block };
  Kind kind = Kind::Success;
  Fault::Kind fault = Fault::Kind::OutOfRegisters;    // Fault
  BlockReason::Kind block = BlockReason::Kind::SpawnWait;  // Block

  static StepOutcome success() { return {}; }
  static StepOutcome faulted(Fault::Kind f) { StepOutcome o; o.kind = Kind::Fault; o.fault = f; return o; }
  static StepOutcome blocked(BlockReason::Kind b) { StepOutcome o; o.kind = Kind::Block; o.block = b; return o; }
};

// "send/success", "receive/fault:noProgressToken", "choose/block:recvWait"; op = none is
// the fetch itself ("fetch/fault:closeFault": a pc past the end faults before any
// instruction).
std::string semanticPointName(std::optional<Opcode> op, const StepOutcome& outcome);

// Every pair reference B says is possible under the unit model, in a fixed order.
const std::vector<std::string>& semanticUniverse();
// Pairs of the universe that the unit model cannot produce (documented in docs/fuzzing.md):
// reported separately so "never reached" lists only the reachable ones.
const std::vector<std::string>& semanticUnreachable();

class SemanticCoverage {
 public:
  void record(std::optional<Opcode> op, const StepOutcome& outcome, std::uint64_t times = 1);
  // `regime` is "<regime>:<status>" as the harness names them ("threaded:pass").
  void recordRegime(const std::string& regime, std::uint64_t times = 1);
  // Derives what a finished run shows: each observable event is its instruction's
  // success; each final status is the outcome of the instruction at its pc (faults and
  // blocks leave the pc in place); `done` is a halt; children beyond the loaded
  // coroutines mean a spawn. Silent successes (set, move, jump, yield) need a step
  // observer and are not derived here.
  void recordRun(const Scenario& scenario, const RunResult& result);
  void merge(const SemanticCoverage& other);

  const std::map<std::string, std::uint64_t>& points() const { return points_; }
  const std::map<std::string, std::uint64_t>& regimes() const { return regimes_; }
  std::vector<std::string> neverReached() const;  // universe minus reached minus unreachable
  // The regimes of SEMANTICS §5 ("n1", "threaded", "envelope", "invalid-cert", "profiles")
  // for which no comparison was ever made (recorded as "<regime>:pass|covered|divergent").
  std::vector<std::string> neverCheckedRegimes() const;

  boost::json::value toJson() const;
  static SemanticCoverage fromJson(const boost::json::value& j);
  // Human summary: reached n of m, the never-reached list grouped by instruction, regimes.
  std::string report() const;

 private:
  std::map<std::string, std::uint64_t> points_;
  std::map<std::string, std::uint64_t> regimes_;
};

}  // namespace tt::fuzz
