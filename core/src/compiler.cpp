// The compiler LocalTypeR -> bytecode (reference A §10.1, Lean CompileLocalTypeR).
// Pcs are relative to the start of the role's own code; the image builder decides about
// relocation. Register 0 is always the channel and register 1 the value.
#include "tt/core/compiler.hpp"

#include <string>
#include <utility>
#include <vector>

namespace tt {

namespace {

constexpr Reg kChanReg = 0;
constexpr Reg kValReg = 1;

class Compiler {
 public:
  Bytecode run(const LocalTypeR& t) {
    compile(t);
    ensureTerminal();
    return std::move(code_);
  }

 private:
  Bytecode code_;
  // Lean threads loopTargets through the recursion and returns the list a subterm ends
  // with, so a binding made inside a `mu` stays visible afterwards, even in later sibling
  // branches. Bindings are only ever added, so one growing list (newest at the back,
  // looked up from the back) gives exactly Lean's lookups.
  std::vector<std::pair<std::string, PC>> loopTargets_;

  void compileOrEnd(const LocalTypeRPtr& t) {
    if (t) compile(*t);
    else code_.push_back(instr::Halt{});
  }

  void compile(const LocalTypeR& t) {
    switch (t.kind) {
      case LocalTypeR::Kind::End:
        code_.push_back(instr::Halt{});
        return;
      case LocalTypeR::Kind::Send:
        compileSend(t);
        return;
      case LocalTypeR::Kind::Recv:
        compileRecv(t);
        return;
      case LocalTypeR::Kind::Mu:
        loopTargets_.emplace_back(t.var, code_.size());
        compileOrEnd(t.body);
        return;
      case LocalTypeR::Kind::Var:
        for (auto it = loopTargets_.rbegin(); it != loopTargets_.rend(); ++it) {
          if (it->first == t.var) {
            code_.push_back(instr::Jump{it->second});
            return;
          }
        }
        code_.push_back(instr::Halt{});
        return;
    }
  }

  void compileSend(const LocalTypeR& t) {
    if (t.branches.empty()) {
      code_.push_back(instr::Halt{});
    } else if (t.branches.size() == 1) {
      code_.push_back(instr::Send{kChanReg, kValReg});
      code_.push_back(instr::Invoke{});
      compileOrEnd(t.branches.front().cont);
    } else {
      // A deterministic choice of the first label; the other branches get no code.
      code_.push_back(instr::Offer{kChanReg, t.branches.front().label.name});
      compileOrEnd(t.branches.front().cont);
    }
  }

  void compileRecv(const LocalTypeR& t) {
    if (t.branches.empty()) {
      code_.push_back(instr::Halt{});
    } else if (t.branches.size() == 1) {
      code_.push_back(instr::Receive{kChanReg, kValReg});
      code_.push_back(instr::Invoke{});
      compileOrEnd(t.branches.front().cont);
    } else {
      const std::size_t placeholder = code_.size();
      code_.push_back(instr::Choose{kChanReg, {}});
      std::vector<std::pair<Label, PC>> table;
      for (const BranchR& b : t.branches) {
        const PC start = code_.size();
        compileOrEnd(b.cont);
        table.emplace_back(b.label.name, start);
      }
      code_[placeholder] = instr::Choose{kChanReg, std::move(table)};
    }
  }

  // Lean ensureTerminal: the code ends in halt or jump.
  void ensureTerminal() {
    if (!code_.empty() && (std::holds_alternative<instr::Halt>(code_.back()) ||
                           std::holds_alternative<instr::Jump>(code_.back())))
      return;
    code_.push_back(instr::Halt{});
  }
};

}  // namespace

Bytecode compileLocalTypeR(const LocalTypeR& t) { return Compiler{}.run(t); }

}  // namespace tt
