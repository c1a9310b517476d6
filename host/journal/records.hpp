// The journal's record types and their self-checking binary framing (README.md has the format).
//
// File:   "HLMMJNL1" (8 bytes), then records.
// Record: u32 payload length | u32 CRC-32 of the payload | payload (u8 type, then the fields,
//         little-endian; strings as u16 length + bytes).
// A record whose length runs past the end of the file or whose CRC does not match ends the valid
// part of the file: what follows is a torn tail and is truncated, never interpreted.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "hlmm/fixed_point.hpp"

namespace hlmm::journal {

inline constexpr std::string_view kFileMagic = "HLMMJNL1";
inline constexpr std::size_t kHeaderBytes = 8;             // length + CRC
inline constexpr std::uint32_t kMaxPayload = 64 * 1024;    // larger lengths are corruption

using Cloid = std::array<std::uint8_t, 16>;

// A session started (one per process start): what follows was written by that run.
struct SessionStart {
  std::uint64_t time_ms = 0;
  std::string address;  // the account (public address, never key material)
};

enum class SentKind : std::uint8_t { kOrder = 0, kModify = 1, kCancel = 2, kScheduleCancel = 3, kCancelByOid = 4 };

// One item of a request we signed and sent (a request of n items writes n records).
struct OrderSent {
  std::uint64_t request_id = 0;
  std::uint64_t nonce = 0;
  SentKind kind = SentKind::kOrder;
  std::uint32_t item = 0;
  std::uint32_t asset_id = 0;
  bool is_buy = false;
  Price price = 0;
  Size size = 0;
  std::optional<Cloid> cloid;   // the order's (new/modify) or the one cancelled
  std::uint64_t oid = 0;        // the order cancelled or modified, when named by oid
};

// One status of the venue's answer to a request (item-th), or the whole request's error.
enum class AckKind : std::uint8_t { kResting = 0, kFilled = 1, kSuccess = 2, kError = 3, kLost = 4 };
struct Ack {
  std::uint64_t request_id = 0;
  std::uint32_t item = 0;
  AckKind kind = AckKind::kSuccess;
  std::uint64_t oid = 0;
  std::string error;  // venue text (truncated to 256 bytes)
};

// orderUpdates: an order's status as the venue reports it.
struct OrderUpdate {
  std::uint64_t oid = 0;
  std::optional<Cloid> cloid;
  std::string coin;
  bool is_buy = false;
  Price price = 0;
  Size remaining = 0;
  Size orig_size = 0;
  std::string status;
  std::uint64_t time_ms = 0;
};

struct Fill {
  std::uint64_t tid = 0;
  std::uint64_t oid = 0;
  std::string coin;
  bool is_buy = false;
  Price price = 0;
  Size size = 0;
  std::int64_t fee = 0;  // 1e-8 USDC, negative = rebate
  std::uint64_t time_ms = 0;
  bool recovered = false;  // written at start from /info userFills, not seen live
};

// A difference found at start between the journal and the venue, and how it was resolved (the
// venue wins): a position adjustment, or an order the journal thought open.
struct Reconcile {
  std::string coin;
  std::string what;             // "position", "order_gone", "order_cancelled_at_start"
  std::int64_t journal_value = 0;
  std::int64_t venue_value = 0;
  std::uint64_t oid = 0;
};

using Record = std::variant<SessionStart, OrderSent, Ack, OrderUpdate, Fill, Reconcile>;

// CRC-32 (IEEE, reflected, as zlib).
std::uint32_t crc32(const std::uint8_t* data, std::size_t size);

// Appends the framed record (header + payload) to `out`.
void encode(const Record& record, std::string& out);

// Decodes one framed record at `data[0..size)`. Returns the bytes consumed, or 0 when the bytes do
// not hold one valid record (short, bad length, bad CRC, unknown type, fields overrun).
std::size_t decode(const std::uint8_t* data, std::size_t size, Record& out);

}  // namespace hlmm::journal
