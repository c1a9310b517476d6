// What the trader offers the strategies beside it (trader_connector.hpp): its thread, its book
// cache, its order manager and its risk gate. Internal to host/live: strategies see only the
// connectors::Connector that trader_connector.cpp builds on it.
//
// Every member except post() is called on the trader's I/O thread (post() gets a caller there),
// so the port, like the trader, needs no locks.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "connectors/connector.hpp"
#include "hyperliquid/messages.hpp"
#include "risk/risk_gate.hpp"

namespace hlmm::live {

// A strategy connector as the trader sees it: the news it hands on.
class StrategySink {
 public:
  virtual ~StrategySink() = default;
  virtual void on_book(const connectors::BookEvent& book) = 0;
  virtual void on_trade(const connectors::TradeEvent& trade) = 0;
  // Every fill and order update of the account (the sink keeps those of its own orders).
  virtual void on_fill(const hl::UserFill& fill) = 0;
  virtual void on_order_update(const hl::OrderUpdate& update) = 0;
  // The answer to a taker order this sink sent (send_taker's request id): the order's status,
  // or null when the answer was lost (`error` says why).
  virtual void on_answer(std::uint64_t request_id, const hl::OrderStatus* status, std::string_view error) = 0;
  virtual void on_resyncing(std::string_view why) = 0;
  virtual void on_resynced(std::uint64_t gap_ms) = 0;
};

struct PortAsset {
  std::uint8_t slot = 0;
  Size lot = 1;
  int min_tick_exp = 0;
};

struct TakerTicket {
  std::string refusal;          // empty: sent
  risk::Decision gate;          // the gate's decision (a resize is already applied to `size`)
  Size size = 0;                // what was sent
  hl::Cloid cloid;
  std::uint64_t request_id = 0;
};

class StrategyPort {
 public:
  virtual ~StrategyPort() = default;
  // Runs `fn` on the trader's thread. False (and `fn` dropped) once the trader has stopped.
  virtual bool post(std::function<void()> fn) = 0;

  virtual void attach(std::shared_ptr<StrategySink> sink) = 0;
  virtual void detach(const StrategySink* sink) = 0;
  virtual bool port_ready() const = 0;
  virtual std::size_t port_coin_count() const = 0;  // coins the trader quotes (each has a book)
  virtual connectors::FeeSchedule port_fees() const = 0;
  virtual std::optional<PortAsset> port_asset(std::string_view coin) const = 0;

  // An IOC on the trader's venue: the gate's check_taker, then the order manager's place_taker,
  // signed and sent with the quotes' requests. The answer comes to `sink` as on_answer.
  virtual TakerTicket send_taker(StrategySink& sink, std::uint8_t slot, Side side, Price price, Size size) = 0;

  // Orders on another venue pass the same gate (the coin's slot: the instrument's net position is
  // summed over venues) and their fills count in it. A coin the gate does not hold is a reject
  // with rule kNone. What it lets through is held in the gate (RiskGate::admit_taker,
  // Decision::hold) until released part by part as the order's fate becomes known
  // (release_external: a fill counted, or a part that will not fill; settle_external: the
  // order is done at the venue, what is still held is fills yet to arrive).
  virtual risk::Decision gate_external(std::string_view coin, Side side, Price price, Size size) = 0;
  virtual Size release_external(std::uint64_t hold, Size size) = 0;
  virtual void settle_external(std::uint64_t hold) = 0;
  virtual void external_fill(std::string_view coin, Side side, Price price, Size size, std::int64_t fee) = 0;
  // The mid of an instrument only strategies trade (TraderConfig::gated_coins), from their books;
  // the trader's own coins are marked from its own feed and ignore it.
  virtual void external_mark(std::string_view coin, Price mid) = 0;
};

}  // namespace hlmm::live
