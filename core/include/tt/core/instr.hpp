// The 21 instructions with their Lean operands (reference A §3, F D8).
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "tt/core/session_types.hpp"
#include "tt/core/value.hpp"

namespace tt {

namespace instr {
struct Send { Reg chan = 0; Reg val = 0; friend bool operator==(const Send&, const Send&) = default; };
struct Receive { Reg chan = 0; Reg dst = 0; friend bool operator==(const Receive&, const Receive&) = default; };
// Internal choice: send `label` to the partner of a select type.
struct Offer { Reg chan = 0; Label label; friend bool operator==(const Offer&, const Offer&) = default; };
// External choice: receive a label and jump through the table (absolute pcs).
struct Choose { Reg chan = 0; std::vector<std::pair<Label, PC>> table; friend bool operator==(const Choose&, const Choose&) = default; };
struct Acquire { LayerId layer; Reg dst = 0; friend bool operator==(const Acquire&, const Acquire&) = default; };
struct Release { LayerId layer; Reg evidence = 0; friend bool operator==(const Release&, const Release&) = default; };
// The unit effect action (the only one under the unit model).
struct Invoke { friend bool operator==(const Invoke&, const Invoke&) = default; };

// A handler binding of `open`. `sid == nullopt` is the documented placeholder "the session
// this open creates" (its sid is st.nextSessionId when the open runs).
struct OpenHandler {
  std::optional<SessionId> sid;
  Role sender;
  Role receiver;
  HandlerId handler = 0;
  friend bool operator==(const OpenHandler&, const OpenHandler&) = default;
};
struct Open {
  std::vector<Role> roles;  // Lean's step ignores it except for the monitor arity rule
  std::vector<std::pair<Role, LocalTypePtr>> localTypes;
  std::vector<OpenHandler> handlers;
  std::vector<std::pair<Role, Reg>> dsts;
  friend bool operator==(const Open& a, const Open& b);
};
struct Close { Reg session = 0; friend bool operator==(const Close&, const Close&) = default; };
struct Fork { Reg sid = 0; friend bool operator==(const Fork&, const Fork&) = default; };
struct Join { friend bool operator==(const Join&, const Join&) = default; };
struct Abort { friend bool operator==(const Abort&, const Abort&) = default; };
struct Transfer { Reg endpoint = 0; Reg targetCoro = 0; Reg bundle = 0; friend bool operator==(const Transfer&, const Transfer&) = default; };
struct Tag { Reg fact = 0; Reg dst = 0; friend bool operator==(const Tag&, const Tag&) = default; };
struct Check { Reg knowledge = 0; Reg target = 0; Reg dst = 0; friend bool operator==(const Check&, const Check&) = default; };
struct Set { Reg dst = 0; Value imm; friend bool operator==(const Set&, const Set&) = default; };
struct Move { Reg dst = 0; Reg src = 0; friend bool operator==(const Move&, const Move&) = default; };
struct Jump { PC target = 0; friend bool operator==(const Jump&, const Jump&) = default; };
struct Spawn { PC target = 0; std::vector<Reg> args; friend bool operator==(const Spawn&, const Spawn&) = default; };
struct Yield { friend bool operator==(const Yield&, const Yield&) = default; };
struct Halt { friend bool operator==(const Halt&, const Halt&) = default; };
}  // namespace instr

// Variant order is the table order of reference A §3 (index = opcode).
using Instr = std::variant<instr::Send, instr::Receive, instr::Offer, instr::Choose,
                           instr::Acquire, instr::Release, instr::Invoke, instr::Open,
                           instr::Close, instr::Fork, instr::Join, instr::Abort,
                           instr::Transfer, instr::Tag, instr::Check, instr::Set,
                           instr::Move, instr::Jump, instr::Spawn, instr::Yield, instr::Halt>;

enum class Opcode : std::uint8_t {
  Send, Receive, Offer, Choose, Acquire, Release, Invoke, Open, Close, Fork, Join, Abort,
  Transfer, Tag, Check, Set, Move, Jump, Spawn, Yield, Halt
};
inline constexpr std::size_t kOpcodeCount = 21;

inline Opcode opcodeOf(const Instr& i) { return static_cast<Opcode>(i.index()); }
// Lean's monitorInstrTag ("send", "receive", ...), also the cost-map key.
const char* opcodeName(Opcode op);
std::optional<Opcode> opcodeFromName(std::string_view name);
// Upstream externally tagged name ("Send", "Receive", ...).
const char* opcodeTag(Opcode op);
// Lean instrNeedsSession.
bool instrNeedsSession(Opcode op);

using Bytecode = std::vector<Instr>;

}  // namespace tt
