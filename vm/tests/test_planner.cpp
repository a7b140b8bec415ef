// The wave planner against Lean's own definition (greedy passes over the ready queue,
// reference C §3.4), and the certificate checker on each of its obligations.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>

#include "builders.hpp"
#include "machine.hpp"
#include "planner.hpp"

namespace tt::vm::test {
namespace {

using detail::CoId;

// Images with 1..4 roles whose local types make different footprints: role i of an image
// talks to role i+1 only, so far-apart roles of one session can share a wave.
Scenario mixedSessions(std::uint64_t lanes) {
  std::vector<ImageSpec> images;
  const std::vector<Role> names = {"A", "B", "C", "D"};
  for (std::size_t n : {2u, 4u, 1u, 3u, 4u, 2u, 3u}) {
    std::vector<std::pair<Role, LocalTypeRPtr>> types;
    for (std::size_t i = 0; i < n; ++i) {
      LocalTypeRPtr t = rEnd();
      if (i + 1 < n) t = rSend(names[i + 1], "m", rEnd());
      types.emplace_back(names[i], t);
    }
    images.push_back(localImage(std::move(types)));
  }
  Scenario s = scenario(std::move(images));
  s.config.lanes = {LaneMode::ByCoroutine, lanes};
  return s;
}

// Lean planDeterministicWaves, literally: passes until nothing is left or a pass is empty.
std::vector<std::vector<CoId>> leanPlan(detail::Machine& m) {
  auto disjoint = [&](CoId a, CoId b) {
    const auto& fa = m.footprint(a);
    const auto& fb = m.footprint(b);
    for (auto x : fa)
      for (auto y : fb)
        if (x == y) return false;
    return true;
  };
  std::vector<CoId> remaining = m.readyOrder();
  const std::size_t bound = remaining.size();
  std::vector<std::vector<CoId>> waves;
  for (std::size_t pass = 0; pass < bound && !remaining.empty(); ++pass) {
    std::vector<CoId> wave, deferred;
    for (CoId c : remaining) {
      bool ok = m.runnable(c);
      for (CoId o : wave) ok = ok && m.laneOf[c] != m.laneOf[o] && disjoint(c, o);
      (ok ? wave : deferred).push_back(c);
    }
    if (wave.empty()) break;
    waves.push_back(wave);
    remaining = deferred;
  }
  return waves;
}

std::vector<std::vector<CoId>> planned(const detail::Planner& p) {
  std::vector<std::vector<CoId>> out;
  for (std::size_t w = 0; w + 1 < p.waveStart.size(); ++w)
    out.emplace_back(p.picks.begin() + p.waveStart[w], p.picks.begin() + p.waveStart[w + 1]);
  return out;
}

TEST(Footprint, OwnRoleThenTheProgramsPartners) {
  const Scenario s = mixedSessions(1);
  const CompiledScenario cs(s);
  detail::Machine m(cs.compiled());
  m.reset(RunOptions{});
  ASSERT_TRUE(m.load());
  // Coroutine 0 is A of session 0 (A -> B): atoms (0,A), (0,B); coroutine 1 is B: (0,B).
  EXPECT_EQ(m.footprint(0).size(), 2u);
  ASSERT_EQ(m.footprint(1).size(), 1u);
  EXPECT_EQ(m.footprint(0)[1], m.footprint(1)[0]);
}

TEST(Planner, EqualsLeansGreedyPassesOnShuffledQueues) {
  std::mt19937 rng(7);
  for (std::uint64_t lanes : {1u, 2u, 3u, 5u}) {
    const Scenario s = mixedSessions(lanes);
    const CompiledScenario cs(s);
    detail::Machine m(cs.compiled());
    detail::Planner planner;
    for (int trial = 0; trial < 30; ++trial) {
      m.reset(RunOptions{});
      ASSERT_TRUE(m.load());
      std::vector<CoId> order = m.readyOrder();
      std::shuffle(order.begin(), order.end(), rng);
      for (CoId c : order) m.removeReady(c);
      for (CoId c : order) m.enqueueReady(c);
      // Some queued coroutines are not runnable (Lean skips them in every pass).
      for (CoId c : order)
        if (rng() % 5 == 0) m.coros[c].status = detail::CS::Blocked;
      planner.plan(m);
      EXPECT_EQ(planned(planner), leanPlan(m)) << "lanes " << lanes << " trial " << trial;
    }
  }
}

TEST(Planner, SingleLaneWavesAreSingletonsAndConflictsCountDeferrals) {
  const Scenario s = mixedSessions(1);
  const CompiledScenario cs(s);
  detail::Machine m(cs.compiled());
  m.reset(RunOptions{});
  ASSERT_TRUE(m.load());
  detail::Planner p;
  p.plan(m);
  EXPECT_EQ(p.picks, m.readyOrder());
  EXPECT_EQ(p.waveStart.size(), p.picks.size() + 1);
  const std::uint64_t n = p.picks.size();
  EXPECT_EQ(p.conflicts, n * (n - 1) / 2);  // the i-th pick waited i passes
}

struct CheckerFixture : ::testing::Test {
  Scenario s = mixedSessions(3);
  CompiledScenario cs{s};
  detail::Machine m{cs.compiled()};
  detail::Planner planner;
  detail::CertificateChecker checker;
  detail::Certificate cert;
  void SetUp() override {
    m.reset(RunOptions{});
    ASSERT_TRUE(m.load());
    planner.plan(m);
  }
  detail::Certificate oneWave(std::vector<CoId> ids) {
    detail::Certificate c;
    c.ids = std::move(ids);
    c.waveStart = {0, static_cast<std::uint32_t>(c.ids.size())};
    return c;
  }
};

TEST_F(CheckerFixture, AcceptsThePlannedCertificateAtEveryWidth) {
  for (std::uint64_t n : {1u, 2u, 3u, 100u}) {
    detail::buildCertificate(planner, n, cert);
    EXPECT_TRUE(checker.check(m, cert)) << n;
    for (std::size_t w = 0; w < cert.waves(); ++w) EXPECT_LE(cert.waveStart[w + 1] - cert.waveStart[w], n);
    EXPECT_EQ(cert.ids, planner.picks);  // chunking never reorders
  }
}

TEST_F(CheckerFixture, RejectsEachBrokenObligation) {
  detail::buildCertificate(planner, 2, cert);
  detail::Certificate dup = cert;
  detail::corruptCertificate(dup);
  EXPECT_FALSE(checker.check(m, dup));  // an id twice (the test hook)
  // Coroutines 0 and 3 share lane 0 (lanes by coroutine 3).
  EXPECT_FALSE(checker.check(m, oneWave({0, 3})));
  // A and B of session 0 (coroutines 0 and 1) are on different lanes but share (0,B).
  EXPECT_FALSE(checker.check(m, oneWave({0, 1})));
  // Lanes differ and footprints are disjoint: accepted; then 1 leaves the queue, or stops
  // being runnable.
  EXPECT_TRUE(checker.check(m, oneWave({1, 2})));
  m.removeReady(1);
  EXPECT_FALSE(checker.check(m, oneWave({1, 2})));
  m.enqueueReady(1);
  m.coros[1].status = detail::CS::Blocked;
  EXPECT_FALSE(checker.check(m, oneWave({1, 2})));
  m.coros[1].status = detail::CS::Ready;
  EXPECT_FALSE(checker.check(m, oneWave({1, 999})));  // not a coroutine
}

}  // namespace
}  // namespace tt::vm::test
