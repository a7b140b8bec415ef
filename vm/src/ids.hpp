// The VM's flat vocabulary: every name is interned (Sym), every endpoint and edge has a
// dense id, a value is 16 bytes (kind + 64-bit payload) and a value type is a (kind, id)
// pair whose equality is structural equality (prod types are hash-consed).
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>

namespace tt::vm::detail {

using Sym = std::uint32_t;     // interned string: role, label, string value, layer
using EpId = std::uint32_t;    // interned endpoint (sid, role)
using EdgeId = std::uint32_t;  // interned directed edge (sid, sender, receiver)
using NodeId = std::uint32_t;  // session-type state graph node
using CoId = std::uint32_t;    // coroutine id (= index)
inline constexpr std::uint32_t kNone = 0xffffffffu;
inline constexpr unsigned kRegs = 8;  // every coroutine has 8 registers (F D17)

enum class VK : std::uint8_t { Unit, Bool, Nat, String, Prod, Chan };

// Runtime value. Bool: 0/1; Nat: n; String: Sym; Prod: id in the prod-value table;
// Chan: EpId. All strings and products come from the program text, so nothing is
// allocated at run time.
struct Val {
  VK kind = VK::Unit;
  std::uint64_t bits = 0;
  static Val unit() { return {}; }
  static Val boolean(bool b) { return {VK::Bool, b ? 1u : 0u}; }
  static Val nat(std::uint64_t n) { return {VK::Nat, n}; }
  static Val string(Sym s) { return {VK::String, s}; }
  static Val chan(EpId e) { return {VK::Chan, e}; }
  friend bool operator==(const Val&, const Val&) = default;
};

// Value type. Prod: id in the (hash-consed) prod-type table; Chan: the EpId of (sid, role).
struct TypeRef {
  VK kind = VK::Unit;
  std::uint32_t id = 0;
  friend bool operator==(const TypeRef&, const TypeRef&) = default;
};

inline std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

struct EpKey {
  std::uint64_t sid = 0;
  Sym role = 0;
  friend bool operator==(const EpKey&, const EpKey&) = default;
};
struct EdgeKey {
  std::uint64_t sid = 0;
  Sym from = 0;
  Sym to = 0;
  friend bool operator==(const EdgeKey&, const EdgeKey&) = default;
};
struct EpKeyHash {
  std::size_t operator()(const EpKey& k) const { return mix64(k.sid * 0x9e3779b97f4a7c15ULL ^ k.role); }
};
struct EdgeKeyHash {
  std::size_t operator()(const EdgeKey& k) const {
    return mix64(k.sid * 0x9e3779b97f4a7c15ULL ^ ((std::uint64_t{k.from} << 32) | k.to));
  }
};

}  // namespace tt::vm::detail
