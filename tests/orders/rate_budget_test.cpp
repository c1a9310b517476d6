// The address and IP budgets: counting, the cancel headroom, the low-water pause and its log
// lines, and what restores it.
#include <gtest/gtest.h>

#include "orders/rate_budget.hpp"
#include "test_util.hpp"

namespace hlmm::orders {
namespace {

using testing::CapturedLog;
constexpr std::uint64_t kS = 1'000'000'000ULL;

TEST(RateBudget, IpWeightIsOnePlusFloorNOver40) {
  EXPECT_EQ(RateBudget::ip_weight(1), 1);
  EXPECT_EQ(RateBudget::ip_weight(39), 1);
  EXPECT_EQ(RateBudget::ip_weight(40), 2);
  EXPECT_EQ(RateBudget::ip_weight(79), 2);
  EXPECT_EQ(RateBudget::ip_weight(80), 3);
}

TEST(RateBudget, BatchOfNCountsNAgainstTheAddress) {
  RateBudget b;
  b.consume(RequestClass::kPlace, 25, 0);
  EXPECT_EQ(b.address_used(), 25);
  EXPECT_EQ(b.ip_tokens(0), 1199);
}

TEST(RateBudget, CancelsHaveTheHigherCap) {
  CapturedLog log;
  RateBudget b({}, log.logger);
  b.sync(10'000, 10'000);
  EXPECT_EQ(b.cancel_cap(), 20'000);  // min(cap + 100000, 2 cap)
  EXPECT_FALSE(b.allows(RequestClass::kPlace, 1, 0));
  EXPECT_TRUE(b.allows(RequestClass::kCancel, 1, 0));
  b.sync(0, 1'000'000);
  EXPECT_EQ(b.cancel_cap(), 1'100'000);
}

TEST(RateBudget, VolumeRaisesTheCapOnePerUsdc) {
  RateBudget b;
  b.on_fill_notional(static_cast<arith::i128>(2'500 * kPriceScale) * (kSizeScale / 2));  // $1250
  EXPECT_EQ(b.address_cap(), 11'250);
  b.on_fill_notional(static_cast<arith::i128>(kPriceScale / 2) * kSizeScale);  // $0.5: carried
  EXPECT_EQ(b.address_cap(), 11'250);
  b.on_fill_notional(static_cast<arith::i128>(kPriceScale / 2) * kSizeScale);
  EXPECT_EQ(b.address_cap(), 11'251);
}

TEST(RateBudget, IpBucketDrainsAndRefillsPerMinute) {
  CapturedLog log;
  RateBudget b({}, log.logger);
  std::uint64_t t = 100 * kS;
  int sent = 0;
  while (b.allows(RequestClass::kPlace, 1, t)) {
    b.consume(RequestClass::kPlace, 1, t);
    ++sent;
  }
  EXPECT_EQ(sent, 1200 - 100);  // the reserve is kept for cancels
  EXPECT_TRUE(b.allows(RequestClass::kCancel, 1, t));
  EXPECT_EQ(log.count("rate budget low"), 1);
  EXPECT_TRUE(b.placing_paused(t));
  t += 30 * kS;  // 600 weight back
  EXPECT_EQ(b.ip_tokens(t), 700);
  EXPECT_FALSE(b.placing_paused(t));
  EXPECT_EQ(log.count("rate budget restored"), 1);
}

TEST(RateBudget, VenueRateLimitAllowsOneCancelPerTenSeconds) {
  CapturedLog log;
  RateBudget b({}, log.logger);
  const std::uint64_t t = 1'000 * kS;
  b.on_venue_rate_limited(t);
  EXPECT_FALSE(b.allows(RequestClass::kPlace, 1, t + kS));
  EXPECT_FALSE(b.allows(RequestClass::kCancel, 1, t + kS));
  EXPECT_TRUE(b.allows(RequestClass::kCancel, 1, t + 10 * kS));
  EXPECT_EQ(log.count("venue limited: yes"), 1);
  // Only volume or a resync restores placing: the venue counted more than we did.
  EXPECT_TRUE(b.placing_paused(t + 60 * kS));
  b.sync(50, 20'000);
  EXPECT_FALSE(b.placing_paused(t + 60 * kS));
}

}  // namespace
}  // namespace hlmm::orders
