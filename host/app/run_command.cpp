#include "app/run_command.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "app/cli.hpp"
#include "app/config.hpp"
#include "app/json_text.hpp"
#include "app/dashboard_option.hpp"
#include "dashboard/trader_feed.hpp"
#include "hyperliquid/error.hpp"
#include "live/trader.hpp"
#include "policy/named_policies.hpp"

namespace hlmm::app {
namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_run_signal(int) { g_stop = true; }

struct RunOptions {
  std::string host = "api.hyperliquid.xyz";
  std::string port = "443";
  std::string ca_file;
  bool testnet = false;
  std::string coins = "ETH";
  std::string policy = "hjb_fd";
  std::string backend = "sw";
  std::string journal;
  std::string nonce_file;
  std::string config;
  std::optional<std::string> key_file;
  bool kill = false;
  double status_s = 5;
  double run_for_s = 0;
  std::uint64_t dead_man_ms = 15'000;
  DashboardFlags dashboard;
};

double usd(std::int64_t units) { return static_cast<double>(units) / 1e8; }

std::string status_line(double t, const live::TraderSnapshot& s) {
  std::string line = fmt::format("t={:.1f}s {}", t, s.connected ? "up" : "DOWN");
  for (std::size_t i = 0; i < s.coins.size(); ++i) {
    const live::CoinStatus& c = s.coins[i];
    line += fmt::format(" | {} mid {:.6g} quotes {:.6g}/{:.6g} inv {:+.6g}", c.coin, usd(c.best_bid + c.best_ask) / 2,
                        usd(c.our_bid), usd(c.our_ask), usd(c.position));
    if (i < s.risk.assets.size()) {
      const risk::Kpis& k = s.risk.assets[i];
      line += fmt::format(" SCE {:.2f} IER {:.3g}", k.spread_capture_efficiency, k.inventory_efficiency_ratio);
    }
  }
  const risk::RiskSnapshot& r = s.risk;
  line += fmt::format(" | fills {} pnl {:+.2f} | risk {} pass {} resize {} widen {} reject {} dd {:.2f} VaR {:.2f} ES {:.2f}"
                      " | SCE {:.2f} IER {:.3g} RAR {:.2f}",
                      s.fills, usd(s.pnl), r.state.killed ? "KILLED(" + std::string(risk::rule_name(r.state.kill_rule)) + ")" : "ok",
                      r.counters.passed, r.counters.resized, r.counters.widened, r.counters.rejected, r.state.drawdown,
                      r.state.var.parametric_var, r.state.var.parametric_es, r.account.spread_capture_efficiency,
                      r.account.inventory_efficiency_ratio, r.account.risk_adjusted_return);
  if (s.journal.enabled) {
    line += fmt::format(" | journal {} rec {} fills{}", s.journal.records, s.journal.fills,
                        s.journal.write_errors > 0 ? " WRITE ERRORS" : "");
  }
  return line;
}

std::string summary_json(double seconds, const live::TraderSnapshot& s, bool interrupted) {
  std::string positions;
  for (const live::CoinStatus& c : s.coins) {
    if (!positions.empty()) positions += ',';
    positions += fmt::format("{}:{}", json_quoted(c.coin), c.position);
  }
  std::string rules;
  for (std::size_t i = 1; i < risk::kRuleCount; ++i) {
    if (!rules.empty()) rules += ',';
    rules += fmt::format("\"{}\":{}", risk::rule_name(static_cast<risk::Rule>(i)), s.risk.counters.per_rule[i]);
  }
  const risk::RiskSnapshot& r = s.risk;
  return fmt::format(
      "{{\"seconds\":{:.3f},\"fills\":{},\"positions\":{{{}}},\"cash\":{},\"pnl\":{},\"killed\":{},\"kill_rule\":\"{}\","
      "\"gate\":{{\"checked\":{},\"passed\":{},\"resized\":{},\"widened\":{},\"rejected\":{},\"by_rule\":{{{}}},"
      "\"holds_lapsed\":{}}},"
      "\"var\":{{\"parametric\":{:.4f},\"parametric_es\":{:.4f},\"historical\":{:.4f},\"historical_es\":{:.4f}}},"
      "\"kpis\":{{\"spread_capture_efficiency\":{:.6f},\"inventory_efficiency_ratio\":{:.6f},\"risk_adjusted_return\":{:.6f}}},"
      "\"journal\":{{\"enabled\":{},\"records\":{},\"fills\":{},\"recovered_fills\":{},\"position_mismatches\":{},"
      "\"orders_gone\":{},\"orders_unknown\":{},\"truncated_bytes\":{},\"write_errors\":{}}},\"fatal\":{},\"interrupted\":{}}}",
      seconds, s.fills, positions, s.cash, s.pnl, r.state.killed, risk::rule_name(r.state.kill_rule), r.counters.checked,
      r.counters.passed, r.counters.resized, r.counters.widened, r.counters.rejected, rules, r.counters.holds_lapsed,
      r.state.var.parametric_var,
      r.state.var.parametric_es, r.state.var.historical_var, r.state.var.historical_es, r.account.spread_capture_efficiency,
      r.account.inventory_efficiency_ratio, r.account.risk_adjusted_return, s.journal.enabled, s.journal.records,
      s.journal.fills, s.journal.recovered_fills, s.journal.position_mismatches, s.journal.orders_gone,
      s.journal.orders_unknown, s.journal.truncated_bytes, s.journal.write_errors, json_quoted(s.fatal), interrupted);
}

int run_live(RunOptions o, const std::optional<AppConfig>& top_level, bool backend_given) {
  live::TraderConfig tc;
  const SubcommandConfig config = subcommand_config(o.config, "run --config", top_level);
  if (const auto* err = std::get_if<ConfigError>(&config)) {
    std::cerr << "hlmm run: " << err->message << "\n";
    return kExitUsage;
  }
  if (const std::optional<AppConfig>& c = std::get<std::optional<AppConfig>>(config)) {
    apply_to_trader(*c, tc);
    if (c->backend && !backend_given) o.backend = *c->backend;
  }
  if (o.kill) tc.risk.kill_switch = true;
  if (o.testnet && o.host == "api.hyperliquid.xyz") o.host = "api.hyperliquid-testnet.xyz";
  tc.host = o.host;
  tc.port = o.port;
  tc.ca_file = o.ca_file;
  tc.is_mainnet = !o.testnet;
  tc.coins.clear();
  std::stringstream names(o.coins);
  for (std::string c; std::getline(names, c, ',');) {
    if (!c.empty()) tc.coins.push_back(c);
  }
  if (tc.coins.empty()) {
    std::cerr << "hlmm run: --coins names no coin\n";
    return kExitUsage;
  }
  tc.policy = o.policy;
  tc.backend = o.backend;
  tc.journal_dir = o.journal;
  tc.nonce_file = o.nonce_file;
  tc.dead_man_ms = o.dead_man_ms;
  std::optional<hl::PrivateKey> key;
  try {
    // Loaded last, after every other input check; never printed.
    key.emplace(hl::PrivateKey::load(o.key_file));
  } catch (const hl::Error& e) {
    std::cerr << "hlmm run: " << e.what() << "\n";
    return kExitUsage;
  }
  std::signal(SIGINT, on_run_signal);
  std::signal(SIGTERM, on_run_signal);
  live::Trader trader(tc, std::move(*key));
  std::cerr << fmt::format("hlmm run: {} on {}:{} as {}, coins {}, policy {}, backend {}{}\n",
                           o.testnet ? "testnet" : "venue", tc.host, tc.port, trader.address().to_string(), o.coins,
                           o.policy, o.backend, o.journal.empty() ? "" : ", journal " + o.journal);
  std::unique_ptr<dashboard::DashboardServer> board;
  try {
    board = start_dashboard(o.dashboard, [&trader] { trader.kill(); });
  } catch (const std::exception& e) {
    std::cerr << "hlmm run: " << e.what() << "\n";
    return kExitUsage;
  }
  std::optional<dashboard::TraderFeed> feed;
  if (board) {
    feed.emplace(trader, "run", o.policy);
    std::cerr << "hlmm run: dashboard " << board->url() << "\n";
  }
  trader.start();
  const auto start = std::chrono::steady_clock::now();
  double last_line = 0;
  double last_publish = -1;
  live::TraderSnapshot snap;
  for (;;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (g_stop || (o.run_for_s > 0 && t >= o.run_for_s)) break;
    if (board && t - last_publish >= 0.25) {
      board->publish(feed->sample());
      last_publish = t;
    }
    if (t - last_line < o.status_s) continue;
    last_line = t;
    snap = trader.snapshot();
    std::cerr << status_line(t, snap) << "\n";
    if (!snap.fatal.empty()) break;
  }
  if (board) board->stop();  // before the trader stops: its kill action and the feed need it running
  trader.stop();
  snap = trader.snapshot();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cerr << status_line(seconds, snap) << "\n";
  std::cout << summary_json(seconds, snap, g_stop.load()) << "\n" << std::flush;
  return snap.fatal.empty() ? kExitOk : kExitFailure;
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_code, const std::optional<AppConfig>& top_level_config) {
  auto o = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand("run", "Trade live (Hyperliquid mainnet, --testnet, or a compatible venue)");
  cmd->add_option("--host", o->host, "Venue host")->capture_default_str();
  cmd->add_option("--port", o->port, "Venue port")->capture_default_str();
  cmd->add_option("--ca-file", o->ca_file, "PEM to trust instead of the system CA store (e.g. the local venue's)");
  cmd->add_flag("--testnet", o->testnet, "Hyperliquid testnet (api.hyperliquid-testnet.xyz, testnet signatures)");
  cmd->add_option("--coins", o->coins, "Comma-separated coins to quote (venue names)")->capture_default_str();
  cmd->add_option("--policy", o->policy, "Quoting policy")->check(CLI::IsMember(policy::policy_names()))->capture_default_str();
  CLI::Option* backend = cmd->add_option("--backend", o->backend, "Pipeline backend (hlmm devices lists them; default: [engine] backend of the configuration, else sw)")
                             ->capture_default_str();
  cmd->add_option("--journal", o->journal, "Directory of the order/fill journal (recovery on start); none when absent");
  cmd->add_option("--nonce-file", o->nonce_file, "Nonce high-water mark file (survives restarts)");
  cmd->add_option("--config", o->config, "TOML configuration ([risk] limits, [strategy] funding lean, [hedge], [engine]); or hlmm --config")
      ->check(CLI::ExistingFile);
  cmd->add_option("--key-file", o->key_file, "File holding the private key (else HLMM_PRIVATE_KEY)");
  cmd->add_flag("--kill", o->kill, "Start with the kill switch on: cancel everything, quote nothing");
  cmd->add_option("--status-s", o->status_s, "Seconds between status lines on stderr")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--for", o->run_for_s, "Stop after this many seconds (0: until SIGINT/SIGTERM)")->capture_default_str();
  cmd->add_option("--dead-man-ms", o->dead_man_ms, "scheduleCancel deadline kept armed while quoting")
      ->check(CLI::Range(6'000, 600'000))
      ->capture_default_str();
  add_dashboard_options(cmd, o->dashboard);
  cmd->callback([o, &exit_code, &top_level_config, backend] { exit_code = run_live(*o, top_level_config, backend->count() > 0); });
}

}  // namespace hlmm::app
