// A scenario compiled once (docs/vm.md "Compiled image"): names interned, instructions
// decoded into fixed-size records with their operands resolved, every session type of
// the program text built into the state graph, the load plan validated as Lean's loader
// does, the config reduced to the flags the kernel reads.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ids.hpp"
#include "tables.hpp"
#include "tt/core/scenario.hpp"
#include "type_graph.hpp"

namespace tt::vm::detail {

// One decoded instruction. Register operands are kept raw: every coroutine has kRegs
// registers, so an operand >= kRegs is "missing" (outOfRegisters).
//   Send a=chan b=val            Receive a=chan b=dst       Offer a=chan b=label
//   Choose a=chan aux=table      Acquire a=layer b=dst       Release a=layer b=evidence
//   Open aux=spec                Close a=session             Fork a=sid
//   Transfer a=endpoint b=target Tag a=fact b=dst            Check a=knowledge b=target c=dst
//   Set a=dst aux=immediate      Move a=dst b=src            Jump x=target
//   Spawn x=target aux=args      Invoke, Join, Abort, Yield, Halt: none
// Acquire/Release: c bit 0 = the layer is active, bit 1 = it has a guard resource.
struct DInstr {
  Opcode op = Opcode::Halt;
  bool structOk = true;  // monitor structural precheck (choose labels distinct, open arity)
  std::uint32_t a = 0, b = 0, c = 0;
  std::uint32_t aux = 0;
  std::uint64_t x = 0;
};

struct OpenSpec {
  struct Handler {
    bool thisSession = true;  // the "session this open creates" placeholder
    std::uint64_t sid = 0;    // explicit sid otherwise
    Sym from = 0, to = 0;
  };
  bool arityOk = true;  // localTypes and dsts line up role by role (step check 1)
  std::vector<std::pair<Sym, NodeId>> localTypes;  // role, stored (unfolded) type
  std::vector<Handler> handlers;
  std::vector<Reg> dsts;
};

struct ProgramC {
  std::vector<DInstr> code;
  // role -> dedup([role] ++ footprintSummary(role)) (Lean coroFootprintAtoms' role list).
  std::vector<std::pair<Sym, std::vector<Sym>>> footprint;
};

// What loading one image does (Lean loadChoreographyCore).
struct ImageLoad {
  std::uint32_t program = 0;
  std::vector<Sym> roles;     // entry roles, entry order
  std::vector<PC> entryPcs;
  std::vector<std::pair<Sym, NodeId>> localTypes;  // the program's order
};

struct BufCfg {
  BufferMode mode = BufferMode::Fifo;
  BackpressureKind policy = BackpressureKind::Block;
  std::uint64_t cap = 16;  // bufferEffectiveCapacity
};

struct FaultC {
  std::uint64_t tick = 0;
  Failure failure;
  std::vector<EdgeKey> edges;  // partition / heal
  EdgeKey edge;                // corrupt / timeout
};

struct Compiled {
  Scenario scenario;

  SymTable syms;
  EndpointTable eps;  // static endpoints; a run extends its own copy
  ProdTable prods;
  TypeGraph types;

  std::vector<ProgramC> programs;
  std::vector<ImageLoad> images;         // the images that load, in order
  std::optional<std::string> loadError;  // why the next image does not load
  std::optional<std::string> resourceLimit;  // the program text exceeds a VM cap
  std::vector<Val> imms;
  std::vector<std::vector<std::pair<Sym, PC>>> chooseTables;
  std::vector<OpenSpec> opens;
  std::vector<std::vector<Reg>> spawnArgs;
  std::vector<FaultC> faults;  // by tick, stable (same-tick faults in list order)

  // The config as the kernel reads it.
  bool monitorOn = true;
  bool gateAccepts = true;  // outputCondition accepts "vm.observable_output"
  bool transportOk = true;
  bool spatialOk = true;
  bool speculationEnabled = false;
  std::uint64_t maxSpeculationDepth = 16;
  std::array<std::uint64_t, kOpcodeCount> cost{};
  std::uint64_t defaultBudget = 0;
  BufCfg bufDefault;
  std::vector<std::pair<EdgeKey, BufCfg>> bufOverrides;
  bool byCoroutineLanes = false;
  std::uint64_t laneCount = 1;

  Sym emptySym = 0;        // ""
  TypeRef chan0;           // chan 0 ""
  TypeRef factType;        // prod (chan 0 "") string

  BufCfg bufferConfigFor(const EdgeKey& e) const;
};

// Throws UnsupportedError (lean-literal, a repair off) and TypeGraphLimit.
void compileScenario(const Scenario& s, Compiled& out);

// Lean flowPolicy.allowsKnowledge.
bool allowsKnowledge(const FlowPolicy& p, const std::string& factRole, const std::string& factPayload,
                     const std::string& target);

}  // namespace tt::vm::detail
