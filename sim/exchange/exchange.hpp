// A Hyperliquid-like perpetuals exchange in one process: accounts, positions and margin, a
// price-time book per asset, Gtc/Ioc/Alo, modify/batchModify, cancels by oid and cloid,
// scheduleCancel, fees and rebates, hourly funding, and the venue's block sequencing
// (protocol.md §10): actions are cut into blocks, and within a block the actions that send no
// GTC/IOC order run first, then cancels, then the actions that send GTC/IOC. So a cancel or an
// ALO sent together with a taker's IOC wins the race, as it does on the real venue.
//
// Inputs are typed, already-authenticated actions (signatures and nonces are the venue front
// end's job, sim/venue); outputs are the host types of host/hyperliquid/messages.hpp, so the
// wire encoding on the venue side and the parsing on the bot side meet in one set of types.
// Error texts are the exchange's where protocol.md records them (ExchangeErrors below).
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "exchange/exchange_types.hpp"
#include "exchange/order_book.hpp"
#include "hyperliquid/actions.hpp"

namespace hlmm::exchange {

// Texts from protocol.md §4.2. Per-order errors get the venue's " asset=<id>" suffix.
struct ExchangeErrors {
  static constexpr std::string_view kTick = "Price must be divisible by tick size.";
  static constexpr std::string_view kMinNotional = "Order must have minimum value of $10.";
  static constexpr std::string_view kMargin = "Insufficient margin to place order.";
  static constexpr std::string_view kReduceOnly = "Reduce only order would increase position.";
  static constexpr std::string_view kBadAloPx = "Post only order would have immediately matched, bbo was ";
  static constexpr std::string_view kIocCancel = "Order could not immediately match against any resting orders.";
  static constexpr std::string_view kMissingOrder = "Order was never placed, already canceled, or filled.";
  static constexpr std::string_view kInvalidModify = "Attempted to modify to invalid new order";
  // Not recorded in protocol.md; hlmm's own wording, kept in the exchange's style.
  static constexpr std::string_view kBadSize = "Order has invalid size.";
  static constexpr std::string_view kUnknownAsset = "Order has unknown asset.";
  static constexpr std::string_view kDuplicateCloid = "Order has duplicate cloid.";
  static constexpr std::string_view kMaxOrderValue = "Order value is above the maximum limit order value.";
  static constexpr std::string_view kModifyMissing = "Cannot modify canceled or filled order";
  static constexpr std::string_view kUnsupported = "Action is not supported by the hlmm venue: ";
  static constexpr std::string_view kScheduleTooEarly = "Scheduled cancel time must be at least 5 seconds in the future.";
  static constexpr std::string_view kScheduleTooMany = "Too many scheduled cancel triggers today.";
  static constexpr std::string_view kBadLeverage = "Invalid leverage value.";
  static constexpr std::string_view kOutcomePrice = "Outcome price must be above 0 and below 1.";
  static constexpr std::string_view kOutcomeCollateral = "Insufficient balance to collateralize outcome order.";
  static constexpr std::string_view kOutcomeSettled = "Outcome has settled.";
};

// A per-order error as the venue words it: the text, then " asset=<id>".
std::string with_asset(std::string_view text, std::uint32_t asset);
hl::OrderStatus error_status(std::string text);

enum class SequencingClass : std::uint8_t {
  kNoTakerOrders = 0,  // ALO-only orders, scheduleCancel, leverage, noop, …
  kCancel = 1,         // cancel, cancelByCloid
  kTakerOrders = 2,    // sends at least one GTC or IOC (modifies by the order they place)
};
SequencingClass sequencing_class(const hl::L1Action& action);

struct ExchangeConfig {
  SequencingConfig sequencing;
  FeeRates default_fees;
  Money min_order_notional = 10 * kPriceScale;  // $10 (protocol.md §6)
  std::uint64_t schedule_cancel_min_lead_ms = 5'000;
  std::uint32_t schedule_cancel_max_triggers_per_day = 10;
  std::size_t user_fill_history = 2'000;        // /info userFills returns at most this many
  // Finished orders (filled, cancelled, rejected after they got an oid) each account's /info
  // orderStatus still knows, oldest forgotten first; resting orders are always known. Bounds the
  // memory of a long run (the crowd's ladder alone finishes several orders a second): ~200 bytes
  // an order, so about 2 MB per busy account.
  std::size_t order_status_history = 10'000;
};

class Exchange {
 public:
  explicit Exchange(ExchangeConfig config = {});

  // Perps: the asset id is the index, as on the venue; every perp is added before any outcome.
  std::uint32_t add_asset(AssetSpec spec);
  // An outcome's merged book, at the next index (its wire ids are the spec's, never the index).
  // Orders on either side's asset id rest on one Yes book: a No order at p is its opposite at
  // 1 - p there; fills, order updates and open orders are reported in the order's own coin and
  // price. Positions are in Yes contracts (negative: long No), fully collateralised, fees zero.
  std::uint32_t add_outcome(OutcomeBookSpec spec);
  // Per index: the spec (for an outcome, its Yes coin as name).
  const AssetSpec* asset(std::uint32_t index) const;
  std::optional<std::uint32_t> asset_id(std::string_view coin) const;  // perps and Yes coins
  std::uint32_t asset_count() const { return static_cast<std::uint32_t>(assets_.size()); }
  bool is_outcome(std::uint32_t index) const { return index < assets_.size() && assets_[index].outcome.has_value(); }
  const OutcomeBookSpec* outcome(std::uint32_t index) const;
  // Settles outcome `index`: every resting order on it is cancelled, every position is closed
  // against `yes_payout` per Yes contract (0 .. 1 USD; cash += szi x payout, so a No holder's
  // locked USD comes back less the payout), and the book refuses orders from then on. No fill is
  // reported: the position disappears and the cash moves. Returns the cancels and the book change
  // for the venue to publish. A second call does nothing.
  BlockOutput settle_outcome(std::uint32_t index, Price yes_payout, std::uint64_t time_ms);
  bool outcome_settled(std::uint32_t index) const { return is_outcome(index) && assets_[index].settled.has_value(); }
  // A coin on the wire ("ETH", "#10", "#11") -> its book index and whether it names a No side.
  struct BookRef {
    std::uint32_t index = 0;
    bool no_side = false;
  };
  std::optional<BookRef> book_of_coin(std::string_view coin) const;
  // An order's asset id -> its book; none for an id the exchange does not list (an outcome's
  // index is not an asset id).
  std::optional<BookRef> book_of_asset_id(std::uint32_t asset_id) const;

  void deposit(const hl::Address& user, Money amount);
  void set_fee_rates(const hl::Address& user, FeeRates rates);
  // Reference price for margin and equity (the venue sets it from its mid / oracle).
  void set_mark(std::uint32_t asset, Price mark);

  // Hourly funding on every open position in `asset`: a position of szi pays
  // szi · oracle · rate (rate at 1e-8 per hour; positive: longs pay shorts).
  std::vector<FundingEvent> settle_funding(std::uint32_t asset, std::int64_t rate, Price oracle,
                                           std::uint64_t time_ms);

  // Queues an action; it executes in the first block at or after `arrival_ms`.
  void submit(std::uint64_t request_id, const hl::Address& user, hl::L1Action action,
              std::uint64_t arrival_ms);
  // Executes, in order, every block whose effects are visible at `now_ms`; returns the blocks
  // that did something. Blocks with nothing queued and no scheduled cancel due are skipped.
  std::vector<BlockOutput> advance_to(std::uint64_t now_ms);
  std::size_t queued() const;

  // Committed state.
  const OrderBook& book(std::uint32_t asset) const { return assets_.at(asset).book; }
  std::vector<hl::OpenOrder> open_orders(const hl::Address& user) const;
  hl::ClearinghouseState clearinghouse(const hl::Address& user, std::uint64_t time_ms) const;
  std::vector<hl::UserFill> user_fills(const hl::Address& user) const;
  Size position(const hl::Address& user, std::uint32_t asset) const;
  Money cash(const hl::Address& user) const;
  Money equity(const hl::Address& user) const;
  std::optional<std::uint64_t> scheduled_cancel(const hl::Address& user) const;
  // /info orderStatus: the latest state of the user's order named by oid or cloid (a cloid names
  // the newest order placed with it). A resting order reports its size left now, partial fills
  // included; a finished one its last update, while within order_status_history.
  hl::OrderStatusAnswer order_status(const hl::Address& user, const hl::OidOrCloid& id) const;

 private:
  struct AddressLess {
    bool operator()(const hl::Address& a, const hl::Address& b) const { return a.bytes < b.bytes; }
  };
  struct Position {
    Size szi = 0;
    Money basis = 0;  // cost of |szi| at entry prices
  };
  struct OrderRecord {
    hl::OrderUpdate last;  // the latest update the user was sent
    std::uint32_t asset = 0;
    hl::Tif tif = hl::Tif::kGtc;
    bool reduce_only = false;
  };
  struct Account {
    Money cash = 0;
    FeeRates fees;
    std::map<std::uint32_t, Position> positions;
    std::map<std::uint32_t, std::uint32_t> leverage;
    std::optional<std::uint64_t> scheduled_cancel_ms;
    std::uint64_t trigger_day = 0;
    std::uint32_t triggers_today = 0;
    std::vector<hl::UserFill> fills;
    // orderStatus memory: every order with an oid, by oid; the finished ones in finishing order
    // (the eviction queue); the newest oid per cloid.
    std::unordered_map<std::uint64_t, OrderRecord> orders;
    std::deque<std::uint64_t> finished;
    std::map<std::array<std::uint8_t, 16>, std::uint64_t> by_cloid;
  };
  struct AssetState {
    AssetSpec spec;
    OrderBook book;
    Price mark = 0;
    std::optional<OutcomeBookSpec> outcome;
    std::optional<Price> settled;  // an outcome's Yes payout once settled
  };
  struct Submission {
    std::uint64_t request_id;
    hl::Address user;
    hl::L1Action action;
  };
  struct NewOrder {
    std::uint32_t asset;  // the book index (an outcome order already on its Yes book)
    bool is_buy;
    Price price;
    Size size;
    bool reduce_only;
    hl::Tif tif;
    std::optional<hl::Cloid> cloid;
    bool no_side = false;  // sent on an outcome's No side
  };

  Account& account(const hl::Address& user);
  const Account* find_account(const hl::Address& user) const;
  void execute_block(std::uint64_t block_time, std::vector<Submission>& actions, BlockOutput& out);
  void run_scheduled_cancels(std::uint64_t block_time, BlockOutput& out);
  hl::ExchangeResponse execute(const hl::Address& user, const hl::L1Action& action, BlockOutput& out);
  // The wire order on its book: an outcome's No order turned into its Yes-book equivalent; an
  // error status for an unknown asset id or an outcome price off the grid.
  std::variant<NewOrder, hl::OrderStatus> book_order(const hl::OrderWire& wire, hl::Tif tif) const;
  hl::OrderStatus place(const hl::Address& user, const NewOrder& order, BlockOutput& out);
  hl::OrderStatus modify(const hl::Address& user, const hl::OidOrCloid& target, const hl::OrderWire& wire,
                         bool always_place, BlockOutput& out);
  hl::OrderStatus cancel(const hl::Address& user, std::uint32_t asset, std::uint64_t oid, BlockOutput& out);
  std::optional<std::uint64_t> oid_of(const hl::Address& user, const hl::Cloid& cloid) const;
  void settle_fill(const MatchStep& step, const hl::Address& taker, std::uint64_t taker_oid,
                   const std::optional<hl::Cloid>& taker_cloid, bool taker_no_side, std::uint32_t asset,
                   BlockOutput& out);
  void apply_trade(Account& account, std::uint32_t asset, bool is_buy, Price price, Size size,
                   Money fee, hl::UserFill& fill);
  bool margin_ok(const hl::Address& user, const NewOrder& order) const;
  // Cash, plus the perps marked, less one USD locked per No contract held: what margin and
  // outcome purchases draw on.
  i128 free_collateral(const Account& acct) const;
  // The order's own coin, price and side when reported to its sender.
  void report_as_sent(const RestingOrder& order, std::string& coin, Price& price, bool& is_buy) const;
  Price reference_price(std::uint32_t asset, Price fallback) const;
  // Every status change of an order with an oid goes through here: the user's channel message
  // and the orderStatus memory stay the same story.
  void order_update(const hl::Address& user, const RestingOrder& order, std::string status, BlockOutput& out);
  void remember_order(const hl::Address& user, const RestingOrder& order, const hl::OrderUpdate& update);
  void mark_changed(std::uint32_t asset, BlockOutput& out) const;

  ExchangeConfig config_;
  std::vector<AssetState> assets_;
  std::map<hl::Address, Account, AddressLess> accounts_;
  std::map<std::uint64_t, std::vector<Submission>> queue_;  // by block time
  std::uint64_t next_oid_ = 1;
  std::uint64_t next_tid_ = 1;
  std::uint64_t block_time_ = 0;  // the block being executed, or the last one executed
  bool block_ran_ = false;        // block_time_ names a block that ran (block 0 is at time 0)
};

}  // namespace hlmm::exchange
