// Config helpers that mirror Lean's function-valued fields in data form (A §5.3, F D19).
#include "tt/core/config.hpp"

namespace tt {

std::uint64_t effectiveCapacity(const BufferConfig& c) {
  // Lean bufferEffectiveCapacity: the resize bound wins; otherwise BufferConfig.capacity.
  if (c.policy.kind == BackpressureKind::Resize) return c.policy.maxCapacity;
  return c.mode == BufferMode::LatestValue ? 1 : c.initialCapacity;
}

const BufferConfig& VMConfig::bufferConfigFor(const Edge& e) const {
  for (const auto& [edge, cfg] : bufferOverrides)
    if (edge == e) return cfg;
  return bufferDefault;
}

}  // namespace tt
