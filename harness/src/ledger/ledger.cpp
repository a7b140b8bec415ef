#include "tt/harness/ledger.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>

#include <boost/json.hpp>

#include "tt/harness/fingerprint.hpp"

namespace tt::harness {
namespace json = boost::json;

std::string Date::str() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::optional<Date> parseDate(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t from, std::size_t n, int& out) {
    out = 0;
    for (std::size_t i = from; i < from + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      out = out * 10 + (t[i] - '0');
    }
    return true;
  };
  Date d;
  if (!digits(0, 4, d.year) || !digits(5, 2, d.month) || !digits(8, 2, d.day)) return std::nullopt;
  if (d.month < 1 || d.month > 12 || d.day < 1) return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  const int daysInMonth = kDays[d.month - 1] + (d.month == 2 && leap ? 1 : 0);
  if (d.day > daysInMonth) return std::nullopt;
  return d;
}

Date todayUtc() {
  // Days since 1970-01-01 to a civil date (H. Hinnant's civil_from_days).
  const auto now = std::chrono::system_clock::now();
  long z = static_cast<long>(
      std::chrono::duration_cast<std::chrono::hours>(now.time_since_epoch()).count() / 24);
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const long doe = z - era * 146097;
  const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long mp = (5 * doy + 2) / 153;
  Date d;
  d.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  d.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  d.year = static_cast<int>(yoe + era * 400 + (d.month <= 2 ? 1 : 0));
  return d;
}

const LedgerEntry* Ledger::activeEntryCovering(std::string_view fp) const {
  for (const LedgerEntry& e : entries) {
    if (!e.active()) continue;
    for (const std::string& c : e.covers) {
      if (c == fp) return &e;
    }
  }
  return nullptr;
}

Ledger Ledger::without(const std::vector<std::string>& ids) const {
  Ledger copy = *this;
  std::erase_if(copy.entries, [&](const LedgerEntry& e) {
    for (const std::string& id : ids) {
      if (e.id == id) return true;
    }
    return false;
  });
  return copy;
}

const char* ledgerCheckCode(LedgerCheck c) {
  switch (c) {
    case LedgerCheck::InvalidJson: return "ledger.invalid-json";
    case LedgerCheck::Schema: return "ledger.schema";
    case LedgerCheck::DuplicateId: return "ledger.duplicate-id";
    case LedgerCheck::Expired: return "ledger.expired";
    case LedgerCheck::UnknownCoversKey: return "ledger.unknown-covers-key";
    case LedgerCheck::UncoverableKey: return "ledger.uncoverable-covers-key";
    case LedgerCheck::Unexercised: return "ledger.unexercised";
    case LedgerCheck::MissingTest: return "ledger.missing-test";
    case LedgerCheck::BadFixture: return "ledger.bad-fixture";
    case LedgerCheck::BadResults: return "ledger.bad-results";
    case LedgerCheck::UncoveredDivergence: return "ledger.uncovered-divergence";
  }
  return "ledger.?";
}

const std::vector<std::string>& ledgerEntryFields() {
  static const std::vector<std::string> fields = {
      "id", "kind", "title", "owner", "status", "revisit_date", "lean_refs", "vm_refs",
      "reason", "impact", "alternatives_considered", "covers", "tests"};
  return fields;
}

namespace {

// Collects schema errors with their JSON paths while reading one document.
class SchemaReader {
 public:
  explicit SchemaReader(std::vector<LedgerProblem>& problems) : problems_(problems) {}

  void fail(const std::string& path, const std::string& what, const std::string& id = "") {
    problems_.push_back({LedgerCheck::Schema, id, "ledger schema: " + path + ": " + what});
    ok_ = false;
  }
  bool ok() const { return ok_; }

  std::string nonBlankString(const json::object& o, const char* key, const std::string& path,
                             const std::string& id = "") {
    const json::value* v = o.if_contains(key);
    if (v == nullptr) {
      fail(path + "." + key, "missing (required)", id);
      return {};
    }
    if (!v->is_string()) {
      fail(path + "." + key, "must be a string", id);
      return {};
    }
    std::string s(v->as_string());
    if (s.find_first_not_of(" \t\r\n") == std::string::npos) {
      fail(path + "." + key, "must not be blank", id);
    }
    return s;
  }

  std::vector<std::string> stringArray(const json::object& o, const char* key,
                                       const std::string& path, bool nonEmpty,
                                       const std::string& id) {
    std::vector<std::string> out;
    const json::value* v = o.if_contains(key);
    if (v == nullptr) {
      fail(path + "." + key, "missing (required)", id);
      return out;
    }
    if (!v->is_array()) {
      fail(path + "." + key, "must be an array of strings", id);
      return out;
    }
    const json::array& a = v->as_array();
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string itemPath = path + "." + key + "[" + std::to_string(i) + "]";
      if (!a[i].is_string() || a[i].as_string().empty()) {
        fail(itemPath, "must be a non-empty string", id);
        continue;
      }
      out.emplace_back(a[i].as_string());
    }
    if (nonEmpty && a.empty()) fail(path + "." + key, "must not be empty", id);
    return out;
  }

  Date date(const json::object& o, const char* key, const std::string& path,
            const std::string& id = "") {
    const std::string s = nonBlankString(o, key, path, id);
    if (s.empty()) return {};
    if (auto d = parseDate(s)) return *d;
    fail(path + "." + key, "\"" + s + "\" is not a calendar date YYYY-MM-DD", id);
    return {};
  }

  void onlyKnownKeys(const json::object& o, const std::set<std::string>& known,
                     const std::string& path, const std::string& id = "") {
    for (const auto& kv : o) {
      if (!known.contains(std::string(kv.key()))) {
        fail(path + "." + std::string(kv.key()), "unknown field", id);
      }
    }
  }

 private:
  std::vector<LedgerProblem>& problems_;
  bool ok_ = true;
};

const std::set<std::string> kEntryFields(ledgerEntryFields().begin(), ledgerEntryFields().end());

bool isSpecRepairId(const std::string& id) {
  for (const std::string& r : specRepairIds()) {
    if (r == id) return true;
  }
  return false;
}

LedgerEntry readEntry(SchemaReader& r, const json::object& o, const std::string& path) {
  LedgerEntry e;
  e.id = r.nonBlankString(o, "id", path);
  const std::string& id = e.id;
  r.onlyKnownKeys(o, kEntryFields, path, id);
  e.kind = r.nonBlankString(o, "kind", path, id);
  if (!e.kind.empty() && e.kind != "spec-repair" && e.kind != "engine") {
    r.fail(path + ".kind", "must be \"spec-repair\" or \"engine\", not \"" + e.kind + "\"", id);
  }
  if (e.kind == "spec-repair" && !id.empty() && !isSpecRepairId(id)) {
    r.fail(path + ".id", "a spec-repair entry must be named after a repair of SEMANTICS §2", id);
  }
  e.title = r.nonBlankString(o, "title", path, id);
  e.owner = r.nonBlankString(o, "owner", path, id);
  e.status = r.nonBlankString(o, "status", path, id);
  if (!e.status.empty() && e.status != "active" && e.status != "resolved") {
    r.fail(path + ".status", "must be \"active\" or \"resolved\", not \"" + e.status + "\"", id);
  }
  e.revisitDate = r.date(o, "revisit_date", path, id);
  e.leanRefs = r.stringArray(o, "lean_refs", path, true, id);
  e.vmRefs = r.stringArray(o, "vm_refs", path, true, id);
  e.reason = r.nonBlankString(o, "reason", path, id);
  e.impact = r.nonBlankString(o, "impact", path, id);
  e.alternativesConsidered = r.nonBlankString(o, "alternatives_considered", path, id);
  const bool active = e.status == "active";
  e.covers = r.stringArray(o, "covers", path, active, id);
  e.tests = r.stringArray(o, "tests", path, active, id);
  return e;
}

}  // namespace

ParsedLedger parseLedger(std::string_view text) {
  ParsedLedger out;
  json::value root;
  {
    boost::system::error_code ec;
    json::parse_options opts;
    opts.max_depth = 64;
    root = json::parse(text, ec, {}, opts);
    if (ec) {
      out.problems.push_back({LedgerCheck::InvalidJson, "", "ledger: invalid JSON: " + ec.message()});
      return out;
    }
  }
  SchemaReader r(out.problems);
  if (!root.is_object()) {
    r.fail("$", "the root must be an object");
    return out;
  }
  const json::object& o = root.as_object();
  Ledger ledger;
  r.onlyKnownKeys(o, {"$schema", "schema_version", "updated_at", "deviations"}, "$");
  const json::value* version = o.if_contains("schema_version");
  if (version == nullptr) {
    r.fail("$.schema_version", "missing (required)");
  } else if (!version->is_int64() || version->as_int64() != 2) {
    r.fail("$.schema_version", "must be the integer 2");
  }
  ledger.updatedAt = r.date(o, "updated_at", "$");
  const json::value* devs = o.if_contains("deviations");
  if (devs == nullptr || !devs->is_array()) {
    r.fail("$.deviations", devs == nullptr ? "missing (required)" : "must be an array");
    return out;
  }
  const json::array& arr = devs->as_array();
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const std::string path = "$.deviations[" + std::to_string(i) + "]";
    if (!arr[i].is_object()) {
      r.fail(path, "must be an object");
      continue;
    }
    ledger.entries.push_back(readEntry(r, arr[i].as_object(), path));
  }
  if (!r.ok()) return out;

  std::map<std::string, std::size_t> firstIndex;
  for (std::size_t i = 0; i < ledger.entries.size(); ++i) {
    const LedgerEntry& e = ledger.entries[i];
    auto [it, inserted] = firstIndex.emplace(e.id, i);
    if (!inserted) {
      out.problems.push_back({LedgerCheck::DuplicateId, e.id,
                              "ledger: duplicate id \"" + e.id + "\" (deviations[" +
                                  std::to_string(it->second) + "] and deviations[" +
                                  std::to_string(i) + "])"});
    }
    for (const std::string& key : e.covers) {
      const CoversKeyInfo* info = findCoversKey(key);
      if (info == nullptr) {
        out.problems.push_back({LedgerCheck::UnknownCoversKey, e.id,
                                "ledger: entry \"" + e.id + "\" covers unknown key \"" + key +
                                    "\" (not in the vocabulary of docs/ledger.md)"});
      } else if (!info->coverable) {
        out.problems.push_back({LedgerCheck::UncoverableKey, e.id,
                                "ledger: entry \"" + e.id + "\" covers \"" + key +
                                    "\", a hard violation that no entry may cover"});
      }
    }
  }
  out.ledger = std::move(ledger);
  return out;
}

std::vector<LedgerProblem> checkExpiry(const Ledger& ledger, const Date& today) {
  std::vector<LedgerProblem> out;
  for (const LedgerEntry& e : ledger.entries) {
    if (e.active() && e.revisitDate < today) {
      out.push_back({LedgerCheck::Expired, e.id,
                     "ledger: active entry \"" + e.id + "\" expired: revisit_date " +
                         e.revisitDate.str() + " is before today (" + today.str() +
                         "); owner \"" + e.owner + "\" must revisit, resolve or re-date it"});
    }
  }
  return out;
}

std::vector<LedgerProblem> checkExercised(const Ledger& ledger,
                                          const std::vector<FixtureCoverage>& fixtures) {
  std::set<std::string> exercised;
  for (const FixtureCoverage& f : fixtures) exercised.insert(f.covers.begin(), f.covers.end());
  std::vector<LedgerProblem> out;
  for (const LedgerEntry& e : ledger.entries) {
    if (!e.active()) continue;
    bool any = false;
    for (const std::string& c : e.covers) any = any || exercised.contains(c);
    if (!any) {
      out.push_back({LedgerCheck::Unexercised, e.id,
                     "ledger: active entry \"" + e.id +
                         "\" is exercised by no fixture (no fixture expects any of its covers keys)"});
    }
  }
  return out;
}

std::vector<LedgerProblem> checkTestsExist(const Ledger& ledger, const std::string& repoRoot) {
  std::vector<LedgerProblem> out;
  for (const LedgerEntry& e : ledger.entries) {
    for (const std::string& t : e.tests) {
      const std::string file = t.substr(0, t.find("::"));
      std::error_code ec;
      if (!std::filesystem::exists(std::filesystem::path(repoRoot) / file, ec)) {
        out.push_back({LedgerCheck::MissingTest, e.id,
                       "ledger: entry \"" + e.id + "\" names test \"" + t + "\" but " + file +
                           " does not exist"});
      }
    }
  }
  return out;
}

std::vector<LedgerProblem> checkDivergencesCovered(const Ledger& ledger,
                                                   const std::vector<RecordedDivergence>& found) {
  std::vector<LedgerProblem> out;
  for (const RecordedDivergence& d : found) {
    if (ledger.activeEntryCovering(d.fingerprint) != nullptr) continue;
    out.push_back({LedgerCheck::UncoveredDivergence, "",
                   "ledger: uncovered divergence \"" + d.fingerprint + "\" in " + d.scenario +
                       " (" + d.comparison + "): no active entry covers it"});
  }
  return out;
}

}  // namespace tt::harness
