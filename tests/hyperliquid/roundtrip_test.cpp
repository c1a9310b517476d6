// Randomised round trips: typed action -> JSON -> parsed action must give the same msgpack bytes
// (the JSON reader and both writers agree), and msgpack-cxx must decode every encoding and
// re-pack it to identical bytes (every value in its smallest form).
#include <gtest/gtest.h>
#include <msgpack.hpp>

#include <random>

#include "hyperliquid/action_json.hpp"
#include "hyperliquid/actions.hpp"
#include "test_util.hpp"

namespace hlmm::hl {
namespace {

class Gen {
 public:
  explicit Gen(std::uint64_t seed) : rng_(seed) {}

  std::uint64_t u(std::uint64_t max) { return std::uniform_int_distribution<std::uint64_t>(0, max)(rng_); }
  bool coin() { return u(1) == 1; }

  // Integers across every msgpack width, so each encoding boundary is exercised.
  std::uint64_t wide(std::uint64_t max) {
    static constexpr std::uint64_t kEdges[] = {0, 1, 127, 128, 255, 256, 65535, 65536, 4294967295ULL, 4294967296ULL};
    if (coin()) {
      const std::uint64_t e = kEdges[u(std::size(kEdges) - 1)];
      return e <= max ? e : max;
    }
    return u(max);
  }

  Cloid cloid() {
    Cloid c;
    for (auto& b : c.bytes) b = static_cast<std::uint8_t>(u(255));
    return c;
  }

  OrderWire order() {
    OrderWire o;
    o.asset = static_cast<std::uint32_t>(wide(200'000'000));
    o.is_buy = coin();
    o.price = static_cast<Price>(wide(9'000'000'000'000'000));
    o.size = static_cast<Size>(wide(9'000'000'000'000'000));
    o.reduce_only = coin();
    if (coin()) {
      o.type = LimitOrderType{static_cast<Tif>(u(2))};
    } else {
      o.type = TriggerOrderType{.is_market = coin(), .trigger_px = static_cast<Price>(wide(1'000'000'000'000)),
                                .tpsl = coin() ? Tpsl::kTp : Tpsl::kSl};
    }
    if (coin()) o.cloid = cloid();
    return o;
  }

  OidOrCloid oid() { return coin() ? OidOrCloid{cloid()} : OidOrCloid{wide(UINT64_MAX)}; }

  L1Action action() {
    switch (u(8)) {
      case 0: {
        OrderAction a;
        const auto n = 1 + u(coin() ? 3 : 20);  // sometimes past 15 for array16
        for (std::uint64_t i = 0; i < n; ++i) a.orders.push_back(order());
        const auto g = u(3);
        a.grouping = g == 3 ? Grouping{PriorityGrouping{wide(UINT64_MAX)}} : Grouping{static_cast<GroupingKind>(g)};
        if (coin()) {
          BuilderFee b;
          for (auto& x : b.builder.bytes) x = static_cast<std::uint8_t>(u(255));
          b.fee = wide(1000);
          a.builder = b;
        }
        return a;
      }
      case 1: {
        CancelAction a;
        for (std::uint64_t i = 0, n = 1 + u(17); i < n; ++i)
          a.cancels.push_back({static_cast<std::uint32_t>(wide(UINT32_MAX)), wide(UINT64_MAX)});
        a.fast = coin();
        return a;
      }
      case 2: {
        CancelByCloidAction a;
        for (std::uint64_t i = 0, n = 1 + u(3); i < n; ++i)
          a.cancels.push_back({static_cast<std::uint32_t>(wide(UINT32_MAX)), cloid()});
        a.fast = coin();
        return a;
      }
      case 3: return ModifyAction{.oid = oid(), .order = order(), .always_place = coin()};
      case 4: {
        BatchModifyAction a;
        for (std::uint64_t i = 0, n = 1 + u(3); i < n; ++i) a.modifies.push_back({oid(), order()});
        a.always_place = coin();
        return a;
      }
      case 5: return coin() ? ScheduleCancelAction{} : ScheduleCancelAction{wide(UINT64_MAX)};
      case 6:
        return UpdateLeverageAction{static_cast<std::uint32_t>(wide(UINT32_MAX)), coin(),
                                    static_cast<std::uint32_t>(1 + wide(UINT32_MAX - 1))};
      case 7: {
        const auto mag = static_cast<std::int64_t>(wide(INT64_MAX));
        return UpdateIsolatedMarginAction{static_cast<std::uint32_t>(wide(UINT32_MAX)), coin(), coin() ? -mag : mag};
      }
      default: return NoopAction{};
    }
  }

 private:
  std::mt19937_64 rng_;
};

TEST(RoundTrip, RandomActionsThroughJsonAndMsgpackCxx) {
  Gen gen(20261123);
  for (int i = 0; i < 3000; ++i) {
    const L1Action a = gen.action();
    const std::vector<std::uint8_t> bytes = encode_msgpack(a);
    for (const JsonStyle style : {JsonStyle::kPython, JsonStyle::kCompact}) {
      std::string json;
      encode_json(a, json, style);
      SCOPED_TRACE(json);
      L1Action back;
      ASSERT_NO_THROW(back = parse_l1_action_json(json));
      ASSERT_EQ(encode_msgpack(back), bytes);
    }
    std::size_t off = 0;
    msgpack::object_handle h = msgpack::unpack(reinterpret_cast<const char*>(bytes.data()), bytes.size(), off);
    ASSERT_EQ(off, bytes.size());
    msgpack::sbuffer sb;
    msgpack::pack(sb, h.get());
    ASSERT_EQ(std::vector<std::uint8_t>(sb.data(), sb.data() + sb.size()), bytes) << "iteration " << i;
  }
}

}  // namespace
}  // namespace hlmm::hl
