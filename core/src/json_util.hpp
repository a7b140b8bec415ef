// Private helpers shared by the JSON codecs: JSON paths, typed accessors that throw
// InputError naming the path, a strict object reader, externally tagged enums, the
// decoding context (caps, strictness) and the hard ceilings of every cap.
#pragma once
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>

#include "tt/core/config.hpp"
#include "tt/core/error.hpp"
#include "tt/core/failure.hpp"
#include "tt/core/instr.hpp"
#include "tt/core/session_types.hpp"
#include "tt/core/value.hpp"

namespace tt::json::detail {

using boost::json::array;
using boost::json::object;
using boost::json::value;

// Input text larger than this is rejected before parsing.
inline constexpr std::size_t kMaxJsonBytes = 8u << 20;
// Arrays and objects nested deeper than this are rejected by the parser.
inline constexpr std::size_t kMaxJsonDepth = 1024;

// The largest value each cap of config.limits may be raised to. Public decoders that get
// no scenario config (traces, runner input, single instructions) apply these.
Limits ceilingLimits();

// Compact text with object keys sorted by byte order, ascending (canonical) or descending
// (Lean's printer, F §1.3). Strings are escaped as Lean's Json.compress does: `"`, `\\`,
// LF (\n), CR (\r), every other character below 0x20 as \u00xx (lowercase hex); the
// rest, 0x7F and non-ASCII included, is written raw.
std::string printSorted(const value& v, bool descending);

// --- paths ----------------------------------------------------------------------------
// `base.key`, or `key` at the root; keys that are not plain identifiers are quoted as
// `base["a b"]`.
std::string fieldPath(std::string_view base, std::string_view key);
// `base[i]`.
std::string indexPath(std::string_view base, std::size_t i);

// --- errors -----------------------------------------------------------------------------
[[noreturn]] void fail(const std::string& path, std::string message);
// "object", "array", "string", "integer", "negative integer", "number", "boolean", "null".
std::string describe(const value& v);
// Quote a string for an error message (JSON escaping).
std::string jsonQuote(std::string_view s);

// --- typed access ----------------------------------------------------------------------
const object& asObject(const value& v, const std::string& path);
const array& asArray(const value& v, const std::string& path);
std::string asString(const value& v, const std::string& path);
bool asBool(const value& v, const std::string& path);
std::uint64_t asU64(const value& v, const std::string& path);
// A non-negative integer no larger than `max`; `what` names the cap in the message.
std::uint64_t asU64Capped(const value& v, const std::string& path, std::uint64_t max,
                          std::string_view what);
// An array with at most `max` elements; `what` names the cap.
const array& asArrayCapped(const value& v, const std::string& path, std::size_t max,
                           std::string_view what);
std::vector<std::string> asStringList(const value& v, const std::string& path);

// Reads the fields of one object. `strict` readers reject, in finish(), every field that
// was never asked for; tolerant readers ignore them.
class ObjectReader {
 public:
  ObjectReader(const value& v, std::string path, bool strict = true);
  const value* optional(std::string_view key);
  const value& required(std::string_view key);
  bool has(std::string_view key) const;
  std::string path(std::string_view key) const { return fieldPath(path_, key); }
  const std::string& path() const { return path_; }
  const object& obj() const { return *obj_; }
  // Strict: "<path>.<key>: unknown field" for the first field (in input order) never read.
  void finish();
  // Strict: the same check up front, against the fields this object may have.
  void expectOnly(std::initializer_list<std::string_view> known) const;

 private:
  const object* obj_;
  std::string path_;
  bool strict_;
  std::vector<std::string> seen_;
};

// An externally tagged enum: a bare string (unit variant) or an object with exactly one
// key (data variant). `payload` is null for the bare string form.
struct Tagged {
  std::string tag;
  const value* payload = nullptr;
  std::string payloadPath;  // path of the payload (path.tag)
};
Tagged asTagged(const value& v, const std::string& path);

// Look `name` up among `count` enum values whose names `nameOf` gives.
template <class E, class F>
bool enumFromName(std::string_view name, std::size_t count, F nameOf, E& out) {
  for (std::size_t i = 0; i < count; ++i) {
    const E e = static_cast<E>(i);
    if (name == nameOf(e)) { out = e; return true; }
  }
  return false;
}
// The same, throwing `<path>: unknown <what> "<name>"`.
template <class E, class F>
E enumFromNameOrFail(std::string_view name, std::size_t count, F nameOf,
                     const std::string& path, std::string_view what) {
  E out{};
  if (!enumFromName(name, count, nameOf, out))
    fail(path, "unknown " + std::string(what) + " " + jsonQuote(name));
  return out;
}

// --- decoding context --------------------------------------------------------------------
// Caps and strictness for one decode. Type size and depth are counted as nodes are read,
// so an oversize input is rejected before the rest of it is decoded.
struct Ctx {
  Limits limits = ceilingLimits();
  bool strict = true;         // reject unknown fields
  bool requireClosed = false; // reject unbound recursion variables (scenarios)
  const char* limitsWhere = "the hard ceiling";  // how error messages name the caps
};

// Counts the nodes of one type tree (session types with their value types, payload sorts
// and labels) against maxTypeSize / maxTypeDepth.
class TypeBudget {
 public:
  TypeBudget(const Ctx& ctx) : ctx_(ctx) {}
  // Enter one node at `path`; the returned guard leaves it.
  class Guard {
   public:
    explicit Guard(TypeBudget& b) : b_(b) {}
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    ~Guard() { --b_.depth_; }
   private:
    TypeBudget& b_;
  };
  [[nodiscard]] Guard enter(const std::string& path);
  const Ctx& ctx() const { return ctx_; }

 private:
  const Ctx& ctx_;
  std::size_t size_ = 0;
  std::size_t depth_ = 0;
};

// Counts the nodes of one value against maxValueSize.
class ValueBudget {
 public:
  ValueBudget(const Ctx& ctx) : ctx_(ctx) {}
  void enter(const std::string& path);
 private:
  const Ctx& ctx_;
  std::size_t size_ = 0;
};

// Names of nested recursion binders, innermost last (for requireClosed).
using Scope = std::vector<std::string>;

// --- internal decoders with a context (json_types.cpp) ----------------------------------
Value valueFromJsonCtx(const value& j, const std::string& path, ValueBudget& b, const Ctx& ctx);
Value immFromJsonCtx(const value& j, const std::string& path, ValueBudget& b, const Ctx& ctx);
ValType valTypeFromJsonCtx(const value& j, const std::string& path, TypeBudget& b);
Endpoint endpointFromJsonCtx(const value& j, const std::string& path, const Ctx& ctx);
Edge edgeFromJsonCtx(const value& j, const std::string& path, const Ctx& ctx);
GlobalTypePtr globalTypeFromJsonCtx(const value& j, const std::string& path, const Ctx& ctx);
LocalTypeRPtr localTypeRFromJsonCtx(const value& j, const std::string& path, const Ctx& ctx);
LocalTypePtr localTypeFromJsonCtx(const value& j, const std::string& path, const Ctx& ctx);
// (json_instr.cpp)
Instr instrFromJsonCtx(const value& j, const std::string& path, const Ctx& ctx);
// (json_config.cpp)
Failure failureFromReader(ObjectReader& r, const Ctx& ctx);
value timedFailureToJson(const TimedFailure& t);
Limits limitsFromJson(const value& j, const std::string& path);

// A role-keyed list written as a JSON object in the given order.
template <class T, class F>
value pairsToObject(const std::vector<std::pair<std::string, T>>& xs, F toJson) {
  object o;
  for (const auto& [k, v] : xs) o[k] = toJson(v);
  return o;
}

}  // namespace tt::json::detail
