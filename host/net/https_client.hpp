// HTTPS keep-alive client for Hyperliquid's POST /info and /exchange (JSON bodies).
//
// One persistent TLS connection, opened on first use and re-opened after the peer closes it, after
// an error, or when it sat idle longer than `max_idle` (servers drop idle connections silently, and
// a POST sent into such a connection is lost). Requests are queued and sent one at a time: HTTP/1.1
// pipelining would let one slow /info response delay an /exchange order behind it anyway.
//
// All I/O runs on a strand of the executor given; callbacks run on that strand. After close() or
// destruction no callback is invoked, so callers may destroy what the callbacks capture.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "net/error.hpp"
#include "net/tls_context.hpp"

namespace hlmm::net {

struct HttpsClientOptions {
  std::string host;  // DNS name or IP literal; also the name the certificate must carry
  std::string port = "443";
  // Name for SNI and certificate verification when it differs from `host` (e.g. dialing a pinned
  // IP of api.hyperliquid.xyz). Empty: `host`.
  std::string tls_server_name;
  std::chrono::milliseconds connect_timeout{5000};   // resolve, then TCP connect + TLS handshake
  std::chrono::milliseconds request_timeout{10000};  // write the request + read the whole response
  std::chrono::milliseconds max_idle{std::chrono::seconds(50)};
  std::size_t max_response_bytes = std::size_t{16} << 20;
  std::size_t max_queued_requests = 1024;
  std::string user_agent = "hlmm";
};

struct HttpResponse {
  unsigned status = 0;  // 0 when no response arrived
  std::string body;
};

// On a non-2xx status, error.code is Errc::http_status and `response` still carries the body (the
// venue explains rejections there).
using HttpCallback = std::function<void(const Error& error, HttpResponse&& response)>;

enum class Idempotent : bool { no = false, yes = true };

class HttpsClient {
 public:
  HttpsClient(boost::asio::any_io_executor executor, std::shared_ptr<TlsClientContext> tls,
              HttpsClientOptions options);
  ~HttpsClient();
  HttpsClient(const HttpsClient&) = delete;
  HttpsClient& operator=(const HttpsClient&) = delete;

  // POST `body` (JSON) to `target` ("/info", "/exchange"). With Idempotent::yes (use it for /info,
  // never for /exchange) a request that died because a reused connection turned out closed is
  // retried once on a fresh connection; otherwise the caller learns Errc::connection_closed and
  // decides, since the venue may or may not have acted on it.
  void post_json(std::string target, std::string body, HttpCallback callback,
                 Idempotent idempotent = Idempotent::no);

  void close();

  std::uint64_t connections_opened() const noexcept;  // for tests and metrics

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace hlmm::net
