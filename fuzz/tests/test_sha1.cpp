#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "tt/fuzz/sha1.hpp"

namespace tt::fuzz {
namespace {

std::string sha1Of(std::string_view s) {
  return sha1Hex({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
}

// FIPS 180 test vectors: the names must match the ones libFuzzer gives crash files.
TEST(Sha1, MatchesTheStandardVectors) {
  EXPECT_EQ(sha1Of(""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(sha1Of("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(sha1Of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
  const std::string million(1000000, 'a');
  EXPECT_EQ(sha1Of(million), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

}  // namespace
}  // namespace tt::fuzz
