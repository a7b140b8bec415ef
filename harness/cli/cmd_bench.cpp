// ttconf bench [--json FILE] [--quick]
//
// The performance workloads of DESIGN "Performance" (reference D §6): `disjoint` (many
// independent two-party sessions looping) and `contended` (four-role rings sharing two
// lanes). Each engine runs its workload again and again until the measurement has lasted
// at least 0.5 s (0.1 s with --quick); steps per second = steps / wall time of the runs.
// A run includes resetting and loading the state and records the trace (in the VM's flat
// form); compiling the scenario and converting results to core types are not measured.
// Engines: the VM cooperative (n = 1), the VM threaded at n with 1, 2 and 4 workers, and
// the oracle's canonical runner when it is built.
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli_util.hpp"
#include "commands.hpp"
#include "tt/vm/metrics_json.hpp"
#include "tt/vm/vm.hpp"
#include "tt/vm/workloads.hpp"

#if __has_include("tt/oracle/oracle.hpp")
#include "tt/oracle/oracle.hpp"
#define TT_BENCH_HAVE_ORACLE 1
#else
#define TT_BENCH_HAVE_ORACLE 0
#endif

namespace tt::cli {

namespace {

constexpr const char* kBenchUsage =
    "usage: ttconf bench [--json FILE] [--quick]\n"
    "  --json FILE   also write the measurements as JSON (\"-\" for stdout)\n"
    "  --quick       0.1 s per measurement instead of 0.5 s (smoke runs)\n";

using Clock = std::chrono::steady_clock;

struct Measurement {
  std::string engine;
  std::uint64_t workers = 0;
  std::uint64_t concurrency = 1;
  std::uint64_t steps = 0;
  std::uint64_t runs = 0;
  double seconds = 0;
  std::optional<vm::Metrics> metrics;  // of the last run (VM only)
  double stepsPerSecond() const { return seconds > 0 ? static_cast<double>(steps) / seconds : 0; }
};

struct WorkloadSpec {
  std::string name;
  std::uint64_t sessions;
  std::uint64_t lanes;
  std::uint64_t concurrency;      // n of the threaded runs
  std::uint64_t cooperativeFuel;  // rounds per run (one step each)
  std::uint64_t threadedFuel;     // rounds per run (every runnable coroutine steps)
  std::uint64_t oracleFuel;
  Scenario (*build)(std::uint64_t sessions, std::uint64_t fuel, std::uint64_t lanes);
};

// Runs until at least minSeconds have passed (and at least twice), after one warm-up run.
Measurement measureVm(const Scenario& s, const vm::RunOptions& o, const std::string& name, double minSeconds) {
  const vm::CompiledScenario compiled(s);
  vm::Engine engine(compiled);
  vm::Metrics metrics;
  engine.run(o, &metrics);  // warm-up: sizes every buffer
  Measurement m;
  m.engine = name;
  m.workers = o.workers;
  m.concurrency = o.concurrency;
  while (m.seconds < minSeconds || m.runs < 2) {
    const auto t0 = Clock::now();
    m.steps += engine.run(o, &metrics);
    m.seconds += std::chrono::duration<double>(Clock::now() - t0).count();
    ++m.runs;
  }
  m.metrics = metrics;
  return m;
}

#if TT_BENCH_HAVE_ORACLE
Measurement measureOracle(const Scenario& s, double minSeconds) {
  Measurement m;
  m.engine = "oracle-canonical";
  oracle::RunOptions o;
  o.concurrency = 1;
  while (m.seconds < minSeconds || m.runs < 2) {
    const auto t0 = Clock::now();
    const RunResult r = oracle::run(s, o);
    m.seconds += std::chrono::duration<double>(Clock::now() - t0).count();
    m.steps += r.stepsExecuted;
    ++m.runs;
  }
  return m;
}
#endif

double ratio(double a, double b) { return b > 0 ? a / b : 0; }

boost::json::object measurementJson(const Measurement& m) {
  boost::json::object o;
  o["engine"] = m.engine;
  o["workers"] = m.workers;
  o["concurrency"] = m.concurrency;
  o["runs"] = m.runs;
  o["steps"] = m.steps;
  o["seconds"] = m.seconds;
  o["steps_per_second"] = m.stepsPerSecond();
  if (m.metrics) o["metrics"] = vm::metricsToJson(*m.metrics);
  return o;
}

std::string human(double v) {
  char buf[64];
  if (v >= 1e6) std::snprintf(buf, sizeof buf, "%.2f M", v / 1e6);
  else if (v >= 1e3) std::snprintf(buf, sizeof buf, "%.1f k", v / 1e3);
  else std::snprintf(buf, sizeof buf, "%.0f", v);
  return buf;
}

}  // namespace

int cmdBench(int argc, char** argv) {
  std::optional<std::string> jsonPath;
  bool quick = false;
  for (int i = 0; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      std::cout << kBenchUsage;
      return 0;
    } else if (a == "--json") {
      if (i + 1 >= argc) throw UsageError{"--json expects a file"};
      jsonPath = argv[++i];
    } else if (a == "--quick") {
      quick = true;
    } else {
      throw UsageError{"unknown argument " + a + "\n" + kBenchUsage};
    }
  }
  const double minSeconds = quick ? 0.1 : 0.5;
  const std::uint64_t scale = quick ? 4 : 1;
  const std::vector<WorkloadSpec> workloads = {
      // Each VM run does 10 M steps (about half a second at the target rate), the same
      // work for both drivers, so a run's serial part (reset, load, first plan) weighs
      // the same in both; the oracle runs are sized for about half a second too.
      {"disjoint", 1000, 8, 8, 10000000 / scale, 5000 / scale, 4000 / scale, &vm::disjointWorkload},
      {"contended", 250, 2, 2, 10000000 / scale, 10000 / scale, 4000 / scale, &vm::contendedWorkload},
  };

  boost::json::array workloadsJson;
  std::cout << "workload    engine                 n  workers        steps/s    vs coop\n";
  for (const WorkloadSpec& w : workloads) {
    std::vector<Measurement> ms;
    {
      vm::RunOptions o;
      ms.push_back(measureVm(w.build(w.sessions, w.cooperativeFuel, w.lanes), o, "vm-cooperative", minSeconds));
    }
    for (std::uint64_t workers : {1, 2, 4}) {
      vm::RunOptions o;
      o.concurrency = w.concurrency;
      o.workers = workers;
      ms.push_back(measureVm(w.build(w.sessions, w.threadedFuel, w.lanes), o,
                             "vm-threaded-" + std::to_string(workers), minSeconds));
    }
#if TT_BENCH_HAVE_ORACLE
    ms.push_back(measureOracle(w.build(w.sessions, w.oracleFuel, w.lanes), minSeconds));
#endif
    const double coop = ms[0].stepsPerSecond();
    boost::json::array engines;
    for (const Measurement& m : ms) {
      char line[160];
      std::snprintf(line, sizeof line, "%-11s %-20s %3llu  %7llu  %13s  %8.2fx\n", w.name.c_str(), m.engine.c_str(),
                    static_cast<unsigned long long>(m.concurrency), static_cast<unsigned long long>(m.workers),
                    human(m.stepsPerSecond()).c_str(), ratio(m.stepsPerSecond(), coop));
      std::cout << line;
      engines.push_back(measurementJson(m));
    }
    boost::json::object ratios;
    for (std::size_t i = 1; i < 4; ++i)
      ratios["threaded_" + std::to_string(ms[i].workers) + "_vs_cooperative"] = ratio(ms[i].stepsPerSecond(), coop);
    if (ms.size() > 4) ratios["cooperative_vs_oracle"] = ratio(coop, ms[4].stepsPerSecond());
    boost::json::object wj;
    wj["name"] = w.name;
    wj["sessions"] = w.sessions;
    wj["lanes"] = w.lanes;
    wj["concurrency"] = w.concurrency;
    wj["engines"] = std::move(engines);
    wj["ratios"] = std::move(ratios);
    workloadsJson.push_back(std::move(wj));
  }
  if (!TT_BENCH_HAVE_ORACLE) std::cout << "(the oracle is not built: no oracle column)\n";

  boost::json::object out;
  out["format"] = "ttconf.bench/1";
  out["quick"] = quick;
  out["min_seconds_per_measurement"] = minSeconds;
  out["hardware_threads"] = std::thread::hardware_concurrency();
  out["trace"] = true;
  out["targets"] = boost::json::object{{"vm_cooperative_steps_per_second", 20e6},
                                       {"threaded_2_vs_cooperative_disjoint", 1.6},
                                       {"cooperative_vs_oracle", 20.0}};
  out["workloads"] = std::move(workloadsJson);
  if (jsonPath) writeOutput(*jsonPath, boost::json::serialize(out) + "\n");
  return 0;
}

}  // namespace tt::cli
