// ttconf vm SCENARIO [--concurrency N] [--workers W] [--invalid-certificate-round R]...
//                    [--no-trace]
// Runs the optimized VM on one scenario and prints {"result": RunResult, "metrics": {...}}.
// Defaults come from the scenario's `run`: the first listed concurrency, and at n > 1 the
// threaded driver with `run.workers` workers and `run.invalid_certificate_rounds`.
#include <boost/json/serialize.hpp>
#include <iostream>
#include <string>

#include "cli_util.hpp"
#include "commands.hpp"
#include "tt/core/json.hpp"
#include "tt/vm/metrics_json.hpp"
#include "tt/vm/vm.hpp"

namespace tt::cli {

namespace {

constexpr const char* kVmUsage =
    "usage: ttconf vm SCENARIO [--concurrency N] [--workers W] [--invalid-certificate-round R]... [--no-trace]\n"
    "  --concurrency N   n (default: the scenario's first run.concurrency)\n"
    "  --workers W       0 = cooperative driver; W >= 1 = threaded driver with W workers\n"
    "                    (default: run.workers when n > 1, else 0)\n"
    "  --invalid-certificate-round R   corrupt the certificate of round R (repeatable;\n"
    "                    default: run.invalid_certificate_rounds)\n"
    "  --no-trace        do not record the trace\n";

std::uint64_t parseCount(const std::string& flag, const std::string& text) {
  std::size_t used = 0;
  unsigned long long v = 0;
  try {
    v = std::stoull(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || text[0] == '-')
    throw UsageError{flag + " expects a non-negative integer, got \"" + text + "\""};
  return v;
}

}  // namespace

int cmdVm(int argc, char** argv) {
  std::string path;
  std::optional<std::uint64_t> concurrency, workers;
  std::optional<std::vector<std::uint64_t>> hooks;
  bool trace = true;
  for (int i = 0; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw UsageError{a + " expects a value"};
      return argv[++i];
    };
    if (a == "--help" || a == "-h") {
      std::cout << kVmUsage;
      return 0;
    } else if (a == "--concurrency") {
      concurrency = parseCount(a, value());
    } else if (a == "--workers") {
      workers = parseCount(a, value());
    } else if (a == "--invalid-certificate-round") {
      if (!hooks) hooks.emplace();
      hooks->push_back(parseCount(a, value()));
    } else if (a == "--no-trace") {
      trace = false;
    } else if (!a.empty() && a[0] == '-') {
      throw UsageError{"unknown option " + a + "\n" + kVmUsage};
    } else if (path.empty()) {
      path = a;
    } else {
      throw UsageError{"one scenario only\n" + std::string(kVmUsage)};
    }
  }
  if (path.empty()) throw UsageError{std::string("missing SCENARIO\n") + kVmUsage};

  const Scenario s = json::loadScenarioFile(path);
  vm::RunOptions o;
  o.concurrency = concurrency.value_or(s.run.concurrency.empty() ? 1 : s.run.concurrency.front());
  if (o.concurrency == 0) throw UsageError{"--concurrency must be at least 1"};
  o.workers = workers.value_or(o.concurrency > 1 ? s.run.workers : 0);
  o.invalidCertificateRounds = hooks.value_or(s.run.invalidCertificateRounds);
  o.trace = trace;

  vm::Metrics metrics;
  RunResult result;
  try {
    result = vm::run(s, o, &metrics);
  } catch (const vm::UnsupportedError& e) {
    std::cerr << "ttconf vm: " << e.what() << "\n";
    return 2;
  }
  boost::json::object out;
  out["result"] = json::runResultToJson(result);
  out["metrics"] = vm::metricsToJson(metrics);
  std::cout << boost::json::serialize(out) << "\n";
  return 0;
}

}  // namespace tt::cli
