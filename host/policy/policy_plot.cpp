#include "policy/policy_plot.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <fmt/format.h>

namespace hlmm::policy {
namespace {

// A perceptually ordered blue -> yellow ramp; disabled cells are grey, so they never read as a value.
std::string color(double x, double lo, double hi) {
  if (!std::isfinite(x)) return "#bbbbbb";
  const double t = hi > lo ? std::clamp((x - lo) / (hi - lo), 0.0, 1.0) : 0.5;
  const int r = static_cast<int>(std::lround(40 + t * (250 - 40)));
  const int g = static_cast<int>(std::lround(40 + t * (220 - 40)));
  const int b = static_cast<int>(std::lround(140 + t * (30 - 140)));
  return fmt::format("#{:02x}{:02x}{:02x}", r, g, b);
}

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else out += c;
  }
  return out;
}

}  // namespace

std::string policy_surface_svg(const PolicySurface& s, const std::string& title, double f_slice, int t_bin) {
  const int nq = s.q_levels();
  const int nf = s.f_bins();
  const double inf = std::numeric_limits<double>::infinity();
  double lo = inf, hi = -inf;
  for (int i = 0; i < nq; ++i) {
    for (int j = 0; j < nf; ++j) {
      for (double x : {s.bid_at(t_bin, i, j), s.ask_at(t_bin, i, j)}) {
        if (std::isfinite(x)) {
          lo = std::min(lo, x);
          hi = std::max(hi, x);
        }
      }
    }
  }
  if (!std::isfinite(lo)) lo = hi = 0.0;
  const int W = 980, H = 760;
  const int map_w = 420, map_h = 300, map_y = 60;
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" font-family=\"sans-serif\" "
      "font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
      "<text x=\"20\" y=\"28\" font-size=\"16\">{}</text>\n",
      W, H, escape(title));
  // Heat maps: x = inventory level, y = funding (up = higher funding).
  for (int panel = 0; panel < 2; ++panel) {
    const int x0 = 60 + panel * (map_w + 60);
    const double cw = static_cast<double>(map_w) / nq;
    const double ch = static_cast<double>(map_h) / nf;
    svg += fmt::format("<text x=\"{}\" y=\"{}\">{} offset (USD) over inventory (x) and funding (y)</text>\n", x0,
                       map_y - 8, panel == 0 ? "bid" : "ask");
    for (int i = 0; i < nq; ++i) {
      for (int j = 0; j < nf; ++j) {
        const double v = panel == 0 ? s.bid_at(t_bin, i, j) : s.ask_at(t_bin, i, j);
        svg += fmt::format("<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" fill=\"{}\"/>\n",
                           x0 + i * cw, map_y + (nf - 1 - j) * ch, cw + 0.05, ch + 0.05, color(v, lo, hi));
      }
    }
    svg += fmt::format("<text x=\"{}\" y=\"{}\">q {:g}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">q {:g}</text>\n",
                       x0, map_y + map_h + 16, s.q_nodes.front(), x0 + map_w, map_y + map_h + 16, s.q_nodes.back());
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">f {:.4g}</text>"
                       "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">f {:.4g}</text>\n",
                       x0 - 4, map_y + 10, s.f_nodes.back(), x0 - 4, map_y + map_h, s.f_nodes.front());
  }
  svg += fmt::format("<text x=\"60\" y=\"{}\">colour: {:.4f} USD (blue) .. {:.4f} USD (yellow); grey = side disabled</text>\n",
                     map_y + map_h + 36, lo, hi);

  // Line panel: bid, ask and skew (bid - ask)/2 against inventory at the chosen funding node.
  int jf = 0;
  for (int j = 1; j < nf; ++j) {
    if (std::fabs(s.f_nodes[static_cast<std::size_t>(j)] - f_slice) < std::fabs(s.f_nodes[static_cast<std::size_t>(jf)] - f_slice)) jf = j;
  }
  const int px = 60, py = 440, pw = 860, ph = 260;
  double ylo = std::min(lo, 0.0), yhi = hi;
  for (int i = 0; i < nq; ++i) {
    const double b = s.bid_at(t_bin, i, jf), a = s.ask_at(t_bin, i, jf);
    if (std::isfinite(b) && std::isfinite(a)) {
      ylo = std::min(ylo, (b - a) / 2);
      yhi = std::max(yhi, (b - a) / 2);
    }
  }
  if (yhi <= ylo) yhi = ylo + 1.0;
  const auto X = [&](int i) { return px + (nq > 1 ? pw * static_cast<double>(i) / (nq - 1) : pw / 2.0); };
  const auto Y = [&](double v) { return py + ph - ph * (v - ylo) / (yhi - ylo); };
  svg += fmt::format("<text x=\"{}\" y=\"{}\">quotes against inventory at f = {:.5g} USD/coin/h: "
                     "bid (blue), ask (red), skew (bid - ask)/2 (black)</text>\n",
                     px, py - 12, s.f_nodes[static_cast<std::size_t>(jf)]);
  svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"#444\"/>\n", px, py, pw, ph);
  svg += fmt::format("<line x1=\"{}\" y1=\"{:.2f}\" x2=\"{}\" y2=\"{:.2f}\" stroke=\"#aaa\" stroke-dasharray=\"4 3\"/>\n",
                     px, Y(0.0), px + pw, Y(0.0));
  const auto polyline = [&](auto value, const char* stroke) {
    std::string pts;
    for (int i = 0; i < nq; ++i) {
      const double v = value(i);
      if (std::isfinite(v)) pts += fmt::format("{:.2f},{:.2f} ", X(i), Y(v));
    }
    return fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\" points=\"{}\"/>\n", stroke, pts);
  };
  svg += polyline([&](int i) { return s.bid_at(t_bin, i, jf); }, "#1f5fbf");
  svg += polyline([&](int i) { return s.ask_at(t_bin, i, jf); }, "#c0392b");
  svg += polyline([&](int i) { return (s.bid_at(t_bin, i, jf) - s.ask_at(t_bin, i, jf)) / 2; }, "#000000");
  svg += fmt::format("<text x=\"{}\" y=\"{}\">q {:g}</text><text x=\"{}\" y=\"{}\" text-anchor=\"end\">q {:g}</text>\n",
                     px, py + ph + 16, s.q_nodes.front(), px + pw, py + ph + 16, s.q_nodes.back());
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{:.4g}</text><text x=\"{}\" y=\"{}\" "
                     "text-anchor=\"end\">{:.4g}</text>\n",
                     px - 4, py + 10, yhi, px - 4, py + ph, ylo);
  svg += "</svg>\n";
  return svg;
}

}  // namespace hlmm::policy
