// HIP-4 outcomes in the simulated exchange: one merged book per outcome, orders on either side's
// asset id matched there, every fill, order update and open order reported in the order's own coin
// and price; sells queue ahead of the other side's buys at one price; fully collateralised
// positions in Yes contracts; zero fees; the outcome grid and unknown ids refused.
#include <gtest/gtest.h>

#include "exchange/exchange.hpp"
#include "exchange_test_util.hpp"

namespace hlmm::exchange {
namespace {

using hl::Address;
using hl::Tif;
using namespace hlmm::exchange::test_util;

constexpr Size contracts(std::int64_t n) { return n * kSizeScale; }

constexpr std::uint32_t kYes = 100'000'010;  // outcome 1, protocol.md §6's example
constexpr std::uint32_t kNo = 100'000'011;

class OutcomeTest : public ::testing::Test {
 protected:
  OutcomeTest() {
    eth = ex.add_asset({"ETH", 4, 25});
    outcome = ex.add_outcome(OutcomeBookSpec{"#10", "#11", kYes, kNo});
    for (std::uint8_t u = 1; u <= 4; ++u) ex.deposit(user(u), 10'000 * kPriceScale);
  }

  BlockOutput run(const Address& who, hl::L1Action action) {
    t += 1'000;
    ex.submit(++id, who, std::move(action), t);
    auto blocks = ex.advance_to(t + 900);
    EXPECT_EQ(blocks.size(), 1u);
    return blocks.empty() ? BlockOutput{} : blocks.back();
  }
  hl::OrderStatus place(const Address& who, hl::OrderWire w) {
    const BlockOutput out = run(who, order(std::move(w)));
    EXPECT_EQ(out.results.size(), 1u);
    return out.results.at(0).response.statuses.at(0);
  }
  static const hl::UserFill* fill_of(const BlockOutput& out, const Address& who) {
    for (const auto& f : out.fills) {
      if (f.user == who) return &f.fill;
    }
    return nullptr;
  }

  Exchange ex;
  std::uint32_t eth = 0;
  std::uint32_t outcome = 0;
  std::uint64_t id = 0;
  std::uint64_t t = 0;
};

TEST_F(OutcomeTest, ABuyOfNoRestsAsAYesAskAndIsFilledByAYesBuyEachSideReportedInItsOwnCoin) {
  const auto resting = place(user(1), wire(kNo, true, px(0.40), contracts(10)));
  ASSERT_EQ(resting.kind, hl::OrderStatusKind::kResting) << resting.error;
  // On the Yes book it is a sell at 0.60.
  EXPECT_EQ(ex.book(outcome).best_ask(), px(0.60));
  EXPECT_FALSE(ex.book(outcome).best_bid().has_value());
  const auto open = ex.open_orders(user(1));
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].coin, "#11");
  EXPECT_TRUE(open[0].is_buy);
  EXPECT_EQ(open[0].limit_price, px(0.40));

  const auto out = run(user(2), order(wire(kYes, true, px(0.60), contracts(10), Tif::kIoc)));
  const auto& status = out.results.at(0).response.statuses.at(0);
  ASSERT_EQ(status.kind, hl::OrderStatusKind::kFilled) << status.error;
  EXPECT_EQ(status.avg_price, px(0.60));
  const hl::UserFill* maker = fill_of(out, user(1));
  const hl::UserFill* taker = fill_of(out, user(2));
  ASSERT_NE(maker, nullptr);
  ASSERT_NE(taker, nullptr);
  EXPECT_EQ(maker->coin, "#11");
  EXPECT_TRUE(maker->is_buy);
  EXPECT_EQ(maker->price, px(0.40));
  EXPECT_EQ(maker->dir, "Open Long");
  EXPECT_EQ(maker->start_position, 0);
  EXPECT_EQ(maker->fee, 0);
  EXPECT_EQ(taker->coin, "#10");
  EXPECT_TRUE(taker->is_buy);
  EXPECT_EQ(taker->price, px(0.60));
  EXPECT_EQ(taker->fee, 0);  // outcome fees are zero (protocol.md §7)
  EXPECT_EQ(maker->tid, taker->tid);
  // The maker's order update names its own side too.
  bool filled_update = false;
  for (const auto& u : out.order_updates) {
    if (u.user == user(1) && u.update.status == "filled") {
      filled_update = true;
      EXPECT_EQ(u.update.coin, "#11");
      EXPECT_TRUE(u.update.is_buy);
      EXPECT_EQ(u.update.limit_price, px(0.40));
    }
  }
  EXPECT_TRUE(filled_update);
  // Positions in Yes contracts: the No buyer is short Yes. Each paid its own side's price.
  EXPECT_EQ(ex.position(user(1), outcome), -contracts(10));
  EXPECT_EQ(ex.position(user(2), outcome), contracts(10));
  EXPECT_EQ(ex.user_fills(user(1)).back().coin, "#11");
  // Cash as the perp-style ledger keeps it (+0.60 x 10 for the Yes sold); the No's payout of one
  // USD per contract is locked against it, so what the No buyer has spent is 0.40 x 10.
  EXPECT_EQ(ex.cash(user(1)), 10'006 * kPriceScale);
  EXPECT_EQ(ex.cash(user(2)), 9'994 * kPriceScale);
}

TEST_F(OutcomeTest, TwoNoOrdersMatchOnTheMergedBookAndBothAreReportedOnNo) {
  ASSERT_EQ(place(user(1), wire(kNo, false, px(0.45), contracts(5))).kind, hl::OrderStatusKind::kResting);
  EXPECT_EQ(ex.book(outcome).best_bid(), px(0.55));  // a No sell at 0.45 is a Yes buy at 0.55
  const auto out = run(user(2), order(wire(kNo, true, px(0.45), contracts(5), Tif::kIoc)));
  ASSERT_EQ(out.fills.size(), 2u);
  for (const auto& f : out.fills) {
    EXPECT_EQ(f.fill.coin, "#11");
    EXPECT_EQ(f.fill.price, px(0.45));
    EXPECT_EQ(f.fill.is_buy, f.user == user(2));
  }
  EXPECT_EQ(ex.position(user(1), outcome), contracts(5));   // sold No: long Yes
  EXPECT_EQ(ex.position(user(2), outcome), -contracts(5));  // bought No
}

TEST_F(OutcomeTest, AtOnePriceRestingSellsQueueAheadOfTheOtherSidesBuys) {
  // First a No buy at 0.40 (a Yes ask at 0.60), then a Yes sell at 0.60: the sell goes first.
  const auto dual = place(user(1), wire(kNo, true, px(0.40), contracts(3)));
  const auto sell = place(user(3), wire(kYes, false, px(0.60), contracts(3)));
  ASSERT_EQ(dual.kind, hl::OrderStatusKind::kResting);
  ASSERT_EQ(sell.kind, hl::OrderStatusKind::kResting) << sell.error;
  const auto out = run(user(2), order(wire(kYes, true, px(0.60), contracts(3), Tif::kIoc)));
  ASSERT_EQ(out.fills.size(), 2u);
  EXPECT_NE(fill_of(out, user(3)), nullptr);
  EXPECT_EQ(fill_of(out, user(1)), nullptr);
  EXPECT_NE(ex.book(outcome).find(dual.oid), nullptr);
}

TEST_F(OutcomeTest, OrdersTheAccountCannotCollateraliseAreRefusedClosingIsNot) {
  const Address poor = user(9);
  ex.deposit(poor, 5 * kPriceScale);
  ASSERT_EQ(place(user(1), wire(kYes, false, px(0.60), contracts(100))).kind, hl::OrderStatusKind::kResting);
  ASSERT_EQ(place(user(1), wire(kYes, true, px(0.50), contracts(100))).kind, hl::OrderStatusKind::kResting);
  // Ten Yes at 0.60 cost 6 USD; the account has 5.
  const auto refused = place(poor, wire(kYes, true, px(0.60), contracts(10), Tif::kIoc));
  ASSERT_EQ(refused.kind, hl::OrderStatusKind::kError);
  EXPECT_EQ(refused.error, "Insufficient balance to collateralize outcome order. asset=100000010");
  // The same on the No side: ten No at 0.50 (a Yes sell at 0.50) are 5 USD: allowed; then one
  // more No is not.
  const auto no = place(poor, wire(kNo, true, px(0.50), contracts(10), Tif::kIoc));
  ASSERT_EQ(no.kind, hl::OrderStatusKind::kFilled) << no.error;
  EXPECT_EQ(ex.position(poor, outcome), -contracts(10));
  const auto more = place(poor, wire(kNo, true, px(0.50), contracts(1), Tif::kIoc));
  EXPECT_EQ(more.error, "Insufficient balance to collateralize outcome order. asset=100000011");
  // Perp margin draws on the same collateral: with the No's payout locked, nothing is left.
  EXPECT_EQ(place(poor, wire(eth, true, px(1000), Size{1'000'000})).error,
            "Insufficient margin to place order. asset=0");
  // Closing needs no cash: buying Yes back releases the No's locked payout.
  const auto close = place(poor, wire(kYes, true, px(0.60), contracts(10), Tif::kIoc));
  ASSERT_EQ(close.kind, hl::OrderStatusKind::kFilled) << close.error;
  EXPECT_EQ(ex.position(poor, outcome), 0);
  EXPECT_EQ(ex.cash(poor), 4 * kPriceScale);  // bought No at 0.50, sold it at 0.40
}

TEST_F(OutcomeTest, BadAssetIdsPricesAndSizesAreRefused) {
  EXPECT_EQ(place(user(1), wire(100'000'012, true, px(0.5), contracts(1))).error, "Order has unknown asset.");
  EXPECT_EQ(place(user(1), wire(100'000'020, true, px(0.5), contracts(1))).error, "Order has unknown asset.");
  // The outcome's book index is not an asset id.
  EXPECT_EQ(place(user(1), wire(outcome, true, px(0.5), contracts(1))).error, "Order has unknown asset.");
  EXPECT_EQ(place(user(1), wire(kYes, true, px(1.0), contracts(1))).error,
            "Outcome price must be above 0 and below 1. asset=100000010");
  EXPECT_EQ(place(user(1), wire(kNo, true, 0, contracts(1))).error,
            "Outcome price must be above 0 and below 1. asset=100000011");
  EXPECT_EQ(place(user(1), wire(kYes, true, px(0.5005), contracts(1))).error,
            "Price must be divisible by tick size. asset=100000010");
  EXPECT_EQ(place(user(1), wire(kNo, true, px(0.5), Size{50'000'000})).error, "Order has invalid size. asset=100000011");
  // No $10 minimum: one contract at 0.001 is an order.
  EXPECT_EQ(place(user(1), wire(kYes, true, px(0.001), contracts(1))).kind, hl::OrderStatusKind::kResting);
  EXPECT_EQ(run(user(1), hl::UpdateLeverageAction{kYes, true, 2}).results.at(0).response.error, "Invalid leverage value.");
}

TEST_F(OutcomeTest, CancelsNameTheOrderOnEitherSidesIdAndAnAloOnNoSeesTheMirroredBbo) {
  const auto a = place(user(1), wire(kNo, true, px(0.40), contracts(2)));
  hl::OrderWire with_cloid = wire(kYes, true, px(0.30), contracts(2));
  with_cloid.cloid = hl::Cloid{};
  with_cloid.cloid->bytes[15] = 7;
  const auto b = place(user(1), with_cloid);
  // The No book is the Yes book mirrored: bid 0.40 (the Yes ask at 0.60), ask 0.70 (the Yes bid at
  // 0.30). A post-only No sell at 0.40 would match, and the refusal quotes the No side's bbo.
  const auto alo = place(user(2), wire(kNo, false, px(0.40), contracts(1), Tif::kAlo));
  EXPECT_EQ(alo.error, "Post only order would have immediately matched, bbo was 0.4@0.7. asset=100000011");
  const auto by_oid = run(user(1), hl::CancelAction{{{kYes, a.oid}}, false});
  EXPECT_EQ(by_oid.results.at(0).response.statuses.at(0).kind, hl::OrderStatusKind::kSuccess);
  ASSERT_FALSE(by_oid.order_updates.empty());
  EXPECT_EQ(by_oid.order_updates[0].update.coin, "#11");
  EXPECT_EQ(by_oid.order_updates[0].update.status, "canceled");
  const auto by_cloid = run(user(1), hl::CancelByCloidAction{{{kNo, *with_cloid.cloid}}, false});
  EXPECT_EQ(by_cloid.results.at(0).response.statuses.at(0).kind, hl::OrderStatusKind::kSuccess);
  EXPECT_EQ(ex.book(outcome).find(b.oid), nullptr);
  EXPECT_EQ(run(user(1), hl::CancelAction{{{100'000'021, 1}}, false}).results.at(0).response.statuses.at(0).error,
            "Order was never placed, already canceled, or filled.");
}

TEST_F(OutcomeTest, AModifyMovesAnOrderOnItsOwnSideAndAnOffGridMoveLeavesNothingResting) {
  hl::OrderWire w = wire(kNo, true, px(0.40), contracts(2));
  w.cloid = hl::Cloid{};
  w.cloid->bytes[15] = 9;
  const auto first = place(user(1), w);
  hl::OrderWire moved = wire(kNo, true, px(0.42), contracts(3), Tif::kAlo);
  moved.cloid = w.cloid;
  const auto out = run(user(1), hl::ModifyAction{*w.cloid, moved, false});
  const auto& st = out.results.at(0).response.statuses.at(0);
  ASSERT_EQ(st.kind, hl::OrderStatusKind::kResting) << st.error;
  EXPECT_EQ(ex.book(outcome).find(first.oid), nullptr);
  EXPECT_EQ(ex.book(outcome).best_ask(), px(0.58));
  const auto open = ex.open_orders(user(1));
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].coin, "#11");
  EXPECT_EQ(open[0].limit_price, px(0.42));
  EXPECT_EQ(open[0].size, contracts(3));
  // Off the 0.001 grid: the old order is cancelled first, as for perps, and the move refused.
  hl::OrderWire off = wire(kNo, true, px(0.4215), contracts(3), Tif::kAlo);
  off.cloid = w.cloid;
  const auto refused = run(user(1), hl::ModifyAction{*w.cloid, off, false});
  EXPECT_EQ(refused.results.at(0).response.statuses.at(0).error, "Price must be divisible by tick size. asset=100000011");
  EXPECT_TRUE(ex.open_orders(user(1)).empty());
}

TEST_F(OutcomeTest, SettlementPaysTheYesHoldersReleasesTheNoCollateralAndClosesTheBook) {
  ASSERT_EQ(place(user(1), wire(kNo, true, px(0.40), contracts(10))).kind, hl::OrderStatusKind::kResting);
  ASSERT_EQ(place(user(2), wire(kYes, true, px(0.60), contracts(10), Tif::kIoc)).kind, hl::OrderStatusKind::kFilled);
  const auto resting = place(user(3), wire(kYes, false, px(0.70), contracts(5)));
  ASSERT_EQ(resting.kind, hl::OrderStatusKind::kResting);
  // Yes wins: the Yes buyer gets one USD a contract, the No buyer's locked USD pays it.
  const BlockOutput out = ex.settle_outcome(outcome, kOutcomePayout, 100'000);
  EXPECT_EQ(ex.position(user(1), outcome), 0);
  EXPECT_EQ(ex.position(user(2), outcome), 0);
  EXPECT_EQ(ex.cash(user(2)), 10'004 * kPriceScale);  // paid 6, got 10
  EXPECT_EQ(ex.cash(user(1)), 9'996 * kPriceScale);   // paid 4 for No, which paid nothing
  EXPECT_EQ(ex.equity(user(1)) + ex.equity(user(2)), 20'000 * kPriceScale);
  ASSERT_EQ(out.order_updates.size(), 1u);
  EXPECT_EQ(out.order_updates[0].update.oid, resting.oid);
  EXPECT_EQ(out.order_updates[0].update.status, "canceled");
  EXPECT_EQ(out.books_changed, std::vector<std::uint32_t>{outcome});
  EXPECT_EQ(ex.book(outcome).order_count(), 0u);
  EXPECT_EQ(place(user(1), wire(kNo, true, px(0.10), contracts(1))).error, "Outcome has settled. asset=100000011");
  EXPECT_TRUE(ex.outcome_settled(outcome));
  EXPECT_TRUE(ex.settle_outcome(outcome, 0, 200'000).order_updates.empty());  // once only
  EXPECT_EQ(ex.cash(user(2)), 10'004 * kPriceScale);
}

}  // namespace
}  // namespace hlmm::exchange
