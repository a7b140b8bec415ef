// From the flat run state to the core RunResult: the trace with raw ticks and emitting
// coroutine ids (F D12) and the canonical snapshot (F D13).
#include <algorithm>

#include "machine.hpp"

namespace tt::vm::detail {

namespace {

Fault toFault(const FaultRec& f, const ConstTables& n, const Machine& m) {
  auto edge = [&](EdgeId e) {
    const EdgeKey& k = m.edges[e].key;
    return Edge{k.sid, n.syms->name(k.from), n.syms->name(k.to)};
  };
  switch (f.kind) {
    case Fault::Kind::TypeViolation: return Fault::typeViolation(n.valType(f.expected), n.valType(f.actual));
    case Fault::Kind::UnknownLabel: return Fault::unknownLabel(n.syms->name(f.sym));
    case Fault::Kind::ChannelClosed: return Fault::channelClosed(n.endpoint(f.ep));
    case Fault::Kind::InvalidSignature: return Fault::invalidSignature(edge(f.edge));
    case Fault::Kind::AcquireFault: return Fault::acquireFault("guard-layer", f.msg ? f.msg : "");
    case Fault::Kind::NoProgressToken: return Fault::noProgressToken(edge(f.edge));
    case Fault::Kind::OutOfCredits: return Fault::outOfCredits();
    case Fault::Kind::OutOfRegisters: return Fault::outOfRegisters();
    case Fault::Kind::InvokeFault:
    case Fault::Kind::TransferFault:
    case Fault::Kind::CloseFault:
    case Fault::Kind::SpecFault:
    case Fault::Kind::FlowViolation: return Fault::withMsg(f.kind, f.msg ? f.msg : "");
  }
  return Fault::outOfRegisters();
}

}  // namespace

Trace Machine::trace() const {
  const ConstTables n = names();
  auto edge = [&](std::uint32_t e) {
    const EdgeKey& k = edges[e].key;
    return Edge{k.sid, c.syms.name(k.from), c.syms.name(k.to)};
  };
  Trace out;
  out.reserve(trace_.size());
  std::size_t run = 0;
  std::uint64_t high = 0;
  for (std::size_t i = 0; i < trace_.size(); ++i) {
    while (run < tickHigh_.size() && tickHigh_[run].first <= i) high = tickHigh_[run++].second;
    const Ev& e = trace_[i];
    TickedObsEvent t;
    t.tick = (high << 32) | e.tick;
    if (e.coro != kNone) t.coro = e.coro;
    ObsEvent& o = t.event;
    o.kind = e.kind;
    const auto ep = [&] { return n.endpoint(static_cast<EpId>(e.bits)); };
    switch (e.kind) {
      case ObsEvent::Kind::Sent:
      case ObsEvent::Kind::Received:
        o.edge = edge(e.a);
        o.value = n.value(e.value());
        break;
      case ObsEvent::Kind::Offered:
      case ObsEvent::Kind::Chose:
        o.edge = edge(e.a);
        o.label = c.syms.name(static_cast<Sym>(e.bits));
        break;
      case ObsEvent::Kind::Acquired:
      case ObsEvent::Kind::Released:
        o.layer = c.syms.name(e.a);
        o.endpoint = ep();
        break;
      case ObsEvent::Kind::Invoked: o.endpoint = ep(); break;
      case ObsEvent::Kind::Opened:
        o.sid = e.bits;
        for (Sym r : sessions[e.bits].roles) o.roles.push_back(c.syms.name(r));
        break;
      case ObsEvent::Kind::Closed: o.sid = e.bits; break;
      case ObsEvent::Kind::EpochAdvanced:
        o.sid = e.bits;
        o.epoch = e.a;
        break;
      case ObsEvent::Kind::Transferred:
        o.endpoint = n.endpoint(e.a);
        o.fromCoro = e.coro;
        o.toCoro = e.bits;
        break;
      case ObsEvent::Kind::Forked:
        o.sid = e.bits;
        o.ghostSid = e.bits;
        break;
      case ObsEvent::Kind::Joined:
      case ObsEvent::Kind::Aborted: o.sid = e.bits; break;
      case ObsEvent::Kind::Tagged: o.fact = {ep(), c.syms.name(e.a)}; break;
      case ObsEvent::Kind::Checked:
        o.target = c.syms.name(e.a);
        o.permitted = e.flag;
        break;
    }
    out.push_back(std::move(t));
  }
  return out;
}

Snapshot Machine::snapshot() const {
  const ConstTables n = names();
  auto edge = [&](const EdgeKey& k) { return Edge{k.sid, c.syms.name(k.from), c.syms.name(k.to)}; };
  Snapshot s;
  for (CoId id = 0; id < coros.size(); ++id) {
    const Coro& co = coros[id];
    Snapshot::Coroutine sc;
    sc.id = id;
    sc.pc = co.pc;
    switch (co.status) {
      case CS::Ready: sc.status = CoroStatus::ready(); break;
      case CS::Done: sc.status = CoroStatus::done(); break;
      case CS::Faulted: sc.status = CoroStatus::faulted(toFault(co.fault, n, *this)); break;
      case CS::Blocked: {
        BlockReason r;
        switch (co.blockKind) {
          case BK::RecvWait: {
            r.kind = BlockReason::Kind::RecvWait;
            r.edge = edge(edges[co.blockEdge].key);
            const Endpoint ep = n.endpoint(co.blockTokenEp);
            r.token = {ep.sid, ep};
            break;
          }
          case BK::SendWait:
            r.kind = BlockReason::Kind::SendWait;
            r.edge = edge(edges[co.blockEdge].key);
            break;
          case BK::AcquireDenied:
            r.kind = BlockReason::Kind::AcquireDenied;
            r.layer = c.syms.name(co.blockLayer);
            break;
        }
        sc.status = CoroStatus::blocked(std::move(r));
        break;
      }
    }
    s.coroutines.push_back(std::move(sc));
  }
  for (std::size_t sid = 0; sid < sessions.size(); ++sid)
    s.sessions.push_back({sid, sessions[sid].phase, sessions[sid].epoch});
  for (const EdgeRec& e : edges) {
    if (e.ring.empty()) continue;
    Snapshot::Buffer b;
    b.edge = edge(e.key);
    for (std::uint64_t i = 0; i < e.ring.size(); ++i) b.values.push_back(n.value(e.ring.at(i)));
    s.buffers.push_back(std::move(b));
  }
  std::sort(s.buffers.begin(), s.buffers.end(),
            [](const Snapshot::Buffer& a, const Snapshot::Buffer& b) { return a.edge < b.edge; });
  s.crashedSites.assign(crashedSites.begin(), crashedSites.end());
  for (const EdgeKey& k : partitionKeys) s.partitionedEdges.push_back(edge(k));
  std::sort(s.partitionedEdges.begin(), s.partitionedEdges.end());
  const OutputConditionCheck check{{"vm.observable_output", std::nullopt, "vm.output_digest.unspecified"},
                                   c.gateAccepts};
  s.outputConditionChecks.assign(checks, check);
  s.failureTrace = failureTrace;
  s.structuredErrorEvents = structuredErrors;
  return s;
}

RunResult Machine::result() const {
  RunResult r;
  r.outcome = outcome;
  r.detail = detail;
  r.trace = trace();
  r.snapshot = snapshot();
  r.stepsExecuted = stepCount;
  r.rounds = clock;
  return r;
}

}  // namespace tt::vm::detail
