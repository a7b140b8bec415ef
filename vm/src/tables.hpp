// Intern tables: names, endpoints, products; and the conversions between core values/types
// and the VM's flat ones.
#pragma once
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ids.hpp"
#include "tt/core/value.hpp"

namespace tt::vm::detail {

class SymTable {
 public:
  Sym intern(std::string_view s);
  Sym find(std::string_view s) const;  // kNone when absent
  const std::string& name(Sym s) const { return names_[s]; }
  std::size_t size() const { return names_.size(); }

 private:
  std::vector<std::string> names_;
  std::unordered_map<std::string, Sym> index_;
};

// (sid, role) <-> EpId. The loader and `open` add endpoints at run time; values and types
// in the program text add them at compile time.
class EndpointTable {
 public:
  EpId intern(EpKey k);
  EpId find(EpKey k) const;  // kNone when absent
  const EpKey& key(EpId e) const { return keys_[e]; }
  std::size_t size() const { return keys_.size(); }

 private:
  std::vector<EpKey> keys_;
  std::unordered_map<EpKey, EpId, EpKeyHash> index_;
};

// Products: values and value types, hash-consed so that id equality is structural equality.
class ProdTable {
 public:
  struct ProdVal {
    Val left, right;
    TypeRef type;  // valTypeOf of the whole product, computed once
  };
  TypeRef prodType(TypeRef l, TypeRef r);
  Val prodVal(Val l, Val r, TypeRef type);
  const ProdVal& val(std::uint64_t id) const { return vals_[id]; }
  const std::pair<TypeRef, TypeRef>& type(std::uint32_t id) const { return types_[id]; }

 private:
  struct ValPair {
    Val l, r;
    friend bool operator==(const ValPair&, const ValPair&) = default;
  };
  struct ValPairHash {
    std::size_t operator()(const ValPair& p) const {
      return mix64((p.l.bits * 31 + static_cast<unsigned>(p.l.kind)) * 0x9e3779b97f4a7c15ULL ^
                   (p.r.bits * 31 + static_cast<unsigned>(p.r.kind)));
    }
  };
  struct PairHash {
    std::size_t operator()(const std::pair<std::uint64_t, std::uint64_t>& p) const {
      return mix64(p.first * 0x9e3779b97f4a7c15ULL ^ p.second);
    }
  };
  std::vector<ProdVal> vals_;
  std::unordered_map<ValPair, std::uint32_t, ValPairHash> valIndex_;
  std::vector<std::pair<TypeRef, TypeRef>> types_;
  std::unordered_map<std::pair<std::uint64_t, std::uint64_t>, std::uint32_t, PairHash> typeIndex_;
};

// Lean valTypeOf on a flat value.
inline TypeRef valTypeOf(const Val& v, const ProdTable& prods) {
  switch (v.kind) {
    case VK::Unit: return {VK::Unit, 0};
    case VK::Bool: return {VK::Bool, 0};
    case VK::Nat: return {VK::Nat, 0};
    case VK::String: return {VK::String, 0};
    case VK::Prod: return prods.val(v.bits).type;
    case VK::Chan: return {VK::Chan, static_cast<std::uint32_t>(v.bits)};
  }
  return {};
}

// Core <-> flat conversions. The intern directions add what is missing.
struct Tables {
  SymTable* syms;
  EndpointTable* eps;
  ProdTable* prods;
  Val value(const tt::Value& v) const;
  TypeRef valType(const tt::ValType& t) const;
};
struct ConstTables {
  const SymTable* syms;
  const EndpointTable* eps;
  const ProdTable* prods;
  tt::Value value(const Val& v) const;
  tt::ValType valType(const TypeRef& t) const;
  tt::Endpoint endpoint(EpId e) const;
};

}  // namespace tt::vm::detail
