#include "backtest/quote_source.hpp"

#include <algorithm>
#include <cmath>

namespace hlmm::backtest {

PipelineQuotes::PipelineQuotes(engine::Pipeline& pipeline, const PolicyTable& table, int sz_decimals,
                               Size position_limit, std::uint8_t asset)
    : pipeline_(pipeline), asset_(asset) {
  AssetConfig cfg{};
  cfg.enabled = 1;
  cfg.sz_decimals = static_cast<std::uint8_t>(sz_decimals);
  cfg.market = MarketType::kPerp;
  cfg.position_limit = position_limit;
  pipeline_.configure(GlobalConfig{});
  pipeline_.configure_asset(asset_, cfg);
  pipeline_.load_table(asset_, table);
  pipeline_.swap_table(asset_);
  batch_.reserve(8);
  intents_.reserve(16);
}

MarketEvent PipelineQuotes::record(EventKind kind, Side side, Price price, Size size, std::uint64_t ts,
                                   std::uint8_t flags) {
  return MarketEvent{kind, asset_, side, flags, seq_++, price, size, ts};
}

void PipelineQuotes::push_and_apply(RestingQuote (&quotes)[2]) {
  pipeline_.push(batch_);
  records_ += batch_.size();
  batch_.clear();
  intents_.clear();
  pipeline_.drain(intents_);
  for (const QuoteIntent& it : intents_) {
    if (it.asset != asset_) continue;
    const bool both = it.side == Side::kBoth;
    for (int side = 0; side < 2; ++side) {
      if (!both && static_cast<int>(it.side) != side) continue;
      RestingQuote& q = quotes[side];
      switch (it.kind) {
        case IntentKind::kQuote:
          q = {true, it.price, it.size};
          ++quotes_seen_;
          break;
        case IntentKind::kCancel:
          q.live = false;
          break;
        case IntentKind::kReject:
          // A rate-limited update leaves the resting order in place; every other reject removes it.
          if (it.reason != Reason::kRateLimit) q.live = false;
          if (it.reason == Reason::kPositionLimit) ++limit_rejects_;
          break;
      }
    }
  }
}

void PipelineQuotes::on_step(const StepInput& in, RestingQuote (&quotes)[2]) {
  // Funding first, then a one-level snapshot one unit either side of the mid so the pipeline's
  // mid is the study's mid exactly; only the end of the snapshot re-quotes with both inputs new.
  batch_.push_back(record(EventKind::kFunding, Side::kBid, in.funding, 0, in.ts_ns));
  batch_.push_back(record(EventKind::kBookClear, Side::kBoth, 0, 0, in.ts_ns));
  batch_.push_back(record(EventKind::kBookLevel, Side::kBid, in.mid - 1, kSizeScale, in.ts_ns));
  batch_.push_back(record(EventKind::kBookLevel, Side::kAsk, in.mid + 1, kSizeScale, in.ts_ns, kFlagEndOfSnapshot));
  push_and_apply(quotes);
}

void PipelineQuotes::on_fills(std::span<const ProposedFill> fills, std::uint64_t ts_ns, RestingQuote (&quotes)[2]) {
  if (fills.empty()) return;
  for (const ProposedFill& f : fills) batch_.push_back(record(EventKind::kFill, f.side, f.price, f.size, ts_ns));
  push_and_apply(quotes);
}

SurfaceQuotes::SurfaceQuotes(const policy::PolicySurface& surface, Size position_limit, int sz_decimals)
    : s_(surface), limit_(position_limit), lot_unit_(static_cast<Size>(pow10_i64(kSizeDecimals - sz_decimals))) {}

void SurfaceQuotes::quote(RestingQuote (&quotes)[2]) {
  const double q = static_cast<double>(position_) / static_cast<double>(kSizeScale);
  const double f = static_cast<double>(funding_) / static_cast<double>(kPriceScale);
  const int nq = s_.q_levels();
  const int nf = s_.f_bins();
  const double q0 = s_.q_nodes.front();
  const double qs = nq > 1 ? s_.q_nodes[1] - q0 : 1.0;
  const int qi = std::clamp(static_cast<int>(std::lround((q - q0) / qs)), 0, nq - 1);
  int j0 = 0, j1 = 0;
  double w = 0.0;
  if (nf > 1) {
    const double fs = s_.f_nodes[1] - s_.f_nodes[0];
    const double x = std::clamp((f - s_.f_nodes[0]) / fs, 0.0, static_cast<double>(nf - 1));
    j0 = std::min(static_cast<int>(x), nf - 2);
    j1 = j0 + 1;
    w = x - j0;
  }
  const Size size = static_cast<Size>(std::llround(s_.size[static_cast<std::size_t>(qi)] * static_cast<double>(kSizeScale)));
  for (int side = 0; side < 2; ++side) {
    const auto& arr = side == 0 ? s_.bid : s_.ask;
    const double lo = arr[s_.index(0, qi, j0)];
    const double hi = arr[s_.index(0, qi, j1)];
    RestingQuote& out = quotes[side];
    out.live = false;
    if (std::isinf(lo) || std::isinf(hi) || size <= 0) continue;
    const double off = lo + (hi - lo) * w;
    const Price off_units = static_cast<Price>(std::llround(off * static_cast<double>(kPriceScale)));
    Size sz = size;
    const Size room = side == 0 ? limit_ - position_ : limit_ + position_;
    if (sz > room) sz = room > 0 ? room / lot_unit_ * lot_unit_ : 0;
    if (sz <= 0) continue;
    out = {true, side == 0 ? mid_ - off_units : mid_ + off_units, sz};
  }
}

void SurfaceQuotes::on_step(const StepInput& in, RestingQuote (&quotes)[2]) {
  mid_ = in.mid;
  funding_ = in.funding;
  position_ = in.position;
  quote(quotes);
}

void SurfaceQuotes::on_fills(std::span<const ProposedFill> fills, std::uint64_t, RestingQuote (&quotes)[2]) {
  if (fills.empty()) return;
  for (const ProposedFill& f : fills) position_ += f.side == Side::kBid ? f.size : -f.size;
  quote(quotes);
}

}  // namespace hlmm::backtest
