// Failure ingress (reference C §5.2-5.5). Under the unit identity model a site crash has
// no effect on execution; partitions block the edge's sends and receives; corruption
// quarantines the edge; a timeout past its deadline closes the session record.
#include "tt/oracle/failure.hpp"

#include <algorithm>

namespace tt::oracle {

using Action = StructuredErrorEvent::Action;
using Certainty = StructuredErrorEvent::Certainty;

void crashSite(VMState& st, SiteId site) {
  auto& sites = st.crashedSites;
  if (std::find(sites.begin(), sites.end(), site) == sites.end()) sites.insert(sites.begin(), site);
}

void disconnectEdges(VMState& st, const std::vector<Edge>& edges) {
  // The edges not already partitioned, in order (duplicates inside `edges` are kept), go
  // in front of the old list.
  std::vector<Edge> added;
  for (const Edge& e : edges)
    if (!edgePartitioned(st, e)) added.push_back(e);
  st.partitionedEdges.insert(st.partitionedEdges.begin(), added.begin(), added.end());
}

void reconnectEdges(VMState& st, const std::vector<Edge>& edges) {
  auto& p = st.partitionedEdges;
  p.erase(std::remove_if(p.begin(), p.end(),
                         [&](const Edge& e) { return std::find(edges.begin(), edges.end(), e) != edges.end(); }),
          p.end());
}

void closeSession(VMState& st, SessionId sid) {
  if (SessionState* s = st.sessions.find(sid)) {
    s->phase = SessionPhase::Closed;
    s->traces.clear();  // (and the session's buffer view, which is not materialised)
  }
}

bool failureSessionCoherent(const VMState& st, SessionId sid) {
  const SessionState* s = st.sessions.find(sid);
  return s && s->phase != SessionPhase::Closed;
}

void appendFailureTraceEvent(VMState& st, FailureTraceEvent::Tag tag, std::string detail) {
  st.failureTrace.push_back({st.clock, st.nextFailureSeqNo, tag, std::move(detail)});
  st.nextFailureSeqNo += 1;
}

namespace {

void emitStructuredErrorEvent(VMState& st, std::string faultClass, const RecoveryEvidence& ev,
                              const RecoveryAction& a) {
  StructuredErrorEvent e;
  e.tick = st.clock;
  e.seqNo = st.nextFailureSeqNo;
  e.faultClass = std::move(faultClass);
  e.certainty = ev.certainty;
  e.action = a.kind;
  e.evidenceId = std::to_string(ev.evidenceId);
  e.detail = ev.detail;
  e.retryAfter = (a.kind == Action::RetryAfter || a.kind == Action::ReconcileThenRetry) ? a.ticks : 0;
  st.structuredErrorEvents.push_back(std::move(e));
  st.nextFailureSeqNo += 1;
}

RecoveryAction retryAfter(std::uint64_t ticks) { return {Action::RetryAfter, ticks, 0, {}}; }
RecoveryAction closeSessionAction(SessionId sid) { return {Action::CloseSession, 0, sid, {}}; }

}  // namespace

void reconcileBeforeReplay(VMState& st, SessionId sid) {
  if (!st.needsReconciliation) return;
  st.needsReconciliation = false;
  appendFailureTraceEvent(st, FailureTraceEvent::Tag::Reconciliation,
                          "reconcile_before_replay sid=" + std::to_string(sid));
}

const char* faultClassOfFailure(const Failure& f) {
  switch (f.kind) {
    case Failure::Kind::SiteCrash:
    case Failure::Kind::Partition:
    case Failure::Kind::Heal: return "topology_mutation";
    case Failure::Kind::Corrupt: return "transport_corruption";
    case Failure::Kind::Timeout: return "transport_timeout";
  }
  return "unknown_fault";
}

RecoveryAction decideRecovery(const VMState& st, SessionId sid, const Failure& f, const RecoveryEvidence&) {
  // The default policy is strict (maxRetries 0, base and step backoff 1).
  if (!failureSessionCoherent(st, sid)) return closeSessionAction(sid);
  switch (f.kind) {
    case Failure::Kind::SiteCrash:
    case Failure::Kind::Partition: return retryAfter(1);
    case Failure::Kind::Heal: return {Action::Continue, 0, 0, {}};
    case Failure::Kind::Corrupt: return {Action::QuarantineEdge, 0, 0, f.edge};
    case Failure::Kind::Timeout:
      // decideTimeoutRecovery under the strict policy.
      if (st.clock >= f.deadline) return closeSessionAction(f.edge.sid);
      return retryAfter(f.deadline - st.clock);
  }
  return {};
}

void applyRecoveryAction(VMState& st, const RecoveryAction& a) {
  std::string detail;
  switch (a.kind) {
    case Action::Continue: detail = "recovery:continue"; break;
    case Action::RetryAfter: detail = "recovery:retry ticks=" + std::to_string(a.ticks); break;
    case Action::CloseSession:
      closeSession(st, a.sid);
      detail = "recovery:close sid=" + std::to_string(a.sid);
      break;
    case Action::QuarantineEdge:
      disconnectEdges(st, {a.edge});
      detail = "recovery:quarantine sid=" + std::to_string(a.edge.sid);
      break;
    case Action::ReconcileThenRetry:
      st.needsReconciliation = true;
      detail = "recovery:reconcile_then_retry ticks=" + std::to_string(a.ticks);
      break;
    case Action::Abort: detail = "recovery:abort"; break;  // never decided
  }
  appendFailureTraceEvent(st, FailureTraceEvent::Tag::Recovery, std::move(detail));
}

void applyFailure(VMState& st, const Failure& f) {
  appendFailureTraceEvent(st, FailureTraceEvent::Tag::Failure,
                          std::string("failure:") + faultClassOfFailure(f));
  RecoveryEvidence ev;
  RecoveryAction action;
  switch (f.kind) {
    case Failure::Kind::SiteCrash:
      crashSite(st, f.site);
      ev = {0, Certainty::Certain, st.nextFailureSeqNo, "site_crash"};
      action = retryAfter(1);
      break;
    case Failure::Kind::Partition:
      disconnectEdges(st, f.edges);
      ev = {0, Certainty::Certain, st.nextFailureSeqNo, "partition edges=" + std::to_string(f.edges.size())};
      action = retryAfter(1);
      break;
    case Failure::Kind::Heal:
      reconnectEdges(st, f.edges);
      ev = {0, Certainty::Certain, st.nextFailureSeqNo, "heal edges=" + std::to_string(f.edges.size())};
      action = {Action::Continue, 0, 0, {}};
      break;
    case Failure::Kind::Corrupt:
      reconcileBeforeReplay(st, f.edge.sid);
      ev = {0, Certainty::Unknown, st.nextFailureSeqNo,
            "corrupt sid=" + std::to_string(f.edge.sid) + " seq=" + std::to_string(f.seqNo)};
      action = decideRecovery(st, f.edge.sid, f, ev);
      break;
    case Failure::Kind::Timeout: {
      reconcileBeforeReplay(st, f.edge.sid);
      const bool expired = st.clock >= f.deadline;
      ev = {expired ? st.clock - f.deadline : 0, expired ? Certainty::Unknown : Certainty::BoundedDiff,
            st.nextFailureSeqNo,
            "timeout sid=" + std::to_string(f.edge.sid) + " deadline=" + std::to_string(f.deadline)};
      action = decideRecovery(st, f.edge.sid, f, ev);
      break;
    }
  }
  applyRecoveryAction(st, action);
  emitStructuredErrorEvent(st, faultClassOfFailure(f), ev, action);
}

}  // namespace tt::oracle
