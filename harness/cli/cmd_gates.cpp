// ttconf gates FILE|- : the capability gates of reference D §3 with machine-readable
// rejection reasons. ttconf gates --table : the D §3.3 decision table as computed.
#include <iostream>
#include <iterator>
#include <stdexcept>

#include <boost/json.hpp>

#include "cli_util.hpp"
#include "commands.hpp"
#include "tt/core/json.hpp"
#include "tt/harness/document.hpp"
#include "tt/harness/gates.hpp"

namespace tt::cli {
namespace {

constexpr const char* kGatesHelp =
    "usage: ttconf gates FILE|-     evaluate a gate request document (docs/runbook.md)\n"
    "       ttconf gates --table    print the enforce_vm_runtime_gates decision table\n"
    "exit: 0 everything admitted, 1 something rejected, 2 bad input\n";

}  // namespace

int cmdGates(int argc, char** argv) {
  Args args(argc, argv);
  if (args.done()) throw UsageError{std::string("no request given\n") + kGatesHelp};
  const std::string a = args.take();
  if (a == "--help" || a == "-h") {
    std::cout << kGatesHelp;
    return 0;
  }
  if (!args.done()) throw UsageError{std::string("gates takes one argument\n") + kGatesHelp};
  if (a == "--table") {
    std::cout << boost::json::serialize(harness::gates::decisionTable()) << "\n";
    return 0;
  }
  std::string text;
  if (a == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    text = harness::readFile(a);
  }
  const boost::json::value doc = json::parse(text, a);
  boost::json::value out;
  try {
    out = harness::gates::evaluateGateDocument(doc);
  } catch (const std::invalid_argument& e) {
    throw UsageError{"bad gate request: " + a + ": " + e.what()};
  }
  std::cout << boost::json::serialize(out) << "\n";
  return out.as_object().at("admitted").as_bool() ? 0 : 1;
}

}  // namespace tt::cli
