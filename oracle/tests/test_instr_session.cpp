// open and close (reference B §4.5-4.6).
#include "test_util.hpp"

namespace tt::oracle::testing {
namespace {

using namespace instr;

Bench bench(Bytecode code, VMConfig cfg = monitorOff()) {
  return Bench(pairScenario(std::move(cfg), std::move(code), endR(), endR()));
}

// open X,Y with every handler bound to "this new session".
Open openXY(std::vector<std::pair<Role, Reg>> dsts = {{"X", 2}, {"Y", 3}}) {
  Open op;
  op.roles = {"X", "Y"};
  op.localTypes = {{"X", LocalType::end()}, {"Y", LocalType::end()}};
  for (const Role& s : {"X", "Y"})
    for (const Role& r : {"X", "Y"}) op.handlers.push_back({std::nullopt, s, r, 0});
  op.dsts = std::move(dsts);
  return op;
}

TEST(Open, CreatesASessionWritesEndpointsAndGivesTokens) {
  Bench b = bench({Instr{openXY()}});
  const ExecResult r = b.step();
  EXPECT_EQ(eventText({1, r.event.obs, 0}), "1 opened 1 X,Y");
  EXPECT_EQ(b.coro().regs[2], chanOf(1, "X"));
  EXPECT_EQ(b.coro().regs[3], chanOf(1, "Y"));
  EXPECT_EQ(b.coro().ownedEndpoints, (std::vector<Endpoint>{{1, "X"}, {1, "Y"}, {0, "A"}}));
  EXPECT_EQ(b.coro().progressTokens,
            (std::vector<ProgressToken>{{1, {1, "X"}}, {1, {1, "Y"}}, {0, {0, "A"}}}));
  const SessionState* s = b.st.sessions.find(1);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->phase, SessionPhase::Active);
  EXPECT_EQ(s->localTypes.size(), 2u);
  EXPECT_EQ(s->handlers.size(), 4u);
  EXPECT_EQ(b.st.nextSessionId, 2u);
  EXPECT_TRUE(b.st.buffers.lookup({1, "X", "X"}));  // self-edges get an entry too
  // Newest first: the store lists session 1 before session 0.
  std::vector<SessionId> order;
  b.st.sessions.forEachNewestFirst([&](const SessionState& x) { order.push_back(x.sid); });
  EXPECT_EQ(order, (std::vector<SessionId>{1, 0}));
}

TEST(Open, TokensAreNotGivenWithoutTheRepair) {
  Bench b = bench({Instr{openXY()}}, monitorOff(allRepairsBut(Repair::RecvProgressToken)));
  b.step();
  EXPECT_TRUE(b.coro().progressTokens.empty());
}

TEST(Open, UnfoldsRecursiveTypesAsTheyEnterTheStore) {
  Open op = openXY();
  op.localTypes[0].second = LocalType::mu(LocalType::select("Y", {{"l", LocalType::varRef(0)}}));
  Bench b = bench({Instr{op}});
  b.step();
  EXPECT_EQ(b.st.sessions.lookupType({1, "X"})->kind, LocalType::Kind::Select);
  Bench lit = bench({Instr{op}}, monitorOff(allRepairsBut(Repair::TypesRecursionUnfolding)));
  lit.step();
  EXPECT_EQ(lit.st.sessions.lookupType({1, "X"})->kind, LocalType::Kind::Mu);
}

TEST(Open, ArityMismatchIsACloseFault) {
  Bench shorter = bench({Instr{openXY({{"X", 2}})}});
  EXPECT_EQ(faultText(*shorter.step().status.fault), "closeFault \"open arity mismatch\"");
  Bench swapped = bench({Instr{openXY({{"Y", 2}, {"X", 3}})}});
  EXPECT_EQ(faultText(*swapped.step().status.fault), "closeFault \"open arity mismatch\"");
  EXPECT_EQ(swapped.st.sessions.size(), 1u);
}

TEST(Open, SpatialRequirementsAndHandlerCoverage) {
  VMConfig noSpace = monitorOff();
  noSpace.spatialOk = false;
  Bench spatial = bench({Instr{openXY()}}, noSpace);
  EXPECT_EQ(faultText(*spatial.step().status.fault), "specFault \"spatial requirements failed\"");
  Open missingSelf = openXY();
  missingSelf.handlers.pop_back();  // Y -> Y
  Bench handlers = bench({Instr{missingSelf}});
  EXPECT_EQ(faultText(*handlers.step().status.fault), "specFault \"handler bindings missing\"");
  Open wrongSid = openXY();
  for (auto& h : wrongSid.handlers) h.sid = 0;  // names the old session, not the new one
  Bench sid = bench({Instr{wrongSid}});
  EXPECT_EQ(faultText(*sid.step().status.fault), "specFault \"handler bindings missing\"");
  Open explicitSid = openXY();
  for (auto& h : explicitSid.handlers) h.sid = 1;  // the new session's id, spelled out
  Bench ok = bench({Instr{explicitSid}});
  EXPECT_EQ(ok.step().status.tag, ExecStatus::Continue);
}

TEST(Open, CheckOrderArityThenSpatialThenHandlersThenRegisters) {
  VMConfig noSpace = monitorOff();
  noSpace.spatialOk = false;
  Open bad = openXY({{"X", 2}});
  bad.handlers.clear();
  Bench arity = bench({Instr{bad}}, noSpace);
  EXPECT_EQ(arity.step().status.fault->kind, Fault::Kind::CloseFault);
  Open noHandlers = openXY({{"X", 2}, {"Y", 50}});
  noHandlers.handlers.clear();
  Bench spatial = bench({Instr{noHandlers}}, noSpace);
  EXPECT_EQ(spatial.step().status.fault->msg, "spatial requirements failed");
  Bench handlers = bench({Instr{noHandlers}});
  EXPECT_EQ(handlers.step().status.fault->msg, "handler bindings missing");
}

TEST(Open, MissingDestinationRegisterCreatesNothing) {
  Bench b = bench({Instr{openXY({{"X", 2}, {"Y", 30}})}});
  EXPECT_EQ(faultText(*b.step().status.fault), "outOfRegisters");
  EXPECT_EQ(b.st.sessions.size(), 1u);
  EXPECT_EQ(b.coro().regs[2], Value::unit());
  EXPECT_EQ(b.st.nextSessionId, 1u);
}

TEST(Close, EmitsEpochAdvancedThenClosedAndDropsOwnership) {
  Bench b = bench({Close{0}});
  b.put({0, "B", "A"}, Value::ofNat(1));
  b.st.clock = 3;
  b.step();
  ASSERT_EQ(b.st.obsTrace.size(), 3u);
  EXPECT_EQ(eventText(b.st.obsTrace[1]), "3 epoch_advanced 0 1");
  EXPECT_EQ(eventText(b.st.obsTrace[2]), "3 closed 0");
  EXPECT_EQ(b.st.obsTrace[1].coro, std::optional<CoroutineId>(0));
  EXPECT_EQ(b.st.outputConditionVerdicts.size(), 1u);  // only `closed` is gated
  const SessionState* s = b.st.sessions.find(0);
  EXPECT_EQ(s->phase, SessionPhase::Closed);
  EXPECT_EQ(s->epoch, 1u);
  EXPECT_EQ(s->localTypes.size(), 2u);                   // types are kept
  EXPECT_EQ(b.queued({0, "B", "A"}).size(), 1u);         // the global buffers too
  EXPECT_TRUE(b.coro().ownedEndpoints.empty());
  EXPECT_EQ(b.coro().pc, 1u);
}

TEST(Close, FaultPaths) {
  Bench missing = bench({Close{20}});
  EXPECT_EQ(faultText(*missing.step().status.fault), "outOfRegisters");
  Bench notChan = bench({Close{1}});
  EXPECT_EQ(notChan.step().status.fault->expected, ValType::chanOf(0, ""));
  Bench notOwned = bench({Close{1}});
  notOwned.coro().regs[1] = chanOf(0, "B");
  EXPECT_EQ(faultText(*notOwned.step().status.fault), "closeFault \"endpoint not owned\"");
}

TEST(Close, UnknownSessionStillAdvancesToEpochOne) {
  Bench b = bench({Close{1}});
  b.coro().regs[1] = chanOf(7, "A");
  b.coro().ownedEndpoints.push_back({7, "A"});
  b.step();
  EXPECT_EQ(eventText(b.st.obsTrace[1]), "0 epoch_advanced 7 1");
  EXPECT_EQ(b.st.sessions.find(0)->phase, SessionPhase::Active);
}

}  // namespace
}  // namespace tt::oracle::testing
