#include <array>
#include <vector>

#include <gtest/gtest.h>

#include "tt/fuzz/byte_reader.hpp"

namespace tt::fuzz {
namespace {

TEST(ByteReader, EmptyInputYieldsTheSimplestChoiceEverywhere) {
  ByteReader in({});
  EXPECT_EQ(in.byte(), 0);
  EXPECT_EQ(in.below(10), 0u);
  EXPECT_EQ(in.range(3, 9), 3u);
  EXPECT_FALSE(in.chance(99));
  EXPECT_EQ(in.u64(), 0u);
  EXPECT_EQ(in.text(5, "abc"), "");
  const std::array<unsigned, 3> weights{0, 5, 5};
  EXPECT_EQ(in.weighted(weights), 1u);  // the first choice with weight
  EXPECT_TRUE(in.exhausted());
}

TEST(ByteReader, ReadingPastTheEndYieldsZerosAfterTheData) {
  const std::vector<std::uint8_t> data{7, 9};
  ByteReader in(data);
  EXPECT_EQ(in.byte(), 7);
  EXPECT_EQ(in.byte(), 9);
  EXPECT_EQ(in.byte(), 0);
  EXPECT_EQ(in.byte(), 0);
  EXPECT_EQ(in.consumed(), 2u);
}

TEST(ByteReader, BelowReadsOnlyTheBytesItNeeds) {
  const std::vector<std::uint8_t> data{200, 1, 2, 3, 4};
  ByteReader in(data);
  EXPECT_EQ(in.below(256), 200u);
  EXPECT_EQ(in.consumed(), 1u);
  EXPECT_EQ(in.below(1000), (1u | (2u << 8)) % 1000u);
  EXPECT_EQ(in.consumed(), 3u);
  EXPECT_EQ(in.below(1), 0u);  // a single choice costs nothing
  EXPECT_EQ(in.consumed(), 3u);
}

TEST(ByteReader, BelowAndRangeStayInBoundsForEveryByte) {
  for (int b = 0; b < 256; ++b) {
    const std::vector<std::uint8_t> data{static_cast<std::uint8_t>(b), static_cast<std::uint8_t>(255 - b)};
    for (std::uint64_t n : {1u, 2u, 3u, 7u, 100u, 255u, 256u, 257u, 1000u}) {
      ByteReader in(data);
      EXPECT_LT(in.below(n), n);
    }
    ByteReader in(data);
    const std::uint64_t r = in.range(5, 8);
    EXPECT_GE(r, 5u);
    EXPECT_LE(r, 8u);
  }
}

TEST(ByteReader, WeightedFollowsTheWeights) {
  const std::array<unsigned, 3> weights{1, 0, 1};
  for (int b = 0; b < 256; ++b) {
    const std::vector<std::uint8_t> data{static_cast<std::uint8_t>(b)};
    ByteReader in(data);
    EXPECT_NE(in.weighted(weights), 1u) << "a zero weight is never chosen";
  }
  const std::vector<std::uint8_t> one{1};
  ByteReader in(one);
  EXPECT_EQ(in.weighted(weights), 2u);
}

TEST(ByteReader, SameBytesSameReads) {
  const std::vector<std::uint8_t> data{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  ByteReader a(data), b(data);
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(a.below(1000 + i), b.below(1000 + i));
    EXPECT_EQ(a.chance(50), b.chance(50));
  }
}

}  // namespace
}  // namespace tt::fuzz
