// The encoded grids against the lookup arithmetic documented in hls policy_table.hpp: every
// inventory node must map to its own level and every funding node to its own Q16 position.
#include <cmath>
#include <cstdint>

#include <gtest/gtest.h>

#include "policy/named_policies.hpp"

namespace hlmm::policy {
namespace {

TEST(TableLookup, NodesMapToTheirOwnLevelAndFundingPosition) {
  for (const char* preset : {"eth", "btc", "sol"}) {
    SCOPED_TRACE(preset);
    auto solved = solve_named_policy("inventory", *find_preset(preset));  // 21 levels x 31 funding bins
    ASSERT_TRUE(solved.ok()) << solved.error().message;
    const PolicySurface& s = solved.value().surface;
    auto encoded = encode_policy_table(s);
    ASSERT_TRUE(encoded.ok()) << encoded.error().message;
    const PolicyTable& t = encoded.value();
    for (int i = 0; i < t.q_levels; ++i) {
      const Size q = static_cast<Size>(std::llround(s.q_nodes[static_cast<std::size_t>(i)] * 1e8));
      const std::int64_t prod = (q - t.q_min) * t.q_step_recip_q48;  // < 2^63 for 64 levels
      const std::int64_t level = (prod + (std::int64_t{1} << 47)) >> 48;
      EXPECT_EQ(level, i);
    }
    for (int j = 0; j < t.f_bins; ++j) {
      const Price f = static_cast<Price>(std::llround(s.f_nodes[static_cast<std::size_t>(j)] * 1e8));
      const std::int64_t pos_q16 = ((f - t.f_min) * t.f_step_recip_q48) >> 32;
      // f_step is rounded to 1e-8, so node j sits within a few 2^-16 of position j.
      EXPECT_NEAR(static_cast<double>(pos_q16), j * 65536.0, 4.0) << "funding node " << j;
    }
  }
}

}  // namespace
}  // namespace hlmm::policy
