#include "tt/harness/report.hpp"

#include <cstdio>

#include <boost/json.hpp>

#include "tt/core/error.hpp"

namespace tt::harness {
namespace bj = boost::json;

namespace {

bj::value runToJson(const EngineRun& r, const std::string& name) {
  bj::array rounds;
  for (std::uint64_t x : r.invalidCertificateRounds) rounds.push_back(x);
  return bj::object{{"name", name.empty() ? describeRun(r) : name},
                    {"engine", engineName(r.engine)},
                    {"concurrency", r.concurrency},
                    {"workers", r.workers},
                    {"invalid_certificate_rounds", std::move(rounds)}};
}

bj::value optIndex(const std::optional<std::size_t>& i) {
  return i ? bj::value(static_cast<std::uint64_t>(*i)) : bj::value(nullptr);
}

bj::value comparisonToJson(const ScenarioReport& s, const ComparisonReport& c) {
  bj::array divergences;
  for (const Divergence& d : c.divergences) {
    divergences.push_back(bj::object{
        {"fingerprint", d.fingerprint},
        {"detail", d.difference.detail},
        {"baseline_index", optIndex(d.difference.baselineIndex)},
        {"candidate_index", optIndex(d.difference.candidateIndex)},
        {"covered_by", d.coveredBy.empty() ? bj::value(nullptr) : bj::value(d.coveredBy)}});
  }
  bj::object o{{"regime", regimeName(c.regime)},
               {"label", c.label},
               {"relation", c.relation},
               {"concurrency", c.concurrency},
               {"baseline", runToJson(c.baseline, c.baselineName)},
               {"candidate", runToJson(c.candidate, c.candidateName)},
               {"status", statusName(c.status)},
               {"divergences", std::move(divergences)}};
  if (!c.note.empty()) o["note"] = c.note;
  if (c.envelope) o["envelope"] = artifactToJson(envelopeArtifact(c));
  if (c.failed() || c.status == ComparisonReport::Status::Covered) o["reproduce"] = reproduceCommand(s, c);
  return o;
}

}  // namespace

bj::value scenarioReportToJson(const ScenarioReport& r) {
  bj::array comparisons;
  for (const ComparisonReport& c : r.comparisons) comparisons.push_back(comparisonToJson(r, c));
  bj::object o{{"name", r.name},
               {"path", r.path},
               {"verdict", verdictName(r.verdict)},
               {"resource_limited", r.resourceLimited},
               {"comparisons", std::move(comparisons)}};
  if (!r.detail.empty()) o["detail"] = r.detail;
  if (r.outcome) {
    o["outcome"] = bj::object{{"run", r.outcome->outcome},
                              {"done", r.outcome->done},
                              {"faulted", r.outcome->faulted},
                              {"blocked", r.outcome->blocked},
                              {"live", r.outcome->live}};
  }
  return o;
}

ResultsSummary summarize(const std::vector<ScenarioReport>& reports, double seconds) {
  ResultsSummary s;
  s.seconds = seconds;
  for (const ScenarioReport& r : reports) {
    ++s.scenarios;
    switch (r.verdict) {
      case ScenarioReport::Verdict::Conformant: ++s.conformant; break;
      case ScenarioReport::Verdict::Divergent: ++s.divergent; break;
      case ScenarioReport::Verdict::BadInput: ++s.badInput; break;
    }
    if (r.resourceLimited) ++s.resourceLimited;
  }
  return s;
}

std::string summaryLine(const std::string& command, const ResultsSummary& s) {
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.2f s (%.0f/s)", s.seconds,
                s.seconds > 0 ? static_cast<double>(s.scenarios) / s.seconds : 0.0);
  return command + ": " + std::to_string(s.scenarios) + " scenarios, " +
         std::to_string(s.conformant) + " conformant, " + std::to_string(s.divergent) +
         " divergent, " + std::to_string(s.badInput) + " bad input, " +
         std::to_string(s.resourceLimited) + " resource-limited, in " + rate;
}

bj::value resultsDocument(const std::vector<ScenarioReport>& reports, const ResultsSummary& s) {
  bj::array scenarios;
  for (const ScenarioReport& r : reports) scenarios.push_back(scenarioReportToJson(r));
  return bj::object{{"format", kResultsFormat},
                    {"summary", bj::object{{"scenarios", s.scenarios},
                                           {"conformant", s.conformant},
                                           {"divergent", s.divergent},
                                           {"bad_input", s.badInput},
                                           {"resource_limited", s.resourceLimited},
                                           {"seconds", s.seconds}}},
                    {"scenarios", std::move(scenarios)}};
}

std::vector<RecordedDivergence> divergencesFromResults(const bj::value& doc, const std::string& path) {
  auto fail = [&](const std::string& where, const std::string& what) -> void {
    throw InputError(path + ": " + where, what);
  };
  if (!doc.is_object() || doc.as_object().if_contains("format") == nullptr ||
      doc.as_object().at("format") != bj::value(kResultsFormat)) {
    fail("$.format", std::string("not a results document (expected format ") + kResultsFormat + ")");
  }
  const bj::value* scenarios = doc.as_object().if_contains("scenarios");
  if (scenarios == nullptr || !scenarios->is_array()) fail("$.scenarios", "must be an array");
  std::vector<RecordedDivergence> out;
  const bj::array& ss = scenarios->as_array();
  for (std::size_t i = 0; i < ss.size(); ++i) {
    const std::string sp = "$.scenarios[" + std::to_string(i) + "]";
    if (!ss[i].is_object()) fail(sp, "must be an object");
    const bj::object& so = ss[i].as_object();
    std::string name = "scenario " + std::to_string(i);
    if (const bj::value* p = so.if_contains("path"); p && p->is_string() && !p->as_string().empty()) {
      name = std::string(p->as_string());
    } else if (const bj::value* n = so.if_contains("name"); n && n->is_string()) {
      name = std::string(n->as_string());
    }
    const bj::value* cs = so.if_contains("comparisons");
    if (cs == nullptr || !cs->is_array()) fail(sp + ".comparisons", "must be an array");
    const bj::array& ca = cs->as_array();
    for (std::size_t j = 0; j < ca.size(); ++j) {
      const std::string cp = sp + ".comparisons[" + std::to_string(j) + "]";
      if (!ca[j].is_object()) fail(cp, "must be an object");
      const bj::object& co = ca[j].as_object();
      const bj::value* label = co.if_contains("label");
      const bj::value* ds = co.if_contains("divergences");
      if (ds == nullptr || !ds->is_array()) fail(cp + ".divergences", "must be an array");
      for (std::size_t k = 0; k < ds->as_array().size(); ++k) {
        const bj::value& d = ds->as_array()[k];
        const bj::value* fp = d.is_object() ? d.as_object().if_contains("fingerprint") : nullptr;
        if (fp == nullptr || !fp->is_string()) {
          fail(cp + ".divergences[" + std::to_string(k) + "].fingerprint", "must be a string");
        }
        out.push_back({name, label && label->is_string() ? std::string(label->as_string()) : "",
                       std::string(fp->as_string())});
      }
    }
  }
  return out;
}

namespace {

// Details quote whole events; keep text reports readable (JSON and triage keep them whole).
std::string clip(const std::string& s, bool verbose) {
  constexpr std::size_t kMax = 240;
  if (verbose || s.size() <= kMax) return s;
  return s.substr(0, kMax) + " ... (ttconf triage shows it all)";
}

}  // namespace

std::string reportText(const ScenarioReport& r, bool verbose) {
  std::string s = (r.path.empty() ? r.name : r.path) + ": " + verdictName(r.verdict);
  if (!r.detail.empty()) {
    const std::string prefix = r.path + ": ";
    const bool repeatsPath = !r.path.empty() && r.detail.compare(0, prefix.size(), prefix) == 0;
    s += " (" + (repeatsPath ? r.detail.substr(prefix.size()) : r.detail) + ")";
  }
  if (r.outcome) {
    s += " [oracle n=1: " + r.outcome->outcome + ", " + std::to_string(r.outcome->done) + " done, " +
         std::to_string(r.outcome->faulted) + " faulted, " + std::to_string(r.outcome->blocked) +
         " blocked, " + std::to_string(r.outcome->live) + " live]";
  }
  s += "\n";
  for (const ComparisonReport& c : r.comparisons) {
    if (!verbose && !c.failed()) continue;
    s += std::string("  ") + regimeName(c.regime) + " " + c.label + " (" + c.relation + "): " +
         statusName(c.status);
    if (!c.note.empty()) s += " — " + c.note;
    s += "\n";
    for (const Divergence& d : c.divergences) {
      s += "    " + d.fingerprint + (d.coveredBy.empty() ? " UNCOVERED" : " covered by " + d.coveredBy) +
           ": " + clip(d.difference.detail, verbose) + "\n";
    }
    if (c.failed()) s += "    reproduce: " + reproduceCommand(r, c) + "\n";
  }
  return s;
}

int exitStatus(const std::vector<ScenarioReport>& reports) {
  bool bad = false;
  for (const ScenarioReport& r : reports) {
    if (r.verdict == ScenarioReport::Verdict::Divergent) return 1;
    bad = bad || r.verdict == ScenarioReport::Verdict::BadInput;
  }
  return bad ? 2 : 0;
}

}  // namespace tt::harness
