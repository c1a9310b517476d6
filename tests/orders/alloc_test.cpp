// The order path's steady state does not touch the heap: once warmed up, a stream of quote
// intents → modifies → responses allocates nothing. Its own executable because it links the
// allocation counter (tests/support/alloc_counter.hpp).
#include <gtest/gtest.h>

#include "alloc_counter.hpp"
#include "orders/order_manager.hpp"

namespace hlmm::orders {
namespace {

TEST(OrdersHotPath, SteadyQuotingDoesNotAllocate) {
  std::uint64_t clock_ms = 1'700'000'000'000;
  NonceSource nonces("", [&] { return clock_ms; });
  OrderManagerConfig cfg;
  cfg.assets = {{0, 0, "BTC"}, {1, 1, "ETH"}};
  cfg.cloid_session = 42;
  cfg.dead_man.enabled = false;
  OrderManager om(cfg, nonces);
  ActionBatch out;
  std::uint64_t now = 1'700'000'000'000'000'000ULL;
  std::uint64_t oid = 1;
  hl::ExchangeResponse resp;
  resp.ok = true;
  resp.statuses.reserve(8);
  std::vector<QuoteIntent> intents(4);

  const auto round = [&](int i) {
    const Price base = (50'000 + (i % 50)) * kPriceScale;
    intents[0] = QuoteIntent{IntentKind::kQuote, 0, Side::kBid, Reason::kNone, 0, base - kPriceScale, 1'000'000, 0};
    intents[1] = QuoteIntent{IntentKind::kQuote, 0, Side::kAsk, Reason::kNone, 0, base + kPriceScale, 1'000'000, 0};
    intents[2] = QuoteIntent{IntentKind::kQuote, 1, Side::kBid, Reason::kNone, 0, base / 20 - kPriceScale, 1'000'000, 0};
    intents[3] = QuoteIntent{IntentKind::kQuote, 1, Side::kAsk, Reason::kNone, 0, base / 20 + kPriceScale, 1'000'000, 0};
    now += 100'000'000;  // 10 rounds a second: inside the venue's 1200 weight per minute
    om.on_intents(intents, now, out);
    std::size_t actions = out.size();
    for (std::size_t r = 0; r < out.size(); ++r) {
      resp.statuses.clear();
      for (std::uint32_t k = 0; k < out[r].items; ++k) {
        hl::OrderStatus st;
        st.kind = hl::OrderStatusKind::kResting;
        st.oid = oid++;
        resp.statuses.push_back(st);
      }
      ActionBatch follow;
      om.on_response(out[r].request_id, resp, now, follow);
      actions += follow.size();
    }
    return actions;
  };
  for (int i = 0; i < 200; ++i) round(i);  // warm up: every slot and vector at its size
  const long before = hlmm::test::allocations();
  std::size_t actions = 0;
  for (int i = 200; i < 1'200; ++i) actions += round(i);
  EXPECT_EQ(hlmm::test::allocations() - before, 0);
  EXPECT_GE(actions, 1'000U);  // the work was done: a batchModify per round
  EXPECT_EQ(om.check_invariants(), "");
  EXPECT_EQ(om.counters().blocked_by_budget, 0U);
}

}  // namespace
}  // namespace hlmm::orders
