// A total reader of fuzzer bytes: every read succeeds. Past the end it yields zeros, so
// an empty or short input means "the simplest choice everywhere" — which is also what
// shrinking (fewer bytes, smaller bytes) moves towards.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace tt::fuzz {

class ByteReader {
 public:
  explicit ByteReader(std::span<const std::uint8_t> data) : data_(data) {}

  // The next byte, or 0 past the end.
  std::uint8_t byte();
  // A number in [0, n): reads as many bytes as n needs (1 for n <= 256). n == 0 gives 0.
  std::uint64_t below(std::uint64_t n);
  // A number in [lo, hi] (hi < lo gives lo).
  std::uint64_t range(std::uint64_t lo, std::uint64_t hi);
  // True with probability about percent/100; false past the end.
  bool chance(unsigned percent);
  // An index into a table of weights (weights need not sum to anything); index 0 past the
  // end. An all-zero table gives 0.
  std::size_t weighted(std::span<const unsigned> weights);
  // A full 64-bit value (little-endian, zero-filled).
  std::uint64_t u64();
  // Up to maxLen bytes mapped into `alphabet` (empty alphabet gives "").
  std::string text(std::size_t maxLen, std::string_view alphabet);

  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[static_cast<std::size_t>(below(items.size()))];
  }

  bool exhausted() const { return pos_ >= data_.size(); }
  std::size_t consumed() const { return pos_ < data_.size() ? pos_ : data_.size(); }
  std::size_t remaining() const { return exhausted() ? 0 : data_.size() - pos_; }

 private:
  std::span<const std::uint8_t> data_;
  std::size_t pos_ = 0;
};

}  // namespace tt::fuzz
