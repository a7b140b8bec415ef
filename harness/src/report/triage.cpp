#include "tt/harness/triage.hpp"

#include <algorithm>

#include <boost/json.hpp>

#include "tt/core/json.hpp"

namespace tt::harness {
namespace bj = boost::json;

namespace {

bool wanted(const ComparisonReport& c, const TriageOptions& o) {
  return c.failed() || (o.includeCovered && c.status == ComparisonReport::Status::Covered);
}

// The divergence whose trace position is earliest, else the first one.
const Divergence* firstDivergence(const ComparisonReport& c) {
  const Divergence* best = nullptr;
  for (const Divergence& d : c.divergences) {
    if (!d.difference.baselineIndex) continue;
    if (best == nullptr || *d.difference.baselineIndex < *best->difference.baselineIndex) best = &d;
  }
  if (best == nullptr && !c.divergences.empty()) best = &c.divergences.front();
  return best;
}

struct Window {
  std::size_t from = 0;
  std::vector<const TickedObsEvent*> events;
};

Window window(const std::shared_ptr<const RunResult>& r, std::optional<std::size_t> at, std::size_t k) {
  Window w;
  if (!r) return w;
  const Trace& t = r->trace;
  const std::size_t center = std::min(at.value_or(t.size()), t.size());
  w.from = center > k ? center - k : 0;
  const std::size_t to = std::min(t.size(), center + k + 1);
  for (std::size_t i = w.from; i < to; ++i) w.events.push_back(&t[i]);
  return w;
}

bj::value windowJson(const Window& w, std::optional<std::size_t> at) {
  bj::array a;
  for (std::size_t i = 0; i < w.events.size(); ++i) {
    const std::size_t index = w.from + i;
    a.push_back(bj::object{{"index", index},
                           {"at_difference", at && *at == index},
                           {"entry", json::tickedEventToJson(*w.events[i])}});
  }
  return a;
}

std::string windowText(const char* side, const Window& w, std::optional<std::size_t> at,
                       std::size_t traceSize) {
  std::string s = std::string("  ") + side + " (" + std::to_string(traceSize) + " events):\n";
  if (w.events.empty()) s += "    (no events here)\n";
  for (std::size_t i = 0; i < w.events.size(); ++i) {
    const std::size_t index = w.from + i;
    s += (at && *at == index ? "  > " : "    ") + std::to_string(index) + "  " +
         describeEvent(*w.events[i]) + "\n";
  }
  if (at && *at >= traceSize) s += "  > " + std::to_string(*at) + "  (end of trace)\n";
  return s;
}

}  // namespace

bj::value triageJson(const ScenarioReport& r, const TriageOptions& o) {
  bj::array items;
  for (const ComparisonReport& c : r.comparisons) {
    if (!wanted(c, o)) continue;
    bj::array fps;
    for (const Divergence& d : c.divergences) {
      fps.push_back(bj::object{{"fingerprint", d.fingerprint},
                               {"covered_by", d.coveredBy.empty() ? bj::value(nullptr) : bj::value(d.coveredBy)},
                               {"detail", d.difference.detail}});
    }
    bj::object item{{"regime", regimeName(c.regime)},
                    {"label", c.label},
                    {"relation", c.relation},
                    {"status", statusName(c.status)},
                    {"fingerprints", std::move(fps)},
                    {"reproduce", reproduceCommand(r, c)}};
    if (!c.note.empty()) item["note"] = c.note;
    if (const Divergence* first = firstDivergence(c)) {
      const auto& d = first->difference;
      item["first_difference"] = bj::object{
          {"fingerprint", first->fingerprint},
          {"detail", d.detail},
          {"baseline_index", d.baselineIndex ? bj::value(static_cast<std::uint64_t>(*d.baselineIndex)) : bj::value(nullptr)},
          {"candidate_index", d.candidateIndex ? bj::value(static_cast<std::uint64_t>(*d.candidateIndex)) : bj::value(nullptr)}};
      if (d.baselineIndex || d.candidateIndex) {
        item["baseline_context"] = windowJson(window(c.baselineResult, d.baselineIndex, o.context), d.baselineIndex);
        item["candidate_context"] = windowJson(window(c.candidateResult, d.candidateIndex, o.context), d.candidateIndex);
      }
    }
    if (c.envelope) item["envelope"] = artifactToJson(envelopeArtifact(c));
    items.push_back(std::move(item));
  }
  return bj::object{{"format", "ttconf.triage/1"},
                    {"scenario", r.path.empty() ? r.name : r.path},
                    {"verdict", verdictName(r.verdict)},
                    {"items", std::move(items)}};
}

std::string triageText(const ScenarioReport& r, const TriageOptions& o) {
  std::string s = "triage " + (r.path.empty() ? r.name : r.path) + ": " + verdictName(r.verdict) + "\n";
  if (!r.detail.empty()) s += "  " + r.detail + "\n";
  bool any = false;
  for (const ComparisonReport& c : r.comparisons) {
    if (!wanted(c, o)) continue;
    any = true;
    s += "\n[" + std::string(regimeName(c.regime)) + "] " + c.label + " (" + c.relation + "): " +
         statusName(c.status) + "\n";
    if (!c.note.empty()) s += "  note: " + c.note + "\n";
    for (const Divergence& d : c.divergences) {
      s += "  fingerprint " + d.fingerprint + ": " +
           (d.coveredBy.empty() ? "UNCOVERED" : "covered by ledger entry " + d.coveredBy) + "\n";
    }
    if (const Divergence* first = firstDivergence(c)) {
      const auto& d = first->difference;
      s += "  first difference (" + first->fingerprint + "): " + d.detail + "\n";
      if (d.baselineIndex || d.candidateIndex) {
        s += windowText(("baseline " + (c.baselineName.empty() ? describeRun(c.baseline) : c.baselineName)).c_str(),
                        window(c.baselineResult, d.baselineIndex, o.context), d.baselineIndex,
                        c.baselineResult ? c.baselineResult->trace.size() : 0);
        s += windowText(("candidate " + (c.candidateName.empty() ? describeRun(c.candidate) : c.candidateName)).c_str(),
                        window(c.candidateResult, d.candidateIndex, o.context), d.candidateIndex,
                        c.candidateResult ? c.candidateResult->trace.size() : 0);
      } else {
        s += "  (the traces agree up to this relation; the difference is in the final state)\n";
      }
    }
    s += "  reproduce: " + reproduceCommand(r, c) + "\n";
  }
  if (!any) s += "  nothing to triage: every comparison passed" + std::string(o.includeCovered ? "" : " or is covered by the ledger") + "\n";
  return s;
}

}  // namespace tt::harness
