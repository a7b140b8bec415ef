// The ledger: parsing, each check failing with its own code, and coverage lookups.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include "tt/core/config.hpp"
#include "tt/harness/fingerprint.hpp"
#include "tt/harness/ledger.hpp"

namespace tt::harness {
namespace {
namespace bj = boost::json;

bj::object entry(const std::string& id, const std::string& kind, std::vector<std::string> covers) {
  bj::array c;
  for (auto& k : covers) c.push_back(bj::value(k));
  return bj::object{{"id", id},
                    {"kind", kind},
                    {"title", "t"},
                    {"owner", "oracle"},
                    {"status", "active"},
                    {"revisit_date", "2027-01-31"},
                    {"lean_refs", bj::array{"lean/Runtime/VM/Runtime/Loader.lean"}},
                    {"vm_refs", bj::array{"vm/src/load.cpp"}},
                    {"reason", "r"},
                    {"impact", "i"},
                    {"alternatives_considered", "a"},
                    {"covers", std::move(c)},
                    {"tests", bj::array{"fixtures_v2/x.json"}}};
}

bj::object ledger(std::vector<bj::object> entries) {
  bj::array a;
  for (auto& e : entries) a.push_back(std::move(e));
  return bj::object{{"schema_version", 2}, {"updated_at", "2026-11-22"}, {"deviations", std::move(a)}};
}

bj::object validLedger() {
  return ledger({entry("repair.recv.progress-token", "spec-repair", {"profiles/repair.recv.progress-token"}),
                 entry("threaded.round.wave.parallelism", "engine", {"envelope/scheduler.session-normalized"})});
}

ParsedLedger parse(const bj::value& v) { return parseLedger(bj::serialize(v)); }

std::vector<LedgerCheck> checks(const std::vector<LedgerProblem>& ps) {
  std::vector<LedgerCheck> out;
  for (const auto& p : ps) out.push_back(p.check);
  return out;
}

TEST(Ledger, ValidLedgerParsesWithoutProblems) {
  const ParsedLedger p = parse(validLedger());
  ASSERT_TRUE(p.ledger.has_value());
  EXPECT_TRUE(p.problems.empty());
  ASSERT_EQ(p.ledger->entries.size(), 2u);
  EXPECT_EQ(p.ledger->entries[0].revisitDate, (Date{2027, 1, 31}));
  EXPECT_EQ(p.ledger->entries[1].kind, "engine");
}

TEST(Ledger, InvalidJsonIsItsOwnFailure) {
  const ParsedLedger p = parseLedger("{\"schema_version\": 2,");
  EXPECT_FALSE(p.ledger.has_value());
  ASSERT_EQ(checks(p.problems), std::vector<LedgerCheck>{LedgerCheck::InvalidJson});
  EXPECT_STREQ(ledgerCheckCode(p.problems[0].check), "ledger.invalid-json");
}

TEST(Ledger, SchemaErrorsNameThePath) {
  bj::object l = validLedger();
  l["deviations"].as_array()[1].as_object().erase("owner");
  l["deviations"].as_array()[0].as_object()["status"] = "maybe";
  l["deviations"].as_array()[0].as_object()["revisit_date"] = "2027-02-30";
  const ParsedLedger p = parse(l);
  EXPECT_FALSE(p.ledger.has_value());
  ASSERT_EQ(p.problems.size(), 3u);
  for (const auto& x : p.problems) EXPECT_EQ(x.check, LedgerCheck::Schema);
  EXPECT_NE(p.problems[0].message.find("$.deviations[0].status"), std::string::npos);
  EXPECT_NE(p.problems[1].message.find("$.deviations[0].revisit_date"), std::string::npos);
  EXPECT_NE(p.problems[2].message.find("$.deviations[1].owner: missing"), std::string::npos);
}

TEST(Ledger, SchemaRejectsUnknownFieldsBadKindAndWrongVersion) {
  bj::object l = validLedger();
  l["schema_version"] = 1;
  l["deviations"].as_array()[1].as_object()["rust_refs"] = bj::array{"x"};
  l["deviations"].as_array()[1].as_object()["kind"] = "feature";
  const ParsedLedger p = parse(l);
  EXPECT_FALSE(p.ledger.has_value());
  ASSERT_EQ(p.problems.size(), 3u);
  EXPECT_NE(p.problems[0].message.find("$.schema_version"), std::string::npos);
  EXPECT_NE(p.problems[1].message.find("rust_refs: unknown field"), std::string::npos);
  EXPECT_NE(p.problems[2].message.find("kind"), std::string::npos);
}

TEST(Ledger, SpecRepairEntriesMustBeNamedAfterARepair) {
  bj::object l = ledger({entry("repair.made.up", "spec-repair", {"profiles/repair.recv.progress-token"})});
  const ParsedLedger p = parse(l);
  ASSERT_EQ(checks(p.problems), std::vector<LedgerCheck>{LedgerCheck::Schema});
}

TEST(Ledger, ActiveEntriesNeedCoversAndTests) {
  bj::object l = validLedger();
  l["deviations"].as_array()[0].as_object()["covers"] = bj::array{};
  const ParsedLedger p = parse(l);
  ASSERT_EQ(checks(p.problems), std::vector<LedgerCheck>{LedgerCheck::Schema});
  EXPECT_NE(p.problems[0].message.find("covers: must not be empty"), std::string::npos);
  // A resolved entry may have neither.
  l["deviations"].as_array()[0].as_object()["status"] = "resolved";
  l["deviations"].as_array()[0].as_object()["tests"] = bj::array{};
  EXPECT_TRUE(parse(l).problems.empty());
}

TEST(Ledger, DuplicateIdIsItsOwnFailure) {
  bj::object l = validLedger();
  l["deviations"].as_array().push_back(l["deviations"].as_array()[0]);
  const ParsedLedger p = parse(l);
  ASSERT_EQ(checks(p.problems), std::vector<LedgerCheck>{LedgerCheck::DuplicateId});
  EXPECT_NE(p.problems[0].message.find("deviations[0] and deviations[2]"), std::string::npos);
}

TEST(Ledger, UnknownCoversKeyIsItsOwnFailure) {
  bj::object l = validLedger();
  l["deviations"].as_array()[1].as_object()["covers"] = bj::array{"threaded.round.wave.parallelism"};
  const ParsedLedger p = parse(l);
  ASSERT_EQ(checks(p.problems), std::vector<LedgerCheck>{LedgerCheck::UnknownCoversKey});
  EXPECT_EQ(p.problems[0].entryId, "threaded.round.wave.parallelism");
}

TEST(Ledger, HardViolationsCannotBeCovered) {
  bj::object l = validLedger();
  l["deviations"].as_array()[1].as_object()["covers"] = bj::array{"envelope/tier-inconsistent"};
  const ParsedLedger p = parse(l);
  ASSERT_EQ(checks(p.problems), std::vector<LedgerCheck>{LedgerCheck::UncoverableKey});
}

TEST(Ledger, ExpiryComparesWithToday) {
  const Ledger l = *parse(validLedger()).ledger;
  EXPECT_TRUE(checkExpiry(l, Date{2027, 1, 31}).empty());  // the revisit day itself is fine
  const auto late = checkExpiry(l, Date{2027, 2, 1});
  ASSERT_EQ(checks(late), (std::vector<LedgerCheck>{LedgerCheck::Expired, LedgerCheck::Expired}));
  EXPECT_NE(late[0].message.find("2027-01-31"), std::string::npos);
  // Resolved entries never expire.
  Ledger resolved = l;
  for (auto& e : resolved.entries) e.status = "resolved";
  EXPECT_TRUE(checkExpiry(resolved, Date{2030, 1, 1}).empty());
}

TEST(Ledger, ActiveEntryNoFixtureExercisesFails) {
  const Ledger l = *parse(validLedger()).ledger;
  const std::vector<FixtureCoverage> fixtures = {{"f.json", {"profiles/repair.recv.progress-token"}}};
  const auto ps = checkExercised(l, fixtures);
  ASSERT_EQ(checks(ps), std::vector<LedgerCheck>{LedgerCheck::Unexercised});
  EXPECT_EQ(ps[0].entryId, "threaded.round.wave.parallelism");
  EXPECT_TRUE(checkExercised(l, {{"f.json", {"profiles/repair.recv.progress-token",
                                             "envelope/scheduler.session-normalized"}}})
                  .empty());
}

TEST(Ledger, MissingTestFileFails) {
  const auto dir = std::filesystem::temp_directory_path() / "tt_ledger_tests";
  std::filesystem::create_directories(dir / "fixtures_v2");
  std::ofstream(dir / "fixtures_v2" / "x.json") << "{}";
  Ledger l = *parse(validLedger()).ledger;
  EXPECT_TRUE(checkTestsExist(l, dir.string()).empty());
  l.entries[1].tests = {"harness/tests/test_nothing.cpp::Suite.Case"};
  const auto ps = checkTestsExist(l, dir.string());
  ASSERT_EQ(checks(ps), std::vector<LedgerCheck>{LedgerCheck::MissingTest});
  EXPECT_NE(ps[0].message.find("harness/tests/test_nothing.cpp does not exist"), std::string::npos);
}

TEST(Ledger, DivergenceNoActiveEntryCoversFails) {
  Ledger l = *parse(validLedger()).ledger;
  const std::vector<RecordedDivergence> found = {
      {"a.json", "vm vs oracle", "profiles/repair.recv.progress-token"},
      {"b.json", "vm vs oracle", "n1/trace.event"}};
  const auto ps = checkDivergencesCovered(l, found);
  ASSERT_EQ(checks(ps), std::vector<LedgerCheck>{LedgerCheck::UncoveredDivergence});
  EXPECT_NE(ps[0].message.find("n1/trace.event"), std::string::npos);
  EXPECT_NE(ps[0].message.find("b.json"), std::string::npos);
  // A resolved entry covers nothing.
  l.entries[0].status = "resolved";
  EXPECT_EQ(checkDivergencesCovered(l, found).size(), 2u);
}

TEST(Ledger, CoverageLookupAndWithout) {
  const Ledger l = *parse(validLedger()).ledger;
  ASSERT_NE(l.activeEntryCovering("envelope/scheduler.session-normalized"), nullptr);
  EXPECT_EQ(l.activeEntryCovering("envelope/scheduler.session-normalized")->id, "threaded.round.wave.parallelism");
  EXPECT_EQ(l.activeEntryCovering("envelope/scheduler.bounded"), nullptr);
  EXPECT_EQ(l.without({"threaded.round.wave.parallelism"}).activeEntryCovering("envelope/scheduler.session-normalized"),
            nullptr);
}

TEST(Ledger, DatesAreStrictCalendarDays) {
  EXPECT_EQ(parseDate("2028-02-29"), (Date{2028, 2, 29}));
  EXPECT_FALSE(parseDate("2027-02-29"));
  EXPECT_FALSE(parseDate("2100-02-29"));
  EXPECT_FALSE(parseDate("2026-13-01"));
  EXPECT_FALSE(parseDate("2026-1-01"));
  EXPECT_FALSE(parseDate("2026-01-01T00"));
  EXPECT_EQ((Date{2026, 11, 2}).str(), "2026-11-02");
  EXPECT_GE(todayUtc(), (Date{2026, 1, 1}));
}

// The vocabulary's repair ids are core's, and every key is unique and well formed.
TEST(Vocabulary, RepairIdsMatchCoreAndKeysAreUnique) {
  ASSERT_EQ(specRepairIds().size(), kRepairCount);
  for (std::size_t i = 0; i < kRepairCount; ++i) {
    EXPECT_EQ(specRepairIds()[i], repairId(static_cast<Repair>(i)));
  }
  std::set<std::string> seen;
  for (const auto& k : coversVocabulary()) {
    EXPECT_TRUE(seen.insert(k.key).second) << k.key;
    Regime r;
    EXPECT_TRUE(regimeFromName(k.key.substr(0, k.key.find('/')), r)) << k.key;
    EXPECT_FALSE(k.meaning.empty());
  }
  EXPECT_TRUE(findCoversKey("profiles/repair.sched.send-unblock")->coverable);
  EXPECT_FALSE(findCoversKey("invalid-cert/fallback.not-single-step")->coverable);
  EXPECT_EQ(findCoversKey("envelope/trace.event"), nullptr);
}

}  // namespace
}  // namespace tt::harness

namespace tt::harness {
namespace {

std::string repoFile(const std::string& relative) {
  std::ifstream in(std::string(TT_REPO_DIR) + "/" + relative);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// ledger/schema.json documents exactly the fields the checker enforces.
TEST(LedgerFiles, SchemaFileMatchesTheChecker) {
  const boost::json::value schema = boost::json::parse(repoFile("ledger/schema.json"));
  const auto& entry = schema.at("$defs").at("entry").as_object();
  std::set<std::string> required, properties;
  for (const auto& f : entry.at("required").as_array()) required.insert(std::string(f.as_string()));
  for (const auto& kv : entry.at("properties").as_object()) properties.insert(std::string(kv.key()));
  const std::set<std::string> checker(ledgerEntryFields().begin(), ledgerEntryFields().end());
  EXPECT_EQ(required, checker);
  EXPECT_EQ(properties, checker);
}

// The repository's ledger has the seven repairs and the wave-parallelism entry, all valid.
TEST(LedgerFiles, RepositoryLedgerIsValid) {
  const ParsedLedger p = parseLedger(repoFile("ledger/deviations.json"));
  for (const auto& problem : p.problems) ADD_FAILURE() << problem.message;
  ASSERT_TRUE(p.ledger.has_value());
  std::set<std::string> ids;
  for (const auto& e : p.ledger->entries) ids.insert(e.id);
  for (const auto& r : specRepairIds()) EXPECT_TRUE(ids.contains(r)) << r;
  EXPECT_TRUE(ids.contains("threaded.round.wave.parallelism"));
  EXPECT_TRUE(checkExpiry(*p.ledger, Date{2026, 11, 22}).empty());
}

}  // namespace
}  // namespace tt::harness

namespace tt::harness {
namespace {

// docs/ledger.md names every part of the vocabulary, so the documented list cannot drift.
TEST(LedgerFiles, DocsListEveryCoversPart) {
  const std::string doc = repoFile("docs/ledger.md");
  ASSERT_FALSE(doc.empty());
  for (const auto& k : coversVocabulary()) {
    const std::string partName = k.key.substr(k.key.find('/') + 1);
    const bool named = doc.find("`" + partName + "`") != std::string::npos ||
                       doc.find("/" + partName + "`") != std::string::npos;
    EXPECT_TRUE(named) << partName;
  }
}

}  // namespace
}  // namespace tt::harness
