// invoke, acquire, release (reference B §4.7-4.9) with the config guard model (F D18).
#include "test_util.hpp"

namespace tt::oracle::testing {
namespace {

using namespace instr;

Bench bench(Bytecode code, VMConfig cfg = monitorOff()) {
  return Bench(pairScenario(std::move(cfg), std::move(code), endR(), endR()));
}
VMConfig guarded(std::vector<LayerId> active, std::vector<LayerId> resources) {
  VMConfig cfg = monitorOff();
  cfg.guardChain.layers = {"L", "M"};
  cfg.guardChain.active = std::move(active);
  cfg.guardChain.resources = std::move(resources);
  return cfg;
}

TEST(Invoke, EmitsInvokedForThePrimaryEndpoint) {
  Bench b = bench({Invoke{}});
  const ExecResult r = b.step();
  EXPECT_EQ(eventText({1, r.event.obs, 0}), "1 invoked 0:A");
  EXPECT_EQ(b.coro().pc, 1u);
}

TEST(Invoke, WithoutEndpointsTheEventIsInternal) {
  Bench b = bench({Invoke{}});
  b.coro().ownedEndpoints.clear();
  const ExecResult r = b.step();
  EXPECT_EQ(r.status.tag, ExecStatus::Continue);
  EXPECT_EQ(r.event.kind, StepEvent::Kind::Internal);
  EXPECT_EQ(b.st.obsTrace.size(), 1u);
  EXPECT_TRUE(b.st.outputConditionVerdicts.empty());
}

TEST(Invoke, NoHandlerAnywhereIsAnInvokeFault) {
  Bench b = bench({Invoke{}});
  b.st.sessions = SessionStore{};
  EXPECT_EQ(faultText(*b.step().status.fault), "invokeFault \"no handler bound\"");
}

TEST(Acquire, DefaultGuardChainHasNoActiveLayer) {
  Bench b = bench({Acquire{"L", 1}});
  const Fault f = *b.step().status.fault;
  EXPECT_EQ(f.kind, Fault::Kind::AcquireFault);
  EXPECT_EQ(f.label, "guard-layer");
  EXPECT_EQ(f.msg, "inactive layer");
}

TEST(Acquire, ActiveLayerWithoutResourceIsUnknown) {
  Bench b = bench({Acquire{"L", 1}}, guarded({"L"}, {}));
  EXPECT_EQ(b.step().status.fault->msg, "unknown layer");
}

TEST(Acquire, SuccessWritesEvidenceAndEmitsAcquired) {
  Bench b = bench({Acquire{"L", 1}}, guarded({"L"}, {"L"}));
  b.coro().regs[1] = Value::ofNat(9);
  const ExecResult r = b.step();
  EXPECT_EQ(eventText({1, r.event.obs, 0}), "1 acquired L 0:A");
  EXPECT_EQ(b.coro().regs[1], Value::unit());
}

TEST(Acquire, MissingDestinationComesAfterTheLayerChecks) {
  Bench inactive = bench({Acquire{"M", 30}}, guarded({"L"}, {"L"}));
  EXPECT_EQ(inactive.step().status.fault->msg, "inactive layer");
  Bench active = bench({Acquire{"L", 30}}, guarded({"L"}, {"L"}));
  EXPECT_EQ(faultText(*active.step().status.fault), "outOfRegisters");
}

TEST(Release, FaultPathsInOrder) {
  Bench inactive = bench({Release{"L", 30}}, guarded({}, {"L"}));
  EXPECT_EQ(inactive.step().status.fault->msg, "inactive layer");
  Bench missing = bench({Release{"L", 30}}, guarded({"L"}, {}));
  EXPECT_EQ(faultText(*missing.step().status.fault), "outOfRegisters");
  Bench badEvidence = bench({Release{"L", 1}}, guarded({"L"}, {}));
  badEvidence.coro().regs[1] = Value::ofNat(1);
  EXPECT_EQ(badEvidence.step().status.fault->msg, "bad evidence");
  Bench unknown = bench({Release{"L", 1}}, guarded({"L"}, {}));
  EXPECT_EQ(unknown.step().status.fault->msg, "unknown layer");
}

TEST(Release, SuccessEmitsReleased) {
  Bench b = bench({Acquire{"L", 1}, Release{"L", 1}}, guarded({"L"}, {"L"}));
  b.step();
  const ExecResult r = b.step();
  EXPECT_EQ(eventText({2, r.event.obs, 0}), "2 released L 0:A");
}

}  // namespace
}  // namespace tt::oracle::testing
