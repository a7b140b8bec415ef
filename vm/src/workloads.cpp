#include "tt/vm/workloads.hpp"

namespace tt::vm {

namespace {

GlobalTypePtr message(const Role& from, const Role& to, const std::string& label, GlobalTypePtr cont) {
  return GlobalType::comm(from, to, {{TypeLabel{label, PayloadSort{}}, std::move(cont)}});
}

Scenario base(std::uint64_t fuel, std::uint64_t lanes, std::uint64_t coroutines) {
  Scenario s;
  s.config.lanes = {LaneMode::ByCoroutine, lanes < 1 ? 1 : lanes};
  s.config.maxCoroutines = coroutines;
  s.config.maxSessions = coroutines;
  s.config.limits.maxCoroutinesTotal = coroutines;
  s.config.limits.maxSessionsTotal = coroutines;
  s.config.limits.maxFuel = fuel;
  s.config.limits.maxTraceEvents = ~std::uint64_t{0};
  s.config.limits.maxBufferedValues = ~std::uint64_t{0};
  s.run.fuel = fuel;
  return s;
}

}  // namespace

Scenario disjointWorkload(std::uint64_t sessions, std::uint64_t fuel, std::uint64_t lanes) {
  Scenario s = base(fuel, lanes, 2 * sessions);
  s.name = "disjoint";
  s.description = "independent two-party sessions looping A -> B : m";
  const GlobalTypePtr g = GlobalType::mu("t", message("A", "B", "m", GlobalType::varRef("t")));
  for (std::uint64_t i = 0; i < sessions; ++i) {
    ImageSpec img;
    img.kind = ImageSpec::Kind::GlobalType;
    img.globalType = g;
    s.images.push_back(img);
  }
  return s;
}

Scenario contendedWorkload(std::uint64_t sessions, std::uint64_t fuel, std::uint64_t lanes) {
  Scenario s = base(fuel, lanes, 4 * sessions);
  s.name = "contended";
  s.description = "four-role rings A -> B -> C -> D -> A sharing lanes";
  const GlobalTypePtr g = GlobalType::mu(
      "t", message("A", "B", "c", message("B", "C", "c", message("C", "D", "c", message("D", "A", "c", GlobalType::varRef("t"))))));
  for (std::uint64_t i = 0; i < sessions; ++i) {
    ImageSpec img;
    img.kind = ImageSpec::Kind::GlobalType;
    img.globalType = g;
    s.images.push_back(img);
  }
  return s;
}

}  // namespace tt::vm
