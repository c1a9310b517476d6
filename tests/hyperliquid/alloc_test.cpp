// The order path's steady state does not touch the heap: once an L1RequestBuilder's buffers have
// grown, signing another order allocates nothing. Its own executable because it links the
// allocation counter (tests/support/alloc_counter.hpp).
#include <gtest/gtest.h>

#include "alloc_counter.hpp"
#include "hyperliquid/exchange.hpp"

namespace hlmm::hl {
namespace {

TEST(OrderPath, SigningAnotherOrderDoesNotAllocate) {
  const PrivateKey key = PrivateKey::from_hex("0x0123456789012345678901234567890123456789012345678901234567890123");
  OrderWire o{.asset = 0, .is_buy = true, .price = 9'512'300'000'000, .size = 1'230'000, .reduce_only = false,
              .type = LimitOrderType{Tif::kAlo}, .cloid = Cloid::parse("0x0000000000000000000000000000abcd")};
  const L1Action action = OrderAction{.orders = {o, o}, .grouping = GroupingKind::kNa, .builder = std::nullopt};
  L1Envelope env{.nonce = 1'700'000'000'000, .vault = Address::parse("0x1719884eb866cb12b2287399b15f7db5e7d775ea"),
                 .expires_after = 1'700'000'060'000, .is_mainnet = true};
  L1RequestBuilder builder;
  const std::string first = builder.build(key, action, env);  // grows the buffers, builds statics
  const long before = hlmm::test::allocations();
  std::size_t total = 0;
  for (int i = 0; i < 100; ++i) {
    ++env.nonce;
    total += builder.build(key, action, env).size();
  }
  EXPECT_EQ(hlmm::test::allocations() - before, 0);
  EXPECT_GT(total, 100 * first.size() - 100);  // the work was done
}

}  // namespace
}  // namespace hlmm::hl
