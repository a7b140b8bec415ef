// Building a code image from local types (reference A §4.2, Lean CodeImage.fromLocalTypes):
// sort by role, compile and concatenate, convert the types, summarise footprints, hash.
#include "tt/core/program.hpp"

#include <string>

#include "tt/core/compiler.hpp"

namespace tt {

// --- footprints -------------------------------------------------------------------------

namespace {

void appendUnique(std::vector<Role>& out, const Role& r) {
  for (const Role& x : out)
    if (x == r) return;
  out.push_back(r);
}

// Lean localTypeRFootprintRoles: partner first, then the footprints of every branch's
// continuation in order, de-duplicated keeping first occurrences. Appending into one list
// with first-occurrence de-duplication yields the same list.
void footprintInto(const LocalTypeR& t, std::vector<Role>& out) {
  switch (t.kind) {
    case LocalTypeR::Kind::End:
    case LocalTypeR::Kind::Var:
      return;
    case LocalTypeR::Kind::Mu:
      if (t.body) footprintInto(*t.body, out);
      return;
    case LocalTypeR::Kind::Send:
    case LocalTypeR::Kind::Recv:
      appendUnique(out, t.partner);
      for (const BranchR& b : t.branches)
        if (b.cont) footprintInto(*b.cont, out);
      return;
  }
}

}  // namespace

std::vector<Role> footprintOf(const LocalTypeR& t) {
  std::vector<Role> out;
  footprintInto(t, out);
  return out;
}

// --- sourceHash (non-parity) ------------------------------------------------------------
// Lean hashes the text of its derived `Repr` printer, which we do not reproduce (A §4.2
// UNCERTAIN). We keep Lean's djb2 fold over code points and feed it our own canonical
// text (below); the value is opaque and never compared with upstream. docs/core-types.md.

namespace {

void quoted(std::string& out, const std::string& s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
}

void sortText(std::string& out, const PayloadSort& s) {
  switch (s.kind) {
    case PayloadSort::Kind::Unit: out += "unit"; return;
    case PayloadSort::Kind::Nat: out += "nat"; return;
    case PayloadSort::Kind::Bool: out += "bool"; return;
    case PayloadSort::Kind::String: out += "string"; return;
    case PayloadSort::Kind::Real: out += "real"; return;
    case PayloadSort::Kind::Vector: out += "vector(" + std::to_string(s.vectorLen) + ")"; return;
    case PayloadSort::Kind::Prod:
      out += "prod(";
      sortText(out, s.left ? *s.left : PayloadSort{});
      out += ',';
      sortText(out, s.right ? *s.right : PayloadSort{});
      out += ')';
      return;
  }
}

void valTypeText(std::string& out, const ValType& t) {
  switch (t.kind) {
    case ValType::Kind::Unit: out += "unit"; return;
    case ValType::Kind::Bool: out += "bool"; return;
    case ValType::Kind::Nat: out += "nat"; return;
    case ValType::Kind::String: out += "string"; return;
    case ValType::Kind::Prod:
      out += "prod(";
      valTypeText(out, t.left ? *t.left : ValType{});
      out += ',';
      valTypeText(out, t.right ? *t.right : ValType{});
      out += ')';
      return;
    case ValType::Kind::Chan:
      out += "chan(" + std::to_string(t.chan.sid) + ',';
      quoted(out, t.chan.role);
      out += ')';
      return;
  }
}

void labelText(std::string& out, const TypeLabel& l) {
  out += '{';
  quoted(out, l.name);
  out += ',';
  sortText(out, l.sort);
  out += '}';
}

void globalText(std::string& out, const GlobalType& g) {
  static const GlobalType end;
  switch (g.kind) {
    case GlobalType::Kind::End: out += "end"; return;
    case GlobalType::Kind::Var: out += "var("; quoted(out, g.var); out += ')'; return;
    case GlobalType::Kind::Mu:
      out += "mu(";
      quoted(out, g.var);
      out += ',';
      globalText(out, g.body ? *g.body : end);
      out += ')';
      return;
    case GlobalType::Kind::Comm:
      out += "comm(";
      quoted(out, g.sender);
      out += ',';
      quoted(out, g.receiver);
      out += ",[";
      for (std::size_t i = 0; i < g.branches.size(); ++i) {
        if (i) out += ',';
        labelText(out, g.branches[i].label);
        out += ':';
        globalText(out, g.branches[i].cont ? *g.branches[i].cont : end);
      }
      out += "])";
      return;
    case GlobalType::Kind::Delegate:
      out += "delegate(";
      quoted(out, g.sender);
      out += ',';
      quoted(out, g.receiver);
      out += ',' + std::to_string(g.delegSid) + ',';
      quoted(out, g.delegRole);
      out += ',';
      globalText(out, g.body ? *g.body : end);
      out += ')';
      return;
  }
}

void localRText(std::string& out, const LocalTypeR& t) {
  static const LocalTypeR end;
  switch (t.kind) {
    case LocalTypeR::Kind::End: out += "end"; return;
    case LocalTypeR::Kind::Var: out += "var("; quoted(out, t.var); out += ')'; return;
    case LocalTypeR::Kind::Mu:
      out += "mu(";
      quoted(out, t.var);
      out += ',';
      localRText(out, t.body ? *t.body : end);
      out += ')';
      return;
    case LocalTypeR::Kind::Send:
    case LocalTypeR::Kind::Recv:
      out += t.kind == LocalTypeR::Kind::Send ? "send(" : "recv(";
      quoted(out, t.partner);
      out += ",[";
      for (std::size_t i = 0; i < t.branches.size(); ++i) {
        const BranchR& b = t.branches[i];
        if (i) out += ',';
        labelText(out, b.label);
        if (b.payload) {
          out += '?';
          valTypeText(out, *b.payload);
        }
        out += ':';
        localRText(out, b.cont ? *b.cont : end);
      }
      out += "])";
      return;
  }
}

// Calls f on each Unicode code point of UTF-8 text; a byte that does not start a valid
// sequence counts as one code point of its own value.
template <class F>
void forEachCodePoint(const std::string& s, F f) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t len = b0 < 0x80 ? 1 : (b0 >> 5) == 0x6 ? 2 : (b0 >> 4) == 0xE ? 3 : (b0 >> 3) == 0x1E ? 4 : 0;
    bool ok = len != 0 && i + len <= s.size();
    std::uint32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1Fu) : len == 3 ? (b0 & 0x0Fu) : (b0 & 0x07u);
    for (std::size_t k = 1; ok && k < len; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      ok = (b >> 6) == 0x2;
      cp = (cp << 6) | (b & 0x3Fu);
    }
    if (!ok) {
      f(static_cast<std::uint32_t>(b0));
      ++i;
    } else {
      f(cp);
      i += len;
    }
  }
}

// Lean mixHash64 / hashString64 (arithmetic mod 2^64).
std::uint64_t mixHash(std::uint64_t h, std::uint64_t n) { return (h << 5) + h + n; }

std::uint64_t hashString(const std::string& s) {
  std::uint64_t h = 5381;
  forEachCodePoint(s, [&](std::uint32_t cp) { h = mixHash(h, cp); });
  return h;
}

std::uint64_t codePointCount(const std::string& s) {
  std::uint64_t n = 0;
  forEachCodePoint(s, [&](std::uint32_t) { ++n; });
  return n;
}

// The hash of an image without a global type starts from hashString("").
std::uint64_t imageSourceHash(const std::vector<std::pair<Role, LocalTypeRPtr>>& ordered,
                              const std::optional<GlobalTypePtr>& globalType) {
  std::string text;
  if (globalType && *globalType) globalText(text, **globalType);
  std::uint64_t h = hashString(text);
  for (const auto& [role, lt] : ordered) {
    const std::uint64_t h1 = mixHash(h, codePointCount(role));
    const std::uint64_t h3 = mixHash(h1, hashString(role));
    std::string ltText;
    localRText(ltText, lt ? *lt : LocalTypeR{});
    h = mixHash(h3, hashString(ltText));
  }
  return h;
}

// Lean sortLocalTypesByRole: insert each entry before the first element whose role is
// >= its own, so among equal roles a later entry comes first.
std::vector<std::pair<Role, LocalTypeRPtr>> sortByRole(std::vector<std::pair<Role, LocalTypeRPtr>> entries) {
  std::vector<std::pair<Role, LocalTypeRPtr>> acc;
  acc.reserve(entries.size());
  for (auto& entry : entries) {
    auto pos = acc.begin();
    while (pos != acc.end() && !(entry.first <= pos->first)) ++pos;
    acc.insert(pos, std::move(entry));
  }
  return acc;
}

// repair.load.pc-relocation: shift the absolute targets of one role's code by its start.
void relocateTargets(Bytecode& code, PC offset) {
  for (Instr& i : code) {
    if (auto* j = std::get_if<instr::Jump>(&i)) j->target += offset;
    else if (auto* c = std::get_if<instr::Choose>(&i))
      for (auto& entry : c->table) entry.second += offset;
    else if (auto* s = std::get_if<instr::Spawn>(&i)) s->target += offset;
  }
}

}  // namespace

CodeImage codeImageFromLocalTypes(std::vector<std::pair<Role, LocalTypeRPtr>> entries,
                                  std::optional<GlobalTypePtr> globalType, bool relocate) {
  static const LocalTypeR end;
  auto ordered = sortByRole(std::move(entries));

  CodeImage image;
  Program& p = image.program;
  for (const auto& [role, lt] : ordered) {
    const PC start = p.code.size();
    Bytecode code = compileLocalTypeR(lt ? *lt : end);
    if (relocate) relocateTargets(code, start);
    p.code.insert(p.code.end(), std::make_move_iterator(code.begin()), std::make_move_iterator(code.end()));
    p.entryPoints.emplace_back(role, start);
    p.localTypes.emplace_back(role, localTypeRToLocalType(lt ? *lt : end));
    p.metadata.footprintSummary.emplace_back(role, footprintOf(lt ? *lt : end));
  }
  p.metadata.sourceHash = imageSourceHash(ordered, globalType);
  p.localTypesR = std::move(ordered);
  image.globalType = std::move(globalType);
  return image;
}

}  // namespace tt
