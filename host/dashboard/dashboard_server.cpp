#include "dashboard/dashboard_server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <spdlog/spdlog.h>

#include "dashboard/metrics.hpp"
#include "dashboard/snapshot_json.hpp"

#ifndef HLMM_DASHBOARD_ASSETS_DIR
#define HLMM_DASHBOARD_ASSETS_DIR ""
#endif

namespace hlmm::dashboard {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

std::filesystem::path default_assets_dir() {
  if (const char* env = std::getenv("HLMM_DASHBOARD_ASSETS"); env != nullptr && *env != '\0') return env;
  return HLMM_DASHBOARD_ASSETS_DIR;
}

std::pair<std::string, unsigned short> parse_listen_address(const std::string& text) {
  std::string host = "127.0.0.1";
  std::string port = text;
  if (!text.empty() && text.front() == '[') {
    const auto close = text.find("]:");
    if (close == std::string::npos) throw std::invalid_argument("dashboard address: expected [V6]:PORT, got " + text);
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else if (const auto colon = text.rfind(':'); colon != std::string::npos) {
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoul(port) > 65535) {
    throw std::invalid_argument("dashboard address: bad port in '" + text + "' (expected [ADDR:]PORT, 0..65535)");
  }
  boost::system::error_code ec;
  asio::ip::make_address(host, ec);
  if (ec) throw std::invalid_argument("dashboard address: '" + host + "' is not an IP address");
  return {host, static_cast<unsigned short>(std::stoul(port))};
}

namespace {

class Session;

std::string_view content_type_of(const std::filesystem::path& p) {
  const std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  return "";
}

// A file name under assets/: letters, digits, '.', '-', '_', no leading dot (so no "..").
bool safe_asset_name(std::string_view name) {
  if (name.empty() || name.front() == '.' || name.size() > 128) return false;
  for (const char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

bool read_file(const std::filesystem::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = std::move(ss).str();
  return true;
}

// Equal-time comparison, so a wrong token's timing says nothing about the right one.
bool same_token(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i % (b.empty() ? 1 : b.size())]);
  return diff == 0 && !b.empty();
}

bool is_loopback(const std::string& address) {
  boost::system::error_code ec;
  const auto a = asio::ip::make_address(address, ec);
  return !ec && a.is_loopback();
}

}  // namespace

struct DashboardServer::Impl {
  Impl(DashboardOptions o, std::function<void()> k)
      : options(std::move(o)), kill(std::move(k)), acceptor(ioc), timer(ioc) {}

  void accept();
  void schedule_tick();
  void on_tick();
  void close_all();
  void broadcast(const std::shared_ptr<const std::string>& text);
  bool host_allowed(std::string_view host) const;

  DashboardOptions options;
  std::function<void()> kill;
  asio::io_context ioc;
  tcp::acceptor acceptor;
  asio::steady_timer timer;
  std::set<std::shared_ptr<Session>> sessions;
  std::thread thread;
  bool stopped = false;
  unsigned short bound_port = 0;

  std::mutex published_mutex;
  std::optional<DashboardState> published;  // the latest publish(), taken by the next tick

  // Owned by the I/O thread.
  DashboardState latest;
  std::string latest_tick = tick_json(DashboardState{});
  std::string latest_surfaces = surfaces_json(DashboardState{});
  std::uint64_t surfaces_version = 0;
  std::deque<HistoryPoint> history;
};

namespace {

// One TCP connection: HTTP requests until it upgrades to a WebSocket or closes.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(DashboardServer::Impl& server, tcp::socket socket)
      : server_(server), stream_(std::make_unique<beast::tcp_stream>(std::move(socket))) {}

  void start() { read_request(); }

  void close() {
    if (closed_) return;
    closed_ = true;
    beast::error_code ignored;
    if (ws_) {
      beast::get_lowest_layer(*ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
      beast::get_lowest_layer(*ws_).close();
    } else if (stream_) {
      stream_->socket().shutdown(tcp::socket::shutdown_both, ignored);
      stream_->close();
    }
    server_.sessions.erase(shared_from_this());
  }

  bool is_websocket() const { return ws_ != nullptr && !closed_; }

  // Slow readers are dropped rather than buffered without bound. Nothing is written before the
  // handshake's response has gone out: Beast's accept does not hold the write side, and takes the
  // server role only once the response is written, so a tick written meanwhile would leave masked,
  // as a client's frame, after or inside the 101 (a browser closes on it). The accept's own
  // handler sends the history and the latest tick, so a tick dropped here is not missed.
  void send(std::shared_ptr<const std::string> text) {
    if (closed_ || !ws_ || !accepted_) return;
    if (outbox_.size() >= 64) {
      spdlog::warn("dashboard: a WebSocket client is too slow; closing it");
      return close();
    }
    outbox_.push_back(std::move(text));
    if (outbox_.size() == 1) write_next();
  }

 private:
  void read_request() {
    parser_.emplace();
    parser_->body_limit(4096);
    parser_->header_limit(16 * 1024);
    stream_->expires_after(std::chrono::seconds(60));
    http::async_read(*stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      self->on_request();
    });
  }

  void reply(const http::request<http::string_body>& req, http::status status, std::string_view type,
             std::string body, std::string_view allow = {}) {
    auto res = std::make_shared<http::response<http::string_body>>(status, req.version());
    res->set(http::field::server, "hlmm-dashboard");
    if (!type.empty()) res->set(http::field::content_type, std::string(type));
    res->set(http::field::cache_control, "no-store");
    res->set("X-Content-Type-Options", "nosniff");
    // Everything the page needs comes from this server; nothing may be loaded from elsewhere.
    // plotly.js sets inline styles, and its WebGL stack (the 3D surface) compiles code with
    // Function(): hence 'unsafe-inline' for styles and 'unsafe-eval', still only for our scripts.
    res->set("Content-Security-Policy",
             "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
             "script-src 'self' 'unsafe-eval'; worker-src 'self' blob:; frame-ancestors 'none'");
    if (!allow.empty()) res->set(http::field::allow, std::string(allow));
    res->keep_alive(req.keep_alive());
    if (req.method() != http::verb::head) {
      res->body() = std::move(body);
      res->prepare_payload();
    } else {
      res->content_length(body.size());
    }
    http::async_write(*stream_, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
      if (ec || !res->keep_alive()) return self->close();
      self->read_request();
    });
  }

  void on_request() {
    auto req = parser_->release();
    const std::string target(req.target());
    const auto host = req[http::field::host];
    if (!server_.host_allowed(std::string_view(host.data(), host.size()))) {
      return reply(req, http::status::forbidden, "text/plain", "unexpected Host header\n");
    }
    if (target == "/ws" && websocket::is_upgrade(req)) return upgrade(std::move(req));
    if (target == "/api/kill") return on_kill(req);
    if (req.method() != http::verb::get && req.method() != http::verb::head) {
      return reply(req, http::status::method_not_allowed, "text/plain", "read-only: GET only\n", "GET, HEAD");
    }
    const std::string path = target.substr(0, target.find('?'));
    if (path == "/metrics") return reply(req, http::status::ok, kMetricsContentType, metrics_text(server_.latest));
    if (path == "/api/snapshot") return reply(req, http::status::ok, "application/json", server_.latest_tick);
    if (path == "/api/surfaces") return reply(req, http::status::ok, "application/json", server_.latest_surfaces);
    if (path == "/healthz") return reply(req, http::status::ok, "text/plain", "ok\n");
    std::filesystem::path file;
    if (path == "/" || path == "/index.html") {
      file = server_.options.assets_dir / "index.html";
    } else if (path.rfind("/assets/", 0) == 0 && safe_asset_name(std::string_view(path).substr(8))) {
      file = server_.options.assets_dir / "assets" / path.substr(8);
    }
    std::string body;
    const std::string_view type = content_type_of(file);
    if (file.empty() || type.empty() || !read_file(file, body)) {
      return reply(req, http::status::not_found, "text/plain", "not found\n");
    }
    reply(req, http::status::ok, type, std::move(body));
  }

  void on_kill(const http::request<http::string_body>& req) {
    if (server_.options.kill_token.empty() || !server_.kill) {
      return reply(req, http::status::not_found, "text/plain", "the kill switch is not enabled on this dashboard\n");
    }
    if (req.method() != http::verb::post) {
      return reply(req, http::status::method_not_allowed, "text/plain", "POST only\n", "POST");
    }
    const auto auth_field = req[http::field::authorization];
    const std::string_view auth(auth_field.data(), auth_field.size());
    constexpr std::string_view kBearer = "Bearer ";
    const bool bearer = auth.substr(0, kBearer.size()) == kBearer;
    if (!bearer || !same_token(auth.substr(kBearer.size()), server_.options.kill_token)) {
      spdlog::warn("dashboard: kill request refused (missing or wrong token)");
      return reply(req, http::status::forbidden, "application/json", R"({"killed":false,"error":"forbidden"})");
    }
    spdlog::warn("dashboard: kill switch engaged over HTTP");
    try {
      server_.kill();
    } catch (const std::exception& e) {
      return reply(req, http::status::internal_server_error, "application/json",
                   std::string(R"({"killed":false,"error":)") + json_quote(e.what()) + "}");
    }
    reply(req, http::status::ok, "application/json", R"({"killed":true})");
  }

  void upgrade(http::request<http::string_body> req) {
    std::size_t clients = 0;
    for (const auto& s : server_.sessions) clients += s->is_websocket();
    if (clients >= server_.options.max_clients) {
      return reply(req, http::status::service_unavailable, "text/plain", "too many dashboard clients\n");
    }
    stream_->expires_never();
    ws_ = std::make_unique<websocket::stream<beast::tcp_stream>>(std::move(*stream_));
    stream_.reset();
    ws_->set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_->read_message_max(4096);
    ws_->async_accept(req, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->close();
      self->accepted_ = true;
      self->send(std::make_shared<const std::string>(history_json(self->server_.history)));
      self->send(std::make_shared<const std::string>(self->server_.latest_surfaces));
      self->send(std::make_shared<const std::string>(self->server_.latest_tick));
      self->read_frame();
    });
  }

  // The page sends nothing that is acted on (read-only); reading notices the close.
  void read_frame() {
    ws_->async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      self->buffer_.consume(self->buffer_.size());
      if (!self->closed_) self->read_frame();
    });
  }

  void write_next() {
    ws_->text(true);
    ws_->async_write(asio::buffer(*outbox_.front()), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      self->outbox_.pop_front();
      if (!self->outbox_.empty() && !self->closed_) self->write_next();
    });
  }

  DashboardServer::Impl& server_;
  std::unique_ptr<beast::tcp_stream> stream_;
  std::unique_ptr<websocket::stream<beast::tcp_stream>> ws_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::deque<std::shared_ptr<const std::string>> outbox_;
  bool closed_ = false;
  bool accepted_ = false;  // the WebSocket handshake's response has been written
};

}  // namespace

// Handlers hold a plain pointer to Impl: they live in `ioc`, which Impl owns (a shared_ptr there
// would be a cycle). stop() joins the thread before Impl can go.
void DashboardServer::Impl::accept() {
  acceptor.async_accept([self = this](beast::error_code ec, tcp::socket socket) {
    if (self->stopped) return;
    if (!ec) {
      auto session = std::make_shared<Session>(*self, std::move(socket));
      self->sessions.insert(session);
      session->start();
    }
    self->accept();
  });
}

void DashboardServer::Impl::schedule_tick() {
  timer.expires_after(std::chrono::milliseconds(options.period_ms));
  timer.async_wait([self = this](beast::error_code ec) {
    if (ec || self->stopped) return;
    self->on_tick();
    self->schedule_tick();
  });
}

void DashboardServer::Impl::on_tick() {
  std::optional<DashboardState> fresh;
  {
    std::lock_guard lock(published_mutex);
    fresh.swap(published);
  }
  if (fresh) {
    latest = std::move(*fresh);
    latest_tick = tick_json(latest);
    history.push_back(history_point(latest));
    while (history.size() > options.history_points) history.pop_front();
    if (latest.surfaces_version != surfaces_version) {
      surfaces_version = latest.surfaces_version;
      latest_surfaces = surfaces_json(latest);
      broadcast(std::make_shared<const std::string>(latest_surfaces));
    }
  }
  // A tick every period even without a new state, so the page can tell the stream is alive.
  broadcast(std::make_shared<const std::string>(latest_tick));
}

void DashboardServer::Impl::broadcast(const std::shared_ptr<const std::string>& text) {
  const auto all = sessions;  // send() may close a slow client, which erases it
  for (const auto& s : all) {
    if (s->is_websocket()) s->send(text);
  }
}

void DashboardServer::Impl::close_all() {
  const auto all = sessions;
  for (const auto& s : all) s->close();
}

bool DashboardServer::Impl::host_allowed(std::string_view host) const {
  // Bound to loopback, only loopback names are accepted: a page on another site cannot reach this
  // one through a DNS name that resolves to 127.0.0.1 (DNS rebinding).
  if (!is_loopback(options.bind_address)) return true;
  const std::string port = ":" + std::to_string(bound_port);
  for (const std::string_view name : {"127.0.0.1", "localhost", "[::1]"}) {
    if (host == name || host == std::string(name) + port) return true;
  }
  return false;
}

void require_page(const std::filesystem::path& assets_dir) {
  const std::filesystem::path index = assets_dir / "index.html";
  if (assets_dir.empty() || !std::filesystem::is_regular_file(index)) {
    throw std::runtime_error("dashboard: no page at '" + index.string() +
                             "' (build the web assets: cmake --build <build> --target hlmm_web, after ./scripts/setup)");
  }
}

DashboardServer::DashboardServer(DashboardOptions options, std::function<void()> kill)
    : impl_(std::make_shared<Impl>(std::move(options), std::move(kill))) {
  require_page(impl_->options.assets_dir);
  if (impl_->options.period_ms == 0) throw std::runtime_error("dashboard: the stream period must be positive");
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(impl_->options.bind_address, ec);
  if (ec) throw std::runtime_error("dashboard: bad bind address '" + impl_->options.bind_address + "'");
  const tcp::endpoint ep(address, impl_->options.port);
  impl_->acceptor.open(ep.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(ep, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("dashboard: cannot listen on " + impl_->options.bind_address + ":" +
                             std::to_string(impl_->options.port) + ": " + ec.message());
  }
  impl_->bound_port = impl_->acceptor.local_endpoint().port();
  if (!is_loopback(impl_->options.bind_address)) {
    spdlog::warn("dashboard: listening on {} (not loopback): plain HTTP, anyone who can reach it can read it",
                 impl_->options.bind_address);
  }
  impl_->accept();
  impl_->schedule_tick();
  impl_->thread = std::thread([impl = impl_] { impl->ioc.run(); });
}

DashboardServer::~DashboardServer() { stop(); }

void DashboardServer::publish(DashboardState state) {
  std::lock_guard lock(impl_->published_mutex);
  impl_->published = std::move(state);
}

unsigned short DashboardServer::port() const { return impl_->bound_port; }

std::string DashboardServer::url() const {
  const std::string& a = impl_->options.bind_address;
  const bool v6 = a.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + a + "]" : a) + ":" + std::to_string(impl_->bound_port) + "/";
}

void DashboardServer::stop() {
  if (!impl_ || !impl_->thread.joinable()) return;
  asio::post(impl_->ioc, [impl = impl_] {
    impl->stopped = true;
    beast::error_code ignored;
    impl->acceptor.close(ignored);
    impl->timer.cancel();
    impl->close_all();
    impl->ioc.stop();
  });
  impl_->thread.join();
}

}  // namespace hlmm::dashboard
