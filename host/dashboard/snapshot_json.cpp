#include "dashboard/snapshot_json.hpp"

#include <cmath>

#include <fmt/format.h>

namespace hlmm::dashboard {
namespace {

void put_number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  fmt::format_to(std::back_inserter(out), "{}", v);
}

void put_field(std::string& out, std::string_view name, double v) {
  out += json_quote(name);
  out += ':';
  put_number(out, v);
}

void put_field(std::string& out, std::string_view name, std::uint64_t v) {
  fmt::format_to(std::back_inserter(out), "{}:{}", json_quote(name), v);
}

void put_field(std::string& out, std::string_view name, bool v) {
  fmt::format_to(std::back_inserter(out), "{}:{}", json_quote(name), v ? "true" : "false");
}

void put_field(std::string& out, std::string_view name, std::string_view v) {
  out += json_quote(name);
  out += ':';
  out += json_quote(v);
}

template <class T>
void put_array(std::string& out, std::string_view name, const std::vector<T>& values) {
  out += json_quote(name);
  out += ":[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ',';
    if constexpr (std::is_floating_point_v<T>) {
      put_number(out, values[i]);
    } else {
      fmt::format_to(std::back_inserter(out), "{}", values[i]);
    }
  }
  out += ']';
}

void put_coin(std::string& out, const CoinView& c) {
  out += '{';
  put_field(out, "coin", c.coin);
  for (const auto& [name, v] : {std::pair<std::string_view, double>{"mid", c.mid()},
                               {"best_bid", c.best_bid},
                               {"best_ask", c.best_ask},
                               {"our_bid", c.our_bid},
                               {"our_ask", c.our_ask},
                               {"our_bid_size", c.our_bid_size},
                               {"our_ask_size", c.our_ask_size},
                               {"position", c.position},
                               {"position_limit", c.position_limit},
                               {"funding", c.funding},
                               {"skew", c.skew()}}) {
    out += ',';
    put_field(out, name, v);
  }
  out += '}';
}

}  // namespace

std::string json_quote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", c);
        } else {
          out += ch;
        }
    }
  }
  out += '"';
  return out;
}

HistoryPoint history_point(const DashboardState& s) { return HistoryPoint{s.uptime_s, s.pnl, s.coins}; }

std::string tick_json(const DashboardState& s) {
  std::string out = "{\"type\":\"tick\",";
  put_field(out, "source", s.source);
  out += ',';
  put_field(out, "policy", s.policy);
  out += ',';
  put_field(out, "backend", s.backend);
  out += ',';
  put_field(out, "t", s.uptime_s);
  out += ',';
  put_field(out, "connected", s.connected);
  out += ',';
  put_field(out, "ready", s.ready);
  out += ',';
  put_field(out, "killed", s.killed);
  out += ',';
  put_field(out, "kill_reason", s.kill_reason);
  out += ',';
  put_field(out, "fatal", s.fatal);
  out += ",\"kpi\":{";
  put_field(out, "pnl", s.pnl);
  out += ',';
  put_field(out, "cash", s.cash);
  out += ',';
  put_field(out, "fills", s.fills);
  out += ',';
  put_field(out, "fills_per_minute", s.fills_per_minute);
  out += ',';
  put_field(out, "fill_ratio", s.fill_ratio());
  for (const auto& [name, v] : {std::pair<std::string_view, std::uint64_t>{"frames", s.frames},
                               {"parse_errors", s.parse_errors},
                               {"requests", s.requests},
                               {"responses", s.responses},
                               {"exchange_errors", s.exchange_errors},
                               {"resyncs", s.resyncs},
                               {"quotes", s.quotes}}) {
    out += ',';
    put_field(out, name, v);
  }
  out += "},\"coins\":[";
  for (std::size_t i = 0; i < s.coins.size(); ++i) {
    if (i) out += ',';
    put_coin(out, s.coins[i]);
  }
  out += "],\"rules\":[";
  for (std::size_t i = 0; i < s.rules.size(); ++i) {
    const RuleCount& r = s.rules[i];
    if (i) out += ',';
    out += '{';
    put_field(out, "source", r.source);
    out += ',';
    put_field(out, "rule", r.rule);
    out += ',';
    put_field(out, "kind", r.kind);
    out += ',';
    put_field(out, "count", r.count);
    out += '}';
  }
  out += "],\"latency\":[";
  for (std::size_t i = 0; i < s.tick_to_quote.size(); ++i) {
    const LatencyHistogram& h = s.tick_to_quote[i];
    if (i) out += ',';
    out += '{';
    put_field(out, "backend", h.backend);
    out += ',';
    put_array(out, "upper_ns", h.upper_ns);
    out += ',';
    put_array(out, "counts", h.counts);
    out += ',';
    put_field(out, "count", h.count);
    out += ',';
    put_field(out, "sum_ns", h.sum_ns);
    out += ',';
    put_field(out, "p50_bound_ns", h.quantile_bound_ns(0.5));
    out += ',';
    put_field(out, "p99_bound_ns", h.quantile_bound_ns(0.99));
    out += '}';
  }
  out += "],";
  put_field(out, "surfaces_version", s.surfaces_version);
  out += '}';
  return out;
}

std::string surfaces_json(const DashboardState& s) {
  std::string out = "{\"type\":\"surfaces\",";
  put_field(out, "version", s.surfaces_version);
  out += ",\"surfaces\":[";
  for (std::size_t i = 0; i < s.surfaces.size(); ++i) {
    const SurfaceView& v = s.surfaces[i];
    if (i) out += ',';
    out += '{';
    put_field(out, "coin", v.coin);
    out += ',';
    put_field(out, "policy", v.policy);
    out += ',';
    put_array(out, "q_nodes", v.q_nodes);
    out += ',';
    put_array(out, "f_nodes", v.f_nodes);
    out += ',';
    put_array(out, "bid", v.bid);
    out += ',';
    put_array(out, "ask", v.ask);
    out += '}';
  }
  out += "]}";
  return out;
}

std::string history_json(const std::deque<HistoryPoint>& history) {
  std::string out = "{\"type\":\"history\",\"points\":[";
  bool first = true;
  for (const HistoryPoint& p : history) {
    if (!first) out += ',';
    first = false;
    out += '{';
    put_field(out, "t", p.t);
    out += ',';
    put_field(out, "pnl", p.pnl);
    out += ",\"coins\":[";
    for (std::size_t i = 0; i < p.coins.size(); ++i) {
      if (i) out += ',';
      put_coin(out, p.coins[i]);
    }
    out += "]}";
  }
  out += "]}";
  return out;
}

}  // namespace hlmm::dashboard
