// A readable one-line rendering of bytecode for test expectations and failure messages,
// e.g. "send 0 1; invoke; jump 0". Covers every instruction the compiler emits plus
// spawn; other instructions render by their opcode name only.
#pragma once
#include <string>
#include <variant>

#include "tt/core/instr.hpp"

namespace tt::test {

inline std::string instrText(const Instr& i) {
  std::string s = opcodeName(opcodeOf(i));
  if (const auto* x = std::get_if<instr::Send>(&i)) return s + " " + std::to_string(x->chan) + " " + std::to_string(x->val);
  if (const auto* x = std::get_if<instr::Receive>(&i)) return s + " " + std::to_string(x->chan) + " " + std::to_string(x->dst);
  if (const auto* x = std::get_if<instr::Offer>(&i)) return s + " " + std::to_string(x->chan) + " \"" + x->label + "\"";
  if (const auto* x = std::get_if<instr::Jump>(&i)) return s + " " + std::to_string(x->target);
  if (const auto* x = std::get_if<instr::Spawn>(&i)) return s + " " + std::to_string(x->target);
  if (const auto* x = std::get_if<instr::Choose>(&i)) {
    s += " " + std::to_string(x->chan) + " [";
    for (std::size_t k = 0; k < x->table.size(); ++k) {
      if (k) s += ", ";
      s += "(\"" + x->table[k].first + "\"," + std::to_string(x->table[k].second) + ")";
    }
    return s + "]";
  }
  return s;
}

inline std::string codeText(const Bytecode& code) {
  std::string s;
  for (std::size_t k = 0; k < code.size(); ++k) {
    if (k) s += "; ";
    s += instrText(code[k]);
  }
  return s;
}

}  // namespace tt::test
