// /exchange responses, the WS post wrapper and the /info answers: each fixture parsed and checked
// field by field, then the named errors of bad bodies.
#include <gtest/gtest.h>

#include <string>

#include "hyperliquid/parse_messages.hpp"
#include "message_fixtures.hpp"

namespace hlmm::hl {
namespace {

using test::read_message_fixture;

constexpr std::int64_t kUnit = 100'000'000;

// ---- /exchange --------------------------------------------------------------------------------

TEST(ExchangeResponse, RestingFilledErrorAndCancel) {
  Parsed<ExchangeResponse> r = parse_exchange_response(read_message_fixture("exchange_resting.json"));
  ASSERT_TRUE(r.ok()) << r.error.message();
  EXPECT_TRUE(r.value.ok);
  EXPECT_EQ(r.value.type, "order");
  ASSERT_EQ(r.value.statuses.size(), 1u);
  EXPECT_EQ(r.value.statuses[0].kind, OrderStatusKind::kResting);
  EXPECT_EQ(r.value.statuses[0].oid, 77738308u);

  r = parse_exchange_response(read_message_fixture("exchange_filled.json"));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.value.statuses.size(), 1u);
  EXPECT_EQ(r.value.statuses[0].kind, OrderStatusKind::kFilled);
  EXPECT_EQ(r.value.statuses[0].oid, 77747314u);
  EXPECT_EQ(r.value.statuses[0].total_size, 2'000'000);
  EXPECT_EQ(r.value.statuses[0].avg_price, 189'140'000'000);

  r = parse_exchange_response(read_message_fixture("exchange_order_error.json"));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value.ok);  // the request went through; the order did not
  ASSERT_EQ(r.value.statuses.size(), 1u);
  EXPECT_EQ(r.value.statuses[0].kind, OrderStatusKind::kError);
  EXPECT_EQ(r.value.statuses[0].error, "Order must have minimum value of $10.");

  r = parse_exchange_response(read_message_fixture("exchange_cancel_success.json"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value.type, "cancel");
  ASSERT_EQ(r.value.statuses.size(), 1u);
  EXPECT_EQ(r.value.statuses[0].kind, OrderStatusKind::kSuccess);
}

TEST(ExchangeResponse, MixedBatchDefaultAndWholeRequestError) {
  Parsed<ExchangeResponse> r = parse_exchange_response(read_message_fixture("exchange_batch.json"));
  ASSERT_TRUE(r.ok()) << r.error.message();
  ASSERT_EQ(r.value.statuses.size(), 5u);
  EXPECT_EQ(r.value.statuses[0].kind, OrderStatusKind::kResting);
  EXPECT_EQ(r.value.statuses[0].oid, 1u);
  EXPECT_EQ(r.value.statuses[1].kind, OrderStatusKind::kFilled);
  EXPECT_EQ(r.value.statuses[1].total_size, 150'000'000);
  EXPECT_EQ(r.value.statuses[1].avg_price, 345'665'000'000);
  EXPECT_EQ(r.value.statuses[2].kind, OrderStatusKind::kError);
  EXPECT_EQ(r.value.statuses[2].error, "Post only order would have immediately matched, bbo was 99.99@100.0. asset=159");
  EXPECT_EQ(r.value.statuses[3].kind, OrderStatusKind::kWaitingForFill);
  EXPECT_EQ(r.value.statuses[4].kind, OrderStatusKind::kWaitingForTrigger);

  r = parse_exchange_response(read_message_fixture("exchange_default.json"));
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r.value.ok);
  EXPECT_EQ(r.value.type, "default");
  EXPECT_TRUE(r.value.statuses.empty());

  r = parse_exchange_response(read_message_fixture("exchange_err.json"));
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.value.ok);
  EXPECT_EQ(r.value.error, "Invalid nonce: duplicate nonce 1713825891591");
  EXPECT_TRUE(r.value.statuses.empty());

  // Key order does not matter.
  r = parse_exchange_response(R"({"response":"Unable to recover signer.","status":"err"})");
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r.value.ok);
  EXPECT_EQ(r.value.error, "Unable to recover signer.");
}

TEST(ExchangeResponse, BadBodiesGiveTheirNamedError) {
  struct Case {
    const char* body;
    ParseErrc code;
    const char* field;
  };
  const Case cases[] = {
      {R"({"status":"maybe","response":"x"})", ParseErrc::kBadValue, "status"},
      {R"({"status":"ok","response":"x"})", ParseErrc::kWrongType, "response"},
      {R"({"status":"err","response":{"type":"order"}})", ParseErrc::kWrongType, "response"},
      {R"({"response":"x"})", ParseErrc::kMissingField, "status"},
      {R"({"status":"ok"})", ParseErrc::kMissingField, "response"},
      {R"({"status":"ok","response":{"data":{"statuses":[]}}})", ParseErrc::kMissingField, "response.type"},
      {R"({"status":"ok","response":{"type":"order","data":{}}})", ParseErrc::kMissingField, "response.data.statuses"},
      {R"({"status":"ok","response":{"type":"order","data":{"statuses":["nope"]}}})", ParseErrc::kBadValue, "statuses[]"},
      {R"({"status":"ok","response":{"type":"order","data":{"statuses":[{}]}}})", ParseErrc::kMissingField, nullptr},
      {R"({"status":"ok","response":{"type":"order","data":{"statuses":[{"resting":{}}]}}})", ParseErrc::kMissingField,
       "statuses[].resting.oid"},
      {R"({"status":"ok","response":{"type":"order","data":{"statuses":[{"resting":{"oid":"1"}}]}}})",
       ParseErrc::kWrongType, "statuses[].resting.oid"},
      {R"({"status":"ok","response":{"type":"order","data":{"statuses":[{"filled":{"totalSz":"1","avgPx":"1e3","oid":1}}]}}})",
       ParseErrc::kBadDecimal, "statuses[].filled.avgPx"},
      {R"({"status":"ok","response":{"type":"order","data":{"statuses":[{"filled":{"totalSz":"-1","avgPx":"1","oid":1}}]}}})",
       ParseErrc::kBadDecimal, "statuses[].filled.totalSz"},
      {R"([])", ParseErrc::kWrongType, nullptr},
      {R"({"status":"ok","response":{"type":"default"}}])", ParseErrc::kMalformedJson, nullptr},
      {R"({"status":"ok","response":{"type":"default"})", ParseErrc::kTruncated, nullptr},
      {"", ParseErrc::kEmpty, nullptr},
  };
  for (const Case& c : cases) {
    const Parsed<ExchangeResponse> r = parse_exchange_response(c.body);
    EXPECT_EQ(r.error.code, c.code) << c.body << " -> " << r.error.message();
    if (c.field != nullptr) {
      EXPECT_EQ(r.error.field, c.field) << c.body;
    }
  }
  const Parsed<ExchangeResponse> bad = parse_exchange_response(
      R"({"status":"ok","response":{"type":"order","data":{"statuses":[{"filled":{"totalSz":"1","avgPx":"1.123456789","oid":1}}]}}})");
  EXPECT_EQ(bad.error.decimal, DecimalError::kTooManyDecimals);  // 9 decimals: refused, not rounded
}

TEST(PostResponse, StandaloneDataResponse) {
  Parsed<WsPostResponse> r =
      parse_post_response(R"({"type":"action","payload":{"status":"err","response":"Invalid nonce: nonce too low 5 < 6"}})");
  ASSERT_TRUE(r.ok()) << r.error.message();
  EXPECT_EQ(r.value.kind, PostResponseKind::kAction);
  EXPECT_FALSE(r.value.action.ok);
  EXPECT_EQ(r.value.action.error, "Invalid nonce: nonce too low 5 < 6");
  // Payload before type: read once the type is known.
  r = parse_post_response(R"({"payload":{"status":"ok","response":{"type":"cancel","data":{"statuses":["success"]}}},"type":"action"})");
  ASSERT_TRUE(r.ok()) << r.error.message();
  EXPECT_EQ(r.value.action.type, "cancel");
  ASSERT_EQ(r.value.action.statuses.size(), 1u);
  r = parse_post_response(R"({"payload":{"a":1},"type":"info"})");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value.info_payload, R"({"a":1})");
  EXPECT_EQ(parse_post_response(R"({"type":"info","payload":"x"})").error.code, ParseErrc::kWrongType);
  EXPECT_EQ(parse_post_response(R"({"type":"error","payload":{}})").error.code, ParseErrc::kWrongType);
  EXPECT_EQ(parse_post_response(R"({"type":"action"})").error.code, ParseErrc::kMissingField);
}

// ---- /info ------------------------------------------------------------------------------------

TEST(InfoMeta, Universe) {
  const Parsed<PerpMeta> r = parse_meta(read_message_fixture("info_meta.json"));
  ASSERT_TRUE(r.ok()) << r.error.message();
  ASSERT_EQ(r.value.universe.size(), 4u);
  EXPECT_EQ(r.value.universe[0].name, "BTC");
  EXPECT_EQ(r.value.universe[0].sz_decimals, 5);
  EXPECT_EQ(r.value.universe[0].max_leverage, 50u);
  EXPECT_FALSE(r.value.universe[0].only_isolated);
  EXPECT_EQ(r.value.universe[2].name, "ATOM");
  EXPECT_TRUE(r.value.universe[2].only_isolated);
  EXPECT_FALSE(r.value.universe[2].is_delisted);
  EXPECT_EQ(r.value.universe[3].name, "OLD");
  EXPECT_EQ(r.value.universe[3].sz_decimals, 1);
  EXPECT_EQ(r.value.universe[3].max_leverage, 3u);
  EXPECT_TRUE(r.value.universe[3].is_delisted);

  EXPECT_EQ(parse_meta(R"({"universe":[{"name":"X","szDecimals":9,"maxLeverage":1}]})").error.code, ParseErrc::kBadValue);
  EXPECT_EQ(parse_meta(R"({"universe":[{"name":"X","maxLeverage":1}]})").error.field, "universe[].szDecimals");
  EXPECT_EQ(parse_meta(R"({"universe":[{"name":"X","szDecimals":1,"maxLeverage":4294967296}]})").error.code,
            ParseErrc::kBadInteger);
  EXPECT_EQ(parse_meta(R"({"marginTables":[]})").error.code, ParseErrc::kMissingField);
}

TEST(InfoMetaAndAssetCtxs, ContextsAlignedWithUniverse) {
  const Parsed<MetaAndAssetCtxs> r = parse_meta_and_asset_ctxs(read_message_fixture("info_meta_and_asset_ctxs.json"));
  ASSERT_TRUE(r.ok()) << r.error.message();
  ASSERT_EQ(r.value.universe.size(), 2u);
  ASSERT_EQ(r.value.contexts.size(), 2u);
  EXPECT_EQ(r.value.universe[1].name, "ETH");
  const AssetContext& btc = r.value.contexts[0];
  EXPECT_EQ(btc.mark_price, 11'337'750'000'000);  // 6 significant figures: a mark is not a tick price
  EXPECT_EQ(btc.mid_price, std::optional<Price>(11'337'750'000'000));
  EXPECT_EQ(btc.oracle_price, 11'338'025'000'000);
  EXPECT_EQ(btc.funding_rate, 1'250);
  EXPECT_EQ(btc.premium, 31'774);
  EXPECT_EQ(btc.open_interest, 68'811'000'000);
  const AssetContext& eth = r.value.contexts[1];
  EXPECT_FALSE(eth.mid_price.has_value());
  EXPECT_EQ(eth.premium, 0);
  EXPECT_EQ(eth.funding_rate, -22'196);
  EXPECT_EQ(eth.open_interest, 0);

  EXPECT_EQ(parse_meta_and_asset_ctxs(R"([{"universe":[]}])").error.code, ParseErrc::kMissingField);
  EXPECT_EQ(parse_meta_and_asset_ctxs(R"([{"universe":[]},[],[]])").error.code, ParseErrc::kBadValue);
  EXPECT_EQ(parse_meta_and_asset_ctxs(
                R"([{"universe":[{"name":"A","szDecimals":0,"maxLeverage":1}]},[]])")
                .error.code,
            ParseErrc::kBadValue);
}

TEST(InfoL2Book, Levels) {
  const Parsed<L2BookSnapshot> r = parse_l2_book(read_message_fixture("info_l2book.json"));
  ASSERT_TRUE(r.ok()) << r.error.message();
  EXPECT_EQ(r.value.coin, "BTC");
  EXPECT_EQ(r.value.time_ms, 1754450974231u);
  ASSERT_EQ(r.value.bids.size(), 2u);
  ASSERT_EQ(r.value.asks.size(), 1u);
  EXPECT_EQ(r.value.bids[0].price, 113377 * kUnit);
  EXPECT_EQ(r.value.bids[0].size, 766'990'000);
  EXPECT_EQ(r.value.bids[0].orders, 17u);
  EXPECT_EQ(r.value.bids[1].price, 113376 * kUnit);
  EXPECT_EQ(r.value.asks[0].size, 123'000);
  EXPECT_EQ(r.value.asks[0].orders, 1u);
  EXPECT_EQ(parse_l2_book(R"({"coin":"BTC","time":1,"levels":[[]]})").error.code, ParseErrc::kBadValue);
  EXPECT_EQ(parse_l2_book(R"({"coin":"BTC","time":1,"levels":[[{"px":"0","sz":"1","n":1}],[]]})").error.decimal,
            DecimalError::kNotPositive);
}

TEST(InfoOpenOrders, Orders) {
  const Parsed<std::vector<OpenOrder>> r = parse_open_orders(read_message_fixture("info_open_orders.json"));
  ASSERT_TRUE(r.ok()) << r.error.message();
  ASSERT_EQ(r.value.size(), 2u);
  EXPECT_EQ(r.value[0].coin, "BTC");
  EXPECT_FALSE(r.value[0].is_buy);
  EXPECT_EQ(r.value[0].limit_price, 29792 * kUnit);
  EXPECT_EQ(r.value[0].size, 0);
  EXPECT_EQ(r.value[0].oid, 91490942u);
  EXPECT_EQ(r.value[0].timestamp_ms, 1681247412573u);
  EXPECT_FALSE(r.value[0].cloid.has_value());
  EXPECT_TRUE(r.value[1].is_buy);
  EXPECT_EQ(r.value[1].limit_price, 345'670'000'000);
  EXPECT_EQ(r.value[1].size, 125'000'000);
  ASSERT_TRUE(r.value[1].cloid.has_value());
  EXPECT_EQ(r.value[1].cloid->to_string(), "0x0000000000000000000000000000abcd");
  EXPECT_EQ(parse_open_orders(R"([{"coin":"BTC","limitPx":"1","oid":1,"side":"S","sz":"1","timestamp":1}])").error.code,
            ParseErrc::kBadValue);
  EXPECT_EQ(parse_open_orders(R"({})").error.code, ParseErrc::kWrongType);
}

TEST(InfoOrderStatus, AFinishedOrderAndAnUnknownOne) {
  Parsed<OrderStatusAnswer> r = parse_order_status(read_message_fixture("info_order_status.json"));
  ASSERT_TRUE(r.ok()) << r.error.message();
  EXPECT_TRUE(r.value.found);
  EXPECT_EQ(r.value.order.coin, "ETH");
  EXPECT_TRUE(r.value.order.is_buy);
  EXPECT_EQ(r.value.order.limit_price, 345'670'000'000);
  EXPECT_EQ(r.value.order.size, 50'000'000);
  EXPECT_EQ(r.value.order.orig_size, 200'000'000);
  EXPECT_EQ(r.value.order.oid, 91490950u);
  EXPECT_EQ(r.value.order.timestamp_ms, 1681247412574u);
  ASSERT_TRUE(r.value.order.cloid.has_value());
  EXPECT_EQ(r.value.order.cloid->to_string(), "0x0000000000000000000000000000abcd");
  EXPECT_EQ(r.value.order.status, "canceled");
  EXPECT_EQ(r.value.order.status_timestamp_ms, 1681247412600u);
  EXPECT_EQ(r.value.tif, "Ioc");
  EXPECT_FALSE(r.value.reduce_only);
  r = parse_order_status(read_message_fixture("info_order_status_unknown.json"));
  ASSERT_TRUE(r.ok()) << r.error.message();
  EXPECT_FALSE(r.value.found);
  EXPECT_EQ(r.value.order.oid, 0u);
  // Key order does not matter, null tif and cloid are absent values, extra keys are ignored.
  r = parse_order_status(
      R"({"order":{"statusTimestamp":5,"status":"open","order":{"coin":"BTC","side":"A","limitPx":"1","sz":"1","oid":7,)"
      R"("timestamp":4,"origSz":"1","tif":null,"cloid":null,"reduceOnly":true,"new":[1]}},"status":"order"})");
  ASSERT_TRUE(r.ok()) << r.error.message();
  EXPECT_TRUE(r.value.found);
  EXPECT_EQ(r.value.order.oid, 7u);
  EXPECT_EQ(r.value.order.status, "open");
  EXPECT_TRUE(r.value.tif.empty());
  EXPECT_FALSE(r.value.order.cloid.has_value());
  EXPECT_TRUE(r.value.reduce_only);
}

TEST(InfoOrderStatus, BadAnswersGiveTheirNamedError) {
  struct Case {
    const char* body;
    ParseErrc code;
    const char* field;
  };
  const std::string order = R"({"coin":"ETH","side":"B","limitPx":"1","sz":"1","oid":1,"timestamp":1,"origSz":"1"})";
  const std::string in_wrapper = R"({"status":"order","order":{"order":)" + order + R"(,"status":"open","statusTimestamp":1}})";
  ASSERT_TRUE(parse_order_status(in_wrapper).ok()) << parse_order_status(in_wrapper).error.message();
  const std::string no_status_ts = R"({"status":"order","order":{"order":)" + order + R"(,"status":"open"}})";
  const std::string bad_cloid = R"({"status":"order","order":{"order":{"coin":"ETH","side":"B","limitPx":"1","sz":"1",)"
                                R"("oid":1,"timestamp":1,"origSz":"1","cloid":"0x12"},"status":"open","statusTimestamp":1}})";
  const std::string bad_tif = R"({"status":"order","order":{"order":{"coin":"ETH","side":"B","limitPx":"1","sz":"1",)"
                              R"("oid":1,"timestamp":1,"origSz":"1","tif":3},"status":"open","statusTimestamp":1}})";
  const std::string no_oid = R"({"status":"order","order":{"order":{"coin":"ETH","side":"B","limitPx":"1","sz":"1",)"
                             R"("timestamp":1,"origSz":"1"},"status":"open","statusTimestamp":1}})";
  const std::string negative_sz = R"({"status":"order","order":{"order":{"coin":"ETH","side":"B","limitPx":"1","sz":"-1",)"
                                  R"("oid":1,"timestamp":1,"origSz":"1"},"status":"open","statusTimestamp":1}})";
  const Case cases[] = {
      {R"({"status":"maybe"})", ParseErrc::kBadValue, "status"},
      {R"({"status":"order"})", ParseErrc::kMissingField, "order"},
      {R"({"orders":{}})", ParseErrc::kMissingField, "status"},
      {R"({"status":1})", ParseErrc::kWrongType, "status"},
      {R"({"status":"order","order":[]})", ParseErrc::kWrongType, "orderStatus.order"},
      {R"({"status":"order","order":{"status":"open","statusTimestamp":1}})", ParseErrc::kMissingField, "order.order"},
      {no_status_ts.c_str(), ParseErrc::kMissingField, "order.statusTimestamp"},
      {no_oid.c_str(), ParseErrc::kMissingField, "order.oid"},
      {bad_cloid.c_str(), ParseErrc::kBadValue, "order.cloid"},
      {bad_tif.c_str(), ParseErrc::kWrongType, "order.tif"},
      {negative_sz.c_str(), ParseErrc::kBadDecimal, "order.sz"},
      {R"([])", ParseErrc::kWrongType, nullptr},
      {R"({"status":"unknownOid"}})", ParseErrc::kMalformedJson, nullptr},
      {R"({"status":"unknownOid")", ParseErrc::kTruncated, nullptr},
      {"}", ParseErrc::kMalformedJson, nullptr},
      {"", ParseErrc::kEmpty, nullptr},
  };
  for (const Case& c : cases) {
    const Parsed<OrderStatusAnswer> r = parse_order_status(c.body);
    EXPECT_EQ(r.error.code, c.code) << c.body << " -> " << r.error.message();
    if (c.field != nullptr) {
      EXPECT_EQ(r.error.field, c.field) << c.body;
    }
    EXPECT_FALSE(r.value.found) << "no value with an error";
  }
}

TEST(InfoUserFills, Fills) {
  const Parsed<std::vector<UserFill>> r = parse_user_fills(read_message_fixture("info_user_fills.json"));
  ASSERT_TRUE(r.ok()) << r.error.message();
  ASSERT_EQ(r.value.size(), 2u);
  EXPECT_EQ(r.value[0].coin, "AVAX");
  EXPECT_EQ(r.value[0].price, 1'843'500'000);
  EXPECT_EQ(r.value[0].fee, -1'000'000);
  EXPECT_EQ(r.value[0].oid, 90542681u);
  EXPECT_EQ(r.value[1].coin, "BTC");
  EXPECT_EQ(r.value[1].closed_pnl, -125'000'000);
  EXPECT_TRUE(r.value[1].crossed);
  EXPECT_EQ(r.value[1].tid, 7u);
  EXPECT_EQ(parse_user_fills(R"([{"coin":"BTC","px":"1","sz":"0","side":"B","time":1,"oid":1,"crossed":true,"fee":"0","tid":1}])")
                .error.decimal,
            DecimalError::kNotPositive);
  EXPECT_EQ(parse_user_fills(R"([{"coin":"BTC","px":"1","sz":"1","side":"B","time":1,"oid":1,"crossed":"yes","fee":"0","tid":1}])")
                .error.field,
            "fills[].crossed");
}

TEST(InfoClearinghouseState, PositionsAndMargin) {
  const Parsed<ClearinghouseState> r = parse_clearinghouse_state(read_message_fixture("info_clearinghouse_state.json"));
  ASSERT_TRUE(r.ok()) << r.error.message();
  ASSERT_EQ(r.value.positions.size(), 2u);
  EXPECT_EQ(r.value.positions[0].coin, "ETH");
  EXPECT_EQ(r.value.positions[0].position, 3'350'000);
  EXPECT_EQ(r.value.positions[0].entry_price, std::optional<Price>(298'630'000'000));
  EXPECT_EQ(r.value.positions[0].unrealized_pnl, -1'340'000);
  EXPECT_EQ(r.value.positions[1].coin, "BTC");
  EXPECT_EQ(r.value.positions[1].position, -50'000'000);
  EXPECT_FALSE(r.value.positions[1].entry_price.has_value());
  EXPECT_EQ(r.value.account_value, 1'310'948'232'800);
  EXPECT_EQ(r.value.total_margin_used, 496'782'600);
  EXPECT_EQ(r.value.withdrawable, 1'310'451'450'200);
  EXPECT_EQ(r.value.time_ms, 1708622398623u);
  EXPECT_EQ(parse_clearinghouse_state(R"({"assetPositions":[],"marginSummary":{"accountValue":"1"},"withdrawable":"1","time":1})")
                .error.field,
            "marginSummary.totalMarginUsed");
  EXPECT_EQ(parse_clearinghouse_state(R"({"assetPositions":[{"type":"oneWay"}],"marginSummary":{},"withdrawable":"1","time":1})")
                .error.field,
            "assetPositions[].position");
}

TEST(InfoFundingHistory, Entries) {
  const Parsed<std::vector<FundingHistoryEntry>> r = parse_funding_history(read_message_fixture("info_funding_history.json"));
  ASSERT_TRUE(r.ok()) << r.error.message();
  ASSERT_EQ(r.value.size(), 2u);
  EXPECT_EQ(r.value[0].coin, "ETH");
  EXPECT_EQ(r.value[0].funding_rate, -22'196);
  EXPECT_EQ(r.value[0].premium, -52'196);
  EXPECT_EQ(r.value[0].time_ms, 1683849600076u);
  EXPECT_EQ(r.value[1].funding_rate, 1'250);
  EXPECT_EQ(parse_funding_history(R"([{"coin":"ETH","fundingRate":"0.1","premium":"0","time":1}, 5])").error.code,
            ParseErrc::kWrongType);
}

// ---- truncation and size -----------------------------------------------------------------------

template <class F>
void expect_every_prefix_truncated(const char* name, F&& parse) {
  std::string text = read_message_fixture(name);
  while (!text.empty() && text.back() == '\n') text.pop_back();
  ASSERT_TRUE(parse(text).ok()) << name;
  for (std::size_t n = 1; n < text.size(); ++n) {
    const ParseError e = parse(std::string_view(text).substr(0, n)).error;
    EXPECT_EQ(e.code, ParseErrc::kTruncated) << name << " prefix " << n << ": " << e.message();
  }
  EXPECT_EQ(parse(std::string_view(text).substr(0, 0)).error.code, ParseErrc::kEmpty);
}

TEST(MessageParsers, EveryPrefixIsTruncatedNeverACrash) {
  for (const char* name : {"exchange_resting.json", "exchange_filled.json", "exchange_order_error.json",
                           "exchange_cancel_success.json", "exchange_batch.json", "exchange_default.json",
                           "exchange_err.json"}) {
    expect_every_prefix_truncated(name, [](std::string_view t) { return parse_exchange_response(t); });
  }
  expect_every_prefix_truncated("info_meta.json", [](std::string_view t) { return parse_meta(t); });
  expect_every_prefix_truncated("info_meta_and_asset_ctxs.json", [](std::string_view t) { return parse_meta_and_asset_ctxs(t); });
  expect_every_prefix_truncated("info_l2book.json", [](std::string_view t) { return parse_l2_book(t); });
  expect_every_prefix_truncated("info_open_orders.json", [](std::string_view t) { return parse_open_orders(t); });
  expect_every_prefix_truncated("info_user_fills.json", [](std::string_view t) { return parse_user_fills(t); });
  expect_every_prefix_truncated("info_clearinghouse_state.json", [](std::string_view t) { return parse_clearinghouse_state(t); });
  expect_every_prefix_truncated("info_funding_history.json", [](std::string_view t) { return parse_funding_history(t); });
  for (const char* name : {"info_order_status.json", "info_order_status_unknown.json"}) {
    expect_every_prefix_truncated(name, [](std::string_view t) { return parse_order_status(t); });
  }
}

TEST(MessageParsers, OversizedBodyIsRefusedUnread) {
  std::string big(kMaxInfoBytes + 1, ' ');
  big.front() = '[';
  big.back() = ']';
  EXPECT_EQ(parse_funding_history(big).error.code, ParseErrc::kOversized);
  big.resize(kMaxInfoBytes);
  big.back() = ']';
  const Parsed<std::vector<FundingHistoryEntry>> at_cap = parse_funding_history(big);
  ASSERT_TRUE(at_cap.ok()) << at_cap.error.message();
  EXPECT_TRUE(at_cap.value.empty());
}

}  // namespace
}  // namespace hlmm::hl
