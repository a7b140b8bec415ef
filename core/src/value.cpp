// Values and value types (reference A §1.3, §2.1): structural equality, valTypeOf and the
// small helpers the runners share.
#include "tt/core/value.hpp"

namespace tt {

namespace {

// A prod built by the factories always has both children; a hand-built one might not.
// A missing child reads as unit, so equality and sizes never dereference null.
const ValType& childOr(const std::shared_ptr<const ValType>& p) {
  static const ValType unit;
  return p ? *p : unit;
}
const Value& childOr(const std::shared_ptr<const Value>& p) {
  static const Value unit;
  return p ? *p : unit;
}

}  // namespace

ValType ValType::prod(ValType a, ValType b) {
  ValType t;
  t.kind = Kind::Prod;
  t.left = std::make_shared<const ValType>(std::move(a));
  t.right = std::make_shared<const ValType>(std::move(b));
  return t;
}

bool operator==(const ValType& a, const ValType& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ValType::Kind::Prod:
      return childOr(a.left) == childOr(b.left) && childOr(a.right) == childOr(b.right);
    case ValType::Kind::Chan:
      return a.chan == b.chan;
    default:
      return true;
  }
}

Value Value::prod(Value a, Value b) {
  Value v;
  v.kind = Kind::Prod;
  v.left = std::make_shared<const Value>(std::move(a));
  v.right = std::make_shared<const Value>(std::move(b));
  return v;
}

bool operator==(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case Value::Kind::Unit: return true;
    case Value::Kind::Bool: return a.boolean == b.boolean;
    case Value::Kind::Nat: return a.nat == b.nat;
    case Value::Kind::String: return a.str == b.str;
    case Value::Kind::Prod:
      return childOr(a.left) == childOr(b.left) && childOr(a.right) == childOr(b.right);
    case Value::Kind::Chan: return a.chan == b.chan;
  }
  return false;
}

ValType valTypeOf(const Value& v) {
  switch (v.kind) {
    case Value::Kind::Unit: return ValType::unit();
    case Value::Kind::Bool: return ValType::boolean();
    case Value::Kind::Nat: return ValType::nat();
    case Value::Kind::String: return ValType::string();
    case Value::Kind::Prod: return ValType::prod(valTypeOf(childOr(v.left)), valTypeOf(childOr(v.right)));
    case Value::Kind::Chan: return ValType::chanOf(v.chan.sid, v.chan.role);
  }
  return ValType::unit();
}

bool containsSid(SessionId sid, const Value& v) {
  switch (v.kind) {
    case Value::Kind::Chan: return v.chan.sid == sid;
    case Value::Kind::Prod: return containsSid(sid, childOr(v.left)) || containsSid(sid, childOr(v.right));
    default: return false;
  }
}

std::size_t valueSize(const Value& v) {
  if (v.kind != Value::Kind::Prod) return 1;
  return 1 + valueSize(childOr(v.left)) + valueSize(childOr(v.right));
}

}  // namespace tt
