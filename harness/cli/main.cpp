// ttconf: the differential conformance harness's command line (DESIGN "The command line").
// Exit status: 0 conformant / ok, 1 unexplained divergence, 2 bad input or usage.
#include <cstring>
#include <exception>
#include <iostream>
#include <new>
#include <string_view>

#include "cli_util.hpp"
#include "commands.hpp"
#include "tt/core/error.hpp"

namespace {

[[maybe_unused]] int notBuilt(const char* name, const char* needs) {
  std::cerr << "ttconf " << name << ": not built yet (needs " << needs << ")\n";
  return 2;
}

struct Command {
  const char* name;
  int (*run)(int, char**);
  const char* help;
};

#if TT_HAVE_CMD_ORACLE
int oracleCommand(int c, char** v) { return tt::cli::cmdOracle(c, v); }
#else
int oracleCommand(int, char**) { return notBuilt("oracle", "oracle/ and harness/cli/cmd_oracle.cpp"); }
#endif
#if TT_HAVE_CMD_LEAN_RUNNER
int leanRunnerCommand(int c, char** v) { return tt::cli::cmdLeanRunner(c, v); }
#else
int leanRunnerCommand(int, char**) { return notBuilt("lean-runner", "oracle/ and harness/cli/cmd_lean_runner.cpp"); }
#endif
#if TT_HAVE_CMD_VM
int vmCommand(int c, char** v) { return tt::cli::cmdVm(c, v); }
#else
int vmCommand(int, char**) { return notBuilt("vm", "vm/ and harness/cli/cmd_vm.cpp"); }
#endif
#if TT_HAVE_CMD_BENCH
int benchCommand(int c, char** v) { return tt::cli::cmdBench(c, v); }
#else
int benchCommand(int, char**) { return notBuilt("bench", "vm/ and harness/cli/cmd_bench.cpp"); }
#endif

const Command kCommands[] = {
    {"run", tt::cli::cmdRun, "SCENARIO...      check every regime; --expect checks fixtures"},
    {"replay", tt::cli::cmdReplay, "DIR...        every scenario of a corpus, in parallel"},
    {"triage", tt::cli::cmdTriage, "SCENARIO      first divergence, context, reproduce command"},
    {"ledger", tt::cli::cmdLedger, "check         validate the deviation ledger both ways"},
    {"gates", tt::cli::cmdGates, "FILE|--table   capability gates with rejection reasons"},
    {"oracle", oracleCommand, "SCENARIO      run the reference oracle, print trace and snapshot"},
    {"lean-runner", leanRunnerCommand, "      upstream vm_runner input on stdin, output on stdout"},
    {"vm", vmCommand, "SCENARIO          run the VM, print trace and snapshot"},
    {"bench", benchCommand, "                the performance workloads"},
};

void usage(std::ostream& out) {
  out << "usage: ttconf COMMAND [ARGS]\n"
         "exit status: 0 conformant, 1 unexplained divergence, 2 bad input or usage\n\n";
  for (const Command& c : kCommands) out << "  " << c.name << " " << c.help << "\n";
  out << "\n`ttconf COMMAND --help` describes a command's options.\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage(std::cerr);
    return 2;
  }
  const std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    usage(std::cout);
    return 0;
  }
  for (const Command& c : kCommands) {
    if (name != c.name) continue;
    try {
      return c.run(argc - 2, argv + 2);
    } catch (const tt::cli::UsageError& e) {
      std::cerr << "ttconf " << c.name << ": " << e.message << "\n";
      return 2;
    } catch (const tt::InputError& e) {
      std::cerr << "ttconf " << c.name << ": bad input: " << e.what() << "\n";
      return 2;
    } catch (const std::bad_alloc&) {
      std::cerr << "ttconf " << c.name << ": out of memory\n";
      return 2;
    } catch (const std::exception& e) {
      std::cerr << "ttconf " << c.name << ": error: " << e.what() << "\n";
      return 2;
    }
  }
  std::cerr << "ttconf: unknown command \"" << name << "\"\n";
  usage(std::cerr);
  return 2;
}
