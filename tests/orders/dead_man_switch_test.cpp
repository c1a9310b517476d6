// scheduleCancel keeper: venue minimum, re-arm timing, trigger counting.
#include <gtest/gtest.h>

#include "orders/dead_man_switch.hpp"

namespace hlmm::orders {
namespace {

TEST(DeadManSwitch, RefusesADeadlineBelowTheVenueMinimumPlusMargin) {
  EXPECT_THROW(DeadManSwitch(DeadManConfig{true, 5'000, 1'000, 500}), DeadManConfigError);
  EXPECT_THROW(DeadManSwitch(DeadManConfig{true, 5'999, 1'000, 500}), DeadManConfigError);
  EXPECT_NO_THROW(DeadManSwitch(DeadManConfig{true, 6'000, 1'000, 500}));
  EXPECT_THROW(DeadManSwitch(DeadManConfig{true, 20'000, 1'000, 0}), DeadManConfigError);
  EXPECT_THROW(DeadManSwitch(DeadManConfig{true, 20'000, 1'000, 1'000}), DeadManConfigError);
}

TEST(DeadManSwitch, ReArmsAtTheConfiguredFraction) {
  DeadManSwitch d(DeadManConfig{true, 20'000, 1'000, 250});
  EXPECT_FALSE(d.due(1'000, false).has_value());  // not quoting: nothing to protect
  ASSERT_EQ(d.due(1'000, true), 21'000U);
  d.on_sent(1'000, 21'000);
  EXPECT_TRUE(d.armed());
  EXPECT_FALSE(d.due(5'999, true).has_value());
  EXPECT_EQ(d.due(6'000, true), 26'000U);  // 25 % of 20 s after the last arm
}

TEST(DeadManSwitch, DisabledNeverArms) {
  DeadManSwitch d(DeadManConfig{false, 20'000, 1'000, 500});
  EXPECT_FALSE(d.due(1'000, true).has_value());
}

TEST(DeadManSwitch, TriggersAreCountedPerUtcDay) {
  DeadManSwitch d(DeadManConfig{});
  const std::uint64_t day = 86'400'000;
  d.on_triggered(10 * day + 1'000);
  d.on_triggered(10 * day + 1'200);  // same trigger, several orders
  EXPECT_EQ(d.triggers_today(), 1U);
  d.on_triggered(10 * day + 60'000);
  EXPECT_EQ(d.triggers_today(), 2U);
  d.on_triggered(11 * day + 5);  // 00:00 UTC reset
  EXPECT_EQ(d.triggers_today(), 1U);
  EXPECT_FALSE(d.armed());
}

}  // namespace
}  // namespace hlmm::orders
