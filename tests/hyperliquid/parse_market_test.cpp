// FeedDecoder and AssetDirectory: every WS channel fixture decoded and checked field by field,
// the records checked against the pipeline's rules (and run through the golden model), and the
// named error of every kind of bad frame.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "hlmm/kernel.hpp"
#include "hyperliquid/parse_market.hpp"
#include "message_fixtures.hpp"

namespace hlmm::hl {
namespace {

using test::kBtcSlot;
using test::kEthSlot;
using test::read_message_fixture;

constexpr std::uint64_t kMs = 1'000'000;
constexpr Price kUsd = 100'000'000;  // 1.0 at 1e-8

MarketEvent ev(EventKind kind, std::uint8_t slot, Side side, std::uint8_t flags, std::uint32_t seq, Price price,
               Size size, std::uint64_t ts) {
  return MarketEvent{kind, slot, side, flags, seq, price, size, ts};
}

std::vector<MarketEvent> records_of(const FeedMessage& m) { return {m.records.view().begin(), m.records.view().end()}; }

class FeedDecoderTest : public ::testing::Test {
 protected:
  FeedDecoder decoder{test::fixture_directory()};
  FeedMessage msg;

  ParseError decode_fixture(std::string_view name) { return decoder.decode(read_message_fixture(name), msg); }
};

// ---- AssetDirectory ---------------------------------------------------------------------------

TEST(AssetDirectory, MapsNamesIdsSlotsAndSzDecimalsFromMeta) {
  const AssetDirectory dir = test::fixture_directory();
  ASSERT_EQ(dir.size(), 4u);
  const AssetInfo* btc = dir.find("BTC");
  ASSERT_NE(btc, nullptr);
  EXPECT_EQ(btc->asset_id, 0u);
  EXPECT_EQ(btc->sz_decimals, 5);
  EXPECT_EQ(btc->slot, std::optional<std::uint8_t>(kBtcSlot));
  const AssetInfo* eth = dir.find("ETH");
  ASSERT_NE(eth, nullptr);
  EXPECT_EQ(eth->asset_id, 1u);
  EXPECT_EQ(eth->sz_decimals, 4);
  EXPECT_EQ(eth->slot, std::optional<std::uint8_t>(kEthSlot));
  const AssetInfo* atom = dir.find("ATOM");
  ASSERT_NE(atom, nullptr);
  EXPECT_EQ(atom->asset_id, 2u);
  EXPECT_FALSE(atom->slot.has_value());
  EXPECT_EQ(dir.find("DOGE"), nullptr);
  EXPECT_EQ(dir.find(""), nullptr);
  EXPECT_EQ(dir.by_slot(kBtcSlot), btc);
  EXPECT_EQ(dir.by_slot(kEthSlot), eth);
  EXPECT_EQ(dir.by_slot(2), nullptr);
  EXPECT_EQ(dir.by_asset_id(3)->name, "OLD");
  EXPECT_EQ(dir.by_asset_id(4), nullptr);
}

TEST(AssetDirectory, RefusesUnknownDuplicateAndTooManyTradedCoins) {
  const std::vector<AssetMeta> universe = {{"BTC", 5, 50, false, false}, {"ETH", 4, 50, false, false}};
  const std::string_view unknown[] = {"BTC", "DOGE"};
  Parsed<AssetDirectory> r = AssetDirectory::from_meta(universe, unknown);
  EXPECT_EQ(r.error.code, ParseErrc::kUnknownCoin);
  EXPECT_EQ(r.error.detail(), "DOGE");
  const std::string_view twice[] = {"BTC", "BTC"};
  EXPECT_EQ(AssetDirectory::from_meta(universe, twice).error.code, ParseErrc::kBadValue);
  const std::vector<AssetMeta> dup = {{"BTC", 5, 50, false, false}, {"BTC", 4, 50, false, false}};
  EXPECT_EQ(AssetDirectory::from_meta(dup, {}).error.code, ParseErrc::kBadValue);
  std::vector<std::string> names;
  std::vector<AssetMeta> many;
  for (int i = 0; i <= kMaxAssets; ++i) names.push_back(std::string("C").append(std::to_string(i)));
  for (const auto& n : names) many.push_back({n, 0, 1, false, false});
  std::vector<std::string_view> all(names.begin(), names.end());
  EXPECT_EQ(AssetDirectory::from_meta(many, all).error.code, ParseErrc::kBadValue);
}

TEST(AssetDirectory, AddsSpotAndOtherDexCoins) {
  AssetDirectory dir = test::fixture_directory();
  EXPECT_TRUE(dir.add({"@107", 10107, 2, MarketType::kSpot, std::uint8_t{5}}).ok());
  EXPECT_EQ(dir.find("@107")->market, MarketType::kSpot);
  EXPECT_EQ(dir.by_slot(5)->asset_id, 10107u);
  EXPECT_EQ(dir.add({"X", 1, 0, MarketType::kPerp, std::nullopt}).code, ParseErrc::kBadValue);       // id taken
  EXPECT_EQ(dir.add({"Y", 9, 0, MarketType::kPerp, std::uint8_t{5}}).code, ParseErrc::kBadValue);    // slot taken
  EXPECT_EQ(dir.add({"Z", 10, 7, MarketType::kPerp, std::nullopt}).code, ParseErrc::kBadValue);      // szDecimals > 6
  EXPECT_EQ(dir.add({"BTC", 11, 0, MarketType::kPerp, std::nullopt}).code, ParseErrc::kBadValue);    // name taken
  EXPECT_EQ(dir.add({"W", 12, 0, MarketType::kPerp, std::uint8_t{kMaxAssets}}).code, ParseErrc::kBadValue);
}

// ---- market channels --------------------------------------------------------------------------

TEST_F(FeedDecoderTest, L2BookIsOneSnapshotClearLevelsEndFlag) {
  ASSERT_TRUE(decode_fixture("ws_l2book.json").ok());
  EXPECT_EQ(msg.channel, Channel::kL2Book);
  EXPECT_EQ(msg.slot, kBtcSlot);
  EXPECT_EQ(msg.time_ms, 1754450974231u);
  const std::uint64_t ts = 1754450974231u * kMs;
  const std::vector<MarketEvent> want = {
      ev(EventKind::kBookClear, kBtcSlot, Side::kBoth, 0, 0, 0, 0, ts),
      ev(EventKind::kBookLevel, kBtcSlot, Side::kBid, 0, 1, 113377 * kUsd, 766'990'000, ts),
      ev(EventKind::kBookLevel, kBtcSlot, Side::kBid, 0, 2, 113376 * kUsd, 50'000'000, ts),
      ev(EventKind::kBookLevel, kBtcSlot, Side::kBid, 0, 3, 113370 * kUsd, 125'000'000, ts),
      ev(EventKind::kBookLevel, kBtcSlot, Side::kAsk, 0, 4, 113378 * kUsd, 123'000, ts),
      ev(EventKind::kBookLevel, kBtcSlot, Side::kAsk, 0, 5, 113380 * kUsd, 200'000'000, ts),
      ev(EventKind::kBookLevel, kBtcSlot, Side::kAsk, kFlagEndOfSnapshot | kFlagEndOfBatch, 6, 113390 * kUsd,
         1'000'000'000, ts),
  };
  EXPECT_EQ(records_of(msg), want);
  EXPECT_EQ(decoder.next_seq(kBtcSlot), 7u);
  EXPECT_EQ(decoder.next_seq(kEthSlot), 0u);
  EXPECT_EQ(decoder.bids(kBtcSlot).count, 3);
  EXPECT_EQ(decoder.asks(kBtcSlot).price[0], 113378 * kUsd);

  // The next push is again a whole snapshot, numbered on from the last record.
  ASSERT_TRUE(decode_fixture("ws_l2book.json").ok());
  ASSERT_EQ(msg.records.size(), 7u);
  EXPECT_EQ(msg.records[0].seq, 7u);
  EXPECT_EQ(msg.records[6].seq, 13u);
}

TEST_F(FeedDecoderTest, BboMergesIntoTheBookAndIsSentAsASnapshot) {
  ASSERT_TRUE(decode_fixture("ws_l2book.json").ok());
  ASSERT_TRUE(decode_fixture("ws_bbo.json").ok());
  EXPECT_EQ(msg.channel, Channel::kBbo);
  EXPECT_TRUE(msg.bbo.has_bid);
  EXPECT_TRUE(msg.bbo.has_ask);
  EXPECT_EQ(msg.bbo.bid.price, 113376 * kUsd);
  EXPECT_EQ(msg.bbo.bid.size, 70'000'000);
  EXPECT_EQ(msg.bbo.ask.price, 113378 * kUsd);
  EXPECT_EQ(msg.bbo.ask.size, 10'000'000);
  const std::uint64_t ts = 1754450974500u * kMs;
  // 113377 is gone (better than the new best bid); 113376 takes the bbo's size; asks keep depth.
  const std::vector<MarketEvent> want = {
      ev(EventKind::kBookClear, kBtcSlot, Side::kBoth, 0, 7, 0, 0, ts),
      ev(EventKind::kBookLevel, kBtcSlot, Side::kBid, 0, 8, 113376 * kUsd, 70'000'000, ts),
      ev(EventKind::kBookLevel, kBtcSlot, Side::kBid, 0, 9, 113370 * kUsd, 125'000'000, ts),
      ev(EventKind::kBookLevel, kBtcSlot, Side::kAsk, 0, 10, 113378 * kUsd, 10'000'000, ts),
      ev(EventKind::kBookLevel, kBtcSlot, Side::kAsk, 0, 11, 113380 * kUsd, 200'000'000, ts),
      ev(EventKind::kBookLevel, kBtcSlot, Side::kAsk, kFlagEndOfSnapshot | kFlagEndOfBatch, 12, 113390 * kUsd,
         1'000'000'000, ts),
  };
  EXPECT_EQ(records_of(msg), want);
}

TEST_F(FeedDecoderTest, BboWithAnEmptySideClearsThatSide) {
  ASSERT_TRUE(decode_fixture("ws_l2book.json").ok());
  const std::string frame =
      R"({"channel":"bbo","data":{"coin":"BTC","time":1754450975000,"bbo":[null,{"px":"113379.0","sz":"1.0","n":1}]}})";
  ASSERT_TRUE(decoder.decode(frame, msg).ok());
  EXPECT_FALSE(msg.bbo.has_bid);
  // clear, then the asks 113379 (the new best; 113378 is gone), 113380, 113390; no bids.
  ASSERT_EQ(msg.records.size(), 4u);
  EXPECT_EQ(msg.records[0].kind, EventKind::kBookClear);
  EXPECT_EQ(msg.records[1].price, 113379 * kUsd);
  EXPECT_EQ(msg.records[1].size, kUsd);
  EXPECT_EQ(msg.records[1].side, Side::kAsk);
  EXPECT_EQ(msg.records[3].price, 113390 * kUsd);
  EXPECT_EQ(decoder.bids(kBtcSlot).count, 0);
  EXPECT_EQ(decoder.asks(kBtcSlot).count, 3);
}

TEST_F(FeedDecoderTest, BboWorseThanTheWholeAskSideReplacesIt) {
  ASSERT_TRUE(decode_fixture("ws_l2book.json").ok());
  const std::string frame = R"({"channel":"bbo","data":{"coin":"BTC","time":1754450975000,"bbo":[)"
                            R"({"px":"113395.0","sz":"1.0","n":1},{"px":"113400.0","sz":"2.0","n":1}]}})";
  ASSERT_TRUE(decoder.decode(frame, msg).ok());
  EXPECT_EQ(decoder.bids(kBtcSlot).count, 4);  // a better bid is added on top
  EXPECT_EQ(decoder.bids(kBtcSlot).price[0], 113395 * kUsd);
  EXPECT_EQ(decoder.asks(kBtcSlot).count, 1);  // every ask below 113400 is gone
  EXPECT_EQ(decoder.asks(kBtcSlot).price[0], 113400 * kUsd);
}

TEST_F(FeedDecoderTest, TradesAreOneRecordPerPrintWithTheAggressorSide) {
  ASSERT_TRUE(decode_fixture("ws_trades.json").ok());
  EXPECT_EQ(msg.channel, Channel::kTrades);
  const std::vector<MarketEvent> want = {
      ev(EventKind::kTrade, kEthSlot, Side::kBid, 0, 0, 345'670'000'000, 1'250'000, 1754450975000u * kMs),
      ev(EventKind::kTrade, kEthSlot, Side::kAsk, kFlagEndOfBatch, 1, 345'660'000'000, 150'000'000,
         1754450975001u * kMs),
  };
  EXPECT_EQ(records_of(msg), want);
}

TEST_F(FeedDecoderTest, ActiveAssetCtxGivesTheContextAndACashFundingRecord) {
  ASSERT_TRUE(decode_fixture("ws_trades.json").ok());
  ASSERT_TRUE(decode_fixture("ws_active_asset_ctx.json").ok());
  EXPECT_EQ(msg.channel, Channel::kActiveAssetCtx);
  EXPECT_EQ(msg.slot, kEthSlot);
  EXPECT_EQ(msg.asset_ctx.mark_price, 345'680'000'000);
  EXPECT_EQ(msg.asset_ctx.mid_price, std::optional<Price>(345'665'000'000));
  EXPECT_EQ(msg.asset_ctx.oracle_price, 345'720'000'000);
  EXPECT_EQ(msg.asset_ctx.funding_rate, 1'250);
  EXPECT_EQ(msg.asset_ctx.premium, 31'774);
  EXPECT_EQ(msg.asset_ctx.open_interest, 68'811'000'000);
  ASSERT_EQ(msg.records.size(), 1u);
  // f = 3456.65 * 0.0000125 = 0.0432081250: 4320812.5 units, a tie, rounded away from zero.
  // Timestamp: the slot's latest venue time (the second trade), not a host clock.
  EXPECT_EQ(msg.records[0], ev(EventKind::kFunding, kEthSlot, Side::kBid, kFlagEndOfBatch, 2, 4'320'813, 0,
                               1754450975001u * kMs));
}

TEST_F(FeedDecoderTest, FundingUsesMarkWhenMidIsNullAndRoundsNegativeRatesAwayFromZero) {
  const std::string frame = R"({"channel":"activeAssetCtx","data":{"coin":"BTC","ctx":{"markPx":"100000.0",)"
                            R"("midPx":null,"oraclePx":"100010.0","funding":"-0.00000001","openInterest":"1.0","premium":null}}})";
  ASSERT_TRUE(decoder.decode(frame, msg).ok());
  EXPECT_FALSE(msg.asset_ctx.mid_price.has_value());
  EXPECT_EQ(msg.asset_ctx.premium, 0);
  ASSERT_EQ(msg.records.size(), 1u);
  EXPECT_EQ(msg.records[0].price, -100'000);  // 100000 * -1e-8 = -0.001 exactly
  EXPECT_EQ(msg.records[0].ts_ns, 0u);        // no venue time seen for BTC yet
}

// ---- envelope ---------------------------------------------------------------------------------

TEST_F(FeedDecoderTest, GreetingPongSubscriptionAckAndError) {
  ASSERT_TRUE(decode_fixture("ws_greeting.txt").ok());
  EXPECT_EQ(msg.channel, Channel::kGreeting);
  ASSERT_TRUE(decode_fixture("ws_pong.json").ok());
  EXPECT_EQ(msg.channel, Channel::kPong);
  ASSERT_TRUE(decode_fixture("ws_subscription_response.json").ok());
  EXPECT_EQ(msg.channel, Channel::kSubscriptionResponse);
  EXPECT_EQ(msg.subscription, R"({"method":"subscribe","subscription":{"type":"l2Book","coin":"BTC"}})");
  ASSERT_TRUE(decode_fixture("ws_error.json").ok());
  EXPECT_EQ(msg.channel, Channel::kError);
  EXPECT_EQ(msg.error_text, R"(Error parsing JSON into valid websocket request: {"method":"subscribe"})");
  EXPECT_TRUE(msg.records.empty());
}

TEST_F(FeedDecoderTest, PostResponses) {
  ASSERT_TRUE(decode_fixture("ws_post_action.json").ok());
  EXPECT_EQ(msg.channel, Channel::kPost);
  EXPECT_EQ(msg.post.id, 256u);
  EXPECT_EQ(msg.post.kind, PostResponseKind::kAction);
  EXPECT_TRUE(msg.post.action.ok);
  EXPECT_EQ(msg.post.action.type, "order");
  ASSERT_EQ(msg.post.action.statuses.size(), 1u);
  EXPECT_EQ(msg.post.action.statuses[0].kind, OrderStatusKind::kResting);
  EXPECT_EQ(msg.post.action.statuses[0].oid, 88383u);

  ASSERT_TRUE(decode_fixture("ws_post_info.json").ok());
  EXPECT_EQ(msg.post.id, 257u);
  EXPECT_EQ(msg.post.kind, PostResponseKind::kInfo);
  EXPECT_EQ(msg.post.info_payload, R"({"type":"l2Book","data":{"coin":"BTC","time":1,"levels":[[],[]]}})");

  ASSERT_TRUE(decode_fixture("ws_post_error.json").ok());
  EXPECT_EQ(msg.post.id, 258u);
  EXPECT_EQ(msg.post.kind, PostResponseKind::kError);
  EXPECT_EQ(msg.post.error, "400 Bad Request");
}

TEST_F(FeedDecoderTest, DataBeforeChannelIsDecodedToo) {
  const std::string frame = R"({"data":{"coin":"BTC","time":5,"levels":[[{"px":"100.0","sz":"1.0","n":1}],[]]},"channel":"l2Book"})";
  ASSERT_TRUE(decoder.decode(frame, msg).ok()) << decoder.decode(frame, msg).message();
  ASSERT_EQ(msg.records.size(), 2u);
  EXPECT_EQ(msg.records[1].price, 100 * kUsd);
  EXPECT_EQ(msg.records[1].flags, kFlagEndOfSnapshot | kFlagEndOfBatch);
  const std::string err = R"({"data":"bad request","channel":"error"})";
  ASSERT_TRUE(decoder.decode(err, msg).ok());
  EXPECT_EQ(msg.error_text, "bad request");
}

TEST_F(FeedDecoderTest, UnknownChannelIsNamedAndSkipped) {
  const ParseError e = decoder.decode(R"({"channel":"candle","data":{"t":1}})", msg);
  EXPECT_EQ(e.code, ParseErrc::kUnknownChannel);
  EXPECT_EQ(e.detail(), "candle");
  EXPECT_EQ(msg.channel, Channel::kUnknown);
  EXPECT_TRUE(msg.records.empty());
  EXPECT_NE(e.message().find("candle"), std::string::npos);
}

// ---- user channels ----------------------------------------------------------------------------

TEST_F(FeedDecoderTest, OrderUpdates) {
  ASSERT_TRUE(decode_fixture("ws_order_updates.json").ok());
  EXPECT_EQ(msg.channel, Channel::kOrderUpdates);
  ASSERT_EQ(msg.order_updates.size(), 2u);
  const OrderUpdate& a = msg.order_updates[0];
  EXPECT_EQ(a.coin, "BTC");
  EXPECT_TRUE(a.is_buy);
  EXPECT_EQ(a.limit_price, 113000 * kUsd);
  EXPECT_EQ(a.size, 1'000'000);
  EXPECT_EQ(a.orig_size, 2'000'000);
  EXPECT_EQ(a.oid, 91490942u);
  EXPECT_EQ(a.timestamp_ms, 1681247412573u);
  ASSERT_TRUE(a.cloid.has_value());
  EXPECT_EQ(a.cloid->to_string(), "0x0000000000000000000000000000abcd");
  EXPECT_EQ(a.status, "open");
  EXPECT_TRUE(is_open_status(a.status));
  EXPECT_EQ(a.status_timestamp_ms, 1681247412600u);
  const OrderUpdate& b = msg.order_updates[1];
  EXPECT_EQ(b.coin, "ETH");
  EXPECT_FALSE(b.is_buy);
  EXPECT_EQ(b.limit_price, 350'050'000'000);
  EXPECT_EQ(b.size, 0);
  EXPECT_EQ(b.orig_size, kUsd);
  EXPECT_FALSE(b.cloid.has_value());
  EXPECT_EQ(b.status, "canceled");
  EXPECT_FALSE(is_open_status(b.status));
  EXPECT_TRUE(msg.records.empty());
}

void expect_fill2(const UserFill& f) {
  EXPECT_EQ(f.coin, "BTC");
  EXPECT_EQ(f.price, 113377 * kUsd);
  EXPECT_EQ(f.size, 100'000);
  EXPECT_FALSE(f.is_buy);
  EXPECT_EQ(f.time_ms, 1681222254800u);
  EXPECT_EQ(f.start_position, 100'000);
  EXPECT_EQ(f.dir, "Close Long");
  EXPECT_EQ(f.closed_pnl, -125'000'000);
  EXPECT_EQ(f.hash, "0x00");
  EXPECT_EQ(f.oid, 90542682u);
  EXPECT_TRUE(f.crossed);
  EXPECT_EQ(f.fee, 5'101'965);
  EXPECT_EQ(f.tid, 7u);
  EXPECT_EQ(f.fee_token, "USDC");
  ASSERT_TRUE(f.cloid.has_value());
  EXPECT_EQ(f.cloid->bytes[15], 0xcd);
}

TEST_F(FeedDecoderTest, UserFillsSnapshot) {
  ASSERT_TRUE(decode_fixture("ws_user_fills.json").ok());
  EXPECT_EQ(msg.channel, Channel::kUserFills);
  EXPECT_TRUE(msg.user_fills.is_snapshot);
  EXPECT_EQ(msg.user_fills.user, "0x1719884eb866cb12b2287399b15f7db5e7d775ea");
  ASSERT_EQ(msg.user_fills.fills.size(), 2u);
  const UserFill& f = msg.user_fills.fills[0];
  EXPECT_EQ(f.coin, "AVAX");
  EXPECT_EQ(f.price, 1'843'500'000);
  EXPECT_EQ(f.size, 9'353'000'000);
  EXPECT_TRUE(f.is_buy);
  EXPECT_EQ(f.start_position, 2'686'000'000);
  EXPECT_EQ(f.dir, "Open Long");
  EXPECT_EQ(f.closed_pnl, 0);
  EXPECT_EQ(f.hash, "0xa166e3fa63c25663024b03f2e0da011a00307e4017e5fd3c8b0a1fd4fd9d7a5f");
  EXPECT_FALSE(f.crossed);
  EXPECT_EQ(f.fee, -1'000'000);  // a rebate
  EXPECT_EQ(f.tid, 118906512037719u);
  EXPECT_FALSE(f.cloid.has_value());
  expect_fill2(msg.user_fills.fills[1]);

  // A streaming message has no isSnapshot: it must read as false, not keep the previous value.
  const std::string streaming = R"({"channel":"userFills","data":{"user":"0x1","fills":[]}})";
  ASSERT_TRUE(decoder.decode(streaming, msg).ok());
  EXPECT_FALSE(msg.user_fills.is_snapshot);
  EXPECT_TRUE(msg.user_fills.fills.empty());
}

TEST_F(FeedDecoderTest, UserEvents) {
  ASSERT_TRUE(decode_fixture("ws_user_event_fills.json").ok());
  EXPECT_EQ(msg.channel, Channel::kUserEvents);
  ASSERT_EQ(msg.user_event.fills.size(), 1u);
  expect_fill2(msg.user_event.fills[0]);
  EXPECT_FALSE(msg.user_event.funding.has_value());

  ASSERT_TRUE(decode_fixture("ws_user_event_funding.json").ok());
  ASSERT_TRUE(msg.user_event.funding.has_value());
  EXPECT_TRUE(msg.user_event.fills.empty());
  EXPECT_EQ(msg.user_event.funding->time_ms, 1683849600076u);
  EXPECT_EQ(msg.user_event.funding->coin, "ETH");
  EXPECT_EQ(msg.user_event.funding->usdc, -51'200'000);
  EXPECT_EQ(msg.user_event.funding->position, -150'000'000);
  EXPECT_EQ(msg.user_event.funding->funding_rate, 1'250);

  ASSERT_TRUE(decode_fixture("ws_user_event_cancel.json").ok());
  ASSERT_EQ(msg.user_event.non_user_cancels.size(), 2u);
  EXPECT_EQ(msg.user_event.non_user_cancels[0].coin, "BTC");
  EXPECT_EQ(msg.user_event.non_user_cancels[0].oid, 91490942u);
  EXPECT_EQ(msg.user_event.non_user_cancels[1].oid, 5u);
  EXPECT_FALSE(msg.user_event.liquidation);

  ASSERT_TRUE(decode_fixture("ws_user_event_liquidation.json").ok());
  EXPECT_TRUE(msg.user_event.liquidation);
  EXPECT_TRUE(msg.user_event.non_user_cancels.empty());

  EXPECT_EQ(decoder.decode(R"({"channel":"user","data":{}})", msg).code, ParseErrc::kMissingField);
  EXPECT_EQ(decoder.decode(R"({"channel":"user","data":{"fills":[],"liquidation":{}}})", msg).code, ParseErrc::kBadValue);
}

// ---- named errors -----------------------------------------------------------------------------

struct BadFrame {
  const char* frame;
  ParseErrc code;
  const char* field;  // nullptr: not checked
};

TEST_F(FeedDecoderTest, BadFramesGiveTheirNamedError) {
  const BadFrame cases[] = {
      {"", ParseErrc::kEmpty, nullptr},
      {" \n ", ParseErrc::kEmpty, nullptr},
      {"hello", ParseErrc::kMalformedJson, nullptr},
      {R"({"channel":"pong"} x)", ParseErrc::kMalformedJson, nullptr},
      {R"({"channel":"pong"}{})", ParseErrc::kMalformedJson, nullptr},
      {R"([1,2])", ParseErrc::kWrongType, nullptr},
      {R"("pong")", ParseErrc::kWrongType, nullptr},
      {R"({"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":[[],[])", ParseErrc::kTruncated, nullptr},
      {R"({"channel":"l2Book","data":{"coin":"BT)", ParseErrc::kTruncated, nullptr},
      {R"({"data":{}})", ParseErrc::kMissingField, "channel"},
      {R"({"channel":"l2Book"})", ParseErrc::kMissingField, "data"},
      {R"({"channel":7,"data":{}})", ParseErrc::kWrongType, "channel"},
      {R"({"channel":"l2Book","data":{"time":1,"levels":[[],[]]}})", ParseErrc::kMissingField, "coin"},
      {R"({"channel":"l2Book","data":{"coin":"BTC","levels":[[],[]]}})", ParseErrc::kMissingField, "time"},
      {R"({"channel":"l2Book","data":{"coin":"BTC","time":"1","levels":[[],[]]}})", ParseErrc::kWrongType, "time"},
      {R"({"channel":"l2Book","data":{"coin":"BTC","time":1.5,"levels":[[],[]]}})", ParseErrc::kBadInteger, "time"},
      {R"({"channel":"l2Book","data":{"coin":"BTC","time":-1,"levels":[[],[]]}})", ParseErrc::kBadInteger, "time"},
      {R"({"channel":"l2Book","data":{"coin":"BTC","time":18446744073709551616,"levels":[[],[]]}})",
       ParseErrc::kBadInteger, "time"},
      {R"({"channel":"l2Book","data":{"coin":"BTC","time":18446744073709551,"levels":[[],[]]}})",
       ParseErrc::kBadInteger, "time"},
      {R"({"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":[[]]}})", ParseErrc::kBadValue, nullptr},
      {R"({"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":[[],[],[]]}})", ParseErrc::kBadValue, nullptr},
      {R"({"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":{}}})", ParseErrc::kWrongType, "levels"},
      {R"({"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":[[{"px":100,"sz":"1","n":1}],[]]}})",
       ParseErrc::kWrongType, "levels.px"},
      {R"({"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":[[{"sz":"1","n":1}],[]]}})",
       ParseErrc::kMissingField, "levels.px"},
      {R"({"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":[[null],[]]}})", ParseErrc::kWrongType, nullptr},
      {R"({"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":[[{"px":"1","sz":"0","n":1}],[]]}})",
       ParseErrc::kBadDecimal, "levels.sz"},
      {R"({"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":[[{"px":"1","sz":"1","n":1},{"px":"2","sz":"1","n":1}],[]]}})",
       ParseErrc::kBadValue, nullptr},
      {R"({"channel":"l2Book","data":{"coin":"DOGE","time":1,"levels":[[],[]]}})", ParseErrc::kUnknownCoin, "coin"},
      {R"({"channel":"l2Book","data":{"coin":"ATOM","time":1,"levels":[[],[]]}})", ParseErrc::kNoSlot, "coin"},
      {R"({"channel":"trades","data":[{"coin":"ETH","side":"X","px":"1","sz":"1","time":1}]})", ParseErrc::kBadValue,
       "trades[].side"},
      {R"({"channel":"trades","data":[{"coin":"ETH","side":"B","px":"1","sz":"0.00001","time":1}]})",
       ParseErrc::kBadDecimal, "trades[].sz"},
      {R"({"channel":"trades","data":{}})", ParseErrc::kWrongType, "trades"},
      {R"({"channel":"bbo","data":{"coin":"BTC","time":1,"bbo":[{"px":"2","sz":"1","n":1},{"px":"1","sz":"1","n":1}]}})",
       ParseErrc::kBadValue, nullptr},
      {R"({"channel":"activeAssetCtx","data":{"coin":"ETH","ctx":{"markPx":"1","oraclePx":"1","openInterest":"1"}}})",
       ParseErrc::kMissingField, "ctx.funding"},
      {R"({"channel":"orderUpdates","data":[{"order":{"coin":"BTC","side":"B","limitPx":"1","sz":"1","oid":1,"timestamp":1,"origSz":"1","cloid":"0x12"},"status":"open","statusTimestamp":1}]})",
       ParseErrc::kBadValue, "order.cloid"},
      {R"({"channel":"post","data":{"id":1,"response":{"type":"action","payload":{"status":"ok","response":"x"}}}})",
       ParseErrc::kWrongType, "response"},
      {R"({"channel":"post","data":{"id":1,"response":{"type":"other","payload":{}}}})", ParseErrc::kBadValue, nullptr},
      {R"({"channel":"l2Book","channel":"bbo","data":{}})", ParseErrc::kBadValue, nullptr},
  };
  for (const BadFrame& c : cases) {
    const ParseError e = decoder.decode(c.frame, msg);
    EXPECT_EQ(e.code, c.code) << c.frame << " -> " << e.message();
    if (c.field != nullptr) {
      EXPECT_EQ(e.field, c.field) << c.frame;
    }
    EXPECT_TRUE(msg.records.empty()) << c.frame;
    EXPECT_EQ(decoder.next_seq(kBtcSlot), 0u) << c.frame;
    EXPECT_EQ(decoder.next_seq(kEthSlot), 0u) << c.frame;
  }
}

TEST_F(FeedDecoderTest, BadDecimalsCarryTheFixedPointError) {
  struct Case {
    const char* px;
    DecimalError want;
  };
  const Case cases[] = {{"1e5", DecimalError::kExponent},
                        {"113377.5", DecimalError::kTooManySignificantFigures},  // BTC: 5 sig figs
                        {"1.25", DecimalError::kTooManyDecimals},                // BTC: 1 decimal at most
                        {"-1", DecimalError::kNegative},
                        {"0", DecimalError::kNotPositive},
                        {"NaN", DecimalError::kNotANumber},
                        {"1,5", DecimalError::kBadCharacter},
                        {"", DecimalError::kEmpty},
                        {"1.", DecimalError::kMalformed},
                        {"99999999999999999999", DecimalError::kOverflow},
                        // Escapes are not unescaped on this path: a decimal never needs one.
                        {"1\\\"2", DecimalError::kBadCharacter},
                        {"1\\u0030", DecimalError::kBadCharacter}};
  for (const Case& c : cases) {
    const std::string frame = std::string(R"({"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":[[{"px":")") +
                              c.px + R"(","sz":"1","n":1}],[]]}})";
    const ParseError e = decoder.decode(frame, msg);
    EXPECT_EQ(e.code, ParseErrc::kBadDecimal) << c.px;
    EXPECT_EQ(e.decimal, c.want) << c.px << " -> " << e.message();
    EXPECT_EQ(e.field, "levels.px");
  }
}

TEST_F(FeedDecoderTest, EveryPrefixOfEveryFixtureIsTruncatedNeverACrash) {
  const char* names[] = {"ws_pong.json", "ws_subscription_response.json", "ws_error.json", "ws_l2book.json",
                         "ws_bbo.json", "ws_trades.json", "ws_active_asset_ctx.json", "ws_order_updates.json",
                         "ws_user_fills.json", "ws_user_event_fills.json", "ws_user_event_funding.json",
                         "ws_user_event_cancel.json", "ws_user_event_liquidation.json", "ws_post_action.json",
                         "ws_post_info.json", "ws_post_error.json"};
  std::size_t checked = 0;
  for (const char* name : names) {
    std::string text = read_message_fixture(name);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    ASSERT_TRUE(decoder.decode(text, msg).ok()) << name;
    // The root object closes at the last byte, so every shorter prefix is a cut-off frame.
    for (std::size_t n = 1; n < text.size(); ++n) {
      const ParseError e = decoder.decode(std::string_view(text).substr(0, n), msg);
      EXPECT_EQ(e.code, ParseErrc::kTruncated) << name << " prefix " << n << ": " << e.message();
      EXPECT_TRUE(msg.records.empty());
      ++checked;
    }
  }
  EXPECT_GT(checked, 3000u);
  // Sequence numbers only moved for the complete frames: l2Book 7, bbo 6, trades 2, ctx 1.
  EXPECT_EQ(decoder.next_seq(kBtcSlot), 13u);
  EXPECT_EQ(decoder.next_seq(kEthSlot), 3u);
  const std::string greeting = read_message_fixture("ws_greeting.txt");
  for (std::size_t n = 1; n < greeting.size(); ++n) {
    EXPECT_EQ(decoder.decode(greeting.substr(0, n), msg).code, ParseErrc::kMalformedJson) << n;
  }
}

TEST_F(FeedDecoderTest, OversizedFramesAreRefusedUnread) {
  std::string big = R"({"channel":"error","data":")";
  big.append(kMaxFrameBytes, 'x');
  big.append(R"("})");
  EXPECT_EQ(decoder.decode(big, msg).code, ParseErrc::kOversized);
  // Exactly at the cap is accepted.
  std::string at_cap = R"({"channel":"error","data":")";
  at_cap.append(kMaxFrameBytes - at_cap.size() - 2, 'y');
  at_cap.append(R"("})");
  ASSERT_EQ(at_cap.size(), kMaxFrameBytes);
  ASSERT_TRUE(decoder.decode(at_cap, msg).ok());
  EXPECT_EQ(msg.error_text.size(), kMaxFrameBytes - 29);
}

TEST_F(FeedDecoderTest, TooManyLevelsAndAFullRecordBufferAreNamed) {
  std::string side;
  for (int i = 0; i <= kMaxWireLevels; ++i) {
    if (i) side += ",";
    side += R"({"px":")" + std::to_string(100000 - i) + R"(","sz":"1","n":1})";
  }
  const std::string frame = R"({"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":[[)" + side + "],[]]}}";
  EXPECT_EQ(decoder.decode(frame, msg).code, ParseErrc::kTooManyItems);

  FeedMessage small(3);
  EXPECT_EQ(decoder.decode(read_message_fixture("ws_l2book.json"), small).code, ParseErrc::kOutputFull);
  EXPECT_TRUE(small.records.empty());
  EXPECT_EQ(decoder.next_seq(kBtcSlot), 0u);
}

TEST_F(FeedDecoderTest, DeepBooksAreCutToThePipelineDepth) {
  std::string bids, asks;
  for (int i = 0; i < 20; ++i) {
    if (i) {
      bids += ",";
      asks += ",";
    }
    bids += R"({"px":")" + std::to_string(50000 - i) + R"(","sz":"0.1","n":1})";
    asks += R"({"px":")" + std::to_string(50001 + i) + R"(","sz":"0.2","n":1})";
  }
  const std::string frame =
      R"({"channel":"l2Book","data":{"coin":"BTC","time":1,"levels":[[)" + bids + "],[" + asks + "]]}}";
  ASSERT_TRUE(decoder.decode(frame, msg).ok());
  const int n = std::min(20, kBookLevels);
  ASSERT_EQ(msg.records.size(), static_cast<std::size_t>(1 + 2 * n));
  EXPECT_EQ(msg.records[static_cast<std::size_t>(n)].price, (50000 - n + 1) * kUsd);  // last bid kept
  EXPECT_EQ(msg.records[static_cast<std::size_t>(2 * n)].price, (50001 + n - 1) * kUsd);
}

// ---- against the golden model -----------------------------------------------------------------

// The records obey the pipeline's rules: run them through pipeline_step and check that nothing was
// refused as bad input, that the snapshots cleared the resync, and that the pipeline's book is
// the decoder's copy.
TEST_F(FeedDecoderTest, RecordsPassThroughTheGoldenModelWithoutBadInputRejects) {
  auto state = std::make_unique<PipelineState>();
  auto regs = std::make_unique<ControlRegs>();
  auto banks = std::make_unique<PolicyBanks>();
  reset_state(*state);
  for (const std::uint8_t slot : {kEthSlot, kBtcSlot}) {
    regs->asset[slot].enabled = 1;
    regs->asset[slot].sz_decimals = slot == kBtcSlot ? 5 : 4;
  }
  const char* frames[] = {"ws_l2book.json", "ws_trades.json", "ws_bbo.json", "ws_active_asset_ctx.json",
                          "ws_l2book.json", "ws_bbo.json"};
  std::size_t fed = 0;
  for (const char* name : frames) {
    ASSERT_TRUE(decode_fixture(name).ok()) << name;
    for (const MarketEvent& e : msg.records.view()) {
      const IntentBatch out = pipeline_step(*state, *regs, *banks, e);
      for (int i = 0; i < out.count; ++i) {
        const Reason r = out.item[i].reason;
        EXPECT_TRUE(r == Reason::kNone || r == Reason::kNoPolicy || r == Reason::kEmptyBook)
            << name << " seq " << e.seq << " reason " << static_cast<int>(r);
      }
      ++fed;
    }
  }
  EXPECT_EQ(fed, 7u + 2u + 6u + 1u + 7u + 6u);
  const AssetState& btc = state->asset[kBtcSlot];
  EXPECT_EQ(btc.needs_resync, 0);
  EXPECT_EQ(btc.next_seq, decoder.next_seq(kBtcSlot));
  ASSERT_EQ(btc.bids.count, decoder.bids(kBtcSlot).count);
  ASSERT_EQ(btc.asks.count, decoder.asks(kBtcSlot).count);
  for (int i = 0; i < btc.bids.count; ++i) {
    EXPECT_EQ(btc.bids.price[i], decoder.bids(kBtcSlot).price[i]);
    EXPECT_EQ(btc.bids.size[i], decoder.bids(kBtcSlot).size[i]);
  }
  for (int i = 0; i < btc.asks.count; ++i) {
    EXPECT_EQ(btc.asks.price[i], decoder.asks(kBtcSlot).price[i]);
    EXPECT_EQ(btc.asks.size[i], decoder.asks(kBtcSlot).size[i]);
  }
  EXPECT_EQ(state->asset[kEthSlot].funding, 4'320'813);
  EXPECT_EQ(state->counters.by_reason[static_cast<int>(Reason::kOutOfSequence)], 0u);
  EXPECT_EQ(state->counters.by_reason[static_cast<int>(Reason::kCrossedBook)], 0u);
}

}  // namespace
}  // namespace hlmm::hl
