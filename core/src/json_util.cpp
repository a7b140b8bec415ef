// Parsing (bounded, duplicate keys rejected), sorted printing, and the accessors every
// codec uses to turn a wrong input into an InputError that names the JSON path.
#include "json_util.hpp"

#include <algorithm>
#include <string>
#include <unordered_set>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_stack.hpp>

#include "tt/core/json.hpp"

namespace tt::json {
namespace detail {

Limits ceilingLimits() {
  Limits l;
  l.maxRoles = 256;
  l.maxImages = 4096;
  l.maxProgramLength = 1u << 20;
  l.maxRegisterIndex = 65535;
  l.maxTypeSize = 1u << 20;
  l.maxTypeDepth = 256;
  l.maxValueSize = 1u << 16;
  l.maxFuel = 1'000'000'000'000ULL;
  l.maxFaults = 1u << 16;
  l.maxCoroutinesTotal = 1u << 20;
  l.maxSessionsTotal = 1u << 20;
  l.maxBufferedValues = 1u << 24;
  l.maxTraceEvents = 1u << 28;
  l.maxConcurrency = 1024;
  return l;
}

// --- paths ------------------------------------------------------------------------------

namespace {
bool isPlainKey(std::string_view k) {
  if (k.empty()) return false;
  return std::all_of(k.begin(), k.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '-';
  });
}
}  // namespace

std::string fieldPath(std::string_view base, std::string_view key) {
  std::string out(base);
  if (isPlainKey(key)) {
    if (!out.empty()) out += '.';
    out += key;
  } else {
    out += '[';
    out += jsonQuote(key);
    out += ']';
  }
  return out;
}

std::string indexPath(std::string_view base, std::size_t i) {
  std::string out(base);
  out += '[';
  out += std::to_string(i);
  out += ']';
  return out;
}

// --- errors ----------------------------------------------------------------------------

void fail(const std::string& path, std::string message) {
  throw InputError(path, std::move(message));
}

std::string describe(const value& v) {
  switch (v.kind()) {
    case boost::json::kind::object: return "object";
    case boost::json::kind::array: return "array";
    case boost::json::kind::string: return "string";
    case boost::json::kind::int64: return v.get_int64() < 0 ? "negative integer" : "integer";
    case boost::json::kind::uint64: return "integer";
    case boost::json::kind::double_: return "number";
    case boost::json::kind::bool_: return "boolean";
    case boost::json::kind::null: return "null";
  }
  return "value";
}

namespace {
void appendEscaped(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  out += '"';
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"') out += "\\\"";
    else if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else if (c < 0x20) {
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 0xF];
    } else {
      out += ch;
    }
  }
  out += '"';
}
}  // namespace

std::string jsonQuote(std::string_view s) {
  std::string out;
  appendEscaped(out, s);
  return out;
}

// --- typed access ------------------------------------------------------------------------

const object& asObject(const value& v, const std::string& path) {
  if (!v.is_object()) fail(path, "expected an object, got " + describe(v));
  return v.get_object();
}

const array& asArray(const value& v, const std::string& path) {
  if (!v.is_array()) fail(path, "expected an array, got " + describe(v));
  return v.get_array();
}

std::string asString(const value& v, const std::string& path) {
  if (!v.is_string()) fail(path, "expected a string, got " + describe(v));
  const auto& s = v.get_string();
  return std::string(s.data(), s.size());
}

bool asBool(const value& v, const std::string& path) {
  if (!v.is_bool()) fail(path, "expected a boolean, got " + describe(v));
  return v.get_bool();
}

std::uint64_t asU64(const value& v, const std::string& path) {
  if (v.is_uint64()) return v.get_uint64();
  if (v.is_int64() && v.get_int64() >= 0) return static_cast<std::uint64_t>(v.get_int64());
  fail(path, "expected a non-negative integer, got " + describe(v));
}

std::uint64_t asU64Capped(const value& v, const std::string& path, std::uint64_t max,
                          std::string_view what) {
  const std::uint64_t n = asU64(v, path);
  if (n > max)
    fail(path, std::to_string(n) + " exceeds the cap " + std::to_string(max) + " (" +
                   std::string(what) + ")");
  return n;
}

const array& asArrayCapped(const value& v, const std::string& path, std::size_t max,
                           std::string_view what) {
  const array& a = asArray(v, path);
  if (a.size() > max)
    fail(path, std::to_string(a.size()) + " elements exceed the cap " + std::to_string(max) +
                   " (" + std::string(what) + ")");
  return a;
}

std::vector<std::string> asStringList(const value& v, const std::string& path) {
  const array& a = asArray(v, path);
  std::vector<std::string> out;
  out.reserve(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) out.push_back(asString(a[i], indexPath(path, i)));
  return out;
}

// --- ObjectReader ------------------------------------------------------------------------

ObjectReader::ObjectReader(const value& v, std::string path, bool strict)
    : obj_(&asObject(v, path)), path_(std::move(path)), strict_(strict) {}

const value* ObjectReader::optional(std::string_view key) {
  const auto it = obj_->find(key);
  if (it == obj_->end()) return nullptr;
  seen_.emplace_back(key);
  return &it->value();
}

const value& ObjectReader::required(std::string_view key) {
  const value* v = optional(key);
  if (!v) fail(path_, "missing field " + jsonQuote(key));
  return *v;
}

bool ObjectReader::has(std::string_view key) const { return obj_->contains(key); }

void ObjectReader::finish() {
  if (!strict_) return;
  for (const auto& kv : *obj_) {
    const std::string_view k(kv.key().data(), kv.key().size());
    if (std::find(seen_.begin(), seen_.end(), k) == seen_.end())
      fail(fieldPath(path_, k), "unknown field");
  }
}

void ObjectReader::expectOnly(std::initializer_list<std::string_view> known) const {
  if (!strict_) return;
  for (const auto& kv : *obj_) {
    const std::string_view k(kv.key().data(), kv.key().size());
    if (std::find(known.begin(), known.end(), k) == known.end()) fail(fieldPath(path_, k), "unknown field");
  }
}

Tagged asTagged(const value& v, const std::string& path) {
  Tagged t;
  if (v.is_string()) {
    t.tag = asString(v, path);
    t.payloadPath = path;
    return t;
  }
  if (v.is_object() && v.get_object().size() == 1) {
    const auto& kv = *v.get_object().begin();
    t.tag.assign(kv.key().data(), kv.key().size());
    t.payload = &kv.value();
    t.payloadPath = fieldPath(path, t.tag);
    return t;
  }
  fail(path, "expected a string or an object with exactly one key, got " +
                 (v.is_object() ? "an object with " + std::to_string(v.get_object().size()) + " keys"
                                : describe(v)));
}

// --- budgets -------------------------------------------------------------------------------

TypeBudget::Guard TypeBudget::enter(const std::string& path) {
  if (++size_ > ctx_.limits.maxTypeSize)
    fail(path, "type has more than " + std::to_string(ctx_.limits.maxTypeSize) +
                   " nodes (max_type_size, " + ctx_.limitsWhere + ")");
  if (++depth_ > ctx_.limits.maxTypeDepth) {
    --depth_;
    fail(path, "type is nested deeper than " + std::to_string(ctx_.limits.maxTypeDepth) +
                   " (max_type_depth, " + ctx_.limitsWhere + ")");
  }
  return Guard(*this);
}

void ValueBudget::enter(const std::string& path) {
  if (++size_ > ctx_.limits.maxValueSize)
    fail(path, "value has more than " + std::to_string(ctx_.limits.maxValueSize) +
                   " nodes (max_value_size, " + ctx_.limitsWhere + ")");
}

// --- parsing -----------------------------------------------------------------------------

namespace {

// basic_parser handler: builds the value like Boost's own parser, and also tracks where it
// is (for error paths) and the keys of every open object, to reject duplicates (Boost 1.81
// would silently keep the last one).
class Handler {
 public:
  static constexpr std::size_t max_object_size = object::max_size();
  static constexpr std::size_t max_array_size = array::max_size();
  static constexpr std::size_t max_key_size = boost::json::string::max_size();
  static constexpr std::size_t max_string_size = boost::json::string::max_size();

  boost::json::value_stack st;
  bool duplicate = false;  // a duplicate key stopped the parse
  std::string duplicateKey;
  std::string duplicatePath;

  using ec_t = boost::json::error_code;
  using sv = boost::json::string_view;

  bool on_document_begin(ec_t&) { return true; }
  bool on_document_end(ec_t&) { return true; }
  bool on_object_begin(ec_t&) { beginValue(); levels_.push_back(newLevel(true)); return true; }
  bool on_object_end(std::size_t n, ec_t&) { levels_.pop_back(); st.push_object(n); return true; }
  bool on_array_begin(ec_t&) { beginValue(); levels_.push_back(newLevel(false)); return true; }
  bool on_array_end(std::size_t n, ec_t&) { levels_.pop_back(); st.push_array(n); return true; }
  bool on_key_part(sv s, std::size_t, ec_t&) {
    key_.append(s.data(), s.size());
    st.push_chars(s);
    return true;
  }
  bool on_key(sv s, std::size_t, ec_t& ec) {
    key_.append(s.data(), s.size());
    Level& l = levels_.back();
    if (!l.keys.insert(key_).second) {
      duplicate = true;
      duplicateKey = key_;
      duplicatePath = currentPath(levels_.size() - 1);
      ec = boost::json::error::syntax;
      return false;
    }
    l.key = std::move(key_);
    key_.clear();
    st.push_key(s);
    return true;
  }
  bool on_string_part(sv s, std::size_t, ec_t&) {
    if (!inString_) { beginValue(); inString_ = true; }
    st.push_chars(s);
    return true;
  }
  bool on_string(sv s, std::size_t, ec_t&) {
    if (!inString_) beginValue();
    inString_ = false;
    st.push_string(s);
    return true;
  }
  bool on_number_part(sv, ec_t&) { return true; }
  bool on_int64(std::int64_t i, sv, ec_t&) { beginValue(); st.push_int64(i); return true; }
  bool on_uint64(std::uint64_t u, sv, ec_t&) { beginValue(); st.push_uint64(u); return true; }
  bool on_double(double d, sv, ec_t&) { beginValue(); st.push_double(d); return true; }
  bool on_bool(bool b, ec_t&) { beginValue(); st.push_bool(b); return true; }
  bool on_null(ec_t&) { beginValue(); st.push_null(); return true; }
  bool on_comment_part(sv, ec_t&) { return true; }
  bool on_comment(sv, ec_t&) { return true; }

 private:
  struct Level {
    bool isObject = false;
    std::size_t count = 0;  // arrays: elements begun so far
    std::string key;        // objects: the key of the current member
    std::unordered_set<std::string> keys;
  };
  static Level newLevel(bool isObject) {
    Level l;
    l.isObject = isObject;
    return l;
  }
  void beginValue() {
    if (!levels_.empty() && !levels_.back().isObject) ++levels_.back().count;
  }
  // The path of the container at levels_[depth].
  std::string currentPath(std::size_t depth) const {
    std::string p;
    for (std::size_t i = 0; i < depth; ++i) {
      const Level& l = levels_[i];
      p = l.isObject ? fieldPath(p, l.key) : indexPath(p, l.count - 1);
    }
    return p;
  }

  std::vector<Level> levels_;
  std::string key_;
  bool inString_ = false;
};

std::string position(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1, col = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') { ++line; col = 1; } else { ++col; }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

void printSortedTo(std::string& out, const value& v, bool descending) {
  switch (v.kind()) {
    case boost::json::kind::object: {
      const object& o = v.get_object();
      std::vector<const boost::json::key_value_pair*> kvs;
      kvs.reserve(o.size());
      for (const auto& kv : o) kvs.push_back(&kv);
      std::sort(kvs.begin(), kvs.end(), [descending](auto* a, auto* b) {
        const std::string_view ka(a->key().data(), a->key().size());
        const std::string_view kb(b->key().data(), b->key().size());
        return descending ? kb < ka : ka < kb;
      });
      out += '{';
      bool first = true;
      for (const auto* kv : kvs) {
        if (!first) out += ',';
        first = false;
        appendEscaped(out, std::string_view(kv->key().data(), kv->key().size()));
        out += ':';
        printSortedTo(out, kv->value(), descending);
      }
      out += '}';
      return;
    }
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out += ',';
        first = false;
        printSortedTo(out, e, descending);
      }
      out += ']';
      return;
    }
    case boost::json::kind::string:
      appendEscaped(out, std::string_view(v.get_string().data(), v.get_string().size()));
      return;
    default:
      out += boost::json::serialize(v);
      return;
  }
}

}  // namespace

std::string printSorted(const value& v, bool descending) {
  std::string out;
  printSortedTo(out, v, descending);
  return out;
}

}  // namespace detail

value parse(std::string_view text, std::string_view what) {
  using detail::fail;
  if (text.size() > detail::kMaxJsonBytes)
    fail("", "invalid JSON: " + std::string(what) + " is " + std::to_string(text.size()) +
                 " bytes, more than the cap of " + std::to_string(detail::kMaxJsonBytes));
  boost::json::parse_options opt;
  opt.max_depth = detail::kMaxJsonDepth;
  boost::json::basic_parser<detail::Handler> p(opt);
  p.handler().st.reset();
  boost::json::error_code ec;
  const std::size_t n = p.write_some(false, text.data(), text.size(), ec);
  if (!ec && n < text.size()) ec = boost::json::error::extra_data;
  if (ec) {
    const auto& h = p.handler();
    if (h.duplicate)
      fail(h.duplicatePath, "duplicate key " + detail::jsonQuote(h.duplicateKey) + " (" +
                                detail::position(text, n) + " of " + std::string(what) + ")");
    fail("", "invalid JSON: " + ec.message() + " at " + detail::position(text, n) + " of " +
                 std::string(what));
  }
  return p.handler().st.release();
}

std::string canonical(const value& v) { return detail::printSorted(v, false); }

}  // namespace tt::json
