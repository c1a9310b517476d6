#include "hyperliquid/actions.hpp"

#include "hyperliquid/error.hpp"
#include "hyperliquid/overloaded.hpp"

namespace hlmm::hl {
namespace {

// One walk, two writers: key order and optional-key rules live only here.
template <class W>
void emit_order_type(W& w, const OrderType& t) {
  w.begin_map(1);
  std::visit(Overloaded{
                 [&](const LimitOrderType& l) {
                   w.key("limit");
                   w.begin_map(1);
                   w.key("tif");
                   w.str(tif_name(l.tif));
                   w.end_map();
                 },
                 [&](const TriggerOrderType& tr) {
                   w.key("trigger");
                   w.begin_map(3);
                   w.key("isMarket");
                   w.boolean(tr.is_market);
                   w.key("triggerPx");
                   w.str(format_price(tr.trigger_px).view());
                   w.key("tpsl");
                   w.str(tpsl_name(tr.tpsl));
                   w.end_map();
                 },
             },
             t);
  w.end_map();
}

template <class W>
void emit_cloid(W& w, const Cloid& c) {
  // "0x" + 32 digits: a fixed-size stack buffer keeps the order path free of allocations.
  static constexpr char kHex[] = "0123456789abcdef";
  char buf[34] = {'0', 'x'};
  for (std::size_t i = 0; i < c.bytes.size(); ++i) {
    buf[2 + 2 * i] = kHex[c.bytes[i] >> 4];
    buf[3 + 2 * i] = kHex[c.bytes[i] & 0xf];
  }
  w.str(std::string_view(buf, sizeof buf));
}

template <class W>
void emit_address(W& w, const Address& a) {
  char buf[Address::kTextLength];
  a.write(buf);
  w.str(std::string_view(buf, sizeof buf));
}

template <class W>
void emit_order(W& w, const OrderWire& o) {
  w.begin_map(o.cloid ? 7 : 6);
  w.key("a");
  w.uint(o.asset);
  w.key("b");
  w.boolean(o.is_buy);
  w.key("p");
  w.str(format_price(o.price).view());
  w.key("s");
  w.str(format_size(o.size).view());
  w.key("r");
  w.boolean(o.reduce_only);
  w.key("t");
  emit_order_type(w, o.type);
  if (o.cloid) {
    w.key("c");
    emit_cloid(w, *o.cloid);
  }
  w.end_map();
}

template <class W>
void emit_oid(W& w, const OidOrCloid& oid) {
  std::visit(Overloaded{[&](std::uint64_t n) { w.uint(n); }, [&](const Cloid& c) { emit_cloid(w, c); }},
             oid);
}

template <class W>
void emit_grouping(W& w, const Grouping& g) {
  std::visit(Overloaded{
                 [&](GroupingKind k) {
                   switch (k) {
                     case GroupingKind::kNa: w.str("na"); break;
                     case GroupingKind::kNormalTpsl: w.str("normalTpsl"); break;
                     case GroupingKind::kPositionTpsl: w.str("positionTpsl"); break;
                   }
                 },
                 [&](const PriorityGrouping& p) {
                   w.begin_map(1);
                   w.key("p");
                   w.uint(p.p);
                   w.end_map();
                 },
             },
             g);
}

std::uint32_t count(std::size_t n) { return static_cast<std::uint32_t>(n); }

template <class W>
void emit(W& w, const L1Action& action) {
  std::visit(
      Overloaded{
          [&](const OrderAction& a) {
            w.begin_map(a.builder ? 4 : 3);
            w.key("type");
            w.str("order");
            w.key("orders");
            w.begin_array(count(a.orders.size()));
            for (const auto& o : a.orders) emit_order(w, o);
            w.end_array();
            w.key("grouping");
            emit_grouping(w, a.grouping);
            if (a.builder) {
              w.key("builder");
              w.begin_map(2);
              w.key("b");
              emit_address(w, a.builder->builder);
              w.key("f");
              w.uint(a.builder->fee);
              w.end_map();
            }
            w.end_map();
          },
          [&](const CancelAction& a) {
            w.begin_map(a.fast ? 3 : 2);
            w.key("type");
            w.str("cancel");
            w.key("cancels");
            w.begin_array(count(a.cancels.size()));
            for (const auto& c : a.cancels) {
              w.begin_map(2);
              w.key("a");
              w.uint(c.asset);
              w.key("o");
              w.uint(c.oid);
              w.end_map();
            }
            w.end_array();
            if (a.fast) {
              w.key("f");
              w.boolean(true);
            }
            w.end_map();
          },
          [&](const CancelByCloidAction& a) {
            w.begin_map(a.fast ? 3 : 2);
            w.key("type");
            w.str("cancelByCloid");
            w.key("cancels");
            w.begin_array(count(a.cancels.size()));
            for (const auto& c : a.cancels) {
              w.begin_map(2);
              w.key("asset");
              w.uint(c.asset);
              w.key("cloid");
              emit_cloid(w, c.cloid);
              w.end_map();
            }
            w.end_array();
            if (a.fast) {
              w.key("f");
              w.boolean(true);
            }
            w.end_map();
          },
          [&](const ModifyAction& a) {
            w.begin_map(a.always_place ? 4 : 3);
            w.key("type");
            w.str("modify");
            w.key("oid");
            emit_oid(w, a.oid);
            w.key("order");
            emit_order(w, a.order);
            if (a.always_place) {
              w.key("a");
              w.boolean(true);
            }
            w.end_map();
          },
          [&](const BatchModifyAction& a) {
            w.begin_map(a.always_place ? 3 : 2);
            w.key("type");
            w.str("batchModify");
            w.key("modifies");
            w.begin_array(count(a.modifies.size()));
            for (const auto& m : a.modifies) {
              w.begin_map(2);
              w.key("oid");
              emit_oid(w, m.oid);
              w.key("order");
              emit_order(w, m.order);
              w.end_map();
            }
            w.end_array();
            if (a.always_place) {
              w.key("a");
              w.boolean(true);
            }
            w.end_map();
          },
          [&](const ScheduleCancelAction& a) {
            w.begin_map(a.time ? 2 : 1);
            w.key("type");
            w.str("scheduleCancel");
            if (a.time) {
              w.key("time");
              w.uint(*a.time);
            }
            w.end_map();
          },
          [&](const UpdateLeverageAction& a) {
            w.begin_map(4);
            w.key("type");
            w.str("updateLeverage");
            w.key("asset");
            w.uint(a.asset);
            w.key("isCross");
            w.boolean(a.is_cross);
            w.key("leverage");
            w.uint(a.leverage);
            w.end_map();
          },
          [&](const UpdateIsolatedMarginAction& a) {
            w.begin_map(4);
            w.key("type");
            w.str("updateIsolatedMargin");
            w.key("asset");
            w.uint(a.asset);
            w.key("isBuy");
            w.boolean(a.is_buy);
            w.key("ntli");
            w.sint(a.ntli);
            w.end_map();
          },
          [&](const NoopAction&) {
            w.begin_map(1);
            w.key("type");
            w.str("noop");
            w.end_map();
          },
      },
      action);
}

}  // namespace

std::string_view tif_name(Tif t) {
  switch (t) {
    case Tif::kAlo: return "Alo";
    case Tif::kIoc: return "Ioc";
    case Tif::kGtc: return "Gtc";
  }
  return "Gtc";
}

std::string_view tpsl_name(Tpsl t) { return t == Tpsl::kTp ? "tp" : "sl"; }

Cloid Cloid::parse(std::string_view text) {
  Cloid c;
  const bool prefixed = text.size() == 34 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  if (!prefixed || !decode_hex_exact(text, c.bytes)) {
    throw Error(ErrorCode::kBadCloid, "expected \"0x\" followed by 32 hex digits, got " + describe_refused_hex(text, 34));
  }
  return c;
}

std::string Cloid::to_string() const { return to_hex(bytes); }

std::string_view action_type(const L1Action& action) {
  return std::visit(Overloaded{
                        [](const OrderAction&) { return std::string_view("order"); },
                        [](const CancelAction&) { return std::string_view("cancel"); },
                        [](const CancelByCloidAction&) { return std::string_view("cancelByCloid"); },
                        [](const ModifyAction&) { return std::string_view("modify"); },
                        [](const BatchModifyAction&) { return std::string_view("batchModify"); },
                        [](const ScheduleCancelAction&) { return std::string_view("scheduleCancel"); },
                        [](const UpdateLeverageAction&) { return std::string_view("updateLeverage"); },
                        [](const UpdateIsolatedMarginAction&) { return std::string_view("updateIsolatedMargin"); },
                        [](const NoopAction&) { return std::string_view("noop"); },
                    },
                    action);
}

void encode_msgpack(const L1Action& action, std::vector<std::uint8_t>& out) {
  MsgpackWriter w(out);
  emit(w, action);
}

std::vector<std::uint8_t> encode_msgpack(const L1Action& action) {
  std::vector<std::uint8_t> out;
  out.reserve(128);
  encode_msgpack(action, out);
  return out;
}

void encode_json(const L1Action& action, std::string& out, JsonStyle style) {
  JsonWriter w(out, style);
  emit(w, action);
}

namespace {

// Forwards every call of the walk to both writers.
class TeeWriter {
 public:
  TeeWriter(MsgpackWriter& m, JsonWriter& j) : m_(m), j_(j) {}
  void begin_map(std::uint32_t n) { m_.begin_map(n); j_.begin_map(n); }
  void key(std::string_view k) { m_.key(k); j_.key(k); }
  void end_map() { m_.end_map(); j_.end_map(); }
  void begin_array(std::uint32_t n) { m_.begin_array(n); j_.begin_array(n); }
  void end_array() { m_.end_array(); j_.end_array(); }
  void str(std::string_view s) { m_.str(s); j_.str(s); }
  void uint(std::uint64_t v) { m_.uint(v); j_.uint(v); }
  void sint(std::int64_t v) { m_.sint(v); j_.sint(v); }
  void boolean(bool b) { m_.boolean(b); j_.boolean(b); }
  void nil() { m_.nil(); j_.nil(); }

 private:
  MsgpackWriter& m_;
  JsonWriter& j_;
};

}  // namespace

void encode_msgpack_and_json(const L1Action& action, std::vector<std::uint8_t>& msgpack_out, JsonWriter& json) {
  MsgpackWriter m(msgpack_out);
  TeeWriter both(m, json);
  emit(both, action);
}

}  // namespace hlmm::hl
