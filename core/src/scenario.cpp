// From a scenario's image description to the CodeImage the loader consumes (A §4.3, F D7).
#include "tt/core/scenario.hpp"

#include "tt/core/projection.hpp"

namespace tt {

namespace {

// Explicit programs are laid out in ascending role order with the same insertion rule as
// Lean's sortLocalTypesByRole (among equal roles a later entry comes first; the loader
// rejects duplicates anyway).
std::vector<std::pair<Role, Bytecode>> sortProgramsByRole(const std::vector<std::pair<Role, Bytecode>>& programs) {
  std::vector<std::pair<Role, Bytecode>> acc;
  acc.reserve(programs.size());
  for (const auto& entry : programs) {
    auto pos = acc.begin();
    while (pos != acc.end() && !(entry.first <= pos->first)) ++pos;
    acc.insert(pos, entry);
  }
  return acc;
}

CodeImage imageFromGlobalType(const ImageSpec& spec, const VMConfig& config) {
  const GlobalType& g = spec.globalType ? *spec.globalType : *GlobalType::end();
  // Every listed role is projected, listed or not in g (A §4.3); no list means g's roles.
  const std::vector<Role> roles = spec.roles.empty() ? globalRoles(g) : spec.roles;
  std::vector<std::pair<Role, LocalTypeRPtr>> entries;
  entries.reserve(roles.size());
  for (const Role& r : roles) entries.emplace_back(r, trans(g, r));
  return codeImageFromLocalTypes(std::move(entries), spec.globalType ? spec.globalType : GlobalType::end(),
                                 config.repairs.has(Repair::LoadPcRelocation));
}

// Explicit programs carry absolute pcs and are never relocated. The types come from the
// given local types (sorted, converted) and so does the footprint summary (F D7); building
// the type-derived half with codeImageFromLocalTypes keeps one definition of each.
CodeImage imageFromPrograms(const ImageSpec& spec) {
  CodeImage image = codeImageFromLocalTypes(spec.localTypes, std::nullopt, /*relocate=*/false);
  Program& p = image.program;
  p.code.clear();
  p.entryPoints.clear();
  for (const auto& [role, code] : sortProgramsByRole(spec.programs)) {
    p.entryPoints.emplace_back(role, p.code.size());
    p.code.insert(p.code.end(), code.begin(), code.end());
  }
  return image;
}

}  // namespace

CodeImage buildImage(const ImageSpec& spec, const VMConfig& config) {
  switch (spec.kind) {
    case ImageSpec::Kind::GlobalType:
      return imageFromGlobalType(spec, config);
    case ImageSpec::Kind::LocalTypes:
      return codeImageFromLocalTypes(spec.localTypes, std::nullopt,
                                     config.repairs.has(Repair::LoadPcRelocation));
    case ImageSpec::Kind::Programs:
      return imageFromPrograms(spec);
  }
  return {};
}

}  // namespace tt
