// Helpers shared by the step functions (Lean `ExecHelpers.lean`).
#include <algorithm>

#include "step.hpp"

namespace tt::oracle::detail {

bool owns(const CoroutineState& c, const Endpoint& ep) {
  return std::find(c.ownedEndpoints.begin(), c.ownedEndpoints.end(), ep) !=
         c.ownedEndpoints.end();
}

ObsEvent eventSent(const Edge& e, const Value& v) {
  ObsEvent ev;
  ev.kind = ObsEvent::Kind::Sent;
  ev.edge = e;
  ev.value = v;
  return ev;
}

ObsEvent eventReceived(const Edge& e, const Value& v) {
  ObsEvent ev;
  ev.kind = ObsEvent::Kind::Received;
  ev.edge = e;
  ev.value = v;
  return ev;
}

}  // namespace tt::oracle::detail
