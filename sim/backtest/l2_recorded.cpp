#include "backtest/l2_recorded.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include <fmt/format.h>

#include "backtest/recorded.hpp"

namespace hlmm::backtest {
namespace {

constexpr std::uint64_t kMsPerMinute = 60'000;
constexpr std::int64_t kInt32Max = std::numeric_limits<std::int32_t>::max();
static_assert(kPriceScale == kSizeScale, "decimal() formats prices and sizes at one scale");

struct GridLevel {
  std::int32_t px = 0;
  std::int32_t sz = 0;
};

struct GridTrade {
  std::uint64_t time_ms = 0;
  Side side = Side::kBid;
  std::int32_t px = 0;
  std::int32_t sz = 0;
};

// A fixed-point value as the decimal text it came from, for error messages.
std::string decimal(std::int64_t v) { return std::string(format_price(v).view()); }

// Names the record at fault: "l2Book line 7", "trade at time 1764115230700".
struct Where {
  const char* kind;
  std::uint64_t id;
};

// v in grid units; refuses rather than rounds, so a wrong szDecimals or a foreign coin's numbers
// show up as an error instead of a silently shifted book.
std::int32_t to_units(std::int64_t v, std::int64_t unit, const char* what, int sz_decimals, Where where) {
  if (v % unit != 0) {
    throw RecordedDataError(fmt::format("{} {}: {} {} is not a multiple of the grid's {} (szDecimals {})", where.kind, where.id, what,
                                        decimal(v), decimal(unit), sz_decimals));
  }
  if (v < 0 || v / unit > kInt32Max) {
    throw RecordedDataError(
        fmt::format("{} {}: {} {} is {} grid units, beyond int32", where.kind, where.id, what, decimal(v), v / unit));
  }
  return static_cast<std::int32_t>(v / unit);
}

void to_grid(const std::vector<RecordedBookLevel>& in, bool bids, const L2Grid& grid, int sz_decimals, std::size_t line_no,
             std::vector<GridLevel>& out) {
  out.clear();
  for (const RecordedBookLevel& l : in) {
    const Where where{"l2Book line", line_no};
    const GridLevel g{to_units(l.px, grid.price_unit, "px", sz_decimals, where), to_units(l.sz, grid.size_unit, "sz", sz_decimals, where)};
    // The diff walks both snapshots best first; a side out of order would pair the wrong levels.
    if (!out.empty() && (bids ? g.px >= out.back().px : g.px <= out.back().px)) {
      throw RecordedDataError(fmt::format("l2Book line {}: {} levels are not strictly {} in price", line_no, bids ? "bid" : "ask",
                                          bids ? "descending" : "ascending"));
    }
    out.push_back(g);
  }
}

L2Event level_event(std::uint32_t t, Side side, std::int32_t px, std::int32_t sz) {
  L2Event e;
  e.t_ms = t;
  e.kind = L2Kind::kLevel;
  e.side = side;
  e.px = px;
  e.sz = sz;
  return e;
}

// One side's diff, both snapshots best first: levels gone go to `gone`, changed or new ones to
// `set`. The caller emits every `gone` before any `set`: removing first keeps each intermediate
// book a part of the old or the new snapshot, hence uncrossed.
void diff_side(const std::vector<GridLevel>& prev, const std::vector<GridLevel>& next, Side side, std::uint32_t t,
               std::vector<L2Event>& gone, std::vector<L2Event>& set) {
  const bool bids = side == Side::kBid;
  const auto better = [bids](std::int32_t a, std::int32_t b) { return bids ? a > b : a < b; };
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < prev.size() || j < next.size()) {
    if (j == next.size() || (i < prev.size() && better(prev[i].px, next[j].px))) {
      gone.push_back(level_event(t, side, prev[i].px, 0));
      ++i;
    } else if (i == prev.size() || better(next[j].px, prev[i].px)) {
      set.push_back(level_event(t, side, next[j].px, next[j].sz));
      ++j;
    } else {
      if (prev[i].sz != next[j].sz) set.push_back(level_event(t, side, next[j].px, next[j].sz));
      ++i;
      ++j;
    }
  }
}

// read_trades keeps px and sz as doubles of exact fixed-point values. Below 2^51 units the
// double's relative error (two roundings) stays under half a unit, so rounding gives the value
// back exactly; above it the value is refused rather than guessed.
bool exact_fixed(double x, std::int64_t scale, std::int64_t& out) {
  const double scaled = x * static_cast<double>(scale);
  if (!(scaled >= 0.0) || scaled >= 0x1p51) return false;
  out = std::llround(scaled);
  return true;
}

std::vector<GridTrade> grid_trades(std::string_view trades_text, const L2Grid& grid, int sz_decimals) {
  const std::vector<calibrate::TradeSample> samples = read_trades(trades_text);
  std::vector<GridTrade> out;
  out.reserve(samples.size());
  for (const calibrate::TradeSample& s : samples) {
    const Where where{"trade at time", s.time_ms};
    std::int64_t px = 0;
    std::int64_t sz = 0;
    if (!exact_fixed(s.price, kPriceScale, px) || !exact_fixed(s.size, kSizeScale, sz)) {
      throw RecordedDataError(fmt::format("trade at time {}: px {} or sz {} is out of range", s.time_ms, s.price, s.size));
    }
    out.push_back(GridTrade{s.time_ms, s.buyer_aggressor ? Side::kBid : Side::kAsk, to_units(px, grid.price_unit, "px", sz_decimals, where),
                            to_units(sz, grid.size_unit, "sz", sz_decimals, where)});
  }
  // Time order, file order among equal times (the venue's order within a block).
  std::stable_sort(out.begin(), out.end(), [](const GridTrade& a, const GridTrade& b) { return a.time_ms < b.time_ms; });
  return out;
}

}  // namespace

L2Grid perp_l2_grid(int sz_decimals) {
  if (sz_decimals < 0 || sz_decimals > kMaxDecimalsPerp) {
    throw RecordedDataError(fmt::format("szDecimals {} is outside a perp's 0..{}", sz_decimals, kMaxDecimalsPerp));
  }
  L2Grid g;
  g.price_unit = pow10_i64(kPriceDecimals - max_price_decimals(MarketType::kPerp, sz_decimals));
  g.size_unit = pow10_i64(kSizeDecimals - sz_decimals);
  return g;
}

RecordedL2 read_recorded_l2(std::string_view l2book_archive, std::string_view trades_text, int sz_decimals,
                            std::string_view funding_json) {
  RecordedL2 r;
  r.grid = perp_l2_grid(sz_decimals);
  const std::vector<GridTrade> trades = grid_trades(trades_text, r.grid, sz_decimals);
  std::size_t next_trade = 0;

  std::vector<GridLevel> prev_bids;
  std::vector<GridLevel> prev_asks;
  std::vector<GridLevel> bids;
  std::vector<GridLevel> asks;
  std::vector<L2Event> events;
  std::vector<L2Event> gone;
  std::vector<L2Event> set;
  std::vector<MidSample> mids;
  bool have_coin = false;
  bool started = false;
  std::uint64_t last_ms = 0;

  const std::string text = decompress_lz4_if_framed(l2book_archive);
  for_each_l2book(text, [&](const RecordedBook& book, std::size_t line_no) {
    if (!have_coin) {
      r.coin = std::string(book.coin);
      have_coin = true;
    } else if (book.coin != r.coin) {
      ++r.other_coin_lines;
      return;
    }
    to_grid(book.bids, true, r.grid, sz_decimals, line_no, bids);
    to_grid(book.asks, false, r.grid, sz_decimals, line_no, asks);
    const bool two_sided = !bids.empty() && !asks.empty();
    const bool crossed = two_sided && bids.front().px >= asks.front().px;
    if (crossed || (!started && !two_sided) || (started && book.time_ms < last_ms)) {
      ++r.bad_snapshots;
      return;
    }
    if (!started) {
      started = true;
      r.start_ms = book.time_ms;
      for (; next_trade < trades.size() && trades[next_trade].time_ms <= book.time_ms; ++next_trade) ++r.dropped_trades;
    }
    const std::uint64_t since = book.time_ms - r.start_ms;
    if (since > std::numeric_limits<std::uint32_t>::max()) {
      throw RecordedDataError(fmt::format("l2Book line {}: time {} is 2^32 ms or more after the first snapshot's {}", line_no,
                                          book.time_ms, r.start_ms));
    }
    // The prints in (previous kept snapshot, T]: the earlier ones went out with that snapshot.
    for (; next_trade < trades.size() && trades[next_trade].time_ms <= book.time_ms; ++next_trade) {
      const GridTrade& tr = trades[next_trade];
      L2Event e;
      e.t_ms = static_cast<std::uint32_t>(tr.time_ms - r.start_ms);
      e.kind = L2Kind::kTrade;
      e.side = tr.side;
      e.px = tr.px;
      e.sz = tr.sz;
      events.push_back(e);
      ++r.trades;
    }
    const auto t = static_cast<std::uint32_t>(since);
    gone.clear();
    set.clear();
    diff_side(prev_bids, bids, Side::kBid, t, gone, set);
    diff_side(prev_asks, asks, Side::kAsk, t, gone, set);
    events.insert(events.end(), gone.begin(), gone.end());
    events.insert(events.end(), set.begin(), set.end());
    std::swap(prev_bids, bids);
    std::swap(prev_asks, asks);
    last_ms = book.time_ms;
    ++r.snapshots;
    if (two_sided) {
      const Price mid = (static_cast<Price>(prev_bids.front().px) + prev_asks.front().px) * r.grid.price_unit / 2;
      // minute_mids hands mids back as doubles; exact_fixed's bound keeps the way back exact.
      if (mid >= static_cast<Price>(1) << 51) {
        throw RecordedDataError(fmt::format("l2Book line {}: mid {} is too large for the minute panel", line_no, decimal(mid)));
      }
      mids.push_back(MidSample{book.time_ms, mid});
    }
  });
  if (!started) throw RecordedDataError("l2Book: no two-sided, uncrossed snapshot of the coin");
  r.events = std::make_shared<const std::vector<L2Event>>(std::move(events));
  r.dropped_trades += trades.size() - next_trade;
  r.skipped_lines = r.other_coin_lines + r.bad_snapshots;

  // minute_mids starts its panel at the first whole minute; moving every sample back by the
  // start's offset into its minute makes its minute m the run's minute m (start_ms + m minutes).
  const std::uint64_t offset = r.start_ms % kMsPerMinute;
  for (MidSample& m : mids) m.time_ms -= offset;
  std::uint64_t panel_start = 0;
  const std::vector<double> usd = minute_mids(mids, panel_start);
  r.path.start_ns = r.start_ms * 1'000'000ull;
  r.path.mid.reserve(usd.size());
  for (const double x : usd) {
    std::int64_t mid = 0;
    (void)exact_fixed(x, kPriceScale, mid);  // within the bound checked above
    r.path.mid.push_back(mid);
  }
  // As many hours as the other markets give a panel of this length (market.cpp, recorded.cpp).
  const std::size_t hours = usd.size() / 60 + 2;
  if (funding_json.empty()) {
    r.path.rate.assign(hours, 0.0);
  } else {
    const auto rates = funding_rates(funding_json);
    if (rates.empty()) throw RecordedDataError("funding history: no record");
    r.path.rate = hourly_rates_as_of(rates, r.start_ms, hours);
  }
  return r;
}

}  // namespace hlmm::backtest
