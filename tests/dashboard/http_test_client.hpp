// A plain synchronous HTTP/WebSocket client for the dashboard tests (Boost.Beast), with timeouts
// so a broken server fails the test instead of hanging it.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <map>
#include <string>

namespace hlmm::dashboard::testing {

struct HttpReply {
  unsigned status = 0;
  std::string body;
  std::map<std::string, std::string> headers;
};

inline HttpReply http_request(unsigned short port, boost::beast::http::verb method, const std::string& target,
                              const std::map<std::string, std::string>& headers = {}, std::string body = {}) {
  namespace beast = boost::beast;
  namespace http = beast::http;
  boost::asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(std::chrono::seconds(20));
  stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> req(method, target, 11);
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = std::move(body);
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  http::read(stream, buffer, parser);
  HttpReply out;
  out.status = parser.get().result_int();
  out.body = parser.get().body();
  for (const auto& f : parser.get()) out.headers[std::string(f.name_string())] = std::string(f.value());
  beast::error_code ignored;
  stream.socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
  return out;
}

inline HttpReply http_get(unsigned short port, const std::string& target) {
  return http_request(port, boost::beast::http::verb::get, target);
}

class WsTestClient {
 public:
  explicit WsTestClient(unsigned short port) : ws_(ioc_) {
    namespace beast = boost::beast;
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(20));
    beast::get_lowest_layer(ws_).connect(
        boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    ws_.handshake("127.0.0.1:" + std::to_string(port), "/ws");
  }
  // The next message, waiting at most 20 s (throws on timeout or close).
  std::string next() {
    boost::beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(20));
    boost::beast::flat_buffer buffer;
    ws_.read(buffer);
    return boost::beast::buffers_to_string(buffer.data());
  }

 private:
  boost::asio::io_context ioc_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_;
};

}  // namespace hlmm::dashboard::testing
