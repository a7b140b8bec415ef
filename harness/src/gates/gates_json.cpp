// The `ttconf gates` document: reading requests, writing decisions (docs/runbook.md).
#include <set>
#include <stdexcept>

#include <boost/json.hpp>

#include "tt/harness/gates.hpp"

namespace tt::harness::gates {
namespace json = boost::json;

namespace {

[[noreturn]] void bad(const std::string& path, const std::string& what) {
  throw std::invalid_argument(path + ": " + what);
}

const json::object& objectAt(const json::value& v, const std::string& path) {
  if (!v.is_object()) bad(path, "must be an object");
  return v.as_object();
}

void onlyKeys(const json::object& o, const std::set<std::string>& keys, const std::string& path) {
  for (const auto& kv : o) {
    if (!keys.contains(std::string(kv.key()))) bad(path + "." + std::string(kv.key()), "unknown field");
  }
}

bool boolField(const json::object& o, const char* key, bool dflt, const std::string& path) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return dflt;
  if (!v->is_bool()) bad(path + "." + key, "must be true or false");
  return v->as_bool();
}

std::uint64_t natField(const json::object& o, const char* key, std::uint64_t dflt,
                       const std::string& path) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return dflt;
  if (v->is_uint64()) return v->as_uint64();
  if (v->is_int64() && v->as_int64() >= 0) return static_cast<std::uint64_t>(v->as_int64());
  bad(path + "." + key, "must be a natural number");
}

std::string stringField(const json::object& o, const char* key, const std::string& dflt,
                        const std::string& path) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return dflt;
  if (!v->is_string()) bad(path + "." + key, "must be a string");
  return std::string(v->as_string());
}

std::vector<std::string> stringList(const json::object& o, const char* key, const std::string& path) {
  std::vector<std::string> out;
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return out;
  if (!v->is_array()) bad(path + "." + key, "must be an array of strings");
  for (const json::value& s : v->as_array()) {
    if (!s.is_string()) bad(path + "." + key, "must be an array of strings");
    out.emplace_back(s.as_string());
  }
  return out;
}

GateConfig readConfig(const json::value* v) {
  GateConfig c;
  if (v == nullptr) return c;
  const std::string path = "$.config";
  const json::object& o = objectAt(*v, path);
  onlyKeys(o, {"policy", "speculation_enabled", "determinism_mode"}, path);
  const std::string policy = stringField(o, "policy", "cooperative", path);
  if (!policyFromName(policy, c.policy)) {
    bad(path + ".policy", "unknown policy \"" + policy +
                              "\" (cooperative, round_robin, priority, progress_aware)");
  }
  c.speculationEnabled = boolField(o, "speculation_enabled", false, path);
  const std::string mode = stringField(o, "determinism_mode", "Full", path);
  if (!determinismModeFromName(mode, c.mode)) {
    bad(path + ".determinism_mode",
        "unknown profile \"" + mode + "\" (Full, ModuloEffects, ModuloCommutativity, Replay)");
  }
  return c;
}

std::optional<RuntimeContracts> readContracts(const json::value* v) {
  if (v == nullptr || v->is_null()) return std::nullopt;
  const std::string path = "$.contracts";
  if (v->is_string() && v->as_string() == "full") return RuntimeContracts::full();
  const json::object& o = objectAt(*v, path);
  onlyKeys(o, {"determinism_artifacts", "mixed_profiles", "live_migration",
               "autoscale_repartition", "placement_refinement", "relaxed_reordering",
               "capability_inventory"}, path);
  RuntimeContracts c;
  if (const json::value* a = o.if_contains("determinism_artifacts")) {
    const std::string ap = path + ".determinism_artifacts";
    const json::object& ao = objectAt(*a, ap);
    onlyKeys(ao, {"full", "modulo_effect_trace", "modulo_commutativity", "replay"}, ap);
    c.determinismArtifacts.full = boolField(ao, "full", true, ap);
    c.determinismArtifacts.moduloEffectTrace = boolField(ao, "modulo_effect_trace", true, ap);
    c.determinismArtifacts.moduloCommutativity = boolField(ao, "modulo_commutativity", true, ap);
    c.determinismArtifacts.replay = boolField(ao, "replay", true, ap);
  }
  c.canUseMixedDeterminismProfiles = boolField(o, "mixed_profiles", false, path);
  c.liveMigration = boolField(o, "live_migration", false, path);
  c.autoscaleRepartition = boolField(o, "autoscale_repartition", false, path);
  c.placementRefinement = boolField(o, "placement_refinement", false, path);
  c.relaxedReordering = boolField(o, "relaxed_reordering", false, path);
  if (const json::value* inv = o.if_contains("capability_inventory")) {
    const std::string ip = path + ".capability_inventory";
    if (!inv->is_array()) bad(ip, "must be an array of [name, bool] pairs");
    const json::array& arr = inv->as_array();
    for (std::size_t i = 0; i < arr.size(); ++i) {
      const std::string ep = ip + "[" + std::to_string(i) + "]";
      if (!arr[i].is_array() || arr[i].as_array().size() != 2 || !arr[i].as_array()[0].is_string() ||
          !arr[i].as_array()[1].is_bool()) {
        bad(ep, "must be a [name, bool] pair");
      }
      c.capabilityInventory.emplace_back(std::string(arr[i].as_array()[0].as_string()),
                                         arr[i].as_array()[1].as_bool());
    }
  }
  return c;
}

Decision evaluateRequest(const json::value& v, const std::string& path,
                         const RuntimeContracts* contracts) {
  const json::object& o = objectAt(v, path);
  const std::string gate = stringField(o, "gate", "", path);
  if (gate == "determinism_profile") {
    onlyKeys(o, {"gate", "profile"}, path);
    DeterminismMode m;
    const std::string name = stringField(o, "profile", "", path);
    if (!determinismModeFromName(name, m)) bad(path + ".profile", "unknown profile \"" + name + "\"");
    if (contracts == nullptr) {
      Decision d{"request_determinism_profile", "Admitted", {}};
      if (m != DeterminismMode::Full) {
        d.result = "RejectedUnsupportedDeterminismProfile";
        d.reasons.push_back({reason::kNonFullWithoutContracts,
                             "profile " + name + " without runtime contracts"});
      }
      return d;
    }
    return requestDeterminismProfile(*contracts, m);
  }
  if (gate == "live_migration") {
    onlyKeys(o, {"gate", "sid", "role", "from_lane", "to_lane"}, path);
    LiveMigrationRequest r{natField(o, "sid", 0, path), stringField(o, "role", "", path),
                           natField(o, "from_lane", 0, path), natField(o, "to_lane", 0, path)};
    return requestLiveMigration(contracts, r);
  }
  if (gate == "autoscale_repartition") {
    onlyKeys(o, {"gate", "target_shards", "reason"}, path);
    AutoscaleRequest r{natField(o, "target_shards", 1, path), stringField(o, "reason", "", path)};
    return requestAutoscaleOrRepartition(contracts, r);
  }
  if (gate == "placement_refinement") {
    onlyKeys(o, {"gate", "enabled"}, path);
    return requestPlacementRefinement(contracts, boolField(o, "enabled", true, path));
  }
  if (gate == "relaxed_reordering") {
    onlyKeys(o, {"gate", "enabled"}, path);
    return requestRelaxedReordering(contracts, boolField(o, "enabled", true, path));
  }
  if (gate == "envelope") {
    onlyKeys(o, {"gate", "request", "capability"}, path);
    const json::value* rq = o.if_contains("request");
    const json::value* cp = o.if_contains("capability");
    if (rq == nullptr) bad(path + ".request", "missing (required)");
    if (cp == nullptr) bad(path + ".capability", "missing (required)");
    const json::object& ro = objectAt(*rq, path + ".request");
    const json::object& co = objectAt(*cp, path + ".capability");
    onlyKeys(ro, {"max_requested_diff", "eq_safe_only", "required_profiles"}, path + ".request");
    onlyKeys(co, {"max_diff", "supports_eq_safe_only", "supported_profiles"}, path + ".capability");
    EnvelopeRequest r{natField(ro, "max_requested_diff", 0, path + ".request"),
                      boolField(ro, "eq_safe_only", false, path + ".request"),
                      stringList(ro, "required_profiles", path + ".request")};
    EnvelopeCapability c{natField(co, "max_diff", 0, path + ".capability"),
                         boolField(co, "supports_eq_safe_only", false, path + ".capability"),
                         stringList(co, "supported_profiles", path + ".capability")};
    return admitEnvelopeRequest(r, c);
  }
  bad(path + ".gate", "unknown gate \"" + gate +
                          "\" (determinism_profile, live_migration, autoscale_repartition, "
                          "placement_refinement, relaxed_reordering, envelope)");
}

}  // namespace

json::value decisionToJson(const Decision& d) {
  json::array reasons;
  for (const Reason& r : d.reasons) reasons.push_back(json::object{{"code", r.code}, {"detail", r.detail}});
  return json::object{{"gate", d.gate}, {"result", d.result}, {"admitted", d.admitted()},
                      {"reasons", std::move(reasons)}};
}

json::value evaluateGateDocument(const json::value& doc) {
  const json::object& o = objectAt(doc, "$");
  onlyKeys(o, {"config", "contracts", "requests"}, "$");
  const GateConfig config = readConfig(o.if_contains("config"));
  const std::optional<RuntimeContracts> contracts = readContracts(o.if_contains("contracts"));
  const RuntimeContracts* c = contracts ? &*contracts : nullptr;

  std::vector<Decision> decisions = {admitVmRuntime(config, c), enforceVmRuntimeGates(config, c)};
  if (const json::value* rs = o.if_contains("requests")) {
    if (!rs->is_array()) bad("$.requests", "must be an array");
    const json::array& arr = rs->as_array();
    for (std::size_t i = 0; i < arr.size(); ++i) {
      decisions.push_back(evaluateRequest(arr[i], "$.requests[" + std::to_string(i) + "]", c));
    }
  }
  bool all = true;
  json::array out;
  for (const Decision& d : decisions) {
    all = all && d.admitted();
    out.push_back(decisionToJson(d));
  }
  json::value snapshot = nullptr;
  if (c != nullptr) {
    json::array s;
    for (const auto& [name, value] : runtimeCapabilitySnapshot(*c)) s.push_back(json::array{json::value(name), value});
    snapshot = std::move(s);
  }
  return json::object{{"format", "ttconf.gates/1"},
                      {"requires_runtime_contracts", requiresVmRuntimeContracts(config)},
                      {"admitted", all},
                      {"decisions", std::move(out)},
                      {"capability_snapshot", std::move(snapshot)}};
}

json::value decisionTable() {
  json::array rows;
  for (bool required : {true, false}) {
    for (bool given : {false, true}) {
      for (DeterminismMode m : {DeterminismMode::Full, DeterminismMode::Replay}) {
        for (bool flags : {true, false}) {
          if (!given && !flags) continue;  // flags only matter with contracts
          GateConfig cfg;
          cfg.policy = required ? Policy::RoundRobin : Policy::Cooperative;
          cfg.mode = m;
          RuntimeContracts rc;
          rc.canUseMixedDeterminismProfiles = flags;
          rc.determinismArtifacts = {flags, flags, flags, flags};
          const Decision d = enforceVmRuntimeGates(cfg, given ? &rc : nullptr);
          json::array codes;
          for (const Reason& r : d.reasons) codes.push_back(json::value(r.code));
          rows.push_back(json::object{{"requires_contracts", required},
                                      {"contracts_given", given},
                                      {"determinism_mode", determinismModeName(m)},
                                      {"artifact_and_mixed_flags", given ? json::value(flags) : json::value(nullptr)},
                                      {"result", d.result},
                                      {"reasons", std::move(codes)}});
        }
      }
    }
  }
  return rows;
}

}  // namespace tt::harness::gates
