// Finding where JSON text stops being "plain": printable ASCII (0x20..0x7e) other than '"' and
// '\\', the bytes a JSON string can hold as themselves. The l2Book scanner uses the byte class
// (its strings are too short for word steps), the JSON writer the word-at-a-time prefix (whether a
// string needs escaping); both are on the order path.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace hlmm::hl::detail {

// The high bit of every byte of `w` that is not plain. Exact for the lowest such byte (the
// subtractions' borrows can only mark bytes above a marked one), which is the one wanted.
constexpr std::uint64_t not_plain_bytes(std::uint64_t w) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
  const auto zero_byte = [](std::uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  const std::uint64_t control = (w - 0x20 * kOnes) & ~w & kHigh;  // < 0x20
  const std::uint64_t high = (w | (w + kOnes)) & kHigh;           // >= 0x7f
  return control | high | zero_byte(w ^ ('"' * kOnes)) | zero_byte(w ^ ('\\' * kOnes));
}

constexpr bool plain_byte(unsigned char c) { return c >= 0x20 && c <= 0x7e && c != '"' && c != '\\'; }

// The number of plain bytes at the start of [p, end): eight at a time, then byte by byte.
inline std::size_t plain_prefix(const char* p, const char* end) {
  const char* const begin = p;
  if constexpr (std::endian::native == std::endian::little) {
    while (end - p >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p, 8);
      if (const std::uint64_t m = not_plain_bytes(w)) return static_cast<std::size_t>(p - begin) + std::countr_zero(m) / 8;
      p += 8;
    }
  }
  while (p != end && plain_byte(static_cast<unsigned char>(*p))) ++p;
  return static_cast<std::size_t>(p - begin);
}

}  // namespace hlmm::hl::detail
