// tt_semcov: the semantic coverage of a corpus — which (instruction, outcome) pairs the
// oracle executes on the scenarios the inputs stand for, and (with --regimes) which
// regimes of the harness get checked. fuzz.sh runs it over each campaign's corpus.
//
//   tt_semcov GENERATOR [--regimes] [--json FILE] PATH...
//     GENERATOR: protocol | bytecode | scheduled (how raw inputs are read; JSON inputs are
//                scenarios)
//     PATH: input files, or directories whose files are inputs
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
  std::cerr << "usage: tt_semcov protocol|bytecode|scheduled [--regimes] [--json FILE] PATH...\n";
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
  std::string jsonOut;
  std::vector<fs::path> inputs;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--regimes") regimes = true;
    else if (arg == "--json" && i + 1 < argc) jsonOut = argv[++i];
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
  std::size_t runs = 0, rejected = 0;
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
    if (setup) tt::fuzz::recordRegimes(tt::fuzz::checkAllRegimes(*setup, s, {}, fuzzCase.envelope), coverage);
  }

  std::cout << inputs.size() << " inputs, " << runs << " run" << (rejected ? ", " + std::to_string(rejected) + " rejected" : "")
            << "\n" << coverage.report();
  if (!jsonOut.empty()) {
    std::ofstream out(jsonOut, std::ios::binary);
    out << boost::json::serialize(coverage.toJson()) << "\n";
  }
  return rejected ? 1 : 0;
}
