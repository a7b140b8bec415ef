// Session types (reference A §2): equality, roles, guardedness, named substitution and
// unfolding, the exact LocalTypeR -> LocalType conversion (§2.6), and the de Bruijn
// recursion-unfolding repair (F D9).
#include <gtest/gtest.h>

#include "tt/core/session_types.hpp"
#include "type_builders.hpp"

namespace tt {
namespace {

using namespace tt::test;

// ---- equality --------------------------------------------------------------------------

TEST(GlobalTypeEq, LabelsCompareNameAndSort) {
  PayloadSort nat;
  nat.kind = PayloadSort::Kind::Nat;
  EXPECT_TRUE(*gMsg("A", "B", "m", gEnd()) == *gMsg("A", "B", "m", gEnd()));
  EXPECT_FALSE(*gComm("A", "B", {{lbl("m"), gEnd()}}) == *gComm("A", "B", {{lbl("m", nat), gEnd()}}));
  EXPECT_FALSE(*gMsg("A", "B", "m", gEnd()) == *gMsg("A", "C", "m", gEnd()));
  EXPECT_FALSE(*gMu("t", gVar("t")) == *gMu("s", gVar("t")));
  EXPECT_FALSE(*GlobalType::delegate("A", "B", 0, "C", gEnd()) == *GlobalType::delegate("A", "B", 1, "C", gEnd()));
}

TEST(PayloadSortEq, VectorLengthAndProdComponentsMatter) {
  PayloadSort v2, v3, p1, p2;
  v2.kind = v3.kind = PayloadSort::Kind::Vector;
  v2.vectorLen = 2;
  v3.vectorLen = 3;
  EXPECT_FALSE(v2 == v3);
  p1.kind = p2.kind = PayloadSort::Kind::Prod;
  p1.left = std::make_shared<const PayloadSort>(v2);
  p1.right = std::make_shared<const PayloadSort>();
  p2.left = std::make_shared<const PayloadSort>(v2);
  p2.right = std::make_shared<const PayloadSort>();
  EXPECT_TRUE(p1 == p2);
  p2.left = std::make_shared<const PayloadSort>(v3);
  EXPECT_FALSE(p1 == p2);
}

TEST(LocalTypeREq, PayloadTypeIsPartOfABranch) {
  EXPECT_TRUE(*rSend("B", {br("m", rEnd())}) == *rSend("B", {br("m", rEnd())}));
  EXPECT_FALSE(*rSend("B", {br("m", rEnd())}) == *rSend("B", {brT("m", ValType::nat(), rEnd())}));
  EXPECT_FALSE(*rSend("B", {brT("m", ValType::boolean(), rEnd())}) == *rSend("B", {brT("m", ValType::nat(), rEnd())}));
  EXPECT_FALSE(*rSend("B", {br("m", rEnd())}) == *rRecv("B", {br("m", rEnd())}));
}

// ---- roles -------------------------------------------------------------------------------

TEST(GlobalRoles, FirstOccurrenceOrderAcrossBranches) {
  const auto g = gComm("A", "B", {{lbl("x"), gMsg("C", "A", "m", gEnd())},
                                  {lbl("y"), gMsg("D", "E", "m", gMsg("B", "C", "n", gEnd()))}});
  EXPECT_EQ(globalRoles(*g), (std::vector<Role>{"A", "B", "C", "D", "E"}));
  EXPECT_EQ(globalRoles(*gMu("t", gMsg("B", "A", "m", gVar("t")))), (std::vector<Role>{"B", "A"}));
  EXPECT_TRUE(globalRoles(*gEnd()).empty());
}

TEST(GlobalRoles, DelegateListsDelegatorAndDelegateeButNotTheDelegatedRole) {
  const auto g = GlobalType::delegate("P", "Q", 3, "R", gMsg("Q", "S", "m", gEnd()));
  EXPECT_EQ(globalRoles(*g), (std::vector<Role>{"P", "Q", "S"}));
}

// ---- guardedness, named substitution and unfold ---------------------------------------

TEST(IsGuarded, FollowsLeanDefinition) {
  EXPECT_TRUE(isGuarded(*rEnd(), "t"));
  EXPECT_FALSE(isGuarded(*rVar("t"), "t"));
  EXPECT_TRUE(isGuarded(*rVar("s"), "t"));
  EXPECT_TRUE(isGuarded(*rSend("B", {br("m", rVar("t"))}), "t"));  // under a communication
  EXPECT_TRUE(isGuarded(*rMu("t", rVar("t")), "t"));                 // shadowed
  EXPECT_FALSE(isGuarded(*rMu("s", rVar("t")), "t"));
  EXPECT_TRUE(isGuarded(*rMu("s", rVar("s")), "t"));
}

TEST(NamedSubstitute, ReplacesFreeOccurrencesInEveryBranch) {
  const auto t = rRecv("A", {br("a", rVar("t")), br("b", rSend("C", {brT("c", ValType::nat(), rVar("t"))}))});
  const auto expected = rRecv("A", {br("a", rEnd()), br("b", rSend("C", {brT("c", ValType::nat(), rEnd())}))});
  EXPECT_TRUE(*substitute(t, "t", rEnd()) == *expected);
  EXPECT_TRUE(*substitute(rVar("s"), "t", rEnd()) == *rVar("s"));
}

TEST(NamedSubstitute, SameNameMuShadows) {
  const auto shadowed = rMu("t", rSend("B", {br("m", rVar("t"))}));
  EXPECT_TRUE(*substitute(shadowed, "t", rEnd()) == *shadowed);
  const auto other = rMu("s", rSend("B", {br("m", rVar("t"))}));
  EXPECT_TRUE(*substitute(other, "t", rEnd()) == *rMu("s", rSend("B", {br("m", rEnd())})));
}

TEST(NamedUnfold, ReplacesTheBinderByTheWholeMu) {
  const auto loop = rMu("t", rSend("B", {br("tick", rVar("t"))}));
  EXPECT_TRUE(*unfold(loop) == *rSend("B", {br("tick", loop)}));
  const auto notMu = rSend("B", {br("m", rEnd())});
  EXPECT_EQ(unfold(notMu), notMu);
}

// ---- conversion (A §2.6) -----------------------------------------------------------------

TEST(Conversion, EndAndEmptyCommunicationsBecomeEnd) {
  EXPECT_TRUE(*localTypeRToLocalType(*rEnd()) == *dEnd());
  EXPECT_TRUE(*localTypeRToLocalType(*rSend("B", {})) == *dEnd());
  EXPECT_TRUE(*localTypeRToLocalType(*rRecv("B", {})) == *dEnd());
}

TEST(Conversion, SingleTypedBranchIsSendOrRecv) {
  EXPECT_TRUE(*localTypeRToLocalType(*rSend("B", {brT("m", ValType::nat(), rEnd())})) ==
              *dSend("B", ValType::nat(), dEnd()));
  EXPECT_TRUE(*localTypeRToLocalType(*rRecv("A", {brT("m", ValType::chanOf(2, "C"), rEnd())})) ==
              *dRecv("A", ValType::chanOf(2, "C"), dEnd()));
}

TEST(Conversion, SingleUntypedBranchIsSelectOrBranch) {
  EXPECT_TRUE(*localTypeRToLocalType(*rSend("B", {br("m", rEnd())})) == *dSelect("B", {{"m", dEnd()}}));
  EXPECT_TRUE(*localTypeRToLocalType(*rRecv("A", {br("m", rEnd())})) == *dBranch("A", {{"m", dEnd()}}));
}

TEST(Conversion, MultiBranchIgnoresPayloadTypes) {
  const auto send = rSend("B", {brT("a", ValType::nat(), rEnd()), brT("b", ValType::boolean(), rEnd()),
                                br("c", rEnd())});
  EXPECT_TRUE(*localTypeRToLocalType(*send) == *dSelect("B", {{"a", dEnd()}, {"b", dEnd()}, {"c", dEnd()}}));
  const auto recv = rRecv("A", {brT("a", ValType::nat(), rEnd()), br("b", rEnd())});
  EXPECT_TRUE(*localTypeRToLocalType(*recv) == *dBranch("A", {{"a", dEnd()}, {"b", dEnd()}}));
}

TEST(Conversion, LabelSortIsDropped) {
  PayloadSort nat;
  nat.kind = PayloadSort::Kind::Nat;
  const auto t = rSend("B", {{lbl("m", nat), std::nullopt, rEnd()}});
  EXPECT_TRUE(*localTypeRToLocalType(*t) == *dSelect("B", {{"m", dEnd()}}));
}

TEST(Conversion, VariablesBecomeInnermostFirstIndices) {
  const auto t = rMu("t", rMu("s", rSend("B", {br("x", rVar("t")), br("y", rVar("s"))})));
  EXPECT_TRUE(*localTypeRToLocalType(*t) == *dMu(dMu(dSelect("B", {{"x", dVar(1)}, {"y", dVar(0)}}))));
  // A same-name inner binder shadows the outer one.
  EXPECT_TRUE(*localTypeRToLocalType(*rMu("t", rMu("t", rVar("t")))) == *dMu(dMu(dVar(0))));
}

TEST(Conversion, UnboundVariableBecomesVarZero) {
  EXPECT_TRUE(*localTypeRToLocalType(*rSend("B", {br("m", rVar("z"))})) == *dSelect("B", {{"m", dVar(0)}}));
  // Inside a binder, an unbound name silently refers to the innermost mu.
  EXPECT_TRUE(*localTypeRToLocalType(*rMu("t", rMu("s", rVar("z")))) == *dMu(dMu(dVar(0))));
}

// ---- de Bruijn unfolding (F D9) ----------------------------------------------------------

TEST(UnfoldLeadingMus, SubstitutesIntoSendRecvContinuations) {
  const auto loop = dMu(dSend("B", ValType::nat(), dRecv("B", ValType::nat(), dVar(0))));
  EXPECT_TRUE(*unfoldLeadingMus(loop) == *dSend("B", ValType::nat(), dRecv("B", ValType::nat(), loop)));
}

TEST(UnfoldLeadingMus, SubstitutesIntoSelectAndBranchArms) {
  const auto sel = dMu(dSelect("B", {{"again", dVar(0)}, {"stop", dEnd()}}));
  EXPECT_TRUE(*unfoldLeadingMus(sel) == *dSelect("B", {{"again", sel}, {"stop", dEnd()}}));
  const auto bra = dMu(dBranch("A", {{"stop", dEnd()}, {"again", dVar(0)}}));
  EXPECT_TRUE(*unfoldLeadingMus(bra) == *dBranch("A", {{"stop", dEnd()}, {"again", bra}}));
}

TEST(UnfoldLeadingMus, NestedMuReplacesOnlyTheOuterIndex) {
  // mu. send B nat (mu. branch B [x: var 0, y: var 1]): var 1 (one binder crossed) is the
  // outer mu; var 0 belongs to the inner one and stays.
  const auto outer = dMu(dSend("B", ValType::nat(), dMu(dBranch("B", {{"x", dVar(0)}, {"y", dVar(1)}}))));
  const auto expected = dSend("B", ValType::nat(), dMu(dBranch("B", {{"x", dVar(0)}, {"y", outer}})));
  EXPECT_TRUE(*unfoldLeadingMus(outer) == *expected);
}

TEST(UnfoldLeadingMus, RepeatsWhileTheTopIsMu) {
  const auto t = dMu(dMu(dSelect("B", {{"a", dVar(0)}, {"b", dVar(1)}})));
  const auto afterOuter = dMu(dSelect("B", {{"a", dVar(0)}, {"b", t}}));
  const auto expected = dSelect("B", {{"a", afterOuter}, {"b", t}});
  const auto got = unfoldLeadingMus(t);
  EXPECT_EQ(got->kind, LocalType::Kind::Select);
  EXPECT_TRUE(*got == *expected);
}

TEST(UnfoldLeadingMus, UnguardedMuStays) {
  const auto self = dMu(dVar(0));
  EXPECT_TRUE(*unfoldLeadingMus(self) == *self);
  const auto inner = dMu(dMu(dVar(0)));
  EXPECT_EQ(unfoldLeadingMus(inner)->kind, LocalType::Kind::Mu);
  // mu mu var 1 cycles between two mu forms; the bound stops it with a mu on top.
  EXPECT_EQ(unfoldLeadingMus(dMu(dMu(dVar(1))))->kind, LocalType::Kind::Mu);
}

TEST(UnfoldLeadingMus, FreeVariablesStayAndNonMuIsUnchanged) {
  EXPECT_TRUE(*unfoldLeadingMus(dMu(dSend("B", ValType::nat(), dVar(1)))) == *dSend("B", ValType::nat(), dVar(1)));
  const auto plain = dSend("B", ValType::nat(), dVar(3));
  EXPECT_EQ(unfoldLeadingMus(plain), plain);
}

TEST(UnfoldLeadingMus, AgreesWithNamedUnfoldThenConvert) {
  // For closed types with one leading mu: convert(unfold t) == unfoldLeadingMus(convert t).
  const std::vector<LocalTypeRPtr> cases = {
      rMu("t", rSend("B", {br("tick", rVar("t"))})),
      rMu("t", rRecv("A", {br("continue", rVar("t")), br("stop", rEnd())})),
      rMu("t", rSend("B", {br("outer", rMu("s", rRecv("B", {br("inner", rVar("s")), br("exit", rVar("t"))}))),
                           br("done", rEnd())})),
      rMu("t", rSend("B", {brT("v", ValType::nat(), rRecv("B", {brT("w", ValType::string(), rVar("t"))}))})),
  };
  for (const auto& t : cases) {
    EXPECT_TRUE(*localTypeRToLocalType(*unfold(t)) == *unfoldLeadingMus(localTypeRToLocalType(*t)));
  }
}

TEST(SubstituteTop, CountsBindersCrossed) {
  const auto repl = dEnd();
  const auto body = dSelect("B", {{"a", dVar(0)}, {"b", dMu(dVar(1))}, {"c", dMu(dVar(0))}});
  EXPECT_TRUE(*substituteTop(body, repl) == *dSelect("B", {{"a", repl}, {"b", dMu(repl)}, {"c", dMu(dVar(0))}}));
}

TEST(MuNestingDepth, IsTheDeepestChainOfBinders) {
  EXPECT_EQ(muNestingDepth(*dEnd()), 0u);
  EXPECT_EQ(muNestingDepth(*dMu(dMu(dEnd()))), 2u);
  EXPECT_EQ(muNestingDepth(*dSelect("B", {{"a", dMu(dEnd())}, {"b", dMu(dSend("B", ValType::nat(), dMu(dVar(0))))}})), 2u);
}

// ---- sizes -----------------------------------------------------------------------------

TEST(TypeSize, CountsNodesAndDepthCountsLevels) {
  const auto g = gComm("A", "B", {{lbl("x"), gMsg("B", "A", "y", gEnd())}, {lbl("z"), gEnd()}});
  EXPECT_EQ(typeSize(*g), 4u);
  EXPECT_EQ(typeDepth(*g), 3u);
  const auto r = rMu("t", rSend("B", {br("a", rVar("t")), br("b", rEnd())}));
  EXPECT_EQ(typeSize(*r), 4u);
  EXPECT_EQ(typeDepth(*r), 3u);
  EXPECT_EQ(typeSize(*dSelect("B", {{"a", dEnd()}, {"b", dSend("B", ValType::nat(), dEnd())}})), 4u);
}

}  // namespace
}  // namespace tt
