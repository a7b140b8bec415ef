// Projection (reference A §2.8): `trans` reproduces every upstream golden file exactly,
// and `projectb` / `projectR` accept and reject as Lean's checker does (F D6).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "tt/core/projection.hpp"
#include "type_builders.hpp"

namespace tt {
namespace {

using namespace tt::test;
namespace fs = std::filesystem;
namespace bj = boost::json;

// ---- a minimal reader/writer of the bridge `kind` encoding (A §11.2) --------------------
// Kept local so this test depends only on projection, not on the JSON codecs.

PayloadSort sortFrom(const bj::value& j) {
  PayloadSort s;
  if (j.is_string()) {
    const std::string name(j.as_string());
    if (name == "unit") s.kind = PayloadSort::Kind::Unit;
    else if (name == "nat") s.kind = PayloadSort::Kind::Nat;
    else if (name == "bool") s.kind = PayloadSort::Kind::Bool;
    else if (name == "string") s.kind = PayloadSort::Kind::String;
    else if (name == "real") s.kind = PayloadSort::Kind::Real;
    else throw std::runtime_error("unknown sort " + name);
    return s;
  }
  const bj::object& o = j.as_object();
  if (o.contains("vector")) {
    s.kind = PayloadSort::Kind::Vector;
    s.vectorLen = o.at("vector").to_number<std::uint64_t>();
  } else {
    const bj::array& a = o.at("prod").as_array();
    s.kind = PayloadSort::Kind::Prod;
    s.left = std::make_shared<const PayloadSort>(sortFrom(a.at(0)));
    s.right = std::make_shared<const PayloadSort>(sortFrom(a.at(1)));
  }
  return s;
}

bj::value sortTo(const PayloadSort& s) {
  switch (s.kind) {
    case PayloadSort::Kind::Unit: return "unit";
    case PayloadSort::Kind::Nat: return "nat";
    case PayloadSort::Kind::Bool: return "bool";
    case PayloadSort::Kind::String: return "string";
    case PayloadSort::Kind::Real: return "real";
    case PayloadSort::Kind::Vector: return bj::object{{"vector", s.vectorLen}};
    case PayloadSort::Kind::Prod: return bj::object{{"prod", bj::array{sortTo(*s.left), sortTo(*s.right)}}};
  }
  return nullptr;
}

TypeLabel labelFrom(const bj::value& j) {
  return {std::string(j.at("name").as_string()), sortFrom(j.at("sort"))};
}

bj::value labelTo(const TypeLabel& l) { return bj::object{{"name", l.name}, {"sort", sortTo(l.sort)}}; }

GlobalTypePtr globalFrom(const bj::value& j) {
  const std::string kind(j.at("kind").as_string());
  if (kind == "end") return gEnd();
  if (kind == "var") return gVar(std::string(j.at("name").as_string()));
  if (kind == "rec") return gMu(std::string(j.at("var").as_string()), globalFrom(j.at("body")));
  if (kind == "comm") {
    std::vector<GlobalBranch> bs;
    for (const bj::value& b : j.at("branches").as_array())
      bs.push_back({labelFrom(b.at("label")), globalFrom(b.at("continuation"))});
    return gComm(std::string(j.at("sender").as_string()), std::string(j.at("receiver").as_string()), std::move(bs));
  }
  throw std::runtime_error("unknown global kind " + kind);
}

LocalTypeRPtr localFrom(const bj::value& j) {
  const std::string kind(j.at("kind").as_string());
  if (kind == "end") return rEnd();
  if (kind == "var") return rVar(std::string(j.at("name").as_string()));
  if (kind == "rec") return rMu(std::string(j.at("var").as_string()), localFrom(j.at("body")));
  std::vector<BranchR> bs;
  for (const bj::value& b : j.at("branches").as_array())
    bs.push_back({labelFrom(b.at("label")), std::nullopt, localFrom(b.at("continuation"))});
  const std::string partner(j.at("partner").as_string());
  if (kind == "send") return rSend(partner, std::move(bs));
  if (kind == "recv") return rRecv(partner, std::move(bs));
  throw std::runtime_error("unknown local kind " + kind);
}

bj::value localTo(const LocalTypeR& t) {
  switch (t.kind) {
    case LocalTypeR::Kind::End: return bj::object{{"kind", "end"}};
    case LocalTypeR::Kind::Var: return bj::object{{"kind", "var"}, {"name", t.var}};
    case LocalTypeR::Kind::Mu: return bj::object{{"kind", "rec"}, {"var", t.var}, {"body", localTo(*t.body)}};
    case LocalTypeR::Kind::Send:
    case LocalTypeR::Kind::Recv: {
      bj::array bs;
      for (const BranchR& b : t.branches) {
        // The bridge encoding has no payload type; projection never produces one here.
        EXPECT_FALSE(b.payload.has_value());
        bs.push_back(bj::object{{"label", labelTo(b.label)}, {"continuation", localTo(*b.cont)}});
      }
      return bj::object{{"kind", t.kind == LocalTypeR::Kind::Send ? "send" : "recv"},
                        {"partner", t.partner},
                        {"branches", std::move(bs)}};
    }
  }
  return nullptr;
}

bj::value readJson(const fs::path& p) {
  std::ifstream in(p);
  EXPECT_TRUE(in.good()) << "cannot open " << p;
  std::stringstream ss;
  ss << in.rdbuf();
  return bj::parse(ss.str());
}

const fs::path kGoldenDir = fs::path(TT_SHARED_DIR) / "golden" / "projection";

// ---- goldens --------------------------------------------------------------------------

TEST(ProjectionGolden, AllNineCasesArePresent) {
  std::set<std::string> cases;
  for (const auto& entry : fs::directory_iterator(kGoldenDir))
    if (entry.is_directory()) cases.insert(entry.path().filename().string());
  EXPECT_EQ(cases, (std::set<std::string>{"async_independent", "choice_protocol", "four_party", "merge_test",
                                          "multi_branch", "nested_recursion", "ping_pong", "recursive_loop",
                                          "three_party_ring"}));
}

TEST(ProjectionGolden, TransReproducesEveryRoleFileExactly) {
  std::size_t roleFiles = 0;
  for (const auto& caseDir : fs::directory_iterator(kGoldenDir)) {
    if (!caseDir.is_directory()) continue;
    const std::string name = caseDir.path().filename().string();
    const GlobalTypePtr g = globalFrom(readJson(caseDir.path() / "input.json"));
    std::set<Role> rolesSeen;
    for (const auto& file : fs::directory_iterator(caseDir.path())) {
      const std::string fname = file.path().filename().string();
      const std::string suffix = ".expected.json";
      if (fname.size() <= suffix.size() || fname.compare(fname.size() - suffix.size(), suffix.size(), suffix) != 0)
        continue;
      const Role role = fname.substr(0, fname.size() - suffix.size());
      rolesSeen.insert(role);
      ++roleFiles;
      const bj::value expectedJson = readJson(file.path());
      const LocalTypeRPtr got = trans(*g, role);
      // Exact: the encoding of our projection is the expected document, and the decoded
      // expected type is structurally our projection.
      EXPECT_EQ(localTo(*got), expectedJson) << name << "/" << role << "\n got: " << bj::serialize(localTo(*got));
      EXPECT_TRUE(*got == *localFrom(expectedJson)) << name << "/" << role;
      // The checker accepts upstream's projection of well-formed choreographies.
      const auto checked = projectR(*g, role);
      ASSERT_TRUE(checked.has_value()) << name << "/" << role;
      EXPECT_TRUE(**checked == *got);
    }
    const auto roles = globalRoles(*g);
    EXPECT_EQ(rolesSeen, std::set<Role>(roles.begin(), roles.end())) << name;
  }
  EXPECT_EQ(roleFiles, 25u);
}

// ---- trans details ---------------------------------------------------------------------

TEST(Trans, UninvolvedRoleProjectsToEnd) {
  EXPECT_TRUE(*trans(*gMsg("A", "B", "m", gEnd()), "Z") == *rEnd());
  EXPECT_TRUE(*trans(*gComm("A", "B", {}), "Z") == *rEnd());
}

TEST(Trans, MuCollapsesToEndWhenTheProjectedBodyIsUnguarded) {
  const auto g = gMu("t", gMsg("A", "B", "m", gVar("t")));
  EXPECT_TRUE(*trans(*g, "A") == *rMu("t", rSend("B", {br("m", rVar("t"))})));
  EXPECT_TRUE(*trans(*g, "C") == *rEnd());  // C's body is `var t`
}

TEST(Trans, NonParticipantFollowsTheFirstBranchOnly) {
  const auto g = gComm("A", "B", {{lbl("x"), gMsg("C", "D", "d1", gEnd())}, {lbl("y"), gMsg("D", "C", "d2", gEnd())}});
  EXPECT_TRUE(*trans(*g, "C") == *rSend("D", {br("d1", rEnd())}));
}

TEST(Trans, DelegateCarriesTheChannelType) {
  const auto g = GlobalType::delegate("P", "Q", 4, "R", gMsg("Q", "S", "m", gEnd()));
  const BranchR pb{lbl("_delegate"), ValType::chanOf(4, "R"), rEnd()};
  const BranchR qb{lbl("_delegate"), ValType::chanOf(4, "R"), rSend("S", {br("m", rEnd())})};
  EXPECT_TRUE(*trans(*g, "P") == *rSend("Q", {pb}));
  EXPECT_TRUE(*trans(*g, "Q") == *rRecv("P", {qb}));
  EXPECT_TRUE(*trans(*g, "S") == *rRecv("Q", {br("m", rEnd())}));
  for (const Role& r : {"P", "Q", "S"}) EXPECT_TRUE(projectR(*g, r).has_value()) << r;
}

// ---- projectb rejections (F D6) ----------------------------------------------------------

TEST(Projectb, RejectsNonMergeableThirdParty) {
  // C's behaviour depends on A's choice, which C never learns: no merging, so rejected.
  const auto g = gComm("A", "B", {{lbl("x"), gMsg("C", "D", "d1", gEnd())}, {lbl("y"), gMsg("C", "D", "d2", gEnd())}});
  EXPECT_FALSE(projectR(*g, "C").has_value());
  EXPECT_FALSE(projectR(*g, "D").has_value());
  EXPECT_FALSE(projectb(*g, "C", *trans(*g, "C")));
  EXPECT_TRUE(projectR(*g, "A").has_value());
  EXPECT_TRUE(projectR(*g, "B").has_value());
}

TEST(Projectb, RejectsUnguardedRecursionOfAThirdParty) {
  // C projects `mu t. var t` (first branch) to end, but the `stop` branch ends at once.
  const auto g = gMu("t", gComm("A", "B", {{lbl("again"), gVar("t")}, {lbl("stop"), gEnd()}}));
  EXPECT_TRUE(*trans(*g, "C") == *rEnd());
  EXPECT_FALSE(projectR(*g, "C").has_value());
  EXPECT_TRUE(projectR(*g, "A").has_value());
}

TEST(Projectb, MuCandidateMustBeGuardedAndEndOnlyWhereTransCollapses) {
  const auto selfLoop = gMu("t", gVar("t"));
  EXPECT_FALSE(projectb(*selfLoop, "A", *rMu("t", rVar("t"))));  // unguarded candidate
  EXPECT_TRUE(projectb(*selfLoop, "A", *rEnd()));                 // trans collapses it
  const auto loop = gMu("t", gMsg("A", "B", "m", gVar("t")));
  EXPECT_FALSE(projectb(*loop, "A", *rEnd()));                     // guarded: end is wrong
  EXPECT_FALSE(projectb(*loop, "A", *rMu("s", rSend("B", {br("m", rVar("s"))}))));  // other name
  EXPECT_FALSE(projectb(*loop, "A", *rSend("B", {br("m", rVar("t"))})));  // mu required
}

TEST(Projectb, ParticipantBranchesMustMatchExactly) {
  PayloadSort nat;
  nat.kind = PayloadSort::Kind::Nat;
  const auto g = gComm("A", "B", {{lbl("x"), gEnd()}, {lbl("y"), gEnd()}});
  EXPECT_TRUE(projectb(*g, "A", *rSend("B", {br("x", rEnd()), br("y", rEnd())})));
  EXPECT_FALSE(projectb(*g, "A", *rSend("B", {br("x", rEnd())})));                           // count
  EXPECT_FALSE(projectb(*g, "A", *rSend("B", {br("y", rEnd()), br("x", rEnd())})));          // order
  EXPECT_FALSE(projectb(*g, "A", *rSend("C", {br("x", rEnd()), br("y", rEnd())})));          // partner
  EXPECT_FALSE(projectb(*g, "A", *rRecv("B", {br("x", rEnd()), br("y", rEnd())})));          // direction
  EXPECT_FALSE(projectb(*g, "A", *rSend("B", {{lbl("x", nat), std::nullopt, rEnd()}, br("y", rEnd())})));  // sort
  EXPECT_FALSE(projectb(*g, "A", *rSend("B", {brT("x", ValType::nat(), rEnd()), br("y", rEnd())})));      // payload
  EXPECT_FALSE(projectb(*g, "B", *rRecv("A", {br("x", rEnd()), br("y", rSend("A", {br("z", rEnd())}))})));
}

TEST(Projectb, DelegateRequiresTheExactChannelPayload) {
  const auto g = GlobalType::delegate("P", "Q", 4, "R", gEnd());
  EXPECT_TRUE(projectb(*g, "P", *rSend("Q", {{lbl("_delegate"), ValType::chanOf(4, "R"), rEnd()}})));
  EXPECT_FALSE(projectb(*g, "P", *rSend("Q", {{lbl("_delegate"), ValType::chanOf(5, "R"), rEnd()}})));
  EXPECT_FALSE(projectb(*g, "P", *rSend("Q", {{lbl("_delegate"), std::nullopt, rEnd()}})));
  EXPECT_FALSE(projectb(*g, "P", *rSend("Q", {{lbl("other"), ValType::chanOf(4, "R"), rEnd()}})));
  EXPECT_FALSE(projectb(*g, "Q", *rRecv("Z", {{lbl("_delegate"), ValType::chanOf(4, "R"), rEnd()}})));
  EXPECT_TRUE(projectb(*g, "X", *rEnd()));
}

}  // namespace
}  // namespace tt
