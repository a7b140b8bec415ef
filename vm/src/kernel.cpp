// The kernel: one coroutine step, Lean execInstr with the operational repairs (reference
// B §2 and §4, SEMANTICS §2). Like lvm.c: fetch, precheck, charge, one switch over the
// opcode; every case runs its checks in Lean's order (the first failing check decides)
// and then commits.
//
// Lean's packs, as the cases apply them:
//   fault   status faulted f, pc kept, nothing global changes (charge kept)
//   block   status blocked r, pc kept
//   advance status ready, pc + 1 (raw packs: fork/join/abort/transfer keep the status)
//   gate    a step with an observable event passes the output condition: its global
//           effects and events commit and one check is recorded; on rejection the
//           coroutine keeps its local changes (pc, registers, ownership) and faults with
//           specFault "output condition rejected: ...", and nothing global commits
//           (F §1.4: close's epochAdvanced and abort's truncation are dropped too).
//
// A step touches its coroutine, its endpoint's session (type entries, that session's
// edges) and, for open/spawn/transfer/fork/join/abort only, shared state (docs/vm.md,
// "Which steps run in parallel").
#include <algorithm>

#include "machine.hpp"

namespace tt::vm::detail {

namespace {

constexpr const char* kGateRejected = "output condition rejected: vm.observable_output";

FaultRec typeViolation(TypeRef expected, TypeRef actual) {
  FaultRec f;
  f.kind = Fault::Kind::TypeViolation;
  f.expected = expected;
  f.actual = actual;
  return f;
}
FaultRec withMsg(Fault::Kind k, const char* msg) {
  FaultRec f;
  f.kind = k;
  f.msg = msg;
  return f;
}
FaultRec specFault(const char* msg) { return withMsg(Fault::Kind::SpecFault, msg); }
FaultRec plain(Fault::Kind k) {
  FaultRec f;
  f.kind = k;
  return f;
}
FaultRec channelClosed(EpId ep) {
  FaultRec f;
  f.kind = Fault::Kind::ChannelClosed;
  f.ep = ep;
  return f;
}
FaultRec unknownLabel(Sym label) {
  FaultRec f;
  f.kind = Fault::Kind::UnknownLabel;
  f.sym = label;
  return f;
}
FaultRec noProgressToken(EdgeId e) {
  FaultRec f;
  f.kind = Fault::Kind::NoProgressToken;
  f.edge = e;
  return f;
}

enum class Enq : std::uint8_t { Ok, Blocked, Dropped, Error };

// Lean bufEnqueue's verdict (reference B §1.5).
inline Enq enqueueVerdict(const EdgeRec& e) {
  if (e.cfg.mode == BufferMode::LatestValue || e.ring.size() < e.cfg.cap) return Enq::Ok;
  switch (e.cfg.policy) {
    case BackpressureKind::Drop: return Enq::Dropped;
    case BackpressureKind::Error: return Enq::Error;
    case BackpressureKind::Block:
    case BackpressureKind::Resize: return Enq::Blocked;
  }
  return Enq::Blocked;
}

inline std::int8_t enqueue(EdgeRec& e, const Val& v) {
  if (e.cfg.mode == BufferMode::LatestValue) {
    const auto before = static_cast<std::int8_t>(e.ring.size());
    e.ring.overwrite(v);
    return static_cast<std::int8_t>(1 - before);
  }
  e.ring.push(v);
  return 1;
}

inline bool owns(const Coro& co, EpId ep) {
  for (EpId x : co.owned)
    if (x == ep) return true;
  return false;
}

inline bool holdsToken(const Coro& co, EpId ep) {
  for (const TokenEntry& t : co.tokens)
    if (t.ep == ep && t.count > 0) return true;
  return false;
}

}  // namespace

void Machine::step(CoId cid, StepOut& out) {
  stepImpl<false>(cid, out);
  if (trackKeys_) execKey[cid] = classify(cid);
}
void Machine::stepDirect(CoId cid, StepOut& out) {
  stepImpl<true>(cid, out);
  if (trackKeys_) execKey[cid] = classify(cid);
}

std::uint64_t Machine::classify(CoId id) const {
  const Coro& co = coros[id];
  if (co.status != CS::Ready) return kSkip;
  const ProgramC& prog = c.programs[co.program];
  if (co.pc >= prog.code.size()) return kLocal;
  const DInstr& in = prog.code[co.pc];
  switch (in.op) {
    case Opcode::Open:
    case Opcode::Spawn:
    case Opcode::Transfer:
    case Opcode::Fork:
    case Opcode::Join:
    case Opcode::Abort: return kBarrier;
    case Opcode::Send:
    case Opcode::Receive:
    case Opcode::Offer:
    case Opcode::Choose:
    case Opcode::Close:
      if (in.a < kRegs && co.regs.kind[in.a] == VK::Chan) return eps.key(static_cast<EpId>(co.regs.bits[in.a])).sid;
      return kLocal;
    default: return kLocal;
  }
}

// Direct: events go straight into the trace (the cooperative driver, one step at a time);
// otherwise they wait in `out` for the driver to commit them in plan order.
template <bool Direct>
void Machine::stepImpl(CoId cid, StepOut& out) {
  out.nev = 0;
  out.checks = 0;
  out.bufDelta = 0;
  out.touched = kNone;
  out.spawned = kNone;
  out.ownershipChanged = false;
  Coro& co = coros[cid];

  auto fault = [&](const FaultRec& f) {
    co.status = CS::Faulted;
    co.fault = f;
    out.status = ExecStatus::Faulted;
  };
  auto block = [&](BK kind, EdgeId e, EpId tokenEp) {
    co.status = CS::Blocked;
    co.blockKind = kind;
    co.blockEdge = e;
    co.blockTokenEp = tokenEp;
    out.status = ExecStatus::Blocked;
  };
  auto advance = [&] {
    co.status = CS::Ready;
    ++co.pc;
    out.status = ExecStatus::Continue;
  };
  auto gate = [&]() -> bool {
    out.checks = 1;
    if (c.gateAccepts) return true;
    fault(specFault(kGateRejected));
    return false;
  };
  auto emit = [&](ObsEvent::Kind k, std::uint32_t a, Val v, bool flag = false) {
    if constexpr (Direct) {
      ++traceLen;
      if (traceOn) {
        noteTickHigh();
        trace_.push_back(makeEv(clock, cid, k, a, v, flag));
      }
    } else {
      out.ev[out.nev++] = makeEv(0, kNone, k, a, v, flag);
    }
  };
  auto typeOfVal = [&](const Val& v) { return valTypeOf(v, c.prods); };
  // The sender side shared by send and offer, in Lean's order: partition blocks, a missing
  // handler faults, then the enqueue verdict and transportOk. False: the step blocked or
  // faulted here.
  auto canEnqueue = [&](EdgeId e) -> bool {
    if (e != kNone && edges[e].partitioned) { block(BK::SendWait, e, kNone); return false; }
    if (e == kNone || !edges[e].hasHandler) { fault(specFault("no handler bound")); return false; }
    switch (enqueueVerdict(edges[e])) {
      case Enq::Ok: break;
      case Enq::Blocked: block(BK::SendWait, e, kNone); return false;
      case Enq::Dropped: fault(withMsg(Fault::Kind::FlowViolation, "buffer drop")); return false;
      case Enq::Error: fault(withMsg(Fault::Kind::FlowViolation, "buffer overflow")); return false;
    }
    if (!c.transportOk) { fault(specFault("handler spec failed")); return false; }
    return true;
  };

  // execAtPC: fetch (a fetch fault skips the monitor and the charge).
  const ProgramC& prog = c.programs[co.program];
  if (co.pc >= prog.code.size()) return fault(withMsg(Fault::Kind::CloseFault, "pc out of range"));
  const DInstr& in = prog.code[co.pc];

  // Monitor precheck (monitorPrecheckError?): structure, then the shape of the type of the
  // endpoint in the channel register. A rejection is typeViolation unit unit, uncharged.
  if (c.monitorOn) {
    bool ok = in.structOk;
    if (ok && (in.op == Opcode::Send || in.op == Opcode::Offer || in.op == Opcode::Receive ||
               in.op == Opcode::Choose)) {
      ok = false;
      if (in.a < kRegs && co.regs[in.a].kind == VK::Chan) {
        const std::uint32_t entry = epRecs[co.regs[in.a].bits].entry;
        if (entry != kNone) {
          const TK k = c.types.nodes[typeOf[entry]].kind;
          ok = (in.op == Opcode::Send || in.op == Opcode::Offer) ? (k == TK::Send || k == TK::Select)
                                                                 : (k == TK::Recv || k == TK::Branch);
        }
      }
    }
    if (!ok) return fault(typeViolation({}, {}));
  }

  // Cost: charged before the step; a fault or block inside the step keeps the charge.
  const std::uint64_t cost = c.cost[static_cast<std::size_t>(in.op)];
  if (cost > co.budget) return fault(plain(Fault::Kind::OutOfCredits));
  co.budget -= cost;

  // Operand decoding shared by the instructions that take a channel register: missing →
  // outOfRegisters; not a channel → typeViolation (chan 0 "") (valTypeOf v).
  auto chanOperand = [&](std::uint32_t reg, EpId& ep) -> bool {
    if (reg >= kRegs) {
      fault(plain(Fault::Kind::OutOfRegisters));
      return false;
    }
    const Val v = co.regs[reg];
    if (v.kind != VK::Chan) {
      fault(typeViolation(c.chan0, typeOfVal(v)));
      return false;
    }
    ep = static_cast<EpId>(v.bits);
    return true;
  };
  // A knowledge fact in a register: prod (chan ep) (string s).
  auto factOperand = [&](std::uint32_t reg, Fact& f) -> bool {
    if (reg >= kRegs) {
      fault(plain(Fault::Kind::OutOfRegisters));
      return false;
    }
    const Val v = co.regs[reg];
    if (v.kind == VK::Prod) {
      const auto& p = c.prods.val(v.bits);
      if (p.left.kind == VK::Chan && p.right.kind == VK::String) {
        f = {static_cast<EpId>(p.left.bits), static_cast<Sym>(p.right.bits)};
        return true;
      }
    }
    fault(typeViolation(c.factType, typeOfVal(v)));
    return false;
  };

  switch (in.op) {
    case Opcode::Send: {  // stepSend + repair.comm.label-only-message
      if (in.a >= kRegs) return fault(plain(Fault::Kind::OutOfRegisters));
      const Val ch = co.regs[in.a];
      if (ch.kind != VK::Chan) return fault(typeViolation(c.chan0, typeOfVal(ch)));
      if (in.b >= kRegs) return fault(plain(Fault::Kind::OutOfRegisters));
      const auto ep = static_cast<EpId>(ch.bits);
      if (!owns(co, ep)) return fault(channelClosed(ep));
      const std::uint32_t entry = epRecs[ep].entry;
      if (entry == kNone) return fault(specFault("send not permitted"));
      const TypeNode& n = c.types.nodes[typeOf[entry]];
      const Val v = co.regs[in.b];
      NodeId next;
      if (n.kind == TK::Send) {
        const TypeRef vt = typeOfVal(v);
        if (!(vt == n.payload)) return fault(typeViolation(n.payload, vt));
        next = n.next;
      } else if (n.kind == TK::Select && n.armCount == 1) {
        next = c.types.arms[n.armBegin].next;
      } else {
        return fault(specFault("send not permitted"));
      }
      const EdgeId e = outEdge(ep, n.partner);
      if (!canEnqueue(e)) return;
      EdgeRec& er = edges[e];
      advance();
      if (!gate()) return;
      out.bufDelta = enqueue(er, v);
      out.touched = e;
      typeOf[entry] = next;
      return emit(ObsEvent::Kind::Sent, e, v);
    }

    case Opcode::Receive: {  // stepReceive + label-only + progress-token repairs
      EpId ep;
      if (!chanOperand(in.a, ep)) return;
      if (!owns(co, ep)) return fault(channelClosed(ep));
      const std::uint32_t entry = epRecs[ep].entry;
      if (entry == kNone) return fault(specFault("recv not permitted"));
      const TypeNode& n = c.types.nodes[typeOf[entry]];
      NodeId next;
      const bool typed = n.kind == TK::Recv;
      if (typed) next = n.next;
      else if (n.kind == TK::Branch && n.armCount == 1) next = c.types.arms[n.armBegin].next;
      else return fault(specFault("recv not permitted"));
      const EdgeId e = inEdge(ep, n.partner);
      if (e != kNone && edges[e].partitioned) return block(BK::RecvWait, e, ep);
      if (e == kNone || !edges[e].hasHandler) return fault(specFault("no handler bound"));
      if (!holdsToken(co, ep)) return fault(noProgressToken(e));  // required, never consumed
      EdgeRec& er = edges[e];
      if (er.ring.empty()) return block(BK::RecvWait, e, ep);
      if (!c.transportOk) return fault(specFault("handler spec failed"));
      const Val payload = er.ring.front();  // signatures always verify (unit model)
      if (typed) {
        const TypeRef vt = typeOfVal(payload);
        if (!(vt == n.payload)) return fault(typeViolation(n.payload, vt));
      }
      if (in.b >= kRegs) return fault(plain(Fault::Kind::OutOfRegisters));
      co.regs.set(in.b, payload);
      advance();
      if (!gate()) return;
      er.ring.pop();
      out.bufDelta = -1;
      out.touched = e;
      typeOf[entry] = next;
      return emit(ObsEvent::Kind::Received, e, payload);
    }

    case Opcode::Offer: {  // stepOffer
      EpId ep;
      if (!chanOperand(in.a, ep)) return;
      if (!owns(co, ep)) return fault(channelClosed(ep));
      const std::uint32_t entry = epRecs[ep].entry;
      if (entry == kNone) return fault(specFault("offer not permitted"));
      const TypeNode& n = c.types.nodes[typeOf[entry]];
      if (n.kind != TK::Select) return fault(specFault("offer not permitted"));
      const Sym label = in.b;
      const Arm* arm = nullptr;
      for (std::uint32_t i = 0; i < n.armCount && !arm; ++i)
        if (c.types.arms[n.armBegin + i].label == label) arm = &c.types.arms[n.armBegin + i];
      if (!arm) return fault(unknownLabel(label));
      const EdgeId e = outEdge(ep, n.partner);
      if (!canEnqueue(e)) return;
      EdgeRec& er = edges[e];
      advance();
      if (!gate()) return;
      out.bufDelta = enqueue(er, Val::string(label));
      out.touched = e;
      typeOf[entry] = arm->next;
      return emit(ObsEvent::Kind::Offered, e, Val::string(label));
    }

    case Opcode::Choose: {  // stepChoose
      EpId ep;
      if (!chanOperand(in.a, ep)) return;
      if (!owns(co, ep)) return fault(channelClosed(ep));
      const std::uint32_t entry = epRecs[ep].entry;
      if (entry == kNone) return fault(specFault("choose not permitted"));
      const TypeNode& n = c.types.nodes[typeOf[entry]];
      if (n.kind != TK::Branch) return fault(specFault("choose not permitted"));
      const EdgeId e = inEdge(ep, n.partner);
      if (e != kNone && edges[e].partitioned) return block(BK::RecvWait, e, ep);
      if (e == kNone || !edges[e].hasHandler) return fault(specFault("no handler bound"));
      EdgeRec& er = edges[e];
      if (er.ring.empty()) return block(BK::RecvWait, e, ep);
      if (!c.transportOk) return fault(specFault("handler spec failed"));
      const Val payload = er.ring.front();
      // From here on a fault keeps the dequeue (chooseAfterDequeue).
      auto faultAfterDequeue = [&](const FaultRec& f) {
        er.ring.pop();
        out.bufDelta = -1;
        out.touched = e;
        fault(f);
      };
      if (payload.kind != VK::String) return faultAfterDequeue(typeViolation({VK::String, 0}, typeOfVal(payload)));
      const auto label = static_cast<Sym>(payload.bits);
      const Arm* arm = nullptr;
      for (std::uint32_t i = 0; i < n.armCount && !arm; ++i)
        if (c.types.arms[n.armBegin + i].label == label) arm = &c.types.arms[n.armBegin + i];
      const PC* target = nullptr;
      for (const auto& [l, pc] : c.chooseTables[in.aux])
        if (l == label) {
          target = &pc;
          break;
        }
      if (!arm || !target) return faultAfterDequeue(unknownLabel(label));
      co.pc = *target;
      co.status = CS::Ready;
      out.status = ExecStatus::Continue;
      if (!gate()) return;
      er.ring.pop();
      out.bufDelta = -1;
      out.touched = e;
      typeOf[entry] = arm->next;
      return emit(ObsEvent::Kind::Chose, e, Val::string(label));
    }

    case Opcode::Open: {  // stepOpen (serialized by the threaded driver)
      const OpenSpec& spec = c.opens[in.aux];
      if (!spec.arityOk) return fault(withMsg(Fault::Kind::CloseFault, "open arity mismatch"));
      const std::uint64_t sid = nextSessionId;
      if (!c.spatialOk) return fault(specFault("spatial requirements failed"));
      for (const auto& r1 : spec.localTypes)
        for (const auto& r2 : spec.localTypes) {
          bool bound = false;
          for (const OpenSpec::Handler& h : spec.handlers)
            bound = bound || ((h.thisSession || h.sid == sid) && h.from == r1.first && h.to == r2.first);
          if (!bound) return fault(specFault("handler bindings missing"));
        }
      for (Reg d : spec.dsts)
        if (d >= kRegs) return fault(plain(Fault::Kind::OutOfRegisters));
      // Commit: registers, ownership (new endpoints first, role order), one progress token
      // per new endpoint (repair.recv.progress-token).
      std::vector<EpId> fresh;
      for (const auto& lt : spec.localTypes) fresh.push_back(internEndpoint(sid, lt.first));
      Coro& me = coros[cid];
      for (std::size_t i = 0; i < spec.dsts.size(); ++i) me.regs.set(spec.dsts[i], Val::chan(fresh[i]));
      SmallVec<EpId, 2> owned;
      for (EpId e : fresh) owned.push_back(e);
      for (EpId e : me.owned) owned.push_back(e);
      me.owned = std::move(owned);
      for (auto it = fresh.rbegin(); it != fresh.rend(); ++it) {
        bool merged = false;
        for (TokenEntry& t : me.tokens)
          if (t.ep == *it) {
            ++t.count;
            merged = true;
          }
        if (!merged) me.tokens.push_front({*it, 1});
      }
      me.tokenTotal += static_cast<std::uint32_t>(fresh.size());
      me.fpDirty = true;
      out.ownershipChanged = true;
      me.status = CS::Ready;
      ++me.pc;
      out.status = ExecStatus::Continue;
      if (!gate()) return;
      std::vector<Sym> roles;
      for (const auto& lt : spec.localTypes) roles.push_back(lt.first);
      std::vector<EpId> sessionEps;
      createSession(sid, roles, spec.localTypes, sessionEps);
      SessionRec& s = sessions.back();
      s.hasHandlers = !spec.handlers.empty();
      if (s.hasHandlers) ++sessionsWithHandlers;
      for (const OpenSpec::Handler& h : spec.handlers)
        if (h.thisSession || h.sid == sid) edges[internEdge({sid, h.from, h.to})].hasHandler = true;
      ++nextSessionId;
      return emit(ObsEvent::Kind::Opened, 0, Val::nat(sid));
    }

    case Opcode::Close: {  // stepClose
      EpId ep;
      if (!chanOperand(in.a, ep)) return;
      if (!owns(co, ep)) return fault(withMsg(Fault::Kind::CloseFault, "endpoint not owned"));
      const std::uint64_t sid = eps.key(ep).sid;
      const bool exists = sid < sessions.size();
      const std::uint64_t epoch = (exists ? sessions[sid].epoch : 0) + 1;
      co.owned.eraseIf([ep](EpId x) { return x == ep; });
      co.fpDirty = true;
      out.ownershipChanged = true;
      advance();
      if (!gate()) return;
      if (exists) {
        sessions[sid].phase = SessionPhase::Closed;
        sessions[sid].epoch = epoch;
      }
      emit(ObsEvent::Kind::EpochAdvanced, static_cast<std::uint32_t>(epoch), Val::nat(sid));
      return emit(ObsEvent::Kind::Closed, 0, Val::nat(sid));
    }

    case Opcode::Invoke: {  // stepInvoke: any session with a handler binding
      if (sessionsWithHandlers == 0) return fault(withMsg(Fault::Kind::InvokeFault, "no handler bound"));
      advance();
      if (co.owned.empty()) return;  // internal event: no trace entry, no check
      if (!gate()) return;
      return emit(ObsEvent::Kind::Invoked, 0, Val::chan(co.owned[0]));
    }

    case Opcode::Acquire: {  // stepAcquire (F D18 guard model: evidence is unit)
      if (!(in.c & 1u)) return fault(withMsg(Fault::Kind::AcquireFault, "inactive layer"));
      if (!(in.c & 2u)) return fault(withMsg(Fault::Kind::AcquireFault, "unknown layer"));
      if (in.b >= kRegs) return fault(plain(Fault::Kind::OutOfRegisters));
      co.regs.set(in.b, Val::unit());
      advance();
      if (co.owned.empty()) return;
      if (!gate()) return;
      return emit(ObsEvent::Kind::Acquired, in.a, Val::chan(co.owned[0]));
    }

    case Opcode::Release: {  // stepRelease: evidence decodes only from unit
      if (!(in.c & 1u)) return fault(withMsg(Fault::Kind::AcquireFault, "inactive layer"));
      if (in.b >= kRegs) return fault(plain(Fault::Kind::OutOfRegisters));
      if (co.regs[in.b].kind != VK::Unit) return fault(withMsg(Fault::Kind::AcquireFault, "bad evidence"));
      if (!(in.c & 2u)) return fault(withMsg(Fault::Kind::AcquireFault, "unknown layer"));
      advance();
      if (co.owned.empty()) return;
      if (!gate()) return;
      return emit(ObsEvent::Kind::Released, in.a, Val::chan(co.owned[0]));
    }

    case Opcode::Fork: {  // stepFork (serialized)
      if (!c.speculationEnabled) return fault(specFault("speculation is disabled"));
      std::uint64_t depth;
      if (co.spec) {
        if (co.depth == 0) return fault(specFault("speculation depth exhausted"));
        depth = co.depth - 1;
      } else {
        if (c.maxSpeculationDepth == 0) return fault(specFault("speculation depth exhausted"));
        depth = c.maxSpeculationDepth - 1;
      }
      if (in.a >= kRegs) return fault(plain(Fault::Kind::OutOfRegisters));
      const Val g = co.regs[in.a];
      if (g.kind != VK::Nat) return fault(typeViolation({VK::Nat, 0}, typeOfVal(g)));
      co.spec = true;
      co.ghost = g.bits;
      co.depth = depth;
      ++co.pc;
      out.status = ExecStatus::Forked;
      if (!gate()) return;
      Ghost ghost;
      ghost.owner = cid;
      ghost.createdTick = clock;
      if (g.bits < sessions.size()) {
        const SessionRec& s = sessions[g.bits];
        for (std::uint32_t i = 0; i < s.entryCount; ++i)
          ghost.projected.emplace_back(entryEp[s.entryBegin + i], typeOf[s.entryBegin + i]);
      }
      ghosts[g.bits] = std::move(ghost);
      checkpoints[g.bits] = {traceLen, needsReconciliation};
      needsReconciliation = true;
      return emit(ObsEvent::Kind::Forked, 0, g);
    }

    case Opcode::Join: {  // stepJoin (serialized)
      if (!co.spec) return fault(specFault("join requires active speculation"));
      const std::uint64_t g = co.ghost;
      auto it = ghosts.find(g);
      bool matches = it != ghosts.end();
      if (matches) {
        const auto& snap = it->second.projected;
        const std::uint32_t count = g < sessions.size() ? sessions[g].entryCount : 0;
        const std::uint32_t begin = g < sessions.size() ? sessions[g].entryBegin : 0;
        matches = snap.size() == count;
        for (std::uint32_t i = 0; matches && i < count; ++i)
          matches = snap[i].first == entryEp[begin + i] && snap[i].second == typeOf[begin + i];
      }
      if (!matches) return fault(specFault("join reconciliation predicate failed"));
      co.spec = false;
      ++co.pc;
      out.status = ExecStatus::Joined;
      if (!gate()) return;
      ghosts.erase(g);
      checkpoints.erase(g);
      needsReconciliation = !checkpoints.empty();
      return emit(ObsEvent::Kind::Joined, 0, Val::nat(g));
    }

    case Opcode::Abort: {  // stepAbort (serialized): truncates the trace to the checkpoint
      if (!co.spec) return fault(specFault("abort requires active speculation"));
      const std::uint64_t g = co.ghost;
      co.spec = false;
      ++co.pc;
      out.status = ExecStatus::Aborted;
      if (!gate()) return;
      ghosts.erase(g);
      auto cp = checkpoints.find(g);
      if (cp != checkpoints.end()) {
        const Checkpoint k = cp->second;
        checkpoints.erase(cp);
        if (k.traceLen < traceLen) {
          traceLen = k.traceLen;
          if (traceOn) {
            trace_.truncate(k.traceLen);
            while (!tickHigh_.empty() && tickHigh_.back().first >= k.traceLen) tickHigh_.pop_back();
          }
        }
        needsReconciliation = k.needsReconciliation || !checkpoints.empty();
      } else {
        needsReconciliation = !checkpoints.empty();
      }
      return emit(ObsEvent::Kind::Aborted, 0, Val::nat(g));
    }

    case Opcode::Transfer: {  // stepTransfer (serialized): moves ep, its tokens and facts
      EpId ep;
      if (!chanOperand(in.a, ep)) return;
      if (in.b >= kRegs) return fault(plain(Fault::Kind::OutOfRegisters));
      const Val target = co.regs[in.b];
      // Lean stepTransfer: a non-nat target is typeViolation nat (B §4.13's table names the
      // discarded message "bad transfer target", not the fault).
      if (target.kind != VK::Nat) return fault(typeViolation({VK::Nat, 0}, typeOfVal(target)));
      if (!owns(co, ep)) return fault(withMsg(Fault::Kind::TransferFault, "endpoint not owned"));
      std::uint32_t movedTokens = 0;
      co.tokens.eraseIf([&](const TokenEntry& t) {
        if (t.ep != ep) return false;
        movedTokens += t.count;
        return true;
      });
      co.tokenTotal -= movedTokens;
      std::vector<Fact> movedFacts;
      std::erase_if(co.knowledge, [&](const Fact& f) {
        if (f.ep != ep) return false;
        movedFacts.push_back(f);
        return true;
      });
      co.owned.eraseIf([ep](EpId x) { return x == ep; });
      co.fpDirty = true;
      out.ownershipChanged = true;
      ++co.pc;
      out.status = ExecStatus::Transferred;
      if (!gate()) return;
      // A target outside the array loses the endpoint; so does a self-transfer (the
      // source's write-back wins in Lean's commit).
      if (target.bits < coros.size() && target.bits != cid) {
        Coro& to = coros[target.bits];
        to.owned.push_front(ep);
        if (movedTokens > 0) {
          bool merged = false;
          for (TokenEntry& t : to.tokens)
            if (t.ep == ep) {
              t.count += movedTokens;
              merged = true;
            }
          if (!merged) to.tokens.push_front({ep, movedTokens});
          to.tokenTotal += movedTokens;
        }
        to.knowledge.insert(to.knowledge.end(), movedFacts.begin(), movedFacts.end());
        to.fpDirty = true;
      }
      return emit(ObsEvent::Kind::Transferred, ep, Val::nat(target.bits));
    }

    case Opcode::Tag: {  // stepTag
      Fact f;
      if (!factOperand(in.a, f)) return;
      if (in.b >= kRegs) return fault(plain(Fault::Kind::OutOfRegisters));
      co.regs.set(in.b, Val::boolean(true));
      co.knowledge.push_back(f);  // a multiset: only membership is ever read
      advance();
      if (!gate()) return;
      return emit(ObsEvent::Kind::Tagged, f.payload, Val::chan(f.ep));
    }

    case Opcode::Check: {  // stepCheck
      Fact f;
      if (!factOperand(in.a, f)) return;
      const Sym target = (in.b < kRegs && co.regs[in.b].kind == VK::String) ? static_cast<Sym>(co.regs[in.b].bits)
                                                                           : c.emptySym;
      if (in.c >= kRegs) return fault(plain(Fault::Kind::OutOfRegisters));
      const bool known = std::find(co.knowledge.begin(), co.knowledge.end(), f) != co.knowledge.end();
      const bool ok = allowsKnowledge(c.scenario.config.flowPolicy, c.syms.name(eps.key(f.ep).role),
                                      c.syms.name(f.payload), c.syms.name(target)) &&
                      known;
      co.regs.set(in.c, Val::boolean(ok));
      advance();
      if (!gate()) return;
      return emit(ObsEvent::Kind::Checked, target, Val::unit(), ok);
    }

    case Opcode::Set:
      if (in.a >= kRegs) return fault(plain(Fault::Kind::OutOfRegisters));
      co.regs.set(in.a, c.imms[in.aux]);
      return advance();

    case Opcode::Move:
      if (in.b >= kRegs || in.a >= kRegs) return fault(plain(Fault::Kind::OutOfRegisters));
      co.regs.set(in.a, co.regs[in.b]);
      return advance();

    case Opcode::Jump:
      co.pc = in.x;
      co.status = CS::Ready;
      out.status = ExecStatus::Continue;
      return;

    case Opcode::Spawn: {  // stepSpawn (serialized): the child copies the listed registers
      RegFile regs;
      const auto& args = c.spawnArgs[in.aux];
      for (std::size_t i = 0; i < args.size() && i < kRegs; ++i)
        if (args[i] < kRegs) regs.set(static_cast<unsigned>(i), co.regs[args[i]]);
      const std::uint32_t program = co.program;
      co.status = CS::Ready;
      ++co.pc;
      const CoId child = addCoroutine(program, in.x);  // invalidates `co`
      coros[child].regs = regs;
      out.status = ExecStatus::Spawned;
      out.spawned = child;
      return;
    }

    case Opcode::Yield:  // repair.sched.resume-status: the status stays ready
      co.status = CS::Ready;
      ++co.pc;
      out.status = ExecStatus::Yielded;
      return;

    case Opcode::Halt:
      co.status = CS::Done;
      ++co.pc;
      out.status = ExecStatus::Halted;
      return;
  }
}

template void Machine::stepImpl<true>(CoId, StepOut&);
template void Machine::stepImpl<false>(CoId, StepOut&);

}  // namespace tt::vm::detail
