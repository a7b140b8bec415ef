#include "tt/harness/gates.hpp"

#include <set>

namespace tt::harness::gates {

const char* determinismModeName(DeterminismMode m) {
  switch (m) {
    case DeterminismMode::Full: return "Full";
    case DeterminismMode::ModuloEffects: return "ModuloEffects";
    case DeterminismMode::ModuloCommutativity: return "ModuloCommutativity";
    case DeterminismMode::Replay: return "Replay";
  }
  return "?";
}

bool determinismModeFromName(std::string_view s, DeterminismMode& out) {
  for (DeterminismMode m : {DeterminismMode::Full, DeterminismMode::ModuloEffects,
                            DeterminismMode::ModuloCommutativity, DeterminismMode::Replay}) {
    if (s == determinismModeName(m)) {
      out = m;
      return true;
    }
  }
  return false;
}

const char* policyName(Policy p) {
  switch (p) {
    case Policy::Cooperative: return "cooperative";
    case Policy::RoundRobin: return "round_robin";
    case Policy::Priority: return "priority";
    case Policy::ProgressAware: return "progress_aware";
  }
  return "?";
}

bool policyFromName(std::string_view s, Policy& out) {
  for (Policy p : {Policy::Cooperative, Policy::RoundRobin, Policy::Priority, Policy::ProgressAware}) {
    if (s == policyName(p)) {
      out = p;
      return true;
    }
  }
  return false;
}

RuntimeContracts RuntimeContracts::full() {
  RuntimeContracts c;
  c.canUseMixedDeterminismProfiles = true;
  c.liveMigration = c.autoscaleRepartition = c.placementRefinement = c.relaxedReordering = true;
  c.capabilityInventory = {{kEnvelopeBridgeCapability, true},
                           {"vm_envelope_adherence", true},
                           {"vm_envelope_admission", true}};
  return c;
}

bool requiresVmRuntimeContracts(const GateConfig& c) {
  return c.policy != Policy::Cooperative || c.speculationEnabled;
}

namespace {

std::string requirementCause(const GateConfig& c) {
  std::string why;
  if (c.policy != Policy::Cooperative) why = std::string("scheduler policy ") + policyName(c.policy);
  if (c.speculationEnabled) why += (why.empty() ? "" : " and ") + std::string("speculation enabled");
  return why + " requires runtime contracts, and none were supplied";
}

bool artifactFlag(const DeterminismArtifacts& a, DeterminismMode m) {
  switch (m) {
    case DeterminismMode::Full: return a.full;
    case DeterminismMode::ModuloEffects: return a.moduloEffectTrace;
    case DeterminismMode::ModuloCommutativity: return a.moduloCommutativity;
    case DeterminismMode::Replay: return a.replay;
  }
  return false;
}

std::vector<Reason> profileReasons(const RuntimeContracts& c, DeterminismMode m) {
  std::vector<Reason> out;
  const std::string name = determinismModeName(m);
  if (!artifactFlag(c.determinismArtifacts, m)) {
    out.push_back({std::string(reason::kArtifactMissing) + ":" + name,
                   "the contracts lack the determinism artifact for profile " + name});
  }
  if (m != DeterminismMode::Full && !c.canUseMixedDeterminismProfiles) {
    out.push_back({reason::kMixedProfilesMissing,
                   "profile " + name + " needs the mixed-profile capability"});
  }
  return out;
}

bool inventoryHas(const RuntimeContracts& c, std::string_view name) {
  for (const auto& [n, v] : c.capabilityInventory) {
    if (n == name) return v;  // first occurrence decides
  }
  return false;
}

Decision switchDecision(const char* gate, const char* switchName, const RuntimeContracts* c,
                        bool flag, bool enabling, std::vector<Reason> invalid) {
  Decision d{gate, "", std::move(invalid)};
  if (enabling) {
    if (c == nullptr) {
      d.reasons.push_back({reason::kMissingContracts,
                           std::string(switchName) + " needs runtime contracts, none supplied"});
    } else {
      if (!flag) {
        d.reasons.push_back({std::string(reason::kSwitchDisabled) + ":" + switchName,
                             std::string("the contracts do not enable ") + switchName});
      }
      if (!inventoryHas(*c, kEnvelopeBridgeCapability)) {
        d.reasons.push_back({std::string(reason::kMissingCapability) + ":" + kEnvelopeBridgeCapability,
                             std::string("the capability inventory lacks ") +
                                 kEnvelopeBridgeCapability + " = true"});
      }
    }
  }
  d.result = d.admitted() ? "Granted" : "Rejected";
  return d;
}

}  // namespace

Decision admitVmRuntime(const GateConfig& c, const RuntimeContracts* contracts) {
  Decision d{"admit_vm_runtime", "Admitted", {}};
  if (requiresVmRuntimeContracts(c) && contracts == nullptr) {
    d.result = "RejectedMissingContracts";
    d.reasons.push_back({reason::kMissingContracts, requirementCause(c)});
  }
  return d;
}

Decision requestDeterminismProfile(const RuntimeContracts& contracts, DeterminismMode m) {
  Decision d{"request_determinism_profile", "Admitted", profileReasons(contracts, m)};
  if (!d.admitted()) d.result = "RejectedUnsupportedDeterminismProfile";
  return d;
}

Decision enforceVmRuntimeGates(const GateConfig& c, const RuntimeContracts* contracts) {
  Decision d{"enforce_vm_runtime_gates", "Admitted", {}};
  const bool required = requiresVmRuntimeContracts(c);
  if (contracts == nullptr) {
    if (required) {
      d.result = "RejectedMissingContracts";
      d.reasons.push_back({reason::kMissingContracts, requirementCause(c)});
    }
    if (c.mode != DeterminismMode::Full) {
      if (d.admitted()) d.result = "RejectedUnsupportedDeterminismProfile";
      d.reasons.push_back({reason::kNonFullWithoutContracts,
                           std::string("profile ") + determinismModeName(c.mode) +
                               " without runtime contracts (only Full is allowed)"});
    }
    return d;
  }
  d.reasons = profileReasons(*contracts, c.mode);
  if (!d.admitted()) d.result = "RejectedUnsupportedDeterminismProfile";
  return d;
}

std::vector<std::pair<std::string, bool>> runtimeCapabilitySnapshot(const RuntimeContracts& c) {
  static const std::set<std::string> kSwitches = {"live_migration", "autoscale_repartition",
                                                  "placement_refinement", "relaxed_reordering"};
  std::vector<std::pair<std::string, bool>> out;
  std::set<std::string> seen;
  for (const auto& [name, value] : c.capabilityInventory) {
    if (kSwitches.contains(name) || !seen.insert(name).second) continue;
    out.emplace_back(name, value);
  }
  out.emplace_back("live_migration", c.liveMigration);
  out.emplace_back("autoscale_repartition", c.autoscaleRepartition);
  out.emplace_back("placement_refinement", c.placementRefinement);
  out.emplace_back("relaxed_reordering", c.relaxedReordering);
  return out;
}

Decision requestLiveMigration(const RuntimeContracts* c, const LiveMigrationRequest& r) {
  std::vector<Reason> invalid;
  if (r.role.empty()) invalid.push_back({std::string(reason::kInvalidRequest) + ":role", "the role is empty"});
  if (r.fromLane == r.toLane) {
    invalid.push_back({std::string(reason::kInvalidRequest) + ":same-lane",
                       "from_lane equals to_lane (" + std::to_string(r.toLane) + ")"});
  }
  return switchDecision("request_live_migration", "live_migration", c,
                        c != nullptr && c->liveMigration, true, std::move(invalid));
}

Decision requestAutoscaleOrRepartition(const RuntimeContracts* c, const AutoscaleRequest& r) {
  std::vector<Reason> invalid;
  if (r.targetShards == 0) {
    invalid.push_back({std::string(reason::kInvalidRequest) + ":zero-shards", "target_shards is 0"});
  }
  return switchDecision("request_autoscale_or_repartition", "autoscale_repartition", c,
                        c != nullptr && c->autoscaleRepartition, true, std::move(invalid));
}

Decision requestPlacementRefinement(const RuntimeContracts* c, bool enabled) {
  return switchDecision("request_placement_refinement", "placement_refinement", c,
                        c != nullptr && c->placementRefinement, enabled, {});
}

Decision requestRelaxedReordering(const RuntimeContracts* c, bool enabled) {
  return switchDecision("request_relaxed_reordering", "relaxed_reordering", c,
                        c != nullptr && c->relaxedReordering, enabled, {});
}

Decision admitEnvelopeRequest(const EnvelopeRequest& r, const EnvelopeCapability& cap) {
  Decision d{"admit_envelope_request", "Admitted", {}};
  if (r.maxRequestedDiff > cap.maxDiff) {
    d.reasons.push_back({reason::kMaxDiffExceeded,
                         "requested max diff " + std::to_string(r.maxRequestedDiff) +
                             " exceeds the capability's " + std::to_string(cap.maxDiff)});
  }
  if (r.eqSafeOnly && !cap.supportsEqSafeOnly) {
    d.reasons.push_back({reason::kEqSafeNotSupported, "eq-safe-only requested but not supported"});
  }
  std::string missing;
  for (const std::string& p : r.requiredProfiles) {
    bool found = false;
    for (const std::string& s : cap.supportedProfiles) found = found || s == p;
    if (!found) missing += (missing.empty() ? "" : ", ") + p;
  }
  if (!missing.empty()) {
    d.reasons.push_back({reason::kMissingRequiredProfiles, "unsupported profiles: " + missing});
  }
  if (!d.admitted()) d.result = "Rejected";
  return d;
}

}  // namespace tt::harness::gates
