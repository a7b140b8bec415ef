// Programs and code images (reference A §4.1-4.2).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tt/core/instr.hpp"
#include "tt/core/session_types.hpp"

namespace tt {

struct ProgramMeta {
  std::string name;
  std::uint64_t version = 0;
  std::uint64_t sourceHash = 0;  // opaque: our own canonical text hash, non-parity (A §4.2)
  std::vector<std::pair<Role, std::vector<Role>>> footprintSummary;
};

struct Program {
  Bytecode code;
  std::vector<std::pair<Role, PC>> entryPoints;
  std::vector<std::pair<Role, LocalTypePtr>> localTypes;
  std::vector<std::pair<Role, LocalTypeRPtr>> localTypesR;
  ProgramMeta metadata;
};

// What the loader consumes. `globalType` is absent for images built from local types or
// explicit programs (the loader then skips the projection check, SEMANTICS §6 D6/D7).
struct CodeImage {
  Program program;
  std::optional<GlobalTypePtr> globalType;
};

// Lean footprint of one local type: partners in first-occurrence order.
std::vector<Role> footprintOf(const LocalTypeR& t);

// CodeImage.fromLocalTypes (A §4.2): stable sort by role, concatenate compiled code.
// With `relocate` (repair.load.pc-relocation) every jump/choose/spawn target of a role's
// compiled code is shifted by that role's entry offset, once.
CodeImage codeImageFromLocalTypes(std::vector<std::pair<Role, LocalTypeRPtr>> entries,
                                  std::optional<GlobalTypePtr> globalType, bool relocate);

}  // namespace tt
