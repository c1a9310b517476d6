// The WS feed decoder: one text frame in, either pipeline records (market channels) or host
// values (user channels, post responses, acks), or a named ParseError.
//
// Envelope: {"channel": name, "data": ...}. Recognised: the plain-text greeting,
// subscriptionResponse, pong, post, error, l2Book, bbo, trades, activeAssetCtx, orderUpdates,
// userFills, user (userEvents). Any other channel is kUnknownChannel (with its name) and nothing
// is emitted: the caller logs it and carries on.
//
// Book channels → records. l2Book is a full snapshot on every push, and so is every record batch
// the decoder emits for a book: kBookClear(both), the top kBookLevels levels of each side best
// first, the last record flagged end-of-snapshot (and end-of-batch). Why a snapshot rather than
// a diff against the previous one: the pipeline evaluates a quote after every book record outside
// a snapshot, so a k-record diff would quote k times on books that never existed (a bid deleted
// before its replacement is set moves the mid), and each such quote may reach the order path.
// Inside a snapshot the pipeline quotes once, at its end, on the venue's book. A snapshot also
// rebases the sequence and clears a resync, so one lost record heals at the next push with no
// feedback from the pipeline. The price is 1 + 2N records (33 for N = 16) per push, 2 pushes/s
// per coin: nothing next to the pipeline's rate. Levels beyond N are not sent (the pipeline would
// drop them: apply_level keeps the top N).
// bbo is merged into the decoder's copy of the book (levels better than the new best are
// removed, the best level set) and sent as a snapshot of that book, by the same rule.
// trades → one kTrade per print (side = aggressor). activeAssetCtx → the AssetContext (mark,
// oracle, mid, funding, premium, OI) in FeedMessage::asset_ctx, and one kFunding record with the
// cash funding f = mid · r (midPx, or markPx when midPx is null; rounded to nearest at 1e-8,
// ties away from zero).
//
// Sequence numbers: one counter per slot, shared by every record kind, advanced only when a frame
// decodes completely, so a refused frame leaves no gap. The last record of a frame carries
// kFlagEndOfBatch. Timestamps: the venue's `time` (ms → ns); funding, which has none, takes the
// slot's latest venue time so it never moves the pipeline's clock ahead of the book's.
//
// Allocation: the decoder owns a padded copy buffer and a simdjson on-demand parser sized once
// for kMaxFrameBytes, and the caller owns the record buffer, so decoding l2Book, bbo, trades and
// activeAssetCtx allocates nothing (tests/hyperliquid/parse_alloc_test.cpp counts). User
// channels and post responses fill std::string/std::vector fields and may allocate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hlmm/book.hpp"
#include "hlmm/records.hpp"
#include "hyperliquid/asset_directory.hpp"
#include "hyperliquid/messages.hpp"
#include "hyperliquid/parse_error.hpp"

namespace hlmm::hl {

// Frames longer than this are refused unread (kOversized). The largest expected frame is a
// userFills snapshot (up to 2000 fills, ~0.8 MB); market frames are a few kB.
inline constexpr std::size_t kMaxFrameBytes = std::size_t{1} << 20;
// Levels per side an l2Book/bbo frame may carry (the venue sends at most 20).
inline constexpr int kMaxWireLevels = 64;
// Records one frame may need by default: a trades frame of a busy block.
inline constexpr std::size_t kDefaultRecordCapacity = 4096;

enum class Channel : std::uint8_t {
  kNone = 0,
  kGreeting,              // "Websocket connection established."
  kSubscriptionResponse,  // FeedMessage::subscription
  kPong,
  kPost,                  // FeedMessage::post
  kError,                 // FeedMessage::error_text
  kL2Book,                // records, slot, time_ms
  kBbo,                   // records, slot, time_ms, bbo
  kTrades,                // records
  kActiveAssetCtx,        // records (kFunding), slot, asset_ctx
  kOrderUpdates,          // order_updates
  kUserFills,             // user_fills
  kUserEvents,            // user_event (channel "user")
  kUnknown,               // error kUnknownChannel
};

std::string_view channel_name(Channel c);

// The caller's record buffer: fixed capacity, never reallocates.
class RecordBuffer {
 public:
  explicit RecordBuffer(std::size_t capacity = kDefaultRecordCapacity) : data_(capacity) {}
  bool push(const MarketEvent& e) {
    if (size_ == data_.size()) return false;
    data_[size_++] = e;
    return true;
  }
  void clear() { size_ = 0; }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return data_.size(); }
  bool empty() const { return size_ == 0; }
  MarketEvent& operator[](std::size_t i) { return data_[i]; }
  const MarketEvent& operator[](std::size_t i) const { return data_[i]; }
  std::span<const MarketEvent> view() const { return {data_.data(), size_}; }

 private:
  std::vector<MarketEvent> data_;
  std::size_t size_ = 0;
};

struct BboQuote {
  bool has_bid = false;
  bool has_ask = false;
  BookLevel bid;
  BookLevel ask;
};

// What one frame decoded to. Reused across frames: only the fields of `channel` are meaningful.
struct FeedMessage {
  explicit FeedMessage(std::size_t record_capacity = kDefaultRecordCapacity) : records(record_capacity) {}

  Channel channel = Channel::kNone;
  RecordBuffer records;
  std::uint8_t slot = 0;
  std::uint64_t time_ms = 0;
  BboQuote bbo;
  AssetContext asset_ctx;
  std::vector<OrderUpdate> order_updates;
  UserFillsMessage user_fills;
  UserEvent user_event;
  WsPostResponse post;
  std::string error_text;
  std::string subscription;  // subscriptionResponse: the data object's JSON text
};

struct FeedDecoderOptions {
  // Read l2Book frames of the venue's exact shape without the JSON parser (l2book_scan.hpp);
  // every other frame takes the generic path. Off only to compare the two paths in tests.
  bool l2book_fast_path = true;
};

class FeedDecoder {
 public:
  explicit FeedDecoder(AssetDirectory directory, FeedDecoderOptions options = {});
  ~FeedDecoder();
  FeedDecoder(const FeedDecoder&) = delete;
  FeedDecoder& operator=(const FeedDecoder&) = delete;

  // Decodes one frame into `out` (records cleared first). On error `out.records` is empty, no
  // sequence number is consumed and the book copy is unchanged. Never throws.
  ParseError decode(std::string_view frame, FeedMessage& out);

  // Forget the book copy of every slot (after a reconnect: a bbo must not be merged onto a book
  // from before the gap). Sequence counters continue.
  void reset_books();

  const AssetDirectory& directory() const;
  std::uint32_t next_seq(std::uint8_t slot) const;
  const SideBook& bids(std::uint8_t slot) const;
  const SideBook& asks(std::uint8_t slot) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace hlmm::hl
