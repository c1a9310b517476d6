#include "net/tls_context.hpp"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <spdlog/spdlog.h>

#include <boost/asio/error.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/websocket/error.hpp>
#include <stdexcept>

#include "net/detail/classify.hpp"

namespace hlmm::net {

namespace ssl = boost::asio::ssl;

namespace {

int to_openssl_version(TlsMinVersion v) { return v == TlsMinVersion::tls1_3 ? TLS1_3_VERSION : TLS1_2_VERSION; }

void apply_common(ssl::context& ctx, TlsMinVersion min_version) {
  // Compression enables CRIME-style attacks; renegotiation is unused by modern servers.
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_compression |
                  SSL_OP_NO_RENEGOTIATION);
  if (SSL_CTX_set_min_proto_version(ctx.native_handle(), to_openssl_version(min_version)) != 1) {
    throw std::runtime_error("TLS: cannot set the minimum protocol version");
  }
}

bool is_ip_literal(const std::string& host) {
  boost::system::error_code ec;
  boost::asio::ip::make_address(host, ec);
  return !ec;
}

}  // namespace

TlsClientContext::TlsClientContext(const TlsOptions& options)
    : options_(options), ctx_(std::make_unique<ssl::context>(ssl::context::tls_client)) {}

TlsClientContext::~TlsClientContext() = default;

std::shared_ptr<TlsClientContext> TlsClientContext::create(const TlsOptions& options) {
  std::shared_ptr<TlsClientContext> self(new TlsClientContext(options));
  ssl::context& ctx = *self->ctx_;
  apply_common(ctx, options.min_version);
  boost::system::error_code ec;
  if (options.ca_file.empty()) {
    ctx.set_default_verify_paths(ec);
    if (ec) throw std::runtime_error("TLS: cannot load the system CA store: " + ec.message());
  } else {
    ctx.load_verify_file(options.ca_file, ec);
    if (ec) throw std::runtime_error("TLS: cannot load CA file '" + options.ca_file + "': " + ec.message());
  }
  if (options.insecure_skip_verify) {
    ctx.set_verify_mode(ssl::verify_none);
    spdlog::warn("TLS: certificate verification is DISABLED (insecure_skip_verify); "
                 "every connection from this context can be intercepted");
  } else {
    ctx.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
  }
  return self;
}

Error TlsClientContext::prepare(SSL* ssl, const std::string& host, std::string_view port) const {
  if (host.empty()) return {Errc::invalid_argument, "empty host name"};
  const bool ip = is_ip_literal(host);
  if (!ip && SSL_set_tlsext_host_name(ssl, host.c_str()) != 1) {
    return {Errc::invalid_argument, "cannot set SNI to '" + host + "'"};
  }
  if (options_.insecure_skip_verify) {
    spdlog::warn("TLS: connecting to {}:{} WITHOUT certificate verification (insecure_skip_verify); "
                 "the peer is not authenticated",
                 host, port);
    return {};
  }
  if (ip) {
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    if (X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) != 1) {
      return {Errc::invalid_argument, "cannot set expected peer IP '" + host + "'"};
    }
  } else {
    SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    if (SSL_set1_host(ssl, host.c_str()) != 1) {
      return {Errc::invalid_argument, "cannot set expected peer name '" + host + "'"};
    }
  }
  return {};
}

std::shared_ptr<ssl::context> make_server_tls_context(std::string_view cert_chain_pem,
                                                      std::string_view private_key_pem,
                                                      TlsMinVersion min_version) {
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
  apply_common(*ctx, min_version);
  boost::system::error_code ec;
  ctx->use_certificate_chain(boost::asio::buffer(cert_chain_pem.data(), cert_chain_pem.size()), ec);
  if (ec) throw std::runtime_error("TLS: cannot load server certificate chain: " + ec.message());
  ctx->use_private_key(boost::asio::buffer(private_key_pem.data(), private_key_pem.size()),
                       ssl::context::pem, ec);
  // The message says only that loading failed: the key text must never reach a log.
  if (ec) throw std::runtime_error("TLS: cannot load server private key: " + ec.message());
  if (SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
    throw std::runtime_error("TLS: server private key does not match its certificate");
  }
  return ctx;
}

namespace detail {

Error classify_io_error(const boost::system::error_code& ec, std::string_view phase) {
  namespace asio = boost::asio;
  namespace beast = boost::beast;
  namespace ws = beast::websocket;
  const std::string what = std::string(phase) + ": " + ec.message();
  if (ec == beast::error::timeout) return {Errc::timeout, std::string(phase) + " timed out"};
  if (ec == asio::error::operation_aborted) return {Errc::cancelled, what};
  if (ec == ws::error::message_too_big || ec == beast::http::error::buffer_overflow) {
    return {Errc::message_too_big, what};
  }
  if (ec == ws::error::closed) return {Errc::connection_closed, what};
  if (ec.category() == ws::make_error_code(ws::error::closed).category()) {
    return {Errc::protocol_error, what};
  }
  if (ec == beast::http::error::end_of_stream || ec == asio::error::eof ||
      ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
      ec == asio::ssl::error::stream_truncated || ec == asio::error::connection_aborted) {
    return {Errc::connection_closed, what};
  }
  if (ec.category() == beast::http::make_error_code(beast::http::error::end_of_stream).category()) {
    return {Errc::http_protocol_error, what};
  }
  if (phase == "resolve") return {Errc::resolve_failed, what};
  if (phase == "connect") return {Errc::connect_failed, what};
  if (phase == "tls handshake") return {Errc::tls_handshake_failed, what};
  if (phase == "websocket handshake") return {Errc::websocket_handshake_failed, what};
  return {Errc::connection_closed, what};
}

Error classify_handshake_error(const boost::system::error_code& ec, SSL* ssl, std::string_view host) {
  if (ec == boost::beast::error::timeout) return {Errc::timeout, "tls handshake timed out"};
  const long verify = ssl != nullptr ? SSL_get_verify_result(ssl) : X509_V_OK;
  if (verify != X509_V_OK) {
    std::string detail = X509_verify_cert_error_string(verify);
    detail += " (X509 error " + std::to_string(verify) + ", peer '" + std::string(host) + "')";
    return {Errc::certificate_verify_failed, std::move(detail)};
  }
  return classify_io_error(ec, "tls handshake");
}

}  // namespace detail
}  // namespace hlmm::net
