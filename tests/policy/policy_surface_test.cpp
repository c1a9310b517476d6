#include "policy/policy_surface.hpp"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace hlmm::policy {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// A small two-bin surface with a disabled side at each limit and assorted offsets.
PolicySurface sample_surface() {
  PolicySurface s;
  s.q_nodes = uniform_nodes(-0.1, 0.05, 5);
  s.f_nodes = uniform_nodes(-0.3, 0.15, 4);
  s.t_bins = 2;
  s.t_bin_seconds = 1800.0;
  s.resize_cells();
  for (int t = 0; t < 2; ++t) {
    for (int i = 0; i < 5; ++i) {
      for (int j = 0; j < 4; ++j) {
        const std::size_t c = s.index(t, i, j);
        s.bid[c] = i == 4 ? kInf : 1.0 + 0.123456789 * i + 0.01 * j + 0.5 * t;
        s.ask[c] = i == 0 ? kInf : 2.0 - 0.111111111 * i - 0.02 * j;
      }
    }
  }
  for (int i = 0; i < 5; ++i) s.size[static_cast<std::size_t>(i)] = 0.05;
  return s;
}

TEST(Reciprocal, ExactRoundingOfTwoToThe48) {
  EXPECT_EQ(grid_reciprocal_q48(1), std::int64_t{1} << 48);
  EXPECT_EQ(grid_reciprocal_q48(3), 93824992236885);     // 2^48/3 = 93824992236885.33
  EXPECT_EQ(grid_reciprocal_q48(5'000'000), 56294995);   // 56294995.342... rounds down
  EXPECT_EQ(grid_reciprocal_q48(7), 40210710958665);     // .142857 rounds down
  EXPECT_EQ(grid_reciprocal_q48(2'000'000'000'000), 141);  // 140.737... rounds up
  EXPECT_EQ(grid_reciprocal_q48(0), 0);
  // Every result is the nearest integer: |recip * step - 2^48| <= step / 2.
  for (std::int64_t step : {11LL, 12345LL, 99'999'989LL, 2'700'000'000'000LL}) {
    const std::int64_t err = grid_reciprocal_q48(step) * step - (std::int64_t{1} << 48);  // ~2^48: no overflow
    EXPECT_LE(err < 0 ? -err : err, step / 2) << step;
  }
}

TEST(Encode, FieldsAndRoundTripWithinOneStoredUnit) {
  const PolicySurface s = sample_surface();
  auto r = encode_policy_table(s, {.t0_ns = 123456789});
  ASSERT_TRUE(r.ok()) << r.error().message;
  const PolicyTable& t = r.value();
  EXPECT_EQ(t.q_levels, 5);
  EXPECT_EQ(t.f_bins, 4);
  EXPECT_EQ(t.t_bins, 2);
  EXPECT_EQ(t.offset_shift, 0);  // 2.5 USD = 2.5e8 units fits int32 unshifted
  EXPECT_EQ(t.q_min, -10'000'000);
  EXPECT_EQ(t.q_step, 5'000'000);
  EXPECT_EQ(t.q_step_recip_q48, grid_reciprocal_q48(5'000'000));
  EXPECT_EQ(t.f_min, -30'000'000);
  EXPECT_EQ(t.f_step, 15'000'000);
  EXPECT_EQ(t.t0_ns, 123456789u);
  EXPECT_EQ(t.t_bin_ns, 1'800'000'000'000u);
  EXPECT_EQ(t.t_bin_recip_q48, grid_reciprocal_q48(1'800'000'000'000));
  EXPECT_EQ(t.size_curve[0], 5'000'000);
  EXPECT_EQ(t.size_curve[5], 0);  // unused levels stay empty
  for (int tb = 0; tb < 2; ++tb) {
    for (int i = 0; i < 5; ++i) {
      for (int j = 0; j < 4; ++j) {
        const double unit = std::ldexp(1e-8, t.offset_shift);
        const PolicyCell cell = t.cells[tb][i][j];
        if (i == 4) {
          EXPECT_EQ(cell.bid_offset, kOffsetDisabled);
        } else {
          EXPECT_NEAR(decode_offset_usd(t, cell.bid_offset), s.bid_at(tb, i, j), unit);
        }
        if (i == 0) {
          EXPECT_EQ(cell.ask_offset, kOffsetDisabled);
        } else {
          EXPECT_NEAR(decode_offset_usd(t, cell.ask_offset), s.ask_at(tb, i, j), unit);
        }
      }
    }
  }
  EXPECT_EQ(t.cells[0][5][0].bid_offset, kOffsetDisabled);  // outside the grid: disabled
  EXPECT_EQ(t.cells[2][0][0].ask_offset, kOffsetDisabled);
  EXPECT_TRUE(std::isinf(decode_offset_usd(t, kOffsetDisabled)));
}

TEST(Encode, SmallestShiftThatFits) {
  PolicySurface s = sample_surface();
  s.bid[0] = 30.0;  // 3e9 units > INT32_MAX: needs one shift
  auto r = encode_policy_table(s);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().offset_shift, 1);
  EXPECT_NEAR(decode_offset_usd(r.value(), r.value().cells[0][0][0].bid_offset), 30.0, 2e-8);
  s.bid[0] = 21.47483647;  // exactly INT32_MAX units: still no shift
  EXPECT_EQ(encode_policy_table(s).value().offset_shift, 0);
  s.bid[0] = 21.47483648;  // one unit more
  EXPECT_EQ(encode_policy_table(s).value().offset_shift, 1);
  s.bid[0] = -100.0;  // negative offsets (quoting through the mid) are magnitudes too
  auto neg = encode_policy_table(s);
  ASSERT_TRUE(neg.ok());
  EXPECT_EQ(neg.value().offset_shift, 3);  // 1e10 / 8 = 1.25e9 fits, / 4 = 2.5e9 does not
  EXPECT_NEAR(decode_offset_usd(neg.value(), neg.value().cells[0][0][0].bid_offset), -100.0, 8e-8);
  s.bid[0] = 15000.0;  // 1.5e12 units: needs shift 10
  EXPECT_EQ(encode_policy_table(s).value().offset_shift, 10);
}

TEST(Encode, RollingTableHasNoTimeFields) {
  PolicySurface s = sample_surface();
  s.t_bins = 1;
  s.bid.resize(20);
  s.ask.resize(20);
  auto r = encode_policy_table(s);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().t_bin_ns, 0u);
  EXPECT_EQ(r.value().t_bin_recip_q48, 0);
}

TEST(Encode, SingleFundingBinHasZeroStep) {
  PolicySurface s = sample_surface();
  s.f_nodes = {0.25};
  s.t_bins = 1;
  s.resize_cells();
  auto r = encode_policy_table(s);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().f_min, 25'000'000);
  EXPECT_EQ(r.value().f_step, 0);
  EXPECT_EQ(r.value().f_step_recip_q48, 0);
}

PolicyErrorCode refusal(const PolicySurface& s) {
  auto r = encode_policy_table(s);
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(r.ok() ? true : r.error().message.empty());
  return r.ok() ? PolicyErrorCode::kIo : r.error().code;
}

TEST(Encode, RefusesEveryInvalidSurface) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  PolicySurface s = sample_surface();
  s.bid[3] = nan;
  EXPECT_EQ(refusal(s), PolicyErrorCode::kNotFinite);
  s = sample_surface();
  s.ask[5] = -kInf;
  EXPECT_EQ(refusal(s), PolicyErrorCode::kNotFinite);
  s = sample_surface();
  s.size[2] = -0.01;
  EXPECT_EQ(refusal(s), PolicyErrorCode::kNegativeSize);
  s = sample_surface();
  s.size[2] = nan;
  EXPECT_EQ(refusal(s), PolicyErrorCode::kNotFinite);
  s = sample_surface();
  s.q_nodes[2] += 0.001;
  EXPECT_EQ(refusal(s), PolicyErrorCode::kNonUniformGrid);
  s = sample_surface();
  s.f_nodes = {0.0, 0.1, 0.3, 0.4};
  EXPECT_EQ(refusal(s), PolicyErrorCode::kNonUniformGrid);
  s = sample_surface();
  s.f_nodes = {0.3, 0.2, 0.1, 0.0};
  EXPECT_EQ(refusal(s), PolicyErrorCode::kNonUniformGrid);
  s = sample_surface();
  s.q_nodes[1] = nan;
  EXPECT_EQ(refusal(s), PolicyErrorCode::kNotFinite);
  s = sample_surface();
  s.q_nodes = uniform_nodes(-32, 1, 65);
  s.resize_cells();
  EXPECT_EQ(refusal(s), PolicyErrorCode::kTooManyLevels);
  s = sample_surface();
  s.f_nodes = uniform_nodes(0, 0.1, 33);
  s.resize_cells();
  EXPECT_EQ(refusal(s), PolicyErrorCode::kTooManyFundingBins);
  s = sample_surface();
  s.t_bins = 9;
  s.resize_cells();
  EXPECT_EQ(refusal(s), PolicyErrorCode::kTooManyTimeBins);
  s = sample_surface();
  s.bid.pop_back();
  EXPECT_EQ(refusal(s), PolicyErrorCode::kShapeMismatch);
  s = sample_surface();
  s.bid[0] = 1e7;  // 1e15 units: even a shift of 16 leaves 1.5e10
  EXPECT_EQ(refusal(s), PolicyErrorCode::kOffsetTooLarge);
  s = sample_surface();
  s.t_bin_seconds = 0.0;
  EXPECT_EQ(refusal(s), PolicyErrorCode::kInvalidParameter);
  s = sample_surface();
  s.q_nodes = uniform_nodes(0, 1e-9, 5);  // step below one size unit
  EXPECT_EQ(refusal(s), PolicyErrorCode::kOutOfRange);
  s = sample_surface();
  s.q_nodes.clear();
  EXPECT_EQ(refusal(s), PolicyErrorCode::kInvalidParameter);
}

TEST(Encode, LimitsThemselvesAreAccepted) {
  PolicySurface s;
  s.q_nodes = uniform_nodes(-31.5, 1.0, kMaxInventoryLevels);
  s.f_nodes = uniform_nodes(-1.0, 0.0625, kMaxFundingBins);
  s.t_bins = kMaxTimeBins;
  s.t_bin_seconds = 60.0;
  s.resize_cells();
  for (double& x : s.bid) x = 0.5;
  auto r = encode_policy_table(s);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r.value().cells[7][63][31].bid_offset, 50'000'000);
  EXPECT_EQ(r.value().cells[7][63][31].ask_offset, kOffsetDisabled);
}

}  // namespace
}  // namespace hlmm::policy
