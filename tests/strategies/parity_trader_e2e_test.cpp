// The parity trader end to end: one local venue (sim/venue) listing ETH and an ETH price binary,
// over real TLS on loopback, reached through two HyperliquidConnectors on one account (the outcome
// coin on one, the perp on the other). A mispricing injected into the crowd's outcome ladder is
// traded once, the outcome order fills, the perp hedge is sized -position x delta within one lot,
// and the trader's positions and cash are what the venue's clearinghouse and userFills say. An
// account that cannot collateralise the order makes the trader halt with the venue's reason.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <thread>
#include <unistd.h>

#include "connectors/hyperliquid_connector.hpp"
#include "orders/nonce.hpp"
#include "strategies/parity_trader.hpp"
#include "venue/venue_server.hpp"

namespace hlmm::strategies {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr char kKey[] = "0x8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63";
constexpr std::uint32_t kOutcomeBook = 1;  // the venue's book index: ETH is 0, the outcome next
constexpr Size kEthLot = 10'000;           // szDecimals 4

template <class Pred>
bool wait_until(Pred pred, std::chrono::milliseconds timeout) {
  const auto until = Clock::now() + timeout;
  while (Clock::now() < until) {
    if (pred()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return pred();
}

class ParityTraderE2eTest : public ::testing::Test {
 protected:
  ParityTraderE2eTest() {
    dir_ = std::filesystem::temp_directory_path() /
           ("hlmm-parity-" + std::to_string(::getpid()) + "-" + std::to_string(venue::wall_clock_ms()));
    std::filesystem::create_directories(dir_);
    venue::VenueConfig config;
    venue::VenueAsset eth = venue::preset_asset("eth");
    // A still perp (no GBM): the binary's fair value and delta hold still, so one mispricing is
    // one trade and the hedge can be checked to a lot.
    eth.flow.vol_annual = 0;
    config.assets.push_back(eth);
    outcome_.outcome = 1;
    outcome_.strike = 3'000 * kPriceScale;
    outcome_.expiry = venue::outcome_expiry_text(static_cast<std::int64_t>(venue::wall_clock_ms() / 1000) + 86'400);
    outcome_.sigma = 0.6;
    config.outcomes.push_back(outcome_);
    config.exchange.sequencing.block_interval_ms = 50;
    config.flow.seed = 31;
    config.flow.taker_rate_per_s = 0.5;
    config.flow.outcome_taker_rate_per_s = 0;  // the trader is the only one to take the mispricing
    server_ = std::make_unique<venue::VenueServer>(config, venue::VenueServerOptions{"127.0.0.1", 0, dir_ / "ca.pem", 5});
  }

  ~ParityTraderE2eTest() override {
    trader_.reset();
    for (auto& c : connectors_) c.reset();
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  void start(exchange::Money deposit) {
    const auto nonces = std::make_shared<orders::NonceSource>(std::filesystem::path{});
    address_ = hl::PrivateKey::from_hex(kKey).address();
    server_->with_core([&](venue::VenueCore& core) { core.add_account(address_, deposit); });
    const std::vector<std::string> coins[2] = {{"#10"}, {"ETH"}};
    const char* names[2] = {"outcomes", "perp"};
    for (int i = 0; i < 2; ++i) {
      connectors::HyperliquidConnectorConfig c;
      c.name = names[i];
      c.host = "127.0.0.1";
      c.port = std::to_string(server_->port());
      c.ca_file = (dir_ / "ca.pem").string();
      c.coins = coins[i];
      c.fees = i == 0 ? connectors::FeeSchedule{0, 0} : connectors::FeeSchedule{1.5, 4.5};
      // One account behind both: one nonce sequence, or the two would collide.
      connectors_[i] = std::make_unique<connectors::HyperliquidConnector>(c, hl::PrivateKey::from_hex(kKey), nonces);
    }
    trader_ = std::make_unique<ParityTrader>(config(), *connectors_[0], *connectors_[1]);
    for (auto& c : connectors_) c->start();
    ASSERT_TRUE(wait_until([&] { return connectors_[0]->ready() && connectors_[1]->ready(); }, 10s))
        << connectors_[0]->fatal() << connectors_[1]->fatal();
    trader_->start();
  }

  ParityTraderConfig config() const {
    ParityTraderConfig c;
    c.outcome_coin = "#10";
    c.hedge_coin = "ETH";
    c.binary = parse_price_binary(outcome_.description());
    c.sigma = 0.6;
    c.parity.min_edge = 0.03;
    c.parity.capital_usd = 10'000;
    c.parity.sizing.fraction = 0.25;
    c.parity.sizing.max_stake_usd = 20;  // a few dozen contracts: inside the crowd's first level
    c.parity.rebalance_threshold = 0.01;
    c.cooldown = 500ms;
    return c;
  }

  void misprice(double delta, std::uint64_t hold_ms) {
    server_->with_core([&](venue::VenueCore& core) {
      core.flow().misprice_outcome(0, delta, venue::wall_clock_ms(), hold_ms);
    });
  }

  std::filesystem::path dir_;
  venue::VenueOutcome outcome_;
  std::unique_ptr<venue::VenueServer> server_;
  std::unique_ptr<connectors::HyperliquidConnector> connectors_[2];
  std::unique_ptr<ParityTrader> trader_;
  hl::Address address_;
};

TEST_F(ParityTraderE2eTest, AMispricingIsTradedOnceHedgedByDeltaAndThePositionsAreTheVenues) {
  start(10'000 * kPriceScale);
  // Quiet books first: the crowd quotes 0.01 around fair, under the 0.03 edge.
  std::this_thread::sleep_for(1'500ms);
  EXPECT_GT(trader_->stats().decisions, 0u);
  EXPECT_EQ(trader_->stats().outcome_orders, 0u);

  // The crowd's Yes ladder drops 0.08 below fair for 2 s: its ask is ~0.07 under fair.
  misprice(-0.08, 2'000);
  ASSERT_TRUE(wait_until([&] { return !trader_->stats().trades.empty() || trader_->stats().halted; }, 10s));
  // Past the hold and a cooldown: nothing more was traded.
  std::this_thread::sleep_for(3'000ms);
  const ParityStats s = trader_->stats();
  ASSERT_FALSE(s.halted) << s.halt_reason;
  ASSERT_EQ(s.trades.size(), 1u);
  EXPECT_EQ(s.outcome_orders, 1u);
  EXPECT_EQ(s.outcome_filled, 1u);
  const ParityTrade& t = s.trades.front();
  EXPECT_EQ(t.outcome, "hedged");
  EXPECT_TRUE(t.buy_yes);
  EXPECT_GE(t.fair - static_cast<double>(t.book_price) / kPriceScale, 0.03);
  EXPECT_GT(t.requested, 0);
  EXPECT_EQ(t.filled, t.requested);
  EXPECT_EQ(s.outcome_position, t.filled);
  EXPECT_GE(s.hedge_orders, 1u);

  // The hedge: short the perp by position x delta, within one lot.
  const double position = static_cast<double>(s.outcome_position) / kSizeScale;
  const double target = -position * t.delta;
  EXPECT_LT(target, 0);
  EXPECT_LE(std::abs(static_cast<double>(s.hedge_position) / kSizeScale - target), static_cast<double>(kEthLot) / kSizeScale)
      << "hedge " << s.hedge_position << " target " << target;

  // The venue agrees: positions, and the cash the fills moved.
  Size venue_outcome = 0, venue_perp = 0;
  double venue_cash = 0;
  std::size_t outcome_fills = 0;
  std::string clearinghouse;
  server_->with_core([&](venue::VenueCore& core) {
    venue_outcome = core.exchange().position(address_, kOutcomeBook);
    venue_perp = core.exchange().position(address_, 0);
    for (const hl::UserFill& f : core.exchange().user_fills(address_)) {
      const double notional = static_cast<double>(f.price) / kPriceScale * static_cast<double>(f.size) / kSizeScale;
      venue_cash += (f.is_buy ? -notional : notional) - static_cast<double>(f.fee) / kPriceScale;
      outcome_fills += f.coin == "#10";
    }
    core.http_info(R"({"type":"clearinghouseState","user":")" + address_.to_string() + R"("})", venue::wall_clock_ms(),
                   [&](unsigned, std::string body) { clearinghouse = std::move(body); });
  });
  EXPECT_EQ(venue_outcome, s.outcome_position);
  EXPECT_EQ(venue_perp, s.hedge_position);
  EXPECT_GE(outcome_fills, 1u);
  EXPECT_NEAR(venue_cash, s.cash_usd, 1e-6);
  EXPECT_NE(clearinghouse.find(R"("coin":"#10")"), std::string::npos) << clearinghouse;
  EXPECT_NE(clearinghouse.find(R"("szi":")" + std::string(format_fixed(s.outcome_position, kSizeDecimals).view()) + "\""),
            std::string::npos)
      << clearinghouse;
}

TEST_F(ParityTraderE2eTest, AnOrderTheAccountCannotCollateraliseHaltsTheTraderWithTheVenuesReason) {
  start(5 * kPriceScale);  // the trade wants ~20 USD of Yes
  std::this_thread::sleep_for(1'000ms);
  misprice(-0.08, 2'000);
  ASSERT_TRUE(wait_until([&] { return trader_->stats().halted; }, 10s));
  const ParityStats s = trader_->stats();
  EXPECT_NE(s.halt_reason.find("Insufficient balance to collateralize outcome order"), std::string::npos) << s.halt_reason;
  EXPECT_EQ(s.outcome_position, 0);
  EXPECT_EQ(s.hedge_orders, 0u);
  Size venue_outcome = 1;
  server_->with_core([&](venue::VenueCore& core) { venue_outcome = core.exchange().position(address_, kOutcomeBook); });
  EXPECT_EQ(venue_outcome, 0);
}

}  // namespace
}  // namespace hlmm::strategies
