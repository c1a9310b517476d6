#include "net/ws_client.hpp"

#include <fmt/format.h>
#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <deque>
#include <unordered_map>
#include <vector>

#include "net/detail/classify.hpp"

namespace hlmm::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

std::string subscribe_message(std::string_view subscription_json) {
  return fmt::format(R"({{"method":"subscribe","subscription":{}}})", subscription_json);
}
std::string unsubscribe_message(std::string_view subscription_json) {
  return fmt::format(R"({{"method":"unsubscribe","subscription":{}}})", subscription_json);
}
std::string post_message(std::uint64_t id, std::string_view request_json) {
  return fmt::format(R"({{"method":"post","id":{},"request":{}}})", id, request_json);
}

milliseconds backoff_delay(unsigned attempt, milliseconds base, milliseconds max, std::mt19937_64& rng) {
  const auto base_ms = std::max<std::int64_t>(base.count(), 1);
  const auto max_ms = std::max<std::int64_t>(max.count(), base_ms);
  std::int64_t cap = base_ms;
  for (unsigned i = 0; i < attempt && cap < max_ms; ++i) cap *= 2;  // saturates, never overflows
  cap = std::min(cap, max_ms);
  std::uniform_int_distribution<std::int64_t> dist(cap / 2, cap);
  return milliseconds(dist(rng));
}

namespace {

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// The TLS layer under the websocket, with a teardown that just closes the socket. Beast 1.74's
// stock SSL teardown runs SSL_shutdown after failing a connection, and under OpenSSL 3.0 that
// reports "application data after close notify", which Beast then returns *instead of* the error
// that failed the connection (message_too_big, bad opcode, ...). Skipping close_notify on a
// connection we are abandoning costs nothing; losing the real reason costs a diagnosis.
class TlsLayer {
 public:
  using next_layer_type = TlsStream;
  using executor_type = TlsStream::executor_type;

  TlsLayer(const asio::strand<asio::any_io_executor>& strand, asio::ssl::context& ctx) : tls_(strand, ctx) {}

  executor_type get_executor() noexcept { return tls_.get_executor(); }
  TlsStream& next_layer() noexcept { return tls_; }

  template <class MutableBuffers, class Handler>
  auto async_read_some(const MutableBuffers& buffers, Handler&& handler) {
    return tls_.async_read_some(buffers, std::forward<Handler>(handler));
  }
  template <class ConstBuffers, class Handler>
  auto async_write_some(const ConstBuffers& buffers, Handler&& handler) {
    return tls_.async_write_some(buffers, std::forward<Handler>(handler));
  }

  friend void teardown(beast::role_type, TlsLayer& layer, boost::system::error_code& ec) {
    beast::get_lowest_layer(layer.tls_).socket().close(ec);
  }
  template <class Handler>
  friend void async_teardown(beast::role_type, TlsLayer& layer, Handler&& handler) {
    boost::system::error_code ec;
    beast::get_lowest_layer(layer.tls_).socket().close(ec);
    // Never complete inline: Beast expects the handler to run as if posted.
    asio::post(layer.get_executor(), beast::bind_front_handler(std::forward<Handler>(handler), ec));
  }

 private:
  TlsStream tls_;
};

using WsStream = websocket::stream<TlsLayer>;

// One connection attempt and, if it succeeds, its lifetime. A new object per attempt: streams are
// not reusable after an error, and handlers of a dead connection keep it alive until they drain.
struct Conn {
  Conn(const asio::strand<asio::any_io_executor>& strand, asio::ssl::context& ctx) : ws(strand, ctx) {}
  WsStream ws;
  beast::flat_buffer rbuf;
  std::deque<std::string> outq;
  bool writing = false;
  bool open = false;
  Clock::time_point opened_at{};
};

// simdjson 3.0 has raw_json() on objects and arrays only; scalars give their token.
bool raw_json_of(simdjson::ondemand::value& v, std::string_view& out) {
  simdjson::ondemand::json_type type;
  if (v.type().get(type) != simdjson::SUCCESS) return false;
  if (type == simdjson::ondemand::json_type::object) {
    simdjson::ondemand::object o;
    return v.get_object().get(o) == simdjson::SUCCESS && o.raw_json().get(out) == simdjson::SUCCESS;
  }
  if (type == simdjson::ondemand::json_type::array) {
    simdjson::ondemand::array a;
    return v.get_array().get(a) == simdjson::SUCCESS && a.raw_json().get(out) == simdjson::SUCCESS;
  }
  out = v.raw_json_token();
  return true;
}

std::string excerpt(std::string_view s) {
  constexpr std::size_t kMax = 120;
  std::string out(s.substr(0, kMax));
  if (s.size() > kMax) out += "...";
  return out;
}

}  // namespace

struct WsClient::Impl : std::enable_shared_from_this<WsClient::Impl> {
  struct Pending {
    PostCallback callback;
    std::unique_ptr<asio::steady_timer> timer;
  };

  Impl(asio::any_io_executor ex, std::shared_ptr<TlsClientContext> tls_ctx, WsClientOptions opts, WsCallbacks cbs)
      : strand(asio::make_strand(ex)),
        tls(std::move(tls_ctx)),
        options(std::move(opts)),
        callbacks(std::move(cbs)),
        resolver(strand),
        resolve_timer(strand),
        reconnect_timer(strand),
        heartbeat_timer(strand),
        rng(std::random_device{}()) {}

  asio::strand<asio::any_io_executor> strand;
  std::shared_ptr<TlsClientContext> tls;
  WsClientOptions options;
  WsCallbacks callbacks;
  tcp::resolver resolver;
  asio::steady_timer resolve_timer;
  asio::steady_timer reconnect_timer;
  asio::steady_timer heartbeat_timer;
  std::mt19937_64 rng;
  simdjson::ondemand::parser parser;

  std::atomic<bool> stopped{false};
  bool started = false;
  std::shared_ptr<Conn> conn;        // the open connection, or null
  std::shared_ptr<Conn> connecting;  // the attempt under way, or null
  bool ever_connected = false;
  unsigned attempt = 0;
  std::vector<std::string> subscriptions;  // insertion order, so resubscription order is stable
  std::uint64_t next_post_id = 0;
  std::unordered_map<std::uint64_t, Pending> pending;
  Clock::time_point last_send{}, last_recv{}, ping_sent_at{};
  bool ping_outstanding = false;

  std::atomic<std::uint64_t> stat_connects{0}, stat_messages{0}, stat_pings{0}, stat_pongs{0};

  const std::string& server_name() const {
    return options.tls_server_name.empty() ? options.host : options.tls_server_name;
  }

  // ---- callbacks: never after stop() ----
  void report_error(Error err) {
    if (stopped) return;
    spdlog::debug("ws {}: {}", options.host, err.message());
    if (callbacks.on_error) callbacks.on_error(err);
  }

  // ---- connecting ----
  void start() {
    if (started || stopped) return;
    started = true;
    connect();
  }

  void connect() {
    if (stopped) return;
    auto c = std::make_shared<Conn>(strand, tls->native());
    connecting = c;
    resolve_timer.expires_after(options.connect_timeout);
    resolve_timer.async_wait([self = shared_from_this(), c](boost::system::error_code ec) {
      if (!ec && c == self->connecting) self->resolver.cancel();  // getaddrinfo has no deadline of its own
    });
    resolver.async_resolve(options.host, options.port,
                           [self = shared_from_this(), c](boost::system::error_code ec,
                                                          tcp::resolver::results_type results) {
                             self->resolve_timer.cancel();
                             if (self->stopped || c != self->connecting) return;
                             if (ec == asio::error::operation_aborted) {
                               return self->connect_failed({Errc::timeout, "resolve of '" + self->options.host + "' timed out"});
                             }
                             if (ec) {
                               return self->connect_failed(
                                   {Errc::resolve_failed, self->options.host + ": " + ec.message()});
                             }
                             self->on_resolved(c, results);
                           });
  }

  void on_resolved(const std::shared_ptr<Conn>& c, const tcp::resolver::results_type& results) {
    if (Error err = tls->prepare(c->ws.next_layer().next_layer().native_handle(), server_name(), options.port)) {
      return connect_failed(std::move(err));
    }
    beast::get_lowest_layer(c->ws).expires_after(options.connect_timeout);
    beast::get_lowest_layer(c->ws).async_connect(
        results, [self = shared_from_this(), c](boost::system::error_code ec, const tcp::endpoint&) {
          if (self->stopped || c != self->connecting) return;
          if (ec) return self->connect_failed(detail::classify_io_error(ec, "connect"));
          beast::get_lowest_layer(c->ws).expires_after(self->options.connect_timeout);
          c->ws.next_layer().next_layer().async_handshake(asio::ssl::stream_base::client, [self, c](boost::system::error_code hec) {
            if (self->stopped || c != self->connecting) return;
            if (hec) {
              return self->connect_failed(detail::classify_handshake_error(
                  hec, c->ws.next_layer().next_layer().native_handle(), self->server_name()));
            }
            self->upgrade(c);
          });
        });
  }

  void upgrade(const std::shared_ptr<Conn>& c) {
    // The websocket layer keeps its own timers; the TCP one would otherwise cut a quiet stream.
    beast::get_lowest_layer(c->ws).expires_never();
    websocket::stream_base::timeout t{};
    t.handshake_timeout = options.connect_timeout;  // also bounds the closing handshake
    t.idle_timeout = websocket::stream_base::none();  // liveness is the application heartbeat's job
    t.keep_alive_pings = false;
    c->ws.set_option(t);
    c->ws.set_option(websocket::stream_base::decorator(
        [ua = options.user_agent](websocket::request_type& req) { req.set(beast::http::field::user_agent, ua); }));
    c->ws.read_message_max(options.max_message_bytes);
    const std::string host_header = options.port == "443" ? options.host : options.host + ":" + options.port;
    auto response = std::make_shared<websocket::response_type>();
    c->ws.async_handshake(*response, host_header, options.target,
                          [self = shared_from_this(), c, response](boost::system::error_code ec) {
                            if (self->stopped || c != self->connecting) return;
                            if (ec) {
                              Error err = detail::classify_io_error(ec, "websocket handshake");
                              if (ec == websocket::error::upgrade_declined) {
                                err = {Errc::websocket_handshake_failed,
                                       "upgrade declined with HTTP " + std::to_string(response->result_int())};
                              }
                              return self->connect_failed(std::move(err));
                            }
                            self->on_open(c);
                          });
  }

  void connect_failed(Error err) {
    if (connecting) close_socket(*connecting);
    connecting.reset();
    if (!stopped && callbacks.on_disconnected) callbacks.on_disconnected(err);
    schedule_reconnect();
  }

  void schedule_reconnect() {
    if (stopped) return;
    const milliseconds delay = backoff_delay(attempt, options.backoff_base, options.backoff_max, rng);
    ++attempt;
    spdlog::info("ws {}: reconnecting in {} ms (attempt {})", options.host, delay.count(), attempt);
    reconnect_timer.expires_after(delay);
    reconnect_timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec && !self->stopped) self->connect();
    });
  }

  void on_open(const std::shared_ptr<Conn>& c) {
    connecting.reset();
    conn = c;
    c->open = true;
    c->opened_at = last_send = last_recv = Clock::now();
    ping_outstanding = false;
    stat_connects.fetch_add(1, std::memory_order_relaxed);
    const bool resync = ever_connected;
    ever_connected = true;
    spdlog::info("ws {}: connected{}", options.host, resync ? " (reconnect: resubscribing)" : "");
    for (const auto& s : subscriptions) enqueue(c, subscribe_message(s));
    read(c);
    arm_heartbeat();
    if (!stopped && callbacks.on_connected) callbacks.on_connected();
    if (resync && !stopped && callbacks.on_resync_required) callbacks.on_resync_required();
  }

  // ---- losing a connection ----
  static void close_socket(Conn& c) {
    boost::system::error_code ignored;
    beast::get_lowest_layer(c.ws).socket().close(ignored);  // completes its pending ops at once
  }

  void fail_connection(const std::shared_ptr<Conn>& c, Error err) {
    if (c != conn) return;  // already handled
    conn.reset();
    c->open = false;
    close_socket(*c);
    heartbeat_timer.cancel();
    if (Clock::now() - c->opened_at >= options.backoff_reset_after) attempt = 0;
    spdlog::warn("ws {}: connection lost: {}", options.host, err.message());
    // Responses to these posts would arrive on the dead connection only; the caller must re-query.
    auto orphans = std::move(pending);
    pending.clear();
    for (auto& [id, p] : orphans) {
      p.timer->cancel();
      if (!stopped) p.callback({Errc::connection_closed, "connection lost before the response to post id " +
                                                             std::to_string(id)},
                               {});
    }
    if (!stopped && callbacks.on_disconnected) callbacks.on_disconnected(err);
    schedule_reconnect();
  }

  // ---- receiving ----
  void read(const std::shared_ptr<Conn>& c) {
    c->ws.async_read(c->rbuf, [self = shared_from_this(), c](boost::system::error_code ec, std::size_t) {
      if (self->stopped || c != self->conn) return;
      if (ec) {
        Error err = detail::classify_io_error(ec, "read");
        if (ec == websocket::error::closed) {
          err.detail = "server closed the websocket (code " + std::to_string(c->ws.reason().code) + " " +
                       std::string(c->ws.reason().reason.c_str()) + ")";
        }
        return self->fail_connection(c, std::move(err));
      }
      self->last_recv = Clock::now();
      self->stat_messages.fetch_add(1, std::memory_order_relaxed);
      if (!c->ws.got_text()) {
        self->report_error({Errc::invalid_message, "unexpected binary message of " +
                                                       std::to_string(c->rbuf.size()) + " bytes ignored"});
      } else {
        self->route(*c);
      }
      if (c != self->conn) return;  // a callback may have led to stop()
      c->rbuf.consume(c->rbuf.size());
      self->read(c);
    });
  }

  void route(Conn& c) {
    // simdjson reads up to SIMDJSON_PADDING bytes past the end; reserve them in the buffer itself
    // rather than copying the message. prepare() may move the storage, so take the view after it.
    c.rbuf.prepare(simdjson::SIMDJSON_PADDING);
    const auto bytes = c.rbuf.cdata();
    const std::string_view text(static_cast<const char*>(bytes.data()), bytes.size());
    if (text == "Websocket connection established.") return;  // greeting, not data

    simdjson::padded_string_view padded(text.data(), text.size(), text.size() + simdjson::SIMDJSON_PADDING);
    simdjson::ondemand::document doc;
    std::string_view channel;
    if (parser.iterate(padded).get(doc) != simdjson::SUCCESS || doc["channel"].get_string().get(channel) != simdjson::SUCCESS) {
      // Not ours to route, but a frame cut or garbled on the way may have carried data nothing
      // will send again: the reader gets it too, to name its fault and recover what it lost.
      report_error({Errc::invalid_message, "message without a channel: " + excerpt(text)});
      if (!stopped && callbacks.on_message) callbacks.on_message(text);
      return;
    }
    if (channel == "pong") {
      ping_outstanding = false;
      stat_pongs.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    if (channel == "post") return route_post(doc, text);
    if (!stopped && callbacks.on_message) callbacks.on_message(text);
  }

  void route_post(simdjson::ondemand::document& doc, std::string_view text) {
    simdjson::ondemand::object data;
    std::uint64_t id = 0;
    std::string_view response;
    simdjson::ondemand::value response_value;
    if (doc["data"].get_object().get(data) != simdjson::SUCCESS || data["id"].get_uint64().get(id) != simdjson::SUCCESS ||
        data["response"].get(response_value) != simdjson::SUCCESS || !raw_json_of(response_value, response)) {
      return report_error({Errc::invalid_message, "malformed post response: " + excerpt(text)});
    }
    auto it = pending.find(id);
    if (it == pending.end()) {
      return report_error({Errc::invalid_message, "response to unknown or timed-out post id " + std::to_string(id)});
    }
    Pending p = std::move(it->second);
    pending.erase(it);
    p.timer->cancel();
    if (!stopped) p.callback({}, response);
  }

  // ---- sending ----
  bool enqueue(const std::shared_ptr<Conn>& c, std::string msg) {
    if (c->outq.size() >= options.max_send_queue) {
      // Length only: outbound posts carry signed actions, which have no business in logs.
      report_error({Errc::send_queue_full, std::to_string(c->outq.size()) + " messages waiting; dropped one of " +
                                               std::to_string(msg.size()) + " bytes"});
      return false;
    }
    c->outq.push_back(std::move(msg));
    if (!c->writing) write(c);
    return true;
  }

  void write(const std::shared_ptr<Conn>& c) {
    c->writing = true;
    c->ws.text(true);
    c->ws.async_write(asio::buffer(c->outq.front()),
                      [self = shared_from_this(), c](boost::system::error_code ec, std::size_t) {
                        c->writing = false;
                        if (self->stopped || c != self->conn) return;
                        if (ec) return self->fail_connection(c, detail::classify_io_error(ec, "write"));
                        self->last_send = Clock::now();
                        c->outq.pop_front();
                        if (!c->outq.empty()) self->write(c);
                      });
  }

  // ---- heartbeat ----
  void arm_heartbeat() {
    Clock::time_point next = last_recv + options.dead_after;
    if (!ping_outstanding) next = std::min(next, std::min(last_send, last_recv) + options.ping_interval);
    else next = std::min(next, ping_sent_at + options.ping_interval);
    heartbeat_timer.expires_at(next);
    heartbeat_timer.async_wait([self = shared_from_this(), c = conn](boost::system::error_code ec) {
      if (ec || self->stopped || c != self->conn) return;
      self->on_heartbeat(c);
    });
  }

  void on_heartbeat(const std::shared_ptr<Conn>& c) {
    const auto now = Clock::now();
    if (now - last_recv >= options.dead_after) {
      return fail_connection(
          c, {Errc::heartbeat_lost,
              "nothing received for " +
                  std::to_string(std::chrono::duration_cast<milliseconds>(now - last_recv).count()) + " ms"});
    }
    const bool idle = now - last_send >= options.ping_interval || now - last_recv >= options.ping_interval;
    // A ping left unanswered for a whole interval is re-sent: the server also needs to hear from us.
    if (idle && (!ping_outstanding || now - ping_sent_at >= options.ping_interval)) {
      // Marked outstanding even if the queue refused it, so a full queue cannot spin this timer.
      if (enqueue(c, std::string(kPingMessage))) stat_pings.fetch_add(1, std::memory_order_relaxed);
      ping_outstanding = true;
      ping_sent_at = now;
    }
    arm_heartbeat();
  }

  // ---- public operations (on the strand) ----
  void subscribe(std::string s) {
    if (std::find(subscriptions.begin(), subscriptions.end(), s) != subscriptions.end()) return;
    if (conn) enqueue(conn, subscribe_message(s));
    subscriptions.push_back(std::move(s));
  }

  void unsubscribe(const std::string& s) {
    auto it = std::find(subscriptions.begin(), subscriptions.end(), s);
    if (it == subscriptions.end()) return;
    subscriptions.erase(it);
    if (conn) enqueue(conn, unsubscribe_message(s));
  }

  void post(std::string request_json, PostCallback cb, milliseconds timeout) {
    if (stopped) return;
    if (!conn) return cb({Errc::not_connected, "no websocket connection is up"}, {});
    if (pending.size() >= options.max_inflight_posts) {
      return cb({Errc::too_many_inflight, std::to_string(pending.size()) + " posts in flight"}, {});
    }
    const std::uint64_t id = ++next_post_id;
    if (!enqueue(conn, post_message(id, request_json))) {
      return cb({Errc::send_queue_full, "post id " + std::to_string(id) + " not sent"}, {});
    }
    auto timer = std::make_unique<asio::steady_timer>(strand);
    timer->expires_after(timeout);
    timer->async_wait([self = shared_from_this(), id, timeout](boost::system::error_code ec) {
      if (ec || self->stopped) return;
      auto it = self->pending.find(id);
      if (it == self->pending.end()) return;
      Pending p = std::move(it->second);
      self->pending.erase(it);
      p.callback({Errc::timeout, "no response to post id " + std::to_string(id) + " within " +
                                     std::to_string(timeout.count()) + " ms"},
                 {});
    });
    pending.emplace(id, Pending{std::move(cb), std::move(timer)});
  }

  void send_text(std::string text) {
    if (!conn) return report_error({Errc::not_connected, "dropped a message of " + std::to_string(text.size()) + " bytes"});
    enqueue(conn, std::move(text));
  }

  void shutdown() {
    resolver.cancel();
    resolve_timer.cancel();
    reconnect_timer.cancel();
    heartbeat_timer.cancel();
    for (auto& [id, p] : pending) p.timer->cancel();
    pending.clear();
    if (connecting) close_socket(*connecting);
    connecting.reset();
    if (auto c = std::exchange(conn, nullptr)) {
      // A polite close lets the server free the session at once; bounded by handshake_timeout.
      c->ws.async_close(websocket::close_code::normal, [c](boost::system::error_code) { close_socket(*c); });
    }
  }
};

WsClient::WsClient(asio::any_io_executor executor, std::shared_ptr<TlsClientContext> tls, WsClientOptions options,
                   WsCallbacks callbacks)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(tls), std::move(options), std::move(callbacks))) {}

WsClient::~WsClient() { stop(); }

void WsClient::start() {
  asio::post(impl_->strand, [impl = impl_] { impl->start(); });
}

void WsClient::stop() {
  if (impl_->stopped.exchange(true)) return;
  asio::post(impl_->strand, [impl = impl_] { impl->shutdown(); });
}

void WsClient::subscribe(std::string subscription_json) {
  asio::post(impl_->strand, [impl = impl_, s = std::move(subscription_json)]() mutable { impl->subscribe(std::move(s)); });
}

void WsClient::unsubscribe(std::string subscription_json) {
  asio::post(impl_->strand, [impl = impl_, s = std::move(subscription_json)] { impl->unsubscribe(s); });
}

void WsClient::post(std::string request_json, PostCallback callback, std::optional<milliseconds> timeout) {
  const milliseconds t = timeout.value_or(impl_->options.post_timeout);
  asio::post(impl_->strand, [impl = impl_, r = std::move(request_json), cb = std::move(callback), t]() mutable {
    impl->post(std::move(r), std::move(cb), t);
  });
}

void WsClient::send_text(std::string text) {
  asio::post(impl_->strand, [impl = impl_, t = std::move(text)]() mutable { impl->send_text(std::move(t)); });
}

WsStats WsClient::stats() const noexcept {
  return {impl_->stat_connects.load(), impl_->stat_messages.load(), impl_->stat_pings.load(),
          impl_->stat_pongs.load()};
}

}  // namespace hlmm::net
