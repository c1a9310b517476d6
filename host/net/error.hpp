// Typed failures of the network layer. Callers branch on `code`; `detail` is for humans and logs.
#pragma once

#include <string>
#include <string_view>
#include <system_error>

namespace hlmm::net {

enum class Errc {
  ok = 0,
  resolve_failed,             // DNS lookup failed
  connect_failed,             // TCP connect refused / unreachable
  tls_handshake_failed,       // handshake failed for a reason other than the peer's certificate
  certificate_verify_failed,  // peer certificate rejected; detail names OpenSSL's reason
  timeout,                    // a configured deadline passed; detail names the phase
  http_status,                // HTTP response with a non-2xx status (response is still delivered)
  http_protocol_error,        // malformed HTTP, or a body over the configured limit
  connection_closed,          // peer closed, or the connection was lost mid-request
  websocket_handshake_failed, // HTTP upgrade refused
  message_too_big,            // inbound WS message over the configured limit
  protocol_error,             // malformed WS frames (bad opcode, reserved bits, bad UTF-8, ...)
  not_connected,              // request issued while no connection is up
  send_queue_full,            // caller outran the socket; dropping is better than unbounded memory
  too_many_inflight,          // venue caps in-flight WS posts
  heartbeat_lost,             // nothing received within the silence limit
  invalid_message,            // inbound text that is not the JSON shape we need to route it
  cancelled,                  // client stopped before completion
  invalid_argument,
};

const std::error_category& net_category() noexcept;
inline std::error_code make_error_code(Errc e) noexcept { return {static_cast<int>(e), net_category()}; }
std::string_view to_string(Errc e) noexcept;

struct Error {
  Errc code = Errc::ok;
  std::string detail;

  explicit operator bool() const noexcept { return code != Errc::ok; }
  std::string message() const;  // "<code name>: <detail>"
};

}  // namespace hlmm::net

template <>
struct std::is_error_code_enum<hlmm::net::Errc> : std::true_type {};
