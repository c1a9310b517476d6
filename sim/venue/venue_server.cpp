#include "venue/venue_server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <chrono>
#include <deque>
#include <fstream>
#include <future>
#include <set>
#include <stdexcept>
#include <thread>

#include "net/self_signed_cert.hpp"
#include "net/tls_context.hpp"

namespace hlmm::venue {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

std::uint64_t wall_clock_ms() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count());
}

namespace {

class Session;

}  // namespace

struct VenueServer::Impl {
  Impl(VenueConfig config, VenueServerOptions opts)
      : options(std::move(opts)), core(std::move(config)), acceptor(ioc), timer(ioc) {}

  void accept();
  void schedule_tick();
  void close_all();

  VenueServerOptions options;
  VenueCore core;
  asio::io_context ioc;
  std::shared_ptr<asio::ssl::context> tls;
  tcp::acceptor acceptor;
  asio::steady_timer timer;
  std::set<std::shared_ptr<Session>> sessions;
  std::thread thread;
  bool stopped = false;
  bool refuse_websockets = false;  // fault injection: upgrades are dropped, HTTP is served
};

namespace {

// One TCP connection: TLS, then HTTP requests until it upgrades to a WebSocket or closes.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(VenueServer::Impl& server, tcp::socket socket)
      : server_(server),
        stream_(std::make_unique<TlsStream>(std::move(socket), *server.tls)),
        delay_timer_(server.ioc) {}

  void start() {
    beast::get_lowest_layer(*stream_).expires_after(std::chrono::seconds(10));
    stream_->async_handshake(asio::ssl::stream_base::server, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->close();
      self->read_request();
    });
  }

  void close() {
    if (closed_) return;
    closed_ = true;
    delay_timer_.cancel();
    if (ws_id_ != 0) server_.core.close_connection(ws_id_);
    beast::error_code ignored;
    if (ws_) {
      beast::get_lowest_layer(*ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
      beast::get_lowest_layer(*ws_).close();
    } else if (stream_) {
      beast::get_lowest_layer(*stream_).socket().shutdown(tcp::socket::shutdown_both, ignored);
      beast::get_lowest_layer(*stream_).close();
    }
    server_.sessions.erase(shared_from_this());
  }

 private:
  void read_request() {
    parser_.emplace();
    parser_->body_limit(server_.options.max_body_bytes);
    beast::get_lowest_layer(*stream_).expires_after(std::chrono::seconds(300));
    http::async_read(*stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      self->on_request();
    });
  }

  void on_request() {
    auto req = parser_->release();
    if (websocket::is_upgrade(req)) return server_.refuse_websockets ? close() : upgrade(std::move(req));
    const bool keep = req.keep_alive();
    const unsigned version = req.version();
    auto reply = [self = shared_from_this(), keep, version](unsigned status, std::string body) {
      if (self->closed_) return;
      const std::uint64_t delay = self->server_.options.added_latency_ms;
      if (delay > 0) {
        // One request at a time per connection, so a timer per response keeps them in order.
        auto timer = std::make_shared<asio::steady_timer>(self->server_.ioc, std::chrono::milliseconds(delay));
        timer->async_wait([self, timer, keep, version, status, body = std::move(body)](beast::error_code ec) mutable {
          if (!ec) self->write_response(keep, version, status, std::move(body));
        });
        return;
      }
      self->write_response(keep, version, status, std::move(body));
    };
    const std::uint64_t now = wall_clock_ms();
    if (req.method() != http::verb::post) return reply(405, R"("only POST is served")");
    if (req.target() == "/info") return server_.core.http_info(req.body(), now, reply);
    if (req.target() == "/exchange") return server_.core.http_exchange(req.body(), now, reply);
    reply(404, R"("not found")");
  }

  void write_response(bool keep, unsigned version, unsigned status, std::string body) {
    if (closed_) return;
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(status), version);
    res->set(http::field::content_type, "application/json");
    res->keep_alive(keep);
    res->body() = std::move(body);
    res->prepare_payload();
    http::async_write(*stream_, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
      if (ec || !res->keep_alive()) return self->close();
      self->read_request();
    });
  }

  void upgrade(http::request<http::string_body> req) {
    beast::get_lowest_layer(*stream_).expires_never();
    ws_ = std::make_unique<websocket::stream<TlsStream>>(std::move(*stream_));
    stream_.reset();
    ws_->set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_->read_message_max(server_.options.max_body_bytes);
    ws_->async_accept(req, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->close();
      std::weak_ptr<Session> weak = self;
      self->ws_id_ = self->server_.core.open_connection([weak](std::string text) {
        if (auto s = weak.lock()) s->send(std::move(text));
      });
      self->read_frame();
    });
  }

  void read_frame() {
    ws_->async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      const std::string text = beast::buffers_to_string(self->buffer_.data());
      self->buffer_.consume(self->buffer_.size());
      self->server_.core.ws_message(self->ws_id_, text, wall_clock_ms());
      if (!self->closed_) self->read_frame();
    });
  }

  void send(std::string text) {
    if (closed_ || !ws_) return;
    const std::uint64_t delay = server_.options.added_latency_ms;
    if (delay == 0) return enqueue(std::move(text));
    delayed_.emplace_back(std::chrono::steady_clock::now() + std::chrono::milliseconds(delay), std::move(text));
    if (delayed_.size() == 1) arm_delay();
  }

  void enqueue(std::string text) {
    outbox_.push_back(std::move(text));
    if (outbox_.size() == 1) write_next();
  }

  // Messages leave in the order they were sent, each once its delay has passed.
  void arm_delay() {
    delay_timer_.expires_at(delayed_.front().first);
    delay_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec || self->closed_) return;
      const auto now = std::chrono::steady_clock::now();
      while (!self->delayed_.empty() && self->delayed_.front().first <= now) {
        self->enqueue(std::move(self->delayed_.front().second));
        self->delayed_.pop_front();
      }
      if (!self->delayed_.empty()) self->arm_delay();
    });
  }

  void write_next() {
    ws_->text(true);
    ws_->async_write(asio::buffer(outbox_.front()), [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      self->outbox_.pop_front();
      if (!self->outbox_.empty()) self->write_next();
    });
  }

  VenueServer::Impl& server_;
  std::unique_ptr<TlsStream> stream_;
  std::unique_ptr<websocket::stream<TlsStream>> ws_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::deque<std::string> outbox_;
  std::deque<std::pair<std::chrono::steady_clock::time_point, std::string>> delayed_;
  asio::steady_timer delay_timer_;
  ConnectionId ws_id_ = 0;
  bool closed_ = false;
};

}  // namespace

// Handlers hold a plain pointer: they live in `ioc`, which Impl owns, so a shared_ptr there would
// be a cycle that keeps Impl alive forever. stop() joins the thread before Impl can go.
void VenueServer::Impl::accept() {
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

void VenueServer::Impl::schedule_tick() {
  timer.expires_after(std::chrono::milliseconds(options.tick_ms));
  timer.async_wait([self = this](beast::error_code ec) {
    if (ec || self->stopped) return;
    self->core.tick(wall_clock_ms());
    self->schedule_tick();
  });
}

void VenueServer::Impl::close_all() {
  const auto all = sessions;  // close() erases from the set
  for (const auto& s : all) s->close();
}

VenueServer::VenueServer(VenueConfig config, VenueServerOptions options)
    : impl_(std::make_shared<Impl>(std::move(config), std::move(options))) {
  const net::GeneratedCert ca = net::generate_ca("hlmm local venue CA", 7);
  const net::GeneratedCert leaf =
      net::generate_leaf(ca, net::CertRequest{"localhost", {"localhost"}, {"127.0.0.1", "::1"}, 7});
  impl_->tls = net::make_server_tls_context(leaf.cert_pem + ca.cert_pem, leaf.key_pem);
  if (!impl_->options.ca_file.empty()) {
    std::ofstream out(impl_->options.ca_file, std::ios::trunc);
    out << ca.cert_pem;  // the certificate only: the CA key never leaves this process
    if (!out) throw std::runtime_error("cannot write the venue CA to " + impl_->options.ca_file.string());
  }
  const tcp::endpoint ep(asio::ip::make_address(impl_->options.bind_address), impl_->options.port);
  impl_->acceptor.open(ep.protocol());
  impl_->acceptor.set_option(tcp::acceptor::reuse_address(true));
  impl_->acceptor.bind(ep);
  impl_->acceptor.listen();
  impl_->accept();
  impl_->schedule_tick();
  impl_->thread = std::thread([impl = impl_] { impl->ioc.run(); });
}

VenueServer::~VenueServer() { stop(); }

unsigned short VenueServer::port() const { return impl_->acceptor.local_endpoint().port(); }

const std::filesystem::path& VenueServer::ca_file() const { return impl_->options.ca_file; }

void VenueServer::with_core(const std::function<void(VenueCore&)>& fn) {
  std::promise<void> done;
  asio::post(impl_->ioc, [&] {
    try {
      fn(impl_->core);
      done.set_value();
    } catch (...) {
      done.set_exception(std::current_exception());
    }
  });
  done.get_future().get();
}

void VenueServer::refuse_websockets(bool refuse) {
  std::promise<void> done;
  asio::post(impl_->ioc, [&] {
    impl_->refuse_websockets = refuse;
    done.set_value();
  });
  done.get_future().get();
}

void VenueServer::drop_connections() {
  std::promise<void> done;
  asio::post(impl_->ioc, [&] {
    impl_->close_all();
    done.set_value();
  });
  done.get_future().get();
}

void VenueServer::stop() {
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

}  // namespace hlmm::venue
