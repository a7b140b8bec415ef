// Small scenario builders for the VM's tests.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "tt/core/instr.hpp"
#include "tt/core/scenario.hpp"
#include "tt/vm/vm.hpp"

namespace tt::vm::test {

inline TypeLabel lbl(std::string name, PayloadSort sort = {}) { return {std::move(name), std::move(sort)}; }
inline GlobalTypePtr gEnd() { return GlobalType::end(); }
inline GlobalTypePtr gVar(std::string t) { return GlobalType::varRef(std::move(t)); }
inline GlobalTypePtr gMu(std::string t, GlobalTypePtr body) { return GlobalType::mu(std::move(t), std::move(body)); }
inline GlobalTypePtr gMsg(Role s, Role r, std::string name, GlobalTypePtr cont) {
  return GlobalType::comm(std::move(s), std::move(r), {{lbl(std::move(name)), std::move(cont)}});
}
inline GlobalTypePtr gChoice(Role s, Role r, std::vector<std::pair<std::string, GlobalTypePtr>> arms) {
  std::vector<GlobalBranch> bs;
  for (auto& [l, k] : arms) bs.push_back({lbl(l), k});
  return GlobalType::comm(std::move(s), std::move(r), std::move(bs));
}

inline LocalTypeRPtr rEnd() { return LocalTypeR::end(); }
inline LocalTypeRPtr rVar(std::string t) { return LocalTypeR::varRef(std::move(t)); }
inline LocalTypeRPtr rMu(std::string t, LocalTypeRPtr body) { return LocalTypeR::mu(std::move(t), std::move(body)); }
// A typed message (payload type T) or a label-only one (no type).
inline LocalTypeRPtr rSendT(Role p, std::string l, ValType t, LocalTypeRPtr k) {
  return LocalTypeR::send(std::move(p), {BranchR{lbl(std::move(l)), std::move(t), std::move(k)}});
}
inline LocalTypeRPtr rRecvT(Role p, std::string l, ValType t, LocalTypeRPtr k) {
  return LocalTypeR::recv(std::move(p), {BranchR{lbl(std::move(l)), std::move(t), std::move(k)}});
}
inline LocalTypeRPtr rSend(Role p, std::string l, LocalTypeRPtr k) {
  return LocalTypeR::send(std::move(p), {BranchR{lbl(std::move(l)), std::nullopt, std::move(k)}});
}
inline LocalTypeRPtr rRecv(Role p, std::string l, LocalTypeRPtr k) {
  return LocalTypeR::recv(std::move(p), {BranchR{lbl(std::move(l)), std::nullopt, std::move(k)}});
}
inline LocalTypeRPtr rSelect(Role p, std::vector<std::pair<std::string, LocalTypeRPtr>> arms) {
  std::vector<BranchR> bs;
  for (auto& [l, k] : arms) bs.push_back({lbl(l), std::nullopt, k});
  return LocalTypeR::send(std::move(p), std::move(bs));
}
inline LocalTypeRPtr rBranch(Role p, std::vector<std::pair<std::string, LocalTypeRPtr>> arms) {
  std::vector<BranchR> bs;
  for (auto& [l, k] : arms) bs.push_back({lbl(l), std::nullopt, k});
  return LocalTypeR::recv(std::move(p), std::move(bs));
}

inline ImageSpec globalImage(GlobalTypePtr g, std::vector<Role> roles = {}) {
  ImageSpec i;
  i.kind = ImageSpec::Kind::GlobalType;
  i.globalType = std::move(g);
  i.roles = std::move(roles);
  return i;
}
inline ImageSpec localImage(std::vector<std::pair<Role, LocalTypeRPtr>> types) {
  ImageSpec i;
  i.kind = ImageSpec::Kind::LocalTypes;
  i.localTypes = std::move(types);
  return i;
}
// Explicit programs (absolute pcs into the concatenation in role order) with their types.
inline ImageSpec programImage(std::vector<std::pair<Role, Bytecode>> programs,
                              std::vector<std::pair<Role, LocalTypeRPtr>> types) {
  ImageSpec i;
  i.kind = ImageSpec::Kind::Programs;
  i.programs = std::move(programs);
  i.localTypes = std::move(types);
  return i;
}

// An `open` of a fresh two-role session X -> Y : nat, X into register 2 and Y into 3.
inline instr::Open openXY() {
  instr::Open o;
  o.roles = {"X", "Y"};
  o.localTypes = {{"X", LocalType::send("Y", ValType::nat(), LocalType::end())},
                  {"Y", LocalType::recv("X", ValType::nat(), LocalType::end())}};
  for (const char* a : {"X", "Y"})
    for (const char* b : {"X", "Y"}) o.handlers.push_back({std::nullopt, a, b, 0});
  o.dsts = {{"X", 2}, {"Y", 3}};
  return o;
}

inline Scenario scenario(std::vector<ImageSpec> images, std::uint64_t fuel = 200) {
  Scenario s;
  s.images = std::move(images);
  s.run.fuel = fuel;
  return s;
}

inline RunResult runCoop(const Scenario& s, std::uint64_t n = 1) {
  RunOptions o;
  o.concurrency = n;
  return run(s, o);
}
inline RunResult runThreaded(const Scenario& s, std::uint64_t n, std::uint64_t workers,
                             std::vector<std::uint64_t> hooks = {}) {
  RunOptions o;
  o.concurrency = n;
  o.workers = workers;
  o.invalidCertificateRounds = std::move(hooks);
  return run(s, o);
}

// Event kinds of a trace, for compact assertions.
inline std::vector<ObsEvent::Kind> kinds(const Trace& t) {
  std::vector<ObsEvent::Kind> out;
  for (const auto& e : t) out.push_back(e.event.kind);
  return out;
}

}  // namespace tt::vm::test
