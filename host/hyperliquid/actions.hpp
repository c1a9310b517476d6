// Hyperliquid L1 actions (the ones signed through the phantom agent) as typed values, and their
// two serialisations in the Python SDK's key order (protocol.md §3).
//
// Prices and sizes are hlmm fixed-point integers (1e-8), formatted with format_price/format_size:
// that is the SDK's float_to_wire form (no exponent, no trailing zeros), so the string that is
// hashed is by construction the string that is posted, and "-0" or "2000.0" cannot arise.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "hlmm/fixed_point.hpp"
#include "hyperliquid/hex.hpp"
#include "hyperliquid/wire_writers.hpp"

namespace hlmm::hl {

enum class Tif : std::uint8_t { kAlo, kIoc, kGtc };
enum class Tpsl : std::uint8_t { kTp, kSl };

std::string_view tif_name(Tif t);    // "Alo" / "Ioc" / "Gtc"
std::string_view tpsl_name(Tpsl t);  // "tp" / "sl"

struct LimitOrderType {
  Tif tif = Tif::kGtc;
};
struct TriggerOrderType {
  bool is_market = false;
  Price trigger_px = 0;
  Tpsl tpsl = Tpsl::kTp;
};
using OrderType = std::variant<LimitOrderType, TriggerOrderType>;

// Client order id: 16 bytes, on the wire "0x" + 32 lowercase hex digits.
struct Cloid {
  std::array<std::uint8_t, 16> bytes{};
  static Cloid parse(std::string_view text);  // throws Error(kBadCloid)
  std::string to_string() const;
  friend bool operator==(const Cloid&, const Cloid&) = default;
};

struct OrderWire {
  std::uint32_t asset = 0;
  bool is_buy = false;
  Price price = 0;
  Size size = 0;
  bool reduce_only = false;
  OrderType type = LimitOrderType{};
  std::optional<Cloid> cloid;  // omitted from the wire when absent
};

enum class GroupingKind : std::uint8_t { kNa, kNormalTpsl, kPositionTpsl };
// Priority grouping {"p": n}: a priority fee rate of n / 1e8.
struct PriorityGrouping {
  std::uint64_t p = 0;
};
using Grouping = std::variant<GroupingKind, PriorityGrouping>;

struct BuilderFee {
  Address builder;           // sent lowercase, as the SDK does
  std::uint64_t fee = 0;     // tenths of a basis point
};

struct OrderAction {
  std::vector<OrderWire> orders;
  Grouping grouping = GroupingKind::kNa;
  std::optional<BuilderFee> builder;
};

struct CancelEntry {
  std::uint32_t asset = 0;
  std::uint64_t oid = 0;
};
struct CancelAction {
  std::vector<CancelEntry> cancels;
  bool fast = false;  // "f": true; the key is omitted when false (the venue rejects f:false)
};

struct CancelByCloidEntry {
  std::uint32_t asset = 0;
  Cloid cloid;
};
struct CancelByCloidAction {
  std::vector<CancelByCloidEntry> cancels;
  bool fast = false;
};

using OidOrCloid = std::variant<std::uint64_t, Cloid>;

struct ModifyAction {
  OidOrCloid oid = std::uint64_t{0};
  OrderWire order;
  bool always_place = false;  // "a": true; omitted when false
};

struct ModifyEntry {
  OidOrCloid oid = std::uint64_t{0};
  OrderWire order;
};
struct BatchModifyAction {
  std::vector<ModifyEntry> modifies;
  bool always_place = false;
};

struct ScheduleCancelAction {
  std::optional<std::uint64_t> time;  // absent = remove the scheduled cancel
};

struct UpdateLeverageAction {
  std::uint32_t asset = 0;
  bool is_cross = true;
  std::uint32_t leverage = 1;
};

struct UpdateIsolatedMarginAction {
  std::uint32_t asset = 0;
  bool is_buy = true;
  std::int64_t ntli = 0;  // USD * 1e6, signed
};

struct NoopAction {};

using L1Action = std::variant<OrderAction, CancelAction, CancelByCloidAction, ModifyAction,
                              BatchModifyAction, ScheduleCancelAction, UpdateLeverageAction,
                              UpdateIsolatedMarginAction, NoopAction>;

// The action's "type" string ("order", "cancel", …).
std::string_view action_type(const L1Action& action);

// Appends msgpack(action) to `out`: the bytes that go into the L1 action hash.
void encode_msgpack(const L1Action& action, std::vector<std::uint8_t>& out);
std::vector<std::uint8_t> encode_msgpack(const L1Action& action);

// Appends the action as JSON (same keys, same order) to `out`.
void encode_json(const L1Action& action, std::string& out, JsonStyle style = JsonStyle::kPython);

// Both at once, from one walk over the action (each price and size formatted once): what the
// signer needs, on the order path. The JSON goes through the caller's writer, so it can land
// inside a larger document (the request body) without a copy. Same bytes as the two calls above.
void encode_msgpack_and_json(const L1Action& action, std::vector<std::uint8_t>& msgpack_out, JsonWriter& json);

}  // namespace hlmm::hl
