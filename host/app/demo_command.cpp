#include "app/demo_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/arb_demo.hpp"
#include "app/cli.hpp"
#include "app/config.hpp"
#include "app/json_text.hpp"
#include "app/dashboard_option.hpp"
#include "app/parity_demo.hpp"
#include "dashboard/trader_feed.hpp"
#include "live/trader.hpp"
#include "policy/named_policies.hpp"
#include "policy/presets.hpp"
#include "report/svg_chart.hpp"
#include "venue/venue_server.hpp"

namespace hlmm::app {
namespace {

std::atomic<bool> g_interrupted{false};
extern "C" void on_demo_signal(int) { g_interrupted = true; }

struct DemoOptions {
  double seconds = 60;
  std::string backend = "sw";
  std::string policy = "hjb_fd";
  std::string markets = "eth";
  std::string report = "hlmm-demo-report.html";
  std::uint64_t seed = 1;
  std::uint64_t block_ms = 190;
  bool json = false;
  std::string risk_config;  // a TOML file whose [risk] section sets the gate's limits
  bool with_arb = false;    // a second venue and the cross-venue arbitrage (app/arb_demo.hpp)
  bool with_parity = false; // an outcome listed on the venue and the parity trader (app/parity_demo.hpp)
  DashboardFlags dashboard;
};

double usd(std::int64_t units) { return static_cast<double>(units) / 1e8; }

std::uint64_t percentile(std::vector<std::uint64_t> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

struct Sample {
  double t = 0;
  std::vector<live::CoinStatus> coins;
  double pnl = 0;
};

std::string status_line(double t, const live::TraderSnapshot& s, std::uint64_t p50, std::uint64_t p99) {
  std::string line = fmt::format("t={:5.1f}s", t);
  for (const live::CoinStatus& c : s.coins) {
    line += fmt::format(" | {} mid {:.6g} quotes {:.6g}/{:.6g} inv {:+.4g}", c.coin, usd(c.best_bid + c.best_ask) / 2,
                        usd(c.our_bid), usd(c.our_ask), usd(c.position));
  }
  line += fmt::format(" | fills {} pnl {:+.2f} | t2q p50 {:.1f}us p99 {:.1f}us", s.fills, usd(s.pnl), p50 / 1e3,
                      p99 / 1e3);
  line += fmt::format(" | SCE {:.2f} IER {:.3g}{}", s.risk.account.spread_capture_efficiency,
                      s.risk.account.inventory_efficiency_ratio, s.risk.state.killed ? " KILLED" : "");
  return line;
}

bool write_report(const std::string& path, const DemoOptions& o, const std::vector<Sample>& samples,
                  const live::TraderSnapshot& last, const std::vector<std::pair<std::string, std::string>>& summary) {
  std::vector<std::string> fragments;
  const std::size_t coins = samples.empty() ? 0 : samples.front().coins.size();
  for (std::size_t c = 0; c < coins; ++c) {
    const std::string& coin = samples.front().coins[c].coin;
    report::Series mid{"mid", "#444444", {}, {}, false};
    report::Series bid{"our bid", "#2ca02c", {}, {}, true};
    report::Series ask{"our ask", "#d62728", {}, {}, true};
    report::Series inv{"inventory", "#1f77b4", {}, {}, true};
    for (const Sample& s : samples) {
      const live::CoinStatus& st = s.coins[c];
      const double nan = std::nan("");
      mid.x.push_back(s.t);
      mid.y.push_back(st.best_bid > 0 && st.best_ask > 0 ? usd(st.best_bid + st.best_ask) / 2 : nan);
      bid.x.push_back(s.t);
      bid.y.push_back(st.our_bid > 0 ? usd(st.our_bid) : nan);
      ask.x.push_back(s.t);
      ask.y.push_back(st.our_ask > 0 ? usd(st.our_ask) : nan);
      inv.x.push_back(s.t);
      inv.y.push_back(usd(st.position));
    }
    const report::Series quotes[] = {mid, bid, ask};
    fragments.push_back(report::line_chart_svg(coin + ": mid and our quotes", quotes, {900, 280, "seconds", "USD"}));
    fragments.push_back(report::line_chart_svg(coin + ": inventory", std::span(&inv, 1), {900, 200, "seconds", coin}));
  }
  report::Series pnl{"PnL (marked to mid, fees included)", "#9467bd", {}, {}, false};
  for (const Sample& s : samples) {
    pnl.x.push_back(s.t);
    pnl.y.push_back(s.pnl);
  }
  fragments.push_back(report::line_chart_svg("PnL", std::span(&pnl, 1), {900, 220, "seconds", "USD"}));
  std::vector<double> micros;
  for (const std::uint64_t ns : last.tick_to_quote_ns) micros.push_back(static_cast<double>(ns) / 1e3);
  fragments.push_back(report::histogram_svg("tick-to-quote (frame received -> signed request sent), us", micros, 40,
                                            {900, 220, "microseconds", "frames"}));
  std::ofstream out(path, std::ios::trunc);
  out << report::html_page("hlmm demo: " + o.policy + " on " + o.markets + " (" + o.backend + " backend)", summary,
                           fragments);
  out.flush();
  return static_cast<bool>(out);
}

int run_demo(DemoOptions o, const std::optional<AppConfig>& top_level, bool backend_given) {
  const SubcommandConfig config = subcommand_config(o.risk_config, "demo --risk-config", top_level);
  if (const auto* err = std::get_if<ConfigError>(&config)) {
    std::cerr << "hlmm demo: " << err->message << "\n";
    return kExitUsage;
  }
  const std::optional<AppConfig>& file_config = std::get<std::optional<AppConfig>>(config);
  if (file_config && file_config->backend && !backend_given) o.backend = *file_config->backend;
  // Found before the run rather than after it: the report is the run's result.
  if (const auto dir = std::filesystem::path(o.report).parent_path(); !dir.empty() && !std::filesystem::is_directory(dir)) {
    std::cerr << "hlmm demo: cannot write the report to " << o.report << ": no directory " << dir.string() << "\n";
    return kExitUsage;
  }
  venue::VenueConfig vc;
  std::vector<std::string> coins;
  std::vector<double> limits;
  try {
    std::stringstream names(o.markets);
    for (std::string name; std::getline(names, name, ',');) {
      vc.assets.push_back(venue::preset_asset(name));
      coins.push_back(vc.assets.back().spec.name);
      limits.push_back(policy::find_preset(name)->limit);
    }
  } catch (const std::invalid_argument& e) {
    std::cerr << "hlmm demo: " << e.what() << "\n";
    return kExitUsage;
  }
  if (coins.empty()) {
    std::cerr << "hlmm demo: --markets names no market\n";
    return kExitUsage;
  }
  if (o.with_parity) add_parity_outcome(vc, ParityDemoOptions{coins.front()});
  vc.flow.seed = o.seed;
  vc.exchange.sequencing.block_interval_ms = o.block_ms;
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / fmt::format("hlmm-demo-{}-{}", ::getpid(), o.seed);
  std::filesystem::create_directories(dir);
  std::signal(SIGINT, on_demo_signal);
  std::signal(SIGTERM, on_demo_signal);

  venue::VenueServer server(vc, venue::VenueServerOptions{"127.0.0.1", 0, dir / "venue-ca.pem", 5});
  hl::PrivateKey key = hl::PrivateKey::generate();  // paper money: never printed or stored
  const hl::Address address = key.address();
  const exchange::Money deposit = 100'000 * kPriceScale;
  server.with_core([&](venue::VenueCore& core) { core.add_account(address, deposit); });

  live::TraderConfig tc;
  tc.port = std::to_string(server.port());
  tc.ca_file = (dir / "venue-ca.pem").string();
  tc.coins = coins;
  tc.policy = o.policy;
  tc.backend = o.backend;
  if (o.with_parity) tc.gated_coins.push_back(parity_outcome_coin(ParityDemoOptions{coins.front()}));
  server.with_core([&](venue::VenueCore& core) {
    const exchange::FeeRates f = core.config().exchange.default_fees;
    tc.fees = connectors::FeeSchedule{f.maker_ppm / 100.0, f.taker_ppm / 100.0};
  });
  if (file_config) apply_to_trader(*file_config, tc);
  live::Trader trader(tc, std::move(key));
  std::unique_ptr<dashboard::DashboardServer> board;
  std::optional<dashboard::TraderFeed> feed;
  try {
    board = start_dashboard(o.dashboard, [&trader] { trader.kill(); });
  } catch (const std::exception& e) {
    std::cerr << "hlmm demo: " << e.what() << "\n";
    return kExitUsage;
  }
  if (board) {
    feed.emplace(trader, "demo", o.policy);
    (o.json ? std::cerr : std::cout) << "dashboard: " << board->url() << std::endl;
  }
  trader.start();
  std::unique_ptr<ArbDemo> arb;
  if (o.with_arb) {
    try {
      arb = std::make_unique<ArbDemo>(trader, dir, ArbDemoOptions{coins.front(), o.seed, o.block_ms});
    } catch (const std::exception& e) {
      std::cerr << "hlmm demo: --with-arb: " << e.what() << "\n";
      trader.stop();
      return kExitFailure;
    }
  }

  std::unique_ptr<ParityDemo> parity;
  if (o.with_parity) {
    try {
      parity = std::make_unique<ParityDemo>(server, trader, dir, ParityDemoOptions{coins.front()});
    } catch (const std::exception& e) {
      std::cerr << "hlmm demo: --with-parity: " << e.what() << "\n";
      if (arb) arb->stop();
      trader.stop();
      return kExitFailure;
    }
  }

  const bool tty = !o.json && ::isatty(STDOUT_FILENO) != 0;
  const auto start = std::chrono::steady_clock::now();
  std::vector<Sample> samples;
  double max_abs_inventory = 0;
  double last_line = -10;
  double last_publish = -10;
  live::TraderSnapshot snap;
  for (;;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const bool done = g_interrupted || t >= o.seconds;
    snap = trader.snapshot(done || (!o.json && t - last_line >= (tty ? 0.5 : 10.0)));
    if (board && (t - last_publish >= 0.25 || done || !snap.fatal.empty())) {
      board->publish(feed->sample());
      last_publish = t;
    }
    if (!snap.fatal.empty()) break;
    if (arb) arb->on_tick(t);
    if (parity) parity->on_tick(t);
    samples.push_back(Sample{t, snap.coins, usd(snap.pnl)});
    for (const live::CoinStatus& c : snap.coins) max_abs_inventory = std::max(max_abs_inventory, std::abs(usd(c.position)));
    if (!o.json && t - last_line >= (tty ? 0.5 : 10.0)) {
      const std::string line = status_line(t, snap, percentile(snap.tick_to_quote_ns, 0.5), percentile(snap.tick_to_quote_ns, 0.99));
      std::cout << (tty ? "\r" + line + "\033[K" : line + "\n") << std::flush;
      last_line = t;
    }
    if (done) break;
  }
  if (tty) std::cout << "\n";
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (board) board->stop();  // before the trader stops: its kill action needs the trader running
  if (arb) arb->stop();      // the same: its orders on this venue go through the trader
  if (parity) parity->stop();
  trader.stop();
  const live::TraderSnapshot final_snap = trader.snapshot(true);
  // The venue's books are the truth for PnL and what is left resting.
  double venue_pnl = 0;
  std::size_t left_open = 0;
  server.with_core([&](venue::VenueCore& core) {
    venue_pnl = usd(core.exchange().equity(address) - deposit);
    left_open = core.exchange().open_orders(address).size();
  });
  server.stop();
  std::filesystem::remove_all(dir);

  const std::uint64_t p50 = percentile(final_snap.tick_to_quote_ns, 0.5);
  const std::uint64_t p99 = percentile(final_snap.tick_to_quote_ns, 0.99);
  std::vector<std::pair<std::string, std::string>> summary = {
      {"backend", o.backend},
      {"policy", o.policy},
      {"markets", o.markets},
      {"seconds", fmt::format("{:.1f}", seconds)},
      {"fills", std::to_string(final_snap.fills)},
      {"pnl (venue equity change, USD)", fmt::format("{:+.2f}", venue_pnl)},
      {"max |inventory| (coins)", fmt::format("{:.6g}", max_abs_inventory)},
      {"requests sent", std::to_string(final_snap.requests_sent)},
      {"exchange errors", std::to_string(final_snap.exchange_errors)},
      {"orders left resting", std::to_string(left_open)},
      {"spread capture eff. / inventory eff. ratio / risk-adj. return",
       fmt::format("{:.3f} / {:.4g} / {:.2f}", final_snap.risk.account.spread_capture_efficiency,
                   final_snap.risk.account.inventory_efficiency_ratio, final_snap.risk.account.risk_adjusted_return)},
      {"risk gate pass / resize / widen / reject",
       fmt::format("{} / {} / {} / {}{}", final_snap.risk.counters.passed, final_snap.risk.counters.resized,
                   final_snap.risk.counters.widened, final_snap.risk.counters.rejected,
                   final_snap.risk.state.killed ? " (killed: " + std::string(risk::rule_name(final_snap.risk.state.kill_rule)) + ")" : "")},
      {"VaR / ES 99% (parametric, USD)",
       fmt::format("{:.2f} / {:.2f}", final_snap.risk.state.var.parametric_var, final_snap.risk.state.var.parametric_es)},
      {"tick-to-quote p50 / p99", fmt::format("{:.1f} us / {:.1f} us", p50 / 1e3, p99 / 1e3)},
  };
  if (arb) {
    const strategies::ArbStats a = arb->stats();
    summary.emplace_back("arb: dislocations / arbs / legs filled / unwinds",
                         fmt::format("{} / {} / {} / {}", arb->dislocations(), a.arbs, a.legs_filled, a.unwinds));
    summary.emplace_back("arb: realised edge after fees (USD)", fmt::format("{:+.4f} (fees {:.4f})", a.realised_usd, a.fees_usd));
  }
  if (parity) {
    const strategies::ParityStats p = parity->stats();
    summary.emplace_back("parity: mispricings / trades / hedge orders",
                         fmt::format("{} / {} / {}", parity->mispricings(), p.outcome_filled, p.hedge_orders));
    summary.emplace_back("parity: outcome / hedge position",
                         fmt::format("{:+.0f} contracts / {:+.4f} {}", usd(p.outcome_position), usd(p.hedge_position), coins.front()));
    summary.emplace_back("parity: realised / marked PnL (USD)",
                         fmt::format("{:+.4f} / {:+.4f}{}", p.realised_usd, p.marked_usd, p.halted ? " (halted: " + p.halt_reason + ")" : ""));
  }
  if (!final_snap.fatal.empty()) summary.emplace_back("stopped because", final_snap.fatal);
  // The summary is printed either way: the run's figures are not lost with the report.
  const bool report_written = write_report(o.report, o, samples, final_snap, summary);
  if (!report_written) std::cerr << "hlmm demo: cannot write the report to " << o.report << "\n";
  if (o.json) {
    std::cout << fmt::format(
        "{{\"backend\":{},\"policy\":{},\"markets\":{},\"seconds\":{:.3f},\"fills\":{},\"pnl\":{:.8f},"
        "\"max_abs_inventory\":{:.8f},\"inventory_limit\":{:.8f},\"tick_to_quote_p50_ns\":{},\"tick_to_quote_p99_ns\":{},"
        "\"requests\":{},\"exchange_errors\":{},\"orders_left_resting\":{},\"interrupted\":{},\"report\":{},"
        "\"spread_capture_efficiency\":{:.6f},\"inventory_efficiency_ratio\":{:.6f},\"risk_adjusted_return\":{:.6f},"
        "\"risk_resized\":{},\"risk_widened\":{},\"risk_rejected\":{},\"risk_killed\":{}{}}}\n",
        json_quoted(o.backend), json_quoted(o.policy), json_quoted(o.markets), seconds, final_snap.fills, venue_pnl, max_abs_inventory,
        *std::min_element(limits.begin(), limits.end()), p50, p99, final_snap.requests_sent,
        final_snap.exchange_errors, left_open, g_interrupted.load() ? "true" : "false", report_written ? json_quoted(o.report) : std::string("null"),
        final_snap.risk.account.spread_capture_efficiency, final_snap.risk.account.inventory_efficiency_ratio,
        final_snap.risk.account.risk_adjusted_return, final_snap.risk.counters.resized, final_snap.risk.counters.widened,
        final_snap.risk.counters.rejected, final_snap.risk.state.killed,
        (arb ? ",\"arb\":" + arb->json() : "") + (parity ? ",\"parity\":" + parity->json() : ""));
  } else {
    for (const auto& [label, value] : summary) std::cout << fmt::format("{:<32} {}\n", label, value);
    if (report_written) std::cout << "report: " << o.report << "\n";
  }
  return final_snap.fatal.empty() && report_written ? kExitOk : kExitFailure;
}

}  // namespace

void add_demo_command(CLI::App& app, int& exit_code, const std::optional<AppConfig>& top_level_config) {
  auto opts = std::make_shared<DemoOptions>();
  CLI::App* cmd = app.add_subcommand("demo", "Local venue + market maker with paper money; report at the end");
  cmd->add_option("--for", opts->seconds, "Seconds to trade")->check(CLI::PositiveNumber)->capture_default_str();
  CLI::Option* backend = cmd->add_option("--backend", opts->backend, "Pipeline backend (hlmm devices lists them; default: [engine] backend of the configuration, else sw)")
                             ->capture_default_str();
  cmd->add_option("--policy", opts->policy, "Quoting policy: hjb_fd, hjb_jump, pure_as, glft, inventory")
      ->check(CLI::IsMember(policy::policy_names()))
      ->capture_default_str();
  cmd->add_option("--markets", opts->markets, "Comma-separated presets: eth, btc, sol")->capture_default_str();
  cmd->add_option("--report", opts->report, "Where to write the HTML report")->capture_default_str();
  cmd->add_option("--seed", opts->seed, "Seed of the venue's market flow")->capture_default_str();
  cmd->add_option("--block-ms", opts->block_ms, "Venue block interval, ms")->check(CLI::Range(1, 10'000))->capture_default_str();
  add_dashboard_options(cmd, opts->dashboard);
  cmd->add_option("--risk-config", opts->risk_config, "TOML file: [risk] sets the risk gate's limits, [strategy] the inventory policy's funding lean, [hedge] the live delta hedge")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--with-arb", opts->with_arb,
                "A second local venue (other fees, 30 ms away) and the cross-venue arbitrage beside the market maker");
  cmd->add_flag("--with-parity", opts->with_parity,
                "List a price binary on the first coin and run the perp/outcome parity trader beside the market maker");
  cmd->add_flag("--json", opts->json, "Print the summary as one JSON object instead of the status line");
  cmd->callback([opts, &exit_code, &top_level_config, backend] {
    exit_code = run_demo(*opts, top_level_config, backend->count() > 0);
  });
}

}  // namespace hlmm::app
