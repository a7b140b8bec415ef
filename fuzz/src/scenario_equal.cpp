#include "tt/fuzz/scenario_equal.hpp"

namespace tt::fuzz {
namespace {

template <class T>
bool samePtr(const std::shared_ptr<const T>& a, const std::shared_ptr<const T>& b) {
  if (!a || !b) return !a && !b;
  return *a == *b;
}

template <class T>
bool samePtrList(const std::vector<std::pair<Role, std::shared_ptr<const T>>>& a,
                 const std::vector<std::pair<Role, std::shared_ptr<const T>>>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].first != b[i].first || !samePtr(a[i].second, b[i].second)) return false;
  return true;
}

std::optional<std::string> imageDifference(const ImageSpec& a, const ImageSpec& b) {
  if (a.kind != b.kind) return "kind";
  if (!samePtr(a.globalType, b.globalType)) return "global_type";
  if (a.roles != b.roles) return "roles";
  if (!samePtrList(a.localTypes, b.localTypes)) return "local_types";
  if (a.programs.size() != b.programs.size()) return "programs";
  for (std::size_t i = 0; i < a.programs.size(); ++i) {
    if (a.programs[i].first != b.programs[i].first) return "programs[" + std::to_string(i) + "].role";
    const Bytecode& x = a.programs[i].second;
    const Bytecode& y = b.programs[i].second;
    if (x.size() != y.size()) return "programs[" + std::to_string(i) + "].length";
    for (std::size_t k = 0; k < x.size(); ++k)
      if (!(x[k] == y[k])) return "programs[" + std::to_string(i) + "][" + std::to_string(k) + "]";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> scenarioDifference(const Scenario& a, const Scenario& b) {
  if (a.name != b.name) return "name";
  if (a.description != b.description) return "description";
  if (!(a.config == b.config)) return "config";
  if (a.images.size() != b.images.size()) return "images";
  for (std::size_t i = 0; i < a.images.size(); ++i)
    if (auto d = imageDifference(a.images[i], b.images[i])) return "images[" + std::to_string(i) + "]." + *d;
  if (a.faults != b.faults) return "faults";
  if (a.run.fuel != b.run.fuel) return "run.fuel";
  if (a.run.concurrency != b.run.concurrency) return "run.concurrency";
  if (a.run.workers != b.run.workers) return "run.workers";
  if (a.run.invalidCertificateRounds != b.run.invalidCertificateRounds) return "run.invalid_certificate_rounds";
  return std::nullopt;
}

}  // namespace tt::fuzz
