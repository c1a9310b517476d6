// A real TLS server on 127.0.0.1 (ephemeral port) for the net tests. Deliberately simple and
// synchronous, one thread per connection: scripting "answer this, then drop the socket" is plain
// sequential code, and the client under test is the async side.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace hlmm::test {

using ServerStream = boost::beast::ssl_stream<boost::asio::ip::tcp::socket>;
using ServerWs = boost::beast::websocket::stream<ServerStream&>;

class TlsTestServer {
 public:
  // `handler` runs on the connection's own thread after a successful TLS handshake; `index` counts
  // handshaken connections from 0. Returning closes the socket without a TLS close_notify, which
  // is how a venue that drops a connection looks to the client.
  using Handler = std::function<void(ServerStream& stream, int index)>;

  TlsTestServer(std::shared_ptr<boost::asio::ssl::context> ctx, Handler handler);
  ~TlsTestServer();
  TlsTestServer(const TlsTestServer&) = delete;
  TlsTestServer& operator=(const TlsTestServer&) = delete;

  unsigned short port() const { return port_; }
  int tcp_accepted() const { return tcp_accepted_.load(); }
  int handshakes_ok() const { return handshakes_ok_.load(); }
  int handshakes_failed() const { return handshakes_failed_.load(); }

 private:
  void accept_loop();
  void serve(boost::asio::ip::tcp::socket socket);

  std::shared_ptr<boost::asio::ssl::context> ctx_;
  Handler handler_;
  boost::asio::io_context ioc_;  // only owns the sockets; all calls are blocking
  boost::asio::ip::tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<int> tcp_accepted_{0}, handshakes_ok_{0}, handshakes_failed_{0};
  std::mutex mu_;
  std::set<int> live_fds_;  // shut down from the destructor to unblock reads
  std::vector<std::thread> threads_;
  std::thread acceptor_thread_;
};

// HTTP/1.1 keep-alive loop: answers each request with `respond` until the client closes or the
// function returns a response with keep_alive(false).
using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponseMsg = boost::beast::http::response<boost::beast::http::string_body>;
void serve_http(ServerStream& stream, const std::function<HttpResponseMsg(const HttpRequest&)>& respond);
HttpResponseMsg json_response(const HttpRequest& req, unsigned status, std::string body);

}  // namespace hlmm::test
