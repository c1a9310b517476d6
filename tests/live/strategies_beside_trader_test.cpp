// Strategies beside the market maker (issue #11): they trade through the trader's connectors, so
// they share its book cache, order manager and risk gate. End to end over real TLS against local
// venues: a strategy's IOC on the trader's venue moves the market maker's own position and passes
// its gate; the gate refuses what would breach the account's limits and lets exposure-reducing
// orders through after a kill; the cross-venue arbitrage trades with the market maker's account
// on one venue and an account on another, and the gate nets the instrument over both.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <future>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <vector>

#include "connectors/hyperliquid_connector.hpp"
#include "live/trader.hpp"
#include "strategies/cross_venue_arb.hpp"
#include "venue/venue_server.hpp"
#include "wait_until.hpp"

namespace hlmm::live {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using connectors::OrderOutcome;
using test::wait_until;

constexpr char kKey[] = "0x8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63";
constexpr char kRemoteKey[] = "0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";

std::unique_ptr<venue::VenueServer> make_venue(const std::filesystem::path& ca, std::uint64_t seed,
                                               exchange::FeeRates fees, std::uint64_t latency_ms) {
  venue::VenueConfig config;
  venue::VenueAsset eth = venue::preset_asset("eth");
  eth.flow.vol_annual = 0.05;  // quiet: two venues must not drift into an arbitrage of their own
  config.assets.push_back(eth);
  config.exchange.sequencing.block_interval_ms = 50;
  config.exchange.default_fees = fees;
  config.flow.seed = seed;
  config.flow.taker_rate_per_s = 0.5;
  venue::VenueServerOptions opts{"127.0.0.1", 0, ca, 5};
  opts.added_latency_ms = latency_ms;
  return std::make_unique<venue::VenueServer>(config, opts);
}

// Collects a connector's events (its handler runs on the connector's thread).
struct Events {
  std::mutex mutex;
  std::vector<connectors::BookEvent> books;
  std::vector<connectors::FillEvent> fills;
  void on(const connectors::VenueEvent& e) {
    std::lock_guard lock(mutex);
    if (const auto* b = std::get_if<connectors::BookEvent>(&e)) books.push_back(*b);
    if (const auto* f = std::get_if<connectors::FillEvent>(&e)) fills.push_back(*f);
  }
  std::optional<connectors::BookEvent> last_book() {
    std::lock_guard lock(mutex);
    if (books.empty()) return std::nullopt;
    return books.back();
  }
  // The latest book with both sides (the venue's crowd needs a moment to quote after start).
  connectors::BookEvent two_sided_book() {
    std::optional<connectors::BookEvent> b;
    EXPECT_TRUE(wait_until([&] {
      b = last_book();
      return b && !b->bids.empty() && !b->asks.empty();
    }, 10s));
    if (!b || b->bids.empty() || b->asks.empty()) throw std::runtime_error("no two-sided book");
    return *b;
  }
  Size filled(connectors::ClientOrderId id) {
    std::lock_guard lock(mutex);
    Size n = 0;
    for (const auto& f : fills) n += f.client_id == id ? f.size : 0;
    return n;
  }
};

class StrategiesBesideTraderTest : public ::testing::Test {
 protected:
  StrategiesBesideTraderTest() {
    dir_ = std::filesystem::temp_directory_path() /
           ("hlmm-beside-" + std::to_string(::getpid()) + "-" + std::to_string(venue::wall_clock_ms()));
    std::filesystem::create_directories(dir_);
    home_ = make_venue(dir_ / "home-ca.pem", 31, exchange::FeeRates{450, 150}, 0);
  }
  ~StrategiesBesideTraderTest() override {
    arb_.reset();
    for (auto& c : connectors_) c.reset();
    remote_link_.reset();
    trader_.reset();
    remote_.reset();
    home_.reset();
    std::filesystem::remove_all(dir_);
  }

  void start_trader(const risk::RiskLimits& limits = {}, std::optional<HedgeSettings> hedge = std::nullopt,
                    std::vector<std::string> gated_coins = {}) {
    hl::PrivateKey key = hl::PrivateKey::from_hex(kKey);
    address_ = key.address();
    home_->with_core([&](venue::VenueCore& core) { core.add_account(address_, 100'000 * kPriceScale); });
    TraderConfig tc;
    tc.port = std::to_string(home_->port());
    tc.ca_file = (dir_ / "home-ca.pem").string();
    tc.coins = {"ETH"};
    tc.risk = limits;
    tc.fees = connectors::FeeSchedule{1.5, 4.5};
    tc.hedge = hedge;
    tc.gated_coins = std::move(gated_coins);
    trader_ = std::make_unique<Trader>(tc, std::move(key));
    trader_->start();
  }

  // Another account (kRemoteKey), funded on `venue`, behind its own connector (remote_link_).
  hl::Address link_other_account(venue::VenueServer& venue, const std::string& ca, const std::string& name,
                                 std::vector<std::string> coins, connectors::FeeSchedule fees = {}) {
    hl::PrivateKey key = hl::PrivateKey::from_hex(kRemoteKey);
    const hl::Address address = key.address();
    venue.with_core([&](venue::VenueCore& core) { core.add_account(address, 100'000 * kPriceScale); });
    connectors::HyperliquidConnectorConfig c;
    c.name = name;
    c.host = "127.0.0.1";
    c.port = std::to_string(venue.port());
    c.ca_file = (dir_ / ca).string();
    c.coins = std::move(coins);
    c.fees = fees;
    remote_link_ = std::make_unique<connectors::HyperliquidConnector>(c, std::move(key));
    return address;
  }

  // A strategy connector on the trader's venue, started and ready.
  connectors::Connector& open(Events& events) {
    connectors_[0] = trader_->open_connector("home");
    connectors_[0]->set_event_handler([&events](const connectors::VenueEvent& e) { events.on(e); });
    connectors_[0]->start();
    EXPECT_TRUE(wait_until([&] { return connectors_[0]->ready(); }, 20s)) << trader_->snapshot().fatal;
    return *connectors_[0];
  }

  // remote_link_ behind the trader's gate (Trader::gate_connector), started and ready.
  connectors::Connector& open_gated(Events& events) {
    connectors_[1] = trader_->gate_connector(*remote_link_);
    connectors_[1]->set_event_handler([&events](const connectors::VenueEvent& e) { events.on(e); });
    connectors_[1]->start();
    EXPECT_TRUE(wait_until([&] { return connectors_[1]->ready() && trader_->snapshot().ready; }, 20s)) << remote_link_->fatal();
    return *connectors_[1];
  }

  connectors::OrderResult ioc(connectors::Connector& c, Side side, Price price, Size size, connectors::ClientOrderId id,
                              const std::string& coin = "ETH") {
    std::promise<connectors::OrderResult> done;
    c.place_ioc(coin, side, price, size, id, [&done](const connectors::OrderResult& r) { done.set_value(r); });
    auto f = done.get_future();
    EXPECT_EQ(f.wait_for(10s), std::future_status::ready);
    return f.get();
  }

  Size venue_position(venue::VenueServer& v, const hl::Address& a) {
    Size p = 0;
    v.with_core([&](venue::VenueCore& core) { p = core.exchange().position(a, 0); });
    return p;
  }

  std::filesystem::path dir_;
  std::unique_ptr<venue::VenueServer> home_, remote_;
  std::unique_ptr<Trader> trader_;
  std::unique_ptr<connectors::HyperliquidConnector> remote_link_;
  std::unique_ptr<connectors::Connector> connectors_[2];
  std::unique_ptr<strategies::CrossVenueArb> arb_;
  hl::Address address_;
};

TEST_F(StrategiesBesideTraderTest, AStrategyIocMovesTheMarketMakersPositionAndPassesItsGate) {
  start_trader();
  Events events;
  connectors::Connector& c = open(events);
  home_->with_core([](venue::VenueCore& core) { core.flow().set_takers(false); });  // only our IOC trades
  const std::optional<connectors::BookEvent> book = events.two_sided_book();
  EXPECT_LT(book->bids[0].price, book->asks[0].price);
  EXPECT_GT(c.lot("ETH"), 0);
  EXPECT_EQ(c.lot("BTC"), 0);  // not traded by the market maker
  ASSERT_TRUE(wait_until([&] { return trader_->snapshot().coins.at(0).our_ask > 0; }, 20s));

  const Size before = trader_->snapshot().coins.at(0).position;
  const Size quoting_before = trader_->snapshot().coins.at(0).quoting_position;
  const std::uint64_t checked_before = trader_->snapshot().risk.counters.checked;
  const Price limit = c.marketable_price("ETH", Side::kBid, book->asks[0].price + book->asks[0].price / 200);
  const Size size = 100 * c.lot("ETH");
  const connectors::OrderResult r = ioc(c, Side::kBid, limit, size, 7);
  ASSERT_TRUE(r.outcome == OrderOutcome::kFilled || r.outcome == OrderOutcome::kPartial)
      << connectors::order_outcome_name(r.outcome) << " " << r.reason;
  ASSERT_GT(r.filled, 0);
  ASSERT_TRUE(wait_until([&] { return events.filled(7) == r.filled; }, 5s)) << events.filled(7) << " vs " << r.filled;
  // The market maker's order manager applied the strategy's fill: its position is the account's.
  ASSERT_TRUE(wait_until([&] { return trader_->snapshot().coins.at(0).position == before + r.filled; }, 5s))
      << trader_->snapshot().coins.at(0).position << " vs " << before + r.filled;
  EXPECT_EQ(trader_->snapshot().coins.at(0).position, venue_position(*home_, address_));
  // ... but the fill is the strategy's: the quotes keep to the market maker's own inventory.
  EXPECT_EQ(trader_->snapshot().coins.at(0).quoting_position, quoting_before);
  EXPECT_GT(trader_->snapshot().risk.counters.checked, checked_before);  // the same gate as the quotes
  // The strategy's book is the one others offer: our own resting ask is not in it. At a moment when
  // the venue's book and the last book event agree, the level of our ask shows the others' size.
  std::string seen;
  const bool others_only = wait_until([&] {
    Size ours = 0, total = 0;
    Price at = 0;
    home_->with_core([&](venue::VenueCore& core) {
      for (const hl::OpenOrder& o : core.exchange().open_orders(address_)) {
        if (!o.is_buy) {
          at = o.limit_price;
          ours = o.size;
        }
      }
      for (const exchange::BookLevel& l : core.exchange().book(0).levels(false, 50)) total += l.price == at ? l.size : 0;
    });
    const connectors::BookEvent b = events.two_sided_book();
    Size shown = 0;
    for (const auto& l : b.asks) shown += l.price == at ? l.size : 0;
    seen = "ask " + std::to_string(at) + ": ours " + std::to_string(ours) + ", venue " + std::to_string(total) +
           ", strategy sees " + std::to_string(shown);
    return ours > 0 && shown == total - ours;
  }, 10s);
  EXPECT_TRUE(others_only) << seen;
  // Refused before sending: off the lot, off the tick grid, a coin the market maker does not trade.
  EXPECT_EQ(ioc(c, Side::kBid, limit, size + 1, 8).outcome, OrderOutcome::kRejected);
  EXPECT_EQ(ioc(c, Side::kBid, limit + 1, size, 9).outcome, OrderOutcome::kRejected);
  std::promise<connectors::OrderResult> btc;
  c.place_ioc("BTC", Side::kBid, limit, size, 10, [&btc](const connectors::OrderResult& x) { btc.set_value(x); });
  EXPECT_EQ(btc.get_future().get().outcome, OrderOutcome::kRejected);
}

TEST_F(StrategiesBesideTraderTest, TheAccountsGateResizesRefusesAndLetsAReducingOrderThroughAfterAKill) {
  risk::RiskLimits limits;
  limits.capital_usd = 100'000;
  limits.max_net_position_frac = 0.02;  // 2 000 USD of ETH
  start_trader(limits);
  Events events;
  connectors::Connector& c = open(events);
  home_->with_core([](venue::VenueCore& core) { core.flow().set_takers(false); });
  const connectors::BookEvent book = events.two_sided_book();
  const Price ask = book.asks[0].price;
  const Price buy_limit = c.marketable_price("ETH", Side::kBid, ask + ask / 100);
  // Twice the limit's worth: resized by the gate to what the limit leaves (the market maker may
  // hold some inventory of its own already), reported as partial.
  const Size two_limits = static_cast<Size>(2 * 2'000.0 / (static_cast<double>(ask) / kPriceScale) * kSizeScale) /
                          c.lot("ETH") * c.lot("ETH");
  const connectors::OrderResult r = ioc(c, Side::kBid, buy_limit, two_limits, 1);
  EXPECT_TRUE(r.outcome == OrderOutcome::kPartial || r.outcome == OrderOutcome::kRejected)
      << connectors::order_outcome_name(r.outcome) << " " << r.reason;
  EXPECT_NE(r.reason.find("risk gate"), std::string::npos) << r.reason;
  EXPECT_LT(r.filled, two_limits);
  const std::uint64_t per_rule = trader_->snapshot().risk.counters.per_rule[static_cast<std::size_t>(risk::Rule::kNetPosition)];
  EXPECT_GE(per_rule, 1u);

  // After a kill: adding risk is refused, reducing it is not.
  ASSERT_TRUE(wait_until([&] { return trader_->snapshot().coins.at(0).position == venue_position(*home_, address_); }, 5s));
  trader_->kill();
  const Size pos = trader_->snapshot().coins.at(0).position;
  ASSERT_NE(pos, 0) << "the resized IOC should have left a position";
  const Side adding = pos > 0 ? Side::kBid : Side::kAsk;
  const Side reducing = pos > 0 ? Side::kAsk : Side::kBid;
  const connectors::BookEvent now = events.two_sided_book();
  const Price add_px = adding == Side::kBid ? c.marketable_price("ETH", Side::kBid, now.asks[0].price + now.asks[0].price / 100)
                                            : c.marketable_price("ETH", Side::kAsk, now.bids[0].price - now.bids[0].price / 100);
  const Price cut_px = reducing == Side::kAsk ? c.marketable_price("ETH", Side::kAsk, now.bids[0].price - now.bids[0].price / 100)
                                              : c.marketable_price("ETH", Side::kBid, now.asks[0].price + now.asks[0].price / 100);
  const connectors::OrderResult refused = ioc(c, adding, add_px, c.lot("ETH"), 2);
  EXPECT_EQ(refused.outcome, OrderOutcome::kRejected);
  EXPECT_NE(refused.reason.find("kill"), std::string::npos) << refused.reason;
  const Size abs_pos = pos > 0 ? pos : -pos;
  const connectors::OrderResult flat = ioc(c, reducing, cut_px, abs_pos, 3);
  EXPECT_TRUE(flat.outcome == OrderOutcome::kFilled || flat.outcome == OrderOutcome::kPartial)
      << connectors::order_outcome_name(flat.outcome) << " " << flat.reason;
  EXPECT_TRUE(wait_until([&] { return venue_position(*home_, address_) == pos + (reducing == Side::kBid ? flat.filled : -flat.filled); }, 5s));
}

// Two IOCs sent together, each of which alone would only reduce the position: the gate judges the
// second with the first in flight (RiskGate::admit_taker), so after a kill they cannot flip a long
// into a short of the same size.
TEST_F(StrategiesBesideTraderTest, TwoReducingIocsSentTogetherAfterAKillCannotFlipThePosition) {
  home_->with_core([](venue::VenueCore& core) { core.flow().set_takers(false); });  // only our IOCs trade
  start_trader();
  Events events;
  connectors::Connector& c = open(events);
  const connectors::BookEvent book = events.two_sided_book();
  const Size size = 1'000 * c.lot("ETH");  // 0.1 ETH
  const connectors::OrderResult bought =
      ioc(c, Side::kBid, c.marketable_price("ETH", Side::kBid, book.asks[0].price + book.asks[0].price / 100), size, 1);
  ASSERT_EQ(bought.filled, size) << connectors::order_outcome_name(bought.outcome) << " " << bought.reason;
  trader_->kill();
  ASSERT_TRUE(wait_until([&] { return trader_->snapshot().coins.at(0).position == venue_position(*home_, address_); }, 5s));
  const Size pos = venue_position(*home_, address_);
  ASSERT_EQ(pos, size);
  const connectors::BookEvent now = events.two_sided_book();
  const Price sell_px = c.marketable_price("ETH", Side::kAsk, now.bids[0].price - now.bids[0].price / 100);
  std::promise<connectors::OrderResult> first, second;
  c.place_ioc("ETH", Side::kAsk, sell_px, pos, 2, [&first](const connectors::OrderResult& r) { first.set_value(r); });
  c.place_ioc("ETH", Side::kAsk, sell_px, pos, 3, [&second](const connectors::OrderResult& r) { second.set_value(r); });
  auto f1 = first.get_future(), f2 = second.get_future();
  ASSERT_EQ(f1.wait_for(10s), std::future_status::ready);
  ASSERT_EQ(f2.wait_for(10s), std::future_status::ready);
  const connectors::OrderResult r1 = f1.get(), r2 = f2.get();
  EXPECT_EQ(r1.outcome, OrderOutcome::kFilled) << r1.reason;
  EXPECT_EQ(r2.outcome, OrderOutcome::kRejected);
  EXPECT_NE(r2.reason.find("kill"), std::string::npos) << r2.reason;
  EXPECT_TRUE(wait_until([&] { return venue_position(*home_, address_) == 0; }, 5s))
      << static_cast<double>(venue_position(*home_, address_)) / kSizeScale;
  // The hold ends with the fill: nothing is left in flight, and the flat account is not reducible.
  EXPECT_TRUE(wait_until([&] { return trader_->snapshot().risk.state.holds == 0; }, 5s)) << trader_->snapshot().risk.state.holds;
  EXPECT_EQ(ioc(c, Side::kAsk, sell_px, c.lot("ETH"), 4).outcome, OrderOutcome::kRejected);
}

// Resting orders a strategy keeps on another venue count toward the account's net limit while they
// rest, and stop counting once cancelled: the gate holds each until the venue reports its fate.
TEST_F(StrategiesBesideTraderTest, RestingOrdersOnAnotherVenueCountTowardTheNetLimitUntilCancelled) {
  home_->with_core([](venue::VenueCore& core) { core.flow().set_takers(false); });  // the market maker stays flat
  risk::RiskLimits limits;
  limits.capital_usd = 100'000;
  limits.max_net_position_frac = 0.02;  // 2 000 USD of ETH
  start_trader(limits);
  remote_ = make_venue(dir_ / "remote-ca.pem", 34, exchange::FeeRates{250, 0}, 0);
  link_other_account(*remote_, "remote-ca.pem", "remote", {"ETH"});
  Events events;
  connectors::Connector& c = open_gated(events);
  ASSERT_EQ(trader_->snapshot().coins.at(0).position, 0);
  const connectors::BookEvent book = events.two_sided_book();
  const Price bid = c.marketable_price("ETH", Side::kAsk, book.bids[0].price - book.bids[0].price / 20);  // 5 % below: rests
  const double coins_at_limit = 2'000.0 / (static_cast<double>(book.bids[0].price) / kPriceScale);
  const Size lot = c.lot("ETH");
  const Size big = static_cast<Size>(0.6 * coins_at_limit * kSizeScale) / lot * lot;
  auto gtc = [&](Size size, connectors::ClientOrderId id) {
    std::promise<connectors::OrderResult> done;
    c.place_limit("ETH", Side::kBid, bid, size, connectors::TimeInForce::kGtc, id,
                  [&done](const connectors::OrderResult& r) { done.set_value(r); });
    auto f = done.get_future();
    EXPECT_EQ(f.wait_for(10s), std::future_status::ready);
    return f.get();
  };
  const connectors::OrderResult first = gtc(big, 1);
  ASSERT_EQ(first.outcome, OrderOutcome::kResting) << first.reason;
  EXPECT_EQ(first.reason.find("risk gate"), std::string::npos) << first.reason;
  // Nothing has filled, yet the first order's 60 % of the limit is in the gate: the second gets the rest.
  const connectors::OrderResult second = gtc(big, 2);
  ASSERT_EQ(second.outcome, OrderOutcome::kResting) << second.reason;
  EXPECT_NE(second.reason.find("net_position"), std::string::npos) << second.reason;
  EXPECT_EQ(trader_->snapshot().risk.state.holds, 2u);
  const connectors::OrderResult third = gtc(lot * 10, 3);
  EXPECT_EQ(third.outcome, OrderOutcome::kRejected);
  EXPECT_NE(third.reason.find("net_position"), std::string::npos) << third.reason;
  EXPECT_EQ(venue_position(*remote_, remote_link_->address()), 0);
  // Cancelled, the first order holds nothing: half its size fits again without a resize.
  std::promise<connectors::CancelResult> cancelled;
  c.cancel("ETH", 1, [&cancelled](const connectors::CancelResult& r) { cancelled.set_value(r); });
  ASSERT_TRUE(cancelled.get_future().get().ok);
  ASSERT_TRUE(wait_until([&] { return trader_->snapshot().risk.state.holds == 1; }, 5s)) << trader_->snapshot().risk.state.holds;
  const connectors::OrderResult fourth = gtc(big / 2 / lot * lot, 4);
  EXPECT_EQ(fourth.outcome, OrderOutcome::kResting) << fourth.reason;
  EXPECT_EQ(fourth.reason.find("risk gate"), std::string::npos) << fourth.reason;
}

TEST_F(StrategiesBesideTraderTest, ArbitrageTradesTheMarketMakersAccountAndTheGateNetsBothVenues) {
  start_trader();
  remote_ = make_venue(dir_ / "remote-ca.pem", 32, exchange::FeeRates{250, 0}, 30);
  const hl::Address remote_address =
      link_other_account(*remote_, "remote-ca.pem", "remote", {"ETH"}, connectors::FeeSchedule{0, 2.5});
  connectors_[0] = trader_->open_connector("home");
  connectors_[1] = trader_->gate_connector(*remote_link_);
  strategies::CrossVenueArbConfig ac;
  ac.coin = "ETH";
  ac.params.min_edge_bps = 2.0;
  ac.params.max_notional_usd = 2'000;
  ac.params.capital_usd = 100'000;
  ac.cooldown = 60s;  // one arbitrage
  ac.settle_timeout = 3'000ms;
  ac.risk = std::nullopt;  // the trader's gate
  arb_ = std::make_unique<strategies::CrossVenueArb>(ac, *connectors_[0], *connectors_[1]);
  for (auto& c : connectors_) c->start();
  ASSERT_TRUE(wait_until([&] { return connectors_[0]->ready() && connectors_[1]->ready(); }, 20s))
      << trader_->snapshot().fatal << remote_link_->fatal();
  // Only the arbitrage trades on the home account from here: no crowd takers hit our quotes.
  home_->with_core([](venue::VenueCore& core) { core.flow().set_takers(false); });
  ASSERT_TRUE(wait_until([&] { return trader_->snapshot().coins.at(0).position == venue_position(*home_, address_); }, 5s));
  const Size home_before = venue_position(*home_, address_);
  const std::uint64_t checked_before = trader_->snapshot().risk.counters.checked;
  arb_->start();
  remote_->with_core([](venue::VenueCore& core) { core.flow().dislocate(0, 40, venue::wall_clock_ms(), 3'000); });
  ASSERT_TRUE(wait_until([&] { return arb_->stats().completed >= 1; }, 20s))
      << "arbs " << arb_->stats().arbs << " risk rejects " << arb_->stats().risk_rejects << " halted "
      << arb_->stats().halt_reason;
  const strategies::ArbStats st = arb_->stats();
  ASSERT_FALSE(st.records.empty());
  const Size leg = st.records.front().size;
  // The remote venue's price jumped up: buy at home (the market maker's account), sell there.
  ASSERT_TRUE(wait_until([&] { return venue_position(*home_, address_) == home_before + leg; }, 5s))
      << venue_position(*home_, address_) << " vs " << home_before + leg;
  EXPECT_EQ(venue_position(*remote_, remote_address), -leg);
  // The account's position includes the leg (the trader's order manager sent it), the quotes'
  // inventory does not (the leg is hedged on the other venue) ...
  ASSERT_TRUE(wait_until([&] { return trader_->snapshot().coins.at(0).position == home_before + leg; }, 5s));
  EXPECT_EQ(trader_->snapshot().coins.at(0).quoting_position, home_before);
  // ... and its gate checked both legs and holds the instrument net over both venues: the gross
  // notional is what the market maker held before, not that plus two legs.
  const TraderSnapshot s = trader_->snapshot();
  EXPECT_GE(s.risk.counters.checked, checked_before + 2);
  const double mid = static_cast<double>(st.records.front().buy_price) / kPriceScale;
  const double before_usd = std::abs(static_cast<double>(home_before) / kSizeScale) * mid;
  EXPECT_NEAR(s.risk.state.gross_notional, before_usd, 0.02 * mid * static_cast<double>(leg) / kSizeScale + 1.0)
      << "leg " << static_cast<double>(leg) / kSizeScale << " ETH";
  arb_->stop();
}

TEST_F(StrategiesBesideTraderTest, TheDeltaHedgeLeansTheQuotesThenSendsAnIocWhenLeaningIsTooSlow) {
  HedgeSettings h;
  h.rule.inventory_threshold = 0.001;  // ETH: any fill of a quote is over it
  h.rule.var_limit_usd = 0.01;         // any real position's VaR is above it: H = I (1 - 0.01/VaR) ~ I
  h.rule.lean_bps_per_coin = 4;
  h.rule.max_lean_bps = 8;
  h.rule.escalate_after_ns = 1'500'000'000;
  h.sample_s = 0.2;
  h.horizon_s = 1;
  h.window = 20;
  start_trader({}, h);
  Events events;
  open(events);
  // No crowd takers: once our bid has been hit, the leaned quotes are not filled, so leaning is
  // too slow and the IOC must come.
  home_->with_core([](venue::VenueCore& core) { core.flow().set_takers(false); });
  // Another account sells into the market maker's bid: inventory of the market maker's own.
  link_other_account(*home_, "home-ca.pem", "other", {"ETH"});
  remote_link_->start();
  ASSERT_TRUE(wait_until([&] { return remote_link_->ready(); }, 10s)) << remote_link_->fatal();
  ASSERT_TRUE(wait_until([&] { return trader_->snapshot().coins.at(0).our_bid > 0; }, 20s));
  const CoinStatus quoted = trader_->snapshot().coins.at(0);
  std::promise<connectors::OrderResult> hit;
  remote_link_->place_ioc("ETH", Side::kAsk, quoted.our_bid, quoted.our_bid_size, 1,
                          [&hit](const connectors::OrderResult& x) { hit.set_value(x); });
  const connectors::OrderResult sold = hit.get_future().get();
  ASSERT_GT(sold.filled, 0) << connectors::order_outcome_name(sold.outcome) << " " << sold.reason;
  ASSERT_TRUE(wait_until([&] { return trader_->snapshot().coins.at(0).quoting_position > 0; }, 5s));
  const Size long_pos = venue_position(*home_, address_);
  double min_skew = 0;
  const bool leaned = wait_until([&] {
    const TraderSnapshot s = trader_->snapshot();
    min_skew = std::min(min_skew, s.coins.at(0).hedge_skew_bps);
    return min_skew < 0;
  }, 10s);
  EXPECT_TRUE(leaned) << "VaR " << trader_->snapshot().coins.at(0).hedge_var_usd;
  EXPECT_GE(min_skew, -8.0);
  ASSERT_TRUE(wait_until([&] { return trader_->snapshot().hedge_iocs >= 1; }, 10s));
  // The IOC sold about the whole excess: the account is back near flat.
  EXPECT_TRUE(wait_until([&] { return std::abs(venue_position(*home_, address_)) * 5 < long_pos; }, 5s))
      << "position " << static_cast<double>(venue_position(*home_, address_)) / kSizeScale << " from "
      << static_cast<double>(long_pos) / kSizeScale;
  EXPECT_TRUE(wait_until([&] {
    const CoinStatus c = trader_->snapshot().coins.at(0);
    return c.position == venue_position(*home_, address_) && c.quoting_position == c.position;
  }, 5s));
}

TEST_F(StrategiesBesideTraderTest, AnOrderAfterTheTraderStoppedIsAnsweredNotLost) {
  start_trader();
  Events events;
  connectors::Connector& c = open(events);
  const connectors::BookEvent book = events.two_sided_book();
  trader_->stop();
  const connectors::OrderResult r = ioc(c, Side::kBid, book.asks[0].price, c.lot("ETH"), 1);
  EXPECT_EQ(r.outcome, OrderOutcome::kRejected);
  EXPECT_EQ(r.reason, "the market maker has stopped");
}

TEST_F(StrategiesBesideTraderTest, AnIocRefusedForItsNonceIsResentAndAnsweredByTheCopyThatLanded) {
  start_trader();
  Events events;
  connectors::Connector& c = open(events);
  home_->with_core([](venue::VenueCore& core) { core.flow().set_takers(false); });
  const connectors::BookEvent book = events.two_sided_book();
  const Size size = 1'000 * c.lot("ETH");  // 0.1 ETH
  ASSERT_NE(ioc(c, Side::kBid, c.marketable_price("ETH", Side::kBid, book.asks[0].price + book.asks[0].price / 100), size, 1)
                .filled,
            0);
  // Killed, the market maker places nothing more: the next placing request is the strategy's.
  trader_->kill();
  ASSERT_TRUE(wait_until([&] { return trader_->snapshot().coins.at(0).position == venue_position(*home_, address_); }, 5s));
  const Size pos = venue_position(*home_, address_);
  ASSERT_GT(pos, 0);
  hl::ExchangeResponse dup;
  dup.ok = false;
  dup.error = "Invalid nonce: duplicate nonce 1";
  home_->with_core([&](venue::VenueCore& core) { core.inject_response(address_, dup, true); });
  const connectors::BookEvent now = events.two_sided_book();
  const connectors::OrderResult r =
      ioc(c, Side::kAsk, c.marketable_price("ETH", Side::kAsk, now.bids[0].price - now.bids[0].price / 100), pos, 2);
  EXPECT_EQ(r.outcome, OrderOutcome::kFilled) << connectors::order_outcome_name(r.outcome) << " " << r.reason;
  EXPECT_EQ(r.filled, pos);
  EXPECT_TRUE(wait_until([&] { return venue_position(*home_, address_) == 0; }, 5s));
}

// An instrument only a strategy trades on its own connector (a HIP-4 outcome coin) is held by the
// market maker's gate too (TraderConfig::gated_coins): its orders are checked there, its fills
// counted, and after a kill it may only be reduced.
TEST_F(StrategiesBesideTraderTest, AStrategyOnlyInstrumentPassesTheAccountsGate) {
  home_.reset();
  venue::VenueConfig config;
  config.assets.push_back(venue::preset_asset("eth"));
  venue::VenueOutcome o;
  o.outcome = 1;
  o.underlying = "ETH";
  o.strike = static_cast<Price>(std::llround(config.assets[0].flow.start_price)) * kPriceScale;
  o.expiry = venue::outcome_expiry_text(static_cast<std::int64_t>(venue::wall_clock_ms() / 1000) + 86'400);
  config.outcomes.push_back(o);
  config.exchange.sequencing.block_interval_ms = 50;
  config.flow.seed = 33;
  config.flow.taker_rate_per_s = 0.5;
  home_ = std::make_unique<venue::VenueServer>(config, venue::VenueServerOptions{"127.0.0.1", 0, dir_ / "home-ca.pem", 5});
  // No crowd takers: the market maker's quotes are never filled, so every notional the gate holds
  // below is the outcome's.
  home_->with_core([](venue::VenueCore& core) { core.flow().set_takers(false); });
  start_trader({}, std::nullopt, {"#10"});
  link_other_account(*home_, "home-ca.pem", "outcomes", {"#10"});
  Events events;
  connectors::Connector& c = open_gated(events);
  const connectors::BookEvent book = events.two_sided_book();
  const std::uint64_t checked = trader_->snapshot().risk.counters.checked;
  const connectors::OrderResult bought =
      ioc(c, Side::kBid, c.marketable_price("#10", Side::kBid, book.asks[0].price + 5 * kPriceScale / 1000), 20 * c.lot("#10"), 1, "#10");
  ASSERT_GT(bought.filled, 0) << connectors::order_outcome_name(bought.outcome) << " " << bought.reason;
  EXPECT_GT(trader_->snapshot().risk.counters.checked, checked);
  // The gate holds the contracts: their notional (the market maker holds nothing) is its gross
  // figure once marked, about the contracts times their price.
  const double held_usd = static_cast<double>(bought.filled) / kSizeScale * static_cast<double>(book.asks[0].price) / kPriceScale;
  ASSERT_EQ(trader_->snapshot().coins.at(0).position, 0);
  EXPECT_TRUE(wait_until([&] {
    const double gross = trader_->snapshot().risk.state.gross_notional;
    return gross > 0.5 * held_usd && gross < 2 * held_usd;
  }, 5s)) << "gross " << trader_->snapshot().risk.state.gross_notional << " for " << held_usd << " USD of contracts";
  trader_->kill();
  const connectors::BookEvent now = events.two_sided_book();
  const connectors::OrderResult more =
      ioc(c, Side::kBid, c.marketable_price("#10", Side::kBid, now.asks[0].price + 5 * kPriceScale / 1000), c.lot("#10"), 2, "#10");
  EXPECT_EQ(more.outcome, OrderOutcome::kRejected);
  EXPECT_NE(more.reason.find("risk gate"), std::string::npos) << more.reason;
  const connectors::OrderResult less =
      ioc(c, Side::kAsk, c.marketable_price("#10", Side::kAsk, now.bids[0].price - 5 * kPriceScale / 1000), bought.filled, 3, "#10");
  EXPECT_GT(less.filled, 0) << connectors::order_outcome_name(less.outcome) << " " << less.reason;
}

}  // namespace
}  // namespace hlmm::live
