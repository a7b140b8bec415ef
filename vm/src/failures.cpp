// Scripted topology faults (SEMANTICS §4, F D5): Lean applyFailure (reference C §5.5) with
// the default strict recovery policy, applied at the start of the round whose clock
// equals their tick, in list order, before the unblock pass.
#include <string>

#include "machine.hpp"

namespace tt::vm::detail {

namespace {

const char* faultClassOf(Failure::Kind k) {
  switch (k) {
    case Failure::Kind::SiteCrash:
    case Failure::Kind::Partition:
    case Failure::Kind::Heal: return "topology_mutation";
    case Failure::Kind::Corrupt: return "transport_corruption";
    case Failure::Kind::Timeout: return "transport_timeout";
  }
  return "unknown_fault";
}

}  // namespace

void Machine::applyFaultsNow() {
  // A tick below the first round's clock is never reached.
  while (nextFault < c.faults.size() && c.faults[nextFault].tick < clock) ++nextFault;
  while (nextFault < c.faults.size() && c.faults[nextFault].tick == clock) applyFailure(c.faults[nextFault++]);
  nextFaultTick_ = nextFault < c.faults.size() ? c.faults[nextFault].tick : ~std::uint64_t{0};
}

void Machine::applyFailure(const FaultC& f) {
  using Tag = FailureTraceEvent::Tag;
  using Action = StructuredErrorEvent::Action;
  using Certainty = StructuredErrorEvent::Certainty;
  auto log = [&](Tag tag, std::string text) {
    failureTrace.push_back({clock, nextFailureSeqNo++, tag, std::move(text)});
  };
  auto coherent = [&](std::uint64_t sid) { return sid < sessions.size() && sessions[sid].phase != SessionPhase::Closed; };
  // disconnectEdges / reconnectEdges: the partition set, mirrored on the edges.
  auto disconnect = [&](const EdgeKey& k) {
    if (partitionKeys.insert(k).second) {
      edges[internEdge(k)].partitioned = true;
      wakeAll = true;
    }
  };
  auto reconnect = [&](const EdgeKey& k) {
    if (partitionKeys.erase(k)) {
      if (EdgeId e = findEdge(k); e != kNone) edges[e].partitioned = false;
      wakeAll = true;
    }
  };
  // reconcileBeforeReplay.
  auto reconcile = [&](std::uint64_t sid) {
    if (!needsReconciliation) return;
    needsReconciliation = false;
    log(Tag::Reconciliation, "reconcile_before_replay sid=" + std::to_string(sid));
  };

  const Failure& fl = f.failure;
  const char* cls = faultClassOf(fl.kind);
  log(Tag::Failure, std::string("failure:") + cls);

  Certainty certainty = Certainty::Certain;
  Action action = Action::Continue;
  std::uint64_t retry = 0;
  std::uint64_t closeSid = 0;
  EdgeKey quarantine;
  std::uint64_t evidence = 0;
  std::string text;
  switch (fl.kind) {
    case Failure::Kind::SiteCrash:
      crashedSites.insert(fl.site);  // no execution effect under the unit identity model
      evidence = nextFailureSeqNo;
      text = "site_crash";
      action = Action::RetryAfter;
      retry = 1;
      break;
    case Failure::Kind::Partition:
      for (const EdgeKey& k : f.edges) disconnect(k);
      evidence = nextFailureSeqNo;
      text = "partition edges=" + std::to_string(f.edges.size());
      action = Action::RetryAfter;
      retry = 1;
      break;
    case Failure::Kind::Heal:
      for (const EdgeKey& k : f.edges) reconnect(k);
      evidence = nextFailureSeqNo;
      text = "heal edges=" + std::to_string(f.edges.size());
      action = Action::Continue;
      break;
    case Failure::Kind::Corrupt:
      reconcile(f.edge.sid);
      certainty = Certainty::Unknown;
      evidence = nextFailureSeqNo;
      text = "corrupt sid=" + std::to_string(f.edge.sid) + " seq=" + std::to_string(fl.seqNo);
      if (coherent(f.edge.sid)) {
        action = Action::QuarantineEdge;
        quarantine = f.edge;
      } else {
        action = Action::CloseSession;
        closeSid = f.edge.sid;
      }
      break;
    case Failure::Kind::Timeout: {
      reconcile(f.edge.sid);
      const bool due = clock >= fl.deadline;
      certainty = due ? Certainty::Unknown : Certainty::BoundedDiff;
      evidence = nextFailureSeqNo;
      text = "timeout sid=" + std::to_string(f.edge.sid) + " deadline=" + std::to_string(fl.deadline);
      if (!coherent(f.edge.sid) || due) {
        action = Action::CloseSession;
        closeSid = f.edge.sid;
      } else {
        action = Action::RetryAfter;
        retry = fl.deadline - clock;
      }
      break;
    }
  }

  // applyRecoveryAction.
  switch (action) {
    case Action::Continue: log(Tag::Recovery, "recovery:continue"); break;
    case Action::RetryAfter: log(Tag::Recovery, "recovery:retry ticks=" + std::to_string(retry)); break;
    case Action::CloseSession:
      // closeSession: the record's phase (its buffer copy and type traces are not kept
      // by the VM); coroutines and the global buffers are untouched.
      if (closeSid < sessions.size()) sessions[closeSid].phase = SessionPhase::Closed;
      log(Tag::Recovery, "recovery:close sid=" + std::to_string(closeSid));
      break;
    case Action::QuarantineEdge:
      disconnect(quarantine);
      log(Tag::Recovery, "recovery:quarantine sid=" + std::to_string(quarantine.sid));
      break;
    case Action::ReconcileThenRetry:
    case Action::Abort: break;  // not chosen by the strict policy
  }

  StructuredErrorEvent se;
  se.tick = clock;
  se.seqNo = nextFailureSeqNo++;
  se.faultClass = cls;
  se.certainty = certainty;
  se.action = action;
  se.evidenceId = std::to_string(evidence);
  se.detail = text;
  se.retryAfter = action == Action::RetryAfter ? retry : 0;
  structuredErrors.push_back(std::move(se));
}

}  // namespace tt::vm::detail
