#include "dashboard/metrics.hpp"

#include <cmath>

#include <fmt/format.h>

namespace hlmm::dashboard {
namespace {

std::string label_value(std::string_view v) {
  std::string out;
  for (const char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string number(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", v);
}

class Writer {
 public:
  void family(std::string_view name, std::string_view type, std::string_view help) {
    fmt::format_to(std::back_inserter(out_), "# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
  }
  void sample(std::string_view name, std::string_view labels, double v) {
    out_ += name;
    if (!labels.empty()) fmt::format_to(std::back_inserter(out_), "{{{}}}", labels);
    out_ += ' ';
    out_ += number(v);
    out_ += '\n';
  }
  void sample(std::string_view name, std::string_view labels, std::uint64_t v) {
    out_ += name;
    if (!labels.empty()) fmt::format_to(std::back_inserter(out_), "{{{}}}", labels);
    fmt::format_to(std::back_inserter(out_), " {}\n", v);
  }
  void gauge(std::string_view name, std::string_view help, double v) {
    family(name, "gauge", help);
    sample(name, "", v);
  }
  void counter(std::string_view name, std::string_view help, std::uint64_t v) {
    family(name, "counter", help);
    sample(name, "", v);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

std::string coin_label(const CoinView& c) { return fmt::format("coin=\"{}\"", label_value(c.coin)); }

}  // namespace

std::string metrics_text(const DashboardState& s) {
  Writer w;
  w.family("hlmm_info", "gauge", "Constant 1, labelled with what is running");
  w.sample("hlmm_info",
           fmt::format("source=\"{}\",policy=\"{}\",backend=\"{}\"", label_value(s.source), label_value(s.policy),
                       label_value(s.backend)),
           1.0);
  w.gauge("hlmm_uptime_seconds", "Seconds since the producer started", s.uptime_s);
  w.gauge("hlmm_connected", "1 while the market data connection is up", s.connected ? 1.0 : 0.0);
  w.gauge("hlmm_ready", "1 once the pipeline is configured and subscriptions are sent", s.ready ? 1.0 : 0.0);
  w.gauge("hlmm_kill_switch", "1 when the kill switch is engaged", s.killed ? 1.0 : 0.0);
  w.gauge("hlmm_pnl_usd", "PnL marked to the mid, fees included, USD", s.pnl);
  w.gauge("hlmm_cash_usd", "Cash from our fills, fees included, USD", s.cash);
  w.gauge("hlmm_fills_per_minute", "Fills over the last minute", s.fills_per_minute);
  w.counter("hlmm_fills_total", "Fills of our orders", s.fills);
  w.counter("hlmm_frames_total", "WebSocket frames received", s.frames);
  w.counter("hlmm_parse_errors_total", "Frames refused by the decoder", s.parse_errors);
  w.counter("hlmm_requests_total", "Signed requests sent", s.requests);
  w.counter("hlmm_responses_total", "Responses to our requests", s.responses);
  w.counter("hlmm_exchange_errors_total", "Errors the exchange returned", s.exchange_errors);
  w.counter("hlmm_resyncs_total", "Reconnects after which books and orders were resynced", s.resyncs);
  w.counter("hlmm_quotes_total", "Quote intents the pipeline produced", s.quotes);

  const std::pair<const char*, const char*> coin_gauges[] = {
      {"hlmm_inventory_coins", "Position, coins"},
      {"hlmm_inventory_limit_coins", "Position limit, coins"},
      {"hlmm_mid_usd", "Mid of the top of book, USD"},
      {"hlmm_funding_usd_per_coin_hour", "Cash funding (mid x hourly rate), USD per coin per hour"},
      {"hlmm_quote_skew_usd", "Centre of our two quotes minus the mid, USD"},
  };
  for (const auto& [name, help] : coin_gauges) {
    w.family(name, "gauge", help);
    for (const CoinView& c : s.coins) {
      const std::string_view n = name;
      const double v = n == "hlmm_inventory_coins"         ? c.position
                       : n == "hlmm_inventory_limit_coins" ? c.position_limit
                       : n == "hlmm_mid_usd"               ? c.mid()
                       : n == "hlmm_funding_usd_per_coin_hour" ? c.funding
                                                               : c.skew();
      w.sample(name, coin_label(c), v);
    }
  }
  w.family("hlmm_quote_price_usd", "gauge", "Our resting quote, USD (0: none on that side)");
  for (const CoinView& c : s.coins) {
    w.sample("hlmm_quote_price_usd", coin_label(c) + ",side=\"bid\"", c.our_bid);
    w.sample("hlmm_quote_price_usd", coin_label(c) + ",side=\"ask\"", c.our_ask);
  }

  w.family("hlmm_rule_hits_total", "counter", "Rejects and cancels by the rule that caused them");
  for (const RuleCount& r : s.rules) {
    w.sample("hlmm_rule_hits_total",
             fmt::format("source=\"{}\",rule=\"{}\",kind=\"{}\"", label_value(r.source), label_value(r.rule),
                         label_value(r.kind)),
             r.count);
  }

  w.family("hlmm_tick_to_quote_seconds", "histogram", "Frame received to signed request handed to the socket");
  for (const LatencyHistogram& h : s.tick_to_quote) {
    const std::string backend = fmt::format("backend=\"{}\"", label_value(h.backend));
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < h.upper_ns.size(); ++i) {
      cumulative += h.counts[i];
      w.sample("hlmm_tick_to_quote_seconds_bucket",
               fmt::format("{},le=\"{}\"", backend, number(static_cast<double>(h.upper_ns[i]) / 1e9)), cumulative);
    }
    w.sample("hlmm_tick_to_quote_seconds_bucket", backend + ",le=\"+Inf\"", h.count);
    w.sample("hlmm_tick_to_quote_seconds_sum", backend, h.sum_ns / 1e9);
    w.sample("hlmm_tick_to_quote_seconds_count", backend, h.count);
  }
  return w.take();
}

}  // namespace hlmm::dashboard
