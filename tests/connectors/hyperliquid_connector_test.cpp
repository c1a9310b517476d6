// HyperliquidConnector against the local venue (sim/venue) over real TLS on loopback: books arrive
// as normalized events, an IOC that crosses the book fills and its Fill and OrderUpdate follow
// with our client id, an IOC with nothing to match and an invalid size are told apart, and a
// venue-side connection drop yields Resyncing then Resynced, after which a fill made during the
// gap is reported exactly once and orders work again. Resting orders: a partial IOC, a GTC that
// rests and is taken by another account, a GTC that crosses, an ALO that would cross, a cancel.
// Lost answers: an order whose answer comes after order_timeout is resolved by orderStatus.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <unistd.h>

#include "connectors/hyperliquid_connector.hpp"
#include "hlmm/arith.hpp"
#include "venue/venue_server.hpp"

namespace hlmm::connectors {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr char kKey[] = "0x8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63";
// Another account on the same venue (the SDKs' public test key): the other side of our trades.
constexpr char kOtherKey[] = "0x0123456789012345678901234567890123456789012345678901234567890123";

// Everything the connector emitted, in order, read from the test thread.
class Recorder {
 public:
  void operator()(const VenueEvent& e) {
    std::lock_guard lock(mutex_);
    events_.push_back(e);
  }
  std::vector<VenueEvent> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  template <class T>
  std::vector<T> of() const {
    std::vector<T> out;
    for (const VenueEvent& e : events()) {
      if (const T* t = std::get_if<T>(&e)) out.push_back(*t);
    }
    return out;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<VenueEvent> events_;
};

class HyperliquidConnectorTest : public ::testing::Test {
 protected:
  HyperliquidConnectorTest() {
    dir_ = std::filesystem::temp_directory_path() /
           ("hlmm-connector-" + std::to_string(::getpid()) + "-" + std::to_string(venue::wall_clock_ms()));
    std::filesystem::create_directories(dir_);
  }
  ~HyperliquidConnectorTest() override {
    other_.reset();
    connector_.reset();
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  // The venue; start() makes a near one when a test has not asked for a farther one first.
  void serve(std::uint64_t added_latency_ms = 0) {
    venue::VenueConfig config;
    config.assets.push_back(venue::preset_asset("eth"));
    config.exchange.sequencing.block_interval_ms = 50;
    config.flow.seed = 11;
    config.flow.taker_rate_per_s = 0.5;
    venue::VenueServerOptions options{"127.0.0.1", 0, dir_ / "ca.pem", 5};
    options.added_latency_ms = added_latency_ms;
    server_ = std::make_unique<venue::VenueServer>(config, options);
  }

  HyperliquidConnectorConfig connector_config(std::chrono::milliseconds backoff) const {
    HyperliquidConnectorConfig c;
    c.name = "local";
    c.host = "127.0.0.1";
    c.port = std::to_string(server_->port());
    c.ca_file = (dir_ / "ca.pem").string();
    c.fees = FeeSchedule{1.5, 4.5};
    c.reconnect_backoff = backoff;
    return c;
  }

  void start(std::chrono::milliseconds backoff = 200ms,
             const std::function<void(HyperliquidConnectorConfig&)>& tweak = {}) {
    if (!server_) serve();
    hl::PrivateKey key = hl::PrivateKey::from_hex(kKey);
    address_ = key.address();
    server_->with_core([&](venue::VenueCore& core) { core.add_account(address_, 100'000 * kPriceScale); });
    HyperliquidConnectorConfig c = connector_config(backoff);
    if (tweak) tweak(c);
    connector_ = std::make_unique<HyperliquidConnector>(c, std::move(key));
    connector_->set_event_handler([this](const VenueEvent& e) { recorder_(e); });
    connector_->start();
    ASSERT_TRUE(wait_until([&] { return connector_->ready(); }, 10s)) << connector_->fatal();
    // A fresh venue's first book may be empty: the crowd's ladder lands with its first block.
    ASSERT_TRUE(wait_until([&] { return !last_book().bids.empty() && !last_book().asks.empty(); }, 5s));
  }

  // A second account's connector on the same venue, for the other side of a trade.
  void start_other() {
    hl::PrivateKey key = hl::PrivateKey::from_hex(kOtherKey);
    const hl::Address a = key.address();
    server_->with_core([&](venue::VenueCore& core) { core.add_account(a, 100'000 * kPriceScale); });
    HyperliquidConnectorConfig c = connector_config(200ms);
    c.name = "other";
    other_ = std::make_unique<HyperliquidConnector>(c, std::move(key));
    other_->set_event_handler([this](const VenueEvent& e) { other_events_(e); });
    other_->start();
    ASSERT_TRUE(wait_until([&] { return other_->ready(); }, 10s)) << other_->fatal();
  }

  // Only our orders and the crowd's ladder trade: the tests that count fills need that.
  void takers_off() {
    server_->with_core([](venue::VenueCore& core) { core.flow().set_takers(false); });
  }

  template <class Pred>
  static bool wait_until(Pred pred, std::chrono::milliseconds timeout) {
    const auto until = Clock::now() + timeout;
    while (Clock::now() < until) {
      if (pred()) return true;
      std::this_thread::sleep_for(10ms);
    }
    return pred();
  }

  BookEvent last_book() const {
    const auto books = recorder_.of<BookEvent>();
    return books.empty() ? BookEvent{} : books.back();
  }

  OrderResult ioc(Side side, Price price, Size size, ClientOrderId id) { return ioc_on(*connector_, side, price, size, id); }

  static OrderResult ioc_on(Connector& c, Side side, Price price, Size size, ClientOrderId id) {
    std::promise<OrderResult> done;
    c.place_ioc("ETH", side, price, size, id, [&](const OrderResult& r) { done.set_value(r); });
    auto f = done.get_future();
    EXPECT_EQ(f.wait_for(10s), std::future_status::ready);
    return f.get();
  }

  static OrderResult limit_on(Connector& c, Side side, Price price, Size size, TimeInForce tif, ClientOrderId id) {
    std::promise<OrderResult> done;
    c.place_limit("ETH", side, price, size, tif, id, [&](const OrderResult& r) { done.set_value(r); });
    auto f = done.get_future();
    EXPECT_EQ(f.wait_for(10s), std::future_status::ready);
    return f.get();
  }
  OrderResult limit(Side side, Price price, Size size, TimeInForce tif, ClientOrderId id) {
    return limit_on(*connector_, side, price, size, tif, id);
  }

  CancelResult cancel(ClientOrderId id) {
    std::promise<CancelResult> done;
    connector_->cancel("ETH", id, [&](const CancelResult& c) { done.set_value(c); });
    auto f = done.get_future();
    EXPECT_EQ(f.wait_for(10s), std::future_status::ready);
    return f.get();
  }

  // A price on the tick grid halfway between the crowd's best bid and ask: far from both (the
  // crowd quotes 10 bps either side of its fair price), so an order there rests and meets only ours.
  Price mid_price() {
    const BookEvent b = last_book();
    EXPECT_FALSE(b.bids.empty() || b.asks.empty());
    if (b.bids.empty() || b.asks.empty()) return 0;
    return connector_->marketable_price("ETH", Side::kAsk, (b.bids[0].price + b.asks[0].price) / 2);
  }

  bool has_update(ClientOrderId id, OrderStatus status) const {
    for (const OrderUpdateEvent& u : recorder_.of<OrderUpdateEvent>()) {
      if (u.client_id == id && u.status == status) return true;
    }
    return false;
  }

  Size filled_by_fills(ClientOrderId id) const {
    Size sum = 0;
    for (const FillEvent& f : recorder_.of<FillEvent>()) {
      if (f.client_id == id) sum += f.size;
    }
    return sum;
  }

  // A buy IOC priced 20 bps through the ask: it takes the crowd's best level.
  OrderResult marketable_buy(Size size, ClientOrderId id) {
    const BookEvent b = last_book();
    EXPECT_FALSE(b.asks.empty());
    const Price through = b.asks.at(0).price + b.asks.at(0).price / 500;
    return ioc(Side::kBid, connector_->marketable_price("ETH", Side::kBid, through), size, id);
  }

  Size venue_position() {
    Size p = 0;
    server_->with_core([&](venue::VenueCore& core) { p = core.exchange().position(address_, 0); });
    return p;
  }

  std::filesystem::path dir_;
  std::unique_ptr<venue::VenueServer> server_;
  std::unique_ptr<HyperliquidConnector> connector_;
  std::unique_ptr<HyperliquidConnector> other_;
  Recorder recorder_;
  Recorder other_events_;
  hl::Address address_;
};

TEST_F(HyperliquidConnectorTest, BookEventsArriveNormalized) {
  start();
  ASSERT_TRUE(wait_until([&] { return recorder_.of<BookEvent>().size() >= 3; }, 5s));
  const BookEvent b = last_book();
  EXPECT_EQ(b.coin, "ETH");
  ASSERT_FALSE(b.bids.empty());
  ASSERT_FALSE(b.asks.empty());
  EXPECT_LE(b.bids.size(), 5u);
  EXPECT_LT(b.bids[0].price, b.asks[0].price);
  for (std::size_t i = 1; i < b.bids.size(); ++i) EXPECT_LT(b.bids[i].price, b.bids[i - 1].price) << "best first";
  for (std::size_t i = 1; i < b.asks.size(); ++i) EXPECT_GT(b.asks[i].price, b.asks[i - 1].price) << "best first";
  EXPECT_GT(b.bids[0].size, 0);
  EXPECT_EQ(connector_->lot("ETH"), 10'000) << "ETH's szDecimals 4";
  EXPECT_EQ(connector_->lot("DOGE"), 0);
  EXPECT_EQ(connector_->name(), "local");
  EXPECT_DOUBLE_EQ(connector_->fees().taker_bps, 4.5);
  EXPECT_TRUE(recorder_.of<ResyncingEvent>().empty());
}

TEST_F(HyperliquidConnectorTest, AnIocThatCrossesFillsAndItsFillAndUpdateFollow) {
  start();
  const Size size = 1'000'000;  // 0.01 ETH, ~ 30 USD: above the 10 USD minimum
  const OrderResult r = marketable_buy(size, 42);
  EXPECT_EQ(r.outcome, OrderOutcome::kFilled) << r.reason;
  EXPECT_EQ(r.client_id, 42u);
  EXPECT_EQ(r.filled, size);
  EXPECT_GT(r.avg_price, 0);
  EXPECT_GT(r.order_id, 0u);
  ASSERT_TRUE(wait_until([&] { return !recorder_.of<FillEvent>().empty(); }, 5s));
  const FillEvent f = recorder_.of<FillEvent>().at(0);
  EXPECT_EQ(f.client_id, 42u);
  EXPECT_EQ(f.order_id, r.order_id);
  EXPECT_EQ(f.side, Side::kBid);
  EXPECT_EQ(f.size, size);
  EXPECT_EQ(f.price, r.avg_price);
  EXPECT_TRUE(f.taker);
  // 4.5 bps of the notional, as the venue charged it.
  const auto notional = static_cast<std::int64_t>((static_cast<arith::i128>(f.price) * f.size) / kSizeScale);
  EXPECT_EQ(f.fee, notional * 450 / 1'000'000);
  ASSERT_TRUE(wait_until(
      [&] {
        for (const OrderUpdateEvent& u : recorder_.of<OrderUpdateEvent>()) {
          if (u.client_id == 42 && u.status == OrderStatus::kFilled) return true;
        }
        return false;
      },
      5s));
  EXPECT_EQ(venue_position(), size);
}

// The userFills frame carrying an IOC's fill is cut in half on the way: the connector refuses it,
// asks the venue for its fills, and the fill is reported once.
TEST_F(HyperliquidConnectorTest, AFillsFrameThatCannotBeReadIsMadeGoodFromTheVenue) {
  start();
  server_->with_core([&](venue::VenueCore& core) { core.corrupt_next_user_fills(address_); });
  const OrderResult r = marketable_buy(1'000'000, 43);
  EXPECT_EQ(r.outcome, OrderOutcome::kFilled) << r.reason;
  const auto fills_of_43 = [&] {
    std::size_t n = 0;
    for (const FillEvent& f : recorder_.of<FillEvent>()) n += f.client_id == 43;
    return n;
  };
  ASSERT_TRUE(wait_until([&] { return fills_of_43() >= 1; }, 5s)) << "the lost frame's fill was not recovered";
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(fills_of_43(), 1u);
  EXPECT_EQ(recorder_.of<FillEvent>().at(0).size, 1'000'000);
}

TEST_F(HyperliquidConnectorTest, NoMatchAndInvalidOrdersAreToldApart) {
  start();
  const BookEvent b = last_book();
  ASSERT_FALSE(b.bids.empty());
  // A buy 5 % under the bid has nothing to take.
  const Price low = connector_->marketable_price("ETH", Side::kBid, b.bids[0].price - b.bids[0].price / 20);
  const OrderResult none = ioc(Side::kBid, low, 1'000'000, 7);
  EXPECT_EQ(none.outcome, OrderOutcome::kNoMatch) << none.reason;
  EXPECT_EQ(none.filled, 0);
  ASSERT_TRUE(wait_until(
      [&] {
        for (const OrderUpdateEvent& u : recorder_.of<OrderUpdateEvent>()) {
          if (u.client_id == 7 && u.status == OrderStatus::kRejected) return !u.reason.empty();
        }
        return false;
      },
      5s));
  // Not a lot multiple: refused before it is signed or sent.
  const OrderResult bad = ioc(Side::kBid, low, 123, 8);
  EXPECT_EQ(bad.outcome, OrderOutcome::kRejected);
  EXPECT_NE(bad.reason.find("lot"), std::string::npos) << bad.reason;
  const OrderResult unknown_coin = [&] {
    std::promise<OrderResult> done;
    connector_->place_ioc("DOGE", Side::kBid, low, 1'000'000, 9, [&](const OrderResult& r) { done.set_value(r); });
    return done.get_future().get();
  }();
  EXPECT_EQ(unknown_coin.outcome, OrderOutcome::kRejected);
  // The venue's own refusal (here: injected, as a margin refusal would come) is a rejection too.
  server_->with_core([&](venue::VenueCore& core) {
    hl::ExchangeResponse refusal;
    refusal.ok = true;
    refusal.type = "order";
    refusal.statuses.push_back(hl::OrderStatus{hl::OrderStatusKind::kError, 0, 0, 0, "Insufficient margin to place order. asset=0"});
    core.inject_response(address_, refusal, true);
  });
  const OrderResult refused = marketable_buy(1'000'000, 10);
  EXPECT_EQ(refused.outcome, OrderOutcome::kRejected);
  EXPECT_NE(refused.reason.find("Insufficient margin"), std::string::npos) << refused.reason;
  EXPECT_EQ(venue_position(), 0) << "nothing filled";
  // A cancel reaches the venue and its answer comes back: an IOC is never left to cancel.
  std::promise<CancelResult> cancelled;
  connector_->cancel("ETH", 7, [&](const CancelResult& c) { cancelled.set_value(c); });
  const CancelResult c = cancelled.get_future().get();
  EXPECT_FALSE(c.ok);
  EXPECT_EQ(c.client_id, 7u);
  EXPECT_NE(c.reason.find("never placed, already canceled, or filled"), std::string::npos) << c.reason;
}

TEST_F(HyperliquidConnectorTest, AVenueDropYieldsResyncingThenResyncedAndNoFillIsLostOrRepeated) {
  // A long first reconnect delay, so the order below fills while the feed is down.
  start(1'500ms);
  ASSERT_TRUE(wait_until([&] { return recorder_.of<BookEvent>().size() >= 2; }, 5s));
  const BookEvent before = last_book();
  server_->drop_connections();
  ASSERT_TRUE(wait_until([&] { return recorder_.of<ResyncingEvent>().size() == 1; }, 5s));
  // The HTTPS connection was dropped too: the order goes out on a fresh one.
  const Price through = before.asks.at(0).price + before.asks.at(0).price / 500;
  const OrderResult r = ioc(Side::kBid, connector_->marketable_price("ETH", Side::kBid, through), 1'000'000, 77);
  EXPECT_EQ(r.outcome, OrderOutcome::kFilled) << r.reason;
  ASSERT_TRUE(wait_until([&] { return recorder_.of<ResyncedEvent>().size() == 1; }, 10s));
  // Order of events: Resyncing, then (books, the missed fill) Resynced.
  const auto all = recorder_.events();
  std::size_t resyncing_at = all.size(), resynced_at = all.size();
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (std::holds_alternative<ResyncingEvent>(all[i]) && resyncing_at == all.size()) resyncing_at = i;
    if (std::holds_alternative<ResyncedEvent>(all[i])) resynced_at = i;
  }
  EXPECT_LT(resyncing_at, resynced_at);
  bool book_between = false;
  for (std::size_t i = resyncing_at; i < resynced_at; ++i) book_between |= std::holds_alternative<BookEvent>(all[i]);
  EXPECT_TRUE(book_between) << "a fresh book before Resynced";
  EXPECT_GT(std::get<ResyncedEvent>(all[resynced_at]).gap_ms, 0u);
  // The fill made during the gap came with the userFills snapshot, once.
  std::this_thread::sleep_for(300ms);
  std::size_t fills = 0;
  for (const FillEvent& f : recorder_.of<FillEvent>()) fills += f.client_id == 77;
  EXPECT_EQ(fills, 1u);
  const std::size_t books_after = recorder_.of<BookEvent>().size();
  EXPECT_TRUE(wait_until([&] { return recorder_.of<BookEvent>().size() > books_after; }, 5s)) << "the feed flows again";
  const OrderResult again = marketable_buy(1'000'000, 78);
  EXPECT_EQ(again.outcome, OrderOutcome::kFilled) << again.reason;
  EXPECT_EQ(venue_position(), 2'000'000);
}

TEST_F(HyperliquidConnectorTest, AnIocLargerThanTheDepthWithinItsLimitFillsInPart) {
  start();
  takers_off();
  start_other();
  // The only ask at or under `at`: the other account's, inside the crowd's spread.
  const Price at = mid_price();
  const Size depth = 1'000'000;  // 0.01 ETH
  const OrderResult ask = limit_on(*other_, Side::kAsk, at, depth, TimeInForce::kGtc, 500);
  ASSERT_EQ(ask.outcome, OrderOutcome::kResting) << ask.reason;
  const OrderResult r = ioc(Side::kBid, at, 3 * depth, 51);
  EXPECT_EQ(r.outcome, OrderOutcome::kPartial) << r.reason;
  EXPECT_EQ(r.requested, 3 * depth);
  EXPECT_EQ(r.filled, depth);
  EXPECT_LT(r.filled, r.requested);
  EXPECT_EQ(r.avg_price, at);
  EXPECT_GT(r.order_id, 0u);
  ASSERT_TRUE(wait_until([&] { return filled_by_fills(51) >= r.filled; }, 5s));
  std::this_thread::sleep_for(200ms);  // nothing more may come
  EXPECT_EQ(filled_by_fills(51), r.filled) << "the FillEvents of the client id add up to `filled`";
  for (const FillEvent& f : recorder_.of<FillEvent>()) {
    if (f.client_id == 51) {
      EXPECT_EQ(f.order_id, r.order_id);
    }
  }
  EXPECT_TRUE(wait_until([&] { return has_update(51, OrderStatus::kCancelled); }, 5s)) << "the IOC's rest is cancelled";
  EXPECT_EQ(venue_position(), depth);
}

TEST_F(HyperliquidConnectorTest, AGtcRestsAndIsTakenByAnotherAccountsIoc) {
  start();
  takers_off();
  start_other();
  const Price at = mid_price();
  const Size size = 1'000'000;
  const OrderResult rest = limit(Side::kBid, at, size, TimeInForce::kGtc, 61);
  ASSERT_EQ(rest.outcome, OrderOutcome::kResting) << rest.reason;
  EXPECT_GT(rest.order_id, 0u);
  EXPECT_EQ(rest.filled, 0);
  EXPECT_EQ(rest.client_id, 61u);
  ASSERT_TRUE(wait_until([&] { return has_update(61, OrderStatus::kResting); }, 5s));
  // The other account sells into it.
  const OrderResult take = ioc_on(*other_, Side::kAsk, at, size, 600);
  EXPECT_EQ(take.outcome, OrderOutcome::kFilled) << take.reason;
  ASSERT_TRUE(wait_until([&] { return has_update(61, OrderStatus::kFilled); }, 5s));
  ASSERT_TRUE(wait_until([&] { return filled_by_fills(61) == size; }, 5s));
  for (const FillEvent& f : recorder_.of<FillEvent>()) {
    if (f.client_id != 61) continue;
    EXPECT_EQ(f.order_id, rest.order_id);
    EXPECT_EQ(f.side, Side::kBid);
    EXPECT_EQ(f.price, at);
    EXPECT_FALSE(f.taker) << "we made the market";
  }
  EXPECT_EQ(venue_position(), size);
}

TEST_F(HyperliquidConnectorTest, AGtcThatCrossesFillsOrRestsWhatIsLeft) {
  start();
  takers_off();
  start_other();
  const Price at = mid_price();
  const Size depth = 1'000'000;
  ASSERT_EQ(limit_on(*other_, Side::kAsk, at, 2 * depth, TimeInForce::kGtc, 700).outcome, OrderOutcome::kResting);
  // Takes one lot of the other's ask in full: filled on entry.
  const OrderResult all = limit(Side::kBid, at, depth, TimeInForce::kGtc, 65);
  EXPECT_EQ(all.outcome, OrderOutcome::kFilled) << all.reason;
  EXPECT_EQ(all.filled, depth);
  // Takes the other's last lot and rests the rest: kResting, and the part that filled comes as fills.
  const OrderResult part = limit(Side::kBid, at, 3 * depth, TimeInForce::kGtc, 66);
  EXPECT_EQ(part.outcome, OrderOutcome::kResting) << part.reason;
  EXPECT_GT(part.order_id, 0u);
  EXPECT_EQ(part.filled, 0) << "Hyperliquid's resting answer does not say";
  ASSERT_TRUE(wait_until([&] { return filled_by_fills(66) == depth; }, 5s));
  ASSERT_TRUE(wait_until([&] { return has_update(66, OrderStatus::kResting); }, 5s));
  for (const OrderUpdateEvent& u : recorder_.of<OrderUpdateEvent>()) {
    if (u.client_id == 66 && u.status == OrderStatus::kResting) {
      EXPECT_EQ(u.remaining, 2 * depth);
      EXPECT_EQ(u.original, 3 * depth);
    }
  }
  EXPECT_TRUE(cancel(66).ok);
  EXPECT_EQ(venue_position(), 2 * depth);
}

TEST_F(HyperliquidConnectorTest, AnAloThatWouldCrossIsRejectedWithTheVenuesText) {
  start();
  const BookEvent b = last_book();
  const Price through = connector_->marketable_price("ETH", Side::kBid, b.asks.at(0).price + b.asks.at(0).price / 500);
  const OrderResult r = limit(Side::kBid, through, 1'000'000, TimeInForce::kAlo, 71);
  EXPECT_EQ(r.outcome, OrderOutcome::kRejected) << r.reason;
  EXPECT_NE(r.reason.find("Post only order would have immediately matched"), std::string::npos) << r.reason;
  EXPECT_EQ(r.filled, 0);
  EXPECT_EQ(venue_position(), 0);
  // Under the bid the same ALO rests.
  const Price under = connector_->marketable_price("ETH", Side::kAsk, b.bids.at(0).price - b.bids.at(0).price / 50);
  const OrderResult rests = limit(Side::kBid, under, 1'000'000, TimeInForce::kAlo, 72);
  EXPECT_EQ(rests.outcome, OrderOutcome::kResting) << rests.reason;
}

TEST_F(HyperliquidConnectorTest, ARestingOrderIsCancelledByItsClientId) {
  start();
  const BookEvent b = last_book();
  const Price under = connector_->marketable_price("ETH", Side::kAsk, b.bids.at(0).price - b.bids.at(0).price / 20);
  const OrderResult rest = limit(Side::kBid, under, 1'000'000, TimeInForce::kGtc, 81);
  ASSERT_EQ(rest.outcome, OrderOutcome::kResting) << rest.reason;
  const CancelResult c = cancel(81);
  EXPECT_TRUE(c.ok) << c.reason;
  EXPECT_EQ(c.client_id, 81u);
  ASSERT_TRUE(wait_until([&] { return has_update(81, OrderStatus::kCancelled); }, 5s));
  for (const OrderUpdateEvent& u : recorder_.of<OrderUpdateEvent>()) {
    if (u.client_id == 81 && u.status == OrderStatus::kCancelled) {
      EXPECT_EQ(u.reason, "canceled");
      EXPECT_EQ(u.order_id, rest.order_id);
      EXPECT_EQ(u.remaining, 1'000'000);
    }
  }
  const CancelResult again = cancel(81);
  EXPECT_FALSE(again.ok);
  EXPECT_NE(again.reason.find("never placed, already canceled, or filled"), std::string::npos) << again.reason;
}

// The venue answers 600 ms late, the connector gives up on an answer after 250 ms: the order's
// outcome comes from orderStatus instead.
TEST_F(HyperliquidConnectorTest, AnAnswerThatComesAfterTheTimeoutIsResolvedByAskingTheVenue) {
  serve(600);
  start(200ms, [](HyperliquidConnectorConfig& c) {
    c.order_timeout = 250ms;
    c.lost_order_query_delay = 300ms;
    c.lost_order_queries = 3;
    c.query_timeout = 3s;
  });
  const Size size = 1'000'000;
  const OrderResult r = marketable_buy(size, 91);
  EXPECT_EQ(r.outcome, OrderOutcome::kFilled) << r.reason;
  EXPECT_EQ(r.filled, size);
  EXPECT_GT(r.order_id, 0u);
  EXPECT_NE(r.reason.find("answer lost"), std::string::npos) << r.reason;
  EXPECT_GE(r.latency_us, 250'000u + 300'000u + 600'000u) << "timeout, delay, and the query's own answer";
  EXPECT_EQ(venue_position(), size);
  // The fills (pushed before the query's answer left the venue) gave the average price.
  ASSERT_TRUE(wait_until([&] { return filled_by_fills(91) == size; }, 5s));
  EXPECT_EQ(r.avg_price, recorder_.of<FillEvent>().at(0).price);
}

// The venue's answer says nothing about the order (injected: a body without statuses) and the
// order was never executed: orderStatus keeps saying unknownOid, so it never reached the book.
TEST_F(HyperliquidConnectorTest, AnOrderTheVenueNeverHeardOfIsRejectedAfterTheQueries) {
  start(200ms, [](HyperliquidConnectorConfig& c) {
    c.lost_order_query_delay = 100ms;
    c.lost_order_queries = 2;
  });
  server_->with_core([&](venue::VenueCore& core) {
    hl::ExchangeResponse empty;
    empty.ok = true;
    empty.type = "order";
    core.inject_response(address_, empty, true);
  });
  const OrderResult r = marketable_buy(1'000'000, 92);
  EXPECT_EQ(r.outcome, OrderOutcome::kRejected) << r.reason;
  EXPECT_NE(r.reason.find("never reached the book"), std::string::npos) << r.reason;
  EXPECT_NE(r.reason.find("no order status in the answer"), std::string::npos) << r.reason;
  EXPECT_EQ(venue_position(), 0);
}

// Answer lost and the venue gone: nobody can say, so kUnknown, once.
TEST_F(HyperliquidConnectorTest, WhenTheQueriesFailTooTheOutcomeIsUnknown) {
  serve(600);
  start(200ms, [](HyperliquidConnectorConfig& c) {
    c.order_timeout = 250ms;
    c.lost_order_query_delay = 300ms;
    c.lost_order_queries = 2;
  });
  std::promise<OrderResult> done;
  std::atomic<int> calls{0};
  const BookEvent b = last_book();
  const Price through = connector_->marketable_price("ETH", Side::kBid, b.asks.at(0).price + b.asks.at(0).price / 500);
  connector_->place_ioc("ETH", Side::kBid, through, 1'000'000, 93, [&](const OrderResult& r) {
    if (calls++ == 0) done.set_value(r);
  });
  std::this_thread::sleep_for(150ms);
  server_->stop();  // the answer is never sent, and nothing answers the queries
  auto f = done.get_future();
  ASSERT_EQ(f.wait_for(10s), std::future_status::ready);
  const OrderResult r = f.get();
  EXPECT_EQ(r.outcome, OrderOutcome::kUnknown) << r.reason;
  EXPECT_NE(r.reason.find("orderStatus failed"), std::string::npos) << r.reason;
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(calls.load(), 1) << "the callback runs exactly once";
}

}  // namespace
}  // namespace hlmm::connectors
