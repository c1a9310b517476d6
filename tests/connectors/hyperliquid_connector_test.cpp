// HyperliquidConnector against the local venue (sim/venue) over real TLS on loopback: books arrive
// as normalized events, an IOC that crosses the book fills and its Fill and OrderUpdate follow
// with our client id, an IOC with nothing to match and an invalid size are told apart, and a
// venue-side connection drop yields Resyncing then Resynced, after which a fill made during the
// gap is reported exactly once and orders work again.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
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
    venue::VenueConfig config;
    config.assets.push_back(venue::preset_asset("eth"));
    config.exchange.sequencing.block_interval_ms = 50;
    config.flow.seed = 11;
    config.flow.taker_rate_per_s = 0.5;
    server_ = std::make_unique<venue::VenueServer>(config, venue::VenueServerOptions{"127.0.0.1", 0, dir_ / "ca.pem", 5});
  }
  ~HyperliquidConnectorTest() override {
    connector_.reset();
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  void start(std::chrono::milliseconds backoff = 200ms) {
    hl::PrivateKey key = hl::PrivateKey::from_hex(kKey);
    address_ = key.address();
    server_->with_core([&](venue::VenueCore& core) { core.add_account(address_, 100'000 * kPriceScale); });
    HyperliquidConnectorConfig c;
    c.name = "local";
    c.host = "127.0.0.1";
    c.port = std::to_string(server_->port());
    c.ca_file = (dir_ / "ca.pem").string();
    c.fees = FeeSchedule{1.5, 4.5};
    c.reconnect_backoff = backoff;
    connector_ = std::make_unique<HyperliquidConnector>(c, std::move(key));
    connector_->set_event_handler([this](const VenueEvent& e) { recorder_(e); });
    connector_->start();
    ASSERT_TRUE(wait_until([&] { return connector_->ready(); }, 10s)) << connector_->fatal();
    // A fresh venue's first book may be empty: the crowd's ladder lands with its first block.
    ASSERT_TRUE(wait_until([&] { return !last_book().bids.empty() && !last_book().asks.empty(); }, 5s));
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

  OrderResult ioc(Side side, Price price, Size size, ClientOrderId id) {
    std::promise<OrderResult> done;
    connector_->place_ioc("ETH", side, price, size, id, [&](const OrderResult& r) { done.set_value(r); });
    auto f = done.get_future();
    EXPECT_EQ(f.wait_for(10s), std::future_status::ready);
    return f.get();
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
  Recorder recorder_;
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

}  // namespace
}  // namespace hlmm::connectors
