// tt_fuzz_export: the scenario JSON a fuzz input stands for. fuzz.sh uses it to turn the
// raw inputs libFuzzer merged into scenario files for corpus/ (which `ttconf replay` runs);
// by hand it shows what a crash input generates.
//
//   tt_fuzz_export GENERATOR [--out DIR] [--note TEXT] FILE...
//     GENERATOR: protocol | bytecode | scheduled
//     --out DIR: write DIR/<file name>.json for each input (default: print to stdout)
//     --note TEXT: put TEXT in the scenario's description (what the input caught)
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "tt/fuzz/fuzz_input.hpp"

namespace {

int usage() {
  std::cerr << "usage: tt_fuzz_export protocol|bytecode|scheduled [--out DIR] [--note TEXT] FILE...\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return usage();
  const auto generator = tt::fuzz::generatorFromName(argv[1]);
  if (!generator) return usage();
  std::string outDir, note;
  std::vector<std::string> files;
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--out" && i + 1 < argc) outDir = argv[++i];
    else if (arg == "--note" && i + 1 < argc) note = argv[++i];
    else if (!arg.empty() && arg[0] == '-') return usage();
    else files.push_back(arg);
  }
  if (files.empty()) return usage();

  int status = 0;
  for (const std::string& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << file << ": cannot read\n";
      status = 2;
      continue;
    }
    const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    tt::Scenario s = tt::fuzz::scenarioFromInput(*generator, bytes);
    if (!note.empty()) s.description = note;
    const std::string text = tt::fuzz::prettyScenarioJson(s);
    if (outDir.empty()) {
      std::cout << text;
      continue;
    }
    std::filesystem::path name = std::filesystem::path(file).filename();
    if (name.extension() != ".json") name += ".json";
    std::ofstream out(std::filesystem::path(outDir) / name, std::ios::binary);
    out << text;
    if (!out) {
      std::cerr << (std::filesystem::path(outDir) / name).string() << ": cannot write\n";
      status = 2;
    }
  }
  return status;
}
