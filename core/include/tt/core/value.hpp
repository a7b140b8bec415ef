// Runtime scalars, endpoints, edges, values and value types (reference A §1, §2.1).
#pragma once
#include <compare>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tt {

using SessionId = std::uint64_t;
using CoroutineId = std::uint64_t;
using Reg = std::uint32_t;
using PC = std::uint64_t;
using HandlerId = std::uint64_t;
using LaneId = std::uint64_t;
using SiteId = std::uint64_t;
using Role = std::string;
using Label = std::string;
using LayerId = std::string;

// One participant's handle on one session. Ordered by sid, then role (byte order equals
// Lean's code-point order for valid UTF-8).
struct Endpoint {
  SessionId sid = 0;
  Role role;
  friend auto operator<=>(const Endpoint&, const Endpoint&) = default;
};

// A directed channel inside a session; ordered by sid, sender, receiver.
struct Edge {
  SessionId sid = 0;
  Role sender;
  Role receiver;
  friend auto operator<=>(const Edge&, const Edge&) = default;
};

inline Edge edgeTo(const Endpoint& ep, const Role& partner) { return {ep.sid, ep.role, partner}; }
inline Edge edgeFrom(const Role& partner, const Endpoint& ep) { return {ep.sid, partner, ep.role}; }

// ValType: unit | bool | nat | string | prod(a,b) | chan(sid, role). Immutable tree.
struct ValType {
  enum class Kind : std::uint8_t { Unit, Bool, Nat, String, Prod, Chan };
  Kind kind = Kind::Unit;
  std::shared_ptr<const ValType> left, right;  // Prod only
  Endpoint chan;                               // Chan only

  static ValType unit() { return {}; }
  static ValType boolean() { return ValType{Kind::Bool, {}, {}, {}}; }
  static ValType nat() { return ValType{Kind::Nat, {}, {}, {}}; }
  static ValType string() { return ValType{Kind::String, {}, {}, {}}; }
  static ValType prod(ValType a, ValType b);
  static ValType chanOf(SessionId sid, Role role) { return ValType{Kind::Chan, {}, {}, {sid, std::move(role)}}; }

  friend bool operator==(const ValType& a, const ValType& b);
};

// Runtime value (Lean `Value`). Immutable prod children are shared.
struct Value {
  enum class Kind : std::uint8_t { Unit, Bool, Nat, String, Prod, Chan };
  Kind kind = Kind::Unit;
  bool boolean = false;
  std::uint64_t nat = 0;
  std::string str;                           // String
  std::shared_ptr<const Value> left, right;  // Prod
  Endpoint chan;                             // Chan

  static Value unit() { return {}; }
  static Value ofBool(bool b) { Value v; v.kind = Kind::Bool; v.boolean = b; return v; }
  static Value ofNat(std::uint64_t n) { Value v; v.kind = Kind::Nat; v.nat = n; return v; }
  static Value ofString(std::string s) { Value v; v.kind = Kind::String; v.str = std::move(s); return v; }
  static Value prod(Value a, Value b);
  static Value ofChan(Endpoint ep) { Value v; v.kind = Kind::Chan; v.chan = std::move(ep); return v; }

  bool isChan() const { return kind == Kind::Chan; }
  friend bool operator==(const Value& a, const Value& b);
};

// valTypeOf: the ValType a value inhabits (chan ep -> chan ep.sid ep.role).
ValType valTypeOf(const Value& v);
// True if any chan inside v (through prods) has this sid.
bool containsSid(SessionId sid, const Value& v);
// Number of nodes, used by caps.
std::size_t valueSize(const Value& v);

}  // namespace tt
