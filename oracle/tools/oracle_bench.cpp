// Measures the oracle's canonical steps per second on N independent two-party looping
// sessions (mu t. A->B msg; B->A ack; t), one image per session, operational profile.
// Usage: tt_oracle_bench [sessions=100] [fuel=400000] [--threaded N]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "tt/oracle/oracle.hpp"

namespace {

tt::Scenario loopingSessions(std::uint64_t sessions, std::uint64_t fuel) {
  using tt::GlobalType;
  const tt::TypeLabel msg{"msg", {}}, ack{"ack", {}};
  const auto body = GlobalType::comm("A", "B", {{msg, GlobalType::comm("B", "A", {{ack, GlobalType::varRef("t")}})}});
  tt::ImageSpec image;
  image.kind = tt::ImageSpec::Kind::GlobalType;
  image.globalType = GlobalType::mu("t", body);
  image.roles = {"A", "B"};
  tt::Scenario s;
  s.name = "bench-looping-sessions";
  s.config.limits.maxImages = sessions;
  s.config.maxSessions = sessions;
  s.config.maxCoroutines = 2 * sessions;
  s.images.assign(sessions, image);
  s.run.fuel = fuel;
  return s;
}

// User plus system CPU time of this process: the machine is shared, so wall time alone
// understates the oracle's speed when other jobs run.
double cpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return secs(u.ru_utime) + secs(u.ru_stime);
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t sessions = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100;
  const std::uint64_t fuel = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 400000;
  tt::oracle::RunOptions opts;
  if (argc > 4 && std::strcmp(argv[3], "--threaded") == 0) {
    opts.threaded = true;
    opts.concurrency = std::strtoull(argv[4], nullptr, 10);
  }
  const tt::Scenario s = loopingSessions(sessions, fuel);
  const auto t0 = std::chrono::steady_clock::now();
  const double cpu0 = cpuSeconds();
  const tt::RunResult r = tt::oracle::run(s, opts);
  const double cpu = cpuSeconds() - cpu0;
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const double steps = static_cast<double>(r.stepsExecuted);
  std::printf("sessions=%llu fuel=%llu outcome=%s steps=%llu rounds=%llu events=%zu "
              "wall=%.3fs cpu=%.3fs steps/s(wall)=%.0f steps/s(cpu)=%.0f\n",
              static_cast<unsigned long long>(sessions), static_cast<unsigned long long>(fuel),
              tt::runOutcomeName(r.outcome), static_cast<unsigned long long>(r.stepsExecuted),
              static_cast<unsigned long long>(r.rounds), r.trace.size(), wall, cpu, steps / wall,
              steps / cpu);
  return r.outcome == tt::RunOutcome::FuelExhausted || r.outcome == tt::RunOutcome::Completed ? 0 : 1;
}
