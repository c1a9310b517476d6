// Self-contained SVG charts and an HTML page that holds them: the reports of `hlmm demo` and
// `hlmm backtest` open in any browser, with no plotting dependency and nothing fetched at view time.
#pragma once

#include <span>
#include <string>
#include <vector>

namespace hlmm::report {

struct Series {
  std::string name;
  std::string color;       // any SVG colour ("#1f77b4")
  std::vector<double> x;
  std::vector<double> y;   // same length as x; NaN leaves a gap
  bool step = false;       // draw as a step function (quotes, inventory)
};

struct ChartOptions {
  int width = 900;
  int height = 260;
  std::string x_label;
  std::string y_label;
};

std::string line_chart_svg(const std::string& title, std::span<const Series> series, const ChartOptions& options = {});

// Counts of `values` in `bins` equal-width bins between the 0.5th and 99.5th percentiles (the
// tails are counted in the edge bins and said so in the caption).
std::string histogram_svg(const std::string& title, std::span<const double> values, int bins,
                          const ChartOptions& options = {});

// A page with a heading, a summary table (label/value pairs) and the fragments in order.
std::string html_page(const std::string& title, std::span<const std::pair<std::string, std::string>> summary,
                      std::span<const std::string> fragments);

// Escapes &, <, >, " for text inside SVG/HTML.
std::string escape_xml(const std::string& text);

}  // namespace hlmm::report
