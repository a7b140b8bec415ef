// Session store, buffer store and ready queue operations (reference A §6.4, §6.6.1).
#include "tt/oracle/state.hpp"

#include <algorithm>
#include <utility>

namespace tt::oracle {

// --- SessionStore ----------------------------------------------------------------------

void SessionStore::prepend(SessionState s) {
  if (!sessions_.empty() && s.sid <= sessions_.back().sid) ascendingSids_ = false;
  sessions_.push_back(std::move(s));
}

SessionState* SessionStore::find(SessionId sid) {
  return const_cast<SessionState*>(std::as_const(*this).find(sid));
}

const SessionState* SessionStore::find(SessionId sid) const {
  if (ascendingSids_) {
    auto it = std::lower_bound(sessions_.begin(), sessions_.end(), sid,
                               [](const SessionState& s, SessionId id) { return s.sid < id; });
    return it != sessions_.end() && it->sid == sid ? &*it : nullptr;
  }
  for (auto it = sessions_.rbegin(); it != sessions_.rend(); ++it)
    if (it->sid == sid) return &*it;
  return nullptr;
}

LocalTypePtr SessionStore::lookupType(const Endpoint& ep) const {
  const SessionState* s = find(ep.sid);
  if (!s) return nullptr;
  for (const auto& [e, t] : s->localTypes)
    if (e == ep) return t;
  return nullptr;
}

LocalTypePtr SessionStore::storedForm(const LocalTypePtr& t) const {
  if (!unfoldOnWrite_ || !t || t->kind != LocalType::Kind::Mu) return t;
  return unfoldLeadingMus(t);
}

void SessionStore::updateType(const Endpoint& ep, LocalTypePtr t) {
  SessionState* s = find(ep.sid);
  if (!s) return;  // Lean: no session with that sid, the store is unchanged
  t = storedForm(t);
  for (auto& [e, old] : s->localTypes) {
    if (e == ep) {
      old = std::move(t);
      return;
    }
  }
  s->localTypes.emplace_back(ep, std::move(t));
}

void SessionStore::pushTrace(const Edge& e, ValType t) {
  SessionState* s = find(e.sid);
  if (!s) return;
  for (auto& [edge, trace] : s->traces) {
    if (edge == e) {
      trace.push_back(std::move(t));
      return;
    }
  }
  s->traces.push_back({e, std::deque<ValType>{std::move(t)}});
}

void SessionStore::popTrace(const Edge& e) {
  SessionState* s = find(e.sid);
  if (!s) return;
  for (auto& [edge, trace] : s->traces) {
    if (edge == e) {
      if (!trace.empty()) trace.pop_front();
      return;
    }
  }
}

std::optional<HandlerId> SessionStore::lookupHandler(const Edge& e) const {
  const SessionState* s = find(e.sid);
  if (!s) return std::nullopt;
  for (const auto& [edge, h] : s->handlers)
    if (edge == e) return h;
  return std::nullopt;
}

bool SessionStore::anyHandlerBound() const {
  return std::any_of(sessions_.begin(), sessions_.end(),
                     [](const SessionState& s) { return !s.handlers.empty(); });
}

// --- BufferStore -----------------------------------------------------------------------

BufferStore::Slot BufferStore::slotOf(const Edge& e) {
  auto it = index_.find(e);
  if (it != index_.end()) return it->second;
  const auto slot = static_cast<Slot>(slots_.size());
  slots_.push_back({e, {}});
  index_.emplace(e, slot);
  return slot;
}

std::optional<BufferStore::Slot> BufferStore::findSlot(const Edge& e) const {
  auto it = index_.find(e);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

const ValueQueue* BufferStore::lookup(const Edge& e) const {
  auto slot = findSlot(e);
  return slot ? &slots_[*slot].values : nullptr;
}

EnqueueResult BufferStore::enqueueOutcome(const BufferConfig& cfg, Slot s) const {
  if (cfg.mode == BufferMode::LatestValue) return EnqueueResult::Ok;
  if (slots_[s].values.size() < effectiveCapacity(cfg)) return EnqueueResult::Ok;
  switch (cfg.policy.kind) {
    case BackpressureKind::Block: return EnqueueResult::Blocked;
    case BackpressureKind::Drop: return EnqueueResult::Dropped;
    case BackpressureKind::Error: return EnqueueResult::Error;
    case BackpressureKind::Resize: return EnqueueResult::Blocked;
  }
  return EnqueueResult::Blocked;
}

void BufferStore::enqueue(const BufferConfig& cfg, Slot s, Value v) {
  auto& q = slots_[s].values;
  if (cfg.mode == BufferMode::LatestValue) {
    totalQueued_ -= q.size();
    q.clear();
  }
  q.push_back(std::move(v));
  ++totalQueued_;
}

Value BufferStore::dequeue(Slot s) {
  --totalQueued_;
  return slots_[s].values.pop_front();
}

Value ValueQueue::pop_front() {
  Value v = std::move(items_[head_++]);
  // Reclaim the dequeued prefix once it is half the vector: amortised O(1) per value.
  if (head_ == items_.size()) {
    clear();
  } else if (head_ * 2 >= items_.size()) {
    items_.erase(items_.begin(), items_.begin() + static_cast<std::ptrdiff_t>(head_));
    head_ = 0;
  }
  return v;
}

// --- ReadyQueue ------------------------------------------------------------------------

void ReadyQueue::append(CoroutineId id) {
  if (contains(id)) return;
  if (id >= present_.size()) present_.resize(id + 1, 0);
  ++present_[id];
  ids_.push_back(id);
}

void ReadyQueue::removeFirst(CoroutineId id) {
  if (!contains(id)) return;
  auto it = std::find(ids_.begin(), ids_.end(), id);
  ids_.erase(it);
  --present_[id];
}

void ReadyQueue::assignRaw(std::deque<CoroutineId> ids) {
  ids_ = std::move(ids);
  present_.clear();
  for (CoroutineId id : ids_) {
    if (id >= present_.size()) present_.resize(id + 1, 0);
    ++present_[id];
  }
}

// --- VMState ---------------------------------------------------------------------------

VMState initialState(std::shared_ptr<const VMConfig> config) {
  VMState st;
  st.sched.policy = config->schedPolicy;
  st.sessions.setUnfoldOnWrite(config->repairs.has(Repair::TypesRecursionUnfolding));
  st.config = std::move(config);
  return st;
}

OutputConditionClaim observableOutputClaim() {
  return {"vm.observable_output", std::nullopt, "vm.output_digest.unspecified"};
}

std::vector<OutputConditionCheck> outputConditionChecksOf(const VMState& st) {
  std::vector<OutputConditionCheck> out;
  out.reserve(st.outputConditionVerdicts.size());
  const OutputConditionClaim claim = observableOutputClaim();
  for (bool passed : st.outputConditionVerdicts) out.push_back({claim, passed});
  return out;
}

bool edgePartitioned(const VMState& st, const Edge& e) {
  return std::find(st.partitionedEdges.begin(), st.partitionedEdges.end(), e) !=
         st.partitionedEdges.end();
}

bool edgeCrashed(const VMState&, const Edge&) {
  // The unit identity model maps no role to a site (reference C §5.6), so no edge is
  // ever crashed; crashes only change `crashedSites` and the failure logs.
  return false;
}

}  // namespace tt::oracle
