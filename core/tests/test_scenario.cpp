// buildImage for the three image kinds (A §4.3, F D6/D7): projection per listed role,
// relocation per config, and explicit programs laid out as given and never relocated.
#include <gtest/gtest.h>

#include "bytecode_text.hpp"
#include "tt/core/scenario.hpp"
#include "type_builders.hpp"

namespace tt {
namespace {

using namespace tt::test;

VMConfig configWithRelocation(bool on) {
  VMConfig c;
  c.repairs.set(Repair::LoadPcRelocation, on);
  return c;
}

// mu t. A -> B : tick . t
GlobalTypePtr tickLoop() { return gMu("t", gMsg("A", "B", "tick", gVar("t"))); }

TEST(BuildImage, GlobalTypeProjectsGlobalRolesByDefault) {
  ImageSpec spec;
  spec.kind = ImageSpec::Kind::GlobalType;
  spec.globalType = tickLoop();
  const CodeImage img = buildImage(spec, configWithRelocation(true));
  EXPECT_EQ(codeText(img.program.code), "send 0 1; invoke; jump 0; receive 0 1; invoke; jump 3");
  EXPECT_EQ(img.program.entryPoints, (std::vector<std::pair<Role, PC>>{{"A", 0}, {"B", 3}}));
  ASSERT_TRUE(img.globalType.has_value());
  EXPECT_TRUE(**img.globalType == *spec.globalType);
  ASSERT_EQ(img.program.localTypesR.size(), 2u);
  EXPECT_TRUE(*img.program.localTypesR[1].second == *rMu("t", rRecv("A", {br("tick", rVar("t"))})));
  EXPECT_TRUE(*img.program.localTypes[1].second == *dMu(dBranch("A", {{"tick", dVar(0)}})));
}

TEST(BuildImage, GlobalTypeWithoutTheRelocationRepairIsLeanLiteral) {
  ImageSpec spec;
  spec.kind = ImageSpec::Kind::GlobalType;
  spec.globalType = tickLoop();
  const CodeImage img = buildImage(spec, configWithRelocation(false));
  EXPECT_EQ(codeText(img.program.code), "send 0 1; invoke; jump 0; receive 0 1; invoke; jump 0");
}

TEST(BuildImage, GlobalTypeProjectsEveryListedRoleEvenAnAbsentOne) {
  ImageSpec spec;
  spec.kind = ImageSpec::Kind::GlobalType;
  spec.globalType = gMsg("A", "B", "m", gEnd());
  spec.roles = {"Z", "A"};  // B is not listed, Z takes no part
  const CodeImage img = buildImage(spec, VMConfig{});
  EXPECT_EQ(img.program.entryPoints, (std::vector<std::pair<Role, PC>>{{"A", 0}, {"Z", 3}}));
  EXPECT_EQ(codeText(img.program.code), "send 0 1; invoke; halt; halt");
  EXPECT_TRUE(*img.program.localTypesR[1].second == *rEnd());
}

TEST(BuildImage, LocalTypesCompileWithoutGlobalType) {
  ImageSpec spec;
  spec.kind = ImageSpec::Kind::LocalTypes;
  spec.localTypes = {{"B", rMu("t", rRecv("A", {br("tick", rVar("t"))}))},
                     {"A", rMu("t", rSend("B", {brT("tick", ValType::nat(), rVar("t"))}))}};
  const CodeImage on = buildImage(spec, configWithRelocation(true));
  EXPECT_FALSE(on.globalType.has_value());
  EXPECT_EQ(codeText(on.program.code), "send 0 1; invoke; jump 0; receive 0 1; invoke; jump 3");
  EXPECT_TRUE(*on.program.localTypes[0].second == *dMu(dSend("B", ValType::nat(), dVar(0))));
  const CodeImage off = buildImage(spec, configWithRelocation(false));
  EXPECT_EQ(codeText(off.program.code), "send 0 1; invoke; jump 0; receive 0 1; invoke; jump 0");
}

TEST(BuildImage, ProgramsAreConcatenatedInRoleOrderAndNeverRelocated) {
  ImageSpec spec;
  spec.kind = ImageSpec::Kind::Programs;
  // Absolute pcs: B's loop starts at 3 once A's three instructions precede it.
  spec.programs = {{"B", {instr::Receive{0, 1}, instr::Invoke{}, instr::Jump{3}}},
                   {"A", {instr::Send{0, 1}, instr::Invoke{}, instr::Jump{0}}}};
  spec.localTypes = {{"B", rMu("t", rRecv("A", {br("tick", rVar("t"))}))},
                     {"A", rMu("t", rSend("B", {br("tick", rVar("t"))}))}};
  for (bool relocate : {false, true}) {
    const CodeImage img = buildImage(spec, configWithRelocation(relocate));
    EXPECT_EQ(codeText(img.program.code), "send 0 1; invoke; jump 0; receive 0 1; invoke; jump 3");
    EXPECT_EQ(img.program.entryPoints, (std::vector<std::pair<Role, PC>>{{"A", 0}, {"B", 3}}));
    EXPECT_FALSE(img.globalType.has_value());
    ASSERT_EQ(img.program.localTypes.size(), 2u);
    EXPECT_EQ(img.program.localTypes[0].first, "A");
    EXPECT_TRUE(*img.program.localTypes[0].second == *dMu(dSelect("B", {{"tick", dVar(0)}})));
    EXPECT_EQ(img.program.localTypesR[1].first, "B");
    const std::vector<std::pair<Role, std::vector<Role>>> footprints = {{"A", {"B"}}, {"B", {"A"}}};
    EXPECT_EQ(img.program.metadata.footprintSummary, footprints);
  }
}

TEST(BuildImage, ProgramsWithoutLocalTypesHaveAnEmptyFootprintSummary) {
  ImageSpec spec;
  spec.kind = ImageSpec::Kind::Programs;
  spec.programs = {{"A", {instr::Halt{}}}};
  const CodeImage img = buildImage(spec, VMConfig{});
  EXPECT_EQ(codeText(img.program.code), "halt");
  EXPECT_TRUE(img.program.localTypes.empty());
  EXPECT_TRUE(img.program.metadata.footprintSummary.empty());
}

}  // namespace
}  // namespace tt
