// tt_semcov: the semantic coverage of a corpus — which (instruction, outcome) pairs the
// oracle executes on the scenarios the inputs stand for, and (with --regimes) which
// regimes of the harness get checked. fuzz.sh runs it over each campaign's corpus.
//
//   tt_semcov GENERATOR [--regimes [--findings DIR]] [--json FILE] PATH...
//     GENERATOR: protocol | bytecode | scheduled (how raw inputs are read; JSON inputs are
//                scenarios)
//     PATH: input files, or directories whose files are inputs
//     --findings DIR: with --regimes, every input whose check is a finding (in any regime,
//                     also those its own target does not check) is written to DIR as
//                     crash-<sha1> with the scenario and triage files beside it; exit 1
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "tt/core/error.hpp"
#include "tt/fuzz/differential.hpp"
#include "tt/fuzz/oracle_coverage.hpp"

namespace fs = std::filesystem;

namespace {

int usage() {
  std::cerr << "usage: tt_semcov protocol|bytecode|scheduled [--regimes [--findings DIR]] [--json FILE] PATH...\n";
  return 2;
}

std::vector<std::uint8_t> readBytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return usage();
  const auto generator = tt::fuzz::generatorFromName(argv[1]);
  if (!generator) return usage();
  bool regimes = false;
  std::string jsonOut, findingsDir;
  std::vector<fs::path> inputs;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--regimes") regimes = true;
    else if (arg == "--json" && i + 1 < argc) jsonOut = argv[++i];
    else if (arg == "--findings" && i + 1 < argc) findingsDir = argv[++i];
    else if (!arg.empty() && arg[0] == '-') return usage();
    else if (fs::is_directory(arg)) {
      for (const auto& entry : fs::directory_iterator(arg))
        if (entry.is_regular_file()) inputs.push_back(entry.path());
    } else inputs.emplace_back(arg);
  }
  std::sort(inputs.begin(), inputs.end());

  std::optional<tt::fuzz::DifferentialSetup> setup;
  if (regimes) {
    try {
      setup = tt::fuzz::loadDifferentialSetup();
    } catch (const std::exception& e) {
      std::cerr << "tt_semcov: " << e.what() << "\n";
      return 2;
    }
  }

  tt::fuzz::SemanticCoverage coverage;
  if (!findingsDir.empty() && !regimes) return usage();
  std::size_t runs = 0, rejected = 0, findings = 0;
  for (const fs::path& p : inputs) {
    const std::vector<std::uint8_t> bytes = readBytes(p);
    const tt::fuzz::FuzzCase fuzzCase = tt::fuzz::caseFromInput(*generator, bytes);
    const tt::Scenario& s = fuzzCase.scenario;
    try {
      tt::oracle::RunOptions canonical;
      tt::fuzz::runOracleRecording(s, canonical, coverage);
      for (std::uint64_t n : s.run.concurrency) {
        if (n <= 1) continue;
        tt::oracle::RunOptions threaded;
        threaded.concurrency = n;
        threaded.threaded = true;
        threaded.invalidCertificateRounds = s.run.invalidCertificateRounds;
        tt::fuzz::runOracleRecording(s, threaded, coverage);
      }
      ++runs;
    } catch (const tt::InputError& e) {
      ++rejected;
      std::cerr << p.string() << ": rejected: " << e.what() << "\n";
      continue;
    }
    if (!setup) continue;
    const tt::harness::ScenarioReport report = tt::fuzz::checkAllRegimes(*setup, s, {}, fuzzCase.envelope);
    tt::fuzz::recordRegimes(report, coverage);
    if (!findingsDir.empty() && tt::fuzz::isFinding(report)) {
      ++findings;
      fs::create_directories(findingsDir);
      const auto files = tt::fuzz::writeFinding(findingsDir, bytes, s, report);
      const std::string raw = files.scenario.substr(0, files.scenario.size() - std::string(".scenario.json").size());
      std::ofstream(raw, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                 static_cast<std::streamsize>(bytes.size()));
      std::cout << "finding: " << p.string() << " -> " << files.triageText << "\n";
    }
  }

  std::cout << inputs.size() << " inputs, " << runs << " run" << (rejected ? ", " + std::to_string(rejected) + " rejected" : "")
            << (findingsDir.empty() ? "" : ", " + std::to_string(findings) + " finding(s)") << "\n" << coverage.report();
  if (!jsonOut.empty()) {
    std::ofstream out(jsonOut, std::ios::binary);
    out << boost::json::serialize(coverage.toJson()) << "\n";
  }
  return rejected || findings ? 1 : 0;
}
