// The funding-aware target inventory reaches the market maker's quotes: the ETH table is solved and
// loaded by the live pipeline setup (live::configure_pipeline, what the trader runs) into the
// software pipeline, which is then fed a book and cash funding records; the quoted centre
// (bid + ask) / 2 at zero inventory is compared with the mid.
#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "engine/software_pipeline.hpp"
#include "eth_directory.hpp"
#include "live/pipeline_setup.hpp"
#include "policy/inventory.hpp"
#include "strategies/funding_target.hpp"

namespace hlmm::strategies {
namespace {

constexpr double kRefPrice = 3000.0;  // the ETH preset's S_ref: cash funding f = S_ref x rate
constexpr double kHalfSpread = 1.0 / 0.5971592658795428;  // 1/k of the ETH preset
constexpr double kSkew = 0.5;  // the inventory policy's g
constexpr double kTick = 0.1;  // five significant figures at 3000

struct Quotes {
  double bid = NAN;
  double ask = NAN;
  double centre() const { return 0.5 * (bid + ask); }
};

using test::eth_directory;

Price usd(double x) { return static_cast<Price>(std::llround(x * static_cast<double>(kPriceScale))); }
double to_usd(Price p) { return static_cast<double>(p) / static_cast<double>(kPriceScale); }

// Configures a fresh software pipeline the way the trader does, sends one cash funding record and
// a book around `mid`, and returns the last quote on each side.
Quotes quote_at(const live::PipelineSetup& setup, double cash_funding, double mid) {
  engine::SoftwarePipeline pipeline;
  const hl::AssetDirectory dir = eth_directory();
  live::configure_pipeline(pipeline, dir, setup);
  const std::uint8_t slot = *dir.find("ETH")->slot;
  std::uint32_t seq = 1;
  std::uint64_t ts = 1'700'000'000'000'000'000ull;
  const auto ev = [&](EventKind kind, Side side, Price price, Size size, std::uint8_t flags = 0) {
    ts += 1'000'000;
    return MarketEvent{kind, slot, side, flags, seq++, price, size, ts};
  };
  const double half = kTick;  // a two-tick book: bid mid - 0.1, ask mid + 0.1
  const std::vector<MarketEvent> events{
      ev(EventKind::kFunding, Side::kBid, usd(cash_funding), 0),
      ev(EventKind::kBookClear, Side::kBoth, 0, 0),
      ev(EventKind::kBookLevel, Side::kBid, usd(mid - half), 5 * kSizeScale),
      ev(EventKind::kBookLevel, Side::kAsk, usd(mid + half), 5 * kSizeScale, kFlagEndOfSnapshot)};
  pipeline.push(events);
  std::vector<QuoteIntent> out;
  pipeline.drain(out);
  Quotes q;
  for (const QuoteIntent& i : out) {
    if (i.kind != IntentKind::kQuote) continue;
    (i.side == Side::kBid ? q.bid : q.ask) = to_usd(i.price);
  }
  if (std::isnan(q.bid) || std::isnan(q.ask)) throw std::runtime_error("the pipeline did not quote both sides");
  return q;
}

live::PipelineSetup inventory_setup(std::optional<FundingTargetConfig> target) {
  live::PipelineSetup s;
  s.coins = {"ETH"};
  s.policy = "inventory";
  s.funding_target = target;
  return s;
}

constexpr double kMid = 3000.0;

TEST(FundingTarget, PresetLeanReachesTheQuotes) {
  // No [strategy]: the inventory policy's own lean. +0.2 USD/coin/h (0.67 bp/h) leans short.
  const auto setup = inventory_setup(std::nullopt);
  const Quotes pos = quote_at(setup, 0.2, kMid), neg = quote_at(setup, -0.2, kMid), zero = quote_at(setup, 0.0, kMid);
  EXPECT_LT(pos.centre(), kMid - 2 * kTick) << pos.bid << " / " << pos.ask;
  EXPECT_GT(neg.centre(), kMid + 2 * kTick) << neg.bid << " / " << neg.ask;
  EXPECT_NEAR(zero.centre(), kMid, kTick) << zero.bid << " / " << zero.ask;
  // Leaning short: the ask comes in, the bid goes out.
  EXPECT_LT(pos.ask - kMid, kMid - pos.bid);
}

TEST(FundingTarget, ConfiguredSensitivityShiftsTheCentreByTheFrameworkFormula) {
  // Target rho* = -clamp(s x rate_bp, -cap, cap); at zero inventory x = -rho*, and the centre moves
  // by (ask offset - bid offset) / 2 = -h g x (the convexity term is the same on both sides).
  struct Case {
    double sensitivity, cap, rate_bp;
  };
  const Case cases[] = {
      {0.5, 0.5, 1.0},    // rho* = -0.5
      {0.5, 0.5, 0.5},    // -0.25
      {0.5, 0.5, -0.5},   // +0.25: leans long
      {1.0, 0.25, 1.0},   // capped at -0.25
      {1.0, 0.25, -0.9},  // capped at +0.25
  };
  for (const Case& c : cases) {
    const double cash = kRefPrice * c.rate_bp * 1e-4;
    const Quotes q = quote_at(inventory_setup(FundingTargetConfig{c.sensitivity, c.cap}), cash, kMid);
    const double rho_star = -std::clamp(c.sensitivity * c.rate_bp, -c.cap, c.cap);
    const double expected_shift = -kHalfSpread * kSkew * (-rho_star);
    EXPECT_NEAR(q.centre() - kMid, expected_shift, kTick)
        << "s " << c.sensitivity << " cap " << c.cap << " rate " << c.rate_bp << " bp/h: " << q.bid << " / " << q.ask;
    EXPECT_EQ(q.centre() < kMid, c.rate_bp > 0);
  }
}

TEST(FundingTarget, ZeroSensitivityQuotesSymmetricallyWhateverTheFunding) {
  const auto setup = inventory_setup(FundingTargetConfig{0.0, 0.5});
  for (double cash : {-0.25, -0.05, 0.0, 0.05, 0.3}) {
    const Quotes q = quote_at(setup, cash, kMid);
    EXPECT_NEAR(q.centre(), kMid, kTick) << cash << ": " << q.bid << " / " << q.ask;
    // The same spread on both sides within one tick of rounding.
    EXPECT_NEAR(kMid - q.bid, q.ask - kMid, kTick) << cash;
  }
}

TEST(FundingTarget, RefusedWithAnotherPolicyOrOutOfRange) {
  live::PipelineSetup s = inventory_setup(FundingTargetConfig{0.5, 0.5});
  s.policy = "hjb_fd";
  engine::SoftwarePipeline pipeline;
  try {
    live::configure_pipeline(pipeline, eth_directory(), s);
    FAIL() << "a funding target was accepted with hjb_fd";
  } catch (const engine::PipelineError& e) {
    EXPECT_NE(std::string(e.what()).find("inventory policy"), std::string::npos) << e.what();
  }
  for (const FundingTargetConfig bad : {FundingTargetConfig{-0.1, 0.5}, FundingTargetConfig{0.5, 1.5},
                                        FundingTargetConfig{NAN, 0.5}, FundingTargetConfig{0.5, -0.1}}) {
    EXPECT_THROW(live::configure_pipeline(pipeline, eth_directory(), inventory_setup(bad)), engine::PipelineError)
        << bad.sensitivity_per_bp_h << " " << bad.target_cap;
    EXPECT_TRUE(funding_target_error(bad).has_value());
  }
  EXPECT_FALSE(funding_target_error(FundingTargetConfig{0.5, 1.0}).has_value());
}

TEST(FundingTarget, RateUnitsAgreeWithThePolicysCashTarget) {
  const FundingTargetConfig c{0.4, 0.5};
  EXPECT_DOUBLE_EQ(target_inventory_fraction(c, 1e-4), -0.4);   // +1 bp/h
  EXPECT_DOUBLE_EQ(target_inventory_fraction(c, -5e-5), 0.2);   // -0.5 bp/h
  EXPECT_DOUBLE_EQ(target_inventory_fraction(c, 1e-3), -0.5);   // capped
  EXPECT_EQ(target_inventory_fraction(FundingTargetConfig{0.0, 0.5}, 1e-3), 0.0);
  // The eta handed to the policy gives the same target on the table's cash axis, for each preset.
  for (const char* name : {"eth", "btc", "sol"}) {
    const auto preset = policy::find_preset(name);
    ASSERT_TRUE(preset);
    const policy::InventoryOverrides o = inventory_overrides(c, *preset);
    policy::InventoryParams p;
    p.funding_sensitivity = *o.funding_sensitivity;
    p.target_cap = *o.target_cap;
    for (double rate : {-2e-4, -3e-5, 0.0, 1e-5, 1.1e-4}) {
      EXPECT_NEAR(policy::funding_target(p, preset->ref_price * rate), target_inventory_fraction(c, rate), 1e-12)
          << name << " " << rate;
    }
  }
}

}  // namespace
}  // namespace hlmm::strategies
