// Builders and printers shared by the oracle tests.
#pragma once
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "tt/core/error.hpp"
#include "tt/core/scenario.hpp"
#include "tt/oracle/exec.hpp"
#include "tt/oracle/load.hpp"
#include "tt/oracle/oracle.hpp"
#include "tt/oracle/sched.hpp"

namespace tt::oracle::testing {

// --- configs --------------------------------------------------------------------------
inline VMConfig operational() { return VMConfig{}; }
inline VMConfig leanLiteral() {
  VMConfig c;
  c.profile = Profile::LeanLiteral;
  c.repairs = Repairs::none();
  return c;
}
inline VMConfig allRepairsBut(Repair r) {
  VMConfig c;
  c.repairs.set(r, false);
  return c;
}

// --- session types --------------------------------------------------------------------
inline TypeLabel lbl(std::string name) { return {std::move(name), {}}; }
inline LocalTypeRPtr endR() { return LocalTypeR::end(); }
// A one-branch send/recv; with a payload type it converts to Lean's typed send/recv,
// without one to a one-armed select/branch.
inline LocalTypeRPtr sendR(Role p, std::string label, std::optional<ValType> t, LocalTypeRPtr k) {
  return LocalTypeR::send(std::move(p), {BranchR{lbl(std::move(label)), std::move(t), std::move(k)}});
}
inline LocalTypeRPtr recvR(Role p, std::string label, std::optional<ValType> t, LocalTypeRPtr k) {
  return LocalTypeR::recv(std::move(p), {BranchR{lbl(std::move(label)), std::move(t), std::move(k)}});
}
inline std::vector<BranchR> arms(std::vector<std::pair<std::string, LocalTypeRPtr>> as) {
  std::vector<BranchR> out;
  for (auto& [l, k] : as) out.push_back(BranchR{lbl(l), std::nullopt, k});
  return out;
}
inline GlobalTypePtr comm(Role s, Role r, std::string label, GlobalTypePtr k) {
  return GlobalType::comm(std::move(s), std::move(r), {GlobalBranch{lbl(std::move(label)), std::move(k)}});
}
inline GlobalTypePtr endG() { return GlobalType::end(); }

// --- scenarios ------------------------------------------------------------------------
inline ImageSpec globalImage(GlobalTypePtr g, std::vector<Role> roles) {
  ImageSpec spec;
  spec.kind = ImageSpec::Kind::GlobalType;
  spec.globalType = std::move(g);
  spec.roles = std::move(roles);
  return spec;
}
inline ImageSpec programImage(std::vector<std::pair<Role, Bytecode>> programs,
                              std::vector<std::pair<Role, LocalTypeRPtr>> types) {
  ImageSpec spec;
  spec.kind = ImageSpec::Kind::Programs;
  spec.programs = std::move(programs);
  spec.localTypes = std::move(types);
  return spec;
}
inline Scenario scenarioOf(VMConfig cfg, std::vector<ImageSpec> images, std::uint64_t fuel = 200) {
  Scenario s;
  s.config = std::move(cfg);
  s.images = std::move(images);
  s.run.fuel = fuel;
  return s;
}

// A loaded state; fails the test if loading fails.
inline VMState loaded(const Scenario& s) {
  auto r = loadScenario(s);
  if (auto* err = std::get_if<std::string>(&r)) {
    ADD_FAILURE() << "load failed: " << *err;
    return initialState(std::make_shared<const VMConfig>(s.config));
  }
  return std::move(std::get<VMState>(r));
}

// One coroutine with `code` and local type `type` for role "A" (plus its partner "B"
// with type `partnerType` and code [halt]), loaded from explicit programs.
inline Scenario pairScenario(VMConfig cfg, Bytecode codeA, LocalTypeRPtr typeA, LocalTypeRPtr typeB,
                             Bytecode codeB = {instr::Halt{}}) {
  return scenarioOf(std::move(cfg), {programImage({{"A", std::move(codeA)}, {"B", std::move(codeB)}},
                                                  {{"A", std::move(typeA)}, {"B", std::move(typeB)}})});
}

// --- printers -------------------------------------------------------------------------
inline std::string valueText(const Value& v) {
  switch (v.kind) {
    case Value::Kind::Unit: return "unit";
    case Value::Kind::Bool: return v.boolean ? "true" : "false";
    case Value::Kind::Nat: return std::to_string(v.nat);
    case Value::Kind::String: return "\"" + v.str + "\"";
    case Value::Kind::Prod: return "(" + valueText(*v.left) + "," + valueText(*v.right) + ")";
    case Value::Kind::Chan: return "chan " + std::to_string(v.chan.sid) + ":" + v.chan.role;
  }
  return "?";
}
inline std::string edgeText(const Edge& e) { return std::to_string(e.sid) + ":" + e.sender + ">" + e.receiver; }
inline std::string epText(const Endpoint& e) { return std::to_string(e.sid) + ":" + e.role; }

// "<tick> <kind> <fields>", e.g. "3 sent 0:A>B unit", "0 opened 0 A,B".
inline std::string eventText(const TickedObsEvent& t) {
  const ObsEvent& e = t.event;
  std::ostringstream o;
  o << t.tick << " " << obsEventKindName(e.kind);
  using K = ObsEvent::Kind;
  switch (e.kind) {
    case K::Sent: case K::Received: o << " " << edgeText(e.edge) << " " << valueText(e.value); break;
    case K::Offered: case K::Chose: o << " " << edgeText(e.edge) << " " << e.label; break;
    case K::Acquired: case K::Released: o << " " << e.layer << " " << epText(e.endpoint); break;
    case K::Invoked: o << " " << epText(e.endpoint); break;
    case K::Opened: {
      o << " " << e.sid << " ";
      for (std::size_t k = 0; k < e.roles.size(); ++k) o << (k ? "," : "") << e.roles[k];
      break;
    }
    case K::Closed: case K::Joined: case K::Aborted: o << " " << e.sid; break;
    case K::EpochAdvanced: o << " " << e.sid << " " << e.epoch; break;
    case K::Transferred: o << " " << epText(e.endpoint) << " " << e.fromCoro << "->" << e.toCoro; break;
    case K::Forked: o << " " << e.sid << " " << e.ghostSid; break;
    case K::Tagged: o << " " << epText(e.fact.endpoint) << " " << e.fact.payload; break;
    case K::Checked: o << " " << e.target << " " << (e.permitted ? "true" : "false"); break;
  }
  return o.str();
}
inline std::vector<std::string> traceText(const Trace& t) {
  std::vector<std::string> out;
  for (const auto& e : t) out.push_back(eventText(e));
  return out;
}

inline std::string faultText(const Fault& f) {
  std::string s = faultKindName(f.kind);
  if (!f.msg.empty()) s += " \"" + f.msg + "\"";
  return s;
}
inline std::string statusText(const CoroStatus& s) {
  switch (s.kind) {
    case CoroStatus::Kind::Ready: return "ready";
    case CoroStatus::Kind::Done: return "done";
    case CoroStatus::Kind::Speculating: return "speculating";
    case CoroStatus::Kind::Faulted: return "faulted " + faultText(s.fault);
    case CoroStatus::Kind::Blocked: {
      std::string r = std::string("blocked ") + blockReasonName(s.reason.kind);
      if (s.reason.kind == BlockReason::Kind::RecvWait || s.reason.kind == BlockReason::Kind::SendWait)
        r += " " + edgeText(s.reason.edge);
      return r;
    }
  }
  return "?";
}

// Run a scenario with the canonical runner and check C §6.1's invariants at every
// observation point.
inline RunResult runChecked(const Scenario& s, RunOptions o = {}) {
  return run(s, o, [](const Observation& obs) {
    const auto bad = checkInvariants(obs.state);
    if (!bad.empty()) ADD_FAILURE() << "invariant broken: " << bad.front();
  });
}

}  // namespace tt::oracle::testing

namespace tt::oracle::testing {

// A loaded two-role state (A = coroutine 0, B = coroutine 1) for stepping single
// instructions with execInstr directly.
struct Bench {
  VMState st;
  explicit Bench(const Scenario& s) : st(loaded(s)) {}
  CoroutineState& coro(CoroutineId id = 0) { return st.coroutines.at(id); }
  ExecResult step(CoroutineId id = 0) { return execInstr(st, id); }
  void put(const Edge& e, Value v) {
    st.buffers.enqueue(st.cfg().bufferConfigFor(e), st.buffers.slotOf(e), std::move(v));
  }
  std::vector<Value> queued(const Edge& e) const {
    const auto* q = st.buffers.lookup(e);
    return q ? std::vector<Value>(q->begin(), q->end()) : std::vector<Value>{};
  }
};

// Instruction tests run without the monitor unless they test it, so each step's own
// check order is visible.
inline VMConfig monitorOff(VMConfig c = operational()) {
  c.monitorMode = MonitorMode::Off;
  return c;
}

inline Value chanOf(SessionId sid, Role r) { return Value::ofChan({sid, std::move(r)}); }

}  // namespace tt::oracle::testing
