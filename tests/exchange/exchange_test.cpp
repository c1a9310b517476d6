// The simulated exchange against hand-worked cases: sequencing classes and block timing, price-time
// priority, every order rejection with the exchange's text, fees and rebates, self-trade
// prevention, modify semantics, scheduleCancel, funding, and a randomized run checking that money
// and positions are conserved and the book is never left crossed.
#include <gtest/gtest.h>

#include <random>

#include "exchange/exchange.hpp"
#include "exchange_test_util.hpp"

namespace hlmm::exchange {
namespace {

using hl::Address;
using hl::Tif;
using namespace hlmm::exchange::test_util;

class ExchangeTest : public ::testing::Test {
 protected:
  ExchangeTest() {
    eth = ex.add_asset({"ETH", 4, 25});
    for (std::uint8_t u = 1; u <= 4; ++u) ex.deposit(user(u), 1'000'000 * kPriceScale);
  }

  // Submits at `t` and runs until the block is committed; returns that block's output.
  BlockOutput run(const Address& who, hl::L1Action action, std::uint64_t t) {
    ex.submit(++id, who, std::move(action), t);
    auto blocks = ex.advance_to(t + 1'000);
    EXPECT_EQ(blocks.size(), 1u);
    return blocks.empty() ? BlockOutput{} : blocks.back();
  }
  hl::OrderStatus place(const Address& who, hl::OrderWire w, std::uint64_t t) {
    const BlockOutput out = run(who, order(std::move(w)), t);
    EXPECT_EQ(out.results.size(), 1u);
    EXPECT_TRUE(out.results.at(0).response.ok);
    return out.results.at(0).response.statuses.at(0);
  }

  Exchange ex;
  std::uint32_t eth = 0;
  std::uint64_t id = 0;
};

TEST_F(ExchangeTest, SequencingClassesFollowTheVenueRules) {
  EXPECT_EQ(sequencing_class(order(wire(0, true, px(1), sz(1), Tif::kAlo))), SequencingClass::kNoTakerOrders);
  EXPECT_EQ(sequencing_class(order(wire(0, true, px(1), sz(1), Tif::kGtc))), SequencingClass::kTakerOrders);
  EXPECT_EQ(sequencing_class(order(wire(0, true, px(1), sz(1), Tif::kIoc))), SequencingClass::kTakerOrders);
  EXPECT_EQ(sequencing_class(hl::CancelAction{{{0, 1}}, false}), SequencingClass::kCancel);
  EXPECT_EQ(sequencing_class(hl::ScheduleCancelAction{}), SequencingClass::kNoTakerOrders);
  // A modify without always_place turns a GTC into an ALO: it is classed by the order it places.
  hl::ModifyAction m{std::uint64_t{1}, wire(0, true, px(1), sz(1), Tif::kGtc), false};
  EXPECT_EQ(sequencing_class(m), SequencingClass::kNoTakerOrders);
  m.always_place = true;
  EXPECT_EQ(sequencing_class(m), SequencingClass::kTakerOrders);
}

TEST_F(ExchangeTest, ActionsExecuteAtTheNextBlockAndAreVisibleAfterTheCommitDelay) {
  ex.submit(1, user(1), order(wire(eth, true, px(2000), sz(1))), 100);
  EXPECT_TRUE(ex.advance_to(379).empty());  // block 190, committed at 380
  const auto blocks = ex.advance_to(380);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].block_time_ms, 190u);
  EXPECT_EQ(blocks[0].commit_time_ms, 380u);
  EXPECT_EQ(blocks[0].results.at(0).response.statuses.at(0).kind, hl::OrderStatusKind::kResting);
}

TEST_F(ExchangeTest, ACancelSentWithATakersIocWinsTheBlock) {
  const auto resting = place(user(1), wire(eth, false, px(2000), sz(1)), 0);
  ASSERT_EQ(resting.kind, hl::OrderStatusKind::kResting);
  // Same block: the taker's IOC arrives first, the maker's cancel after it.
  ex.submit(10, user(2), order(wire(eth, true, px(2000), sz(1), Tif::kIoc)), 1'000);
  ex.submit(11, user(1), hl::CancelAction{{{eth, resting.oid}}, false}, 1'050);
  const auto blocks = ex.advance_to(5'000);
  ASSERT_EQ(blocks.size(), 1u);
  const auto& results = blocks[0].results;
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0].request_id, 11u);  // the cancel ran first
  EXPECT_EQ(results[0].response.statuses.at(0).kind, hl::OrderStatusKind::kSuccess);
  EXPECT_EQ(results[1].response.statuses.at(0).error,
            "Order could not immediately match against any resting orders. asset=0");
  EXPECT_TRUE(blocks[0].fills.empty());
}

TEST_F(ExchangeTest, AnActionArrivingAfterBlockZeroRanGoesToTheNextBlock) {
  EXPECT_EQ(run(user(1), order(wire(eth, true, px(1990), sz(1))), 0).block_number, 0u);
  EXPECT_EQ(run(user(1), order(wire(eth, true, px(1991), sz(1))), 0).block_number, 1u)
      << "block 0 had run: it cannot take more actions";
}

TEST_F(ExchangeTest, AnAloSentWithATakersGtcRestsBeforeTheGtcArrives) {
  place(user(1), wire(eth, false, px(2001), sz(1)), 0);
  ex.submit(10, user(2), order(wire(eth, true, px(2001), sz(1), Tif::kGtc)), 1'000);
  ex.submit(11, user(3), order(wire(eth, false, px(2000.5), sz(1), Tif::kAlo)), 1'050);
  const auto blocks = ex.advance_to(5'000);
  ASSERT_EQ(blocks.size(), 1u);
  // The ALO rested at 2000.5 first, so the GTC buy traded with it, at its price.
  ASSERT_EQ(blocks[0].trades.size(), 1u);
  EXPECT_EQ(blocks[0].trades[0].price, px(2000.5));
  EXPECT_EQ(blocks[0].trades[0].seller, user(3));
}

TEST_F(ExchangeTest, PriceTimePriority) {
  place(user(1), wire(eth, false, px(2001), sz(1)), 0);
  place(user(2), wire(eth, false, px(2000), sz(1)), 200);
  place(user(3), wire(eth, false, px(2000), sz(1)), 400);
  const auto out = run(user(4), order(wire(eth, true, px(2001), sz(2.5), Tif::kIoc)), 600);
  ASSERT_EQ(out.trades.size(), 3u);
  EXPECT_EQ(out.trades[0].seller, user(2));  // best price, earliest
  EXPECT_EQ(out.trades[1].seller, user(3));
  EXPECT_EQ(out.trades[2].seller, user(1));
  EXPECT_EQ(out.trades[2].size, sz(0.5));
  const auto& st = out.results[0].response.statuses[0];
  EXPECT_EQ(st.kind, hl::OrderStatusKind::kFilled);
  EXPECT_EQ(st.total_size, sz(2.5));
  EXPECT_EQ(st.avg_price, px(2000.2));  // (2000 + 2000 + 0.5 * 2001) / 2.5
  EXPECT_EQ(ex.position(user(4), eth), sz(2.5));
  EXPECT_EQ(ex.position(user(1), eth), -sz(0.5));
}

TEST_F(ExchangeTest, RejectionsCarryTheExchangesText) {
  place(user(1), wire(eth, false, px(2000), sz(1)), 0);
  place(user(1), wire(eth, true, px(1999), sz(1)), 200);
  EXPECT_EQ(place(user(2), wire(eth, true, px(2000), sz(1), Tif::kAlo), 400).error,
            "Post only order would have immediately matched, bbo was 1999@2000. asset=0");
  EXPECT_EQ(place(user(2), wire(eth, true, px(1999.123), sz(1)), 600).error,
            "Price must be divisible by tick size. asset=0");
  EXPECT_EQ(place(user(2), wire(eth, true, px(1999), sz(0.00001)), 800).error, "Order has invalid size. asset=0");
  EXPECT_EQ(place(user(2), wire(eth, true, px(1999), sz(0.004)), 1'000).error,
            "Order must have minimum value of $10. asset=0");
  EXPECT_EQ(place(user(2), wire(eth, false, px(2100), sz(1), Tif::kGtc, true), 1'200).error,
            "Reduce only order would increase position. asset=0");
  EXPECT_EQ(place(user(2), wire(7, true, px(1999), sz(1)), 1'400).error, "Order has unknown asset.");
  // 1e6 USDC at 25x carries at most 25e6 of notional: 20'000 ETH at 1999 is ~40e6.
  EXPECT_EQ(place(user(2), wire(eth, true, px(1999), sz(20'000)), 1'600).error,
            "Insufficient margin to place order. asset=0");
  const auto out = run(user(2), hl::CancelAction{{{eth, 999}}, false}, 1'800);
  EXPECT_EQ(out.results[0].response.statuses[0].error, "Order was never placed, already canceled, or filled.");
}

// protocol.md §6's cap, checked on the order's exact value: an order past it would otherwise have
// its notional wrap modulo 2^64 and pass the $10 minimum and the margin check as a small one.
TEST_F(ExchangeTest, AnOrderAboveTheMaximumLimitOrderValueIsRefused) {
  EXPECT_EQ(max_limit_order_value(40), 300'000'000 * kPriceScale);
  EXPECT_EQ(max_limit_order_value(25), 300'000'000 * kPriceScale);
  EXPECT_EQ(max_limit_order_value(24), 50'000'000 * kPriceScale);
  EXPECT_EQ(max_limit_order_value(20), 50'000'000 * kPriceScale);
  EXPECT_EQ(max_limit_order_value(19), 20'000'000 * kPriceScale);
  EXPECT_EQ(max_limit_order_value(10), 20'000'000 * kPriceScale);
  EXPECT_EQ(max_limit_order_value(9), 5'000'000 * kPriceScale);
  // ETH here has 25x: $300M. At the cap the order is only short of margin; one lot above it is refused.
  EXPECT_EQ(place(user(2), wire(eth, true, px(2000), sz(150'000)), 0).error, "Insufficient margin to place order. asset=0");
  EXPECT_EQ(place(user(2), wire(eth, true, px(2000), sz(150'000.0001)), 200).error,
            "Order value is above the maximum limit order value. asset=0");
  // 92 233 720.3736 ETH at 2000: its value modulo 2^64 (1e-8 USD) is $10.10.
  place(user(1), wire(eth, false, px(2000), sz(1)), 400);
  hl::OrderWire huge = wire(eth, true, px(2000), sz(1));
  huge.size = Size{9'223'372'037'360'000};
  EXPECT_EQ(place(user(2), huge, 600).error, "Order value is above the maximum limit order value. asset=0");
  EXPECT_TRUE(ex.open_orders(user(2)).empty());
  EXPECT_EQ(ex.open_orders(user(1)).size(), 1u);  // the resting ask did not trade
}

TEST_F(ExchangeTest, FeesRebatesAndCashAccounting) {
  ex.set_fee_rates(user(1), FeeRates{450, -10});  // a maker with the top rebate
  place(user(1), wire(eth, false, px(2000), sz(2)), 0);
  const auto out = run(user(2), order(wire(eth, true, px(2000), sz(2), Tif::kIoc)), 200);
  ASSERT_EQ(out.fills.size(), 2u);
  const Money value = 4'000 * kPriceScale;
  for (const auto& f : out.fills) {
    if (f.user == user(1)) {
      EXPECT_FALSE(f.fill.crossed);
      EXPECT_EQ(f.fill.fee, -value * 10 / 1'000'000);
      EXPECT_EQ(f.fill.dir, "Open Short");
    } else {
      EXPECT_TRUE(f.fill.crossed);
      EXPECT_EQ(f.fill.fee, value * 450 / 1'000'000);
      EXPECT_EQ(f.fill.dir, "Open Long");
    }
  }
  EXPECT_EQ(ex.cash(user(1)), 1'000'000 * kPriceScale + value + value * 10 / 1'000'000);
  EXPECT_EQ(ex.cash(user(2)), 1'000'000 * kPriceScale - value - value * 450 / 1'000'000);
  // Closing half at a better price realizes PnL on the closed part only.
  place(user(2), wire(eth, false, px(2010), sz(1)), 400);
  const auto close = run(user(1), order(wire(eth, true, px(2010), sz(1), Tif::kIoc)), 600);
  for (const auto& f : close.fills) {
    if (f.user == user(1)) {
      EXPECT_EQ(f.fill.closed_pnl, -10 * kPriceScale);
      EXPECT_EQ(f.fill.dir, "Close Short");
      EXPECT_EQ(f.fill.start_position, -sz(2));
    }
  }
}

// Each reduce-only sell fits the long position it was placed against, but the two together would
// flip it: the match holds each to the position as the match moves it.
TEST_F(ExchangeTest, AReduceOnlyOrderOnTheBookNeverOpensOrFlipsAPosition) {
  place(user(3), wire(eth, false, px(2000), sz(1)), 0);
  place(user(1), wire(eth, true, px(2000), sz(1), Tif::kIoc), 200);
  ASSERT_EQ(ex.position(user(1), eth), sz(1));
  const auto first = place(user(1), wire(eth, false, px(2010), sz(1), Tif::kGtc, true), 400);
  const auto second = place(user(1), wire(eth, false, px(2010), sz(1), Tif::kGtc, true), 600);
  ASSERT_EQ(second.kind, hl::OrderStatusKind::kResting);
  const auto out = run(user(2), order(wire(eth, true, px(2010), sz(2), Tif::kIoc)), 800);
  ASSERT_EQ(out.trades.size(), 1u);
  EXPECT_EQ(out.trades[0].size, sz(1));
  EXPECT_EQ(ex.position(user(1), eth), 0);
  EXPECT_EQ(ex.position(user(2), eth), sz(1));
  bool filled = false, canceled = false;
  for (const auto& u : out.order_updates) {
    filled |= u.update.oid == first.oid && u.update.status == "filled";
    canceled |= u.update.oid == second.oid && u.update.status == "reduceOnlyCanceled" && u.update.size == sz(1);
  }
  EXPECT_TRUE(filled);
  EXPECT_TRUE(canceled);
  EXPECT_TRUE(ex.open_orders(user(1)).empty());
}

TEST_F(ExchangeTest, SelfTradeExpiresTheRestingOrder) {
  const auto mine = place(user(1), wire(eth, false, px(2000), sz(1)), 0);
  place(user(2), wire(eth, false, px(2000), sz(1)), 200);
  const auto out = run(user(1), order(wire(eth, true, px(2000), sz(1), Tif::kIoc)), 400);
  ASSERT_EQ(out.trades.size(), 1u);
  EXPECT_EQ(out.trades[0].seller, user(2));
  bool expired = false;
  for (const auto& u : out.order_updates) expired |= u.update.oid == mine.oid && u.update.status == "selfTradeCanceled";
  EXPECT_TRUE(expired);
  EXPECT_EQ(ex.book(eth).find(mine.oid), nullptr);
}

TEST_F(ExchangeTest, ModifyReplacesTheOrderAndKeepsItPassive) {
  hl::OrderWire w = wire(eth, true, px(1990), sz(1));
  w.cloid = hl::Cloid::parse("0x00000000000000000000000000000001");
  const auto first = place(user(1), w, 0);
  place(user(2), wire(eth, false, px(2000), sz(1)), 200);
  // Moved to a crossing GTC without always_place: it is an ALO, so it is refused, not filled.
  hl::OrderWire crossing = wire(eth, true, px(2000), sz(1), Tif::kGtc);
  crossing.cloid = w.cloid;
  auto out = run(user(1), hl::ModifyAction{*w.cloid, crossing, false}, 400);
  EXPECT_EQ(out.results[0].response.statuses[0].error,
            "Post only order would have immediately matched, bbo was 0@2000. asset=0");
  EXPECT_EQ(ex.book(eth).find(first.oid), nullptr);  // the old order was cancelled first
  EXPECT_TRUE(out.trades.empty());
  // A modify to an IOC is invalid; a modify of a missing order says so.
  out = run(user(1), hl::ModifyAction{std::uint64_t{first.oid}, wire(eth, true, px(1990), sz(1), Tif::kIoc), false}, 600);
  EXPECT_EQ(out.results[0].response.statuses[0].error, "Attempted to modify to invalid new order");
  out = run(user(1), hl::ModifyAction{std::uint64_t{first.oid}, wire(eth, true, px(1990), sz(1)), false}, 800);
  EXPECT_EQ(out.results[0].response.statuses[0].error, "Cannot modify canceled or filled order");
  // A plain move gets a new oid and rests.
  const auto again = place(user(1), w, 1'000);
  hl::OrderWire moved = wire(eth, true, px(1995), sz(2), Tif::kAlo);
  moved.cloid = w.cloid;
  hl::BatchModifyAction batch;
  batch.modifies.push_back({*w.cloid, moved});
  out = run(user(1), batch, 1'200);
  const auto& st = out.results[0].response.statuses[0];
  ASSERT_EQ(st.kind, hl::OrderStatusKind::kResting);
  EXPECT_NE(st.oid, again.oid);
  ASSERT_NE(ex.book(eth).find(st.oid), nullptr);
  EXPECT_EQ(ex.book(eth).find(st.oid)->size, sz(2));
}

TEST_F(ExchangeTest, ScheduledCancelRemovesEveryOrderAtTheDeadline) {
  place(user(1), wire(eth, true, px(1990), sz(1)), 0);
  place(user(1), wire(eth, false, px(2010), sz(1)), 0);
  auto out = run(user(1), hl::ScheduleCancelAction{std::uint64_t{3'000}}, 200);
  EXPECT_FALSE(out.results[0].response.ok);
  EXPECT_EQ(out.results[0].response.error, "Scheduled cancel time must be at least 5 seconds in the future.");
  out = run(user(1), hl::ScheduleCancelAction{std::uint64_t{10'000}}, 400);
  EXPECT_TRUE(out.results[0].response.ok);
  EXPECT_TRUE(ex.advance_to(9'000).empty());
  EXPECT_EQ(ex.open_orders(user(1)).size(), 2u);
  const auto blocks = ex.advance_to(20'000);
  ASSERT_EQ(blocks.size(), 1u);
  EXPECT_EQ(blocks[0].block_time_ms, 10'070u);  // the first block at or after the deadline
  EXPECT_EQ(blocks[0].order_updates.size(), 2u);
  for (const auto& u : blocks[0].order_updates) EXPECT_EQ(u.update.status, "scheduledCancel");
  EXPECT_TRUE(ex.open_orders(user(1)).empty());
  EXPECT_FALSE(ex.scheduled_cancel(user(1)).has_value());
}

TEST_F(ExchangeTest, ScheduledCancelTriggersAreCappedPerDay) {
  std::uint64_t t = 0;
  for (int i = 0; i < 10; ++i) {
    run(user(1), hl::ScheduleCancelAction{t + 6'000}, t);
    t += 7'000;
    ex.advance_to(t);
  }
  const auto out = run(user(1), hl::ScheduleCancelAction{t + 6'000}, t);
  EXPECT_EQ(out.results[0].response.error, "Too many scheduled cancel triggers today.");
}

TEST_F(ExchangeTest, FundingIsPaidByLongsWhenTheRateIsPositive) {
  place(user(1), wire(eth, false, px(2000), sz(3)), 0);
  run(user(2), order(wire(eth, true, px(2000), sz(3), Tif::kIoc)), 200);
  const Money long_before = ex.cash(user(2));
  const Money short_before = ex.cash(user(1));
  // 0.01 %/h on 3 ETH at an oracle of 2000: 0.6 USDC.
  const auto events = ex.settle_funding(eth, 10'000, px(2000), 3'600'000);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(ex.cash(user(2)), long_before - 60'000'000);
  EXPECT_EQ(ex.cash(user(1)), short_before + 60'000'000);
}

hl::Cloid cloid(std::uint8_t n) {
  hl::Cloid c;
  c.bytes[15] = n;
  return c;
}

TEST_F(ExchangeTest, OrderStatusFollowsAnOrderFromRestingToFinishedByOidAndCloid) {
  hl::OrderWire bid = wire(eth, true, px(3000), sz(2), Tif::kGtc);
  bid.cloid = cloid(1);
  const hl::OrderStatus rested = place(user(1), bid, 1'000);
  ASSERT_EQ(rested.kind, hl::OrderStatusKind::kResting);
  hl::OrderStatusAnswer a = ex.order_status(user(1), cloid(1));
  ASSERT_TRUE(a.found);
  EXPECT_EQ(a.order.oid, rested.oid);
  EXPECT_EQ(a.order.status, "open");
  EXPECT_EQ(a.order.size, sz(2));
  EXPECT_EQ(a.tif, "Gtc");
  // A partial fill sends no update; the answer still shows the size left.
  place(user(2), wire(eth, false, px(3000), sz(0.5), Tif::kIoc), 2'000);
  a = ex.order_status(user(1), rested.oid);
  EXPECT_EQ(a.order.status, "open");
  EXPECT_EQ(a.order.size, sz(1.5));
  EXPECT_EQ(a.order.orig_size, sz(2));
  place(user(2), wire(eth, false, px(3000), sz(1.5), Tif::kIoc), 3'000);
  a = ex.order_status(user(1), cloid(1));
  EXPECT_EQ(a.order.status, "filled");
  EXPECT_EQ(a.order.size, 0);
  EXPECT_FALSE(ex.order_status(user(2), rested.oid).found) << "another user's order";
  EXPECT_FALSE(ex.order_status(user(1), cloid(9)).found);
  EXPECT_FALSE(ex.order_status(user(1), std::uint64_t{999}).found);
}

TEST_F(ExchangeTest, AnIocsCancelledRestKeepsItsSizeSoOrderStatusTellsWhatFilled) {
  place(user(2), wire(eth, false, px(3000), sz(1), Tif::kAlo), 1'000);
  hl::OrderWire ioc = wire(eth, true, px(3000), sz(3), Tif::kIoc);
  ioc.cloid = cloid(2);
  const hl::OrderStatus s = place(user(1), ioc, 2'000);
  ASSERT_EQ(s.kind, hl::OrderStatusKind::kFilled);
  EXPECT_EQ(s.total_size, sz(1));
  const hl::OrderStatusAnswer a = ex.order_status(user(1), cloid(2));
  ASSERT_TRUE(a.found);
  EXPECT_EQ(a.order.status, "canceled");
  EXPECT_EQ(a.order.orig_size - a.order.size, sz(1));
  EXPECT_EQ(a.tif, "Ioc");
  // Nothing to match: the rejection the orderUpdates channel showed, by cloid too.
  hl::OrderWire none = wire(eth, true, px(2000), sz(1), Tif::kIoc);
  none.cloid = cloid(3);
  EXPECT_EQ(place(user(1), none, 3'000).kind, hl::OrderStatusKind::kError);
  EXPECT_EQ(ex.order_status(user(1), cloid(3)).order.status, "iocCancelRejected");
}

TEST(ExchangeOrderStatus, FinishedOrdersAreForgottenOldestFirstAndRestingOnesNever) {
  ExchangeConfig config;
  config.order_status_history = 2;
  Exchange ex(config);
  const std::uint32_t eth = ex.add_asset({"ETH", 4, 25});
  ex.deposit(user(1), 1'000'000 * kPriceScale);
  std::uint64_t id = 0;
  auto place = [&](hl::OrderWire w, std::uint64_t t) {
    ex.submit(++id, user(1), order(std::move(w)), t);
    return ex.advance_to(t + 1'000).at(0).results.at(0).response.statuses.at(0);
  };
  hl::OrderWire first = wire(eth, true, px(2000), sz(1), Tif::kGtc);
  first.cloid = cloid(1);
  const std::uint64_t resting = place(first, 1'000).oid;
  std::vector<std::uint64_t> cancelled;
  for (std::uint8_t i = 0; i < 3; ++i) {
    hl::OrderWire w = wire(eth, true, px(2001 + i), sz(1), Tif::kGtc);
    w.cloid = cloid(static_cast<std::uint8_t>(10 + i));
    cancelled.push_back(place(w, 2'000 + i * 1'000).oid);
    ex.submit(++id, user(1), hl::CancelAction{{{eth, cancelled.back()}}, false}, 2'500 + i * 1'000);
    ex.advance_to(3'400 + i * 1'000);
  }
  EXPECT_FALSE(ex.order_status(user(1), cancelled[0]).found) << "the oldest finished order is forgotten";
  EXPECT_FALSE(ex.order_status(user(1), cloid(10)).found);
  EXPECT_EQ(ex.order_status(user(1), cancelled[1]).order.status, "canceled");
  EXPECT_EQ(ex.order_status(user(1), cloid(12)).order.status, "canceled");
  EXPECT_EQ(ex.order_status(user(1), resting).order.status, "open") << "resting orders are never forgotten";
  EXPECT_EQ(ex.order_status(user(1), cloid(1)).order.oid, resting);
}

TEST_F(ExchangeTest, RandomFlowConservesMoneyAndPositionsAndNeverLeavesTheBookCrossed) {
  std::mt19937_64 rng(20261123);
  const Money deposits = 4 * 1'000'000 * kPriceScale;
  Money fees = 0;
  std::uint64_t t = 0;
  std::vector<std::uint64_t> oids;
  for (int step = 0; step < 4'000; ++step) {
    t += rng() % 150;
    const Address who = user(static_cast<std::uint8_t>(1 + rng() % 4));
    const int kind = static_cast<int>(rng() % 10);
    if (kind < 7) {
      const bool buy = rng() % 2;
      const Price p = px(1990) + static_cast<Price>(rng() % 200) * px(0.1);
      const Tif tif = kind < 4 ? Tif::kAlo : (kind < 6 ? Tif::kGtc : Tif::kIoc);
      ex.submit(++id, who, order(wire(eth, buy, p, sz(0.01) * static_cast<Size>(1 + rng() % 300), tif)), t);
    } else if (!oids.empty()) {
      const std::uint64_t oid = oids[rng() % oids.size()];
      ex.submit(++id, who, hl::CancelAction{{{eth, oid}}, false}, t);
    }
    for (const auto& block : ex.advance_to(t)) {
      for (const auto& r : block.results) {
        for (const auto& s : r.response.statuses) {
          if (s.kind == hl::OrderStatusKind::kResting) oids.push_back(s.oid);
        }
      }
      for (const auto& f : block.fills) fees += f.fill.fee;
      const auto bid = ex.book(eth).best_bid();
      const auto ask = ex.book(eth).best_ask();
      if (bid && ask) {
        ASSERT_LT(*bid, *ask) << "crossed at block " << block.block_number;
      }
    }
  }
  Money cash = 0;
  Size net = 0;
  for (std::uint8_t u = 1; u <= 4; ++u) {
    cash += ex.cash(user(u));
    net += ex.position(user(u), eth);
  }
  EXPECT_EQ(net, 0);
  EXPECT_EQ(cash + fees, deposits);
  EXPECT_GT(fees, 0);
}

}  // namespace
}  // namespace hlmm::exchange
