// Session types as a state graph (docs/vm.md "Type graph").
//
// A node is a type as the session store holds it under repair.types.recursion-unfolding:
// a closed de Bruijn LocalType with its leading `mu`s unfolded (core unfoldLeadingMus).
// Each node points to the node of every continuation, itself already unfolded, so a
// recursive protocol is a cycle and advancing the type is one array read.
//
// Nodes are hash-consed on the structure of the term they stand for, so two endpoints hold
// structurally equal types exactly when they hold the same node (what `join` compares).
#pragma once
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <unordered_map>
#include <vector>

#include "ids.hpp"
#include "tables.hpp"
#include "tt/core/session_types.hpp"

namespace tt::vm::detail {

// End, Var (a free variable) and Mu (an unguarded mu the bounded unfolding left) are
// stuck: every communication on them faults as [L].
enum class TK : std::uint8_t { Send, Recv, Select, Branch, End, Var, Mu };

struct TypeNode {
  TK kind = TK::End;
  Sym partner = kNone;   // Send, Recv, Select, Branch
  TypeRef payload;       // Send, Recv
  NodeId next = kNone;   // Send, Recv: the continuation's node
  std::uint32_t armBegin = 0, armCount = 0;  // Select, Branch: arms[armBegin, +armCount)
};

struct Arm {
  Sym label = 0;
  NodeId next = kNone;
};

struct TypeGraph {
  std::vector<TypeNode> nodes;
  std::vector<Arm> arms;
  const Arm* armsOf(const TypeNode& n) const { return arms.data() + n.armBegin; }
};

// The type graph is too large to build (a hostile nesting of recursions).
class TypeGraphLimit : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class TypeGraphBuilder {
 public:
  TypeGraphBuilder(TypeGraph& graph, Tables tables, std::size_t termLimit);
  // The node of the type stored for `t` (its leading mus unfolded), with every node
  // reachable from it.
  NodeId store(const LocalTypePtr& t);

 private:
  using TermId = std::uint32_t;
  struct KeyHash {
    std::size_t operator()(const std::vector<std::uint64_t>& k) const;
  };
  TermId term(const LocalType* t);
  NodeId intern(const LocalTypePtr& t);

  TypeGraph& graph_;
  Tables tables_;
  std::size_t termLimit_;
  std::vector<LocalTypePtr> keep_;  // keeps memoised pointers alive (no address reuse)
  std::unordered_map<const LocalType*, TermId> termOfPtr_;
  std::unordered_map<std::vector<std::uint64_t>, TermId, KeyHash> termOfKey_;
  std::unordered_map<TermId, NodeId> nodeOfTerm_;
  std::vector<std::pair<NodeId, LocalTypePtr>> pending_;  // nodes whose successors are unset
};

}  // namespace tt::vm::detail
