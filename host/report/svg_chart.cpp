#include "report/svg_chart.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

namespace hlmm::report {
namespace {

constexpr int kLeft = 70;
constexpr int kRight = 20;
constexpr int kTop = 30;
constexpr int kBottom = 40;

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  void settle() {
    if (!std::isfinite(lo)) lo = hi = 0;
    if (hi - lo < 1e-12) {
      const double pad = std::max(std::abs(lo) * 1e-3, 1e-9);
      lo -= pad;
      hi += pad;
    }
  }
};

std::string frame(const std::string& title, const ChartOptions& o, const Range& xr, const Range& yr) {
  const int pw = o.width - kLeft - kRight;
  const int ph = o.height - kTop - kBottom;
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" font-family=\"sans-serif\" "
      "font-size=\"11\">\n<text x=\"{2}\" y=\"18\" font-size=\"13\" font-weight=\"bold\">{3}</text>\n"
      "<rect x=\"{2}\" y=\"{4}\" width=\"{5}\" height=\"{6}\" fill=\"none\" stroke=\"#888\"/>\n",
      o.width, o.height, kLeft, escape_xml(title), kTop, pw, ph);
  for (int i = 0; i <= 4; ++i) {
    const double fy = yr.lo + (yr.hi - yr.lo) * i / 4.0;
    const double py = kTop + ph - ph * i / 4.0;
    svg += fmt::format("<text x=\"{}\" y=\"{:.1f}\" text-anchor=\"end\">{:.6g}</text>"
                       "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#eee\"/>\n",
                       kLeft - 4, py + 4, fy, kLeft, py, kLeft + pw, py);
    const double fx = xr.lo + (xr.hi - xr.lo) * i / 4.0;
    const double px = kLeft + pw * i / 4.0;
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"middle\">{:.6g}</text>\n", px, kTop + ph + 14, fx);
  }
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", kLeft + pw / 2, o.height - 6,
                     escape_xml(o.x_label));
  svg += fmt::format("<text x=\"12\" y=\"{}\" transform=\"rotate(-90 12 {})\" text-anchor=\"middle\">{}</text>\n",
                     kTop + ph / 2, kTop + ph / 2, escape_xml(o.y_label));
  return svg;
}

}  // namespace

std::string escape_xml(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string line_chart_svg(const std::string& title, std::span<const Series> series, const ChartOptions& o) {
  Range xr;
  Range yr;
  for (const Series& s : series) {
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (!std::isfinite(s.y[i])) continue;
      xr.add(s.x[i]);
      yr.add(s.y[i]);
    }
  }
  xr.settle();
  yr.settle();
  const double pw = o.width - kLeft - kRight;
  const double ph = o.height - kTop - kBottom;
  auto px = [&](double x) { return kLeft + pw * (x - xr.lo) / (xr.hi - xr.lo); };
  auto py = [&](double y) { return kTop + ph - ph * (y - yr.lo) / (yr.hi - yr.lo); };
  std::string svg = frame(title, o, xr, yr);
  int legend_x = kLeft + 8;
  for (const Series& s : series) {
    std::string path;
    bool pen_down = false;
    double last_y = 0;
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
      if (!std::isfinite(s.y[i])) {
        pen_down = false;
        continue;
      }
      if (pen_down && s.step) path += fmt::format("L{:.1f},{:.1f}", px(s.x[i]), py(last_y));
      path += fmt::format("{}{:.1f},{:.1f}", pen_down ? "L" : "M", px(s.x[i]), py(s.y[i]));
      pen_down = true;
      last_y = s.y[i];
    }
    if (!path.empty()) {
      svg += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.3\"/>\n", path, s.color);
    }
    svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"3\" fill=\"{}\"/><text x=\"{}\" y=\"{}\">{}</text>\n",
                       legend_x, kTop + 8, s.color, legend_x + 14, kTop + 12, escape_xml(s.name));
    legend_x += 24 + static_cast<int>(s.name.size()) * 7;
  }
  svg += "</svg>\n";
  return svg;
}

std::string histogram_svg(const std::string& title, std::span<const double> values, int bins, const ChartOptions& o) {
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  Range xr;
  if (!sorted.empty()) {
    xr.add(sorted[static_cast<std::size_t>(0.005 * static_cast<double>(sorted.size() - 1))]);
    xr.add(sorted[static_cast<std::size_t>(0.995 * static_cast<double>(sorted.size() - 1))]);
  }
  xr.settle();
  bins = std::max(bins, 1);
  std::vector<double> counts(static_cast<std::size_t>(bins), 0.0);
  for (const double v : sorted) {
    const double f = (v - xr.lo) / (xr.hi - xr.lo);
    const int b = std::clamp(static_cast<int>(f * bins), 0, bins - 1);
    counts[static_cast<std::size_t>(b)] += 1;
  }
  Range yr;
  yr.add(0);
  for (const double c : counts) yr.add(c);
  yr.settle();
  std::string svg = frame(title + " (tails beyond the 0.5/99.5 percentiles in the edge bins)", o, xr, yr);
  const double pw = o.width - kLeft - kRight;
  const double ph = o.height - kTop - kBottom;
  for (int b = 0; b < bins; ++b) {
    const double h = ph * counts[static_cast<std::size_t>(b)] / yr.hi;
    svg += fmt::format("<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"#4c78a8\"/>\n",
                       kLeft + pw * b / bins, kTop + ph - h, std::max(pw / bins - 1.0, 0.5), h);
  }
  svg += "</svg>\n";
  return svg;
}

std::string html_page(const std::string& title, std::span<const std::pair<std::string, std::string>> summary,
                      std::span<const std::string> fragments) {
  std::string html = fmt::format(
      "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{0}</title>"
      "<style>body{{font-family:sans-serif;margin:24px}}table{{border-collapse:collapse}}"
      "td{{padding:2px 12px;border-bottom:1px solid #ddd}}</style></head><body>\n<h1>{0}</h1>\n<table>\n",
      escape_xml(title));
  for (const auto& [label, value] : summary) {
    html += fmt::format("<tr><td>{}</td><td>{}</td></tr>\n", escape_xml(label), escape_xml(value));
  }
  html += "</table>\n";
  for (const std::string& f : fragments) html += "<div>" + f + "</div>\n";
  html += "</body></html>\n";
  return html;
}

}  // namespace hlmm::report
