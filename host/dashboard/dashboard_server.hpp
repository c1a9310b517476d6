// The dashboard on the network: plain HTTP and a WebSocket on one I/O thread of its own (Boost.Beast,
// the style of sim/venue/venue_server), bound to 127.0.0.1 unless told otherwise.
//
//   GET  /                 the page (index.html from the assets directory)
//   GET  /assets/NAME      its scripts, styles and the plotting library, from the same directory
//   GET  /ws               WebSocket: history + surfaces on connect, then one tick per period (4 Hz)
//   GET  /metrics          Prometheus text exposition of the latest state
//   GET  /api/snapshot     the latest tick as JSON
//   POST /api/kill         the kill switch, only when a token was given (Authorization: Bearer T)
//
// Read-only by construction: there is no route that places, changes or cancels an order; the only
// action is the kill switch, which is absent (404) without a token and refuses a wrong one (403).
// Producers call publish() from any thread; the server samples the latest state every period.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "dashboard/dashboard_state.hpp"

namespace hlmm::dashboard {

struct DashboardOptions {
  std::string bind_address = "127.0.0.1";
  unsigned short port = 0;              // 0: an ephemeral port (see port())
  std::filesystem::path assets_dir;     // holds index.html and assets/ (the build tree's web/)
  std::uint64_t period_ms = 250;        // the stream's period: 4 Hz
  std::string kill_token;               // empty: no kill switch over HTTP
  std::size_t history_points = 2400;    // kept for pages that connect later (10 min at 4 Hz)
  std::size_t max_clients = 32;
};

// Where the page's built assets are unless told otherwise (the build tree's web/ directory).
std::filesystem::path default_assets_dir();

// "PORT", "ADDR:PORT" or "[V6]:PORT" into (address, port); throws std::invalid_argument.
std::pair<std::string, unsigned short> parse_listen_address(const std::string& text);
// Throws std::runtime_error naming the missing page (and how to build it) unless `assets_dir`
// holds index.html: what the server's constructor checks, also for a command to check up front.
void require_page(const std::filesystem::path& assets_dir);

class DashboardServer {
 public:
  // Checks the assets (index.html must exist), binds and starts serving on its own thread.
  // `kill` runs on the server's thread when an authorised kill request arrives.
  // Throws std::runtime_error (missing assets, address in use, bad address).
  DashboardServer(DashboardOptions options, std::function<void()> kill = {});
  ~DashboardServer();
  DashboardServer(const DashboardServer&) = delete;
  DashboardServer& operator=(const DashboardServer&) = delete;

  // Thread-safe; the next period's tick carries it.
  void publish(DashboardState state);

  unsigned short port() const;
  std::string url() const;  // http://ADDR:PORT/

  // Closes every connection and joins the thread. Call before the producer behind `kill` goes.
  void stop();

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace hlmm::dashboard
