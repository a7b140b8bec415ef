// The dependence relation behind `commutativity` and `session-normalized`
// (docs/equivalences.md).
//
// SEMANTICS §5: events are dependent when they share a coroutine, an edge or a session's
// type state. Each trace event touches resources read from its fields and from the
// emitting coroutine id the trace carries as metadata (F D12, S8):
//   coroutine c     the emitting coroutine; for `transferred` also both ends of the move
//                   (knowledge and ownership move with it)
//   edge (s,p,q)    sent/received/offered/chose: the buffer of that directed edge
//   endpoint (s,r)  the type state of one endpoint: the sender side of sent/offered, the
//                   receiver side of received/chose, the endpoint of invoked/acquired/
//                   released/transferred
//   whole session s opened/closed/epochAdvanced change the session itself: they depend on
//                   every event of session s
//   allocator       every `opened` (the session-id counter: swapping two opens renames them)
//   barrier         forked/joined/aborted (speculation; abort truncates the trace), and any
//                   event that names no resource at all: dependent on everything
// tagged/checked have no session (Lean obsSid is none) and touch only their coroutine:
// the knowledge set is per coroutine.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tt/core/event.hpp"

namespace tt::harness {

struct Resource {
  enum class Kind : unsigned char { Coroutine, Edge, Endpoint, SessionAllocator };
  Kind kind = Kind::Coroutine;
  std::uint64_t id = 0;  // coroutine id or sid
  std::string a, b;      // edge sender/receiver, endpoint role
  friend auto operator<=>(const Resource&, const Resource&) = default;
};

struct Footprint {
  bool barrier = false;
  std::optional<SessionId> session;        // the session the event belongs to (Lean obsSid)
  bool wholeSession = false;               // opened/closed/epochAdvanced
  std::vector<Resource> resources;         // sorted, unique
};

Footprint footprintOf(const TickedObsEvent& e);
bool dependent(const Footprint& a, const Footprint& b);
bool dependent(const TickedObsEvent& a, const TickedObsEvent& b);

}  // namespace tt::harness
