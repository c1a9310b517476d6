#include "hyperliquid/action_json.hpp"

#include <simdjson.h>

#include <array>
#include <initializer_list>
#include <limits>
#include <string>

#include "hyperliquid/error.hpp"

namespace hlmm::hl {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

[[noreturn]] void fail(ErrorCode code, const std::string& path, const std::string& what) {
  throw Error(code, path + ": " + what);
}

// The first `max` characters of a value, in quotes, for an error message. Appended piece by
// piece: GCC 12 at -O3 (the Release build) warns -Wrestrict on `"literal" + std::string&&` (a
// false positive), which -Werror makes an error.
std::string quoted(std::string_view s, std::size_t max) {
  std::string q;
  q += '"';
  q += s.substr(0, max);
  q += '"';
  return q;
}

object as_object(element e, const std::string& path) {
  object o;
  if (e.get_object().get(o)) fail(ErrorCode::kJsonShape, path, "expected an object");
  return o;
}

// Refuses keys outside `allowed`: an unknown key would be dropped from what is signed. Refuses a
// repeated key too: which copy counts would be up to the parser, and the venue's may disagree.
void only_keys(object o, const std::string& path, std::initializer_list<std::string_view> allowed) {
  std::uint32_t seen = 0;  // one bit per allowed key; no object here has more than 32
  for (auto field : o) {
    std::uint32_t bit = 0;
    std::uint32_t i = 0;
    for (auto k : allowed) {
      if (field.key == k) bit = 1u << i;
      ++i;
    }
    if (bit == 0) fail(ErrorCode::kUnknownKey, path, "unexpected key \"" + std::string(field.key.substr(0, 32)) + "\"");
    if (seen & bit) fail(ErrorCode::kJsonShape, path, "key \"" + std::string(field.key) + "\" appears twice");
    seen |= bit;
  }
}

element required(object o, std::string_view key, const std::string& path) {
  element e;
  if (o.at_key(key).get(e)) fail(ErrorCode::kJsonShape, path, "missing \"" + std::string(key) + "\"");
  return e;
}

// Absent and null both mean "not given".
bool optional_field(object o, std::string_view key, element& out) {
  if (o.at_key(key).get(out)) return false;
  return !out.is_null();
}

std::string sub(const std::string& path, std::string_view key) { return path + "." + std::string(key); }
std::string idx(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

std::uint64_t as_uint(element e, const std::string& path, std::uint64_t max) {
  switch (e.type()) {
    case element_type::UINT64: {
      const std::uint64_t v = e.get_uint64();
      if (v > max) fail(ErrorCode::kIntegerOutOfRange, path, "exceeds " + std::to_string(max));
      return v;
    }
    case element_type::INT64: {
      const std::int64_t v = e.get_int64();
      if (v < 0) fail(ErrorCode::kIntegerOutOfRange, path, "must not be negative");
      if (static_cast<std::uint64_t>(v) > max) fail(ErrorCode::kIntegerOutOfRange, path, "exceeds " + std::to_string(max));
      return static_cast<std::uint64_t>(v);
    }
    case element_type::DOUBLE:
      fail(ErrorCode::kNotAnInteger, path, "a float where the wire wants an integer (never sign floats)");
    default:
      fail(ErrorCode::kNotAnInteger, path, "expected an integer");
  }
}

std::int64_t as_int(element e, const std::string& path) {
  switch (e.type()) {
    case element_type::INT64: return e.get_int64();
    case element_type::UINT64: {
      const std::uint64_t v = e.get_uint64();
      if (v > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        fail(ErrorCode::kIntegerOutOfRange, path, "exceeds int64");
      }
      return static_cast<std::int64_t>(v);
    }
    case element_type::DOUBLE:
      fail(ErrorCode::kNotAnInteger, path, "a float where the wire wants an integer (never sign floats)");
    default:
      fail(ErrorCode::kNotAnInteger, path, "expected an integer");
  }
}

bool as_bool(element e, const std::string& path) {
  bool b = false;
  if (e.get_bool().get(b)) fail(ErrorCode::kJsonShape, path, "expected true or false");
  return b;
}

std::string_view as_string(element e, const std::string& path) {
  std::string_view s;
  if (e.get_string().get(s)) fail(ErrorCode::kJsonShape, path, "expected a string");
  return s;
}

std::uint32_t as_u32(element e, const std::string& path) {
  return static_cast<std::uint32_t>(as_uint(e, path, std::numeric_limits<std::uint32_t>::max()));
}

// Prices and sizes must be decimal strings: the SDKs never send JSON numbers for them, and a
// number would have passed through a double somewhere.
std::int64_t as_decimal(element e, const std::string& path, ErrorCode code) {
  std::string_view s;
  if (e.get_string().get(s)) fail(code, path, "expected a decimal string such as \"1234.5\"");
  const DecimalResult r = parse_fixed(s, kPriceDecimals, /*allow_negative=*/false);
  if (!r) fail(code, path, quoted(s, 48) + ": " + std::string(decimal_error_name(r.error)));
  return r.value;
}

Address as_address(element e, const std::string& path) {
  try {
    return Address::parse(as_string(e, path));
  } catch (const Error& err) {
    fail(ErrorCode::kBadAddress, path, err.what());
  }
}

Cloid as_cloid(element e, const std::string& path) {
  try {
    return Cloid::parse(as_string(e, path));
  } catch (const Error& err) {
    fail(ErrorCode::kBadCloid, path, err.what());
  }
}

array as_nonempty_array(element e, const std::string& path) {
  array a;
  if (e.get_array().get(a)) fail(ErrorCode::kJsonShape, path, "expected an array");
  if (a.size() == 0) fail(ErrorCode::kEmptyBatch, path, "must hold at least one entry");
  return a;
}

OrderType parse_order_type(element e, const std::string& path) {
  const object o = as_object(e, path);
  only_keys(o, path, {"limit", "trigger"});
  if (o.size() != 1) fail(ErrorCode::kJsonShape, path, "expected exactly one of \"limit\" or \"trigger\"");
  element v;
  if (!o.at_key("limit").get(v)) {
    const std::string p = sub(path, "limit");
    const object l = as_object(v, p);
    only_keys(l, p, {"tif"});
    const std::string_view tif = as_string(required(l, "tif", p), sub(p, "tif"));
    if (tif == "Alo") return LimitOrderType{Tif::kAlo};
    if (tif == "Ioc") return LimitOrderType{Tif::kIoc};
    if (tif == "Gtc") return LimitOrderType{Tif::kGtc};
    fail(ErrorCode::kBadTif, sub(p, "tif"), quoted(tif, 16) + " is not Alo, Ioc or Gtc");
  }
  const std::string p = sub(path, "trigger");
  const object t = as_object(required(o, "trigger", path), p);
  only_keys(t, p, {"isMarket", "triggerPx", "tpsl"});
  TriggerOrderType tr;
  tr.is_market = as_bool(required(t, "isMarket", p), sub(p, "isMarket"));
  tr.trigger_px = as_decimal(required(t, "triggerPx", p), sub(p, "triggerPx"), ErrorCode::kBadPrice);
  const std::string_view tpsl = as_string(required(t, "tpsl", p), sub(p, "tpsl"));
  if (tpsl == "tp") {
    tr.tpsl = Tpsl::kTp;
  } else if (tpsl == "sl") {
    tr.tpsl = Tpsl::kSl;
  } else {
    fail(ErrorCode::kBadTpsl, sub(p, "tpsl"), quoted(tpsl, 16) + " is not tp or sl");
  }
  return tr;
}

OrderWire parse_order(element e, const std::string& path) {
  const object o = as_object(e, path);
  only_keys(o, path, {"a", "b", "p", "s", "r", "t", "c"});
  OrderWire w;
  w.asset = as_u32(required(o, "a", path), sub(path, "a"));
  w.is_buy = as_bool(required(o, "b", path), sub(path, "b"));
  w.price = as_decimal(required(o, "p", path), sub(path, "p"), ErrorCode::kBadPrice);
  w.size = as_decimal(required(o, "s", path), sub(path, "s"), ErrorCode::kBadSize);
  w.reduce_only = as_bool(required(o, "r", path), sub(path, "r"));
  w.type = parse_order_type(required(o, "t", path), sub(path, "t"));
  element c;
  if (optional_field(o, "c", c)) w.cloid = as_cloid(c, sub(path, "c"));
  return w;
}

OidOrCloid parse_oid(element e, const std::string& path) {
  if (e.is_string()) return as_cloid(e, path);
  return as_uint(e, path, std::numeric_limits<std::uint64_t>::max());
}

// Optional boolean flags that are sent only when true ("f", "a").
bool optional_flag(object o, std::string_view key, const std::string& path) {
  element e;
  return optional_field(o, key, e) && as_bool(e, sub(path, key));
}

Grouping parse_grouping(element e, const std::string& path) {
  if (e.is_string()) {
    const std::string_view g = e.get_string();
    if (g == "na") return GroupingKind::kNa;
    if (g == "normalTpsl") return GroupingKind::kNormalTpsl;
    if (g == "positionTpsl") return GroupingKind::kPositionTpsl;
    fail(ErrorCode::kBadGrouping, path, quoted(g, 16) + " is not na, normalTpsl or positionTpsl");
  }
  object o;
  if (e.get_object().get(o)) fail(ErrorCode::kBadGrouping, path, "expected a string or {\"p\": n}");
  only_keys(o, path, {"p"});
  return PriorityGrouping{.p = as_uint(required(o, "p", path), sub(path, "p"), std::numeric_limits<std::uint64_t>::max())};
}

L1Action parse_action(object root) {
  const std::string path = "action";
  const std::string_view type = as_string(required(root, "type", path), "action.type");
  if (type == "order") {
    only_keys(root, path, {"type", "orders", "grouping", "builder"});
    OrderAction a;
    const array orders = as_nonempty_array(required(root, "orders", path), "action.orders");
    std::size_t i = 0;
    for (element o : orders) a.orders.push_back(parse_order(o, idx("action.orders", i++)));
    a.grouping = parse_grouping(required(root, "grouping", path), "action.grouping");
    element b;
    if (optional_field(root, "builder", b)) {
      const object bo = as_object(b, "action.builder");
      only_keys(bo, "action.builder", {"b", "f"});
      a.builder = BuilderFee{.builder = as_address(required(bo, "b", "action.builder"), "action.builder.b"),
                             .fee = as_uint(required(bo, "f", "action.builder"), "action.builder.f",
                                            std::numeric_limits<std::uint64_t>::max())};
    }
    return a;
  }
  if (type == "cancel") {
    only_keys(root, path, {"type", "cancels", "f"});
    CancelAction a;
    std::size_t i = 0;
    for (element c : as_nonempty_array(required(root, "cancels", path), "action.cancels")) {
      const std::string p = idx("action.cancels", i++);
      const object co = as_object(c, p);
      only_keys(co, p, {"a", "o"});
      a.cancels.push_back({.asset = as_u32(required(co, "a", p), sub(p, "a")),
                           .oid = as_uint(required(co, "o", p), sub(p, "o"), std::numeric_limits<std::uint64_t>::max())});
    }
    a.fast = optional_flag(root, "f", path);
    return a;
  }
  if (type == "cancelByCloid") {
    only_keys(root, path, {"type", "cancels", "f"});
    CancelByCloidAction a;
    std::size_t i = 0;
    for (element c : as_nonempty_array(required(root, "cancels", path), "action.cancels")) {
      const std::string p = idx("action.cancels", i++);
      const object co = as_object(c, p);
      only_keys(co, p, {"asset", "cloid"});
      a.cancels.push_back({.asset = as_u32(required(co, "asset", p), sub(p, "asset")),
                           .cloid = as_cloid(required(co, "cloid", p), sub(p, "cloid"))});
    }
    a.fast = optional_flag(root, "f", path);
    return a;
  }
  if (type == "modify") {
    only_keys(root, path, {"type", "oid", "order", "a"});
    ModifyAction a;
    a.oid = parse_oid(required(root, "oid", path), "action.oid");
    a.order = parse_order(required(root, "order", path), "action.order");
    a.always_place = optional_flag(root, "a", path);
    return a;
  }
  if (type == "batchModify") {
    only_keys(root, path, {"type", "modifies", "a"});
    BatchModifyAction a;
    std::size_t i = 0;
    for (element m : as_nonempty_array(required(root, "modifies", path), "action.modifies")) {
      const std::string p = idx("action.modifies", i++);
      const object mo = as_object(m, p);
      only_keys(mo, p, {"oid", "order"});
      a.modifies.push_back({.oid = parse_oid(required(mo, "oid", p), sub(p, "oid")),
                            .order = parse_order(required(mo, "order", p), sub(p, "order"))});
    }
    a.always_place = optional_flag(root, "a", path);
    return a;
  }
  if (type == "scheduleCancel") {
    only_keys(root, path, {"type", "time"});
    ScheduleCancelAction a;
    element t;
    if (optional_field(root, "time", t)) a.time = as_uint(t, "action.time", std::numeric_limits<std::uint64_t>::max());
    return a;
  }
  if (type == "updateLeverage") {
    only_keys(root, path, {"type", "asset", "isCross", "leverage"});
    UpdateLeverageAction a;
    a.asset = as_u32(required(root, "asset", path), "action.asset");
    a.is_cross = as_bool(required(root, "isCross", path), "action.isCross");
    a.leverage = as_u32(required(root, "leverage", path), "action.leverage");
    if (a.leverage == 0) fail(ErrorCode::kIntegerOutOfRange, "action.leverage", "must be at least 1");
    return a;
  }
  if (type == "updateIsolatedMargin") {
    only_keys(root, path, {"type", "asset", "isBuy", "ntli"});
    UpdateIsolatedMarginAction a;
    a.asset = as_u32(required(root, "asset", path), "action.asset");
    a.is_buy = as_bool(required(root, "isBuy", path), "action.isBuy");
    a.ntli = as_int(required(root, "ntli", path), "action.ntli");
    return a;
  }
  if (type == "noop") {
    only_keys(root, path, {"type"});
    return NoopAction{};
  }
  fail(ErrorCode::kUnknownActionType, "action.type",
       quoted(type, 32) +
           " is not an L1 action this build encodes (order, cancel, cancelByCloid, modify, batchModify, "
           "scheduleCancel, updateLeverage, updateIsolatedMargin, noop)");
}

std::string lower_address(element e, const std::string& path) { return as_address(e, path).to_string(); }

// Digits, optionally one point with digits on both sides: no sign, exponent or space.
bool plain_decimal_shape(std::string_view s) {
  std::size_t int_digits = 0, frac_digits = 0;
  bool point = false;
  for (const char c : s) {
    if (c == '.') {
      if (point) return false;
      point = true;
    } else if (c >= '0' && c <= '9') {
      ++(point ? frac_digits : int_digits);
    } else {
      return false;
    }
  }
  return int_digits > 0 && (!point || frac_digits > 0);
}

// Amounts are signed as text: check the text is a plain non-negative decimal, keep it verbatim.
// Token amounts may carry up to 18 decimals, so the value is checked at that scale; a large amount
// overflows int64 there, which is no fault of the amount, but parse_fixed stops at the overflow
// before it has seen the rest of the text, so the shape is checked on its own.
std::string verbatim_amount(element e, const std::string& path) {
  const std::string_view s = as_string(e, path);
  const DecimalResult r = parse_fixed(s, 18, /*allow_negative=*/false);
  const DecimalError error = !r && r.error != DecimalError::kOverflow ? r.error
                             : !plain_decimal_shape(s)               ? DecimalError::kMalformed
                                                                     : DecimalError::kOk;
  if (error != DecimalError::kOk) {
    fail(ErrorCode::kBadSize, path, quoted(s, 48) + ": " + std::string(decimal_error_name(error)));
  }
  return std::string(s);
}

bool is_user_signed_type(std::string_view t) {
  return t == "usdSend" || t == "withdraw3" || t == "spotSend" || t == "usdClassTransfer" || t == "sendAsset" ||
         t == "approveAgent" || t == "approveBuilderFee";
}

ParsedUserAction parse_user_action(object root, std::string_view type) {
  const std::string path = "action";
  constexpr auto kMax = std::numeric_limits<std::uint64_t>::max();
  auto str_of = [&](std::string_view key) {
    return std::string(as_string(required(root, key, path), sub(path, key)));
  };
  auto u64_of = [&](std::string_view key) { return as_uint(required(root, key, path), sub(path, key), kMax); };
  auto amount_of = [&](std::string_view key) { return verbatim_amount(required(root, key, path), sub(path, key)); };
  auto address_of = [&](std::string_view key) { return lower_address(required(root, key, path), sub(path, key)); };

  ParsedUserAction out;
  if (type == "usdSend" || type == "withdraw3") {
    only_keys(root, path, {"type", "destination", "amount", "time", "signatureChainId", "hyperliquidChain"});
    if (type == "usdSend") {
      out.action = UsdSend{address_of("destination"), amount_of("amount"), u64_of("time")};
    } else {
      out.action = Withdraw{address_of("destination"), amount_of("amount"), u64_of("time")};
    }
  } else if (type == "spotSend") {
    only_keys(root, path, {"type", "destination", "token", "amount", "time", "signatureChainId", "hyperliquidChain"});
    out.action = SpotSend{address_of("destination"), str_of("token"), amount_of("amount"), u64_of("time")};
  } else if (type == "usdClassTransfer") {
    only_keys(root, path, {"type", "amount", "toPerp", "nonce", "signatureChainId", "hyperliquidChain"});
    // The SDK appends " subaccount:0x…" to the amount for vaults, so only the text is checked.
    out.action = UsdClassTransfer{str_of("amount"), as_bool(required(root, "toPerp", path), "action.toPerp"),
                                  u64_of("nonce")};
  } else if (type == "sendAsset") {
    only_keys(root, path, {"type", "destination", "sourceDex", "destinationDex", "token", "amount", "fromSubAccount",
                           "nonce", "signatureChainId", "hyperliquidChain"});
    const std::string from = str_of("fromSubAccount");
    out.action = SendAsset{address_of("destination"), str_of("sourceDex"), str_of("destinationDex"), str_of("token"),
                           amount_of("amount"),
                           from.empty() ? from : lower_address(required(root, "fromSubAccount", path), "action.fromSubAccount"),
                           u64_of("nonce")};
  } else if (type == "approveAgent") {
    only_keys(root, path, {"type", "agentAddress", "agentName", "nonce", "signatureChainId", "hyperliquidChain"});
    ApproveAgent a{Address::parse(address_of("agentAddress")), std::nullopt, u64_of("nonce")};
    element n;
    if (optional_field(root, "agentName", n)) a.agent_name = std::string(as_string(n, "action.agentName"));
    out.action = a;
  } else {
    only_keys(root, path, {"type", "maxFeeRate", "builder", "nonce", "signatureChainId", "hyperliquidChain"});
    out.action = ApproveBuilderFee{str_of("maxFeeRate"), Address::parse(address_of("builder")), u64_of("nonce")};
  }
  element e;
  if (optional_field(root, "signatureChainId", e)) {
    const std::string_view text = as_string(e, "action.signatureChainId");
    std::array<std::uint8_t, 32> be{};
    bool ok = parse_u256_hex(text, be);
    for (std::size_t i = 0; ok && i < 24; ++i) ok = be[i] == 0;
    if (!ok) fail(ErrorCode::kJsonShape, "action.signatureChainId", "expected a hex chain id such as \"0x66eee\"");
    std::uint64_t id = 0;
    for (std::size_t i = 24; i < 32; ++i) id = (id << 8) | be[i];
    out.signature_chain_id = id;
  }
  if (optional_field(root, "hyperliquidChain", e)) {
    const std::string_view chain = as_string(e, "action.hyperliquidChain");
    if (chain != "Mainnet" && chain != "Testnet") {
      fail(ErrorCode::kJsonShape, "action.hyperliquidChain", "expected \"Mainnet\" or \"Testnet\"");
    }
    out.is_mainnet = chain == "Mainnet";
  }
  return out;
}

object parse_root(simdjson::dom::parser& parser, const simdjson::padded_string& padded) {
  element root;
  if (const auto err = parser.parse(padded).get(root)) {
    // simdjson 3.0 reports an integer beyond 64 bits as NUMBER_ERROR, like a malformed number.
    fail(ErrorCode::kJsonSyntax, "action", simdjson::error_message(err));
  }
  return as_object(root, "action");
}

}  // namespace

L1Action parse_l1_action_json(std::string_view json) {
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(json);
  return parse_action(parse_root(parser, padded));
}

AnyAction parse_action_json(std::string_view json) {
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(json);
  const object root = parse_root(parser, padded);
  const std::string_view type = as_string(required(root, "type", "action"), "action.type");
  if (is_user_signed_type(type)) return parse_user_action(root, type);
  return parse_action(root);
}

}  // namespace hlmm::hl
