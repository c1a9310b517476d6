// The market-data path does not touch the heap: once a FeedDecoder and a FeedMessage exist,
// decoding l2Book, bbo, trades and activeAssetCtx frames allocates nothing (the simdjson parser
// and the copy buffer were sized for kMaxFrameBytes up front; records go to the caller's buffer).
// Its own executable because it links the allocation counter (tests/support/alloc_counter.hpp).
#include <gtest/gtest.h>

#include "alloc_counter.hpp"

#include <string>

#include "hyperliquid/parse_market.hpp"
#include "message_fixtures.hpp"

namespace hlmm::hl {
namespace {

TEST(MarketPath, DecodingMarketFramesDoesNotAllocate) {
  FeedDecoder decoder(test::fixture_directory());
  FeedMessage msg;
  const std::string frames[] = {test::read_message_fixture("ws_l2book.json"), test::read_message_fixture("ws_bbo.json"),
                                test::read_message_fixture("ws_trades.json"),
                                test::read_message_fixture("ws_active_asset_ctx.json")};
  // A refused frame must not allocate either (the error is a value with inline text).
  const std::string bad = R"({"channel":"l2Book","data":{"coin":"DOGE","time":1,"levels":[[],[]]}})";
  for (const std::string& f : frames) ASSERT_TRUE(decoder.decode(f, msg).ok());
  const long before = hlmm::test::allocations();
  std::size_t records = 0;
  int errors = 0;
  for (int i = 0; i < 1000; ++i) {
    for (const std::string& f : frames) {
      if (decoder.decode(f, msg)) ++errors;
      records += msg.records.size();
    }
    if (decoder.decode(bad, msg).code == ParseErrc::kUnknownCoin) ++errors;
  }
  EXPECT_EQ(hlmm::test::allocations() - before, 0);
  EXPECT_EQ(errors, 1000);            // only the bad frames
  EXPECT_EQ(records, 1000u * (7 + 6 + 2 + 1));  // the work was done
}

// The counter works: the user-channel path builds strings and vectors, and that is seen.
TEST(MarketPath, TheCounterSeesAllocationsOnTheUserChannelPath) {
  FeedDecoder decoder(test::fixture_directory());
  FeedMessage msg;
  const std::string fills = test::read_message_fixture("ws_user_fills.json");
  const long before = hlmm::test::allocations();
  ASSERT_TRUE(decoder.decode(fills, msg).ok());
  EXPECT_GT(hlmm::test::allocations() - before, 0);
}

}  // namespace
}  // namespace hlmm::hl
