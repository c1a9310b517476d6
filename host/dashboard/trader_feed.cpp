#include "dashboard/trader_feed.hpp"

#include <cmath>
#include <limits>

#include "hlmm/records.hpp"
#include "policy/policy_surface.hpp"

namespace hlmm::dashboard {
namespace {

double usd(std::int64_t units) { return static_cast<double>(units) / static_cast<double>(kPriceScale); }
double coins(std::int64_t units) { return static_cast<double>(units) / static_cast<double>(kSizeScale); }

}  // namespace

std::string_view pipeline_rule_name(std::uint8_t reason) {
  switch (static_cast<Reason>(reason)) {
    case Reason::kNone: return "none";
    case Reason::kCrossedBook: return "crossed_book";
    case Reason::kOutOfSequence: return "out_of_sequence";
    case Reason::kUnknownAsset: return "unknown_asset";
    case Reason::kBadSize: return "bad_size";
    case Reason::kPriceOutOfRange: return "price_out_of_range";
    case Reason::kBadKind: return "bad_kind";
    case Reason::kBadSide: return "bad_side";
    case Reason::kNeedsResync: return "needs_resync";
    case Reason::kEmptyBook: return "empty_book";
    case Reason::kKillGlobal: return "kill_global";
    case Reason::kKillAsset: return "kill_asset";
    case Reason::kPositionLimit: return "position_limit";
    case Reason::kNotionalCap: return "notional_cap";
    case Reason::kPriceBand: return "price_band";
    case Reason::kStaleBook: return "stale_book";
    case Reason::kRateLimit: return "rate_limit";
    case Reason::kOpenOrderCap: return "open_order_cap";
    case Reason::kNoPolicy: return "no_policy";
    case Reason::kFillCooldown: return "fill_cooldown";
    case Reason::kSideDisabled: return "side_disabled";
  }
  return "reason_unknown";
}

bool pipeline_rule_is_cancel(std::uint8_t reason) {
  return hlmm::detail::is_cancel_reason(static_cast<Reason>(reason));
}

SurfaceView surface_view(const live::LoadedTable& loaded) {
  const PolicyTable& t = loaded.table;
  SurfaceView v;
  v.coin = loaded.coin;
  v.policy = loaded.policy;
  for (int i = 0; i < t.q_levels; ++i) v.q_nodes.push_back(coins(t.q_min + i * t.q_step));
  for (int j = 0; j < t.f_bins; ++j) v.f_nodes.push_back(usd(t.f_min + j * t.f_step));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (int i = 0; i < t.q_levels; ++i) {
    for (int j = 0; j < t.f_bins; ++j) {
      const PolicyCell& c = t.cells[0][i][j];
      const double bid = policy::decode_offset_usd(t, c.bid_offset);
      const double ask = policy::decode_offset_usd(t, c.ask_offset);
      v.bid.push_back(std::isfinite(bid) ? bid : nan);
      v.ask.push_back(std::isfinite(ask) ? ask : nan);
    }
  }
  return v;
}

TraderFeed::TraderFeed(const live::Trader& trader, std::string source, std::string policy)
    : trader_(trader),
      source_(std::move(source)),
      policy_(std::move(policy)),
      start_(std::chrono::steady_clock::now()) {}

DashboardState TraderFeed::sample() {
  const live::TraderSnapshot snap = trader_.snapshot(true, latencies_seen_);
  DashboardState s;
  s.source = source_;
  s.policy = policy_;
  s.backend = snap.backend;
  s.uptime_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  s.connected = snap.connected;
  s.ready = snap.ready;
  // The kill switch is engaged by hand (Trader::kill) or by the risk gate's automatic rules.
  s.killed = snap.killed || snap.risk.state.killed;
  if (snap.risk.state.killed && snap.risk.state.kill_rule != risk::Rule::kNone) {
    s.kill_reason = std::string(risk::rule_name(snap.risk.state.kill_rule));
  } else if (s.killed) {
    s.kill_reason = "manual";
  }
  s.fatal = snap.fatal;
  s.pnl = usd(snap.pnl);
  s.cash = usd(snap.cash);
  s.fills = snap.fills;
  s.frames = snap.frames;
  s.parse_errors = snap.parse_errors;
  s.requests = snap.requests_sent;
  s.responses = snap.responses;
  s.exchange_errors = snap.exchange_errors;
  s.resyncs = snap.resyncs;
  s.quotes = snap.pipeline_counters.quotes;

  fills_window_.emplace_back(s.uptime_s, s.fills);
  while (fills_window_.size() > 1 && fills_window_.front().first < s.uptime_s - 60.0) fills_window_.pop_front();
  const double span = s.uptime_s - fills_window_.front().first;
  s.fills_per_minute =
      span > 0.5 ? static_cast<double>(s.fills - fills_window_.front().second) * 60.0 / span : 0.0;

  for (const live::CoinStatus& c : snap.coins) {
    CoinView v;
    v.coin = c.coin;
    v.best_bid = usd(c.best_bid);
    v.best_ask = usd(c.best_ask);
    v.our_bid = usd(c.our_bid);
    v.our_ask = usd(c.our_ask);
    v.our_bid_size = coins(c.our_bid_size);
    v.our_ask_size = coins(c.our_ask_size);
    v.position = coins(c.position);
    v.position_limit = coins(c.position_limit);
    v.funding = usd(c.funding);
    s.coins.push_back(std::move(v));
  }

  for (int r = 0; r < kReasonSlots; ++r) {
    const std::uint64_t n = snap.pipeline_counters.by_reason[r];
    if (n == 0) continue;
    const auto reason = static_cast<std::uint8_t>(r);
    s.rules.push_back(RuleCount{"pipeline", std::string(pipeline_rule_name(reason)),
                                pipeline_rule_is_cancel(reason) ? "cancel" : "reject", n});
  }

  // The host risk gate's decisions other than a pass (resize, widen, reject), by rule.
  for (std::size_t r = 1; r < risk::kRuleCount; ++r) {
    const std::uint64_t n = snap.risk.counters.per_rule[r];
    if (n != 0) s.rules.push_back(RuleCount{"gate", std::string(risk::rule_name(static_cast<risk::Rule>(r))), "gate", n});
  }

  if (latency_.upper_ns.empty() || latency_.backend != snap.backend) {
    latency_ = LatencyHistogram::with_default_buckets(snap.backend);
    latencies_seen_ = 0;
  }
  latency_.add(snap.tick_to_quote_ns);
  latencies_seen_ = snap.tick_to_quote_total;
  s.tick_to_quote.push_back(latency_);

  if (snap.tables_loaded != tables_seen_) {
    surfaces_.clear();
    for (const live::LoadedTable& t : trader_.loaded_tables()) surfaces_.push_back(surface_view(t));
    tables_seen_ = snap.tables_loaded;
  }
  s.surfaces_version = tables_seen_;
  s.surfaces = surfaces_;
  return s;
}

}  // namespace hlmm::dashboard
