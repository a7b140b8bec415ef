// Short constructors for session types in tests: g* global, r* named local (LocalTypeR),
// d* de Bruijn local (LocalType).
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "tt/core/session_types.hpp"

namespace tt::test {

inline TypeLabel lbl(std::string name, PayloadSort sort = {}) { return {std::move(name), std::move(sort)}; }

inline GlobalTypePtr gEnd() { return GlobalType::end(); }
inline GlobalTypePtr gVar(std::string t) { return GlobalType::varRef(std::move(t)); }
inline GlobalTypePtr gMu(std::string t, GlobalTypePtr body) { return GlobalType::mu(std::move(t), std::move(body)); }
inline GlobalTypePtr gComm(Role s, Role r, std::vector<GlobalBranch> bs) {
  return GlobalType::comm(std::move(s), std::move(r), std::move(bs));
}
// A one-branch message s -> r : name . cont
inline GlobalTypePtr gMsg(Role s, Role r, std::string name, GlobalTypePtr cont) {
  return gComm(std::move(s), std::move(r), {{lbl(std::move(name)), std::move(cont)}});
}

inline LocalTypeRPtr rEnd() { return LocalTypeR::end(); }
inline LocalTypeRPtr rVar(std::string t) { return LocalTypeR::varRef(std::move(t)); }
inline LocalTypeRPtr rMu(std::string t, LocalTypeRPtr body) { return LocalTypeR::mu(std::move(t), std::move(body)); }
inline BranchR br(std::string name, LocalTypeRPtr cont) { return {lbl(std::move(name)), std::nullopt, std::move(cont)}; }
inline BranchR brT(std::string name, ValType t, LocalTypeRPtr cont) { return {lbl(std::move(name)), std::move(t), std::move(cont)}; }
inline LocalTypeRPtr rSend(Role p, std::vector<BranchR> bs) { return LocalTypeR::send(std::move(p), std::move(bs)); }
inline LocalTypeRPtr rRecv(Role p, std::vector<BranchR> bs) { return LocalTypeR::recv(std::move(p), std::move(bs)); }

inline LocalTypePtr dEnd() { return LocalType::end(); }
inline LocalTypePtr dVar(std::uint64_t n) { return LocalType::varRef(n); }
inline LocalTypePtr dMu(LocalTypePtr body) { return LocalType::mu(std::move(body)); }
inline LocalTypePtr dSend(Role r, ValType t, LocalTypePtr k) { return LocalType::send(std::move(r), std::move(t), std::move(k)); }
inline LocalTypePtr dRecv(Role r, ValType t, LocalTypePtr k) { return LocalType::recv(std::move(r), std::move(t), std::move(k)); }
inline LocalTypePtr dSelect(Role r, std::vector<std::pair<Label, LocalTypePtr>> bs) { return LocalType::select(std::move(r), std::move(bs)); }
inline LocalTypePtr dBranch(Role r, std::vector<std::pair<Label, LocalTypePtr>> bs) { return LocalType::branch(std::move(r), std::move(bs)); }

}  // namespace tt::test
