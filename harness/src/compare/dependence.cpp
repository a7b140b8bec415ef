#include "tt/harness/dependence.hpp"

#include <algorithm>

namespace tt::harness {

Footprint footprintOf(const TickedObsEvent& e) {
  using K = ObsEvent::Kind;
  using RK = Resource::Kind;
  Footprint f;
  const ObsEvent& ev = e.event;
  if (ev.kind == K::Forked || ev.kind == K::Joined || ev.kind == K::Aborted) {
    f.barrier = true;
    return f;
  }
  f.session = obsSid(ev);
  if (e.coro) f.resources.push_back({RK::Coroutine, *e.coro, {}, {}});
  switch (ev.kind) {
    case K::Sent:
    case K::Offered:
      f.resources.push_back({RK::Edge, ev.edge.sid, ev.edge.sender, ev.edge.receiver});
      f.resources.push_back({RK::Endpoint, ev.edge.sid, ev.edge.sender, {}});
      break;
    case K::Received:
    case K::Chose:
      f.resources.push_back({RK::Edge, ev.edge.sid, ev.edge.sender, ev.edge.receiver});
      f.resources.push_back({RK::Endpoint, ev.edge.sid, ev.edge.receiver, {}});
      break;
    case K::Acquired:
    case K::Released:
    case K::Invoked:
      f.resources.push_back({RK::Endpoint, ev.endpoint.sid, ev.endpoint.role, {}});
      break;
    case K::Transferred:
      f.resources.push_back({RK::Endpoint, ev.endpoint.sid, ev.endpoint.role, {}});
      f.resources.push_back({RK::Coroutine, ev.fromCoro, {}, {}});
      f.resources.push_back({RK::Coroutine, ev.toCoro, {}, {}});
      break;
    case K::Opened:
      f.resources.push_back({RK::SessionAllocator, 0, {}, {}});
      f.wholeSession = true;
      break;
    case K::Closed:
    case K::EpochAdvanced:
      f.wholeSession = true;
      break;
    default:  // tagged, checked: the coroutine only
      break;
  }
  std::sort(f.resources.begin(), f.resources.end());
  f.resources.erase(std::unique(f.resources.begin(), f.resources.end()), f.resources.end());
  if (f.resources.empty() && !f.wholeSession) f.barrier = true;
  return f;
}

bool dependent(const Footprint& a, const Footprint& b) {
  if (a.barrier || b.barrier) return true;
  if ((a.wholeSession || b.wholeSession) && a.session && a.session == b.session) return true;
  // Both lists are sorted: a linear merge finds a shared resource.
  auto i = a.resources.begin();
  auto j = b.resources.begin();
  while (i != a.resources.end() && j != b.resources.end()) {
    if (*i == *j) return true;
    if (*i < *j) ++i; else ++j;
  }
  return false;
}

bool dependent(const TickedObsEvent& a, const TickedObsEvent& b) {
  return dependent(footprintOf(a), footprintOf(b));
}

}  // namespace tt::harness
