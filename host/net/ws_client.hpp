// WebSocket client over TLS for Hyperliquid's /ws: subscriptions, the application-level heartbeat,
// reconnection with jittered exponential backoff, and `post` requests matched to responses by id.
//
// Threading: all I/O and every callback run on a strand of the executor given. The receive path
// hands each text frame to `on_message` as a view into the read buffer (no copy); it never waits
// for the send path, which is a bounded queue drained by one async write at a time. Public methods
// may be called from any thread; they post to the strand. After stop() or destruction no callback
// is invoked (including pending post callbacks), so callers may destroy what callbacks capture.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "net/error.hpp"
#include "net/tls_context.hpp"

namespace hlmm::net {

using std::chrono::milliseconds;

struct WsClientOptions {
  std::string host;  // DNS name or IP literal; also the name the certificate must carry
  std::string port = "443";
  // Name for SNI and certificate verification when it differs from `host` (e.g. dialing a pinned
  // IP of api.hyperliquid.xyz). Empty: `host`.
  std::string tls_server_name;
  std::string target = "/ws";
  milliseconds connect_timeout{10000};  // TCP connect + TLS handshake + HTTP upgrade, each
  // Hyperliquid closes a connection that has sent nothing for 60 s; both SDKs ping every 50 s.
  milliseconds ping_interval{50000};  // ping when nothing was sent or received for this long
  milliseconds dead_after{60000};     // nothing received (not even a pong) for this long: reconnect
  milliseconds backoff_base{500};
  milliseconds backoff_max{30000};
  milliseconds backoff_reset_after{30000};  // a connection that lived this long resets the backoff
  milliseconds post_timeout{10000};
  std::size_t max_message_bytes = std::size_t{8} << 20;
  std::size_t max_send_queue = 4096;    // messages; beyond it sends fail with send_queue_full
  std::size_t max_inflight_posts = 100;  // venue limit per IP
  std::string user_agent = "hlmm";
};

struct WsCallbacks {
  // One inbound text message, except pongs and post responses, which the client consumes. A
  // message it cannot route (not JSON, no channel) comes here too, after on_error. The view
  // points into the read buffer and is valid only during the call.
  std::function<void(std::string_view text)> on_message;
  // Every successful (re)connect, after the active subscriptions were queued for sending.
  std::function<void()> on_connected;
  // After a reconnect (not the first connect): data was missed, so books are stale until the
  // fresh snapshots that the re-sent subscriptions bring.
  std::function<void()> on_resync_required;
  // The connection went down or could not be made; a reconnect follows unless stopped.
  std::function<void(const Error&)> on_disconnected;
  // Non-fatal trouble the connection survives: an unroutable message, a late post response, a
  // full send queue.
  std::function<void(const Error&)> on_error;
};

// `response_json` is the raw JSON of data.response (a view into the read buffer, valid only
// during the call); empty when `error` is set.
using PostCallback = std::function<void(const Error& error, std::string_view response_json)>;

struct WsStats {
  std::uint64_t connects = 0;
  std::uint64_t messages_received = 0;
  std::uint64_t pings_sent = 0;
  std::uint64_t pongs_received = 0;
};

class WsClient {
 public:
  WsClient(boost::asio::any_io_executor executor, std::shared_ptr<TlsClientContext> tls,
           WsClientOptions options, WsCallbacks callbacks);
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  void start();
  void stop();  // closes gracefully (bounded by connect_timeout) and stops reconnecting

  // `subscription_json` is the subscription object, e.g. {"type":"l2Book","coin":"BTC"}. The
  // client remembers active subscriptions by their exact text and re-sends them on reconnect.
  void subscribe(std::string subscription_json);
  void unsubscribe(std::string subscription_json);

  // `request_json` is the request object, e.g. {"type":"info","payload":{...}}; the client wraps it
  // as {"method":"post","id":N,"request":...}. Fails at once with not_connected when no connection
  // is up: an order must not wait for a reconnect of unknown length.
  void post(std::string request_json, PostCallback callback, std::optional<milliseconds> timeout = {});

  // Any other text message, as is.
  void send_text(std::string text);

  WsStats stats() const noexcept;

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

std::string subscribe_message(std::string_view subscription_json);
std::string unsubscribe_message(std::string_view subscription_json);
std::string post_message(std::uint64_t id, std::string_view request_json);
inline constexpr std::string_view kPingMessage = R"({"method":"ping"})";

// Delay before reconnect attempt `attempt` (0-based): uniform in [cap/2, cap] with
// cap = min(max, base * 2^attempt). Half the cap is fixed so a fleet of clients never retries at
// once and no client hammers the venue (30 new connections/min per IP) with near-zero delays.
milliseconds backoff_delay(unsigned attempt, milliseconds base, milliseconds max, std::mt19937_64& rng);

}  // namespace hlmm::net
