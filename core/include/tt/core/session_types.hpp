// Session types: GlobalType and LocalTypeR (named variables) and the runtime de Bruijn
// LocalType (reference A §2). All trees are immutable and shared through shared_ptr.
#pragma once
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tt/core/value.hpp"

namespace tt {

// PayloadSort = unit | nat | bool | string | real | vector(n) | prod(a,b).
struct PayloadSort {
  enum class Kind : std::uint8_t { Unit, Nat, Bool, String, Real, Vector, Prod };
  Kind kind = Kind::Unit;
  std::uint64_t vectorLen = 0;                     // Vector
  std::shared_ptr<const PayloadSort> left, right;  // Prod
  friend bool operator==(const PayloadSort& a, const PayloadSort& b);
};

// The label of a global/local type branch: name plus payload sort (both compared).
struct TypeLabel {
  std::string name;
  PayloadSort sort;
  friend bool operator==(const TypeLabel& a, const TypeLabel& b) = default;
};

struct GlobalType;
using GlobalTypePtr = std::shared_ptr<const GlobalType>;

struct GlobalBranch {
  TypeLabel label;
  GlobalTypePtr cont;
};

// GlobalType = end | comm s r branches | mu t body | var t | delegate p q sid r cont.
struct GlobalType {
  enum class Kind : std::uint8_t { End, Comm, Mu, Var, Delegate };
  Kind kind = Kind::End;
  Role sender;                        // Comm: sender; Delegate: delegator p
  Role receiver;                      // Comm: receiver; Delegate: delegatee q
  std::vector<GlobalBranch> branches; // Comm
  std::string var;                    // Mu, Var
  GlobalTypePtr body;                 // Mu body; Delegate continuation
  SessionId delegSid = 0;             // Delegate
  Role delegRole;                     // Delegate

  static GlobalTypePtr end();
  static GlobalTypePtr comm(Role s, Role r, std::vector<GlobalBranch> bs);
  static GlobalTypePtr mu(std::string t, GlobalTypePtr body);
  static GlobalTypePtr varRef(std::string t);
  static GlobalTypePtr delegate(Role p, Role q, SessionId sid, Role r, GlobalTypePtr cont);
};
bool operator==(const GlobalType& a, const GlobalType& b);

// Participants in first-occurrence order (Lean `GlobalType.roles`).
std::vector<Role> globalRoles(const GlobalType& g);

struct LocalTypeR;
using LocalTypeRPtr = std::shared_ptr<const LocalTypeR>;

// BranchR = (label, optional payload ValType, continuation).
struct BranchR {
  TypeLabel label;
  std::optional<ValType> payload;
  LocalTypeRPtr cont;
};

// LocalTypeR = end | send p bs | recv p bs | mu t body | var t.
struct LocalTypeR {
  enum class Kind : std::uint8_t { End, Send, Recv, Mu, Var };
  Kind kind = Kind::End;
  Role partner;                  // Send, Recv
  std::vector<BranchR> branches; // Send, Recv
  std::string var;               // Mu, Var
  LocalTypeRPtr body;            // Mu

  static LocalTypeRPtr end();
  static LocalTypeRPtr send(Role p, std::vector<BranchR> bs);
  static LocalTypeRPtr recv(Role p, std::vector<BranchR> bs);
  static LocalTypeRPtr mu(std::string t, LocalTypeRPtr body);
  static LocalTypeRPtr varRef(std::string t);
};
bool operator==(const LocalTypeR& a, const LocalTypeR& b);

// LocalTypeR.isGuarded v.
bool isGuarded(const LocalTypeR& t, const std::string& v);
// Named substitution (a same-name mu shadows), descending into every branch.
LocalTypeRPtr substitute(const LocalTypeRPtr& t, const std::string& v, const LocalTypeRPtr& repl);
// unfold (mu t b) = b[t := mu t b]; any other type unchanged.
LocalTypeRPtr unfold(const LocalTypeRPtr& t);

struct LocalType;
using LocalTypePtr = std::shared_ptr<const LocalType>;

// Runtime de Bruijn LocalType = send r T L | recv r T L | select r bs | branch r bs | end
// | var n | mu L.
struct LocalType {
  enum class Kind : std::uint8_t { Send, Recv, Select, Branch, End, Var, Mu };
  Kind kind = Kind::End;
  Role partner;                                       // Send, Recv, Select, Branch
  ValType payload;                                    // Send, Recv
  LocalTypePtr cont;                                  // Send, Recv continuation; Mu body
  std::vector<std::pair<Label, LocalTypePtr>> arms;   // Select, Branch
  std::uint64_t index = 0;                            // Var

  static LocalTypePtr end();
  static LocalTypePtr send(Role r, ValType t, LocalTypePtr k);
  static LocalTypePtr recv(Role r, ValType t, LocalTypePtr k);
  static LocalTypePtr select(Role r, std::vector<std::pair<Label, LocalTypePtr>> bs);
  static LocalTypePtr branch(Role r, std::vector<std::pair<Label, LocalTypePtr>> bs);
  static LocalTypePtr varRef(std::uint64_t n);
  static LocalTypePtr mu(LocalTypePtr body);
};
bool operator==(const LocalType& a, const LocalType& b);

// Exact conversion localTypeRToLocalType (reference A §2.6): payload types of multi-branch
// comms ignored, unbound var -> var 0.
LocalTypePtr localTypeRToLocalType(const LocalTypeR& t);

// repair.types.recursion-unfolding (F D9): unfold leading mu's by true substitution
// (into send/recv continuations and every select/branch arm), repeating while the top is
// mu, at most muNestingDepth(t)+1 times; an unguarded mu stays.
LocalTypePtr unfoldLeadingMus(const LocalTypePtr& t);
// Substitute `repl` for every var whose index equals the number of mu binders crossed.
LocalTypePtr substituteTop(const LocalTypePtr& body, const LocalTypePtr& repl);
std::size_t muNestingDepth(const LocalType& t);

// Sizes and depths, for caps.
std::size_t typeSize(const GlobalType& g);
std::size_t typeDepth(const GlobalType& g);
std::size_t typeSize(const LocalTypeR& t);
std::size_t typeDepth(const LocalTypeR& t);
std::size_t typeSize(const LocalType& t);

}  // namespace tt
