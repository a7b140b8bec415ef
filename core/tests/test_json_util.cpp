// tt::json::parse (bounded, duplicate keys rejected with their path) and canonical text.
#include <gtest/gtest.h>

#include "json_test_util.hpp"

namespace tt {
namespace {

using test::failsWith;

TEST(JsonParse, AcceptsStandardJsonWithSurroundingWhitespace) {
  const auto v = json::parse(" \n{\"a\": [1, -2, 3.5, true, null, \"x\"]}\n ");
  EXPECT_EQ(json::canonical(v), R"({"a":[1,-2,3.5E0,true,null,"x"]})");
}

TEST(JsonParse, SyntaxErrorNamesLineAndColumn) {
  EXPECT_TRUE(failsWith([] { json::parse("{\n  \"a\" 1}", "scenario.json"); }, "",
                        "invalid JSON: syntax error at line 2, column 7 of scenario.json"));
}

TEST(JsonParse, TrailingCommaCommentsAndExtraDataAreRejected) {
  EXPECT_TRUE(failsWith([] { json::parse("[1,]"); }, "", "invalid JSON: syntax error at line 1, column 4 of input"));
  EXPECT_TRUE(failsWith([] { json::parse("// c\n1"); }, "", "invalid JSON: syntax error at line 1, column 1 of input"));
  EXPECT_TRUE(failsWith([] { json::parse("{} {}"); }, "", "invalid JSON: extra data at line 1, column 4 of input"));
}

TEST(JsonParse, EmptyAndTruncatedInputAreIncomplete) {
  EXPECT_TRUE(failsWith([] { json::parse(""); }, "", "invalid JSON: incomplete JSON at line 1, column 1 of input"));
  EXPECT_TRUE(failsWith([] { json::parse("[1,2"); }, "", "invalid JSON: incomplete JSON at line 1, column 5 of input"));
}

TEST(JsonParse, InvalidUtf8IsRejected) {
  EXPECT_THROW(json::parse("\"\xff\""), InputError);
}

TEST(JsonParse, NestingDeeperThanTheCapIsRejected) {
  const std::string ok = std::string(1024, '[') + std::string(1024, ']');
  EXPECT_NO_THROW(json::parse(ok));
  const std::string deep = std::string(1025, '[') + std::string(1025, ']');
  EXPECT_TRUE(failsWith([&] { json::parse(deep); }, "", "invalid JSON: too deep at line 1, column 1025 of input"));
}

TEST(JsonParse, InputLargerThanTheCapIsRejectedBeforeParsing) {
  const std::string big((8u << 20) + 1, ' ');
  EXPECT_TRUE(failsWith([&] { json::parse(big, "big.json"); }, "",
                        "invalid JSON: big.json is 8388609 bytes, more than the cap of 8388608"));
}

TEST(JsonParse, DuplicateKeysAreRejectedWithTheObjectPath) {
  EXPECT_TRUE(failsWith([] { json::parse(R"({"a":1,"a":2})"); }, "", "duplicate key \"a\" (line 1, column 10 of input)"));
  EXPECT_TRUE(failsWith([] { json::parse(R"({"images":[{"x":1},{"programs":{"A":[],"A":[]}}]})"); },
                        "images[1].programs", "duplicate key \"A\" (line 1, column 42 of input)"));
  // The same key in sibling objects is fine.
  EXPECT_NO_THROW(json::parse(R"([{"a":1},{"a":2},{"b":{"a":3}}])"));
}

TEST(JsonParse, DuplicateKeysSplitAcrossBuffersOrWithEscapesAreCaught) {
  EXPECT_THROW(json::parse(R"({"\u0041":1,"A":2})"), InputError);
  const std::string longKey(5000, 'k');
  EXPECT_THROW(json::parse("{\"" + longKey + "\":1,\"" + longKey + "\":2}"), InputError);
}

TEST(JsonCanonical, SortsKeysAscendingAtEveryLevelAndIsCompact) {
  const auto v = json::parse(R"({ "b": {"z": 1, "a": [ {"y":2,"x":1} ]}, "a": "s" })");
  EXPECT_EQ(json::canonical(v), R"({"a":"s","b":{"a":[{"x":1,"y":2}],"z":1}})");
}

TEST(JsonCanonical, EscapesLikeLean) {
  const auto v = boost::json::value(std::string("q\"b\\n\nr\rt\t\x01\x7f\xc3\xa9"));
  EXPECT_EQ(json::canonical(v), "\"q\\\"b\\\\n\\nr\\rt\\u0009\\u0001\x7f\xc3\xa9\"");
}

}  // namespace
}  // namespace tt
