// The live pipeline setup (live::configure_pipeline, what the trader loads) quotes only sizes the
// venue accepts: every size-curve entry of every policy's table is a whole lot of the venue's
// szDecimals, and so is every quote after a fill has moved the inventory off zero.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/software_pipeline.hpp"
#include "eth_directory.hpp"
#include "live/pipeline_setup.hpp"
#include "policy/named_policies.hpp"

namespace hlmm::live {
namespace {

constexpr Size kEthLot = 10'000;  // szDecimals 4: 0.0001 ETH

using test::eth_directory;

TEST(PipelineSetup, EverySizeCurveEntryIsAWholeLotOfTheVenue) {
  for (const std::string& policy : policy::policy_names()) {
    engine::SoftwarePipeline pipeline;
    PipelineSetup setup;
    setup.coins = {"ETH"};
    setup.policy = policy;
    const std::vector<LoadedTable> loaded = configure_pipeline(pipeline, eth_directory(), setup);
    ASSERT_EQ(loaded.size(), 1u);
    const PolicyTable& t = loaded.front().table;
    for (int q = 0; q < t.q_levels; ++q) EXPECT_EQ(t.size_curve[q] % kEthLot, 0) << policy << " level " << q << ": " << t.size_curve[q];
  }
}

TEST(PipelineSetup, QuotesAfterAFillAreWholeLots) {
  // The inventory policy's sizes shrink with inventory (exp(-2 rho^2) of its base size): off the
  // lot grid everywhere but at zero unless the table rounds them.
  engine::SoftwarePipeline pipeline;
  PipelineSetup setup;
  setup.coins = {"ETH"};
  setup.policy = "inventory";
  const hl::AssetDirectory dir = eth_directory();
  configure_pipeline(pipeline, dir, setup);
  const std::uint8_t slot = *dir.find("ETH")->slot;
  std::uint32_t seq = 1;
  std::uint64_t ts = 1'700'000'000'000'000'000ull;
  const auto ev = [&](EventKind kind, Side side, Price price, Size size, std::uint8_t flags = 0) {
    ts += 1'000'000;
    return MarketEvent{kind, slot, side, flags, seq++, price, size, ts};
  };
  const Price bid = 2'999'90'000'000, ask = 3'000'10'000'000;
  const MarketEvent fill = ev(EventKind::kFill, Side::kBid, bid, kSizeScale);  // long 1 ETH: inventory level 1
  ts += 1'000'000'000;  // past the fill cooldown (200 ms): both sides quote
  const std::vector<MarketEvent> events{
      fill,
      ev(EventKind::kBookClear, Side::kBoth, 0, 0),
      ev(EventKind::kBookLevel, Side::kBid, bid, 5 * kSizeScale),
      ev(EventKind::kBookLevel, Side::kAsk, ask, 5 * kSizeScale, kFlagEndOfSnapshot)};
  pipeline.push(events);
  std::vector<QuoteIntent> out;
  pipeline.drain(out);
  int quotes = 0;
  for (const QuoteIntent& i : out) {
    if (i.kind != IntentKind::kQuote) continue;
    ++quotes;
    EXPECT_GT(i.size, 0);
    EXPECT_EQ(i.size % kEthLot, 0) << (i.side == Side::kBid ? "bid " : "ask ") << i.size;
  }
  EXPECT_EQ(quotes, 2);
}

}  // namespace
}  // namespace hlmm::live
