// Hand-made trace events, snapshots and results for the harness's unit tests.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "tt/core/snapshot.hpp"

namespace tt::test {

inline TickedObsEvent ev(std::uint64_t tick, ObsEvent e, std::optional<CoroutineId> coro) {
  return TickedObsEvent{tick, std::move(e), coro};
}

inline TickedObsEvent sent(std::uint64_t tick, SessionId sid, Role from, Role to, std::uint64_t v,
                           std::optional<CoroutineId> coro) {
  ObsEvent e;
  e.kind = ObsEvent::Kind::Sent;
  e.edge = Edge{sid, std::move(from), std::move(to)};
  e.value = Value::ofNat(v);
  return ev(tick, std::move(e), coro);
}

inline TickedObsEvent received(std::uint64_t tick, SessionId sid, Role from, Role to, std::uint64_t v,
                               std::optional<CoroutineId> coro) {
  TickedObsEvent t = sent(tick, sid, std::move(from), std::move(to), v, coro);
  t.event.kind = ObsEvent::Kind::Received;
  return t;
}

inline TickedObsEvent invoked(std::uint64_t tick, SessionId sid, Role role, std::optional<CoroutineId> coro) {
  ObsEvent e;
  e.kind = ObsEvent::Kind::Invoked;
  e.endpoint = Endpoint{sid, std::move(role)};
  return ev(tick, std::move(e), coro);
}

inline TickedObsEvent opened(std::uint64_t tick, SessionId sid, std::vector<Role> roles,
                             std::optional<CoroutineId> coro) {
  ObsEvent e;
  e.kind = ObsEvent::Kind::Opened;
  e.sid = sid;
  e.roles = std::move(roles);
  return ev(tick, std::move(e), coro);
}

inline TickedObsEvent tagged(std::uint64_t tick, std::string fact, std::optional<CoroutineId> coro) {
  ObsEvent e;
  e.kind = ObsEvent::Kind::Tagged;
  e.fact = Knowledge{Endpoint{0, "A"}, std::move(fact)};
  return ev(tick, std::move(e), coro);
}

inline TickedObsEvent forked(std::uint64_t tick, SessionId ghost, std::optional<CoroutineId> coro) {
  ObsEvent e;
  e.kind = ObsEvent::Kind::Forked;
  e.sid = ghost;
  e.ghostSid = ghost;
  return ev(tick, std::move(e), coro);
}

inline TickedObsEvent transferred(std::uint64_t tick, SessionId sid, Role role, CoroutineId from,
                                  CoroutineId to, std::optional<CoroutineId> coro) {
  ObsEvent e;
  e.kind = ObsEvent::Kind::Transferred;
  e.endpoint = Endpoint{sid, std::move(role)};
  e.fromCoro = from;
  e.toCoro = to;
  return ev(tick, std::move(e), coro);
}

inline Snapshot::Coroutine coro(CoroutineId id, CoroStatus s, PC pc) {
  return Snapshot::Coroutine{id, std::move(s), pc};
}

// Two coroutines done, one session active: the final state of most hand-made runs.
inline Snapshot doneSnapshot(std::size_t coroutines = 2, std::size_t sessions = 1) {
  Snapshot s;
  for (std::size_t i = 0; i < coroutines; ++i) s.coroutines.push_back(coro(i, CoroStatus::done(), 3));
  for (std::size_t i = 0; i < sessions; ++i) s.sessions.push_back({i, SessionPhase::Active, 0});
  return s;
}

inline RunResult result(Trace t, Snapshot s = doneSnapshot(), RunOutcome o = RunOutcome::Completed,
                        std::uint64_t rounds = 6, std::uint64_t steps = 6) {
  RunResult r;
  r.outcome = o;
  r.trace = std::move(t);
  r.snapshot = std::move(s);
  r.rounds = rounds;
  r.stepsExecuted = steps;
  return r;
}

// One A -> B message in session `sid` by coroutines a (sender) and b (receiver), ticks
// starting at `t0`, one event per tick.
inline Trace message(SessionId sid, CoroutineId a, CoroutineId b, std::uint64_t t0) {
  return {sent(t0, sid, "A", "B", 7, a), invoked(t0 + 1, sid, "A", a),
          received(t0 + 2, sid, "A", "B", 7, b), invoked(t0 + 3, sid, "B", b)};
}

}  // namespace tt::test
