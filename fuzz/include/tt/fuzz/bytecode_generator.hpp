// The bytecode generator: bytes -> scenarios whose images are explicit programs of
// arbitrary instructions and operands (registers out of range, jumps past the end, labels
// not in the type, speculation without fork, transfers to missing coroutines, opens with
// bad handlers, ...), mixed with compiled protocols so that the faults happen in states
// that got somewhere first. Every fault path of reference B that the unit model can reach
// is reachable (docs/fuzzing.md lists the ones it cannot). Total and stable.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "tt/core/instr.hpp"
#include "tt/core/scenario.hpp"
#include "tt/core/session_types.hpp"
#include "tt/fuzz/byte_reader.hpp"
#include "tt/fuzz/load_plan.hpp"

namespace tt::fuzz {

// What instruction operands may refer to.
struct ProgramContext {
  Role self;                       // the role whose code this is
  SessionId session = 0;           // the session this image opens at load
  std::vector<Role> roles;         // roles of this image (sorted)
  LoadPlan plan;                   // every image's session
  std::vector<Label> labels;       // labels of this image's types
  std::uint64_t codeLength = 1;    // the image's whole program (targets are absolute)
};

// An arbitrary local type over `roles` (partners may be self or a role outside the
// image, payloads typed or label-only, recursion bound but possibly unguarded).
LocalTypeRPtr generateLocalTypeR(ByteReader& in, const Role& self, const std::vector<Role>& roles,
                                 const LoadPlan& plan, std::uint64_t maxDepth = 4);
// Any of the 21 instructions with operands drawn to hit both the success path and each
// fault of reference B.
Instr generateInstr(ByteReader& in, const ProgramContext& ctx);
// Register and value operands as generateInstr draws them (8 registers per coroutine).
Reg generateReg(ByteReader& in);
Value generateValue(ByteReader& in, const ProgramContext& ctx, int depth = 0);

Scenario generateBytecodeScenario(std::span<const std::uint8_t> bytes);

}  // namespace tt::fuzz
