// Differential properties (issue 6): n = 1 exact parity; the threaded VM equals the
// oracle's threaded model for n in 2..8 and any worker count; an invalid certificate is
// one canonical step; determinism; a generated scenario's JSON replays to the same
// verdict; the per-step invariants of reference C §6.1 hold on the oracle. Scenarios come
// from byte vectors, so a counterexample shrinks to a small one.
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "tt/core/json.hpp"
#include "tt/fuzz/bytecode_generator.hpp"
#include "tt/fuzz/differential.hpp"
#include "tt/fuzz/oracle_coverage.hpp"
#include "tt/fuzz/protocol_generator.hpp"
#include "tt/harness/triage.hpp"
#include "tt/vm/vm.hpp"

namespace tt::fuzz {
namespace {

using Bytes = std::vector<std::uint8_t>;

const DifferentialSetup& setup() {
  static const DifferentialSetup s = loadDifferentialSetup();
  return s;
}

// Scenario bytes: longer vectors than RapidCheck's default size reach deeper protocols.
rc::Gen<Bytes> scenarioBytes() { return rc::gen::scale(3.0, rc::gen::arbitrary<Bytes>()); }

// Either generator, chosen by the property's own draw.
Scenario anyScenario(bool bytecode, const Bytes& bytes) {
  return bytecode ? generateBytecodeScenario(bytes) : generateProtocolScenario(bytes);
}

void assertRegimesHold(const Scenario& s, const harness::RegimeOptions& options) {
  const harness::ScenarioReport r = checkAllRegimes(setup(), s, options);
  RC_PRE(!r.resourceLimited);
  if (isFinding(r)) {
    RC_LOG() << prettyScenarioJson(s) << "\n" << harness::triageText(r);
    RC_FAIL("uncovered divergence (" + std::string(harness::verdictName(r.verdict)) + ")");
  }
}

RC_GTEST_PROP(Differential, ConcurrencyOneIsExactParity, ()) {
  const bool bytecode = *rc::gen::arbitrary<bool>();
  Scenario s = anyScenario(bytecode, *scenarioBytes());
  s.run.concurrency = {1};
  harness::RegimeOptions options;
  options.regimes = {harness::Regime::N1};
  assertRegimesHold(s, options);
}

RC_GTEST_PROP(Differential, ThreadedVmEqualsOracleThreadedModel, ()) {
  const bool bytecode = *rc::gen::arbitrary<bool>();
  Scenario s = anyScenario(bytecode, *scenarioBytes());
  const std::uint64_t n = *rc::gen::inRange<std::uint64_t>(2, 9);
  s.run.concurrency = {n};
  s.run.workers = *rc::gen::inRange<std::uint64_t>(1, 9);
  if (*rc::gen::arbitrary<bool>()) {
    s.config.lanes.mode = LaneMode::ByCoroutine;
    s.config.lanes.count = *rc::gen::inRange<std::uint64_t>(2, 5);
  }
  harness::RegimeOptions options;
  options.regimes = {harness::Regime::Threaded};
  assertRegimesHold(s, options);
}

RC_GTEST_PROP(Differential, InvalidCertificateIsOneCanonicalStep, ()) {
  const bool bytecode = *rc::gen::arbitrary<bool>();
  Scenario s = anyScenario(bytecode, *scenarioBytes());
  s.run.concurrency = {*rc::gen::inRange<std::uint64_t>(2, 9)};
  s.run.invalidCertificateRounds = {*rc::gen::inRange<std::uint64_t>(1, 12)};
  harness::RegimeOptions options;
  options.regimes = {harness::Regime::InvalidCertificate};
  assertRegimesHold(s, options);
}

RC_GTEST_PROP(Differential, RunsAreDeterministic, ()) {
  const bool bytecode = *rc::gen::arbitrary<bool>();
  const Scenario s = anyScenario(bytecode, *scenarioBytes());
  const std::uint64_t n = *rc::gen::inRange<std::uint64_t>(1, 9);
  oracle::RunOptions o;
  o.concurrency = n;
  o.threaded = n > 1;
  RC_ASSERT(oracle::run(s, o) == oracle::run(s, o));
  vm::RunOptions v;
  v.concurrency = n;
  v.workers = *rc::gen::inRange<std::uint64_t>(0, 5);
  try {
    RC_ASSERT(vm::run(s, v) == vm::run(s, v));
  } catch (const vm::UnsupportedError&) {
    RC_DISCARD("the VM does not implement this config");
  }
}

RC_GTEST_PROP(Differential, JsonReplaysToTheSameVerdict, ()) {
  const bool bytecode = *rc::gen::arbitrary<bool>();
  const Scenario s = anyScenario(bytecode, *scenarioBytes());
  const Scenario back = json::loadScenarioText(json::canonical(json::scenarioToJson(s)));
  const harness::ScenarioReport a = checkAllRegimes(setup(), s);
  const harness::ScenarioReport b = checkAllRegimes(setup(), back);
  RC_ASSERT(a.verdict == b.verdict);
  RC_ASSERT(a.fingerprints() == b.fingerprints());
  RC_ASSERT(a.resourceLimited == b.resourceLimited);
}

RC_GTEST_PROP(Differential, OracleKeepsThePerStepInvariants, ()) {
  const bool bytecode = *rc::gen::arbitrary<bool>();
  const Scenario s = anyScenario(bytecode, *scenarioBytes());
  const std::uint64_t n = *rc::gen::inRange<std::uint64_t>(1, 9);
  oracle::RunOptions o;
  o.concurrency = n;
  o.threaded = *rc::gen::arbitrary<bool>();
  const std::vector<std::string> violations = oracleInvariantViolations(s, o);
  if (!violations.empty()) {
    RC_LOG() << prettyScenarioJson(s);
    for (const std::string& v : violations) RC_LOG() << v << "\n";
  }
  RC_ASSERT(violations.empty());
}

}  // namespace
}  // namespace tt::fuzz
