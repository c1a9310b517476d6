#include "net/error.hpp"

namespace hlmm::net {

std::string_view to_string(Errc e) noexcept {
  switch (e) {
    case Errc::ok: return "ok";
    case Errc::resolve_failed: return "resolve_failed";
    case Errc::connect_failed: return "connect_failed";
    case Errc::tls_handshake_failed: return "tls_handshake_failed";
    case Errc::certificate_verify_failed: return "certificate_verify_failed";
    case Errc::timeout: return "timeout";
    case Errc::http_status: return "http_status";
    case Errc::http_protocol_error: return "http_protocol_error";
    case Errc::connection_closed: return "connection_closed";
    case Errc::websocket_handshake_failed: return "websocket_handshake_failed";
    case Errc::message_too_big: return "message_too_big";
    case Errc::protocol_error: return "protocol_error";
    case Errc::not_connected: return "not_connected";
    case Errc::send_queue_full: return "send_queue_full";
    case Errc::too_many_inflight: return "too_many_inflight";
    case Errc::heartbeat_lost: return "heartbeat_lost";
    case Errc::invalid_message: return "invalid_message";
    case Errc::cancelled: return "cancelled";
    case Errc::invalid_argument: return "invalid_argument";
  }
  return "unknown";
}

namespace {
class Category final : public std::error_category {
 public:
  const char* name() const noexcept override { return "hlmm.net"; }
  std::string message(int ev) const override { return std::string(to_string(static_cast<Errc>(ev))); }
};
}  // namespace

const std::error_category& net_category() noexcept {
  static const Category category;
  return category;
}

std::string Error::message() const {
  std::string out(to_string(code));
  if (!detail.empty()) {
    out += ": ";
    out += detail;
  }
  return out;
}

}  // namespace hlmm::net
