// HIP-4 outcomes through the venue's wire, with real signatures and a synthetic clock: the
// outcomeMeta listing, l2Book for both sides over /info and WebSocket (No mirrored), signed orders
// on either side's asset id matched on the merged book and reported per side on the user channels,
// collateral and bad-id refusals, and the crowd's outcome ladder around the binary's fair value
// with an injected mispricing.
#include <gtest/gtest.h>

#include <simdjson.h>

#include <cmath>
#include <string>
#include <vector>

#include "hyperliquid/exchange.hpp"
#include "hyperliquid/private_key.hpp"
#include "strategies/binary_parity.hpp"
#include "strategies/outcome_asset.hpp"
#include "venue/venue_core.hpp"

namespace hlmm::venue {
namespace {

constexpr std::string_view kKeyA = "0x0123456789012345678901234567890123456789012345678901234567890123";
constexpr std::string_view kKeyB = "0x8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63";
constexpr std::uint64_t kT0 = 1'763'900'000'000;  // 2025-11-23 12:13:20 UTC
constexpr std::uint32_t kYes = 100'000'010;
constexpr std::uint32_t kNo = 100'000'011;

Price px(double p) { return static_cast<Price>(std::llround(p * 1e8)); }

VenueOutcome eth_binary() {
  VenueOutcome o;
  o.outcome = 1;
  o.underlying = "ETH";
  o.strike = 3'000 * kPriceScale;
  o.expiry = "20251124-1200";
  return o;
}

hl::L1Action order(std::uint32_t asset, bool buy, Price price, std::int64_t contracts, hl::Tif tif) {
  hl::OrderWire w;
  w.asset = asset;
  w.is_buy = buy;
  w.price = price;
  w.size = contracts * kSizeScale;
  w.type = hl::LimitOrderType{tif};
  hl::OrderAction a;
  a.orders.push_back(w);
  return a;
}

class VenueOutcomeTest : public ::testing::Test {
 protected:
  VenueOutcomeTest() : venue_(config()), a_(hl::PrivateKey::from_hex(kKeyA)), b_(hl::PrivateKey::from_hex(kKeyB)) {
    venue_.add_account(a_.address(), 1'000 * kPriceScale);
    venue_.add_account(b_.address(), 1'000 * kPriceScale);
  }
  static VenueConfig config() {
    VenueConfig c;
    c.assets.push_back(preset_asset("eth"));
    c.outcomes.push_back(eth_binary());
    c.background_flow = false;
    return c;
  }
  std::string post(const hl::L1Action& action, const hl::PrivateKey& key) {
    now_ += 1'000;
    std::string body;
    venue_.http_exchange(hl::L1RequestBuilder{}.build(key, action, hl::L1Envelope{now_, {}, {}, true}), now_,
                         [&](unsigned, std::string text) { body = std::move(text); });
    venue_.tick(now_ + 900);
    EXPECT_FALSE(body.empty());
    return body;
  }
  std::string info(std::string_view body) {
    std::string out;
    venue_.http_info(body, now_, [&](unsigned status, std::string text) {
      EXPECT_EQ(status, 200u) << text;
      out = std::move(text);
    });
    return out;
  }

  VenueCore venue_;
  hl::PrivateKey a_;
  hl::PrivateKey b_;
  std::uint64_t now_ = kT0;
};

TEST_F(VenueOutcomeTest, OutcomeMetaListsThePriceBinaryInTheProtocolsShape) {
  const std::string meta = info(R"({"type":"outcomeMeta"})");
  EXPECT_EQ(meta, R"({"outcomes":[{"outcome":1,"name":"Recurring","description":)"
                  R"("class:priceBinary|underlying:ETH|expiry:20251124-1200|targetPrice:3000|period:1d",)"
                  R"("sideSpecs":[{"name":"Yes"},{"name":"No"}]}]})");
  // A trader's parser reads it back.
  simdjson::dom::parser parser;
  std::string_view description;
  ASSERT_EQ(parser.parse(meta)["outcomes"].at(0)["description"].get(description), simdjson::SUCCESS);
  const auto spec = strategies::parse_price_binary(description);
  EXPECT_EQ(spec.underlying, "ETH");
  EXPECT_EQ(spec.strike, 3000.0);
  // The perp meta is unchanged: outcomes are not perps.
  EXPECT_EQ(info(R"({"type":"meta"})").find('#'), std::string::npos);
}

TEST_F(VenueOutcomeTest, L2BookOfBothSidesOverInfoAndWebSocketTheNoBookMirrored) {
  std::vector<std::string> yes_msgs, no_msgs;
  const ConnectionId cy = venue_.open_connection([&](std::string t) { yes_msgs.push_back(std::move(t)); });
  const ConnectionId cn = venue_.open_connection([&](std::string t) { no_msgs.push_back(std::move(t)); });
  venue_.ws_message(cy, R"({"method":"subscribe","subscription":{"type":"l2Book","coin":"#10"}})", now_);
  venue_.ws_message(cn, R"({"method":"subscribe","subscription":{"type":"l2Book","coin":"#11"}})", now_);
  ASSERT_EQ(no_msgs.size(), 2u);
  EXPECT_EQ(no_msgs[1].rfind(R"({"channel":"l2Book","data":{"coin":"#11",)", 0), 0u) << no_msgs[1];
  // A Yes bid at 0.42 and a No bid at 0.50 (a Yes ask at 0.50).
  EXPECT_NE(post(order(kYes, true, px(0.42), 3, hl::Tif::kAlo), a_).find("resting"), std::string::npos);
  EXPECT_NE(post(order(kNo, true, px(0.50), 2, hl::Tif::kAlo), a_).find("resting"), std::string::npos);
  const std::string yes = info(R"({"type":"l2Book","coin":"#10"})");
  const std::string no = info(R"({"type":"l2Book","coin":"#11"})");
  EXPECT_EQ(yes, R"({"coin":"#10","time":)" + std::to_string(now_) +
                     R"(,"levels":[[{"px":"0.42","sz":"3","n":1}],[{"px":"0.5","sz":"2","n":1}]]})");
  EXPECT_EQ(no, R"({"coin":"#11","time":)" + std::to_string(now_) +
                    R"(,"levels":[[{"px":"0.5","sz":"2","n":1}],[{"px":"0.58","sz":"3","n":1}]]})");
  // Pushed on both channels, each in its own coin.
  EXPECT_NE(yes_msgs.back().find(R"("coin":"#10")"), std::string::npos);
  EXPECT_NE(yes_msgs.back().find(R"([[{"px":"0.42","sz":"3","n":1}],[{"px":"0.5","sz":"2","n":1}]])"), std::string::npos)
      << yes_msgs.back();
  EXPECT_NE(no_msgs.back().find(R"([[{"px":"0.5","sz":"2","n":1}],[{"px":"0.58","sz":"3","n":1}]])"), std::string::npos)
      << no_msgs.back();
  // Outcomes have no asset context and no funding.
  venue_.ws_message(cn, R"({"method":"subscribe","subscription":{"type":"activeAssetCtx","coin":"#11"}})", now_);
  EXPECT_EQ(no_msgs.back().rfind(R"({"channel":"error")", 0), 0u);
  venue_.ws_message(cn, R"({"method":"subscribe","subscription":{"type":"l2Book","coin":"#12"}})", now_);
  EXPECT_EQ(no_msgs.back().rfind(R"({"channel":"error")", 0), 0u);
}

TEST_F(VenueOutcomeTest, SignedOrdersOnEitherSideMatchAndEachPartyHearsItsOwnSide) {
  std::vector<std::string> got;
  const ConnectionId c = venue_.open_connection([&](std::string t) { got.push_back(std::move(t)); });
  const std::string a = a_.address().to_string();
  venue_.ws_message(c, R"({"method":"subscribe","subscription":{"type":"userFills","user":")" + a + R"("}})", now_);
  venue_.ws_message(c, R"({"method":"subscribe","subscription":{"type":"orderUpdates","user":")" + a + R"("}})", now_);
  venue_.ws_message(c, R"({"method":"subscribe","subscription":{"type":"trades","coin":"#11"}})", now_);
  EXPECT_NE(post(order(kNo, true, px(0.35), 4, hl::Tif::kGtc), a_).find("resting"), std::string::npos);
  got.clear();
  const std::string taken = post(order(kYes, true, px(0.65), 4, hl::Tif::kIoc), b_);
  EXPECT_NE(taken.find(R"({"filled":{"totalSz":"4","avgPx":"0.65")"), std::string::npos) << taken;
  bool fill = false, update = false, trade = false;
  for (const std::string& m : got) {
    if (m.rfind(R"({"channel":"userFills")", 0) == 0) {
      fill = m.find(R"("coin":"#11","px":"0.35","sz":"4","side":"B")") != std::string::npos;
    }
    if (m.rfind(R"({"channel":"orderUpdates")", 0) == 0) {
      update = m.find(R"("coin":"#11","side":"B","limitPx":"0.35")") != std::string::npos &&
               m.find(R"("status":"filled")") != std::string::npos;
    }
    if (m.rfind(R"({"channel":"trades")", 0) == 0) {
      // On the No side the Yes buyer's print is a No sale at 0.35.
      trade = m.find(R"("coin":"#11","side":"A","px":"0.35","sz":"4")") != std::string::npos;
    }
  }
  EXPECT_TRUE(fill);
  EXPECT_TRUE(update);
  EXPECT_TRUE(trade);
  const std::string fills = info(R"({"type":"userFills","user":")" + b_.address().to_string() + R"("})");
  EXPECT_NE(fills.find(R"("coin":"#10","px":"0.65","sz":"4","side":"B")"), std::string::npos) << fills;
  const std::string ch = info(R"({"type":"clearinghouseState","user":")" + a + R"("})");
  EXPECT_NE(ch.find(R"("coin":"#10")"), std::string::npos) << ch;
  EXPECT_NE(ch.find(R"("szi":"-4")"), std::string::npos) << ch;
  EXPECT_EQ(venue_.exchange().position(b_.address(), 1), 4 * kSizeScale);
}

TEST_F(VenueOutcomeTest, UncollateralisedOrdersAndUnknownIdsAreRefusedWithClearErrors) {
  // Selling 1500 Yes at 0.50 is buying 1500 No at 0.50: 750 of its 1000 USD.
  EXPECT_NE(post(order(kYes, false, px(0.50), 1'500, hl::Tif::kGtc), b_).find("resting"), std::string::npos);
  // 1000 USD buys at most 2000 Yes at 0.50.
  const std::string refused = post(order(kYes, true, px(0.50), 2'001, hl::Tif::kIoc), a_);
  EXPECT_NE(refused.find(R"({"error":"Insufficient balance to collateralize outcome order. asset=100000010"})"),
            std::string::npos)
      << refused;
  EXPECT_NE(post(order(100'000'012, true, px(0.50), 1, hl::Tif::kIoc), a_).find(R"({"error":"Order has unknown asset."})"),
            std::string::npos);
  EXPECT_NE(post(order(100'000'020, true, px(0.50), 1, hl::Tif::kIoc), a_).find(R"({"error":"Order has unknown asset."})"),
            std::string::npos);
  EXPECT_NE(post(order(kNo, true, px(0.5004), 1, hl::Tif::kIoc), a_).find("Price must be divisible by tick size. asset=100000011"),
            std::string::npos);
  EXPECT_EQ(venue_.exchange().position(a_.address(), 1), 0);
}

TEST_F(VenueOutcomeTest, AtExpiryTheOutcomeSettlesOnTheUnderlyingAndTakesNoMoreOrders) {
  EXPECT_NE(post(order(kNo, true, px(0.45), 10, hl::Tif::kGtc), a_).find("resting"), std::string::npos);
  EXPECT_NE(post(order(kYes, true, px(0.55), 10, hl::Tif::kIoc), b_).find("filled"), std::string::npos);
  EXPECT_NE(post(order(kYes, true, px(0.20), 1, hl::Tif::kGtc), b_).find("resting"), std::string::npos);
  const std::int64_t a_cash = venue_.exchange().cash(a_.address());
  const std::int64_t b_cash = venue_.exchange().cash(b_.address());
  // ETH stands at its start price, 3000: not above the strike, so No wins.
  const std::uint64_t expiry_ms = 1'763'985'600'000;
  venue_.tick(expiry_ms - 1'000);
  EXPECT_EQ(venue_.exchange().position(a_.address(), 1), -10 * kSizeScale);
  venue_.tick(expiry_ms);
  EXPECT_EQ(venue_.exchange().position(a_.address(), 1), 0);
  EXPECT_EQ(venue_.exchange().position(b_.address(), 1), 0);
  EXPECT_EQ(venue_.exchange().cash(a_.address()), a_cash);  // the No owes nothing; its lock ends with it
  EXPECT_EQ(venue_.exchange().cash(b_.address()), b_cash);  // the Yes paid nothing
  EXPECT_EQ(venue_.exchange().book(1).order_count(), 0u);
  now_ = expiry_ms;
  EXPECT_NE(post(order(kYes, true, px(0.50), 1, hl::Tif::kGtc), b_).find("Outcome has settled. asset=100000010"),
            std::string::npos);
}

TEST(VenueOutcomeFlow, TheCrowdQuotesAroundTheBinarysFairValueAndAMispricingMovesIt) {
  VenueConfig c;
  c.assets.push_back(preset_asset("eth"));
  c.outcomes.push_back(eth_binary());
  c.flow.seed = 5;
  VenueCore venue(c);
  std::uint64_t t = kT0;
  for (; t <= kT0 + 10'000; t += 50) venue.tick(t);
  const exchange::OrderBook& book = venue.exchange().book(1);
  ASSERT_TRUE(book.best_bid() && book.best_ask());
  const double fair = venue.flow().outcome_fair(0);
  const double spot = static_cast<double>(venue.flow().fair_price(0)) / kPriceScale;
  const double tau = (1'763'985'600.0 - static_cast<double>(t - 50) / 1e3) / strategies::kSecondsPerYear;
  EXPECT_NEAR(fair, strategies::binary_yes_value(spot, 3000, venue.flow().assets()[0].vol_annual, tau), 0.02);
  EXPECT_LT(static_cast<double>(*book.best_bid()) / kPriceScale, fair);
  EXPECT_GT(static_cast<double>(*book.best_ask()) / kPriceScale, fair);
  EXPECT_GE(book.levels(true, 20).size(), 3u);
  EXPECT_GE(book.levels(false, 20).size(), 3u);
  // The crowd's takers trade both sides' ids.
  EXPECT_FALSE(venue.exchange().user_fills(MarketFlow::crowd_taker()).empty());

  // A mispricing of +0.10: the whole ladder moves up, asks included, and comes back after the hold.
  venue.flow().set_takers(false);
  venue.flow().misprice_outcome(0, 0.10, t, 2'000);
  venue.tick(t + 400);
  const double bid_shifted = static_cast<double>(*book.best_bid()) / kPriceScale;
  EXPECT_GT(bid_shifted, venue.flow().outcome_fair(0) + 0.10 - 0.02);
  for (std::uint64_t u = t + 400; u <= t + 3'000; u += 50) venue.tick(u);
  EXPECT_LT(static_cast<double>(*book.best_bid()) / kPriceScale, venue.flow().outcome_fair(0));
}

TEST(VenueOutcomeFlow, TheSameSeedGivesTheSameOutcomeBook) {
  auto run = [] {
    VenueConfig c;
    c.assets.push_back(preset_asset("eth"));
    c.outcomes.push_back(eth_binary());
    c.flow.seed = 9;
    VenueCore venue(c);
    for (std::uint64_t t = kT0; t <= kT0 + 5'000; t += 50) venue.tick(t);
    return std::pair{venue.exchange().book(1).levels(true, 5), venue.exchange().user_fills(MarketFlow::crowd_taker()).size()};
  };
  const auto [levels_a, fills_a] = run();
  const auto [levels_b, fills_b] = run();
  ASSERT_EQ(levels_a.size(), levels_b.size());
  for (std::size_t i = 0; i < levels_a.size(); ++i) {
    EXPECT_EQ(levels_a[i].price, levels_b[i].price);
    EXPECT_EQ(levels_a[i].size, levels_b[i].size);
  }
  EXPECT_EQ(fills_a, fills_b);
}

TEST(VenueOutcomeConfig, AnOutcomeOnAnUnlistedPerpOrAMalformedListingIsRefused) {
  VenueConfig c;
  c.assets.push_back(preset_asset("eth"));
  VenueOutcome o = eth_binary();
  o.underlying = "DOGE";
  c.outcomes.push_back(o);
  EXPECT_THROW(VenueCore{c}, std::invalid_argument);
  c.outcomes[0] = eth_binary();
  c.outcomes[0].expiry = "20251132-1200";
  EXPECT_THROW(VenueCore{c}, std::invalid_argument);
}

}  // namespace
}  // namespace hlmm::venue
