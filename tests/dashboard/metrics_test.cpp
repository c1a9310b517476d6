// /metrics is Prometheus text exposition 0.0.4: parsed here line by line with the format's rules
// (names, label syntax and escapes, values, one TYPE per family before its samples, histogram
// buckets cumulative with le increasing and +Inf equal to _count).
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

#include "dashboard/metrics.hpp"
#include "state_fixture.hpp"

namespace hlmm::dashboard {
namespace {

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct Exposition {
  std::map<std::string, std::string> types;  // family -> type
  std::vector<Sample> samples;
};

double parse_value(const std::string& v) {
  if (v == "+Inf") return INFINITY;
  if (v == "-Inf") return -INFINITY;
  if (v == "NaN") return NAN;
  std::size_t used = 0;
  double d = 0;
  try {
    d = std::stod(v, &used);
  } catch (const std::logic_error&) {
    throw std::runtime_error("bad value: " + v);
  }
  if (used != v.size()) throw std::runtime_error("bad value: " + v);
  return d;
}

// The family a sample belongs to: histograms' _bucket/_sum/_count belong to the base name.
std::string family_of(const std::string& name, const std::map<std::string, std::string>& types) {
  if (types.count(name)) return name;
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    const std::string s = suffix;
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      const std::string base = name.substr(0, name.size() - s.size());
      if (types.count(base) && types.at(base) == "histogram") return base;
    }
  }
  throw std::runtime_error("sample without a TYPE: " + name);
}

Exposition parse_exposition_lines(const std::string& text);

// A line cut short (out_of_range from at()) is a format error like any other.
Exposition parse_exposition(const std::string& text) {
  try {
    return parse_exposition_lines(text);
  } catch (const std::out_of_range& e) {
    throw std::runtime_error(std::string("truncated line: ") + e.what());
  }
}

Exposition parse_exposition_lines(const std::string& text) {
  static const std::regex kName("[a-zA-Z_:][a-zA-Z0-9_:]*");
  static const std::regex kComment("# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)");
  Exposition e;
  if (text.empty() || text.back() != '\n') throw std::runtime_error("exposition must end with a newline");
  std::istringstream in(text);
  std::set<std::string> helped;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    std::smatch m;
    if (line[0] == '#') {
      if (!std::regex_match(line, m, kComment)) throw std::runtime_error("bad comment: " + line);
      if (m[1] == "TYPE") {
        const std::string type = m[3];
        if (type != "counter" && type != "gauge" && type != "histogram" && type != "summary" && type != "untyped") {
          throw std::runtime_error("bad type: " + line);
        }
        if (!e.types.emplace(m[2], type).second) throw std::runtime_error("TYPE twice: " + line);
      } else if (!helped.insert(m[2]).second) {
        throw std::runtime_error("HELP twice: " + line);
      }
      continue;
    }
    Sample s;
    std::size_t i = 0;
    while (i < line.size() && line[i] != '{' && line[i] != ' ') ++i;
    s.name = line.substr(0, i);
    if (!std::regex_match(s.name, kName)) throw std::runtime_error("bad metric name: " + line);
    if (i < line.size() && line[i] == '{') {
      ++i;
      while (line.at(i) != '}') {
        std::size_t j = i;
        while (line.at(j) != '=') ++j;
        const std::string label = line.substr(i, j - i);
        if (!std::regex_match(label, std::regex("[a-zA-Z_][a-zA-Z0-9_]*"))) throw std::runtime_error("bad label: " + line);
        if (line.at(j + 1) != '"') throw std::runtime_error("unquoted label value: " + line);
        std::string value;
        std::size_t k = j + 2;
        for (;; ++k) {
          const char c = line.at(k);
          if (c == '"') break;
          if (c == '\\') {
            const char n = line.at(++k);
            if (n == 'n') value += '\n';
            else if (n == '\\' || n == '"') value += n;
            else throw std::runtime_error("bad escape: " + line);
          } else {
            value += c;
          }
        }
        if (!s.labels.emplace(label, value).second) throw std::runtime_error("label twice: " + line);
        i = k + 1;
        if (line.at(i) == ',') ++i;
      }
      ++i;
    }
    if (line.at(i) != ' ') throw std::runtime_error("no space before the value: " + line);
    s.value = parse_value(line.substr(i + 1));
    const std::string family = family_of(s.name, e.types);
    if (e.types.at(family) == "counter" && (s.name.size() < 6 || s.name.substr(s.name.size() - 6) != "_total")) {
      throw std::runtime_error("counter not ending in _total: " + s.name);
    }
    e.samples.push_back(std::move(s));
  }
  return e;
}

// Every histogram series: buckets le increasing, counts cumulative, +Inf == _count, _sum present.
void check_histograms(const Exposition& e) {
  for (const auto& [family, type] : e.types) {
    if (type != "histogram") continue;
    std::map<std::string, std::vector<std::pair<double, double>>> buckets;  // series key -> (le, count)
    std::map<std::string, double> counts, sums;
    for (const Sample& s : e.samples) {
      auto labels = s.labels;
      const std::string le = labels.count("le") ? labels["le"] : "";
      labels.erase("le");
      std::string key;
      for (const auto& [k, v] : labels) key += k + "=" + v + ";";
      if (s.name == family + "_bucket") {
        ASSERT_FALSE(le.empty()) << "bucket without le";
        buckets[key].emplace_back(parse_value(le), s.value);
      } else if (s.name == family + "_count") {
        counts[key] = s.value;
      } else if (s.name == family + "_sum") {
        sums[key] = s.value;
      }
    }
    ASSERT_FALSE(buckets.empty()) << family;
    for (const auto& [key, b] : buckets) {
      ASSERT_TRUE(std::isinf(b.back().first)) << family << " " << key << ": last bucket is not +Inf";
      for (std::size_t i = 1; i < b.size(); ++i) {
        EXPECT_LT(b[i - 1].first, b[i].first) << family << " " << key;
        EXPECT_LE(b[i - 1].second, b[i].second) << family << " " << key << ": buckets not cumulative";
      }
      ASSERT_TRUE(counts.count(key)) << family << " " << key << ": no _count";
      ASSERT_TRUE(sums.count(key)) << family << " " << key << ": no _sum";
      EXPECT_EQ(b.back().second, counts[key]);
    }
  }
}

const Sample* find(const Exposition& e, const std::string& name, const std::map<std::string, std::string>& labels = {}) {
  for (const Sample& s : e.samples) {
    if (s.name != name) continue;
    bool match = true;
    for (const auto& [k, v] : labels) match = match && s.labels.count(k) && s.labels.at(k) == v;
    if (match) return &s;
  }
  return nullptr;
}

TEST(DashboardMetrics, ParsesAsPrometheusTextWithTheStatesNumbers) {
  const DashboardState state = testing::sample_state();
  const std::string text = metrics_text(state);
  Exposition e;
  ASSERT_NO_THROW(e = parse_exposition(text)) << text;
  check_histograms(e);

  EXPECT_EQ(e.types.at("hlmm_fills_total"), "counter");
  EXPECT_EQ(e.types.at("hlmm_pnl_usd"), "gauge");
  EXPECT_EQ(e.types.at("hlmm_tick_to_quote_seconds"), "histogram");
  ASSERT_NE(find(e, "hlmm_fills_total"), nullptr);
  EXPECT_EQ(find(e, "hlmm_fills_total")->value, 7);
  EXPECT_DOUBLE_EQ(find(e, "hlmm_pnl_usd")->value, -3.25);
  EXPECT_EQ(find(e, "hlmm_kill_switch")->value, 0);
  EXPECT_DOUBLE_EQ(find(e, "hlmm_inventory_coins", {{"coin", "ETH"}})->value, -0.15);
  // The label value survives the escaping of quote, backslash and newline.
  EXPECT_NE(find(e, "hlmm_inventory_coins", {{"coin", "we\"ird\\coin\n"}}), nullptr);
  EXPECT_EQ(find(e, "hlmm_rule_hits_total", {{"source", "pipeline"}, {"rule", "position_limit"}, {"kind", "reject"}})->value, 3);
  EXPECT_EQ(find(e, "hlmm_rule_hits_total", {{"source", "gate"}, {"rule", "max_notional"}})->value, 1);
  EXPECT_EQ(find(e, "hlmm_info", {{"policy", "hjb_fd"}, {"backend", "sw"}})->value, 1);

  // The sw histogram: 6 samples, one beyond 100 ms in +Inf only, 2 at or below 2 us.
  EXPECT_EQ(find(e, "hlmm_tick_to_quote_seconds_count", {{"backend", "sw"}})->value, 6);
  EXPECT_EQ(find(e, "hlmm_tick_to_quote_seconds_bucket", {{"backend", "sw"}, {"le", "+Inf"}})->value, 6);
  EXPECT_EQ(find(e, "hlmm_tick_to_quote_seconds_bucket", {{"backend", "sw"}, {"le", "0.1"}})->value, 5);
  EXPECT_EQ(find(e, "hlmm_tick_to_quote_seconds_bucket", {{"backend", "sw"}, {"le", "2e-06"}})->value, 2);
  EXPECT_NEAR(find(e, "hlmm_tick_to_quote_seconds_sum", {{"backend", "sw"}})->value, 0.5020873, 1e-9);
  EXPECT_EQ(find(e, "hlmm_tick_to_quote_seconds_count", {{"backend", "verilator"}})->value, 0);
}

TEST(DashboardMetrics, AnEmptyStateIsStillAValidExposition) {
  const std::string text = metrics_text(DashboardState{});
  Exposition e;
  ASSERT_NO_THROW(e = parse_exposition(text)) << text;
  EXPECT_EQ(find(e, "hlmm_fills_total")->value, 0);
}

TEST(DashboardMetrics, TheParserRefusesWhatPrometheusWould) {
  // The checks above mean something only if the parser fails on broken text.
  EXPECT_THROW(parse_exposition("# TYPE x gauge\nx 1"), std::runtime_error);                   // no final newline
  EXPECT_THROW(parse_exposition("x 1\n"), std::runtime_error);                                 // no TYPE
  EXPECT_THROW(parse_exposition("# TYPE x gauge\nx{a=b} 1\n"), std::runtime_error);            // unquoted label
  EXPECT_THROW(parse_exposition("# TYPE x gauge\nx one\n"), std::runtime_error);               // bad value
  EXPECT_THROW(parse_exposition("# TYPE x counter\nx 1\n"), std::runtime_error);               // counter name
  EXPECT_THROW(parse_exposition("# TYPE 1x gauge\n1x 1\n"), std::runtime_error);               // bad name
  EXPECT_THROW(parse_exposition("# TYPE x gauge\nx{a=\"1\" 1\n"), std::runtime_error);         // unclosed labels
  Exposition bad_histogram = parse_exposition(
      "# TYPE h histogram\nh_bucket{le=\"1\"} 3\nh_bucket{le=\"2\"} 2\nh_bucket{le=\"+Inf\"} 3\nh_sum 1\nh_count 3\n");
  EXPECT_NONFATAL_FAILURE(check_histograms(bad_histogram), "buckets not cumulative");
}

}  // namespace
}  // namespace hlmm::dashboard
