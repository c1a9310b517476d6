#include "hyperliquid/keccak.hpp"

#include <gtest/gtest.h>

#include <string>

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

}  // namespace
}  // namespace hlmm::hl
