// The local venue on the network: TLS on 127.0.0.1 with a certificate made at start (its CA is
// written to a file the bot trusts), HTTP POST /info and /exchange, and the WebSocket at /ws,
// all on one I/O thread that also drives the venue's clock. A thin transport around VenueCore.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "venue/venue_core.hpp"

namespace hlmm::venue {

struct VenueServerOptions {
  std::string bind_address = "127.0.0.1";
  unsigned short port = 0;                  // 0: an ephemeral port (see port())
  std::filesystem::path ca_file;            // where the CA certificate is written (PEM)
  std::uint64_t tick_ms = 10;               // how often the clock advances the venue
  std::size_t max_body_bytes = 1 << 20;
  // One-way delay added to everything the venue sends (HTTP responses, WebSocket pushes and post
  // answers), in order, so a second local venue can stand in for a farther exchange. 0: none.
  std::uint64_t added_latency_ms = 0;
};

class VenueServer {
 public:
  // Generates the CA and the 127.0.0.1/localhost leaf, writes the CA to options.ca_file,
  // binds, and starts serving on its own thread. Throws std::runtime_error on failure.
  VenueServer(VenueConfig config, VenueServerOptions options);
  ~VenueServer();
  VenueServer(const VenueServer&) = delete;
  VenueServer& operator=(const VenueServer&) = delete;

  unsigned short port() const;
  const std::filesystem::path& ca_file() const;

  // Runs `fn` on the I/O thread with the venue core and waits for it: the only safe way to read
  // or change the venue's state from another thread.
  void with_core(const std::function<void(VenueCore&)>& fn);

  // Drops every open connection without a close handshake, as a network failure would.
  void drop_connections();
  // While set, a WebSocket upgrade is answered by closing the connection (the feed endpoint down)
  // and plain HTTP is still served.
  void refuse_websockets(bool refuse);

  void stop();

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

std::uint64_t wall_clock_ms();

}  // namespace hlmm::venue
