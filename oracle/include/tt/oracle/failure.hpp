// Failure ingress (reference C §5; Lean `Runtime/Failure/{Core,Transitions}.lean`): the
// primitives, the logs, the recovery decision, and applyFailure.
#pragma once
#include "tt/core/failure.hpp"
#include "tt/oracle/state.hpp"

namespace tt::oracle {

// --- primitives (C §5.2) -------------------------------------------------------------------
void crashSite(VMState& st, SiteId site);
void disconnectEdges(VMState& st, const std::vector<Edge>& edges);
void reconnectEdges(VMState& st, const std::vector<Edge>& edges);
void closeSession(VMState& st, SessionId sid);
bool failureSessionCoherent(const VMState& st, SessionId sid);

// --- logs (C §5.3) -------------------------------------------------------------------------
void appendFailureTraceEvent(VMState& st, FailureTraceEvent::Tag tag, std::string detail);
void reconcileBeforeReplay(VMState& st, SessionId sid);

// --- recovery (C §5.4) ---------------------------------------------------------------------
struct RecoveryAction {
  StructuredErrorEvent::Action kind = StructuredErrorEvent::Action::Continue;
  std::uint64_t ticks = 0;  // retryAfter, reconcileThenRetry
  SessionId sid = 0;        // closeSession
  Edge edge;                // quarantineEdge
};
struct RecoveryEvidence {
  std::uint64_t retryAttempt = 0;
  StructuredErrorEvent::Certainty certainty = StructuredErrorEvent::Certainty::Unknown;
  std::uint64_t evidenceId = 0;
  std::string detail;
};
// Lean decideRecovery with the default (strict) recovery policy.
RecoveryAction decideRecovery(const VMState& st, SessionId sid, const Failure& f, const RecoveryEvidence& ev);
void applyRecoveryAction(VMState& st, const RecoveryAction& a);

// Lean faultClassOfFailure: "topology_mutation", "transport_corruption", "transport_timeout".
const char* faultClassOfFailure(const Failure& f);

// Lean applyFailure (C §5.5).
void applyFailure(VMState& st, const Failure& f);

}  // namespace tt::oracle
