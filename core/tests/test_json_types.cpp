// Codecs of values, value types, endpoints, edges and session types: every variant round
// trips, the wire form is the documented one, and bad input names its path.
#include <gtest/gtest.h>

#include "json_test_util.hpp"
#include "type_builders.hpp"

namespace tt {
namespace {

using namespace tt::test;

Value chanV(SessionId sid, Role r) { return Value::ofChan({sid, std::move(r)}); }

std::vector<Value> everyValue() {
  return {Value::unit(),
          Value::ofBool(true),
          Value::ofBool(false),
          Value::ofNat(0),
          Value::ofNat(18446744073709551615ULL),
          Value::ofString(""),
          Value::ofString("h\u00e9 \"q\"\n"),
          Value::prod(Value::ofNat(1), Value::prod(Value::ofString("x"), Value::unit())),
          chanV(3, "Alice")};
}

TEST(JsonValue, KindFormRoundTripsEveryVariant) {
  for (const Value& v : everyValue()) {
    const auto j = json::valueToJson(v);
    EXPECT_TRUE(json::valueFromJson(j, "v") == v) << json::canonical(j);
  }
}

TEST(JsonValue, KindFormIsLeans) {
  EXPECT_EQ(json::canonical(json::valueToJson(Value::unit())), R"({"kind":"unit"})");
  EXPECT_EQ(json::canonical(json::valueToJson(Value::ofBool(true))), R"({"kind":"bool","value":true})");
  EXPECT_EQ(json::canonical(json::valueToJson(Value::ofNat(5))), R"({"kind":"nat","value":5})");
  EXPECT_EQ(json::canonical(json::valueToJson(Value::ofString("x"))), R"({"kind":"string","value":"x"})");
  EXPECT_EQ(json::canonical(json::valueToJson(Value::prod(Value::unit(), Value::ofNat(1)))),
            R"({"kind":"prod","left":{"kind":"unit"},"right":{"kind":"nat","value":1}})");
  EXPECT_EQ(json::canonical(json::valueToJson(chanV(0, "A"))), R"({"kind":"chan","role":"A","session":0})");
}

TEST(JsonValue, KindFormErrors) {
  EXPECT_TRUE(failsWith([] { json::valueFromJson(js(R"({"kind":"float"})"), "v"); }, "v.kind", "unknown value kind \"float\""));
  EXPECT_TRUE(failsWith([] { json::valueFromJson(js(R"({"kind":"nat","value":-1})"), "v"); }, "v.value",
                        "expected a non-negative integer, got negative integer"));
  EXPECT_TRUE(failsWith([] { json::valueFromJson(js(R"({"kind":"nat","value":1.5})"), "v"); }, "v.value",
                        "expected a non-negative integer, got number"));
  EXPECT_TRUE(failsWith([] { json::valueFromJson(js(R"({"kind":"nat"})"), "v"); }, "v", "missing field \"value\""));
  EXPECT_TRUE(failsWith([] { json::valueFromJson(js(R"({"kind":"unit","extra":1})"), "v"); }, "v.extra", "unknown field"));
  EXPECT_TRUE(failsWith([] { json::valueFromJson(js(R"({"kind":"prod","left":{"kind":"unit"},"right":5})"), "v"); },
                        "v.right", "expected an object, got integer"));
  EXPECT_TRUE(failsWith([] { json::valueFromJson(js(R"([1])"), ""); }, "", "expected an object, got array"));
}

TEST(JsonImm, SerdeFormRoundTripsEveryVariant) {
  for (const Value& v : everyValue()) {
    const auto j = json::immToJson(v);
    EXPECT_TRUE(json::immFromJson(j, "v") == v) << json::canonical(j);
  }
}

TEST(JsonImm, SerdeFormIsUpstreams) {
  EXPECT_EQ(json::canonical(json::immToJson(Value::unit())), R"("Unit")");
  EXPECT_EQ(json::canonical(json::immToJson(Value::ofNat(5))), R"({"Nat":5})");
  EXPECT_EQ(json::canonical(json::immToJson(Value::ofBool(true))), R"({"Bool":true})");
  EXPECT_EQ(json::canonical(json::immToJson(Value::ofString("x"))), R"({"Str":"x"})");
  EXPECT_EQ(json::canonical(json::immToJson(Value::prod(Value::unit(), Value::ofNat(2)))), R"({"Prod":["Unit",{"Nat":2}]})");
  EXPECT_EQ(json::canonical(json::immToJson(chanV(1, "B"))), R"({"Endpoint":{"role":"B","sid":1}})");
}

TEST(JsonImm, SerdeFormErrors) {
  EXPECT_TRUE(failsWith([] { json::immFromJson(js(R"("Nat")"), "val"); }, "val", "value \"Nat\" needs a payload: {\"Nat\": ...}"));
  EXPECT_TRUE(failsWith([] { json::immFromJson(js(R"({"Unit":null})"), "val"); }, "val", "value \"Unit\" takes no payload: write \"Unit\""));
  EXPECT_TRUE(failsWith([] { json::immFromJson(js(R"({"Float":1})"), "val"); }, "val", "unknown value \"Float\""));
  EXPECT_TRUE(failsWith([] { json::immFromJson(js(R"({"Prod":[1]})"), "val"); }, "val.Prod", "expected 2 elements, got 1"));
  EXPECT_TRUE(failsWith([] { json::immFromJson(js(R"({"Nat":1,"Bool":true})"), "val"); }, "val",
                        "expected a string or an object with exactly one key, got an object with 2 keys"));
  EXPECT_TRUE(failsWith([] { json::immFromJson(js(R"({"Endpoint":{"sid":0}})"), "val"); }, "val.Endpoint", "missing field \"role\""));
}

TEST(JsonEndpointEdge, RoundTripAndShape) {
  const Endpoint ep{7, "A"};
  EXPECT_EQ(json::canonical(json::endpointToJson(ep)), R"({"role":"A","sid":7})");
  EXPECT_EQ(json::endpointFromJson(json::endpointToJson(ep), "e"), ep);
  const Edge e{2, "A", "B"};
  EXPECT_EQ(json::canonical(json::edgeToJson(e)), R"({"receiver":"B","sender":"A","sid":2})");
  EXPECT_EQ(json::edgeFromJson(json::edgeToJson(e), "e"), e);
  EXPECT_TRUE(failsWith([] { json::edgeFromJson(js(R"({"sid":0,"sender":"A","receiver":1})"), "edge"); }, "edge.receiver",
                        "expected a string, got integer"));
}

std::vector<ValType> everyValType() {
  return {ValType::unit(), ValType::boolean(), ValType::nat(), ValType::string(),
          ValType::prod(ValType::nat(), ValType::prod(ValType::unit(), ValType::string())), ValType::chanOf(4, "C")};
}

TEST(JsonValType, RoundTripsEveryVariant) {
  for (const ValType& t : everyValType()) {
    const auto j = json::valTypeToJson(t);
    EXPECT_TRUE(json::valTypeFromJson(j, "t") == t) << json::canonical(j);
  }
  EXPECT_EQ(json::canonical(json::valTypeToJson(ValType::prod(ValType::nat(), ValType::chanOf(0, "A")))),
            R"({"prod":["nat",{"chan":{"role":"A","sid":0}}]})");
}

TEST(JsonValType, Errors) {
  EXPECT_TRUE(failsWith([] { json::valTypeFromJson(js(R"("Nat")"), "t"); }, "t", "unknown value type \"Nat\""));
  EXPECT_TRUE(failsWith([] { json::valTypeFromJson(js(R"("prod")"), "t"); }, "t", "value type \"prod\" needs a payload: {\"prod\": ...}"));
  EXPECT_TRUE(failsWith([] { json::valTypeFromJson(js(R"({"nat":1})"), "t"); }, "t", "value type \"nat\" takes no payload: write \"nat\""));
}

std::vector<PayloadSort> everySort() {
  std::vector<PayloadSort> out;
  for (auto k : {PayloadSort::Kind::Unit, PayloadSort::Kind::Nat, PayloadSort::Kind::Bool, PayloadSort::Kind::String,
                 PayloadSort::Kind::Real}) {
    PayloadSort s;
    s.kind = k;
    out.push_back(s);
  }
  PayloadSort v;
  v.kind = PayloadSort::Kind::Vector;
  v.vectorLen = 3;
  out.push_back(v);
  PayloadSort p;
  p.kind = PayloadSort::Kind::Prod;
  p.left = std::make_shared<const PayloadSort>(out[1]);
  p.right = std::make_shared<const PayloadSort>(v);
  out.push_back(p);
  return out;
}

TEST(JsonPayloadSort, RoundTripsEveryVariantInTheBridgeForm) {
  for (const PayloadSort& s : everySort()) {
    const auto j = json::payloadSortToJson(s);
    EXPECT_TRUE(json::payloadSortFromJson(j, "s") == s) << json::canonical(j);
  }
  EXPECT_EQ(json::canonical(json::payloadSortToJson(everySort().back())), R"({"prod":["nat",{"vector":3}]})");
  EXPECT_TRUE(failsWith([] { json::payloadSortFromJson(js(R"("float")"), "s"); }, "s", "unknown payload sort \"float\""));
}

GlobalTypePtr everyGlobalKind() {
  // mu t. A -> B {ok(nat): delegate A B (sid 3, role C) . t ; stop: end}
  TypeLabel ok = lbl("ok", everySort()[1]);
  return gMu("t", gComm("A", "B", {{ok, GlobalType::delegate("A", "B", 3, "C", gVar("t"))}, {lbl("stop"), gEnd()}}));
}

TEST(JsonGlobalType, RoundTripsEveryKind) {
  const GlobalTypePtr g = everyGlobalKind();
  const auto j = json::globalTypeToJson(*g);
  EXPECT_TRUE(*json::globalTypeFromJson(j, "g") == *g) << json::canonical(j);
}

TEST(JsonGlobalType, BridgeEncodingFieldNames) {
  const auto j = json::globalTypeToJson(*GlobalType::delegate("P", "Q", 2, "R", gEnd()));
  EXPECT_EQ(json::canonical(j),
            R"({"continuation":{"kind":"end"},"delegatee":"Q","delegator":"P","kind":"delegate","role":"R","session_id":2})");
  EXPECT_EQ(json::canonical(json::globalTypeToJson(*gMu("t", gVar("t")))),
            R"({"body":{"kind":"var","name":"t"},"kind":"rec","var":"t"})");
}

TEST(JsonGlobalType, ReadsTheGoldenProjectionInputs) {
  const auto g = json::globalTypeFromJson(js(R"({"kind":"comm","sender":"A","receiver":"B","branches":[
      {"label":{"name":"msg","sort":"unit"},"continuation":{"kind":"end"}}]})"), "g");
  EXPECT_TRUE(*g == *gMsg("A", "B", "msg", gEnd()));
}

TEST(JsonGlobalType, Errors) {
  EXPECT_TRUE(failsWith([] { json::globalTypeFromJson(js(R"({"kind":"mu","var":"t","body":{"kind":"end"}})"), "g"); },
                        "g.kind", "unknown global type kind \"mu\""));
  EXPECT_TRUE(failsWith([] { json::globalTypeFromJson(js(R"({"kind":"comm","sender":"A","receiver":"B","branches":[
      {"label":{"name":"m"},"continuation":{"kind":"end"}}]})"), "g"); }, "g.branches[0].label", "missing field \"sort\""));
  EXPECT_TRUE(failsWith([] { json::globalTypeFromJson(js(R"({"kind":"end","sender":"A"})"), "g"); }, "g.sender", "unknown field"));
  // A codec on its own accepts an open type; scenarios reject it (test_json_scenario).
  EXPECT_NO_THROW(json::globalTypeFromJson(js(R"({"kind":"var","name":"free"})"), "g"));
}

TEST(JsonGlobalType, DepthCapStopsTheDecoderEarly) {
  std::string text;
  for (int i = 0; i < 300; ++i) text += R"({"kind":"rec","var":"t","body":)";
  text += R"({"kind":"end"})";
  text += std::string(300, '}');
  std::string path = "g";
  for (int i = 0; i < 256; ++i) path += ".body";
  EXPECT_TRUE(failsWith([&] { json::globalTypeFromJson(js(text), "g"); }, path,
                        "type is nested deeper than 256 (max_type_depth, the hard ceiling)"));
}

LocalTypeRPtr everyLocalRKind() {
  return rMu("t", rSend("B", {brT("v", ValType::nat(), rRecv("B", {br("a", rVar("t")), br("b", rEnd())}))}));
}

TEST(JsonLocalTypeR, RoundTripsEveryKindWithTypedBranches) {
  const LocalTypeRPtr t = everyLocalRKind();
  const auto j = json::localTypeRToJson(*t);
  EXPECT_TRUE(*json::localTypeRFromJson(j, "t") == *t) << json::canonical(j);
}

TEST(JsonLocalTypeR, TypeFieldOnlyWhenTheBranchHasAPayloadType) {
  EXPECT_EQ(json::canonical(json::localTypeRToJson(*rSend("B", {brT("v", ValType::nat(), rEnd())}))),
            R"({"branches":[{"continuation":{"kind":"end"},"label":{"name":"v","sort":"unit"},"type":"nat"}],"kind":"send","partner":"B"})");
  EXPECT_EQ(json::canonical(json::localTypeRToJson(*rRecv("A", {br("m", rEnd())}))),
            R"({"branches":[{"continuation":{"kind":"end"},"label":{"name":"m","sort":"unit"}}],"kind":"recv","partner":"A"})");
  // "type": null is the same as no type.
  const auto t = json::localTypeRFromJson(js(R"({"kind":"recv","partner":"A","branches":[
      {"label":{"name":"m","sort":"unit"},"type":null,"continuation":{"kind":"end"}}]})"), "t");
  EXPECT_FALSE(t->branches[0].payload.has_value());
}

TEST(JsonLocalTypeR, Errors) {
  EXPECT_TRUE(failsWith([] { json::localTypeRFromJson(js(R"({"kind":"select","partner":"B","branches":[]})"), "t"); },
                        "t.kind", "unknown local type kind \"select\""));
  EXPECT_TRUE(failsWith([] { json::localTypeRFromJson(js(R"({"kind":"send","partner":"B","branches":[
      {"label":{"name":"m","sort":"unit"},"type":"int","continuation":{"kind":"end"}}]})"), "t"); },
                        "t.branches[0].type", "unknown value type \"int\""));
}

LocalTypePtr everyLocalKind() {
  return dMu(dSend("B", ValType::nat(),
                   dRecv("B", ValType::chanOf(1, "A"), dSelect("B", {{"x", dVar(0)}, {"y", dBranch("B", {{"z", dEnd()}})}}))));
}

TEST(JsonLocalType, RoundTripsEveryKind) {
  const LocalTypePtr t = everyLocalKind();
  const auto j = json::localTypeToJson(*t);
  EXPECT_TRUE(*json::localTypeFromJson(j, "t") == *t) << json::canonical(j);
}

TEST(JsonLocalType, EncodingDocumentedInJsonHpp) {
  EXPECT_EQ(json::canonical(json::localTypeToJson(*dMu(dSend("B", ValType::nat(), dVar(0))))),
            R"({"body":{"cont":{"index":0,"kind":"var"},"kind":"send","partner":"B","type":"nat"},"kind":"mu"})");
  EXPECT_EQ(json::canonical(json::localTypeToJson(*dBranch("A", {{"l", dEnd()}}))),
            R"({"arms":[{"cont":{"kind":"end"},"label":"l"}],"kind":"branch","partner":"A"})");
}

TEST(JsonLocalType, Errors) {
  EXPECT_TRUE(failsWith([] { json::localTypeFromJson(js(R"({"kind":"send","partner":"B","cont":{"kind":"end"}})"), "t"); },
                        "t", "missing field \"type\""));
  EXPECT_TRUE(failsWith([] { json::localTypeFromJson(js(R"({"kind":"rec","body":{"kind":"end"}})"), "t"); },
                        "t.kind", "unknown local type kind \"rec\""));
}

}  // namespace
}  // namespace tt
