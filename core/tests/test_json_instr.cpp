// The 21 instructions in upstream's externally tagged encoding, extended per F D8.
#include <gtest/gtest.h>

#include "json_test_util.hpp"
#include "type_builders.hpp"

namespace tt {
namespace {

using namespace tt::test;

std::vector<Instr> everyInstr() {
  instr::Open open;
  open.roles = {"A", "B"};
  open.localTypes = {{"A", dSend("B", ValType::nat(), dEnd())}, {"B", dRecv("A", ValType::nat(), dEnd())}};
  open.handlers = {{std::nullopt, "A", "B", 0}, {SessionId{4}, "B", "A", 7}};
  open.dsts = {{"A", 2}, {"B", 3}};
  return {
      instr::Send{0, 1},
      instr::Receive{0, 1},
      instr::Offer{0, "yes"},
      instr::Choose{0, {{"yes", 1}, {"no", 2}}},
      instr::Acquire{"L", 2},
      instr::Release{"L", 2},
      instr::Invoke{},
      open,
      instr::Close{0},
      instr::Fork{3},
      instr::Join{},
      instr::Abort{},
      instr::Transfer{0, 2, 3},
      instr::Tag{2, 3},
      instr::Check{2, 4, 5},
      instr::Set{1, Value::prod(Value::ofChan({0, "A"}), Value::ofString("fact"))},
      instr::Move{1, 2},
      instr::Jump{17},
      instr::Spawn{7, {0, 1}},
      instr::Yield{},
      instr::Halt{},
  };
}

TEST(JsonInstr, EveryInstructionRoundTrips) {
  const auto all = everyInstr();
  ASSERT_EQ(all.size(), kOpcodeCount);
  for (std::size_t k = 0; k < all.size(); ++k) {
    ASSERT_EQ(static_cast<std::size_t>(opcodeOf(all[k])), k);
    const auto j = json::instrToJson(all[k]);
    EXPECT_TRUE(json::instrFromJson(j, "i") == all[k]) << json::canonical(j);
  }
}

TEST(JsonInstr, UpstreamEncoding) {
  const auto text = [](const Instr& i) { return json::canonical(json::instrToJson(i)); };
  EXPECT_EQ(text(instr::Send{0, 1}), R"({"Send":{"chan":0,"val":1}})");
  EXPECT_EQ(text(instr::Receive{0, 1}), R"({"Receive":{"chan":0,"dst":1}})");
  EXPECT_EQ(text(instr::Offer{0, "yes"}), R"({"Offer":{"chan":0,"label":"yes"}})");
  EXPECT_EQ(text(instr::Choose{0, {{"yes", 1}, {"no", 2}}}), R"({"Choose":{"chan":0,"table":[["yes",1],["no",2]]}})");
  EXPECT_EQ(text(instr::Acquire{"L", 2}), R"({"Acquire":{"dst":2,"layer":"L"}})");
  EXPECT_EQ(text(instr::Release{"L", 2}), R"({"Release":{"evidence":2,"layer":"L"}})");
  EXPECT_EQ(text(instr::Invoke{}), R"({"Invoke":{"action":"runtime.step"}})");
  EXPECT_EQ(text(instr::Close{0}), R"({"Close":{"session":0}})");
  EXPECT_EQ(text(instr::Fork{3}), R"({"Fork":{"ghost":3}})");
  EXPECT_EQ(text(instr::Join{}), R"("Join")");
  EXPECT_EQ(text(instr::Abort{}), R"("Abort")");
  EXPECT_EQ(text(instr::Transfer{0, 2, 3}), R"({"Transfer":{"bundle":3,"endpoint":0,"target":2}})");
  EXPECT_EQ(text(instr::Tag{2, 3}), R"({"Tag":{"dst":3,"fact":2}})");
  EXPECT_EQ(text(instr::Check{2, 4, 5}), R"({"Check":{"dst":5,"knowledge":2,"target":4}})");
  EXPECT_EQ(text(instr::Set{1, Value::ofNat(5)}), R"({"Set":{"dst":1,"val":{"Nat":5}}})");
  EXPECT_EQ(text(instr::Move{1, 2}), R"({"Move":{"dst":1,"src":2}})");
  EXPECT_EQ(text(instr::Jump{0}), R"({"Jump":{"target":0}})");
  EXPECT_EQ(text(instr::Spawn{7, {0, 1}}), R"({"Spawn":{"args":[0,1],"target":7}})");
  EXPECT_EQ(text(instr::Yield{}), R"("Yield")");
  EXPECT_EQ(text(instr::Halt{}), R"("Halt")");
}

TEST(JsonInstr, OpenCarriesSidPlaceholderDeBruijnTypesAndRegisters) {
  const auto j = json::instrToJson(everyInstr()[7]);
  EXPECT_EQ(json::canonical(j),
            R"({"Open":{"dsts":[["A",2],["B",3]],)"
            R"("handlers":[{"handler":0,"receiver":"B","sender":"A","sid":null},{"handler":7,"receiver":"A","sender":"B","sid":4}],)"
            R"("local_types":[["A",{"cont":{"kind":"end"},"kind":"send","partner":"B","type":"nat"}],)"
            R"(["B",{"cont":{"kind":"end"},"kind":"recv","partner":"A","type":"nat"}]],"roles":["A","B"]}})");
  // A handler without "sid" is the placeholder too.
  const Instr i = json::instrFromJson(js(R"({"Open":{"roles":[],"local_types":[],"dsts":[],
      "handlers":[{"sender":"A","receiver":"A","handler":1}]}})"), "i");
  EXPECT_FALSE(std::get<instr::Open>(i).handlers.at(0).sid.has_value());
}

TEST(JsonInstr, InvokeAcceptsUpstreamsNullDst) {
  EXPECT_TRUE(json::instrFromJson(js(R"({"Invoke":{"action":"runtime.step","dst":null}})"), "i") == Instr{instr::Invoke{}});
  EXPECT_TRUE(failsWith([] { json::instrFromJson(js(R"({"Invoke":{"action":"runtime.step","dst":1}})"), "i"); },
                        "i.Invoke.dst", "expected null (the unit action writes no register), got integer"));
  EXPECT_TRUE(failsWith([] { json::instrFromJson(js(R"({"Invoke":{"action":"log"}})"), "i"); }, "i.Invoke.action",
                        "unknown action \"log\" (the unit model has only \"runtime.step\")"));
}

TEST(JsonInstr, UnknownInstructionNamesThePath) {
  EXPECT_TRUE(failsWith([] { json::instrFromJson(js(R"({"Sned":{"chan":0,"val":1}})"), "images[0].programs.A[3]"); },
                        "images[0].programs.A[3]", "unknown instruction \"Sned\""));
  EXPECT_TRUE(failsWith([] { json::instrFromJson(js(R"("halt")"), "p[0]"); }, "p[0]", "unknown instruction \"halt\""));
  EXPECT_TRUE(failsWith([] { json::instrFromJson(js("3"), "p[0]"); }, "p[0]",
                        "expected an instruction (a string or an object with one key), got integer"));
}

TEST(JsonInstr, OperandErrors) {
  EXPECT_TRUE(failsWith([] { json::instrFromJson(js(R"({"Halt":{}})"), "p[1]"); }, "p[1]",
                        "instruction \"Halt\" takes no operands: write \"Halt\""));
  EXPECT_TRUE(failsWith([] { json::instrFromJson(js(R"("Send")"), "p[1]"); }, "p[1]",
                        "instruction \"Send\" needs operands: {\"Send\": {...}}"));
  EXPECT_TRUE(failsWith([] { json::instrFromJson(js(R"({"Send":{"chan":0}})"), "p[1]"); }, "p[1].Send", "missing field \"val\""));
  EXPECT_TRUE(failsWith([] { json::instrFromJson(js(R"({"Send":{"chan":0,"val":1,"dst":2}})"), "p[1]"); }, "p[1].Send.dst",
                        "unknown field"));
  EXPECT_TRUE(failsWith([] { json::instrFromJson(js(R"({"Send":{"chan":"r0","val":1}})"), "p[1]"); }, "p[1].Send.chan",
                        "expected a non-negative integer, got string"));
  EXPECT_TRUE(failsWith([] { json::instrFromJson(js(R"({"Choose":{"chan":0,"table":[["a"]]}})"), "p"); }, "p.Choose.table[0]",
                        "expected a pair [name, value], got 1 elements"));
  EXPECT_TRUE(failsWith([] { json::instrFromJson(js(R"({"Open":{"roles":[],"local_types":[["A",{"kind":"end"}]],
      "handlers":[],"dsts":[["A",-1]]}})"), "p"); }, "p.Open.dsts[0][1]", "expected a non-negative integer, got negative integer"));
}

TEST(JsonInstr, RegisterBeyondTheCeilingIsRejected) {
  EXPECT_TRUE(json::instrFromJson(js(R"({"Move":{"dst":65535,"src":9}})"), "i") == (Instr{instr::Move{65535, 9}}));
  EXPECT_TRUE(failsWith([] { json::instrFromJson(js(R"({"Move":{"dst":65536,"src":0}})"), "i"); }, "i.Move.dst",
                        "register 65536 exceeds the cap 65535 (max_register_index, the hard ceiling)"));
  EXPECT_TRUE(failsWith([] { json::instrFromJson(js(R"({"Spawn":{"target":0,"args":[1,70000]}})"), "i"); }, "i.Spawn.args[1]",
                        "register 70000 exceeds the cap 65535 (max_register_index, the hard ceiling)"));
}

TEST(JsonInstr, SetTakesAnyValueIncludingProdAndEndpoint) {
  const Instr i = json::instrFromJson(js(R"({"Set":{"dst":0,"val":{"Prod":[{"Endpoint":{"sid":1,"role":"A"}},{"Str":"f"}]}}})"), "i");
  EXPECT_TRUE(std::get<instr::Set>(i).imm == Value::prod(Value::ofChan({1, "A"}), Value::ofString("f")));
}

}  // namespace
}  // namespace tt
