#include "tables.hpp"

#include <stdexcept>

namespace tt::vm::detail {

Sym SymTable::intern(std::string_view s) {
  auto it = index_.find(std::string(s));
  if (it != index_.end()) return it->second;
  const auto id = static_cast<Sym>(names_.size());
  names_.emplace_back(s);
  index_.emplace(names_.back(), id);
  return id;
}

Sym SymTable::find(std::string_view s) const {
  auto it = index_.find(std::string(s));
  return it == index_.end() ? kNone : it->second;
}

EpId EndpointTable::intern(EpKey k) {
  auto it = index_.find(k);
  if (it != index_.end()) return it->second;
  const auto id = static_cast<EpId>(keys_.size());
  keys_.push_back(k);
  index_.emplace(k, id);
  return id;
}

EpId EndpointTable::find(EpKey k) const {
  auto it = index_.find(k);
  return it == index_.end() ? kNone : it->second;
}

namespace {
std::uint64_t typeKey(TypeRef t) { return (std::uint64_t{static_cast<std::uint8_t>(t.kind)} << 32) | t.id; }
}  // namespace

TypeRef ProdTable::prodType(TypeRef l, TypeRef r) {
  const auto key = std::make_pair(typeKey(l), typeKey(r));
  auto it = typeIndex_.find(key);
  if (it != typeIndex_.end()) return {VK::Prod, it->second};
  const auto id = static_cast<std::uint32_t>(types_.size());
  types_.emplace_back(l, r);
  typeIndex_.emplace(key, id);
  return {VK::Prod, id};
}

Val ProdTable::prodVal(Val l, Val r, TypeRef type) {
  const ValPair key{l, r};
  auto it = valIndex_.find(key);
  if (it != valIndex_.end()) return {VK::Prod, it->second};
  const auto id = static_cast<std::uint32_t>(vals_.size());
  vals_.push_back({l, r, type});
  valIndex_.emplace(key, id);
  return {VK::Prod, id};
}

Val Tables::value(const tt::Value& v) const {
  switch (v.kind) {
    case tt::Value::Kind::Unit: return Val::unit();
    case tt::Value::Kind::Bool: return Val::boolean(v.boolean);
    case tt::Value::Kind::Nat: return Val::nat(v.nat);
    case tt::Value::Kind::String: return Val::string(syms->intern(v.str));
    case tt::Value::Kind::Chan: return Val::chan(eps->intern({v.chan.sid, syms->intern(v.chan.role)}));
    case tt::Value::Kind::Prod: {
      const Val l = v.left ? value(*v.left) : Val::unit();
      const Val r = v.right ? value(*v.right) : Val::unit();
      const TypeRef t = prods->prodType(valTypeOf(l, *prods), valTypeOf(r, *prods));
      return prods->prodVal(l, r, t);
    }
  }
  return {};
}

TypeRef Tables::valType(const tt::ValType& t) const {
  switch (t.kind) {
    case tt::ValType::Kind::Unit: return {VK::Unit, 0};
    case tt::ValType::Kind::Bool: return {VK::Bool, 0};
    case tt::ValType::Kind::Nat: return {VK::Nat, 0};
    case tt::ValType::Kind::String: return {VK::String, 0};
    case tt::ValType::Kind::Chan: return {VK::Chan, eps->intern({t.chan.sid, syms->intern(t.chan.role)})};
    case tt::ValType::Kind::Prod: {
      const TypeRef l = t.left ? valType(*t.left) : TypeRef{};
      const TypeRef r = t.right ? valType(*t.right) : TypeRef{};
      return prods->prodType(l, r);
    }
  }
  return {};
}

tt::Endpoint ConstTables::endpoint(EpId e) const {
  const EpKey& k = eps->key(e);
  return {k.sid, syms->name(k.role)};
}

tt::Value ConstTables::value(const Val& v) const {
  switch (v.kind) {
    case VK::Unit: return tt::Value::unit();
    case VK::Bool: return tt::Value::ofBool(v.bits != 0);
    case VK::Nat: return tt::Value::ofNat(v.bits);
    case VK::String: return tt::Value::ofString(syms->name(static_cast<Sym>(v.bits)));
    case VK::Chan: return tt::Value::ofChan(endpoint(static_cast<EpId>(v.bits)));
    case VK::Prod: {
      const auto& p = prods->val(v.bits);
      return tt::Value::prod(value(p.left), value(p.right));
    }
  }
  return {};
}

tt::ValType ConstTables::valType(const TypeRef& t) const {
  switch (t.kind) {
    case VK::Unit: return tt::ValType::unit();
    case VK::Bool: return tt::ValType::boolean();
    case VK::Nat: return tt::ValType::nat();
    case VK::String: return tt::ValType::string();
    case VK::Chan: {
      const tt::Endpoint ep = endpoint(t.id);
      return tt::ValType::chanOf(ep.sid, ep.role);
    }
    case VK::Prod: {
      const auto& p = prods->type(t.id);
      return tt::ValType::prod(valType(p.first), valType(p.second));
    }
  }
  return {};
}

}  // namespace tt::vm::detail
