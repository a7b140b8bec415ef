// ttconf replay DIR... : every scenario of a corpus through every regime, in parallel
// across cores, with progress on stderr, a one-line summary and optional JSON results.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <thread>

#include <unistd.h>

#include <boost/json.hpp>

#include "cli_util.hpp"
#include "commands.hpp"
#include "tt/core/error.hpp"
#include "tt/harness/document.hpp"
#include "tt/harness/report.hpp"

namespace tt::cli {
namespace {

constexpr const char* kReplayHelp =
    "usage: ttconf replay [options] DIR|FILE...\n"
    "  every *.json below each DIR (recursively), in parallel; expect blocks are ignored\n"
    "  --jobs N          worker threads (default: the number of cores)\n"
    "  --regime R        only regime R; repeatable\n"
    "  --ledger FILE     the deviation ledger (default: the repository's)\n"
    "  --json FILE       write ttconf.results/1 JSON (- for stdout)\n"
    "  --quiet           no progress\n"
    "exit: 0 all conformant, 1 any divergence, 2 bad input (and no divergence)\n";

std::vector<std::string> collect(const std::vector<std::string>& roots) {
  std::vector<std::string> files;
  for (const std::string& root : roots) {
    std::error_code ec;
    if (std::filesystem::is_regular_file(root, ec)) {
      files.push_back(root);
      continue;
    }
    if (!std::filesystem::is_directory(root, ec)) throw UsageError{root + ": no such file or directory"};
    for (auto it = std::filesystem::recursive_directory_iterator(root, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file() && it->path().extension() == ".json") files.push_back(it->path().string());
    }
    if (ec) throw UsageError{root + ": " + ec.message()};
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

}  // namespace

int cmdReplay(int argc, char** argv) {
  Args args(argc, argv);
  harness::RegimeOptions options;
  std::string ledgerPath = defaultLedgerPath();
  std::string jsonPath;
  bool quiet = false;
  std::size_t jobs = std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::string> roots;
  while (!args.done()) {
    const std::string a = args.take();
    if (a == "--help" || a == "-h") {
      std::cout << kReplayHelp;
      return 0;
    } else if (a == "--jobs") {
      jobs = static_cast<std::size_t>(args.number(a));
      if (jobs == 0 || jobs > 256) throw UsageError{"--jobs must be between 1 and 256"};
    } else if (a == "--regime") {
      options.regimes.push_back(parseRegime(args.value(a)));
    } else if (a == "--ledger") {
      ledgerPath = args.value(a);
    } else if (a == "--json") {
      jsonPath = args.value(a);
    } else if (a == "--quiet") {
      quiet = true;
    } else if (!a.empty() && a[0] == '-') {
      throw UsageError{"unknown option " + a + "\n" + kReplayHelp};
    } else {
      roots.push_back(a);
    }
  }
  if (roots.empty()) throw UsageError{std::string("no corpus given\n") + kReplayHelp};
  const std::vector<std::string> files = collect(roots);
  const std::optional<harness::Ledger> ledger = loadLedgerOrReport(ledgerPath);
  if (!ledger) return 2;
  const harness::Runners runners = harness::builtInRunners();

  std::vector<harness::ScenarioReport> reports(files.size());
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> finished{0};
  std::atomic<std::size_t> failing{0};
  std::mutex mutex;
  std::condition_variable progressed;
  const auto start = std::chrono::steady_clock::now();

  auto work = [&] {
    for (std::size_t i = next++; i < files.size(); i = next++) {
      harness::ScenarioReport& report = reports[i];
      try {
        const harness::ScenarioDocument doc = harness::loadScenarioDocument(files[i]);
        harness::RegimeOptions o = options;
        o.scenarioPath = files[i];
        report = harness::checkScenario(doc.scenario, doc.envelope, runners, *ledger, o);
      } catch (const InputError& e) {
        report.path = files[i];
        report.verdict = harness::ScenarioReport::Verdict::BadInput;
        report.detail = e.what();
      } catch (const std::exception& e) {
        report.path = files[i];
        report.verdict = harness::ScenarioReport::Verdict::BadInput;
        report.detail = std::string("internal error: ") + e.what();
      }
      if (report.verdict != harness::ScenarioReport::Verdict::Conformant) ++failing;
      {
        std::lock_guard lock(mutex);  // so the progress loop cannot miss the last wake-up
        ++finished;
      }
      progressed.notify_one();
    }
  };
  std::vector<std::thread> pool;
  const std::size_t threads = std::min(jobs, std::max<std::size_t>(1, files.size()));
  for (std::size_t t = 0; t < threads; ++t) pool.emplace_back(work);

  // Progress: a rewritten line on a terminal, otherwise a line per tenth of the corpus.
  const bool tty = isatty(STDERR_FILENO) != 0;
  std::size_t lastShown = 0;
  while (true) {
    std::unique_lock lock(mutex);
    progressed.wait_for(lock, std::chrono::milliseconds(250), [&] { return finished.load() != lastShown; });
    const std::size_t done = finished.load();
    lock.unlock();
    if (!quiet && done != lastShown) {
      const bool tenth = files.size() < 10 || done * 10 / files.size() != lastShown * 10 / files.size();
      if (tty) {
        std::cerr << "\r[replay] " << done << "/" << files.size() << " (" << failing.load()
                  << " not conformant)" << std::flush;
      } else if (tenth || done == files.size()) {
        std::cerr << "[replay] " << done << "/" << files.size() << " (" << failing.load()
                  << " not conformant)\n";
      }
    }
    lastShown = done;  // also when quiet: the wait above must block until the next one
    if (done == files.size()) break;
  }
  if (!quiet && tty) std::cerr << "\n";
  for (std::thread& t : pool) t.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  for (const harness::ScenarioReport& r : reports) {
    if (r.verdict != harness::ScenarioReport::Verdict::Conformant) std::cout << harness::reportText(r, false);
  }
  const harness::ResultsSummary summary = harness::summarize(reports, seconds);
  std::cout << harness::summaryLine("replay", summary) << "\n";
  if (!jsonPath.empty()) {
    writeOutput(jsonPath, boost::json::serialize(harness::resultsDocument(reports, summary)) + "\n");
  }
  return harness::exitStatus(reports);
}

}  // namespace tt::cli
