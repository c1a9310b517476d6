#include "tls_test_server.hpp"

#include <sys/socket.h>

#include <boost/beast/core/flat_buffer.hpp>

namespace hlmm::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

TlsTestServer::TlsTestServer(std::shared_ptr<asio::ssl::context> ctx, Handler handler)
    : ctx_(std::move(ctx)), handler_(std::move(handler)), acceptor_(ioc_) {
  const tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
  acceptor_.open(ep.protocol());
  acceptor_.set_option(tcp::acceptor::reuse_address(true));
  acceptor_.bind(ep);
  acceptor_.listen();
  port_ = acceptor_.local_endpoint().port();
  acceptor_thread_ = std::thread([this] { accept_loop(); });
}

TlsTestServer::~TlsTestServer() {
  stopping_ = true;
  // shutdown(2) is what unblocks a thread sitting in accept/read on Linux; close would race it.
  ::shutdown(acceptor_.native_handle(), SHUT_RDWR);
  acceptor_thread_.join();
  {
    std::lock_guard lock(mu_);
    for (int fd : live_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  for (auto& t : threads_) t.join();
}

void TlsTestServer::accept_loop() {
  while (!stopping_) {
    tcp::socket socket(ioc_);
    boost::system::error_code ec;
    acceptor_.accept(socket, ec);
    if (ec || stopping_) break;
    ++tcp_accepted_;
    std::lock_guard lock(mu_);
    live_fds_.insert(socket.native_handle());
    threads_.emplace_back([this, s = std::move(socket)]() mutable { serve(std::move(s)); });
  }
}

void TlsTestServer::serve(tcp::socket socket) {
  const int fd = socket.native_handle();
  {
    ServerStream stream(std::move(socket), *ctx_);
    boost::system::error_code ec;
    stream.handshake(asio::ssl::stream_base::server, ec);
    if (ec) {
      ++handshakes_failed_;
    } else {
      const int index = handshakes_ok_++;
      try {
        handler_(stream, index);
      } catch (const std::exception&) {
        // The client hung up or the destructor shut the socket: both end the script.
      }
    }
    // Unregister before the socket closes, so the destructor never shuts down a reused fd.
    std::lock_guard lock(mu_);
    live_fds_.erase(fd);
    boost::system::error_code ignored;
    beast::get_lowest_layer(stream).close(ignored);
  }
}

void serve_http(ServerStream& stream, const std::function<HttpResponseMsg(const HttpRequest&)>& respond) {
  beast::flat_buffer buffer;
  for (;;) {
    HttpRequest req;
    boost::system::error_code ec;
    http::read(stream, buffer, req, ec);
    if (ec) return;
    HttpResponseMsg res = respond(req);
    res.prepare_payload();
    http::write(stream, res, ec);
    if (ec || !res.keep_alive()) return;
  }
}

HttpResponseMsg json_response(const HttpRequest& req, unsigned status, std::string body) {
  HttpResponseMsg res{static_cast<http::status>(status), req.version()};
  res.set(http::field::content_type, "application/json");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  return res;
}

}  // namespace hlmm::test
