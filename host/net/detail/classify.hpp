// Internal to hlmm_net: turns Asio/Beast/OpenSSL error codes into typed net::Error values.
#pragma once

#include <boost/system/error_code.hpp>
#include <string_view>

#include "net/error.hpp"

typedef struct ssl_st SSL;

namespace hlmm::net::detail {

// `phase` names what was under way ("connect", "tls handshake", "read", ...), for the detail text.
Error classify_io_error(const boost::system::error_code& ec, std::string_view phase);

// After a failed TLS handshake: a certificate rejection is told apart from other failures and
// named with OpenSSL's verify reason (e.g. "hostname mismatch", "unable to get local issuer").
Error classify_handshake_error(const boost::system::error_code& ec, SSL* ssl, std::string_view host);

}  // namespace hlmm::net::detail
