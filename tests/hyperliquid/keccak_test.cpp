#include "hyperliquid/keccak.hpp"

#include <cryptopp/keccak.h>
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "hyperliquid/hex.hpp"

namespace hlmm::hl {
namespace {

std::string k(std::string_view s) { return to_hex(keccak256(s)); }

// Published Keccak-256 values (Ethereum's keccak256, padding 0x01). The distinction from SHA3-256
// matters: sha3_256("") is a7ffc6f8…, and a library with the wrong padding fails every case here.
TEST(Keccak256, EmptyString) {
  EXPECT_EQ(k(""), "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
}

TEST(Keccak256, Abc) {
  EXPECT_EQ(k("abc"), "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
}

TEST(Keccak256, QuickBrownFox) {
  EXPECT_EQ(k("The quick brown fox jumps over the lazy dog"),
            "0x4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15");
}

TEST(Keccak256, OneHundredTwelveBytes) {
  EXPECT_EQ(k("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqr"
              "lmnopqrsmnopqrstnopqrstu"),
            "0xf519747ed599024f3882238e5ab43960132572b7345fbeb9a90769dafd21ad67");
}

TEST(Keccak256, MillionAsSpansManyBlocks) {
  EXPECT_EQ(k(std::string(1'000'000, 'a')),
            "0xfadae6b49f129bbb812be8407b7b2894f34aecf6dbd1f9b0f0c7e9853098fc96");
}

// Around the 136-byte rate, where padding spills into a second block. Values from an independent
// pure-Python Keccak whose permutation was first checked against hashlib.sha3_256.
TEST(Keccak256, RateBoundaries) {
  EXPECT_EQ(k(std::string(135, 'a')), "0x34367dc248bbd832f4e3e69dfaac2f92638bd0bbd18f2912ba4ef454919cf446");
  EXPECT_EQ(k(std::string(136, 'a')), "0xa6c4d403279fe3e0af03729caada8374b5ca54d8065329a3ebcaeb4b60aa386e");
  EXPECT_EQ(k(std::string(137, 'a')), "0xd869f639c7046b4929fc92a4d988a8b22c55fbadb802c0c66ebcd484f1915f39");
  EXPECT_EQ(k(std::string(272, 'a')), "0xcf7fcd4f705ee749930d19ca84561a9bf62516bd90a471545fa2f49fdc7e63c8");
}

TEST(Keccak256, SpanAndStringOverloadsAgree) {
  const std::string s = "hyperliquid";
  const std::span<const std::uint8_t> bytes(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
  EXPECT_EQ(keccak256(bytes), keccak256(s));
}

// Every length from empty to five blocks and a sample beyond, random bytes, against Crypto++'s
// Keccak_256 (an independent implementation, used only here).
TEST(Keccak256, MatchesCryptoppOnRandomInputs) {
  std::mt19937_64 rng(7);
  std::vector<std::uint8_t> buf;
  auto check = [&](std::size_t n) {
    buf.resize(n);
    for (auto& b : buf) b = static_cast<std::uint8_t>(rng());
    Hash32 reference;
    CryptoPP::Keccak_256 h;
    h.Update(buf.data(), buf.size());
    h.Final(reference.data());
    ASSERT_EQ(keccak256(buf), reference) << "length " << n;
  };
  for (std::size_t n = 0; n <= 5 * 136 + 1; ++n) check(n);
  for (int i = 0; i < 200; ++i) check(rng() % 20'000);
}

// Keccak-f[1600] of the all-zero state: the first lanes of the Keccak team's published
// intermediate values (KeccakF-1600-IntermediateValues.txt).
TEST(KeccakF1600, ZeroStateKnownAnswer) {
  std::uint64_t state[25] = {};
  ASSERT_TRUE(detail::keccak_f1600(state, detail::KeccakIsa::kPortable));
  EXPECT_EQ(state[0], 0xF1258F7940E1DDE7ULL);
  EXPECT_EQ(state[1], 0x84D5CCF933C0478AULL);
}

// Both compilations of the permutation (and the one keccak256 chose) agree on random states.
// On a CPU without BMI the BMI build cannot run; the test says so rather than passing silently.
TEST(KeccakF1600, PortableAndBmiBuildsAgree) {
  std::mt19937_64 rng(11);
  std::uint64_t probe[25] = {};
  if (!detail::keccak_f1600(probe, detail::KeccakIsa::kBmi)) GTEST_SKIP() << "this CPU has no BMI1/BMI2";
  for (int i = 0; i < 1'000; ++i) {
    std::uint64_t a[25], b[25], c[25];
    for (int k = 0; k < 25; ++k) a[k] = b[k] = c[k] = rng();
    ASSERT_TRUE(detail::keccak_f1600(a, detail::KeccakIsa::kPortable));
    ASSERT_TRUE(detail::keccak_f1600(b, detail::KeccakIsa::kBmi));
    ASSERT_TRUE(detail::keccak_f1600(c, detail::KeccakIsa::kChosen));
    for (int k = 0; k < 25; ++k) {
      ASSERT_EQ(a[k], b[k]) << "lane " << k;
      ASSERT_EQ(a[k], c[k]) << "lane " << k;
    }
  }
}

}  // namespace
}  // namespace hlmm::hl
