#include "type_graph.hpp"

namespace tt::vm::detail {

std::size_t TypeGraphBuilder::KeyHash::operator()(const std::vector<std::uint64_t>& k) const {
  std::uint64_t h = 0x12345678;
  for (std::uint64_t x : k) h = mix64(h ^ x) + 0x9e3779b97f4a7c15ULL;
  return h;
}

TypeGraphBuilder::TypeGraphBuilder(TypeGraph& graph, Tables tables, std::size_t termLimit)
    : graph_(graph), tables_(tables), termLimit_(termLimit) {}

// Hash-conses the term structure: equal ids <=> structurally equal terms (the constructor,
// roles, payload types, labels and indices, recursively). Memoised per node pointer, so a
// term that substitution shares in many places is visited once.
TypeGraphBuilder::TermId TypeGraphBuilder::term(const LocalType* t) {
  static const LocalType kEnd;
  if (!t) t = &kEnd;
  if (auto it = termOfPtr_.find(t); it != termOfPtr_.end()) return it->second;
  std::vector<std::uint64_t> key;
  key.push_back(static_cast<std::uint64_t>(t->kind));
  switch (t->kind) {
    case LocalType::Kind::Send:
    case LocalType::Kind::Recv: {
      const TypeRef p = tables_.valType(t->payload);
      key.push_back(tables_.syms->intern(t->partner));
      key.push_back((std::uint64_t{static_cast<std::uint8_t>(p.kind)} << 32) | p.id);
      key.push_back(term(t->cont.get()));
      break;
    }
    case LocalType::Kind::Select:
    case LocalType::Kind::Branch:
      key.push_back(tables_.syms->intern(t->partner));
      key.push_back(t->arms.size());
      for (const auto& [label, cont] : t->arms) {
        key.push_back(tables_.syms->intern(label));
        key.push_back(term(cont.get()));
      }
      break;
    case LocalType::Kind::End:
      break;
    case LocalType::Kind::Var:
      key.push_back(t->index);
      break;
    case LocalType::Kind::Mu:
      key.push_back(term(t->cont.get()));
      break;
  }
  TermId id;
  if (auto it = termOfKey_.find(key); it != termOfKey_.end()) {
    id = it->second;
  } else {
    if (termOfKey_.size() >= termLimit_) throw TypeGraphLimit("session type graph exceeds the VM's term limit");
    id = static_cast<TermId>(termOfKey_.size());
    termOfKey_.emplace(std::move(key), id);
  }
  termOfPtr_.emplace(t, id);
  return id;
}

NodeId TypeGraphBuilder::intern(const LocalTypePtr& t) {
  LocalTypePtr u = unfoldLeadingMus(t ? t : LocalType::end());
  if (!u) u = LocalType::end();
  keep_.push_back(u);
  const TermId tid = term(u.get());
  if (auto it = nodeOfTerm_.find(tid); it != nodeOfTerm_.end()) return it->second;
  TypeNode n;
  switch (u->kind) {
    case LocalType::Kind::Send: n.kind = TK::Send; break;
    case LocalType::Kind::Recv: n.kind = TK::Recv; break;
    case LocalType::Kind::Select: n.kind = TK::Select; break;
    case LocalType::Kind::Branch: n.kind = TK::Branch; break;
    case LocalType::Kind::End: n.kind = TK::End; break;
    case LocalType::Kind::Var: n.kind = TK::Var; break;
    case LocalType::Kind::Mu: n.kind = TK::Mu; break;
  }
  if (n.kind == TK::Send || n.kind == TK::Recv || n.kind == TK::Select || n.kind == TK::Branch)
    n.partner = tables_.syms->intern(u->partner);
  if (n.kind == TK::Send || n.kind == TK::Recv) n.payload = tables_.valType(u->payload);
  const auto id = static_cast<NodeId>(graph_.nodes.size());
  graph_.nodes.push_back(n);
  nodeOfTerm_.emplace(tid, id);
  if (n.kind != TK::End && n.kind != TK::Var && n.kind != TK::Mu) pending_.emplace_back(id, u);
  return id;
}

NodeId TypeGraphBuilder::store(const LocalTypePtr& t) {
  const NodeId first = intern(t);
  while (!pending_.empty()) {
    auto [id, u] = std::move(pending_.back());
    pending_.pop_back();
    if (u->kind == LocalType::Kind::Send || u->kind == LocalType::Kind::Recv) {
      const NodeId next = intern(u->cont);
      graph_.nodes[id].next = next;
    } else {
      // Arms are contiguous: intern() only adds nodes, never arms.
      const auto begin = static_cast<std::uint32_t>(graph_.arms.size());
      for (const auto& [label, cont] : u->arms) {
        const Sym l = tables_.syms->intern(label);
        const NodeId next = intern(cont);
        graph_.arms.push_back({l, next});
      }
      graph_.nodes[id].armBegin = begin;
      graph_.nodes[id].armCount = static_cast<std::uint32_t>(u->arms.size());
    }
  }
  return first;
}

}  // namespace tt::vm::detail
