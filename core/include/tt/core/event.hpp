// Observable events and the trace (reference A §9.2, F D12).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "tt/core/status.hpp"
#include "tt/core/value.hpp"

namespace tt {

// Lean ObsEvent. Fields per kind:
//   Sent/Received: edge, value (seqNo always 0, kept for fidelity)
//   Offered/Chose: edge, label
//   Acquired/Released: layer, endpoint      Invoked: endpoint (unit action)
//   Opened: sid, roles                       Closed: sid
//   EpochAdvanced: sid, epoch                Transferred: endpoint, fromCoro, toCoro
//   Forked: sid, ghostSid (both the ghost id) Joined/Aborted: sid (the ghost id)
//   Tagged: fact                             Checked: target, permitted
struct ObsEvent {
  enum class Kind : std::uint8_t {
    Sent, Received, Offered, Chose, Acquired, Released, Invoked, Opened, Closed,
    EpochAdvanced, Transferred, Forked, Joined, Aborted, Tagged, Checked
  };
  Kind kind = Kind::Opened;
  Edge edge;
  Value value;
  std::uint64_t seqNo = 0;
  Label label;
  LayerId layer;
  Endpoint endpoint;
  SessionId sid = 0;
  std::vector<Role> roles;
  std::uint64_t epoch = 0;
  CoroutineId fromCoro = 0, toCoro = 0;
  SessionId ghostSid = 0;
  Knowledge fact;
  Role target;
  bool permitted = false;
  friend bool operator==(const ObsEvent&, const ObsEvent&) = default;
};
// "sent", "received", ..., "epoch_advanced" (the runner's snake_case kinds).
const char* obsEventKindName(ObsEvent::Kind k);
// Lean obsSid?: the session an event belongs to; none for tagged/checked.
std::optional<SessionId> obsSid(const ObsEvent& e);

// A trace entry: the global tick when appended, the event, and (metadata, F D12) the id of
// the coroutine whose step produced it (none for the loader's `opened`).
struct TickedObsEvent {
  std::uint64_t tick = 0;
  ObsEvent event;
  std::optional<CoroutineId> coro;
  friend bool operator==(const TickedObsEvent&, const TickedObsEvent&) = default;
};
using Trace = std::vector<TickedObsEvent>;

}  // namespace tt
