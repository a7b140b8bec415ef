// The compiler LocalTypeR -> bytecode (reference A §10): the worked examples of §10.2,
// nested recursion, end, and Lean's loopTargets threading.
#include <gtest/gtest.h>

#include "bytecode_text.hpp"
#include "tt/core/compiler.hpp"
#include "type_builders.hpp"

namespace tt {
namespace {

using namespace tt::test;

std::string compiled(const LocalTypeRPtr& t) { return codeText(compileLocalTypeR(*t)); }

TEST(Compiler, EndAndEmptyCommunicationsHalt) {
  EXPECT_EQ(compiled(rEnd()), "halt");
  EXPECT_EQ(compiled(rSend("B", {})), "halt");
  EXPECT_EQ(compiled(rRecv("A", {})), "halt");
}

TEST(Compiler, SingleBranchSendAndRecv) {
  // A §10.2: send "B" [(msg, none, end)] and recv "A" [(msg, none, end)].
  EXPECT_EQ(compiled(rSend("B", {br("msg", rEnd())})), "send 0 1; invoke; halt");
  EXPECT_EQ(compiled(rRecv("A", {br("msg", rEnd())})), "receive 0 1; invoke; halt");
  // The payload type does not change the code.
  EXPECT_EQ(compiled(rSend("B", {brT("msg", ValType::nat(), rEnd())})), "send 0 1; invoke; halt");
  // Exact operands, not just their rendering.
  const Bytecode expected = {instr::Send{0, 1}, instr::Invoke{}, instr::Halt{}};
  EXPECT_TRUE(compileLocalTypeR(*rSend("B", {br("msg", rEnd())})) == expected);
}

TEST(Compiler, SequencedMessages) {
  EXPECT_EQ(compiled(rSend("B", {br("a", rRecv("C", {br("b", rEnd())}))})),
            "send 0 1; invoke; receive 0 1; invoke; halt");
}

TEST(Compiler, MultiBranchSendOffersTheFirstLabelOnly) {
  // A §10.2: send "B" [(yes,none,end),(no,none,end)].
  EXPECT_EQ(compiled(rSend("B", {br("yes", rEnd()), br("no", rEnd())})), "offer 0 \"yes\"; halt");
  // Only the first continuation is compiled, and no invoke follows the offer.
  EXPECT_EQ(compiled(rSend("B", {br("yes", rSend("B", {br("m", rEnd())})), br("no", rRecv("B", {br("n", rEnd())}))})),
            "offer 0 \"yes\"; send 0 1; invoke; halt");
}

TEST(Compiler, MultiBranchRecvChoosesThroughATable) {
  // A §10.2: recv "A" [(yes,none,end),(no,none,end)].
  EXPECT_EQ(compiled(rRecv("A", {br("yes", rEnd()), br("no", rEnd())})), "choose 0 [(\"yes\",1), (\"no\",2)]; halt; halt");
  EXPECT_EQ(compiled(rRecv("A", {br("a", rSend("A", {br("x", rEnd())})), br("b", rEnd()), br("c", rEnd())})),
            "choose 0 [(\"a\",1), (\"b\",4), (\"c\",5)]; send 0 1; invoke; halt; halt; halt");
}

TEST(Compiler, RecursionJumpsBackToTheBinder) {
  // A §10.2: mu t. send "B" [(tick, none, var t)].
  EXPECT_EQ(compiled(rMu("t", rSend("B", {br("tick", rVar("t"))}))), "send 0 1; invoke; jump 0");
  // A binder after some code records its own position.
  EXPECT_EQ(compiled(rRecv("A", {br("hello", rMu("t", rSend("A", {br("tick", rVar("t"))})))})),
            "receive 0 1; invoke; send 0 1; invoke; jump 2");
  // An unbound variable halts.
  EXPECT_EQ(compiled(rSend("B", {br("m", rVar("nowhere"))})), "send 0 1; invoke; halt");
}

TEST(Compiler, NestedRecursion) {
  // The golden nested_recursion projections.
  const auto a = rMu("t", rSend("B", {br("outer", rMu("s", rRecv("B", {br("inner", rVar("s")), br("exit", rVar("t"))}))),
                                      br("done", rEnd())}));
  EXPECT_EQ(compiled(a), "offer 0 \"outer\"; choose 0 [(\"inner\",2), (\"exit\",3)]; jump 1; jump 0");
  const auto b = rMu("t", rRecv("A", {br("outer", rMu("s", rSend("A", {br("inner", rVar("s")), br("exit", rVar("t"))}))),
                                      br("done", rEnd())}));
  EXPECT_EQ(compiled(b), "choose 0 [(\"outer\",1), (\"done\",3)]; offer 0 \"inner\"; jump 1; halt");
}

TEST(Compiler, InnerBinderOfTheSameNameWins) {
  EXPECT_EQ(compiled(rMu("t", rSend("B", {br("m", rMu("t", rRecv("B", {br("n", rVar("t"))})))}))),
            "send 0 1; invoke; receive 0 1; invoke; jump 2");
}

TEST(Compiler, BindingsStayVisibleInLaterSiblingBranches) {
  // Lean threads loopTargets out of each subterm: `s`, bound in branch a, is still bound
  // when branch b is compiled (a lexically scoped compiler would emit halt there).
  const auto t = rRecv("A", {br("a", rMu("s", rSend("B", {br("m", rEnd())}))), br("b", rVar("s"))});
  EXPECT_EQ(compiled(t), "choose 0 [(\"a\",1), (\"b\",4)]; send 0 1; invoke; halt; jump 1");
}

TEST(Compiler, OutputAlwaysEndsInHaltOrJump) {
  const std::vector<LocalTypeRPtr> cases = {
      rEnd(), rSend("B", {br("m", rEnd())}), rMu("t", rVar("t")), rMu("t", rMu("s", rVar("t"))),
      rRecv("A", {br("x", rVar("t")), br("y", rSend("A", {}))}),
  };
  for (const auto& t : cases) {
    const Bytecode code = compileLocalTypeR(*t);
    ASSERT_FALSE(code.empty());
    EXPECT_TRUE(std::holds_alternative<instr::Halt>(code.back()) || std::holds_alternative<instr::Jump>(code.back()))
        << codeText(code);
  }
  // mu t. var t: the binder emits nothing, the variable jumps to itself.
  EXPECT_EQ(compiled(rMu("t", rVar("t"))), "jump 0");
}

}  // namespace
}  // namespace tt
