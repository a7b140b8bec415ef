// The compiler LocalTypeR -> bytecode (reference A §10), role-relative pcs.
#pragma once
#include "tt/core/instr.hpp"
#include "tt/core/session_types.hpp"

namespace tt {

Bytecode compileLocalTypeR(const LocalTypeR& t);

}  // namespace tt
