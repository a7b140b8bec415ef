#include "tt/fuzz/config_generator.hpp"

#include <algorithm>
#include <array>

namespace tt::fuzz {
namespace {

// An edge of the plan, or now and then one that does not exist (unknown session or role).
Edge pickEdge(ByteReader& in, const LoadPlan& plan) {
  const std::vector<Edge> edges = plan.edges();
  if (edges.empty() || in.chance(5)) {
    return Edge{in.below(plan.sessionCount() + 2), "Z", edges.empty() ? Role("A") : edges[0].receiver};
  }
  return in.pick(edges);
}

BufferConfig generateBufferConfig(ByteReader& in) {
  BufferConfig c;
  c.mode = in.chance(20) ? BufferMode::LatestValue : BufferMode::Fifo;
  // Small capacities make back-pressure reachable within a few steps.
  static constexpr std::array<unsigned, 6> capWeights{40, 6, 20, 14, 10, 10};  // 16, 0, 1, 2, 3, 4
  const std::size_t cap = in.weighted(capWeights);
  c.initialCapacity = cap == 0 ? 16 : cap - 1;
  static constexpr std::array<unsigned, 4> policyWeights{55, 15, 15, 15};
  switch (in.weighted(policyWeights)) {
    case 0: c.policy.kind = BackpressureKind::Block; break;
    case 1: c.policy.kind = BackpressureKind::Drop; break;
    case 2: c.policy.kind = BackpressureKind::Error; break;
    default:
      c.policy.kind = BackpressureKind::Resize;
      c.policy.maxCapacity = in.below(5);
      break;
  }
  return c;
}

FlowPredicate generatePredicate(ByteReader& in, const LoadPlan& plan, int depth) {
  FlowPredicate p;
  static constexpr std::array<unsigned, 5> weights{30, 30, 20, 10, 10};
  std::size_t kind = in.weighted(weights);
  if (depth >= 2 && kind >= 3) kind = 0;
  switch (kind) {
    case 0:
      p.kind = FlowPredicate::Kind::TargetRolePrefix;
      p.text = in.chance(70) && !plan.sessionRoles.empty() ? in.pick(plan.sessionRoles[0]).substr(0, 1) : in.text(2, "ABO");
      break;
    case 1:
      p.kind = FlowPredicate::Kind::FactContains;
      p.text = in.text(3, "sec");
      break;
    case 2: p.kind = FlowPredicate::Kind::EndpointRoleMatchesTarget; break;
    default: {
      p.kind = kind == 3 ? FlowPredicate::Kind::All : FlowPredicate::Kind::Any;
      const std::uint64_t n = in.below(3);
      for (std::uint64_t i = 0; i < n; ++i) p.parts.push_back(generatePredicate(in, plan, depth + 1));
    }
  }
  return p;
}

FlowPolicy generateFlowPolicy(ByteReader& in, const LoadPlan& plan) {
  FlowPolicy f;
  static constexpr std::array<unsigned, 5> weights{50, 10, 15, 10, 15};
  auto someRoles = [&] {
    std::vector<Role> roles;
    const std::uint64_t n = in.below(3);
    for (std::uint64_t i = 0; i < n && !plan.sessionRoles.empty(); ++i) {
      const auto& pool = in.pick(plan.sessionRoles);
      if (!pool.empty()) roles.push_back(in.pick(pool));
    }
    if (in.chance(20)) roles.push_back("Observer");
    return roles;
  };
  switch (in.weighted(weights)) {
    case 0: f.kind = FlowPolicy::Kind::AllowAll; break;
    case 1: f.kind = FlowPolicy::Kind::DenyAll; break;
    case 2: f.kind = FlowPolicy::Kind::AllowRoles; f.roles = someRoles(); break;
    case 3: f.kind = FlowPolicy::Kind::DenyRoles; f.roles = someRoles(); break;
    default: f.kind = FlowPolicy::Kind::PredicateExpr; f.predicate = generatePredicate(in, plan, 0); break;
  }
  return f;
}

OutputConditionPolicy generateOutputCondition(ByteReader& in) {
  OutputConditionPolicy p;
  static constexpr std::array<unsigned, 4> weights{80, 6, 6, 8};
  switch (in.weighted(weights)) {
    case 0: p.kind = OutputConditionPolicyKind::AllowAll; break;
    case 1: p.kind = OutputConditionPolicyKind::Disabled; break;
    case 2: p.kind = OutputConditionPolicyKind::DenyAll; break;
    default:
      p.kind = OutputConditionPolicyKind::PredicateAllowList;
      if (in.chance(60)) p.allowList.push_back("vm.observable_output");
      if (in.chance(30)) p.allowList.push_back("vm.other");
      break;
  }
  return p;
}

GuardChain generateGuardChain(ByteReader& in) {
  GuardChain g;
  for (const LayerId& layer : layerPool()) {
    if (!in.chance(60)) continue;
    g.layers.push_back(layer);
    if (in.chance(70)) g.active.push_back(layer);
    if (in.chance(70)) g.resources.push_back(layer);
  }
  return g;
}

}  // namespace

const std::vector<LayerId>& layerPool() {
  static const std::vector<LayerId> pool{"auth", "io", "net"};
  return pool;
}

VMConfig generateConfig(ByteReader& in, const LoadPlan& plan, const ConfigBias& bias) {
  VMConfig c;
  c.bufferDefault = generateBufferConfig(in);
  const std::uint64_t overrides = in.chance(25) ? in.range(1, 2) : 0;
  for (std::uint64_t i = 0; i < overrides; ++i)
    c.bufferOverrides.emplace_back(pickEdge(in, plan), generateBufferConfig(in));

  static constexpr std::array<unsigned, 4> policyWeights{40, 20, 20, 20};
  switch (in.weighted(policyWeights)) {
    case 0: c.schedPolicy.kind = SchedPolicyKind::Cooperative; break;
    case 1: c.schedPolicy.kind = SchedPolicyKind::RoundRobin; break;
    case 2: {
      c.schedPolicy.kind = SchedPolicyKind::Priority;
      const std::uint64_t ids = plan.coroutineCount() + 2;
      for (CoroutineId id = 0; id < ids; ++id)
        if (in.chance(60)) c.schedPolicy.priorities[id] = in.below(4);
      break;
    }
    default: c.schedPolicy.kind = SchedPolicyKind::ProgressAware; break;
  }

  c.flowPolicy = generateFlowPolicy(in, plan);
  if (in.chance(bias.transportOrSpatialOff)) c.spatialOk = false;
  if (in.chance(bias.transportOrSpatialOff)) c.transportOk = false;
  if (in.chance(bias.tightLoadLimits)) {
    c.maxCoroutines = in.range(1, plan.coroutineCount() + 2);
    c.maxSessions = in.range(1, plan.sessionCount() + 1);
  }
  c.monitorMode = in.chance(bias.monitorOff) ? MonitorMode::Off : MonitorMode::SessionTypePrecheck;
  if (in.chance(bias.guardLayers)) c.guardChain = generateGuardChain(in);
  c.outputCondition = generateOutputCondition(in);

  if (in.chance(bias.smallBudget)) {
    // Lean's obligations hold: minCost >= 1 and every instruction costs at least minCost.
    c.costModel.defaultBudget = in.range(1, 48);
    for (auto& cost : c.costModel.stepCost) cost = in.chance(25) ? in.range(2, 4) : 1;
  }
  if (in.chance(bias.speculation)) {
    c.speculationEnabled = true;
    static constexpr std::array<unsigned, 5> depthWeights{40, 10, 20, 15, 15};  // 16, 0, 1, 2, 3
    const std::size_t d = in.weighted(depthWeights);
    c.maxSpeculationDepth = d == 0 ? 16 : d - 1;
  }

  // Lanes are part of the scenario and identical for both runners (SEMANTICS §3).
  if (in.chance(50)) {
    c.lanes.mode = LaneMode::ByCoroutine;
    c.lanes.count = in.range(1, 4);
  }
  return c;
}

std::vector<TimedFailure> generateFaults(ByteReader& in, const LoadPlan& plan, std::uint64_t fuel) {
  std::vector<TimedFailure> faults;
  if (!in.chance(30)) return faults;
  const std::uint64_t count = in.range(1, 4);
  for (std::uint64_t i = 0; i < count; ++i) {
    TimedFailure tf;
    // Early ticks matter most: most protocols finish within a few dozen rounds.
    tf.tick = in.chance(75) ? in.range(1, std::min<std::uint64_t>(fuel, 12)) : in.range(1, fuel + 1);
    static constexpr std::array<unsigned, 5> kindWeights{15, 35, 25, 10, 15};
    Failure& f = tf.failure;
    switch (in.weighted(kindWeights)) {
      case 0: f.kind = Failure::Kind::SiteCrash; f.site = in.below(4); break;
      case 1:
      case 2: {
        f.kind = faults.empty() || in.chance(50) ? Failure::Kind::Partition : Failure::Kind::Heal;
        const std::uint64_t n = in.range(1, 2);
        for (std::uint64_t e = 0; e < n; ++e) f.edges.push_back(pickEdge(in, plan));
        break;
      }
      case 3: f.kind = Failure::Kind::Corrupt; f.edge = pickEdge(in, plan); f.seqNo = in.below(3); break;
      default: f.kind = Failure::Kind::Timeout; f.edge = pickEdge(in, plan); f.deadline = in.range(1, fuel + 1); break;
    }
    faults.push_back(std::move(tf));
  }
  return faults;
}

RunSpec generateRunSpec(ByteReader& in) {
  RunSpec run;
  static constexpr std::array<unsigned, 4> fuelWeights{50, 25, 15, 10};
  switch (in.weighted(fuelWeights)) {
    case 0: run.fuel = in.range(16, 64); break;
    case 1: run.fuel = in.range(1, 15); break;
    case 2: run.fuel = in.range(65, 200); break;
    default: run.fuel = in.range(201, 600); break;
  }
  run.concurrency = {1};
  const std::uint64_t extra = in.below(3);
  for (std::uint64_t i = 0; i < extra; ++i) {
    const std::uint64_t n = in.range(2, 8);
    if (std::find(run.concurrency.begin(), run.concurrency.end(), n) == run.concurrency.end())
      run.concurrency.push_back(n);
  }
  run.workers = in.range(1, 4);
  if (in.chance(20)) {
    const std::uint64_t rounds = in.range(1, 2);
    for (std::uint64_t i = 0; i < rounds; ++i) {
      const std::uint64_t r = in.range(1, std::min<std::uint64_t>(run.fuel, 16));
      if (std::find(run.invalidCertificateRounds.begin(), run.invalidCertificateRounds.end(), r) ==
          run.invalidCertificateRounds.end())
        run.invalidCertificateRounds.push_back(r);
    }
    std::sort(run.invalidCertificateRounds.begin(), run.invalidCertificateRounds.end());
  }
  return run;
}

}  // namespace tt::fuzz
