// The scenario format: round trips of every image kind, every validation error with its
// path and message, caps checked before work, and what is deliberately NOT rejected.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "json_test_util.hpp"
#include "type_builders.hpp"

namespace tt {
namespace {

using namespace tt::test;

Scenario load(std::string_view text) { return json::loadScenarioText(text); }

// A scenario around one image (and optional extra top-level text such as a config).
std::string withImage(const std::string& image, const std::string& extra = "") {
  return R"({"format":"ttconf.scenario/1",)" + extra + R"("images":[)" + image + "]}";
}

const char* kPingPong = R"({"global_type":{"kind":"comm","sender":"A","receiver":"B","branches":[
    {"label":{"name":"ping","sort":"unit"},"continuation":{"kind":"end"}}]}})";

Scenario everyImageKind() {
  Scenario s;
  s.name = "all kinds";
  s.description = "one image of each kind";
  s.config.lanes = {LaneMode::ByCoroutine, 2};
  ImageSpec g;
  g.kind = ImageSpec::Kind::GlobalType;
  g.globalType = gMu("t", gMsg("A", "B", "tick", gVar("t")));
  g.roles = {"B", "A"};
  ImageSpec l;
  l.kind = ImageSpec::Kind::LocalTypes;
  l.localTypes = {{"B", rRecv("A", {brT("v", ValType::nat(), rEnd())})}, {"A", rSend("B", {brT("v", ValType::nat(), rEnd())})}};
  ImageSpec p;
  p.kind = ImageSpec::Kind::Programs;
  p.localTypes = {{"A", rSend("B", {br("m", rEnd())})}, {"B", rRecv("A", {br("m", rEnd())})}};
  p.programs = {{"A", {instr::Set{1, Value::ofNat(3)}, instr::Send{0, 1}, instr::Halt{}}},
                {"B", {instr::Receive{0, 1}, instr::Jump{99}}}};
  s.images = {g, l, p};
  TimedFailure f;
  f.tick = 3;
  f.failure.kind = Failure::Kind::Partition;
  f.failure.edges = {{0, "A", "B"}};
  s.faults = {f};
  s.run.fuel = 50;
  s.run.concurrency = {1, 2};
  s.run.workers = 2;
  s.run.invalidCertificateRounds = {2};
  return s;
}

void expectSameScenario(const Scenario& a, const Scenario& b) {
  // Scenario has no operator== (types are shared trees); compare the canonical JSON.
  EXPECT_EQ(json::canonical(json::scenarioToJson(a)), json::canonical(json::scenarioToJson(b)));
}

TEST(JsonScenario, EveryImageKindRoundTrips) {
  const Scenario s = everyImageKind();
  const auto j = json::scenarioToJson(s);
  const Scenario back = json::scenarioFromJson(j);
  expectSameScenario(s, back);
  ASSERT_EQ(back.images.size(), 3u);
  EXPECT_EQ(back.images[0].kind, ImageSpec::Kind::GlobalType);
  EXPECT_EQ(back.images[0].roles, (std::vector<Role>{"B", "A"}));
  EXPECT_EQ(back.images[1].kind, ImageSpec::Kind::LocalTypes);
  EXPECT_EQ(back.images[1].localTypes[0].first, "B");  // order as given
  EXPECT_TRUE(back.images[1].localTypes[0].second->branches[0].payload == ValType::nat());
  EXPECT_EQ(back.images[2].kind, ImageSpec::Kind::Programs);
  EXPECT_EQ(back.images[2].programs[1].second, (Bytecode{instr::Receive{0, 1}, instr::Jump{99}}));
  EXPECT_EQ(back.faults, s.faults);
  EXPECT_EQ(back.run.concurrency, (std::vector<std::uint64_t>{1, 2}));
  EXPECT_EQ(back.run.invalidCertificateRounds, (std::vector<std::uint64_t>{2}));
  EXPECT_EQ(back.config, s.config);
}

TEST(JsonScenario, MinimalScenarioTakesEveryDefault) {
  const Scenario s = load(withImage(kPingPong));
  EXPECT_EQ(s.name, "");
  EXPECT_EQ(s.config, VMConfig{});
  EXPECT_EQ(s.images[0].roles, (std::vector<Role>{"A", "B"}));  // globalRoles, in order
  EXPECT_TRUE(s.faults.empty());
  EXPECT_EQ(s.run.fuel, 1000u);
  EXPECT_EQ(s.run.concurrency, (std::vector<std::uint64_t>{1}));
}

TEST(JsonScenario, FormatIsRequiredAndChecked) {
  EXPECT_TRUE(failsWith([] { load(R"({"images":[]})"); }, "", "missing field \"format\" (expected \"ttconf.scenario/1\")"));
  EXPECT_TRUE(failsWith([] { load(R"({"format":"ttconf.scenario/2","images":[]})"); }, "format",
                        "unsupported format \"ttconf.scenario/2\" (expected \"ttconf.scenario/1\")"));
  EXPECT_TRUE(failsWith([] { load(R"([])"); }, "", "expected an object, got array"));
}

TEST(JsonScenario, UnknownFieldsAreRejected) {
  EXPECT_TRUE(failsWith([] { load(R"({"format":"ttconf.scenario/1","images":[],"fule":3})"); }, "fule", "unknown field"));
  EXPECT_TRUE(failsWith([] { load(withImage(R"({"local_types":{"A":{"kind":"end"}},"role":["A"]})")); }, "images[0].role",
                        "unknown field"));
  EXPECT_TRUE(failsWith([] { load(withImage(kPingPong, R"("run":{"fuel":1,"seed":2},)")); }, "run.seed", "unknown field"));
  EXPECT_TRUE(failsWith([] { load(withImage(kPingPong, R"("config":{"foo":1},)")); }, "config.foo", "unknown field"));
  EXPECT_TRUE(failsWith([] { load(withImage(kPingPong, R"("faults":[{"tick":1,"kind":"heal","edges":[],"x":0}],)")); },
                        "faults[0].x", "unknown field"));
}

TEST(JsonScenario, WrongTypesNameThePath) {
  EXPECT_TRUE(failsWith([] { load(withImage(kPingPong, R"("config":{"buffer":{"initial_capacity":"16"}},)")); },
                        "config.buffer.initial_capacity", "expected a non-negative integer, got string"));
  EXPECT_TRUE(failsWith([] { load(R"({"format":"ttconf.scenario/1","images":{}})"); }, "images", "expected an array, got object"));
  EXPECT_TRUE(failsWith([] { load(withImage(R"({"programs":{"A":{}},"local_types":{"A":{"kind":"end"}}})")); },
                        "images[0].programs.A", "expected an array, got object"));
}

TEST(JsonScenario, UnknownInstructionNamesItsPath) {
  const std::string img = R"({"programs":{"A":["Yield","Yield","Yield",{"Sned":{"chan":0,"val":1}}]},
      "local_types":{"A":{"kind":"end"}}})";
  EXPECT_TRUE(failsWith([&] { load(withImage(img)); }, "images[0].programs.A[3]", "unknown instruction \"Sned\""));
}

TEST(JsonScenario, ImageKindsAreExclusiveAndComplete) {
  EXPECT_TRUE(failsWith([] { load(withImage("{}")); }, "images[0]",
                        "an image needs \"global_type\", \"local_types\" or \"programs\" (with \"local_types\")"));
  EXPECT_TRUE(failsWith([] { load(withImage(R"({"programs":{"A":[]}})")); }, "images[0]",
                        "an image with \"programs\" also needs \"local_types\" (one per role)"));
  EXPECT_TRUE(failsWith([] { load(withImage(R"({"global_type":{"kind":"end"},"local_types":{}})")); }, "images[0]",
                        "an image has \"global_type\", or \"local_types\", or \"programs\" with \"local_types\"; not both kinds"));
  EXPECT_TRUE(failsWith([] { load(withImage(R"({"local_types":{"A":{"kind":"end"}},"roles":["A"]})")); }, "images[0].roles",
                        "\"roles\" belongs to a global_type image only"));
  EXPECT_TRUE(failsWith([] { load(withImage(R"({"programs":{"A":[]},"local_types":{"B":{"kind":"end"}}})")); },
                        "images[0].programs.A", "role \"A\" has a program but no local type"));
  EXPECT_TRUE(failsWith([] { load(withImage(R"({"programs":{"A":[]},"local_types":{"A":{"kind":"end"},"B":{"kind":"end"}}})")); },
                        "images[0].local_types.B", "role \"B\" has a local type but no program"));
}

TEST(JsonScenario, DuplicateRolesAreRejected) {
  EXPECT_TRUE(failsWith([] { load(withImage(R"({"local_types":{"A":{"kind":"end"},"A":{"kind":"end"}}})")); },
                        "images[0].local_types", "duplicate key \"A\" (line 1, column 78 of scenario)"));
  EXPECT_TRUE(failsWith([] { load(withImage(R"({"programs":{"A":[],"A":[]},"local_types":{"A":{"kind":"end"}}})")); },
                        "images[0].programs", "duplicate key \"A\" (line 1, column 63 of scenario)"));
  const std::string img = std::string(R"({"global_type":)") + R"({"kind":"comm","sender":"A","receiver":"B","branches":[]})" +
                          R"(,"roles":["A","B","A"]})";
  EXPECT_TRUE(failsWith([&] { load(withImage(img)); }, "images[0].roles[2]", "duplicate role \"A\""));
}

TEST(JsonScenario, RolesOfAGlobalTypeImageMustBeItsParticipants) {
  const std::string img = std::string(R"({"global_type":)") + R"({"kind":"comm","sender":"A","receiver":"B","branches":[]})" +
                          R"(,"roles":["A","C"]})";
  EXPECT_TRUE(failsWith([&] { load(withImage(img)); }, "images[0].roles[1]", "unknown role \"C\" (not in the global type)"));
  const std::string empty = R"({"global_type":{"kind":"end"},"roles":[]})";
  EXPECT_TRUE(failsWith([&] { load(withImage(empty)); }, "images[0].roles",
                        "roles must not be empty (omit \"roles\" to run every role of the global type)"));
  // A subset of the participants is fine (Lean runs the listed roles only).
  const std::string subset = std::string(R"({"global_type":)") + R"({"kind":"comm","sender":"A","receiver":"B","branches":[]})" +
                             R"(,"roles":["B"]})";
  EXPECT_EQ(load(withImage(subset)).images[0].roles, (std::vector<Role>{"B"}));
}

TEST(JsonScenario, UnboundRecursionVariablesAreRejected) {
  EXPECT_TRUE(failsWith([] { load(withImage(R"({"global_type":{"kind":"rec","var":"t","body":{"kind":"var","name":"s"}}})")); },
                        "images[0].global_type.body", "unbound recursion variable \"s\""));
  EXPECT_TRUE(failsWith([] { load(withImage(R"({"local_types":{"A":{"kind":"send","partner":"B","branches":[
      {"label":{"name":"m","sort":"unit"},"continuation":{"kind":"var","name":"t"}}]}}})")); },
                        "images[0].local_types.A.branches[0].continuation", "unbound recursion variable \"t\""));
  const std::string open = R"({"programs":{"A":[{"Open":{"roles":["X"],"local_types":[["X",{"kind":"mu","body":{"kind":"var","index":1}}]],
      "handlers":[],"dsts":[["X",2]]}}]},"local_types":{"A":{"kind":"end"}}})";
  EXPECT_TRUE(failsWith([&] { load(withImage(open)); }, "images[0].programs.A[0].Open.local_types[0][1].body",
                        "unbound recursion variable: index 1 under 1 enclosing mu"));
  // A variable bound by an outer binder is fine, and an inner binder of the same name shadows.
  EXPECT_NO_THROW(load(withImage(R"({"global_type":{"kind":"rec","var":"t","body":{"kind":"rec","var":"s","body":{"kind":"var","name":"t"}}}})")));
}

TEST(JsonScenario, ConcurrencyZeroIsRejected) {
  EXPECT_TRUE(failsWith([] { load(withImage(kPingPong, R"("run":{"concurrency":[1,0]},)")); }, "run.concurrency[1]",
                        "concurrency 0 is not a run (n must be at least 1)"));
  EXPECT_TRUE(failsWith([] { load(withImage(kPingPong, R"("run":{"concurrency":[]},)")); }, "run.concurrency",
                        "list at least one concurrency"));
  EXPECT_TRUE(failsWith([] { load(withImage(kPingPong, R"("run":{"workers":0},)")); }, "run.workers", "at least 1 worker is needed"));
}

TEST(JsonScenario, FaultTicksStartAtOne) {
  EXPECT_TRUE(failsWith([] { load(withImage(kPingPong, R"("faults":[{"tick":0,"kind":"siteCrash","site":1}],)")); }, "faults[0].tick",
                        "tick 0 is never reached: faults apply at the start of rounds 1, 2, ..."));
  EXPECT_TRUE(failsWith([] { load(withImage(kPingPong, R"("faults":[{"kind":"siteCrash","site":1}],)")); }, "faults[0]",
                        "missing field \"tick\""));
  // Edges naming roles or sessions that do not exist are allowed: Lean records them.
  const Scenario s = load(withImage(kPingPong, R"("faults":[{"tick":9,"kind":"partition","edges":[{"sid":5,"sender":"X","receiver":"Y"}]}],)"));
  EXPECT_EQ(s.faults[0].failure.edges[0].sender, "X");
}

// --- caps (config.limits), each checked before the oversize part is decoded ---

TEST(JsonScenario, CapOnImages) {
  EXPECT_TRUE(failsWith([] { load(R"({"format":"ttconf.scenario/1","config":{"limits":{"max_images":1}},"images":[1,2]})"); }, "images",
                        "2 elements exceed the cap 1 (max_images, config.limits)"));
}

TEST(JsonScenario, CapOnRoles) {
  const std::string cfg = R"("config":{"limits":{"max_roles":1}},)";
  EXPECT_TRUE(failsWith([&] { load(withImage(kPingPong, cfg)); }, "images[0].global_type",
                        "the global type has 2 roles, more than the cap 1 (max_roles, config.limits)"));
  EXPECT_TRUE(failsWith([&] { load(withImage(R"({"local_types":{"A":{"kind":"end"},"B":{"kind":"end"}}})", cfg)); },
                        "images[0].local_types", "2 roles exceed the cap 1 (max_roles, config.limits)"));
  const std::string listed = std::string(R"({"global_type":)") + R"({"kind":"comm","sender":"A","receiver":"B","branches":[]})" +
                             R"(,"roles":["A","B"]})";
  EXPECT_TRUE(failsWith([&] { load(withImage(listed, cfg)); }, "images[0].roles",
                        "2 elements exceed the cap 1 (max_roles, config.limits)"));
}

TEST(JsonScenario, CapOnRegistersButNotOnRegistersACoroutineLacks) {
  const std::string cfg = R"("config":{"limits":{"max_register_index":20}},)";
  const std::string ok = R"({"programs":{"A":[{"Move":{"dst":20,"src":9}}]},"local_types":{"A":{"kind":"end"}}})";
  const Scenario s = load(withImage(ok, cfg));  // 9 and 20 exceed the 8 registers but not the cap
  EXPECT_EQ(s.images[0].programs[0].second[0], (Instr{instr::Move{20, 9}}));
  const std::string bad = R"({"programs":{"A":[{"Move":{"dst":21,"src":0}}]},"local_types":{"A":{"kind":"end"}}})";
  EXPECT_TRUE(failsWith([&] { load(withImage(bad, cfg)); }, "images[0].programs.A[0].Move.dst",
                        "register 21 exceeds the cap 20 (max_register_index, config.limits)"));
  // The default cap is 255.
  const std::string def = R"({"programs":{"A":[{"Send":{"chan":256,"val":0}}]},"local_types":{"A":{"kind":"end"}}})";
  EXPECT_TRUE(failsWith([&] { load(withImage(def)); }, "images[0].programs.A[0].Send.chan",
                        "register 256 exceeds the cap 255 (max_register_index, config.limits)"));
}

TEST(JsonScenario, CapOnProgramLengthCountsEveryRoleBeforeDecoding) {
  const std::string cfg = R"("config":{"limits":{"max_program_length":3}},)";
  // The bad instruction is never reached: the length is checked first.
  const std::string img = R"({"programs":{"A":["Halt","Halt"],"B":["Bogus","Halt"]},
      "local_types":{"A":{"kind":"end"},"B":{"kind":"end"}}})";
  EXPECT_TRUE(failsWith([&] { load(withImage(img, cfg)); }, "images[0].programs",
                        "the programs have more than 3 instructions in all (max_program_length, config.limits)"));
}

TEST(JsonScenario, JumpsPastTheEndAndUnknownLabelsLoad) {
  const std::string img = R"({"programs":{"A":[{"Jump":{"target":1000}},{"Offer":{"chan":0,"label":"not-in-the-type"}},
      {"Choose":{"chan":0,"table":[["x",5000],["x",1]]}}]},"local_types":{"A":{"kind":"end"}}})";
  const Scenario s = load(withImage(img));
  EXPECT_EQ(s.images[0].programs[0].second.size(), 3u);
}

TEST(JsonScenario, CapOnTypeSizeAndDepth) {
  const std::string deep = R"({"global_type":{"kind":"rec","var":"t","body":{"kind":"rec","var":"s","body":{"kind":"end"}}}})";
  EXPECT_TRUE(failsWith([&] { load(withImage(deep, R"("config":{"limits":{"max_type_depth":2}},)")); },
                        "images[0].global_type.body.body", "type is nested deeper than 2 (max_type_depth, config.limits)"));
  EXPECT_NO_THROW(load(withImage(deep, R"("config":{"limits":{"max_type_depth":3}},)")));
  // comm + 2 x (label sort + continuation) = 5 nodes.
  const std::string wide = R"({"global_type":{"kind":"comm","sender":"A","receiver":"B","branches":[
      {"label":{"name":"a","sort":"unit"},"continuation":{"kind":"end"}},
      {"label":{"name":"b","sort":"unit"},"continuation":{"kind":"end"}}]}})";
  EXPECT_NO_THROW(load(withImage(wide, R"("config":{"limits":{"max_type_size":5}},)")));
  EXPECT_TRUE(failsWith([&] { load(withImage(wide, R"("config":{"limits":{"max_type_size":4}},)")); },
                        "images[0].global_type.branches[1].continuation", "type has more than 4 nodes (max_type_size, config.limits)"));
}

TEST(JsonScenario, CapOnImmediateValues) {
  const std::string img = R"({"programs":{"A":[{"Set":{"dst":1,"val":{"Prod":[{"Nat":1},{"Nat":2}]}}}]},
      "local_types":{"A":{"kind":"end"}}})";
  EXPECT_NO_THROW(load(withImage(img, R"("config":{"limits":{"max_value_size":3}},)")));
  EXPECT_TRUE(failsWith([&] { load(withImage(img, R"("config":{"limits":{"max_value_size":2}},)")); },
                        "images[0].programs.A[0].Set.val.Prod[1]", "value has more than 2 nodes (max_value_size, config.limits)"));
}

TEST(JsonScenario, CapOnFuelFaultsAndConcurrency) {
  EXPECT_TRUE(failsWith([] { load(withImage(kPingPong, R"("run":{"fuel":10000001},)")); }, "run.fuel",
                        "10000001 exceeds the cap 10000000 (max_fuel, config.limits)"));
  EXPECT_TRUE(failsWith([] { load(withImage(kPingPong, R"("config":{"limits":{"max_faults":1}},"faults":[1,2],)")); }, "faults",
                        "2 elements exceed the cap 1 (max_faults, config.limits)"));
  EXPECT_TRUE(failsWith([] { load(withImage(kPingPong, R"("run":{"concurrency":[65]},)")); }, "run.concurrency[0]",
                        "65 exceeds the cap 64 (max_concurrency, config.limits)"));
}

TEST(JsonScenario, LoadScenarioFileReportsUnreadableFiles) {
  EXPECT_TRUE(failsWith([] { json::loadScenarioFile("/nonexistent/x.json"); }, "/nonexistent/x.json",
                        "cannot read the scenario: no such file"));
  const auto dir = std::filesystem::temp_directory_path();
  EXPECT_TRUE(failsWith([&] { json::loadScenarioFile(dir.string()); }, dir.string(), "cannot read the scenario: not a regular file"));
  const auto file = dir / "tt_core_json_bad_scenario.json";
  {
    std::ofstream out(file);
    out << "{\n\"format\": ";
  }
  EXPECT_TRUE(failsWith([&] { json::loadScenarioFile(file.string()); }, "",
                        "invalid JSON: incomplete JSON at line 2, column 11 of " + file.string()));
  {
    std::ofstream out(file);
    out << json::canonical(json::scenarioToJson(everyImageKind()));
  }
  expectSameScenario(json::loadScenarioFile(file.string()), everyImageKind());
  std::filesystem::remove(file);
}

}  // namespace
}  // namespace tt
