#include "net/https_client.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <deque>
#include <optional>

#include "net/detail/classify.hpp"

namespace hlmm::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

struct HttpsClient::Impl : std::enable_shared_from_this<HttpsClient::Impl> {
  struct Request {
    std::string target;
    std::string body;
    HttpCallback callback;
    bool idempotent = false;
    bool retried = false;
  };

  Impl(asio::any_io_executor ex, std::shared_ptr<TlsClientContext> tls_ctx, HttpsClientOptions opts)
      : strand(asio::make_strand(ex)),
        tls(std::move(tls_ctx)),
        options(std::move(opts)),
        resolver(strand),
        resolve_timer(strand) {}

  asio::strand<asio::any_io_executor> strand;
  std::shared_ptr<TlsClientContext> tls;
  HttpsClientOptions options;
  tcp::resolver resolver;
  asio::steady_timer resolve_timer;
  // Re-created for each connection: an SSL stream cannot be reused after shutdown or error.
  std::optional<beast::ssl_stream<beast::tcp_stream>> stream;
  bool connected = false;
  bool busy = false;
  std::atomic<bool> closed{false};  // set from any thread by close(): no callback after it
  unsigned requests_on_connection = 0;
  Clock::time_point last_used{};
  std::deque<Request> queue;
  beast::flat_buffer buffer;
  http::request<http::string_body> request;
  std::optional<http::response_parser<http::string_body>> parser;
  std::atomic<std::uint64_t> connections_opened{0};

  const std::string& server_name() const {
    return options.tls_server_name.empty() ? options.host : options.tls_server_name;
  }

  void enqueue(Request r) {
    if (closed) return;
    if (queue.size() >= options.max_queued_requests) {
      r.callback({Errc::send_queue_full, "more than " + std::to_string(options.max_queued_requests) +
                                             " queued HTTPS requests"},
                 {});
      return;
    }
    queue.push_back(std::move(r));
    if (!busy) start_next();
  }

  void start_next() {
    if (closed || queue.empty()) {
      busy = false;
      return;
    }
    busy = true;
    if (connected && Clock::now() - last_used > options.max_idle) {
      // Likely closed by the server already; a fresh connection costs less than a lost POST.
      drop_connection();
    }
    if (connected) {
      send();
    } else {
      connect();
    }
  }

  void drop_connection() {
    if (stream) {
      boost::system::error_code ignored;
      beast::get_lowest_layer(*stream).socket().close(ignored);
    }
    connected = false;
  }

  void connect() {
    resolve_timer.expires_after(options.connect_timeout);
    resolve_timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->resolver.cancel();  // getaddrinfo has no deadline of its own
    });
    resolver.async_resolve(
        options.host, options.port,
        [self = shared_from_this()](boost::system::error_code ec, tcp::resolver::results_type results) {
          self->resolve_timer.cancel();
          if (self->closed) return;
          if (ec) {
            Error err = ec == asio::error::operation_aborted
                            ? Error{Errc::timeout, "resolve of '" + self->options.host + "' timed out"}
                            : Error{Errc::resolve_failed, self->options.host + ": " + ec.message()};
            return self->fail_front(std::move(err));
          }
          self->on_resolved(results);
        });
  }

  void on_resolved(const tcp::resolver::results_type& results) {
    stream.emplace(strand, tls->native());
    if (Error err = tls->prepare(stream->native_handle(), server_name(), options.port)) {
      return fail_front(std::move(err));
    }
    beast::get_lowest_layer(*stream).expires_after(options.connect_timeout);
    beast::get_lowest_layer(*stream).async_connect(
        results, [self = shared_from_this()](boost::system::error_code ec, const tcp::endpoint&) {
          if (self->closed) return;
          if (ec) return self->fail_front(detail::classify_io_error(ec, "connect"));
          self->stream->async_handshake(asio::ssl::stream_base::client,
                                        [self](boost::system::error_code hec) {
                                          if (self->closed) return;
                                          if (hec) {
                                            return self->fail_front(detail::classify_handshake_error(
                                                hec, self->stream->native_handle(), self->server_name()));
                                          }
                                          self->connected = true;
                                          self->requests_on_connection = 0;
                                          self->connections_opened.fetch_add(1, std::memory_order_relaxed);
                                          self->send();
                                        });
        });
  }

  void send() {
    Request& r = queue.front();
    request = {};
    request.method(http::verb::post);
    request.target(r.target);
    request.version(11);
    request.set(http::field::host, options.port == "443" ? options.host : options.host + ":" + options.port);
    request.set(http::field::user_agent, options.user_agent);
    request.set(http::field::content_type, "application/json");
    request.keep_alive(true);
    request.body() = r.body;  // kept in the queue too, for the one idempotent retry
    request.prepare_payload();
    parser.emplace();
    parser->body_limit(options.max_response_bytes);
    buffer.clear();
    ++requests_on_connection;
    beast::get_lowest_layer(*stream).expires_after(options.request_timeout);
    http::async_write(*stream, request, [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
      if (self->closed) return;
      if (ec) return self->fail_request(detail::classify_io_error(ec, "write"));
      http::async_read(*self->stream, self->buffer, *self->parser,
                       [self](boost::system::error_code rec, std::size_t) {
                         if (self->closed) return;
                         if (rec) return self->fail_request(detail::classify_io_error(rec, "read"));
                         self->on_response();
                       });
    });
  }

  void on_response() {
    auto msg = parser->release();
    last_used = Clock::now();
    if (!msg.keep_alive()) drop_connection();
    HttpResponse resp{msg.result_int(), std::move(msg.body())};
    Error err;
    if (resp.status < 200 || resp.status >= 300) {
      err = {Errc::http_status, "HTTP " + std::to_string(resp.status) + " " + std::string(msg.reason())};
    }
    Request r = std::move(queue.front());
    queue.pop_front();
    r.callback(err, std::move(resp));
    start_next();
  }

  // A request failed after the connection was up: the connection is unusable either way.
  void fail_request(Error err) {
    const bool reused = requests_on_connection > 1;
    const bool nothing_received = !parser || !parser->got_some();
    drop_connection();
    Request& r = queue.front();
    if (err.code == Errc::connection_closed && reused && nothing_received && r.idempotent && !r.retried) {
      r.retried = true;
      spdlog::debug("https {}: kept-alive connection was closed; retrying {} once", options.host, r.target);
      return start_next();
    }
    fail_front(std::move(err));
  }

  void fail_front(Error err) {
    drop_connection();
    if (queue.empty()) {
      busy = false;
      return;
    }
    Request r = std::move(queue.front());
    queue.pop_front();
    r.callback(err, {});
    start_next();
  }

  void shutdown() {
    queue.clear();
    resolver.cancel();
    resolve_timer.cancel();
    drop_connection();
  }
};

HttpsClient::HttpsClient(asio::any_io_executor executor, std::shared_ptr<TlsClientContext> tls,
                         HttpsClientOptions options)
    : impl_(std::make_shared<Impl>(std::move(executor), std::move(tls), std::move(options))) {}

HttpsClient::~HttpsClient() { close(); }

void HttpsClient::post_json(std::string target, std::string body, HttpCallback callback, Idempotent idempotent) {
  asio::post(impl_->strand, [impl = impl_, target = std::move(target), body = std::move(body),
                             callback = std::move(callback), idempotent]() mutable {
    impl->enqueue({std::move(target), std::move(body), std::move(callback), idempotent == Idempotent::yes, false});
  });
}

void HttpsClient::close() {
  impl_->closed = true;
  asio::post(impl_->strand, [impl = impl_] { impl->shutdown(); });
}

std::uint64_t HttpsClient::connections_opened() const noexcept {
  return impl_->connections_opened.load(std::memory_order_relaxed);
}

}  // namespace hlmm::net
