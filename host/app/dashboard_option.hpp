// The `--dashboard [ADDR:]PORT` and `--dashboard-assets DIR` options every long-running command
// shares (demo, run, backtest replay), and starting the server from them. The kill switch's token
// is read from HLMM_DASHBOARD_TOKEN only, so it never appears on a command line or in `ps`.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "dashboard/dashboard_server.hpp"

namespace CLI {
class App;
}

namespace hlmm::app {

struct DashboardFlags {
  std::string listen;  // [ADDR:]PORT; empty: no dashboard
  std::string assets;  // the built page; empty: dashboard::default_assets_dir()
};

// `with_kill`: the command has something to stop (demo, run), so the help names the token.
void add_dashboard_options(CLI::App* cmd, DashboardFlags& flags, bool with_kill = true);

// Null when no dashboard was asked for. `kill` is served only when HLMM_DASHBOARD_TOKEN is set
// (and never when `kill` is empty: a replay has nothing to stop). Throws std::exception with a
// message for the user (bad address, port in use, assets missing).
std::unique_ptr<dashboard::DashboardServer> start_dashboard(const DashboardFlags& flags, std::function<void()> kill);
// What start_dashboard would refuse without binding anything (the address's form, the page), for
// a command that starts its dashboard only after a long run. Throws like start_dashboard.
void check_dashboard(const DashboardFlags& flags);

}  // namespace hlmm::app
