#include "app/dashboard_option.hpp"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>

#include <CLI/CLI.hpp>

namespace hlmm::app {

void add_dashboard_options(CLI::App* cmd, DashboardFlags& flags, bool with_kill) {
  const std::string listen_help =
      "Serve the live dashboard on [ADDR:]PORT (default address 127.0.0.1; port 0: any free port, printed)";
  cmd->add_option("--dashboard", flags.listen,
                  with_kill ? listen_help + ". The kill switch is served only when HLMM_DASHBOARD_TOKEN is set"
                            : listen_help + "; read-only, no kill switch");
  cmd->add_option("--dashboard-assets", flags.assets,
                  "Directory of the built page (default: the build tree's web/, or HLMM_DASHBOARD_ASSETS)");
}

void check_dashboard(const DashboardFlags& flags) {
  if (flags.listen.empty()) return;
  dashboard::parse_listen_address(flags.listen);
  dashboard::require_page(flags.assets.empty() ? dashboard::default_assets_dir() : std::filesystem::path(flags.assets));
}

std::unique_ptr<dashboard::DashboardServer> start_dashboard(const DashboardFlags& flags, std::function<void()> kill) {
  if (flags.listen.empty()) return nullptr;
  dashboard::DashboardOptions d;
  std::tie(d.bind_address, d.port) = dashboard::parse_listen_address(flags.listen);
  d.assets_dir = flags.assets.empty() ? dashboard::default_assets_dir() : std::filesystem::path(flags.assets);
  if (kill) {
    if (const char* token = std::getenv("HLMM_DASHBOARD_TOKEN"); token != nullptr) d.kill_token = token;
  }
  return std::make_unique<dashboard::DashboardServer>(std::move(d), std::move(kill));
}

}  // namespace hlmm::app
