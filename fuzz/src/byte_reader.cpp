#include "tt/fuzz/byte_reader.hpp"

namespace tt::fuzz {

std::uint8_t ByteReader::byte() {
  if (pos_ >= data_.size()) return 0;
  return data_[pos_++];
}

std::uint64_t ByteReader::below(std::uint64_t n) {
  if (n <= 1) return 0;
  // Read just enough bytes to cover n-1, so small choices cost one byte.
  std::uint64_t value = 0;
  std::uint64_t span = n - 1;
  int shift = 0;
  while (span > 0 && shift < 64) {
    value |= static_cast<std::uint64_t>(byte()) << shift;
    shift += 8;
    span >>= 8;
  }
  return value % n;
}

std::uint64_t ByteReader::range(std::uint64_t lo, std::uint64_t hi) {
  if (hi <= lo) return lo;
  const std::uint64_t width = hi - lo;
  if (width == UINT64_MAX) return lo + u64();
  return lo + below(width + 1);
}

bool ByteReader::chance(unsigned percent) {
  if (exhausted()) return false;
  return below(100) < percent;
}

std::size_t ByteReader::weighted(std::span<const unsigned> weights) {
  std::uint64_t total = 0;
  for (unsigned w : weights) total += w;
  if (total == 0) return 0;
  std::uint64_t roll = below(total);
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (roll < weights[i]) return i;
    roll -= weights[i];
  }
  return 0;  // unreachable: roll < total
}

std::uint64_t ByteReader::u64() {
  std::uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value |= static_cast<std::uint64_t>(byte()) << (8 * i);
  return value;
}

std::string ByteReader::text(std::size_t maxLen, std::string_view alphabet) {
  std::string out;
  if (alphabet.empty()) return out;
  const std::size_t len = static_cast<std::size_t>(below(maxLen + 1));
  out.reserve(len);
  for (std::size_t i = 0; i < len; ++i) out.push_back(alphabet[below(alphabet.size())]);
  return out;
}

}  // namespace tt::fuzz
