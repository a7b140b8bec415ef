#include "tt/fuzz/load_plan.hpp"

namespace tt::fuzz {

std::uint64_t LoadPlan::coroutineCount() const {
  std::uint64_t n = 0;
  for (const auto& roles : sessionRoles) n += roles.size();
  return n;
}

std::vector<Edge> LoadPlan::edges() const {
  std::vector<Edge> out;
  for (std::size_t sid = 0; sid < sessionRoles.size(); ++sid)
    for (const Role& a : sessionRoles[sid])
      for (const Role& b : sessionRoles[sid]) out.push_back(Edge{sid, a, b});
  return out;
}

}  // namespace tt::fuzz
