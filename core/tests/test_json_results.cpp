// Faults, block reasons, coroutine status, full-field events (F D12), traces, snapshots
// (F D13) and run results: every variant round trips in the documented shape.
#include <gtest/gtest.h>

#include "json_test_util.hpp"

namespace tt {
namespace {

using namespace tt::test;

std::vector<Fault> everyFault() {
  using K = Fault::Kind;
  return {Fault::typeViolation(ValType::chanOf(0, ""), ValType::nat()),
          Fault::unknownLabel("nope"),
          Fault::channelClosed({1, "A"}),
          Fault::invalidSignature({1, "A", "B"}),
          Fault::acquireFault("guard-layer", "inactive layer"),
          Fault::withMsg(K::InvokeFault, "no handler bound"),
          Fault::withMsg(K::TransferFault, "bad transfer target"),
          Fault::withMsg(K::CloseFault, "pc out of range"),
          Fault::withMsg(K::SpecFault, "send not permitted"),
          Fault::withMsg(K::FlowViolation, "buffer overflow"),
          Fault::noProgressToken({0, "B", "A"}),
          Fault::outOfCredits(),
          Fault::outOfRegisters()};
}

TEST(JsonFault, EveryKindRoundTrips) {
  const auto all = everyFault();
  for (std::size_t k = 0; k < all.size(); ++k) {
    ASSERT_EQ(static_cast<std::size_t>(all[k].kind), k);
    const auto j = json::faultToJson(all[k]);
    EXPECT_EQ(json::faultFromJson(j, "f"), all[k]) << json::canonical(j);
  }
}

TEST(JsonFault, LeanNamesAndPayloads) {
  EXPECT_EQ(json::canonical(json::faultToJson(Fault::typeViolation(ValType::unit(), ValType::unit()))),
            R"({"actual":"unit","expected":"unit","kind":"typeViolation"})");
  EXPECT_EQ(json::canonical(json::faultToJson(Fault::acquireFault("guard-layer", "unknown layer"))),
            R"({"kind":"acquireFault","layer":"guard-layer","msg":"unknown layer"})");
  EXPECT_EQ(json::canonical(json::faultToJson(Fault::outOfRegisters())), R"({"kind":"outOfRegisters"})");
  EXPECT_TRUE(failsWith([] { json::faultFromJson(js(R"({"kind":"pcOutOfBounds"})"), "f"); }, "f.kind", "unknown fault \"pcOutOfBounds\""));
  EXPECT_TRUE(failsWith([] { json::faultFromJson(js(R"({"kind":"outOfCredits","msg":"x"})"), "f"); }, "f.msg", "unknown field"));
}

std::vector<BlockReason> everyBlockReason() {
  std::vector<BlockReason> out(7);
  for (std::size_t k = 0; k < out.size(); ++k) out[k].kind = static_cast<BlockReason::Kind>(k);
  out[0].edge = {0, "A", "B"};
  out[0].token = {0, {0, "B"}};
  out[1].edge = {2, "B", "A"};
  out[2].layer = "L";
  out[3].handler = 4;
  out[4].tag = 5;
  out[6].sid = 6;
  return out;
}

TEST(JsonBlockReason, EveryKindRoundTrips) {
  for (const auto& b : everyBlockReason()) {
    const auto j = json::blockReasonToJson(b);
    EXPECT_EQ(json::blockReasonFromJson(j, "b"), b) << json::canonical(j);
  }
  EXPECT_EQ(json::canonical(json::blockReasonToJson(everyBlockReason()[0])),
            R"({"edge":{"receiver":"B","sender":"A","sid":0},"kind":"recvWait","token":{"endpoint":{"role":"B","sid":0},"sid":0}})");
  EXPECT_EQ(json::canonical(json::blockReasonToJson(everyBlockReason()[5])), R"({"kind":"spawnWait"})");
}

TEST(JsonCoroStatus, EveryKindRoundTrips) {
  CoroStatus spec;
  spec.kind = CoroStatus::Kind::Speculating;
  const std::vector<CoroStatus> all = {CoroStatus::ready(), CoroStatus::blocked(everyBlockReason()[1]), CoroStatus::done(),
                                       CoroStatus::faulted(Fault::unknownLabel("x")), spec};
  for (const auto& s : all) {
    const auto j = json::coroStatusToJson(s);
    EXPECT_EQ(json::coroStatusFromJson(j, "s"), s) << json::canonical(j);
  }
  EXPECT_EQ(json::canonical(json::coroStatusToJson(CoroStatus::done())), R"({"kind":"done"})");
  EXPECT_EQ(json::canonical(json::coroStatusToJson(CoroStatus::faulted(Fault::outOfCredits()))),
            R"({"fault":{"kind":"outOfCredits"},"kind":"faulted"})");
  EXPECT_TRUE(failsWith([] { json::coroStatusFromJson(js(R"({"kind":"blocked"})"), "s"); }, "s", "missing field \"reason\""));
}

std::vector<ObsEvent> everyEvent() {
  using K = ObsEvent::Kind;
  std::vector<ObsEvent> out(16);
  for (std::size_t k = 0; k < out.size(); ++k) out[k].kind = static_cast<K>(k);
  out[0].edge = {0, "A", "B"};
  out[0].value = Value::ofNat(7);
  out[1].edge = {0, "A", "B"};
  out[1].value = Value::prod(Value::unit(), Value::ofString("s"));
  out[2].edge = {1, "A", "B"};
  out[2].label = "yes";
  out[3].edge = {1, "A", "B"};
  out[3].label = "no";
  out[4].layer = "L";
  out[4].endpoint = {0, "A"};
  out[5].layer = "L";
  out[5].endpoint = {0, "B"};
  out[6].endpoint = {2, "A"};
  out[7].sid = 3;
  out[7].roles = {"A", "B"};
  out[8].sid = 3;
  out[9].sid = 3;
  out[9].epoch = 1;
  out[10].endpoint = {0, "A"};
  out[10].fromCoro = 0;
  out[10].toCoro = 1;
  out[11].sid = 9;
  out[11].ghostSid = 9;
  out[12].sid = 9;
  out[13].sid = 9;
  out[14].fact = {{0, "A"}, "secret"};
  out[15].target = "B";
  out[15].permitted = true;
  return out;
}

TEST(JsonObsEvent, EveryKindRoundTripsWithEveryField) {
  for (const auto& e : everyEvent()) {
    const auto j = json::obsEventToJson(e);
    EXPECT_EQ(json::obsEventFromJson(j, "e"), e) << json::canonical(j);
  }
}

TEST(JsonObsEvent, FullFieldShapes) {
  const auto all = everyEvent();
  const auto text = [&](std::size_t k) { return json::canonical(json::obsEventToJson(all[k])); };
  EXPECT_EQ(text(0), R"({"edge":{"receiver":"B","sender":"A","sid":0},"kind":"sent","seq_no":0,"value":{"kind":"nat","value":7}})");
  EXPECT_EQ(text(6), R"({"endpoint":{"role":"A","sid":2},"kind":"invoked"})");
  EXPECT_EQ(text(9), R"({"epoch":1,"kind":"epoch_advanced","sid":3})");
  EXPECT_EQ(text(10), R"({"endpoint":{"role":"A","sid":0},"from_coro":0,"kind":"transferred","to_coro":1})");
  EXPECT_EQ(text(11), R"({"ghost_sid":9,"kind":"forked","sid":9})");
  EXPECT_EQ(text(14), R"({"fact":{"endpoint":{"role":"A","sid":0},"payload":"secret"},"kind":"tagged"})");
  EXPECT_EQ(text(15), R"({"kind":"checked","permitted":true,"target":"B"})");
}

TEST(JsonTrace, TickedEventsCarryTheCoroutineOrNull) {
  Trace t;
  t.push_back({0, everyEvent()[7], std::nullopt});
  t.push_back({3, everyEvent()[0], CoroutineId{1}});
  const auto j = json::traceToJson(t);
  EXPECT_EQ(json::traceFromJson(j, "trace"), t);
  EXPECT_EQ(json::canonical(j.as_array()[0]), R"({"coro":null,"event":{"kind":"opened","roles":["A","B"],"sid":3},"tick":0})");
  // A missing "coro" reads as none.
  EXPECT_EQ(json::tickedEventFromJson(js(R"({"tick":0,"event":{"kind":"closed","sid":1}})"), "e").coro, std::nullopt);
  EXPECT_TRUE(failsWith([] { json::traceFromJson(js(R"([{"tick":0,"event":{"kind":"shouted"}}])"), "trace"); },
                        "trace[0].event.kind", "unknown event kind \"shouted\""));
}

Snapshot fullSnapshot() {
  Snapshot s;
  s.coroutines = {{0, CoroStatus::done(), 3}, {1, CoroStatus::blocked(everyBlockReason()[0]), 5}};
  s.sessions = {{0, SessionPhase::Closed, 1}, {1, SessionPhase::Active, 0}};
  s.buffers = {{{1, "A", "B"}, {Value::ofNat(1), Value::ofString("x")}}};
  s.crashedSites = {2, 7};
  s.partitionedEdges = {{1, "A", "B"}};
  s.outputConditionChecks = {{{"vm.observable_output", std::nullopt, "vm.output_digest.unspecified"}, true},
                             {{"p", std::string("w"), "d"}, false}};
  s.failureTrace = {{4, 0, FailureTraceEvent::Tag::Failure, "failure:topology_mutation"},
                    {4, 1, FailureTraceEvent::Tag::Recovery, "recovery:retry ticks=1"}};
  s.structuredErrorEvents = {{4, 2, "topology_mutation", StructuredErrorEvent::Certainty::Certain,
                              StructuredErrorEvent::Action::RetryAfter, "1", "site_crash", 1}};
  return s;
}

TEST(JsonSnapshot, RoundTripsEveryField) {
  const Snapshot s = fullSnapshot();
  const auto j = json::snapshotToJson(s);
  EXPECT_EQ(json::snapshotFromJson(j, "snapshot"), s) << json::canonical(j);
  EXPECT_EQ(json::canonical(j.at("output_condition_checks").as_array()[0]),
            R"({"claim":{"output_digest":"vm.output_digest.unspecified","predicate_ref":"vm.observable_output","witness_ref":null},"passed":true})");
  EXPECT_EQ(json::canonical(j.at("structured_error_events").as_array()[0]),
            R"({"action":"retryAfter","certainty":"certain","detail":"site_crash","evidence_id":"1","fault_class":"topology_mutation","retry_after":1,"seq_no":2,"tick":4})");
}

TEST(JsonSnapshot, EveryEnumValueRoundTrips) {
  Snapshot s;
  for (std::size_t k = 0; k < 4; ++k) s.sessions.push_back({k, static_cast<SessionPhase>(k), 0});
  for (std::size_t k = 0; k < 4; ++k) s.failureTrace.push_back({0, k, static_cast<FailureTraceEvent::Tag>(k), ""});
  for (std::size_t k = 0; k < 6; ++k)
    s.structuredErrorEvents.push_back({0, k, "c", static_cast<StructuredErrorEvent::Certainty>(k % 3),
                                       static_cast<StructuredErrorEvent::Action>(k), "", "", 0});
  EXPECT_EQ(json::snapshotFromJson(json::snapshotToJson(s), "s"), s);
}

TEST(JsonSnapshot, Errors) {
  EXPECT_TRUE(failsWith([] { json::snapshotFromJson(js("{}"), "snapshot"); }, "snapshot", "missing field \"coroutines\""));
  auto j = json::snapshotToJson(fullSnapshot());
  j.as_object()["sessions"].as_array()[0].as_object()["phase"] = "gone";
  EXPECT_TRUE(failsWith([&] { json::snapshotFromJson(j, "snapshot"); }, "snapshot.sessions[0].phase", "unknown session phase \"gone\""));
}

TEST(JsonRunResult, EveryOutcomeRoundTrips) {
  for (std::size_t k = 0; k < 5; ++k) {
    RunResult r;
    r.outcome = static_cast<RunOutcome>(k);
    r.detail = "d";
    r.trace = {{1, everyEvent()[2], CoroutineId{0}}};
    r.snapshot = fullSnapshot();
    r.stepsExecuted = 4;
    r.rounds = 6;
    const auto j = json::runResultToJson(r);
    EXPECT_EQ(json::runResultFromJson(j, "r"), r) << json::canonical(j);
  }
  RunResult r;
  r.outcome = RunOutcome::ResourceLimit;
  EXPECT_EQ(json::runResultToJson(r).at("outcome"), "resource-limit");
}

}  // namespace
}  // namespace tt
