// Engine-level tests: determinism, the accounting identity, funding signs, the inventory limit,
// the pipeline path's tick rounding, and the study execution model against the Python
// reference's own loop on the same market and the same uniforms.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include "backtest/engine.hpp"
#include "backtest/market.hpp"
#include "backtest/policies.hpp"
#include "backtest/rng.hpp"
#include "engine/backends.hpp"
#include "run_checks.hpp"
#include "policy/closed_forms.hpp"

namespace hlmm::backtest {
namespace {

constexpr std::uint64_t kFillStream = 3;  // the study's stream tag (study.cpp)

policy::AssetPreset preset(const char* name) { return *policy::find_preset(name); }

Size units(double coins) { return static_cast<Size>(std::llround(coins * static_cast<double>(kSizeScale))); }

using PipelineRun = testing::TracedRun;

PipelineRun run_pipeline(const char* coin, const char* policy_name, std::uint64_t seed, int minutes, bool keep_minutes,
                         const char* backend = "sw") {
  const auto a = preset(coin);
  const int sz = *sz_decimals_for(coin);
  auto spec = build_policy(policy_name, a, sz);
  EXPECT_TRUE(spec.ok()) << (spec.ok() ? "" : spec.error().message);
  const MarketPath path = generate_market(market_spec_for(a), seed, minutes);
  auto pipe = engine::make_pipeline(backend);
  EngineConfig ec;
  ec.position_limit = units(spec.value().limit);
  PipelineQuotes src(*pipe, spec.value().table, sz, ec.position_limit);
  StudyExecutionModel exec(a.A, a.k, 1.0 / 60.0, stream_key(seed, kFillStream));
  PipelineRun out;
  out.trace.keep_minutes = keep_minutes;
  out.result = run_engine(path, src, exec, ec, &out.trace);
  return out;
}

TEST(Market, SameSeedSamePathDifferentSeedDifferentPath) {
  const auto spec = market_spec_for(preset("eth"));
  const MarketPath a = generate_market(spec, 7, 600);
  const MarketPath b = generate_market(spec, 7, 600);
  const MarketPath c = generate_market(spec, 8, 600);
  EXPECT_EQ(a.mid, b.mid);
  EXPECT_EQ(a.rate, b.rate);
  EXPECT_NE(a.mid, c.mid);
  EXPECT_NE(a.rate, c.rate);
  EXPECT_EQ(a.mid.front(), 3000 * kPriceScale);
  EXPECT_EQ(a.rate.size(), 600u / 60 + 2);
}

TEST(Market, FundingHasTheStudysStationaryLaw) {
  // 200 seeds x 100 hours of OU: the sample mean is theta within 4 standard errors, and the
  // lag-1 autocorrelation is exp(-kappa) within 0.03 (ETH: half-life 5.56 h).
  const auto a = preset("eth");
  const auto spec = market_spec_for(a);
  double sum = 0, n = 0, cross = 0, var = 0;
  for (std::uint64_t s = 1; s <= 200; ++s) {
    const MarketPath p = generate_market(spec, s, 100 * 60);
    for (std::size_t h = 0; h + 1 < p.rate.size(); ++h) {
      sum += p.rate[h];
      n += 1;
      cross += (p.rate[h] - a.theta) * (p.rate[h + 1] - a.theta);
      var += (p.rate[h] - a.theta) * (p.rate[h] - a.theta);
    }
  }
  const double sd = a.sigma / std::sqrt(2 * a.kappa);
  // Effective sample size of an AR(1) with coefficient rho: n (1 - rho) / (1 + rho).
  const double rho = std::exp(-a.kappa);
  const double se = sd / std::sqrt(n * (1 - rho) / (1 + rho));
  EXPECT_NEAR(sum / n, a.theta, 4 * se);
  EXPECT_NEAR(cross / var, rho, 0.03);
}

TEST(Engine, SameSeedGivesIdenticalResults) {
  const auto r1 = run_pipeline("eth", "hjb_fd", 3, 720, false);
  const auto r2 = run_pipeline("eth", "hjb_fd", 3, 720, false);
  EXPECT_EQ(r1.result.final_cash, r2.result.final_cash);
  EXPECT_EQ(r1.result.final_position, r2.result.final_position);
  EXPECT_EQ(r1.result.fills, r2.result.fills);
  EXPECT_EQ(r1.result.final_equity, r2.result.final_equity);
  ASSERT_EQ(r1.trace.fills.size(), r2.trace.fills.size());
  for (std::size_t i = 0; i < r1.trace.fills.size(); ++i) {
    EXPECT_EQ(r1.trace.fills[i].price, r2.trace.fills[i].price);
    EXPECT_EQ(r1.trace.fills[i].minute, r2.trace.fills[i].minute);
  }
  const auto r3 = run_pipeline("eth", "hjb_fd", 4, 720, false);
  EXPECT_NE(r1.result.final_cash, r3.result.final_cash);
  EXPECT_GT(r1.result.fills, 100u);
}

TEST(Engine, AccountingIdentityLimitAndFundingSignsHoldEveryMinute) {
  for (const char* coin : {"eth", "btc", "sol"}) {
    SCOPED_TRACE(coin);
    const auto a = preset(coin);
    const auto run = run_pipeline(coin, "pure_as", 11, 3 * 1440, true);
    const auto& t = run.trace;
    const MarketPath path = generate_market(market_spec_for(a), 11, 3 * 1440);
    const Size limit = units(a.limit);
    ASSERT_EQ(t.position.size(), path.mid.size());
    for (std::size_t m = 0; m < t.position.size(); ++m) {
      ASSERT_LE(std::abs(t.position[m]), limit) << "minute " << m;
      ASSERT_EQ(t.equity[m], t.cash[m] + static_cast<Cash>(t.position[m]) * path.mid[m]) << "minute " << m;
    }
    // Re-derive cash from the fill and funding logs alone.
    Cash cash = 0;
    Size q = 0;
    for (const auto& f : t.fills) {
      const Cash notional = static_cast<Cash>(f.price) * f.size;
      cash += f.side == Side::kBid ? -notional : notional;
      q += f.side == Side::kBid ? f.size : -f.size;
    }
    int long_pays = 0, short_receives = 0;
    for (const auto& p : t.funding) {
      // Positive rate: longs pay shorts (hjb-math §1). paid = q * f, and cash falls by it.
      EXPECT_EQ(p.paid, static_cast<Cash>(p.position) * p.funding);
      EXPECT_EQ(p.funding, cash_funding(path.mid[static_cast<std::size_t>(p.minute)],
                                        path.rate[static_cast<std::size_t>(p.minute / 60)]));
      if (p.position > 0 && p.funding > 0) {
        EXPECT_GT(p.paid, 0);
        ++long_pays;
      }
      if (p.position < 0 && p.funding > 0) {
        EXPECT_LT(p.paid, 0);
        ++short_receives;
      }
      cash -= p.paid;
    }
    EXPECT_EQ(t.funding.size(), 3u * 24 - 1);  // hours 1 .. 71: none at the start
    EXPECT_GT(long_pays + short_receives, 0);
    EXPECT_EQ(cash, run.result.final_cash);
    EXPECT_EQ(q, run.result.final_position);
    EXPECT_NEAR(run.result.final_equity,
                static_cast<double>(cash + static_cast<Cash>(q) * path.mid.back()) / kCashScale, 1e-6);
  }
}

// A quote source that always bids one lot at the mid and never asks: a long position builds up,
// so the limit check and the funding charge are exercised on purpose.
class AlwaysBid final : public QuoteSource {
 public:
  explicit AlwaysBid(Size lot) : lot_(lot) {}
  std::string_view name() const override { return "always-bid"; }
  void on_step(const StepInput& in, RestingQuote (&q)[2]) override {
    q[0] = {true, in.mid, lot_};
    q[1] = {};
  }
  void on_fills(std::span<const ProposedFill>, std::uint64_t, RestingQuote (&)[2]) override {}
  std::uint64_t records() const override { return 0; }

 private:
  Size lot_;
};

TEST(Engine, FillsBeyondTheLimitAreBlockedAndLongsPayPositiveFunding) {
  MarketPath path;
  path.start_ns = 0;
  path.mid.assign(300, 2000 * kPriceScale);
  path.rate.assign(7, 1e-4);  // longs pay 0.2 USD per coin per hour
  AlwaysBid src(units(1.0));
  StudyExecutionModel exec(1e6, 1.0, 1.0 / 60.0, 42);  // a fill every minute
  EngineConfig ec;
  ec.position_limit = units(5.0);
  Trace trace;
  trace.keep_minutes = true;
  const RunResult r = run_engine(path, src, exec, ec, &trace);
  EXPECT_EQ(r.fills, 5u);
  EXPECT_EQ(r.blocked_fills, 295u);
  EXPECT_EQ(r.final_position, units(5.0));
  for (Size q : trace.position) EXPECT_LE(q, units(5.0));
  // Bought 5 at the mid, then held 5 coins through hours 1..4: 4 x 5 x 0.2 = 4 USD paid.
  EXPECT_NEAR(r.funding_paid, 4.0, 1e-9);
  EXPECT_NEAR(r.final_equity, -4.0, 1e-9);
}

TEST(Engine, PipelineQuotesSitOnTheVenueTickAndOutsideTheMid) {
  // ETH at 3000: 5 significant figures give a 0.1 USD tick; bids round down, asks up.
  const auto run = run_pipeline("eth", "hjb_fd", 5, 600, true);
  const auto path = generate_market(market_spec_for(preset("eth")), 5, 600);
  const Price tick = kPriceScale / 10;
  int live = 0;
  for (std::size_t m = 0; m < run.trace.bid.size(); ++m) {
    for (const RestingQuote& q : {run.trace.bid[m], run.trace.ask[m]}) {
      if (!q.live) continue;
      ++live;
      EXPECT_EQ(q.price % tick, 0) << "minute " << m;
    }
    if (run.trace.bid[m].live) {
      EXPECT_LT(run.trace.bid[m].price, path.mid[m]);
    }
    if (run.trace.ask[m].live) {
      EXPECT_GT(run.trace.ask[m].price, path.mid[m]);
    }
  }
  EXPECT_GT(live, 1000);
  EXPECT_GT(run.result.records, 4u * 600);
}

TEST(Engine, SwAndVerilatorBackendsGiveIdenticalFills) {
  if (!testing::verilator_usable()) GTEST_SKIP() << "the verilator backend is not in this build";
  const auto sw = run_pipeline("eth", "hjb_fd", 9, 240, true, "sw");
  const auto rtl = run_pipeline("eth", "hjb_fd", 9, 240, true, "verilator");
  EXPECT_GT(sw.trace.fills.size(), 50u);
  testing::expect_same_fills(sw, rtl);
}

std::string run_python(const std::string& input_path) {
  const std::string command =
      std::string("\"") + HLMM_PYTHON3 + "\" \"" + HLMM_REFERENCE_RUN + "\" \"" + input_path + "\"";
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  if (pclose(pipe) != 0) out.clear();
  return out;
}

// The reference's pure_as exactly as its loop quotes it: the closed form at any inventory, no tick
// rounding, and no side switched off at the limit (its loop only refuses the breaching fill, so
// after a bid fill at -L the same minute's ask may still fill; the pipeline never rests that ask).
// This isolates the engine and the execution model from the quoting rules.
class PaperPureAsQuotes final : public QuoteSource {
 public:
  PaperPureAsQuotes(const policy::AssetPreset& a, Size lot) : a_(a), lot_(lot) {}
  std::string_view name() const override { return "paper-pure-as"; }
  void on_step(const StepInput& in, RestingQuote (&q)[2]) override {
    const double qc = static_cast<double>(in.position) / static_cast<double>(kSizeScale);
    const auto [b, a] = policy::paper_pure_as(qc, a_.horizon_hours, a_.as_alpha, a_.as_phi, a_.k, a_.tick);
    q[0] = {true, in.mid - static_cast<Price>(std::llround(b * kPriceScale)), lot_};
    q[1] = {true, in.mid + static_cast<Price>(std::llround(a * kPriceScale)), lot_};
  }
  void on_fills(std::span<const ProposedFill>, std::uint64_t, RestingQuote (&)[2]) override {}
  std::uint64_t records() const override { return 0; }

 private:
  policy::AssetPreset a_;
  Size lot_;
};

TEST(StudyExecutionModel, MatchesThePythonReferenceLoopFillForFill) {
  // The paper's pure_as, ETH and BTC (fractional lot), funding on, 2 days: the same market and the
  // same uniforms through hjb_reference.run_policy.
  ASSERT_NE(std::string(HLMM_PYTHON3), "") << "CMake found no Python 3 interpreter";
  for (const char* coin : {"eth", "btc"}) {
    SCOPED_TRACE(coin);
    const auto a = preset(coin);
    const int sz = *sz_decimals_for(coin);
    const int minutes = 2 * 1440;
    const std::uint64_t seed = 21;
    auto spec = build_policy("pure_as", a, sz);
    ASSERT_TRUE(spec.ok());
    const MarketPath path = generate_market(market_spec_for(a), seed, minutes);
    const std::uint64_t key = stream_key(seed, kFillStream);

    const auto file = std::filesystem::temp_directory_path() / fmt::format("hlmm_bt_ref_{}_{}.txt", coin, ::getpid());
    {
      std::ofstream out(file);
      out << fmt::format("{:.17g} {:.17g} {:.17g} {:.17g} {:.17g} {:.17g} {:.17g} {:.17g}\n", a.A, a.k, a.lot, a.limit,
                         a.as_alpha, a.as_phi, a.horizon_hours, a.tick);
      out << minutes << " " << path.rate.size() << "\n";
      for (Price m : path.mid) out << fmt::format("{:.8f}\n", static_cast<double>(m) / kPriceScale);
      for (double r : path.rate) out << fmt::format("{:.17g}\n", r);
      for (int m = 0; m < minutes; ++m) {
        out << fmt::format("{:.17g} {:.17g}\n", counter_uniform(key, 2 * static_cast<std::uint64_t>(m)),
                           counter_uniform(key, 2 * static_cast<std::uint64_t>(m) + 1));
      }
    }
    const std::string json = run_python(file.string());
    std::filesystem::remove(file);
    ASSERT_FALSE(json.empty()) << "the reference loop did not run";
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(json).get(doc), simdjson::SUCCESS);
    double eq = 0, rms = 0, funding = 0, mdd = 0;
    std::int64_t fills = 0;
    ASSERT_EQ(doc["final_equity"].get_double().get(eq), simdjson::SUCCESS);
    ASSERT_EQ(doc["inventory_rms"].get_double().get(rms), simdjson::SUCCESS);
    ASSERT_EQ(doc["funding_paid"].get_double().get(funding), simdjson::SUCCESS);
    ASSERT_EQ(doc["max_drawdown"].get_double().get(mdd), simdjson::SUCCESS);
    ASSERT_EQ(doc["fills"].get_int64().get(fills), simdjson::SUCCESS);

    EngineConfig ec;
    ec.position_limit = units(spec.value().limit);
    PaperPureAsQuotes src(a, units(a.lot));
    StudyExecutionModel exec(a.A, a.k, 1.0 / 60.0, key);
    const RunResult r = run_engine(path, src, exec, ec);
    EXPECT_EQ(static_cast<std::int64_t>(r.fills), fills);
    EXPECT_GT(fills, 1000);
    // Offsets and funding are rounded to 1e-8 USD here: a few 1e-8 per fill at most.
    EXPECT_NEAR(r.final_equity, eq, 1e-7 * static_cast<double>(fills) + 1e-6);
    EXPECT_NEAR(r.inventory_rms, rms, 1e-9);
    EXPECT_NEAR(r.funding_paid, funding, 1e-5);
    EXPECT_NEAR(r.max_drawdown, mdd, 1e-7 * static_cast<double>(fills) + 1e-6);
  }
}

}  // namespace
}  // namespace hlmm::backtest
