// HyperliquidConnector with HIP-4 outcome coins, against the local venue over real TLS: "#<enc>"
// coins are mapped from outcomeMeta (asset id, one-contract lot, the 0.001 tick), both sides' books
// arrive (the No book the Yes book mirrored), an IOC on the No coin fills on the merged book and
// its fill names the No coin, and a coin the venue does not list stops the connector with a reason.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <mutex>
#include <thread>
#include <unistd.h>

#include "connectors/hyperliquid_connector.hpp"
#include "venue/venue_server.hpp"

namespace hlmm::connectors {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr char kKey[] = "0x8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63";

template <class Pred>
bool wait_until(Pred pred, std::chrono::milliseconds timeout) {
  const auto until = Clock::now() + timeout;
  while (Clock::now() < until) {
    if (pred()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return pred();
}

class OutcomeConnectorTest : public ::testing::Test {
 protected:
  OutcomeConnectorTest() {
    dir_ = std::filesystem::temp_directory_path() /
           ("hlmm-outcome-connector-" + std::to_string(::getpid()) + "-" + std::to_string(venue::wall_clock_ms()));
    std::filesystem::create_directories(dir_);
    venue::VenueConfig config;
    venue::VenueAsset eth = venue::preset_asset("eth");
    eth.flow.vol_annual = 0;  // a still perp: the binary's fair value and the crowd's ladder hold still
    config.assets.push_back(eth);
    venue::VenueOutcome o;
    o.outcome = 1;
    o.strike = 3'000 * kPriceScale;
    o.expiry = venue::outcome_expiry_text(static_cast<std::int64_t>(venue::wall_clock_ms() / 1000) + 86'400);
    o.sigma = 0.6;
    config.outcomes.push_back(o);
    config.exchange.sequencing.block_interval_ms = 50;
    config.flow.seed = 12;
    config.flow.outcome_taker_rate_per_s = 0;
    config.flow.taker_rate_per_s = 0;
    server_ = std::make_unique<venue::VenueServer>(config, venue::VenueServerOptions{"127.0.0.1", 0, dir_ / "ca.pem", 5});
  }
  ~OutcomeConnectorTest() override {
    connector_.reset();
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  void start(std::vector<std::string> coins) {
    hl::PrivateKey key = hl::PrivateKey::from_hex(kKey);
    address_ = key.address();
    server_->with_core([&](venue::VenueCore& core) { core.add_account(address_, 10'000 * kPriceScale); });
    HyperliquidConnectorConfig c;
    c.name = "local";
    c.host = "127.0.0.1";
    c.port = std::to_string(server_->port());
    c.ca_file = (dir_ / "ca.pem").string();
    c.coins = std::move(coins);
    connector_ = std::make_unique<HyperliquidConnector>(c, std::move(key));
    connector_->set_event_handler([this](const VenueEvent& e) {
      std::lock_guard lock(mutex_);
      if (const auto* b = std::get_if<BookEvent>(&e)) books_[b->coin] = *b;
      if (const auto* f = std::get_if<FillEvent>(&e)) fills_.push_back(*f);
    });
    connector_->start();
  }

  BookEvent book(const std::string& coin) {
    std::lock_guard lock(mutex_);
    return books_[coin];
  }
  std::vector<FillEvent> fills() {
    std::lock_guard lock(mutex_);
    return fills_;
  }

  std::filesystem::path dir_;
  std::unique_ptr<venue::VenueServer> server_;
  std::unique_ptr<HyperliquidConnector> connector_;
  hl::Address address_;
  std::mutex mutex_;
  std::map<std::string, BookEvent> books_;
  std::vector<FillEvent> fills_;
};

TEST_F(OutcomeConnectorTest, OutcomeCoinsAreMappedTheirBooksArriveAndAnIocOnNoFills) {
  start({"ETH", "#10", "#11"});
  ASSERT_TRUE(wait_until([&] { return connector_->ready(); }, 10s)) << connector_->fatal();
  ASSERT_TRUE(wait_until([&] { return !book("#10").asks.empty() && !book("#11").bids.empty() && !book("#10").bids.empty(); }, 5s));
  EXPECT_EQ(connector_->lot("#10"), kSizeScale);
  EXPECT_EQ(connector_->lot("#11"), kSizeScale);
  EXPECT_EQ(connector_->lot("ETH"), 10'000);  // szDecimals 4, as before
  EXPECT_EQ(connector_->marketable_price("#10", Side::kBid, 50'040'000), 50'100'000);
  EXPECT_EQ(connector_->marketable_price("#11", Side::kAsk, 50'040'000), 50'000'000);
  // The No book is the Yes book mirrored.
  ASSERT_TRUE(wait_until([&] { return book("#11").bids.front().price == kPriceScale - book("#10").asks.front().price; }, 3s));
  EXPECT_EQ(book("#11").asks.front().price, kPriceScale - book("#10").bids.front().price);

  // Buy three No at the No ask: on the merged book that sells three Yes at the Yes bid.
  const Price no_ask = book("#11").asks.front().price;
  std::promise<OrderResult> done;
  connector_->place_ioc("#11", Side::kBid, no_ask, 3 * kSizeScale, 42, [&](const OrderResult& r) { done.set_value(r); });
  auto f = done.get_future();
  ASSERT_EQ(f.wait_for(10s), std::future_status::ready);
  const OrderResult r = f.get();
  EXPECT_EQ(r.outcome, OrderOutcome::kFilled) << r.reason;
  EXPECT_EQ(r.avg_price, no_ask);
  ASSERT_TRUE(wait_until([&] { return !fills().empty(); }, 5s));
  const FillEvent fill = fills().front();
  EXPECT_EQ(fill.coin, "#11");
  EXPECT_EQ(fill.client_id, 42u);
  EXPECT_EQ(fill.side, Side::kBid);
  EXPECT_EQ(fill.price, no_ask);
  EXPECT_EQ(fill.size, 3 * kSizeScale);
  EXPECT_EQ(fill.fee, 0);
  Size yes_position = 0;
  server_->with_core([&](venue::VenueCore& core) { yes_position = core.exchange().position(address_, 1); });
  EXPECT_EQ(yes_position, -3 * kSizeScale);

  // Half a contract is not a lot; a price off the 0.001 grid is not a tick: refused before sending.
  std::promise<OrderResult> half;
  connector_->place_ioc("#10", Side::kBid, 50'000'000, kSizeScale / 2, 43, [&](const OrderResult& x) { half.set_value(x); });
  EXPECT_EQ(half.get_future().get().outcome, OrderOutcome::kRejected);
  std::promise<OrderResult> tick;
  connector_->place_ioc("#10", Side::kBid, 50'050'000, kSizeScale, 44, [&](const OrderResult& x) { tick.set_value(x); });
  const OrderResult off_grid = tick.get_future().get();
  EXPECT_EQ(off_grid.outcome, OrderOutcome::kRejected);
  EXPECT_NE(off_grid.reason.find("tick"), std::string::npos) << off_grid.reason;
}

TEST_F(OutcomeConnectorTest, AnOutcomeTheVenueDoesNotListStopsTheConnectorWithAReason) {
  start({"ETH", "#20"});
  ASSERT_TRUE(wait_until([&] { return !connector_->fatal().empty(); }, 10s));
  EXPECT_NE(connector_->fatal().find("outcome 2 is not listed by outcomeMeta"), std::string::npos) << connector_->fatal();
  EXPECT_FALSE(connector_->ready());
}

TEST_F(OutcomeConnectorTest, AMalformedOutcomeCoinIsRefused) {
  start({"#12"});
  ASSERT_TRUE(wait_until([&] { return !connector_->fatal().empty(); }, 10s));
  EXPECT_NE(connector_->fatal().find("#12 is not #<10 * outcome + side>"), std::string::npos) << connector_->fatal();
}

}  // namespace
}  // namespace hlmm::connectors
