// The RTL's AXI4-Lite control port against docs/register-map.md, read and written through the
// Verilated model's bus: what the differential tests never read (the global block read back,
// the status register, addresses outside the build's N and M) and writes the map ignores.
#include <cstdint>
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "hlmm/pipeline_config.hpp"
#include "hlmm/records.hpp"
#include "register_map.hpp"
#include "rtl_harness.hpp"

namespace hlmm {
namespace {

namespace rm = sim::regmap;

struct Port : ::testing::Test {
  sim::RtlHarness h;
  unsigned n = 0;
  unsigned m = 0;
  void SetUp() override {
    const std::uint32_t params = h.read32(rm::kParams);
    n = params & 0xFFFFu;
    m = params >> 16;
    ASSERT_GT(n, 0u);
    ASSERT_GT(m, 0u);
  }
};

TEST_F(Port, IdentityAndParameters) {
  EXPECT_EQ(h.read32(rm::kId), rm::kIdValue);
  EXPECT_EQ(n, static_cast<unsigned>(kBookLevels));
  EXPECT_EQ(m, static_cast<unsigned>(kMaxAssets));
}

TEST_F(Port, GlobalConfigReadsBackAsItsByteImage) {
  GlobalConfig g{};
  g.kill = 1;
  g.reserved0 = 0xA5;
  g.max_open_orders = 0xBEEF;
  g.reserved1 = 0x1234'5678;
  g.rate_interval_ns = 0x0123'4567'89AB'CDEFull;
  g.rate_tolerance_ns = 0xFEDC'BA98'7654'3210ull;
  h.write_image(rm::kGlobalConfig, &g, sizeof(g));
  std::uint32_t words[sizeof(GlobalConfig) / 4];
  std::memcpy(words, &g, sizeof(g));
  for (std::size_t i = 0; i < std::size(words); ++i) {
    EXPECT_EQ(h.read32(rm::kGlobalConfig + 4 * static_cast<std::uint32_t>(i)), words[i]) << "word " << i;
  }
}

TEST_F(Port, StatusSaysIdleBeforeAndAfterAStream) {
  EXPECT_EQ(h.read32(rm::kStatus), 1u);
  AssetConfig c{};
  c.enabled = 1;
  h.write_image(rm::asset_base(0) + rm::kAssetConfig, &c, sizeof(c));
  std::vector<MarketEvent> events;
  for (std::uint32_t i = 0; i < 200; ++i) {
    events.push_back(MarketEvent{EventKind::kBookLevel, 0, Side::kBid, 0, i, (100 + i % 7) * kPriceScale, kSizeScale,
                                 1'000 + i});
  }
  std::vector<QuoteIntent> out;
  h.run(events, out);  // returns once the RTL has drained
  EXPECT_EQ(h.read32(rm::kStatus), 1u);
  EXPECT_EQ(h.read32(rm::kCounters), 200u);  // events, low word: the stream did go through
}

TEST_F(Port, AddressesOutsideTheBuildReadZero) {
  // A slot that exists holds something non-zero to tell the two apart.
  AssetConfig c{};
  c.enabled = 1;
  c.position_limit = 7;
  h.write_image(rm::asset_base(m - 1) + rm::kAssetConfig, &c, sizeof(c));
  h.write_image(rm::asset_base(0) + rm::kAssetConfig, &c, sizeof(c));
  EXPECT_EQ(h.read32(rm::asset_base(m - 1) + rm::kAssetConfig), 1u);
  EXPECT_EQ(h.read32(rm::asset_base(m) + rm::kAssetConfig), 0u);
  std::vector<QuoteIntent> out;
  const std::vector<MarketEvent> snapshot{
      {EventKind::kBookClear, 0, Side::kBoth, 0, 0, 0, 0, 1},
      {EventKind::kBookLevel, 0, Side::kBid, 0, 1, 100 * kPriceScale, kSizeScale, 2},
      {EventKind::kBookLevel, 0, Side::kAsk, kFlagEndOfSnapshot, 2, 101 * kPriceScale, kSizeScale, 3}};
  h.run(snapshot, out);
  EXPECT_EQ(h.read64(rm::book_base(0) + rm::kBidPrice), static_cast<std::uint64_t>(100 * kPriceScale));
  EXPECT_EQ(h.read32(rm::book_base(m) + rm::kBidPrice), 0u);           // slot M
  EXPECT_EQ(h.read32(rm::book_base(0) + rm::kBidPrice + 8 * n), 0u);   // level N
  EXPECT_EQ(h.read32(rm::book_base(0) + 0x800), 0u);                   // past the four arrays
  EXPECT_EQ(h.read32(0x0000'0018), 0u);                                // after GlobalConfig
  EXPECT_EQ(h.read32(0x0000'0330), 0u);                                // after the counters
}

TEST_F(Port, WritesToReadOnlyAndUnmappedAddressesAreIgnored) {
  h.write32(rm::kId, 0);
  h.write32(rm::kStatus, 0);
  h.write32(rm::kCounters, 0xFFFF'FFFFu);
  h.write32(0x0000'0018, 0xFFFF'FFFFu);
  h.write32(rm::asset_base(m) + rm::kAssetConfig, 1);
  EXPECT_EQ(h.read32(rm::kId), rm::kIdValue);
  EXPECT_EQ(h.read32(rm::kStatus), 1u);
  EXPECT_EQ(h.read32(rm::kCounters), 0u);
  EXPECT_EQ(h.read32(0x0000'0018), 0u);
  EXPECT_EQ(h.read32(rm::asset_base(m) + rm::kAssetConfig), 0u);
  for (unsigned a = 0; a < m; ++a) EXPECT_EQ(h.read32(rm::asset_base(a) + rm::kAssetConfig), 0u) << "slot " << a;
}

}  // namespace
}  // namespace hlmm
