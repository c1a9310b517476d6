// Cross-venue arbitrage end to end: two local venues (sim/venue) over real TLS on loopback, with
// different fee schedules and the second one farther away (added latency), each reached through a
// HyperliquidConnector. A price dislocation injected on one venue is arbitraged once, both legs
// fill, the position across the venues is flat and the realised edge after fees is positive (as
// the venues' own fill records say). When the venue refuses one leg, the filled leg is unwound and
// both venues end flat.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>
#include <unistd.h>

#include "connectors/hyperliquid_connector.hpp"
#include "strategies/cross_venue_arb.hpp"
#include "venue/venue_server.hpp"
#include "wait_until.hpp"

namespace hlmm::strategies {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using test::wait_until;

constexpr char kKey[] = "0x8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63";

struct VenueSpec {
  std::string name;
  std::int32_t taker_ppm;
  std::int32_t maker_ppm;
  std::uint64_t latency_ms;
  std::uint64_t seed;
};

class CrossVenueArbE2eTest : public ::testing::Test {
 protected:
  CrossVenueArbE2eTest() {
    dir_ = std::filesystem::temp_directory_path() /
           ("hlmm-arb-" + std::to_string(::getpid()) + "-" + std::to_string(venue::wall_clock_ms()));
    std::filesystem::create_directories(dir_);
    // The home venue charges Hyperliquid's tier 0; the other is cheaper to take on and 30 ms away.
    specs_[0] = VenueSpec{"home", 450, 150, 0, 21};
    specs_[1] = VenueSpec{"remote", 250, 0, 30, 22};
    for (int i = 0; i < 2; ++i) {
      venue::VenueConfig config;
      venue::VenueAsset eth = venue::preset_asset("eth");
      // Quiet prices: the two venues' independent paths must not drift into an arbitrage of their
      // own during the test (the crowd's 10 bps half-spread on each side needs a 29 bps drift).
      eth.flow.vol_annual = 0.05;
      config.assets.push_back(eth);
      config.exchange.sequencing.block_interval_ms = 50;
      config.exchange.default_fees = exchange::FeeRates{specs_[i].taker_ppm, specs_[i].maker_ppm};
      config.flow.seed = specs_[i].seed;
      config.flow.taker_rate_per_s = 0.5;
      venue::VenueServerOptions opts{"127.0.0.1", 0, dir_ / (specs_[i].name + "-ca.pem"), 5};
      opts.added_latency_ms = specs_[i].latency_ms;
      servers_[i] = std::make_unique<venue::VenueServer>(config, opts);
    }
  }

  ~CrossVenueArbE2eTest() override {
    arb_.reset();
    for (auto& c : connectors_) c.reset();
    for (auto& s : servers_) s.reset();
    std::filesystem::remove_all(dir_);
  }

  void start(const CrossVenueArbConfig& config) {
    for (int i = 0; i < 2; ++i) {
      hl::PrivateKey key = hl::PrivateKey::from_hex(kKey);
      address_ = key.address();
      servers_[i]->with_core([&](venue::VenueCore& core) { core.add_account(address_, 100'000 * kPriceScale); });
      connectors::HyperliquidConnectorConfig c;
      c.name = specs_[i].name;
      c.host = "127.0.0.1";
      c.port = std::to_string(servers_[i]->port());
      c.ca_file = (dir_ / (specs_[i].name + "-ca.pem")).string();
      c.fees = connectors::FeeSchedule{specs_[i].maker_ppm / 100.0, specs_[i].taker_ppm / 100.0};
      connectors_[i] = std::make_unique<connectors::HyperliquidConnector>(c, std::move(key));
    }
    arb_ = std::make_unique<CrossVenueArb>(config, *connectors_[0], *connectors_[1]);
    for (auto& c : connectors_) c->start();
    ASSERT_TRUE(wait_until([&] { return connectors_[0]->ready() && connectors_[1]->ready(); }, 10s))
        << connectors_[0]->fatal() << connectors_[1]->fatal();
    arb_->start();
  }

  static CrossVenueArbConfig arb_config() {
    CrossVenueArbConfig c;
    c.coin = "ETH";
    c.params.min_edge_bps = 2.0;
    c.params.max_notional_usd = 2'000;
    c.params.capital_usd = 100'000;
    c.cooldown = 2'500ms;
    c.settle_timeout = 3'000ms;
    return c;
  }

    // The venue's fair price jumps by `bps` for `hold_ms`, then returns.
  void dislocate(int venue, double bps, std::uint64_t hold_ms) {
    servers_[venue]->with_core([&](venue::VenueCore& core) { core.flow().dislocate(0, bps, venue::wall_clock_ms(), hold_ms); });
  }

  Size position(int venue) {
    Size p = 0;
    servers_[venue]->with_core([&](venue::VenueCore& core) { p = core.exchange().position(address_, 0); });
    return p;
  }

  // Sells minus buys minus fees over every fill the venue recorded for us, in USD.
  double venue_cash(int venue) {
    double cash = 0;
    servers_[venue]->with_core([&](venue::VenueCore& core) {
      for (const hl::UserFill& f : core.exchange().user_fills(address_)) {
        const double notional = static_cast<double>(f.price) / kPriceScale * static_cast<double>(f.size) / kSizeScale;
        cash += (f.is_buy ? -notional : notional) - static_cast<double>(f.fee) / kPriceScale;
      }
    });
    return cash;
  }

  std::filesystem::path dir_;
  VenueSpec specs_[2];
  std::unique_ptr<venue::VenueServer> servers_[2];
  std::unique_ptr<connectors::HyperliquidConnector> connectors_[2];
  std::unique_ptr<CrossVenueArb> arb_;
  hl::Address address_;
};

TEST_F(CrossVenueArbE2eTest, ADislocationIsArbitragedOnceBothLegsFillAndThePositionIsFlat) {
  start(arb_config());
  std::this_thread::sleep_for(1'000ms);
  EXPECT_EQ(arb_->stats().arbs, 0u) << "no arbitrage between two quiet venues";
  // The remote venue's market jumps 40 bps up: its bid (fair + 30 bps) is 20 bps above the home
  // venue's ask (fair + 10 bps); both taker fees are 7 bps.
  dislocate(1, 40.0, 1'000);
  ASSERT_TRUE(wait_until([&] { return !arb_->stats().records.empty(); }, 5s)) << "no arbitrage";
  // The dislocation is gone after 1 s and the cooldown (2.5 s) is over before we look again.
  std::this_thread::sleep_for(3'500ms);
  const ArbStats s = arb_->stats();
  ASSERT_EQ(s.arbs, 1u) << "one dislocation, one arbitrage";
  ASSERT_EQ(s.records.size(), 1u);
  const ArbRecord& r = s.records[0];
  EXPECT_EQ(r.outcome, "both legs filled");
  EXPECT_EQ(r.buy_venue, 0) << "bought where it was cheap";
  EXPECT_GT(r.expected_net_bps, 2.0);
  EXPECT_EQ(s.completed, 1u);
  EXPECT_EQ(s.legs_filled, 2u);
  EXPECT_EQ(s.unwinds, 0u);
  EXPECT_EQ(s.one_leg_failures, 0u);
  // 2000 USD of notional at the touch at most (the limit sent carries up to 5 bps of allowance).
  EXPECT_GT(r.size, 0);
  EXPECT_LE(static_cast<double>(r.size) / kSizeScale * static_cast<double>(r.buy_price) / kPriceScale, 2'000.0 * 1.0005);
  EXPECT_EQ(r.bought, r.size);
  EXPECT_EQ(r.sold, r.size);
  // The venues' view: long at home, short remote, flat across the two.
  EXPECT_EQ(position(0), r.size);
  EXPECT_EQ(position(1), -r.size);
  EXPECT_EQ(position(0) + position(1), 0);
  EXPECT_EQ(s.position[0], position(0));
  EXPECT_EQ(s.position[1], position(1));
  // Realised edge after both venues' fees: positive, and what the venues' fill records say.
  EXPECT_GT(r.realised_usd, 0);
  EXPECT_GT(r.fees_usd, 0);
  EXPECT_NEAR(r.realised_usd, venue_cash(0) + venue_cash(1), 1e-6);
  std::printf("arbitrage: %.4f ETH, expected %.2f bps net, realised %.4f USD after %.4f USD fees\n",
              static_cast<double>(r.size) / kSizeScale, r.expected_net_bps, r.realised_usd, r.fees_usd);
}

TEST_F(CrossVenueArbE2eTest, WhenOneLegIsRefusedTheFilledLegIsUnwoundAndBothVenuesEndFlat) {
  start(arb_config());
  // The remote venue refuses the next order of ours, as it would for missing margin.
  servers_[1]->with_core([&](venue::VenueCore& core) {
    hl::ExchangeResponse refusal;
    refusal.ok = true;
    refusal.type = "order";
    refusal.statuses.push_back(hl::OrderStatus{hl::OrderStatusKind::kError, 0, 0, 0, "Insufficient margin to place order. asset=0"});
    core.inject_response(address_, refusal, true);
  });
  dislocate(1, 40.0, 1'000);
  ASSERT_TRUE(wait_until([&] { return !arb_->stats().records.empty(); }, 8s)) << "no arbitrage";
  const ArbStats s = arb_->stats();
  ASSERT_EQ(s.records.size(), 1u);
  const ArbRecord& r = s.records[0];
  EXPECT_EQ(r.outcome, "unwound");
  EXPECT_EQ(s.one_leg_failures, 1u);
  EXPECT_EQ(s.legs_filled, 1u);
  EXPECT_GE(s.unwinds, 1u);
  EXPECT_FALSE(s.halted) << s.halt_reason;
  EXPECT_EQ(r.bought, r.size) << "the home leg filled";
  EXPECT_EQ(r.sold, r.size) << "and was sold back";
  EXPECT_EQ(position(0), 0);
  EXPECT_EQ(position(1), 0);
  EXPECT_EQ(s.position[0], 0);
  EXPECT_EQ(s.position[1], 0);
  // An unwind costs the spread and two fees: the loss is what the venue recorded.
  EXPECT_LT(r.realised_usd, 0);
  EXPECT_NEAR(r.realised_usd, venue_cash(0) + venue_cash(1), 1e-6);
  std::printf("unwound: %.4f ETH, cost %.4f USD\n", static_cast<double>(r.size) / kSizeScale, -r.realised_usd);
}

// The remote leg's answer says its nonce was a duplicate: a copy may have executed, so its outcome
// is unknown until the fills say. None come (the venue did not execute it): at the settle timeout
// the home leg is unwound on what the fills show.
// The venue answers one leg with a duplicate-nonce refusal, as for a copy of a request that had
// already landed: the connector cannot tell from the answer whether the order exists, asks
// /info orderStatus (HyperliquidConnector: lost answers), learns it never reached the book, and
// the strategy unwinds the other leg. Only after those queries (about a second each) does the
// leg settle, so the arbitrage takes longer than the settle timeout.
TEST_F(CrossVenueArbE2eTest, ALegWhoseAnswerIsInDoubtIsResolvedByTheVenueAndTheOtherUnwound) {
  CrossVenueArbConfig config = arb_config();
  config.settle_timeout = 800ms;
  start(config);
  servers_[1]->with_core([&](venue::VenueCore& core) {
    hl::ExchangeResponse unknown;
    unknown.ok = false;
    unknown.error = "Invalid nonce: duplicate nonce 1";
    core.inject_response(address_, unknown, true);
  });
  const auto t0 = Clock::now();
  dislocate(1, 40.0, 1'000);
  ASSERT_TRUE(wait_until([&] { return !arb_->stats().records.empty(); }, 8s)) << "no arbitrage";
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
  const ArbStats s = arb_->stats();
  const ArbRecord& r = s.records.at(0);
  EXPECT_EQ(r.outcome, "unwound");
  EXPECT_GE(ms, 800) << "the leg in doubt settles only after the venue was asked";
  EXPECT_EQ(s.one_leg_failures, 1u);
  EXPECT_EQ(position(0), 0);
  EXPECT_EQ(position(1), 0);
}

}  // namespace
}  // namespace hlmm::strategies
