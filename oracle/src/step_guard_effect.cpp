// `invoke`, `acquire`, `release` (reference B §4.7-4.9; Lean ExecGuardEffect.lean).
// The guard model (F D18): a layer is active when config.guardChain.active lists it and
// holds a resource when config.guardChain.resources lists it; opening a resource always
// yields evidence, encoded in a register as `unit`; only `unit` decodes as evidence.
#include <algorithm>

#include "step.hpp"

namespace tt::oracle::detail {
namespace {

bool listed(const std::vector<LayerId>& layers, const LayerId& l) {
  return std::find(layers.begin(), layers.end(), l) != layers.end();
}

Fault guardFault(const char* msg) { return Fault::acquireFault("guard-layer", msg); }

// acquired/released/invoked name the first owned endpoint; without one the event is
// internal (no trace entry, no output-condition check).
StepEvent primaryEndpointEvent(const CoroutineState& c, ObsEvent ev) {
  if (c.ownedEndpoints.empty()) return StepEvent::internal();
  ev.endpoint = c.ownedEndpoints.front();
  return StepEvent::observable(std::move(ev));
}

}  // namespace

ExecResult stepInvoke(VMState& st, CoroutineId cid, const instr::Invoke&) {
  CoroutineState& c = st.coroutines[cid];
  // The handler lookup is global: any session (newest first) with a binding.
  if (!st.sessions.anyHandlerBound()) return faultPack(c, invokeFault("no handler bound"));
  // (EffectRuntime.exec and the persistence bridge are no-ops under the unit model)
  ObsEvent ev;
  ev.kind = ObsEvent::Kind::Invoked;
  return continuePack(c, primaryEndpointEvent(c, std::move(ev)));
}

ExecResult stepAcquire(VMState& st, CoroutineId cid, const instr::Acquire& i) {
  CoroutineState& c = st.coroutines[cid];
  const GuardChain& chain = st.cfg().guardChain;
  if (!listed(chain.active, i.layer)) return faultPack(c, guardFault("inactive layer"));
  if (!listed(chain.resources, i.layer)) return faultPack(c, guardFault("unknown layer"));
  // GuardLayer.open_ always yields evidence here, so `acquireDenied` is never produced.
  if (!regExists(c, i.dst)) return faultPack(c, Fault::outOfRegisters());
  c.regs[i.dst] = Value::unit();  // encodeEvidence
  ObsEvent ev;
  ev.kind = ObsEvent::Kind::Acquired;
  ev.layer = i.layer;
  return continuePack(c, primaryEndpointEvent(c, std::move(ev)));
}

ExecResult stepRelease(VMState& st, CoroutineId cid, const instr::Release& i) {
  CoroutineState& c = st.coroutines[cid];
  const GuardChain& chain = st.cfg().guardChain;
  if (!listed(chain.active, i.layer)) return faultPack(c, guardFault("inactive layer"));
  const Value* evidence = readReg(c, i.evidence);
  if (!evidence) return faultPack(c, Fault::outOfRegisters());
  if (evidence->kind != Value::Kind::Unit) return faultPack(c, guardFault("bad evidence"));
  if (!listed(chain.resources, i.layer)) return faultPack(c, guardFault("unknown layer"));
  // GuardLayer.close leaves the (unit) resource as it is.
  ObsEvent ev;
  ev.kind = ObsEvent::Kind::Released;
  ev.layer = i.layer;
  return continuePack(c, primaryEndpointEvent(c, std::move(ev)));
}

}  // namespace tt::oracle::detail
