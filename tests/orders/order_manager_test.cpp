// The order manager's transitions, one behaviour per test: intents → actions, responses, order
// updates, fills (including out-of-order arrivals), errors and their reactions.
#include <gtest/gtest.h>

#include "orders/order_manager.hpp"
#include "test_util.hpp"

namespace hlmm::orders {
namespace {

using namespace hlmm::orders::testing;

constexpr Price kPx = 100'000 * kPriceScale;   // 100000
constexpr Size kSz = 1'000'000;                // 0.01

class OrderManagerTest : public ::testing::Test {
 protected:
  std::uint64_t clock_ms = 1'700'000'000'000;
  NonceSource nonces{"", [this] { return clock_ms; }};
  CapturedLog log;
  std::uint64_t now = 1'700'000'000'000'000'000ULL;
  ActionBatch out;
  std::unique_ptr<OrderManager> om;

  static OrderManagerConfig config(bool dead_man = false) {
    OrderManagerConfig c;
    c.assets = {{0, 0, "BTC"}, {1, 3, "ETH"}};
    c.cloid_session = 0xabcdef0012345678ULL;
    c.order_pool = 64;
    c.dead_man.enabled = dead_man;
    return c;
  }
  void SetUp() override { om = std::make_unique<OrderManager>(config(), nonces, log.logger); }

  void intents(std::initializer_list<QuoteIntent> list) {
    const std::vector<QuoteIntent> v(list);
    om->on_intents(v, now, out);
  }
  void respond(std::uint64_t id, const hl::ExchangeResponse& r) { om->on_response(id, r, now, out); }
  // Places a quote on (slot, side) and acks it resting; returns the order.
  const Order& rest(std::uint8_t slot, Side side, Price px, Size sz, std::uint64_t oid) {
    intents({quote(slot, side, px, sz)});
    EXPECT_EQ(out.size(), 1U);
    respond(out[0].request_id, ok("order", {resting(oid)}));
    const Order* o = om->current_order(slot, side);
    EXPECT_NE(o, nullptr);
    EXPECT_EQ(o->state, OrderState::kResting);
    return *o;
  }
  void expect_invariants() { EXPECT_EQ(om->check_invariants(), ""); }
};

TEST_F(OrderManagerTest, QuoteOnEmptySideSendsOneAloOrderWithFreshCloid) {
  intents({quote(0, Side::kBid, kPx, kSz)});
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].kind, RequestKind::kOrder);
  EXPECT_EQ(out[0].items, 1U);
  EXPECT_GE(out[0].nonce, clock_ms);
  const auto& a = std::get<hl::OrderAction>(out[0].action);
  ASSERT_EQ(a.orders.size(), 1U);
  const hl::OrderWire& w = a.orders[0];
  EXPECT_EQ(w.asset, 0U);
  EXPECT_TRUE(w.is_buy);
  EXPECT_EQ(w.price, kPx);
  EXPECT_EQ(w.size, kSz);
  EXPECT_FALSE(w.reduce_only);
  EXPECT_EQ(std::get<hl::LimitOrderType>(w.type).tif, hl::Tif::kAlo);
  ASSERT_TRUE(w.cloid.has_value());
  EXPECT_EQ(w.cloid->to_string().substr(0, 18), "0xabcdef0012345678");
  const Order* o = om->current_order(0, Side::kBid);
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->state, OrderState::kPendingNew);
  EXPECT_EQ(o->cloid, *w.cloid);
  EXPECT_EQ(om->in_flight(), 1U);
  expect_invariants();
}

TEST_F(OrderManagerTest, OneBatchOfIntentsOnFourSidesIsOneOrderAction) {
  intents({quote(0, Side::kBid, kPx, kSz), quote(0, Side::kAsk, kPx + 100, kSz), quote(1, Side::kBid, 3000, kSz),
           quote(1, Side::kAsk, 3100, kSz)});
  ASSERT_EQ(out.size(), 1U);
  const auto& a = std::get<hl::OrderAction>(out[0].action);
  ASSERT_EQ(a.orders.size(), 4U);
  EXPECT_EQ(a.orders[2].asset, 3U);  // slot 1 is venue asset 3
  // Every cloid distinct.
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = i + 1; j < 4; ++j) EXPECT_NE(*a.orders[i].cloid, *a.orders[j].cloid);
  respond(out[0].request_id, ok("order", {resting(1), resting(2), resting(3), resting(4)}));
  EXPECT_EQ(om->current_order(1, Side::kAsk)->oid, 4U);
  EXPECT_TRUE(out.empty());
  expect_invariants();
}

TEST_F(OrderManagerTest, LaterIntentInTheSameBatchWins) {
  intents({quote(0, Side::kBid, kPx, kSz), quote(0, Side::kBid, kPx - 100, 2 * kSz)});
  ASSERT_EQ(out.size(), 1U);
  const auto& a = std::get<hl::OrderAction>(out[0].action);
  ASSERT_EQ(a.orders.size(), 1U);
  EXPECT_EQ(a.orders[0].price, kPx - 100);
  EXPECT_EQ(a.orders[0].size, 2 * kSz);
}

TEST_F(OrderManagerTest, UnchangedQuoteSendsNothing) {
  rest(0, Side::kBid, kPx, kSz, 11);
  intents({quote(0, Side::kBid, kPx, kSz)});
  EXPECT_TRUE(out.empty());
}

TEST_F(OrderManagerTest, ChangedQuotesOnRestingOrdersAreOneBatchModify) {
  const hl::Cloid bid = rest(0, Side::kBid, kPx, kSz, 11).cloid;
  const hl::Cloid ask = rest(0, Side::kAsk, kPx + 500, kSz, 12).cloid;
  intents({quote(0, Side::kBid, kPx - 100, kSz), quote(0, Side::kAsk, kPx + 400, kSz)});
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].kind, RequestKind::kModify);
  const auto& m = std::get<hl::BatchModifyAction>(out[0].action);
  ASSERT_EQ(m.modifies.size(), 2U);
  EXPECT_FALSE(m.always_place);
  // Named by the venue's oids from the resting answers (shorter to sign than the cloids).
  EXPECT_EQ(std::get<std::uint64_t>(m.modifies[0].oid), 11U);
  EXPECT_EQ(std::get<std::uint64_t>(m.modifies[1].oid), 12U);
  EXPECT_EQ(m.modifies[0].order.price, kPx - 100);
  EXPECT_NE(*m.modifies[0].order.cloid, bid);  // the replacement has its own cloid
  EXPECT_EQ(om->find(bid)->state, OrderState::kPendingModify);
  EXPECT_EQ(om->current_order(0, Side::kBid)->state, OrderState::kPendingNew);
  expect_invariants();
  respond(out[0].request_id, ok("order", {resting(21), resting(22)}));
  EXPECT_EQ(om->find(bid)->state, OrderState::kCanceled);
  EXPECT_EQ(om->find(ask)->state, OrderState::kCanceled);
  EXPECT_EQ(om->current_order(0, Side::kBid)->state, OrderState::kResting);
  EXPECT_EQ(om->current_order(0, Side::kBid)->oid, 21U);
  EXPECT_EQ(om->current_order(0, Side::kAsk)->price, kPx + 400);
  expect_invariants();
}

TEST_F(OrderManagerTest, ModifyOfAnOrderWhoseOidIsUnknownNamesItsCloid) {
  const hl::Cloid bid = rest(0, Side::kBid, kPx, kSz, 0).cloid;  // "resting" without an oid
  const hl::Cloid ask = rest(0, Side::kAsk, kPx + 500, kSz, 12).cloid;
  intents({quote(0, Side::kBid, kPx - 100, kSz), quote(0, Side::kAsk, kPx + 400, kSz)});
  ASSERT_EQ(out.size(), 1U);
  const auto& m = std::get<hl::BatchModifyAction>(out[0].action);
  ASSERT_EQ(m.modifies.size(), 2U);
  EXPECT_EQ(std::get<hl::Cloid>(m.modifies[0].oid), bid);
  EXPECT_EQ(std::get<std::uint64_t>(m.modifies[1].oid), 12U);
  respond(out[0].request_id, ok("order", {resting(21), resting(22)}));
  EXPECT_EQ(om->find(bid)->state, OrderState::kCanceled);
  EXPECT_EQ(om->find(ask)->state, OrderState::kCanceled);
  expect_invariants();
}

TEST_F(OrderManagerTest, CancelIntentCancelsByCloid) {
  const hl::Cloid c = rest(1, Side::kAsk, 3000, kSz, 7).cloid;
  intents({cancel(1, Side::kAsk)});
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].kind, RequestKind::kCancel);
  const auto& a = std::get<hl::CancelByCloidAction>(out[0].action);
  ASSERT_EQ(a.cancels.size(), 1U);
  EXPECT_EQ(a.cancels[0].asset, 3U);
  EXPECT_EQ(a.cancels[0].cloid, c);
  EXPECT_EQ(om->find(c)->state, OrderState::kPendingCancel);
  respond(out[0].request_id, ok("cancel", {success()}));
  EXPECT_EQ(om->find(c)->state, OrderState::kCanceled);
  EXPECT_EQ(om->current_order(1, Side::kAsk), nullptr);
  expect_invariants();
}

TEST_F(OrderManagerTest, RejectRateLimitKeepsQuoteOtherRejectsCancelBothSides) {
  rest(0, Side::kBid, kPx, kSz, 1);
  rest(0, Side::kAsk, kPx + 100, kSz, 2);
  intents({reject(0, Side::kBid, Reason::kRateLimit)});
  EXPECT_TRUE(out.empty());
  intents({reject(0, Side::kBoth, Reason::kCrossedBook)});
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(std::get<hl::CancelByCloidAction>(out[0].action).cancels.size(), 2U);
}

TEST_F(OrderManagerTest, UnknownSlotAndBadQuoteAreCountedNotSent) {
  intents({quote(9, Side::kBid, kPx, kSz), quote(0, Side::kBid, 0, kSz)});
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(om->counters().intents_unknown_slot, 1U);
  EXPECT_EQ(om->counters().intents_bad_quote, 1U);
}

TEST_F(OrderManagerTest, QuotesWhileInFlightCoalesceToTheLatest) {
  intents({quote(0, Side::kBid, kPx, kSz)});
  const std::uint64_t first = out[0].request_id;
  intents({quote(0, Side::kBid, kPx - 100, kSz)});
  EXPECT_TRUE(out.empty());
  intents({quote(0, Side::kBid, kPx - 200, kSz)});
  EXPECT_TRUE(out.empty());
  respond(first, ok("order", {resting(5)}));
  ASSERT_EQ(out.size(), 1U);  // the waiting quote goes out with the answer
  const auto& m = std::get<hl::BatchModifyAction>(out[0].action);
  ASSERT_EQ(m.modifies.size(), 1U);
  EXPECT_EQ(m.modifies[0].order.price, kPx - 200);
}

TEST_F(OrderManagerTest, CancelWhilePendingNewWaitsForTheAckThenCancels) {
  intents({quote(0, Side::kBid, kPx, kSz)});
  const std::uint64_t id = out[0].request_id;
  intents({cancel(0, Side::kBid)});
  EXPECT_TRUE(out.empty());
  respond(id, ok("order", {resting(5)}));
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].kind, RequestKind::kCancel);
}

TEST_F(OrderManagerTest, QuoteWhileCancelInFlightPlacesAfterTheCancel) {
  rest(0, Side::kBid, kPx, kSz, 5);
  intents({cancel(0, Side::kBid)});
  const std::uint64_t id = out[0].request_id;
  intents({quote(0, Side::kBid, kPx - 300, kSz)});
  EXPECT_TRUE(out.empty());
  respond(id, ok("cancel", {success()}));
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].kind, RequestKind::kOrder);
  EXPECT_EQ(std::get<hl::OrderAction>(out[0].action).orders[0].price, kPx - 300);
}

TEST_F(OrderManagerTest, SinglePrevalidationErrorAppliesToEveryItem) {
  intents({quote(0, Side::kBid, kPx, kSz), quote(0, Side::kAsk, kPx + 100, kSz)});
  const auto& a = std::get<hl::OrderAction>(out[0].action);
  const hl::Cloid b = *a.orders[0].cloid, s = *a.orders[1].cloid;
  respond(out[0].request_id, ok("order", {error_status("Order must have minimum value of $10.")}));
  EXPECT_EQ(om->find(b)->state, OrderState::kRejected);
  EXPECT_EQ(om->find(s)->state, OrderState::kRejected);
  EXPECT_EQ(om->find(b)->last_error, ExchangeErrorKind::kMinNotional);
  EXPECT_TRUE(out.empty());  // the quotes were dropped: nothing re-sent
  om->poll(now, out);
  EXPECT_TRUE(out.empty());
}

TEST_F(OrderManagerTest, BadAloPxDropsTheQuoteUntilTheNextIntent) {
  intents({quote(0, Side::kBid, kPx, kSz)});
  respond(out[0].request_id,
          ok("order", {error_status("Post only order would have immediately matched, bbo was 99.99@100.0. asset=0")}));
  EXPECT_EQ(om->current_order(0, Side::kBid), nullptr);
  EXPECT_TRUE(out.empty());
  om->poll(now, out);
  EXPECT_TRUE(out.empty());
  intents({quote(0, Side::kBid, kPx - 100, kSz)});
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].kind, RequestKind::kOrder);
}

TEST_F(OrderManagerTest, BadAloPxKeepsANewerQuoteThatArrivedMeanwhile) {
  intents({quote(0, Side::kBid, kPx, kSz)});
  const std::uint64_t id = out[0].request_id;
  intents({quote(0, Side::kBid, kPx - 500, kSz)});
  respond(id, ok("order", {error_status("Post only order would have immediately matched, bbo was 1@2.")}));
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(std::get<hl::OrderAction>(out[0].action).orders[0].price, kPx - 500);
}

TEST_F(OrderManagerTest, FailedModifyCancelsTheStaleOldOrder) {
  const hl::Cloid old = rest(0, Side::kBid, kPx, kSz, 5).cloid;
  intents({quote(0, Side::kBid, kPx + 100, kSz)});
  respond(out[0].request_id,
          ok("order", {error_status("Post only order would have immediately matched, bbo was 1@2. asset=0")}));
  // The old order is ours again (resting), and its price is the one the pipeline moved away from.
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].kind, RequestKind::kCancel);
  EXPECT_EQ(std::get<hl::CancelByCloidAction>(out[0].action).cancels[0].cloid, old);
  expect_invariants();
}

TEST_F(OrderManagerTest, ModifyOfAFilledOrderIsDoneAndTheQuoteIsPlacedFresh) {
  const Order& o = rest(0, Side::kBid, kPx, kSz, 5);
  const hl::Cloid old = o.cloid;
  intents({quote(0, Side::kBid, kPx + 100, kSz)});
  const std::uint64_t id = out[0].request_id;
  om->on_user_fills(fills_msg({fill("BTC", *om->find(old), kSz, 900)}));
  EXPECT_EQ(om->find(old)->state, OrderState::kFilled);
  respond(id, ok("order", {error_status("Cannot modify canceled or filled order")}));
  EXPECT_EQ(om->find(old)->state, OrderState::kFilled);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].kind, RequestKind::kOrder);
  EXPECT_EQ(om->position(0), kSz);
  expect_invariants();
}

TEST_F(OrderManagerTest, ReplacementFilledBeforeTheModifyAnswerEndsTheOldOrderToo) {
  const hl::Cloid old = rest(0, Side::kBid, kPx, kSz, 5).cloid;
  intents({quote(0, Side::kBid, kPx + 100, kSz)});
  const std::uint64_t id = out[0].request_id;
  const hl::Cloid repl = om->current_order(0, Side::kBid)->cloid;
  om->on_user_fills(fills_msg({fill("BTC", *om->find(repl), kSz, 31, 1, 66)}));
  EXPECT_EQ(om->find(repl)->state, OrderState::kFilled);
  EXPECT_EQ(om->find(old)->state, OrderState::kCanceled);  // the modify executed
  EXPECT_EQ(om->current_order(0, Side::kBid), nullptr);
  respond(id, ok("order", {resting(66)}));
  EXPECT_EQ(om->find(repl)->state, OrderState::kFilled);
  ASSERT_EQ(out.size(), 1U);  // the quote stands: a fresh order
  EXPECT_EQ(out[0].kind, RequestKind::kOrder);
  expect_invariants();
}

TEST_F(OrderManagerTest, LateAnswerForARecycledPoolSlotIsIgnored) {
  OrderManagerConfig c = config();
  c.order_pool = 4;
  om = std::make_unique<OrderManager>(c, nonces, log.logger);
  intents({quote(0, Side::kBid, kPx, kSz)});
  const std::uint64_t late = out[0].request_id;
  const hl::Cloid first = om->current_order(0, Side::kBid)->cloid;
  om->on_user_fills(fills_msg({fill("BTC", *om->find(first), kSz, 1, 1, 50)}));  // done before its ack
  intents({cancel(0, Side::kBid)});  // and not quoted again
  EXPECT_TRUE(out.empty());
  // Four more orders on the other sides cycle the 4-slot pool past the first one's slot.
  for (int i = 0; i < 4; ++i) {
    const Side side = i % 2 == 0 ? Side::kAsk : Side::kBid;
    intents({quote(1, side, 3000 + i, kSz)});
    ASSERT_EQ(out.size(), 1U) << i;
    const std::uint64_t id = out[0].request_id;
    const hl::Cloid c2 = om->current_order(1, side)->cloid;
    respond(id, ok("order", {resting(100 + static_cast<std::uint64_t>(i))}));
    if (i == 3) break;  // the last one stays resting, in the first order's old pool slot
    om->on_user_fills(fills_msg({fill("ETH", *om->find(c2), kSz, 10 + static_cast<std::uint64_t>(i))}));
    intents({cancel(1, side)});  // the pipeline stops quoting the side after the fill
    EXPECT_TRUE(out.empty());
  }
  EXPECT_EQ(om->find(first), nullptr);  // its slot now holds another order
  ASSERT_EQ(om->live_orders().size(), 1U);
  // The first order's late refusal must not land on the order now in its slot.
  respond(late, ok("order", {error_status("Post only order would have immediately matched, bbo was 1@2.")}));
  ASSERT_EQ(om->live_orders().size(), 1U);
  ASSERT_NE(om->current_order(1, Side::kBid), nullptr);
  EXPECT_EQ(om->current_order(1, Side::kBid)->state, OrderState::kResting);
  expect_invariants();
}

TEST_F(OrderManagerTest, TickViolationDisablesTheAssetLoudly) {
  rest(0, Side::kAsk, kPx + 100, kSz, 3);
  intents({quote(0, Side::kBid, kPx + 1, kSz)});
  respond(out[0].request_id, ok("order", {error_status("Price must be divisible by tick size. asset=0")}));
  EXPECT_TRUE(om->asset_disabled(0));
  EXPECT_EQ(log.count("DISABLED"), 1);
  // Its other side is canceled, its quotes ignored; the other asset still quotes.
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].kind, RequestKind::kCancel);
  respond(out[0].request_id, ok("cancel", {success()}));
  intents({quote(0, Side::kBid, kPx, kSz), quote(1, Side::kBid, 3000, kSz)});
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(std::get<hl::OrderAction>(out[0].action).orders.size(), 1U);
  EXPECT_EQ(std::get<hl::OrderAction>(out[0].action).orders[0].asset, 3U);
  om->enable_asset(0);
  intents({quote(0, Side::kBid, kPx, kSz)});
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(std::get<hl::OrderAction>(out[0].action).orders[0].asset, 0U);
}

TEST_F(OrderManagerTest, LotViolationDisablesTheAsset) {
  intents({quote(1, Side::kBid, 3000, kSz)});
  respond(out[0].request_id, ok("order", {error_status("Order has invalid size.")}));
  EXPECT_TRUE(om->asset_disabled(1));
}

TEST_F(OrderManagerTest, InsufficientMarginDropsTheQuote) {
  intents({quote(0, Side::kBid, kPx, kSz)});
  respond(out[0].request_id, ok("order", {error_status("Insufficient margin to place order. asset=0")}));
  EXPECT_EQ(om->counters().errors, 1U);
  EXPECT_FALSE(om->asset_disabled(0));
  om->poll(now, out);
  EXPECT_TRUE(out.empty());
}

TEST_F(OrderManagerTest, WholeRequestRateLimitBacksOffButKeepsCancels) {
  rest(1, Side::kAsk, 3100, kSz, 9);
  intents({quote(0, Side::kBid, kPx, kSz)});
  const hl::Cloid placed = *std::get<hl::OrderAction>(out[0].action).orders[0].cloid;
  respond(out[0].request_id,
          err("Too many cumulative requests sent (97460 > 97456) for cumulative volume traded $87457.46. Place taker "
              "orders to free up 1 request per USDC traded."));
  EXPECT_EQ(om->find(placed)->state, OrderState::kFailed);
  EXPECT_TRUE(out.empty());  // the quote waits
  EXPECT_EQ(log.count("new orders and modifies paused, cancels continue"), 1);
  intents({quote(0, Side::kBid, kPx - 100, kSz)});
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(log.count("new orders and modifies paused"), 1);  // one line, not one per attempt
  // A cancel goes out once the venue's 10 s window allows one request.
  now += 10'000'000'000ULL;
  intents({cancel(1, Side::kAsk)});
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].kind, RequestKind::kCancel);
  // Restored by a userRateLimit resync showing room: the waiting quote goes out on poll.
  om->budget().sync(100, 20'000);
  now += 1'000'000'000ULL;
  om->poll(now, out);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].kind, RequestKind::kOrder);
  EXPECT_EQ(log.count("rate budget restored"), 1);
}

TEST_F(OrderManagerTest, DuplicateNonceResyncsAndRetriesOnce) {
  intents({quote(0, Side::kBid, kPx, kSz)});
  const std::uint64_t id = out[0].request_id;
  const std::uint64_t venue_nonce = clock_ms + 5'000;
  respond(id, err("Invalid nonce: duplicate nonce " + std::to_string(venue_nonce)));
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].request_id, id);
  EXPECT_EQ(out[0].kind, RequestKind::kOrder);
  EXPECT_GT(out[0].nonce, venue_nonce);
  EXPECT_EQ(om->counters().requests_retried, 1U);
  EXPECT_EQ(om->current_order(0, Side::kBid)->state, OrderState::kPendingNew);
  // A second nonce error: not retried again; the order never existed.
  const hl::Cloid c = om->current_order(0, Side::kBid)->cloid;
  respond(id, err("Invalid nonce: duplicate nonce " + std::to_string(out[0].nonce)));
  EXPECT_EQ(om->find(c)->state, OrderState::kFailed);
  EXPECT_EQ(om->counters().requests_retried, 1U);
}

TEST_F(OrderManagerTest, NonceTooLowFastForwardsPastTheVenueFloor) {
  intents({quote(0, Side::kBid, kPx, kSz)});
  const std::uint64_t least = clock_ms + 99'999;
  respond(out[0].request_id, err("Invalid nonce: nonce too low 5 < " + std::to_string(least)));
  ASSERT_EQ(out.size(), 1U);
  EXPECT_GT(out[0].nonce, least);
}

TEST_F(OrderManagerTest, UnknownSignerHaltsSending) {
  intents({quote(0, Side::kBid, kPx, kSz)});
  respond(out[0].request_id, err("Unable to recover signer."));
  EXPECT_TRUE(om->halted());
  intents({quote(0, Side::kBid, kPx, kSz)});
  EXPECT_TRUE(out.empty());
  om->poll(now, out);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(log.count("HALTED"), 1);
}

TEST_F(OrderManagerTest, CancelOfMissingOrderIsDone) {
  const hl::Cloid c = rest(0, Side::kBid, kPx, kSz, 5).cloid;
  intents({cancel(0, Side::kBid)});
  respond(out[0].request_id, ok("cancel", {error_status("Order was never placed, already canceled, or filled. asset=0")}));
  EXPECT_EQ(om->find(c)->state, OrderState::kCanceled);
  EXPECT_EQ(om->current_order(0, Side::kBid), nullptr);
  EXPECT_EQ(om->counters().errors, 0U);
}

TEST_F(OrderManagerTest, OtherCancelErrorRestoresAndRetries) {
  const hl::Cloid c = rest(0, Side::kBid, kPx, kSz, 5).cloid;
  intents({cancel(0, Side::kBid)});
  respond(out[0].request_id, ok("cancel", {error_status("something new")}));
  // Restored to resting, and the answer's own reconcile sends the cancel again.
  EXPECT_EQ(om->find(c)->before_pending, OrderState::kResting);
  EXPECT_EQ(om->find(c)->state, OrderState::kPendingCancel);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].kind, RequestKind::kCancel);
  EXPECT_EQ(std::get<hl::CancelByCloidAction>(out[0].action).cancels[0].cloid, c);
}

TEST_F(OrderManagerTest, UnknownOrderErrorIsLoggedAndMarkedFailed) {
  intents({quote(0, Side::kBid, kPx, kSz)});
  const hl::Cloid c = *std::get<hl::OrderAction>(out[0].action).orders[0].cloid;
  respond(out[0].request_id, ok("order", {error_status("A brand new venue complaint")}));
  EXPECT_EQ(om->find(c)->state, OrderState::kFailed);
  EXPECT_EQ(om->find(c)->last_error, ExchangeErrorKind::kUnknown);
  EXPECT_EQ(log.count("A brand new venue complaint"), 1);
}

TEST_F(OrderManagerTest, FillBeforeRestingAckIsKept) {
  intents({quote(0, Side::kBid, kPx, 3 * kSz)});
  const std::uint64_t id = out[0].request_id;
  const Order& o = *om->current_order(0, Side::kBid);
  om->on_user_fills(fills_msg({fill("BTC", o, kSz, 1, 1, 77)}));
  EXPECT_EQ(o.state, OrderState::kPendingNew);
  EXPECT_EQ(o.filled, kSz);
  EXPECT_EQ(o.oid, 77U);
  respond(id, ok("order", {resting(77)}));
  EXPECT_EQ(o.state, OrderState::kPartiallyFilled);
  EXPECT_EQ(o.remaining(), 2 * kSz);
  EXPECT_EQ(om->position(0), kSz);
  EXPECT_TRUE(out.empty());  // a partial fill alone does not re-size the order
  // The same quote again: unchanged against the order as placed, nothing sent.
  intents({quote(0, Side::kBid, kPx, 3 * kSz)});
  EXPECT_TRUE(out.empty());
  // A new size from the pipeline (which saw the fill) is a modify.
  intents({quote(0, Side::kBid, kPx, 2 * kSz)});
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].kind, RequestKind::kModify);
}

TEST_F(OrderManagerTest, FullFillBeforeAckEndsTheOrderAndTheAckIsIgnored) {
  intents({quote(0, Side::kAsk, kPx, kSz)});
  const std::uint64_t id = out[0].request_id;
  const hl::Cloid c = om->current_order(0, Side::kAsk)->cloid;
  om->on_user_fills(fills_msg({fill("BTC", *om->find(c), kSz, 1, 1, 77)}));
  EXPECT_EQ(om->find(c)->state, OrderState::kFilled);
  EXPECT_EQ(om->current_order(0, Side::kAsk), nullptr);
  respond(id, ok("order", {resting(77)}));
  EXPECT_EQ(om->find(c)->state, OrderState::kFilled);
  EXPECT_EQ(om->position(0), -kSz);
  // The desired quote still stands: a new order replaces the filled one.
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].kind, RequestKind::kOrder);
  expect_invariants();
}

TEST_F(OrderManagerTest, CancelAckAfterAFillLeavesTheOrderFilled) {
  const hl::Cloid c = rest(0, Side::kBid, kPx, kSz, 5).cloid;
  intents({cancel(0, Side::kBid)});
  const std::uint64_t id = out[0].request_id;
  om->on_user_fills(fills_msg({fill("BTC", *om->find(c), kSz, 10)}));
  EXPECT_EQ(om->find(c)->state, OrderState::kFilled);
  respond(id, ok("cancel", {error_status("Order was never placed, already canceled, or filled.")}));
  EXPECT_EQ(om->find(c)->state, OrderState::kFilled);
  EXPECT_EQ(om->position(0), kSz);
  expect_invariants();
}

TEST_F(OrderManagerTest, PartialFillDuringPendingCancelSurvivesACancelRefusal) {
  const hl::Cloid c = rest(0, Side::kBid, kPx, 2 * kSz, 5).cloid;
  intents({cancel(0, Side::kBid)});
  const std::uint64_t id = out[0].request_id;
  om->on_user_fills(fills_msg({fill("BTC", *om->find(c), kSz, 10)}));
  EXPECT_EQ(om->find(c)->state, OrderState::kPendingCancel);
  respond(id, ok("cancel", {error_status("weird")}));
  EXPECT_EQ(om->find(c)->before_pending, OrderState::kPartiallyFilled);  // restored, then re-canceled
  EXPECT_EQ(om->find(c)->state, OrderState::kPendingCancel);
}

TEST_F(OrderManagerTest, OpenUpdateBeforeTheResponseAcksTheOrder) {
  intents({quote(0, Side::kBid, kPx, kSz)});
  const std::uint64_t id = out[0].request_id;
  const Order& o = *om->current_order(0, Side::kBid);
  const std::vector<hl::OrderUpdate> ups{update("BTC", o, "open", 42)};
  om->on_order_updates(ups, now);
  EXPECT_EQ(o.state, OrderState::kResting);
  EXPECT_EQ(o.oid, 42U);
  respond(id, ok("order", {resting(42)}));
  EXPECT_EQ(o.state, OrderState::kResting);
  EXPECT_TRUE(out.empty());
}

TEST_F(OrderManagerTest, CanceledUpdateBeforeCancelAck) {
  const hl::Cloid c = rest(0, Side::kBid, kPx, kSz, 5).cloid;
  intents({cancel(0, Side::kBid)});
  const std::uint64_t id = out[0].request_id;
  const std::vector<hl::OrderUpdate> ups{update("BTC", *om->find(c), "canceled")};
  om->on_order_updates(ups, now);
  EXPECT_EQ(om->find(c)->state, OrderState::kCanceled);
  respond(id, ok("cancel", {success()}));
  EXPECT_EQ(om->find(c)->state, OrderState::kCanceled);
  EXPECT_EQ(om->in_flight(), 0U);
}

TEST_F(OrderManagerTest, VenueCancelFreesTheSideAndTheQuoteIsReplaced) {
  const hl::Cloid c = rest(0, Side::kBid, kPx, kSz, 5).cloid;
  const std::vector<hl::OrderUpdate> ups{update("BTC", *om->find(c), "marginCanceled")};
  om->on_order_updates(ups, now);
  EXPECT_EQ(om->find(c)->state, OrderState::kCanceled);
  om->poll(now, out);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].kind, RequestKind::kOrder);
}

TEST_F(OrderManagerTest, RejectedUpdateAppliesTheReactionOnce) {
  intents({quote(0, Side::kBid, kPx, kSz)});
  const std::uint64_t id = out[0].request_id;
  const hl::Cloid c = om->current_order(0, Side::kBid)->cloid;
  const std::vector<hl::OrderUpdate> ups{update("BTC", *om->find(c), "badAloPxRejected")};
  om->on_order_updates(ups, now);
  EXPECT_EQ(om->find(c)->state, OrderState::kRejected);
  intents({quote(0, Side::kBid, kPx - 100, kSz)});  // the next intent, between the update and the response
  ASSERT_EQ(out.size(), 1U);
  respond(id, ok("order", {error_status("Post only order would have immediately matched, bbo was 1@2.")}));
  // The late response does not drop the newer quote.
  EXPECT_EQ(om->counters().errors, 1U);
  ASSERT_NE(om->current_order(0, Side::kBid), nullptr);
  EXPECT_EQ(om->current_order(0, Side::kBid)->price, kPx - 100);
}

TEST_F(OrderManagerTest, NonUserCancelByOid) {
  const hl::Cloid c = rest(1, Side::kBid, 3000, kSz, 555).cloid;
  const std::vector<hl::NonUserCancel> cs{{"ETH", 555}};
  om->on_non_user_cancels(cs);
  EXPECT_EQ(om->find(c)->state, OrderState::kCanceled);
  EXPECT_EQ(om->current_order(1, Side::kBid), nullptr);
}

TEST_F(OrderManagerTest, FillsAreDeduplicatedByTidAcrossSnapshotStreamAndUserEvents) {
  const Order& o = rest(0, Side::kBid, kPx, 5 * kSz, 5);
  om->on_user_fills(fills_msg({fill("BTC", o, kSz, 100), fill("BTC", o, kSz, 101)}));
  EXPECT_EQ(om->position(0), 2 * kSz);
  // Reconnect snapshot repeats them plus one missed fill.
  const auto& applied = om->on_user_fills(fills_msg({fill("BTC", o, kSz, 100), fill("BTC", o, kSz, 101),
                                                     fill("BTC", o, kSz, 102)}, true));
  ASSERT_EQ(applied.size(), 1U);
  EXPECT_EQ(applied[0].tid, 102U);
  EXPECT_EQ(om->position(0), 3 * kSz);
  hl::UserEvent ev;
  ev.fills = {fill("BTC", o, kSz, 102)};
  om->on_user_event(ev, now);
  EXPECT_EQ(om->position(0), 3 * kSz);
  EXPECT_EQ(om->counters().fills_duplicate, 3U);
  EXPECT_EQ(o.filled, 3 * kSz);
}

TEST_F(OrderManagerTest, PositionsFromClearinghouseAndOnlyNewerFills) {
  hl::ClearinghouseState st;
  st.positions = {{"ETH", -7 * kSz, std::nullopt, 0}};
  st.time_ms = 5'000;
  om->set_positions(st);
  EXPECT_EQ(om->position(1), -7 * kSz);
  hl::UserFill old_fill;
  old_fill.coin = "ETH";
  old_fill.size = kSz;
  old_fill.is_buy = true;
  old_fill.time_ms = 4'999;
  old_fill.tid = 1;
  hl::UserFill new_fill = old_fill;
  new_fill.time_ms = 5'001;
  new_fill.tid = 2;
  hl::UserFill other = new_fill;
  other.coin = "DOGE";
  other.tid = 3;
  om->on_user_fills(fills_msg({old_fill, new_fill, other}, true));
  EXPECT_EQ(om->position(1), -6 * kSz);
  EXPECT_EQ(om->counters().fills_before_baseline, 1U);
  EXPECT_EQ(om->counters().fills_unknown_coin, 1U);
}

TEST_F(OrderManagerTest, LostRequestAssumesTheOrderLivesAndCancelsTheReplacedOne) {
  const hl::Cloid old = rest(0, Side::kBid, kPx, kSz, 5).cloid;
  intents({quote(0, Side::kBid, kPx - 100, kSz)});
  const std::uint64_t id = out[0].request_id;
  const hl::Cloid repl = om->current_order(0, Side::kBid)->cloid;
  om->on_request_lost(id, now);
  EXPECT_EQ(om->find(repl)->state, OrderState::kResting);
  EXPECT_EQ(om->find(old)->state, OrderState::kResting);
  expect_invariants();
  om->poll(now, out);
  ASSERT_EQ(out.size(), 1U);
  const auto& a = std::get<hl::CancelByCloidAction>(out[0].action);
  ASSERT_EQ(a.cancels.size(), 1U);
  EXPECT_EQ(a.cancels[0].cloid, old);
  respond(out[0].request_id, ok("cancel", {error_status("Order was never placed, already canceled, or filled.")}));
  EXPECT_EQ(om->find(old)->state, OrderState::kCanceled);
  EXPECT_EQ(om->current_order(0, Side::kBid)->cloid, repl);
  expect_invariants();
}

TEST_F(OrderManagerTest, OrderFoundOpenAfterWeGaveUpIsCanceledAsOrphan) {
  intents({quote(0, Side::kBid, kPx, kSz)});
  const hl::Cloid lost = om->current_order(0, Side::kBid)->cloid;
  respond(out[0].request_id, ok("order", {error_status("A brand new venue complaint")}));
  intents({quote(0, Side::kBid, kPx - 100, kSz)});
  respond(out[0].request_id, ok("order", {resting(9)}));
  // The venue says the first one rests after all.
  const std::vector<hl::OrderUpdate> ups{update("BTC", *om->find(lost), "open", 8)};
  om->on_order_updates(ups, now);
  expect_invariants();
  om->poll(now, out);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(std::get<hl::CancelByCloidAction>(out[0].action).cancels[0].cloid, lost);
  EXPECT_EQ(om->counters().orphans_canceled, 1U);
}

TEST_F(OrderManagerTest, MismatchedStatusCountMarksPlacementsFailed) {
  intents({quote(0, Side::kBid, kPx, kSz), quote(0, Side::kAsk, kPx + 100, kSz)});
  respond(out[0].request_id, ok("order", {resting(1), resting(2), resting(3)}));
  EXPECT_EQ(om->counters().responses_mismatched, 1U);
  EXPECT_EQ(om->live_orders().size(), 2U);  // re-placed: the quotes still stand
  expect_invariants();
}

TEST_F(OrderManagerTest, ResponseForUnknownRequestIsCounted) {
  respond(12345, ok("order", {resting(1)}));
  EXPECT_EQ(om->counters().responses_unknown, 1U);
}

TEST_F(OrderManagerTest, LowAddressBudgetPausesPlacingButNotCancels) {
  rest(0, Side::kBid, kPx, kSz, 5);
  om->budget().sync(9'900, 10'000);  // 100 left < the 500 reserve
  intents({quote(1, Side::kBid, 3000, kSz), cancel(0, Side::kBid)});
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].kind, RequestKind::kCancel);
  EXPECT_EQ(om->counters().blocked_by_budget, 1U);
  EXPECT_EQ(log.count("rate budget low"), 1);
  // Volume traded restores it: 1 request per USDC. 1000 USDC of fills → cap 11000.
  hl::UserFill f;
  f.coin = "ETH";
  f.price = 1000 * kPriceScale;
  f.size = kSizeScale;  // 1 coin at 1000 = 1000 USDC
  f.is_buy = true;
  f.tid = 77;
  om->on_user_fills(fills_msg({f}));
  EXPECT_EQ(om->budget().address_cap(), 11'000);
  om->poll(now, out);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].kind, RequestKind::kOrder);
}

class DeadManOrderTest : public OrderManagerTest {
 protected:
  void SetUp() override { om = std::make_unique<OrderManager>(config(true), nonces, log.logger); }
};

TEST_F(DeadManOrderTest, ArmedWhileQuotingReArmedAtTheFractionDisarmedOnShutdown) {
  om->poll(now, out);
  EXPECT_TRUE(out.empty());  // nothing to protect yet
  rest(0, Side::kBid, kPx, kSz, 5);
  om->poll(now, out);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].kind, RequestKind::kScheduleCancel);
  const std::uint64_t now_ms = now / 1'000'000;
  EXPECT_EQ(std::get<hl::ScheduleCancelAction>(out[0].action).time, now_ms + 15'000);
  respond(out[0].request_id, ok("default", {}));
  now += 7'499'000'000ULL;
  om->poll(now, out);
  EXPECT_TRUE(out.empty());
  now += 1'000'000ULL;  // 7.5 s = half of the 15 s deadline
  om->poll(now, out);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(std::get<hl::ScheduleCancelAction>(out[0].action).time, now / 1'000'000 + 15'000);
  respond(out[0].request_id, ok("default", {}));

  om->shutdown(now, out);
  ASSERT_EQ(out.size(), 1U);  // the cancel first; the disarm waits until nothing can rest
  EXPECT_EQ(out[0].kind, RequestKind::kCancel);
  EXPECT_FALSE(om->shutdown_complete());
  respond(out[0].request_id, ok("cancel", {success()}));
  EXPECT_TRUE(om->shutdown_complete());
  om->poll(now, out);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].kind, RequestKind::kScheduleCancel);
  EXPECT_FALSE(std::get<hl::ScheduleCancelAction>(out[0].action).time.has_value());
  EXPECT_FALSE(om->dead_man().armed());
  om->poll(now, out);
  EXPECT_TRUE(out.empty());  // disarmed once
}

TEST_F(DeadManOrderTest, RefusedArmIsRetriedOnTheNextPoll) {
  rest(0, Side::kBid, kPx, kSz, 5);
  om->poll(now, out);
  ASSERT_EQ(out.size(), 1U);
  respond(out[0].request_id, err("some refusal"));
  EXPECT_FALSE(om->dead_man().armed());
  om->poll(now, out);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].kind, RequestKind::kScheduleCancel);
}

TEST_F(DeadManOrderTest, ScheduledCancelUpdatesCountTriggers) {
  const hl::Cloid c = rest(0, Side::kBid, kPx, kSz, 5).cloid;
  const std::vector<hl::OrderUpdate> ups{update("BTC", *om->find(c), "scheduledCancel")};
  om->on_order_updates(ups, now);
  EXPECT_EQ(om->find(c)->state, OrderState::kCanceled);
  EXPECT_EQ(om->dead_man().triggers_today(), 1U);
}

// ---- taker orders (a strategy's IOC beside the quotes) ----------------------------------------

TEST_F(OrderManagerTest, TakerOrderIsAnIocBesideTheQuoteAndItsFillMovesThePosition) {
  const hl::Cloid quote_cloid = rest(0, Side::kBid, kPx, kSz, 5).cloid;
  const TakerPlacement p = om->place_taker(0, Side::kAsk, kPx - 500, 3 * kSz, true, now, out);
  ASSERT_EQ(p.refusal, TakerRefusal::kNone);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].request_id, p.request_id);
  const hl::OrderWire& w = std::get<hl::OrderAction>(out[0].action).orders.at(0);
  EXPECT_EQ(std::get<hl::LimitOrderType>(w.type).tif, hl::Tif::kIoc);
  EXPECT_TRUE(w.reduce_only);
  EXPECT_FALSE(w.is_buy);
  EXPECT_EQ(w.cloid, p.cloid);
  EXPECT_NE(p.cloid, quote_cloid);
  EXPECT_EQ(om->current_order(0, Side::kAsk), nullptr);  // no side owns it
  EXPECT_EQ(om->current_order(0, Side::kBid)->cloid, quote_cloid);
  expect_invariants();
  respond(p.request_id, ok("order", {filled_status(77, 2 * kSz, kPx - 400)}));
  EXPECT_TRUE(out.empty());  // nothing for the quotes to do
  EXPECT_EQ(om->find(p.cloid)->state, OrderState::kFilled);
  om->on_user_fills(fills_msg({fill("BTC", *om->find(p.cloid), 2 * kSz, 900, 2, 77)}));
  EXPECT_EQ(om->position(0), -2 * kSz);
  EXPECT_EQ(om->counters().taker_orders, 1U);
  EXPECT_EQ(om->current_order(0, Side::kBid)->state, OrderState::kResting);
  expect_invariants();
}

TEST_F(OrderManagerTest, TakerRefusalLeavesTheQuotesAlone) {
  intents({quote(0, Side::kBid, kPx, kSz)});
  const std::uint64_t quote_request = out[0].request_id;
  const TakerPlacement p = om->place_taker(0, Side::kBid, kPx, kSz, false, now, out);
  respond(p.request_id, ok("order", {error_status("Order could not immediately match against any resting orders. asset=0")}));
  EXPECT_TRUE(is_terminal(om->find(p.cloid)->state));
  EXPECT_TRUE(out.empty());
  // A refusal that would drop or disable a quote does nothing to the side for a taker.
  const TakerPlacement q = om->place_taker(0, Side::kBid, kPx + 1, kSz, false, now, out);
  respond(q.request_id, ok("order", {error_status("Price must be divisible by tick size. asset=0")}));
  EXPECT_FALSE(om->asset_disabled(0));
  respond(quote_request, ok("order", {resting(5)}));
  EXPECT_EQ(om->current_order(0, Side::kBid)->state, OrderState::kResting);
  expect_invariants();
}

TEST_F(OrderManagerTest, TakerReportedRestingIsCanceledAsAnOrphan) {
  const TakerPlacement p = om->place_taker(1, Side::kBid, kPx, kSz, false, now, out);
  respond(p.request_id, ok("order", {resting(42)}));
  EXPECT_EQ(om->current_order(1, Side::kBid), nullptr);  // never adopted as a quote
  ASSERT_EQ(out.size(), 1U);  // the answer's flush sends the cancel
  EXPECT_EQ(std::get<hl::CancelByCloidAction>(out[0].action).cancels.at(0).cloid, p.cloid);
  EXPECT_EQ(om->counters().orphans_canceled, 1U);
}

TEST_F(OrderManagerTest, LostTakerIsDoneAndALateFillStillCounts) {
  const TakerPlacement p = om->place_taker(1, Side::kBid, kPx, kSz, false, now, out);
  om->on_request_lost(p.request_id, now);
  EXPECT_EQ(om->find(p.cloid)->state, OrderState::kFailed);
  EXPECT_TRUE(om->shutdown_complete());  // nothing of ours can rest
  om->on_user_fills(fills_msg({fill("ETH", *om->find(p.cloid), kSz, 901, 3, 50)}));
  EXPECT_EQ(om->position(1), kSz);
  expect_invariants();
}

TEST_F(OrderManagerTest, TakerRefusedForItsNonceIsResentUnderTheSameRequest) {
  const TakerPlacement p = om->place_taker(0, Side::kBid, kPx, kSz, false, now, out);
  respond(p.request_id, err("Invalid nonce: duplicate nonce 5"));
  ASSERT_EQ(out.size(), 1U);  // the same order, once more
  EXPECT_EQ(out[0].request_id, p.request_id);
  EXPECT_TRUE(om->awaiting(p.request_id));
  respond(p.request_id, ok("order", {filled_status(3, kSz, kPx)}));
  EXPECT_FALSE(om->awaiting(p.request_id));
  EXPECT_EQ(om->find(p.cloid)->state, OrderState::kFilled);
}

TEST_F(OrderManagerTest, TakerRefusedBeforeSending) {
  EXPECT_EQ(om->place_taker(7, Side::kBid, kPx, kSz, false, now, out).refusal, TakerRefusal::kUnknownSlot);
  EXPECT_EQ(om->place_taker(0, Side::kBid, 0, kSz, false, now, out).refusal, TakerRefusal::kBadOrder);
  EXPECT_EQ(om->place_taker(0, Side::kBid, kPx, 0, false, now, out).refusal, TakerRefusal::kBadOrder);
  om->shutdown(now, out);
  EXPECT_EQ(om->place_taker(0, Side::kBid, kPx, kSz, false, now, out).refusal, TakerRefusal::kShuttingDown);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(om->counters().taker_orders, 0U);
}

TEST_F(OrderManagerTest, ReconcileAfterReconnectClosesOrdersTheVenueNoLongerHolds) {
  const Order bid = rest(0, Side::kBid, kPx, kSz, 501);
  const Order ask = rest(0, Side::kAsk, kPx + 100, kSz, 502);
  // While we were away the venue's scheduled cancel removed the bid; the ask is still open.
  hl::OpenOrder still{"BTC", false, kPx + 100, kSz, 502, 0, ask.cloid};
  const std::vector<hl::OpenOrder> open{still};
  const OrderManager::ReconcileScope asked = om->reconcile_scope();
  // An order that comes to rest after the question (the manager polls while the answer is on
  // its way) may have reached the book after the answer was made: the answer cannot close it.
  const Order late = rest(1, Side::kBid, kPx, kSz, 503);
  EXPECT_EQ(om->reconcile_open_orders(open, asked), 1U);
  EXPECT_EQ(om->find(late.cloid)->state, OrderState::kResting);
  EXPECT_EQ(om->find(bid.cloid)->state, OrderState::kCanceled);
  EXPECT_EQ(om->current_order(0, Side::kBid), nullptr);
  ASSERT_NE(om->current_order(0, Side::kAsk), nullptr);
  EXPECT_EQ(om->current_order(0, Side::kAsk)->state, OrderState::kResting);
  // The bid side quotes afresh: a new order, not a modify of the order that is gone.
  intents({quote(0, Side::kBid, kPx, kSz)});
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].kind, RequestKind::kOrder);
  EXPECT_EQ(om->reconcile_open_orders(open, om->reconcile_scope()), 1U) << "asked again, the late order is gone";
  EXPECT_EQ(om->find(late.cloid)->state, OrderState::kCanceled);
  EXPECT_EQ(om->reconcile_open_orders(open, om->reconcile_scope()), 0U) << "orders in flight are left to their answers";
  expect_invariants();
}

}  // namespace
}  // namespace hlmm::orders
