// The ttconf subcommands. main.cpp dispatches on argv[1]; each command receives the
// arguments after its name and returns the exit status (0 conformant/ok, 1 divergence,
// 2 bad input or usage).
#pragma once

namespace tt::cli {

int cmdOracle(int argc, char** argv);      // ttconf oracle SCENARIO        (oracle/ owner)
int cmdLeanRunner(int argc, char** argv);  // ttconf lean-runner < in > out (oracle/ owner)
int cmdVm(int argc, char** argv);          // ttconf vm SCENARIO [--concurrency N] [--workers W]
int cmdBench(int argc, char** argv);       // ttconf bench [--json FILE]    (vm/ owner)
int cmdRun(int argc, char** argv);         // ttconf run SCENARIO...        (harness owner)
int cmdReplay(int argc, char** argv);      // ttconf replay DIR...
int cmdTriage(int argc, char** argv);      // ttconf triage SCENARIO
int cmdLedger(int argc, char** argv);      // ttconf ledger check
int cmdGates(int argc, char** argv);       // ttconf gates

}  // namespace tt::cli
