// Cost of the order manager on the order path: a batch of quote intents → the fewest actions
// (here one batchModify for four resting orders) → the answer matched back; and the same followed
// by signing every action into its /exchange body, which is the intents → signed bytes leg of the
// turnaround. Build: cmake --build build/<dir> --target hlmm_orders_bench; run build/<dir>/tests/orders/hlmm_orders_bench
#include <benchmark/benchmark.h>

#include <vector>

#include "hyperliquid/exchange.hpp"
#include "hyperliquid/private_key.hpp"
#include "orders/order_manager.hpp"

namespace {

using namespace hlmm;
using namespace hlmm::orders;

// A throwaway test key (the official SDK test vector key), never a real account.
constexpr const char* kBenchKey = "0x0123456789012345678901234567890123456789012345678901234567890123";

struct Rig {
  std::uint64_t clock_ms = 1'700'000'000'000;
  NonceSource nonces{"", [this] { return clock_ms; }};
  OrderManager om;
  ActionBatch out, follow;
  hl::ExchangeResponse resp;
  std::vector<QuoteIntent> intents = std::vector<QuoteIntent>(4);
  std::uint64_t now = 1'700'000'000'000'000'000ULL;
  std::uint64_t oid = 1;
  int round = 0;

  static OrderManagerConfig config() {
    OrderManagerConfig c;
    c.assets = {{0, 0, "BTC"}, {1, 1, "ETH"}};
    c.cloid_session = 7;
    c.dead_man.enabled = false;
    // The benchmark measures the manager, not the venue's limits.
    c.budget.ip_capacity = 1'000'000'000;
    return c;
  }
  Rig() : om(config(), nonces) {
    resp.ok = true;
    resp.statuses.reserve(8);
    om.budget().sync(0, 1'000'000'000'000);
  }
  const ActionBatch& quote_round() {
    const Price base = (50'000 + (round++ % 50)) * kPriceScale;
    intents[0] = QuoteIntent{IntentKind::kQuote, 0, Side::kBid, Reason::kNone, 0, base - kPriceScale, 1'000'000, 0};
    intents[1] = QuoteIntent{IntentKind::kQuote, 0, Side::kAsk, Reason::kNone, 0, base + kPriceScale, 1'000'000, 0};
    intents[2] = QuoteIntent{IntentKind::kQuote, 1, Side::kBid, Reason::kNone, 0, base / 20 - 2 * kPriceScale, 1'000'000, 0};
    intents[3] = QuoteIntent{IntentKind::kQuote, 1, Side::kAsk, Reason::kNone, 0, base / 20 + 2 * kPriceScale, 1'000'000, 0};
    now += 1'000'000;
    om.on_intents(intents, now, out);
    return out;
  }
  void answer(const ActionBatch& batch) {
    for (const auto& r : batch) {
      resp.statuses.clear();
      for (std::uint32_t k = 0; k < r.items; ++k) {
        hl::OrderStatus st;
        st.kind = hl::OrderStatusKind::kResting;
        st.oid = oid++;
        resp.statuses.push_back(st);
      }
      om.on_response(r.request_id, resp, now, follow);
    }
  }
};

void BM_IntentsToActions(benchmark::State& state) {
  Rig rig;
  for (int i = 0; i < 100; ++i) rig.answer(rig.quote_round());
  std::size_t actions = 0;
  for (auto _ : state) {
    const ActionBatch& b = rig.quote_round();
    actions += b.size();
    rig.answer(b);
  }
  state.counters["actions_per_round"] = benchmark::Counter(static_cast<double>(actions) / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_IntentsToActions)->Unit(benchmark::kNanosecond);

void BM_IntentsToSignedBodies(benchmark::State& state) {
  Rig rig;
  const hl::PrivateKey key = hl::PrivateKey::from_hex(kBenchKey);
  hl::L1RequestBuilder builder;
  hl::L1Envelope env;
  for (int i = 0; i < 100; ++i) rig.answer(rig.quote_round());
  std::size_t bytes = 0;
  for (auto _ : state) {
    const ActionBatch& b = rig.quote_round();
    for (const auto& r : b) {
      env.nonce = r.nonce;
      bytes += builder.build(key, r.action, env).size();
    }
    rig.answer(b);
  }
  benchmark::DoNotOptimize(bytes);
}
BENCHMARK(BM_IntentsToSignedBodies)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
