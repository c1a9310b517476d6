#include "backtest/html_report.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>

#include <fmt/format.h>

#include "report/svg_chart.hpp"

namespace hlmm::backtest {
namespace {

constexpr const char* kColors[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"};
constexpr std::size_t kMaxPoints = 2000;
constexpr int kFundingBins = 16;

double usd(Price p) { return static_cast<double>(p) / static_cast<double>(kPriceScale); }

// The mid a minute's quotes are measured against: the study quotes around the minute's mid, the
// event model's trace is taken at the minute's end (the next minute's mid).
Price mark_of(const MarketPath& m, std::size_t minute, bool event) {
  const std::size_t i = event ? std::min(minute + 1, m.mid.size() - 1) : minute;
  return m.mid[std::min(i, m.mid.size() - 1)];
}

double skew_of(const Trace& t, std::size_t i, Price mid) {
  if (i >= t.bid.size() || i >= t.ask.size() || !t.bid[i].live || !t.ask[i].live) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return usd((t.bid[i].price + t.ask[i].price) / 2 - mid);
}

}  // namespace

std::string format_html_report(const StudyResult& r) {
  const auto& c = r.config;
  const bool event = event_level(c.execution);
  std::vector<std::pair<std::string, std::string>> summary{
      {"preset", c.preset},
      {"seeds finished", std::to_string(r.seeds_finished)},
      {"days", fmt::format("{:g}", r.days)},
      {"execution", event ? fmt::format("{} (feed {} ms, order {} ms, maker {} ppm, taker {} ppm)",
                                        execution_name(c.execution), c.event.latency.feed_ms, c.event.latency.order_ms, c.event.fees.maker_ppm,
                                        c.event.fees.taker_ppm)
                          : std::string("study (one-minute Poisson fills)")},
      {"pipeline backend", c.backend},
  };
  for (const auto& p : r.policies) {
    summary.emplace_back(p.name, fmt::format("equity {:.2f} ± {:.2f} USD, Δ vs pure_as {:.2f} ± {:.2f} (win {:.2f}), "
                                             "inventory RMS {:.4g}, max DD {:.2f}, fill rate {:.4f}",
                                             p.final_equity.mean, p.final_equity.ci95, p.delta_vs_pure_as.mean,
                                             p.delta_vs_pure_as.ci95, p.win_rate, p.inventory_rms, p.max_drawdown,
                                             p.fill_rate));
  }
  std::vector<std::string> charts;
  const MarketPath& m = r.trace_market;
  if (!r.traces.empty() && !m.mid.empty()) {
    std::vector<report::Series> equity, inventory, skew, skew_by_f;
    // Funding bins over the first seed's cash funding range.
    std::vector<double> f_usd(m.mid.size());
    double f_lo = std::numeric_limits<double>::infinity(), f_hi = -f_lo;
    for (std::size_t i = 0; i < m.mid.size(); ++i) {
      f_usd[i] = usd(cash_funding(m.mid[i], m.rate[i / 60]));
      f_lo = std::min(f_lo, f_usd[i]);
      f_hi = std::max(f_hi, f_usd[i]);
    }
    const double f_width = f_hi > f_lo ? (f_hi - f_lo) / kFundingBins : 1.0;
    for (std::size_t k = 0; k < r.traces.size(); ++k) {
      const Trace& t = r.traces[k].trace;
      const std::string color = kColors[k % std::size(kColors)];
      const std::size_t n = std::min(t.equity.size(), m.mid.size());
      const std::size_t stride = std::max<std::size_t>(1, n / kMaxPoints);
      report::Series e{r.traces[k].policy, color, {}, {}, false};
      report::Series q{r.traces[k].policy, color, {}, {}, true};
      report::Series s{r.traces[k].policy, color, {}, {}, true};
      std::vector<double> bin_sum(kFundingBins, 0.0);
      std::vector<int> bin_n(kFundingBins, 0);
      for (std::size_t i = 0; i < n; ++i) {
        const double sk = skew_of(t, i, mark_of(m, i, event));
        if (std::isfinite(sk)) {
          const int b = std::clamp(static_cast<int>((f_usd[i] - f_lo) / f_width), 0, kFundingBins - 1);
          bin_sum[static_cast<std::size_t>(b)] += sk;
          ++bin_n[static_cast<std::size_t>(b)];
        }
        if (i % stride != 0 && i + 1 != n) continue;
        const double hours = static_cast<double>(i + 1) / 60.0;
        e.x.push_back(hours);
        e.y.push_back(static_cast<double>(t.equity[i]) / kCashScale);
        q.x.push_back(hours);
        q.y.push_back(static_cast<double>(t.position[i]) / static_cast<double>(kSizeScale));
        s.x.push_back(hours);
        s.y.push_back(sk);
      }
      report::Series sf{r.traces[k].policy, color, {}, {}, false};
      for (int b = 0; b < kFundingBins; ++b) {
        if (bin_n[static_cast<std::size_t>(b)] == 0) continue;
        sf.x.push_back(f_lo + (b + 0.5) * f_width);
        sf.y.push_back(bin_sum[static_cast<std::size_t>(b)] / bin_n[static_cast<std::size_t>(b)]);
      }
      equity.push_back(std::move(e));
      inventory.push_back(std::move(q));
      skew.push_back(std::move(s));
      skew_by_f.push_back(std::move(sf));
    }
    report::Series rate{"funding rate", "#444", {}, {}, true};
    const std::size_t stride = std::max<std::size_t>(1, m.mid.size() / kMaxPoints);
    for (std::size_t i = 0; i < m.mid.size(); i += stride) {
      rate.x.push_back(static_cast<double>(i + 1) / 60.0);
      rate.y.push_back(m.rate[i / 60] * 1e4);
    }
    const std::string seed = fmt::format(" (seed {})", c.first_seed);
    charts.push_back(report::line_chart_svg("Equity" + seed, equity, {900, 300, "hours", "USD"}));
    charts.push_back(report::line_chart_svg("Inventory" + seed, inventory, {900, 260, "hours", "coins"}));
    charts.push_back(report::line_chart_svg("Quote skew: (bid + ask)/2 - mid" + seed, skew, {900, 260, "hours", "USD"}));
    charts.push_back(report::line_chart_svg("Funding rate" + seed, std::span<const report::Series>(&rate, 1),
                                            {900, 200, "hours", "bps per hour (positive: longs pay)"}));
    charts.push_back(report::line_chart_svg("Mean quote skew against cash funding f = mid x rate" + seed, skew_by_f,
                                            {900, 300, "f, USD per coin per hour", "mean skew, USD"}));
  } else {
    charts.push_back("<p>No per-minute traces in this run.</p>");
  }
  const std::string title = fmt::format("hlmm backtest: {} , {} seeds x {:g} days, {} execution", c.preset,
                                        r.seeds_finished, r.days, execution_name(c.execution));
  return report::html_page(title, summary, charts);
}

}  // namespace hlmm::backtest
