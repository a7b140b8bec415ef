// SHA-256 (FIPS 180-4), used for fragment, envelope-diff and report hashes (SEMANTICS §5:
// "Hashes are SHA-256 over canonical JSON"). Small and self-contained on purpose: hashes
// are part of artifacts, so their algorithm must not depend on a library version.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace tt::harness {

class Sha256 {
 public:
  using Digest = std::array<std::uint8_t, 32>;

  Sha256();
  void update(std::string_view bytes);
  Digest finish();  // the object must not be updated afterwards

 private:
  void compressBlock(const std::uint8_t* block);

  std::array<std::uint32_t, 8> state_;
  std::array<std::uint8_t, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t totalBytes_ = 0;
};

// Lowercase hex of the SHA-256 of `bytes` (64 characters).
std::string sha256Hex(std::string_view bytes);
std::string toHex(const Sha256::Digest& d);

}  // namespace tt::harness
