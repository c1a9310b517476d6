// plain_prefix (host/hyperliquid/plain_text.hpp) against the byte-by-byte definition: every byte
// value at every position of a word, after plain and non-plain neighbours, and random strings.
#include "hyperliquid/plain_text.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace hlmm::hl::detail {
namespace {

std::size_t reference_prefix(const std::string& s) {
  std::size_t n = 0;
  while (n < s.size() && plain_byte(static_cast<unsigned char>(s[n]))) ++n;
  return n;
}

TEST(PlainText, ByteClassIsPrintableAsciiWithoutQuoteOrBackslash) {
  for (int c = 0; c < 256; ++c) {
    const bool expected = c >= 0x20 && c <= 0x7e && c != '"' && c != '\\';
    EXPECT_EQ(plain_byte(static_cast<unsigned char>(c)), expected) << c;
  }
}

TEST(PlainText, EveryByteAtEveryPositionOfTheWord) {
  for (int c = 0; c < 256; ++c) {
    for (std::size_t at = 0; at < 20; ++at) {
      for (const char before : {'a', '\xff', '\x00', '"'}) {
        // `before` sits after the byte under test: a non-plain byte there must not hide it.
        std::string s(24, 'x');
        s[at] = static_cast<char>(c);
        if (at + 1 < s.size()) s[at + 1] = before;
        ASSERT_EQ(plain_prefix(s.data(), s.data() + s.size()), reference_prefix(s)) << "byte " << c << " at " << at;
      }
    }
  }
}

TEST(PlainText, RandomStrings) {
  std::mt19937_64 rng(5);
  for (int i = 0; i < 20'000; ++i) {
    std::string s(rng() % 40, ' ');
    for (char& ch : s) ch = static_cast<char>(rng() % 8 == 0 ? rng() % 256 : 0x20 + rng() % 95);
    ASSERT_EQ(plain_prefix(s.data(), s.data() + s.size()), reference_prefix(s)) << s;
  }
}

}  // namespace
}  // namespace hlmm::hl::detail
