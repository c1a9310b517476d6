#include "connectors/hyperliquid_events.hpp"

#include "orders/exchange_errors.hpp"

namespace hlmm::connectors {

OrderStatus order_status_of(const std::string& status) {
  if (hl::is_open_status(status)) return OrderStatus::kResting;
  if (status == "filled") return OrderStatus::kFilled;
  if (status == "rejected" || (status.size() > 8 && status.ends_with("Rejected"))) return OrderStatus::kRejected;
  return OrderStatus::kCancelled;
}

BookEvent book_event_of(std::string coin, std::uint64_t time_ms, const SideBook& bids, const SideBook& asks,
                        std::size_t levels) {
  BookEvent b;
  b.coin = std::move(coin);
  b.time_ms = time_ms;
  for (std::size_t i = 0; i < bids.count && i < levels; ++i) b.bids.push_back(PriceLevel{bids.price[i], bids.size[i]});
  for (std::size_t i = 0; i < asks.count && i < levels; ++i) b.asks.push_back(PriceLevel{asks.price[i], asks.size[i]});
  return b;
}

FillEvent fill_event_of(const hl::UserFill& f, ClientOrderId client_id) {
  FillEvent e;
  e.coin = f.coin;
  e.time_ms = f.time_ms;
  e.side = f.is_buy ? Side::kBid : Side::kAsk;
  e.price = f.price;
  e.size = f.size;
  e.fee = f.fee;
  e.taker = f.crossed;
  e.order_id = f.oid;
  e.client_id = client_id;
  e.trade_id = f.tid;
  return e;
}

OrderUpdateEvent update_event_of(const hl::OrderUpdate& u, ClientOrderId client_id) {
  OrderUpdateEvent e;
  e.coin = u.coin;
  e.time_ms = u.status_timestamp_ms;
  e.status = order_status_of(u.status);
  if (e.status != OrderStatus::kResting && e.status != OrderStatus::kFilled) e.reason = u.status;
  e.side = u.is_buy ? Side::kBid : Side::kAsk;
  e.price = u.limit_price;
  e.remaining = u.size;
  e.original = u.orig_size;
  e.order_id = u.oid;
  e.client_id = client_id;
  return e;
}

void read_order_status(const hl::OrderStatus& s, hl::Tif tif, OrderResult& result) {
  switch (s.kind) {
    case hl::OrderStatusKind::kFilled:
      result.filled = s.total_size;
      result.avg_price = s.avg_price;
      result.order_id = s.oid;
      if (s.total_size >= result.requested) {
        result.outcome = OrderOutcome::kFilled;
      } else {
        // An IOC's rest is cancelled; a GTC's rests on the book.
        result.outcome = tif == hl::Tif::kIoc ? OrderOutcome::kPartial : OrderOutcome::kResting;
      }
      return;
    case hl::OrderStatusKind::kResting:
      result.order_id = s.oid;
      if (tif != hl::Tif::kIoc) {
        // Hyperliquid's "resting" carries no size: what a GTC took on entry comes as fills.
        result.outcome = OrderOutcome::kResting;
        return;
      }
      result.outcome = OrderOutcome::kUnknown;
      result.reason = "an IOC answered as resting";
      return;
    case hl::OrderStatusKind::kError: {
      const std::string_view text = orders::strip_asset_suffix(s.error);
      result.outcome = text.starts_with("Order could not immediately match") ? OrderOutcome::kNoMatch : OrderOutcome::kRejected;
      result.reason = s.error;
      return;
    }
    default:
      result.outcome = OrderOutcome::kUnknown;
      result.order_id = s.oid;
      result.reason = "unexpected order status in the answer";
      return;
  }
}

hl::Cloid cloid_of(std::uint64_t session, ClientOrderId id) {
  hl::Cloid c;
  for (int i = 0; i < 8; ++i) c.bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(session >> (56 - 8 * i));
  for (int i = 0; i < 8; ++i) c.bytes[static_cast<std::size_t>(8 + i)] = static_cast<std::uint8_t>(id >> (56 - 8 * i));
  return c;
}

ClientOrderId client_id_of(std::uint64_t session, const std::optional<hl::Cloid>& cloid) {
  if (!cloid) return 0;
  std::uint64_t s = 0, id = 0;
  for (int i = 0; i < 8; ++i) s = (s << 8) | cloid->bytes[static_cast<std::size_t>(i)];
  for (int i = 8; i < 16; ++i) id = (id << 8) | cloid->bytes[static_cast<std::size_t>(i)];
  return s == session ? id : 0;
}

}  // namespace hlmm::connectors
