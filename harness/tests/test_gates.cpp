// Capability gates: the D §3.3 decision table, profile requests, the snapshot, the four
// switches and envelope admission, each with its machine-readable reasons.
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "tt/harness/gates.hpp"

namespace tt::harness::gates {
namespace {

std::vector<std::string> codes(const Decision& d) {
  std::vector<std::string> out;
  for (const Reason& r : d.reasons) out.push_back(r.code);
  return out;
}

GateConfig config(Policy p, bool speculation, DeterminismMode m) { return GateConfig{p, speculation, m}; }

TEST(Gates, ContractsAreRequiredForNonCooperativePoliciesOrSpeculation) {
  EXPECT_FALSE(requiresVmRuntimeContracts(config(Policy::Cooperative, false, DeterminismMode::Full)));
  EXPECT_TRUE(requiresVmRuntimeContracts(config(Policy::RoundRobin, false, DeterminismMode::Full)));
  EXPECT_TRUE(requiresVmRuntimeContracts(config(Policy::Priority, false, DeterminismMode::Full)));
  EXPECT_TRUE(requiresVmRuntimeContracts(config(Policy::ProgressAware, false, DeterminismMode::Full)));
  EXPECT_TRUE(requiresVmRuntimeContracts(config(Policy::Cooperative, true, DeterminismMode::Full)));
}

TEST(Gates, AdmissionRejectsMissingContractsOnlyWhenRequired) {
  const auto full = RuntimeContracts::full();
  const Decision rejected = admitVmRuntime(config(Policy::Cooperative, true, DeterminismMode::Full), nullptr);
  EXPECT_EQ(rejected.result, "RejectedMissingContracts");
  EXPECT_EQ(codes(rejected), std::vector<std::string>{reason::kMissingContracts});
  EXPECT_NE(rejected.reasons[0].detail.find("speculation enabled"), std::string::npos);
  EXPECT_TRUE(admitVmRuntime(config(Policy::Cooperative, true, DeterminismMode::Full), &full).admitted());
  EXPECT_TRUE(admitVmRuntime(config(Policy::Cooperative, false, DeterminismMode::Full), nullptr).admitted());
}

// Every row of reference D §3.3.
TEST(Gates, EnforceFollowsTheDecisionTable) {
  RuntimeContracts good;
  good.canUseMixedDeterminismProfiles = true;
  RuntimeContracts noFlags;
  noFlags.determinismArtifacts = {false, false, false, false};
  RuntimeContracts noMixed;  // artifacts true, mixed false
  const auto rr = [](DeterminismMode m) { return config(Policy::RoundRobin, false, m); };
  const auto coop = [](DeterminismMode m) { return config(Policy::Cooperative, false, m); };
  using M = DeterminismMode;

  EXPECT_EQ(enforceVmRuntimeGates(rr(M::Full), nullptr).result, "RejectedMissingContracts");
  EXPECT_EQ(enforceVmRuntimeGates(rr(M::Full), &good).result, "Admitted");
  EXPECT_EQ(enforceVmRuntimeGates(coop(M::Full), &good).result, "Admitted");
  const Decision fullWithoutArtifact = enforceVmRuntimeGates(rr(M::Full), &noFlags);
  EXPECT_EQ(fullWithoutArtifact.result, "RejectedUnsupportedDeterminismProfile");
  EXPECT_EQ(codes(fullWithoutArtifact), std::vector<std::string>{"determinism-artifact-missing:Full"});
  EXPECT_EQ(enforceVmRuntimeGates(rr(M::Replay), &good).result, "Admitted");
  const Decision replayNoMixed = enforceVmRuntimeGates(rr(M::Replay), &noMixed);
  EXPECT_EQ(replayNoMixed.result, "RejectedUnsupportedDeterminismProfile");
  EXPECT_EQ(codes(replayNoMixed), std::vector<std::string>{reason::kMixedProfilesMissing});
  const Decision replayNothing = enforceVmRuntimeGates(rr(M::ModuloEffects), &noFlags);
  EXPECT_EQ(codes(replayNothing), (std::vector<std::string>{"determinism-artifact-missing:ModuloEffects",
                                                             reason::kMixedProfilesMissing}));
  EXPECT_EQ(enforceVmRuntimeGates(coop(M::Full), nullptr).result, "Admitted");
  const Decision coopNonFull = enforceVmRuntimeGates(coop(M::ModuloCommutativity), nullptr);
  EXPECT_EQ(coopNonFull.result, "RejectedUnsupportedDeterminismProfile");
  EXPECT_EQ(codes(coopNonFull), std::vector<std::string>{reason::kNonFullWithoutContracts});
  // Both failures are reported; the result names the first.
  const Decision both = enforceVmRuntimeGates(rr(M::Replay), nullptr);
  EXPECT_EQ(both.result, "RejectedMissingContracts");
  EXPECT_EQ(codes(both), (std::vector<std::string>{reason::kMissingContracts, reason::kNonFullWithoutContracts}));
}

TEST(Gates, DecisionTableDocumentMatchesTheFunction) {
  const boost::json::array rows = decisionTable().as_array();
  EXPECT_EQ(rows.size(), 12u);
  for (const auto& row : rows) {
    const auto& o = row.as_object();
    const bool required = o.at("requires_contracts").as_bool();
    const bool given = o.at("contracts_given").as_bool();
    const std::string mode(o.at("determinism_mode").as_string());
    const std::string result(o.at("result").as_string());
    if (required && !given) EXPECT_EQ(result, "RejectedMissingContracts");
    if (!required && !given && mode == "Full") EXPECT_EQ(result, "Admitted");
    if (given) EXPECT_EQ(result == "Admitted", o.at("artifact_and_mixed_flags").as_bool());
  }
}

TEST(Gates, ProfileRequestNeedsArtifactAndMixedCapability) {
  RuntimeContracts c;
  EXPECT_TRUE(requestDeterminismProfile(c, DeterminismMode::Full).admitted());
  EXPECT_EQ(codes(requestDeterminismProfile(c, DeterminismMode::Replay)),
            std::vector<std::string>{reason::kMixedProfilesMissing});
  c.canUseMixedDeterminismProfiles = true;
  EXPECT_TRUE(requestDeterminismProfile(c, DeterminismMode::Replay).admitted());
  c.determinismArtifacts.replay = false;
  EXPECT_EQ(codes(requestDeterminismProfile(c, DeterminismMode::Replay)),
            std::vector<std::string>{"determinism-artifact-missing:Replay"});
}

TEST(Gates, SnapshotListsEachNameOnce) {
  RuntimeContracts c;
  c.liveMigration = true;
  c.capabilityInventory = {{"vm_envelope_adherence", true}, {"live_migration", false},
                           {"vm_envelope_adherence", false}, {"protocol_envelope_bridge", false}};
  const auto s = runtimeCapabilitySnapshot(c);
  const std::vector<std::pair<std::string, bool>> expected = {
      {"vm_envelope_adherence", true}, {"protocol_envelope_bridge", false}, {"live_migration", true},
      {"autoscale_repartition", false}, {"placement_refinement", false}, {"relaxed_reordering", false}};
  EXPECT_EQ(s, expected);
  EXPECT_EQ(runtimeCapabilitySnapshot(RuntimeContracts::full()).size(), 7u);
}

TEST(Gates, SwitchesReadTheirOwnFlagAndTheEnvelopeEvidence) {
  const RuntimeContracts full = RuntimeContracts::full();
  EXPECT_TRUE(requestLiveMigration(&full, {0, "A", 0, 1}).admitted());
  EXPECT_EQ(codes(requestLiveMigration(nullptr, {0, "A", 0, 1})), std::vector<std::string>{reason::kMissingContracts});
  RuntimeContracts c = full;
  c.relaxedReordering = false;
  EXPECT_EQ(codes(requestRelaxedReordering(&c, true)), std::vector<std::string>{"switch-disabled:relaxed_reordering"});
  EXPECT_TRUE(requestRelaxedReordering(&c, false).admitted());  // turning it off needs nothing
  EXPECT_TRUE(requestPlacementRefinement(&c, true).admitted());
  c.capabilityInventory = {{"protocol_envelope_bridge", false}};
  EXPECT_EQ(codes(requestPlacementRefinement(&c, true)),
            std::vector<std::string>{"missing-capability:protocol_envelope_bridge"});
  EXPECT_EQ(codes(requestAutoscaleOrRepartition(&full, {0, "x"})), std::vector<std::string>{"invalid-request:zero-shards"});
  EXPECT_EQ(codes(requestLiveMigration(&full, {0, "A", 2, 2})), std::vector<std::string>{"invalid-request:same-lane"});
  EXPECT_EQ(requestLiveMigration(&full, {0, "A", 2, 2}).result, "Rejected");
}

TEST(Gates, EnvelopeAdmissionListsEveryFailedConjunctInOrder) {
  const EnvelopeCapability cap{2, false, {"full"}};
  EXPECT_TRUE(admitEnvelopeRequest({2, false, {"full"}}, cap).admitted());
  EXPECT_EQ(codes(admitEnvelopeRequest({3, true, {"full", "traceModulo"}}, cap)),
            (std::vector<std::string>{reason::kMaxDiffExceeded, reason::kEqSafeNotSupported,
                                      reason::kMissingRequiredProfiles}));
}

TEST(Gates, DocumentEvaluationAndBadInput) {
  const auto doc = boost::json::parse(R"({
    "config": {"policy": "round_robin", "determinism_mode": "Replay"},
    "contracts": {"mixed_profiles": false, "live_migration": true,
                  "capability_inventory": [["protocol_envelope_bridge", true]]},
    "requests": [{"gate": "live_migration", "sid": 0, "role": "A", "from_lane": 0, "to_lane": 1},
                 {"gate": "relaxed_reordering", "enabled": true}]})");
  const auto out = evaluateGateDocument(doc).as_object();
  EXPECT_FALSE(out.at("admitted").as_bool());
  const auto& ds = out.at("decisions").as_array();
  ASSERT_EQ(ds.size(), 4u);
  auto field = [&](std::size_t i, const char* key) { return std::string(ds[i].as_object().at(key).as_string()); };
  auto firstCode = [&](std::size_t i) {
    return std::string(ds[i].as_object().at("reasons").as_array().at(0).as_object().at("code").as_string());
  };
  EXPECT_EQ(field(0, "result"), "Admitted");  // contracts given
  EXPECT_EQ(firstCode(1), reason::kMixedProfilesMissing);
  EXPECT_EQ(field(2, "result"), "Granted");
  EXPECT_EQ(firstCode(3), "switch-disabled:relaxed_reordering");
  EXPECT_EQ(out.at("capability_snapshot").as_array().size(), 5u);

  auto bad = [](const char* text) {
    try {
      evaluateGateDocument(boost::json::parse(text));
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(bad(R"({"config": {"policy": "fifo"}})").rfind("$.config.policy: unknown policy", 0), 0u);
  EXPECT_EQ(bad(R"({"requests": [{"gate": "teleport"}]})").rfind("$.requests[0].gate: unknown gate", 0), 0u);
  EXPECT_EQ(bad(R"({"contracts": {"mixed": true}})"), "$.contracts.mixed: unknown field");
  EXPECT_EQ(bad(R"({"contracts": {"capability_inventory": [["x"]]}})"),
            "$.contracts.capability_inventory[0]: must be a [name, bool] pair");
}

}  // namespace
}  // namespace tt::harness::gates
