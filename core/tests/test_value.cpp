// Values and value types: Lean's structural equality, valTypeOf, containsSid, sizes, and
// the ordering of endpoints and edges (reference A §1).
#include <gtest/gtest.h>

#include "tt/core/value.hpp"

namespace tt {
namespace {

TEST(Value, EqualityIsStructuralPerVariant) {
  EXPECT_TRUE(Value::unit() == Value::unit());
  EXPECT_TRUE(Value::ofBool(true) == Value::ofBool(true));
  EXPECT_FALSE(Value::ofBool(true) == Value::ofBool(false));
  EXPECT_TRUE(Value::ofNat(7) == Value::ofNat(7));
  EXPECT_FALSE(Value::ofNat(7) == Value::ofNat(8));
  EXPECT_TRUE(Value::ofString("x") == Value::ofString("x"));
  EXPECT_FALSE(Value::ofString("x") == Value::ofString("y"));
  EXPECT_TRUE(Value::ofChan({1, "A"}) == Value::ofChan({1, "A"}));
  EXPECT_FALSE(Value::ofChan({1, "A"}) == Value::ofChan({2, "A"}));
  EXPECT_FALSE(Value::ofChan({1, "A"}) == Value::ofChan({1, "B"}));
  // Different variants never compare equal, even with matching payload fields.
  EXPECT_FALSE(Value::unit() == Value::ofNat(0));
  EXPECT_FALSE(Value::ofBool(false) == Value::unit());
}

TEST(Value, ProdComparesComponentsNotSharing) {
  const Value a = Value::prod(Value::ofNat(1), Value::ofString("s"));
  const Value b = Value::prod(Value::ofNat(1), Value::ofString("s"));
  const Value c = Value::prod(Value::ofNat(1), Value::ofString("t"));
  const Value swapped = Value::prod(Value::ofString("s"), Value::ofNat(1));
  EXPECT_TRUE(a == b);
  EXPECT_FALSE(a == c);
  EXPECT_FALSE(a == swapped);
}

TEST(Value, ValTypeOfMapsEachVariant) {
  EXPECT_TRUE(valTypeOf(Value::unit()) == ValType::unit());
  EXPECT_TRUE(valTypeOf(Value::ofBool(true)) == ValType::boolean());
  EXPECT_TRUE(valTypeOf(Value::ofNat(3)) == ValType::nat());
  EXPECT_TRUE(valTypeOf(Value::ofString("x")) == ValType::string());
  EXPECT_TRUE(valTypeOf(Value::ofChan({4, "B"})) == ValType::chanOf(4, "B"));
  EXPECT_TRUE(valTypeOf(Value::prod(Value::ofNat(1), Value::ofChan({0, "A"}))) ==
              ValType::prod(ValType::nat(), ValType::chanOf(0, "A")));
  EXPECT_FALSE(valTypeOf(Value::ofNat(3)) == ValType::boolean());
}

TEST(ValType, EqualityComparesChanFieldsAndProdComponents) {
  EXPECT_FALSE(ValType::chanOf(0, "A") == ValType::chanOf(1, "A"));
  EXPECT_FALSE(ValType::chanOf(0, "A") == ValType::chanOf(0, "B"));
  EXPECT_FALSE(ValType::prod(ValType::nat(), ValType::unit()) == ValType::prod(ValType::unit(), ValType::nat()));
  EXPECT_FALSE(ValType::unit() == ValType::string());
}

TEST(Value, ContainsSidLooksThroughProds) {
  const Value nested = Value::prod(Value::ofNat(1), Value::prod(Value::unit(), Value::ofChan({5, "A"})));
  EXPECT_TRUE(containsSid(5, nested));
  EXPECT_FALSE(containsSid(4, nested));
  EXPECT_FALSE(containsSid(0, Value::ofNat(0)));  // a nat is not a channel
  EXPECT_TRUE(containsSid(0, Value::ofChan({0, "B"})));
}

TEST(Value, SizeCountsNodes) {
  EXPECT_EQ(valueSize(Value::ofNat(1)), 1u);
  EXPECT_EQ(valueSize(Value::prod(Value::ofNat(1), Value::prod(Value::unit(), Value::unit()))), 5u);
}

TEST(EndpointEdge, OrderIsSidThenRolesLexicographic) {
  EXPECT_LT((Endpoint{0, "Z"}), (Endpoint{1, "A"}));
  EXPECT_LT((Endpoint{1, "A"}), (Endpoint{1, "B"}));
  EXPECT_LT((Edge{0, "B", "A"}), (Edge{1, "A", "A"}));
  EXPECT_LT((Edge{1, "A", "Z"}), (Edge{1, "B", "A"}));
  EXPECT_LT((Edge{1, "A", "A"}), (Edge{1, "A", "B"}));
  EXPECT_EQ(edgeTo({3, "A"}, "B"), (Edge{3, "A", "B"}));
  EXPECT_EQ(edgeFrom("B", {3, "A"}), (Edge{3, "B", "A"}));
}

}  // namespace
}  // namespace tt
