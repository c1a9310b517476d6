// The host <-> pipeline record layout: the bytes on the stream are the contract with rtl/.
#include "hlmm/records.hpp"

#include <array>
#include <cstring>
#include <type_traits>

#include <gtest/gtest.h>

namespace hlmm {
namespace {

static_assert(std::is_trivially_copyable_v<MarketEvent>);
static_assert(std::is_standard_layout_v<MarketEvent>);
static_assert(std::is_trivially_copyable_v<QuoteIntent>);
static_assert(std::is_standard_layout_v<QuoteIntent>);

template <typename T>
std::array<unsigned char, kRecordBytes> bytes_of(const T& record) {
  std::array<unsigned char, kRecordBytes> out{};
  std::memcpy(out.data(), &record, sizeof record);
  return out;
}

std::uint64_t read_le(const std::array<unsigned char, kRecordBytes>& b, std::size_t at, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v |= static_cast<std::uint64_t>(b[at + i]) << (8 * i);
  return v;
}

TEST(Records, MarketEventBytesAreLittleEndianAtDocumentedOffsets) {
  const MarketEvent e{EventKind::kBookLevel, 31, Side::kAsk, kFlagEndOfSnapshot | kFlagEndOfBatch,
                      0xA1B2C3D4u, 0x0102030405060708, -2, 0x1122334455667788ull};
  const auto b = bytes_of(e);
  EXPECT_EQ(b[0], 1);
  EXPECT_EQ(b[1], 31);
  EXPECT_EQ(b[2], 1);
  EXPECT_EQ(b[3], 3);
  EXPECT_EQ(read_le(b, 4, 4), 0xA1B2C3D4u);
  EXPECT_EQ(read_le(b, 8, 8), 0x0102030405060708u);
  EXPECT_EQ(read_le(b, 16, 8), 0xFFFFFFFFFFFFFFFEu);  // two's complement
  EXPECT_EQ(read_le(b, 24, 8), 0x1122334455667788u);

  MarketEvent back{};
  std::memcpy(&back, b.data(), b.size());
  EXPECT_EQ(back, e);
}

TEST(Records, QuoteIntentBytesAreLittleEndianAtDocumentedOffsets) {
  const QuoteIntent q{IntentKind::kReject, 7, Side::kBid, Reason::kPositionLimit, 99,
                      345'670'000'000, 150'000'000, 42};
  const auto b = bytes_of(q);
  EXPECT_EQ(b[0], 3);
  EXPECT_EQ(b[1], 7);
  EXPECT_EQ(b[2], 0);
  EXPECT_EQ(b[3], 18);
  EXPECT_EQ(read_le(b, 4, 4), 99u);
  EXPECT_EQ(read_le(b, 8, 8), 345'670'000'000u);
  EXPECT_EQ(read_le(b, 16, 8), 150'000'000u);
  EXPECT_EQ(read_le(b, 24, 8), 42u);
}

TEST(Records, EqualityComparesEveryField) {
  const QuoteIntent base{IntentKind::kQuote, 1, Side::kBid, Reason::kNone, 5, 10, 20, 30};
  QuoteIntent other = base;
  EXPECT_EQ(other, base);
  other.ts_ns = 31;
  EXPECT_FALSE(other == base);
  other = base;
  other.reason = Reason::kStaleBook;
  EXPECT_FALSE(other == base);
}

}  // namespace
}  // namespace hlmm
