#include "app/venue_command.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/cli.hpp"
#include "hyperliquid/error.hpp"
#include "venue/venue_server.hpp"

namespace hlmm::app {
namespace {

std::atomic<bool> g_stop{false};
extern "C" void on_stop_signal(int) { g_stop = true; }

struct VenueOptions {
  std::string markets = "eth,btc,sol";
  unsigned short port = 0;
  std::string ca_file = "hlmm-venue-ca.pem";
  std::vector<std::string> accounts;
  double deposit_usdc = 100'000;
  std::uint64_t seed = 1;
  std::uint64_t block_ms = 190;
  double funding_interval_s = 3600;
  double run_for_s = 0;
  bool no_flow = false;
  std::int32_t taker_fee_ppm = 450;  // a second venue stands in for another exchange with its own
  std::int32_t maker_fee_ppm = 150;  // fee schedule and distance (added latency)
  std::uint64_t latency_ms = 0;
};

int run_venue(const VenueOptions& o) {
  venue::VenueConfig config;
  try {
    std::stringstream names(o.markets);
    for (std::string name; std::getline(names, name, ',');) config.assets.push_back(venue::preset_asset(name));
  } catch (const std::invalid_argument& e) {
    std::cerr << "hlmm venue: " << e.what() << "\n";
    return kExitUsage;
  }
  config.exchange.sequencing.block_interval_ms = o.block_ms;
  config.flow.seed = o.seed;
  config.background_flow = !o.no_flow;
  config.exchange.default_fees = exchange::FeeRates{o.taker_fee_ppm, o.maker_fee_ppm};
  config.funding_interval_ms = static_cast<std::uint64_t>(o.funding_interval_s * 1000);
  std::vector<hl::Address> accounts;
  for (const std::string& a : o.accounts) {
    try {
      accounts.push_back(hl::Address::parse(a));
    } catch (const hl::Error& e) {
      std::cerr << "hlmm venue: --account " << a << ": " << e.what() << "\n";
      return kExitUsage;
    }
  }
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  venue::VenueServerOptions server_options{"127.0.0.1", o.port, o.ca_file, 10};
  server_options.added_latency_ms = o.latency_ms;
  venue::VenueServer server(config, server_options);
  const auto deposit = static_cast<exchange::Money>(o.deposit_usdc * kPriceScale);
  server.with_core([&](venue::VenueCore& core) {
    for (const hl::Address& a : accounts) core.add_account(a, deposit);
  });
  std::cout << fmt::format("hlmm venue: https://127.0.0.1:{0} (/info, /exchange) and wss://127.0.0.1:{0}/ws; "
                           "trust {1}; {2} account(s); markets {3}\n",
                           server.port(), o.ca_file, accounts.size(), o.markets)
            << std::flush;
  const auto start = std::chrono::steady_clock::now();
  while (!g_stop) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (o.run_for_s > 0 && std::chrono::steady_clock::now() - start >= std::chrono::duration<double>(o.run_for_s)) break;
  }
  venue::VenueStats stats;
  server.with_core([&](venue::VenueCore& core) { stats = core.stats(); });
  server.stop();
  std::cout << fmt::format("hlmm venue: stopped; {} requests, {} actions, {} refused (auth), {} refused (parse)\n",
                           stats.requests, stats.actions, stats.rejected_auth, stats.rejected_parse);
  return kExitOk;
}

}  // namespace

void add_venue_command(CLI::App& app, int& exit_code) {
  auto opts = std::make_shared<VenueOptions>();
  CLI::App* cmd = app.add_subcommand("venue", "Run the local Hyperliquid-compatible exchange alone (TLS on 127.0.0.1)");
  cmd->add_option("--markets", opts->markets, "Comma-separated presets: eth, btc, sol")->capture_default_str();
  cmd->add_option("--port", opts->port, "TCP port (0: any free port, printed at start)")->capture_default_str();
  cmd->add_option("--ca-file", opts->ca_file, "Where to write the venue's CA certificate for clients to trust")
      ->capture_default_str();
  cmd->add_option("--account", opts->accounts, "An address that may trade (repeatable)");
  cmd->add_option("--deposit", opts->deposit_usdc, "USDC credited to each --account")->capture_default_str();
  cmd->add_option("--seed", opts->seed, "Seed of the background market flow")->capture_default_str();
  cmd->add_option("--block-ms", opts->block_ms, "Block interval in ms (effects visible after two blocks)")
      ->check(CLI::Range(1, 10'000))
      ->capture_default_str();
  cmd->add_option("--funding-interval", opts->funding_interval_s, "Seconds between funding settlements")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--for", opts->run_for_s, "Stop after this many seconds (0: until Ctrl-C)")->capture_default_str();
  cmd->add_flag("--no-flow", opts->no_flow, "No background market flow (an empty book)");
  cmd->add_option("--taker-fee-ppm", opts->taker_fee_ppm, "Taker fee, millionths of notional")
      ->check(CLI::Range(-10'000, 10'000))
      ->capture_default_str();
  cmd->add_option("--maker-fee-ppm", opts->maker_fee_ppm, "Maker fee, millionths of notional (negative: rebate)")
      ->check(CLI::Range(-10'000, 10'000))
      ->capture_default_str();
  cmd->add_option("--latency-ms", opts->latency_ms, "Delay added to every response and push (a farther venue)")
      ->check(CLI::Range(0, 10'000))
      ->capture_default_str();
  cmd->callback([opts, &exit_code] { exit_code = run_venue(*opts); });
}

}  // namespace hlmm::app
