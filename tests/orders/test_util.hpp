// Shared helpers for the order-manager tests: intents, venue answers, a captured log.
#pragma once

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <sstream>
#include <string>
#include <variant>

#include "orders/order_manager.hpp"

namespace hlmm::orders::testing {

inline QuoteIntent quote(std::uint8_t slot, Side side, Price px, Size sz) {
  return QuoteIntent{IntentKind::kQuote, slot, side, Reason::kNone, 0, px, sz, 0};
}
inline QuoteIntent cancel(std::uint8_t slot, Side side, Reason reason = Reason::kStaleBook) {
  return QuoteIntent{IntentKind::kCancel, slot, side, reason, 0, 0, 0, 0};
}
inline QuoteIntent reject(std::uint8_t slot, Side side, Reason reason) {
  return QuoteIntent{IntentKind::kReject, slot, side, reason, 0, 0, 0, 0};
}

inline hl::OrderStatus resting(std::uint64_t oid) {
  hl::OrderStatus s;
  s.kind = hl::OrderStatusKind::kResting;
  s.oid = oid;
  return s;
}
inline hl::OrderStatus success() { return hl::OrderStatus{}; }
inline hl::OrderStatus error_status(std::string text) {
  hl::OrderStatus s;
  s.kind = hl::OrderStatusKind::kError;
  s.error = std::move(text);
  return s;
}
inline hl::OrderStatus filled_status(std::uint64_t oid, Size total, Price avg) {
  hl::OrderStatus s;
  s.kind = hl::OrderStatusKind::kFilled;
  s.oid = oid;
  s.total_size = total;
  s.avg_price = avg;
  return s;
}
inline hl::ExchangeResponse ok(std::string type, std::vector<hl::OrderStatus> statuses) {
  hl::ExchangeResponse r;
  r.ok = true;
  r.type = std::move(type);
  r.statuses = std::move(statuses);
  return r;
}
inline hl::ExchangeResponse err(std::string text) {
  hl::ExchangeResponse r;
  r.ok = false;
  r.error = std::move(text);
  return r;
}

inline hl::OrderUpdate update(const std::string& coin, const Order& o, std::string status, std::uint64_t oid = 0) {
  hl::OrderUpdate u;
  u.coin = coin;
  u.is_buy = o.side == Side::kBid;
  u.limit_price = o.price;
  u.size = o.remaining();
  u.orig_size = o.size;
  u.oid = oid != 0 ? oid : o.oid;
  u.cloid = o.cloid;
  u.status = std::move(status);
  return u;
}

inline hl::UserFill fill(const std::string& coin, const Order& o, Size sz, std::uint64_t tid, std::uint64_t time_ms = 1,
                         std::uint64_t oid = 0) {
  hl::UserFill f;
  f.coin = coin;
  f.price = o.price;
  f.size = sz;
  f.is_buy = o.side == Side::kBid;
  f.time_ms = time_ms;
  f.oid = oid != 0 ? oid : o.oid;
  f.tid = tid;
  f.cloid = o.cloid;
  return f;
}

inline hl::UserFillsMessage fills_msg(std::vector<hl::UserFill> fills, bool snapshot = false) {
  hl::UserFillsMessage m;
  m.is_snapshot = snapshot;
  m.fills = std::move(fills);
  return m;
}

// A logger whose lines a test can read.
struct CapturedLog {
  std::shared_ptr<std::ostringstream> stream = std::make_shared<std::ostringstream>();
  std::shared_ptr<spdlog::logger> logger;
  CapturedLog() {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(*stream);
    logger = std::make_shared<spdlog::logger>("orders_test", sink);
    logger->set_level(spdlog::level::debug);
    logger->set_pattern("%l %v");
  }
  std::string text() const { return stream->str(); }
  int count(const std::string& needle) const {
    const std::string t = text();
    int n = 0;
    for (std::size_t pos = t.find(needle); pos != std::string::npos; pos = t.find(needle, pos + 1)) ++n;
    return n;
  }
};

inline const OutgoingRequest* find_kind(const ActionBatch& b, RequestKind kind) {
  for (const auto& r : b) {
    if (r.kind == kind) return &r;
  }
  return nullptr;
}

}  // namespace hlmm::orders::testing
