#include "journal/venue_records.hpp"

#include "hyperliquid/overloaded.hpp"

namespace hlmm::journal {

namespace {

std::optional<Cloid> cloid_of(const std::optional<hl::Cloid>& c) {
  if (!c) return std::nullopt;
  return c->bytes;
}

OrderSent sent_of(const hl::OrderWire& w, SentKind kind, std::uint64_t request_id, std::uint64_t nonce, std::uint32_t item) {
  OrderSent s;
  s.request_id = request_id;
  s.nonce = nonce;
  s.kind = kind;
  s.item = item;
  s.asset_id = w.asset;
  s.is_buy = w.is_buy;
  s.price = w.price;
  s.size = w.size;
  s.cloid = cloid_of(w.cloid);
  return s;
}

}  // namespace

void append_request(Journal& j, const hl::L1Action& action, std::uint64_t request_id, std::uint64_t nonce) {
  std::visit(hl::Overloaded{
                 [&](const hl::OrderAction& a) {
                   for (std::uint32_t i = 0; i < a.orders.size(); ++i) {
                     j.append(sent_of(a.orders[i], SentKind::kOrder, request_id, nonce, i));
                   }
                 },
                 [&](const hl::BatchModifyAction& a) {
                   for (std::uint32_t i = 0; i < a.modifies.size(); ++i) {
                     OrderSent s = sent_of(a.modifies[i].order, SentKind::kModify, request_id, nonce, i);
                     if (const auto* oid = std::get_if<std::uint64_t>(&a.modifies[i].oid)) s.oid = *oid;
                     j.append(s);
                   }
                 },
                 [&](const hl::ModifyAction& a) {
                   OrderSent s = sent_of(a.order, SentKind::kModify, request_id, nonce, 0);
                   if (const auto* oid = std::get_if<std::uint64_t>(&a.oid)) s.oid = *oid;
                   j.append(s);
                 },
                 [&](const hl::CancelByCloidAction& a) {
                   for (std::uint32_t i = 0; i < a.cancels.size(); ++i) {
                     OrderSent s;
                     s.request_id = request_id;
                     s.nonce = nonce;
                     s.kind = SentKind::kCancel;
                     s.item = i;
                     s.asset_id = a.cancels[i].asset;
                     s.cloid = a.cancels[i].cloid.bytes;
                     j.append(s);
                   }
                 },
                 [&](const hl::CancelAction& a) {
                   for (std::uint32_t i = 0; i < a.cancels.size(); ++i) {
                     OrderSent s;
                     s.request_id = request_id;
                     s.nonce = nonce;
                     s.kind = SentKind::kCancelByOid;
                     s.item = i;
                     s.asset_id = a.cancels[i].asset;
                     s.oid = a.cancels[i].oid;
                     j.append(s);
                   }
                 },
                 [&](const hl::ScheduleCancelAction& a) {
                   OrderSent s;
                   s.request_id = request_id;
                   s.nonce = nonce;
                   s.kind = SentKind::kScheduleCancel;
                   s.oid = a.time.value_or(0);
                   j.append(s);
                 },
                 [](const auto&) {},
             },
             action);
}

void append_response(Journal& j, std::uint64_t request_id, const hl::ExchangeResponse& r) {
  if (!r.ok) {
    j.append(Ack{request_id, 0, AckKind::kError, 0, r.error.substr(0, 256)});
    return;
  }
  for (std::uint32_t i = 0; i < r.statuses.size(); ++i) {
    const hl::OrderStatus& s = r.statuses[i];
    AckKind kind = AckKind::kSuccess;
    if (s.kind == hl::OrderStatusKind::kResting) kind = AckKind::kResting;
    if (s.kind == hl::OrderStatusKind::kFilled) kind = AckKind::kFilled;
    if (s.kind == hl::OrderStatusKind::kError) kind = AckKind::kError;
    j.append(Ack{request_id, i, kind, s.oid, s.error.substr(0, 256)});
  }
}

void append_lost(Journal& j, std::uint64_t request_id) { j.append(Ack{request_id, 0, AckKind::kLost, 0, {}}); }

void append_update(Journal& j, const hl::OrderUpdate& u) {
  OrderUpdate r;
  r.oid = u.oid;
  r.cloid = cloid_of(u.cloid);
  r.coin = u.coin;
  r.is_buy = u.is_buy;
  r.price = u.limit_price;
  r.remaining = u.size;
  r.orig_size = u.orig_size;
  r.status = u.status;
  r.time_ms = u.status_timestamp_ms;
  j.append(r);
}

bool append_fill(Journal& j, const hl::UserFill& f, bool recovered) {
  if (j.state().knows_fill(f.tid)) return false;
  Fill r;
  r.tid = f.tid;
  r.oid = f.oid;
  r.coin = f.coin;
  r.is_buy = f.is_buy;
  r.price = f.price;
  r.size = f.size;
  r.fee = f.fee;
  r.time_ms = f.time_ms;
  r.recovered = recovered;
  return j.append(r);
}

}  // namespace hlmm::journal
