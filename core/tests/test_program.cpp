// Images from local types (reference A §4.2): role sorting, concatenation, the relocation
// bug and its repair (A §10.2), converted types, footprints and the source hash.
#include <gtest/gtest.h>

#include "bytecode_text.hpp"
#include "tt/core/program.hpp"
#include "type_builders.hpp"

namespace tt {
namespace {

using namespace tt::test;

std::vector<Role> roleList(const std::vector<std::pair<Role, PC>>& entries) {
  std::vector<Role> out;
  for (const auto& e : entries) out.push_back(e.first);
  return out;
}

// ---- footprints --------------------------------------------------------------------------

TEST(Footprint, PartnersInFirstOccurrenceOrder) {
  EXPECT_TRUE(footprintOf(*rEnd()).empty());
  EXPECT_TRUE(footprintOf(*rVar("t")).empty());
  EXPECT_EQ(footprintOf(*rSend("B", {br("m", rEnd())})), (std::vector<Role>{"B"}));
  const auto t = rMu("t", rSend("B", {br("x", rRecv("C", {br("y", rSend("B", {br("z", rVar("t"))}))})),
                                      br("w", rSend("D", {br("v", rRecv("C", {br("u", rEnd())}))}))}));
  EXPECT_EQ(footprintOf(*t), (std::vector<Role>{"B", "C", "D"}));
}

// ---- codeImageFromLocalTypes -------------------------------------------------------------

TEST(CodeImage, TwoRoleImageConcatenatesInRoleOrder) {
  // A §10.2: {A: send "B" [msg], B: recv "A" [msg]}; given out of order on purpose.
  const auto a = rSend("B", {br("msg", rEnd())});
  const auto b = rRecv("A", {br("msg", rEnd())});
  const auto g = gMsg("A", "B", "msg", gEnd());
  const CodeImage img = codeImageFromLocalTypes({{"B", b}, {"A", a}}, g, /*relocate=*/false);
  EXPECT_EQ(codeText(img.program.code), "send 0 1; invoke; halt; receive 0 1; invoke; halt");
  EXPECT_EQ(img.program.entryPoints, (std::vector<std::pair<Role, PC>>{{"A", 0}, {"B", 3}}));
  ASSERT_TRUE(img.globalType.has_value());
  EXPECT_TRUE(**img.globalType == *g);
  // Types follow the sorted order: converted for the runtime, as given for localTypesR.
  ASSERT_EQ(img.program.localTypes.size(), 2u);
  EXPECT_EQ(img.program.localTypes[0].first, "A");
  EXPECT_TRUE(*img.program.localTypes[0].second == *dSelect("B", {{"msg", dEnd()}}));
  EXPECT_EQ(img.program.localTypes[1].first, "B");
  EXPECT_TRUE(*img.program.localTypes[1].second == *dBranch("A", {{"msg", dEnd()}}));
  ASSERT_EQ(img.program.localTypesR.size(), 2u);
  EXPECT_EQ(img.program.localTypesR[0].second, a);
  EXPECT_EQ(img.program.localTypesR[1].second, b);
  const std::vector<std::pair<Role, std::vector<Role>>> footprints = {{"A", {"B"}}, {"B", {"A"}}};
  EXPECT_EQ(img.program.metadata.footprintSummary, footprints);
  EXPECT_EQ(img.program.metadata.name, "");
  EXPECT_EQ(img.program.metadata.version, 0u);
}

TEST(CodeImage, RelocationBugCase1LoopJumpsIntoTheFirstRole) {
  const auto a = rMu("t", rSend("B", {br("tick", rVar("t"))}));
  const auto b = rMu("t", rRecv("A", {br("tick", rVar("t"))}));
  const CodeImage literal = codeImageFromLocalTypes({{"A", a}, {"B", b}}, std::nullopt, /*relocate=*/false);
  EXPECT_EQ(codeText(literal.program.code), "send 0 1; invoke; jump 0; receive 0 1; invoke; jump 0");
  EXPECT_EQ(literal.program.entryPoints, (std::vector<std::pair<Role, PC>>{{"A", 0}, {"B", 3}}));
  const CodeImage repaired = codeImageFromLocalTypes({{"A", a}, {"B", b}}, std::nullopt, /*relocate=*/true);
  EXPECT_EQ(codeText(repaired.program.code), "send 0 1; invoke; jump 0; receive 0 1; invoke; jump 3");
  EXPECT_EQ(repaired.program.entryPoints, literal.program.entryPoints);
}

TEST(CodeImage, RelocationBugCase2ChooseTablePointsIntoTheFirstRole) {
  const auto a = rSend("B", {br("yes", rEnd()), br("no", rEnd())});
  const auto b = rRecv("A", {br("yes", rEnd()), br("no", rEnd())});
  const CodeImage literal = codeImageFromLocalTypes({{"A", a}, {"B", b}}, std::nullopt, /*relocate=*/false);
  EXPECT_EQ(codeText(literal.program.code), "offer 0 \"yes\"; halt; choose 0 [(\"yes\",1), (\"no\",2)]; halt; halt");
  EXPECT_EQ(literal.program.entryPoints, (std::vector<std::pair<Role, PC>>{{"A", 0}, {"B", 2}}));
  const CodeImage repaired = codeImageFromLocalTypes({{"A", a}, {"B", b}}, std::nullopt, /*relocate=*/true);
  EXPECT_EQ(codeText(repaired.program.code), "offer 0 \"yes\"; halt; choose 0 [(\"yes\",3), (\"no\",4)]; halt; halt");
}

TEST(CodeImage, RelocationShiftsEachRoleByItsOwnStartOnce) {
  const auto loop = [](Role p) { return rMu("t", rSend(std::move(p), {br("m", rVar("t"))})); };
  const CodeImage img = codeImageFromLocalTypes({{"C", loop("A")}, {"A", loop("B")}, {"B", loop("C")}}, std::nullopt, true);
  EXPECT_EQ(codeText(img.program.code),
            "send 0 1; invoke; jump 0; send 0 1; invoke; jump 3; send 0 1; invoke; jump 6");
  EXPECT_EQ(roleList(img.program.entryPoints), (std::vector<Role>{"A", "B", "C"}));
}

TEST(CodeImage, EqualRolesKeepLeanInsertionOrderLaterFirst) {
  const auto first = rSend("B", {br("first", rEnd())});
  const auto second = rSend("B", {br("second", rEnd())});
  const CodeImage img = codeImageFromLocalTypes({{"A", first}, {"A", second}}, std::nullopt, false);
  ASSERT_EQ(img.program.localTypesR.size(), 2u);
  EXPECT_EQ(img.program.localTypesR[0].second, second);
  EXPECT_EQ(img.program.localTypesR[1].second, first);
}

TEST(CodeImage, WithoutGlobalTypeHasNone) {
  const CodeImage img = codeImageFromLocalTypes({{"A", rEnd()}}, std::nullopt, false);
  EXPECT_FALSE(img.globalType.has_value());
  EXPECT_EQ(codeText(img.program.code), "halt");
}

TEST(CodeImage, SourceHashIsDeterministicAndSensitiveToContent) {
  const auto a = rSend("B", {br("msg", rEnd())});
  const auto b = rRecv("A", {br("msg", rEnd())});
  const auto g = gMsg("A", "B", "msg", gEnd());
  const auto h = [&](std::vector<std::pair<Role, LocalTypeRPtr>> es, std::optional<GlobalTypePtr> gt) {
    return codeImageFromLocalTypes(std::move(es), std::move(gt), false).program.metadata.sourceHash;
  };
  const std::uint64_t base = h({{"A", a}, {"B", b}}, g);
  EXPECT_EQ(base, h({{"B", b}, {"A", a}}, g));  // sorted before hashing
  EXPECT_NE(base, h({{"A", a}, {"B", b}}, std::nullopt));
  EXPECT_NE(base, h({{"A", a}, {"B", rRecv("A", {br("other", rEnd())})}}, g));
  EXPECT_NE(base, h({{"A", a}, {"C", b}}, g));
  EXPECT_NE(base, 0u);
}

}  // namespace
}  // namespace tt
