// `ttconf lean-runner`: upstream Lean vm_runner input on stdin, its output on stdout
// (reference A §11.1, §11.3, §13.2). Concurrency is echoed and otherwise ignored (F D15).
#include <iostream>
#include <iterator>
#include <string>

#include "commands.hpp"
#include "tt/core/error.hpp"
#include "tt/core/json.hpp"
#include "tt/core/upstream_runner.hpp"
#include "tt/oracle/oracle.hpp"

namespace tt::cli {

int cmdLeanRunner(int argc, char** argv) {
  for (int k = 0; k < argc; ++k) {
    const std::string arg = argv[k];
    if (arg == "--help" || arg == "-h") {
      std::cout << "usage: ttconf lean-runner < input.json > output.json\n"
                   "  reads upstream vm_runner input (choreographies, concurrency, max_steps) and\n"
                   "  writes the Lean runner's output line (lean-literal semantics)\n";
      return 0;
    }
    std::cerr << "ttconf lean-runner: unexpected argument \"" << arg << "\" (input comes on stdin)\n";
    return 2;
  }
  const std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  RunnerInput input;
  try {
    input = runnerInputFromJson(json::parse(text, "stdin"));
  } catch (const InputError& e) {
    std::cerr << "ttconf lean-runner: bad input: " << e.what() << "\n";
    return 2;
  }
  const RunnerOutput output = oracle::runLeanRunner(input);
  std::cout << printRunnerJson(runnerOutputToJson(output)) << "\n";
  return 0;
}

}  // namespace tt::cli
