// TLS contexts for hlmm's clients (and the local venue's server side).
//
// Verification is on unless the caller sets `insecure_skip_verify`, and then every connection made
// through the context logs a warning: a silent insecure mode is how test settings reach production.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "net/error.hpp"

namespace boost::asio::ssl {
class context;
}
typedef struct ssl_st SSL;  // OpenSSL's own spelling, so the header needs no OpenSSL include

namespace hlmm::net {

enum class TlsMinVersion { tls1_2, tls1_3 };

struct TlsOptions {
  std::string ca_file;               // PEM bundle to trust instead of the system store; empty = system
  bool insecure_skip_verify = false;  // never the default; logs a warning on every connection
  TlsMinVersion min_version = TlsMinVersion::tls1_2;
};

class TlsClientContext {
 public:
  // Throws std::runtime_error naming the file and OpenSSL's reason when the CA file cannot be used.
  static std::shared_ptr<TlsClientContext> create(const TlsOptions& options);
  ~TlsClientContext();
  TlsClientContext(const TlsClientContext&) = delete;
  TlsClientContext& operator=(const TlsClientContext&) = delete;

  boost::asio::ssl::context& native() noexcept { return *ctx_; }
  bool verifies_peer() const noexcept { return !options_.insecure_skip_verify; }
  const TlsOptions& options() const noexcept { return options_; }

  // Per connection, before the handshake: SNI (not for IP literals, per RFC 6066) and the peer
  // name check (DNS name or IP SAN) done by OpenSSL's X509 verification during the handshake.
  Error prepare(SSL* ssl, const std::string& host, std::string_view port) const;

 private:
  explicit TlsClientContext(const TlsOptions& options);
  TlsOptions options_;
  std::unique_ptr<boost::asio::ssl::context> ctx_;
};

// Server side (local venue, tests). Throws std::runtime_error when the PEMs do not load or the key
// does not match the certificate. The key is never logged.
std::shared_ptr<boost::asio::ssl::context> make_server_tls_context(
    std::string_view cert_chain_pem, std::string_view private_key_pem,
    TlsMinVersion min_version = TlsMinVersion::tls1_2);

}  // namespace hlmm::net
