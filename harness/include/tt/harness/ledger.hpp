// The deviation ledger (ledger/deviations.json, schema ledger/schema.json, docs/ledger.md):
// loading, validation, and the checks that run both ways — no entry without a reason to
// exist (expired, unknown key, exercised by no fixture) and no divergence without an entry.
#pragma once
#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tt::harness {

struct Date {
  int year = 1970, month = 1, day = 1;
  friend auto operator<=>(const Date&, const Date&) = default;
  std::string str() const;  // YYYY-MM-DD
};
// Strict YYYY-MM-DD with a real calendar day; nullopt otherwise.
std::optional<Date> parseDate(std::string_view text);
Date todayUtc();

struct LedgerEntry {
  std::string id;
  std::string kind;  // "spec-repair" | "engine"
  std::string title;
  std::string owner;
  std::string status;  // "active" | "resolved"
  Date revisitDate;
  std::vector<std::string> leanRefs;
  std::vector<std::string> vmRefs;
  std::string reason;
  std::string impact;
  std::string alternativesConsidered;
  std::vector<std::string> covers;
  std::vector<std::string> tests;
  bool active() const { return status == "active"; }
};

struct Ledger {
  int schemaVersion = 2;
  Date updatedAt;
  std::vector<LedgerEntry> entries;
  // The first active entry whose covers list holds `fingerprint`, or nullptr.
  const LedgerEntry* activeEntryCovering(std::string_view fingerprint) const;
  // A copy without the entries named (fixtures use it to show the gate closes).
  Ledger without(const std::vector<std::string>& ids) const;
};

// Every way the ledger check fails, each with its own code and message.
enum class LedgerCheck : unsigned char {
  InvalidJson,          // ledger.invalid-json
  Schema,               // ledger.schema
  DuplicateId,          // ledger.duplicate-id
  Expired,              // ledger.expired
  UnknownCoversKey,     // ledger.unknown-covers-key
  UncoverableKey,       // ledger.uncoverable-covers-key
  Unexercised,          // ledger.unexercised
  MissingTest,          // ledger.missing-test
  BadFixture,           // ledger.bad-fixture
  BadResults,           // ledger.bad-results
  UncoveredDivergence,  // ledger.uncovered-divergence
};
const char* ledgerCheckCode(LedgerCheck c);

struct LedgerProblem {
  LedgerCheck check;
  std::string entryId;  // empty when not about one entry
  std::string message;  // complete sentence, names where and what
};

struct ParsedLedger {
  std::optional<Ledger> ledger;  // absent on invalid JSON or schema errors
  std::vector<LedgerProblem> problems;
};
// The fields an entry must have (ledger/schema.json lists the same; a test checks it).
const std::vector<std::string>& ledgerEntryFields();

// JSON, schema, duplicate ids and covers keys (vocabulary and coverability).
ParsedLedger parseLedger(std::string_view text);

// Active entries whose revisit_date is before `today`.
std::vector<LedgerProblem> checkExpiry(const Ledger& ledger, const Date& today);

// What one fixture declares it exercises (its expect.covers).
struct FixtureCoverage {
  std::string file;
  std::vector<std::string> covers;
};
// Active entries none of whose covers keys any fixture expects.
std::vector<LedgerProblem> checkExercised(const Ledger& ledger,
                                          const std::vector<FixtureCoverage>& fixtures);
// `tests` items ("path" or "path::name") whose path does not exist under `repoRoot`.
std::vector<LedgerProblem> checkTestsExist(const Ledger& ledger, const std::string& repoRoot);

// One divergence found by a run, as recorded in a results document.
struct RecordedDivergence {
  std::string scenario;
  std::string comparison;
  std::string fingerprint;
};
// Divergences no active entry covers.
std::vector<LedgerProblem> checkDivergencesCovered(const Ledger& ledger,
                                                   const std::vector<RecordedDivergence>& found);

}  // namespace tt::harness
