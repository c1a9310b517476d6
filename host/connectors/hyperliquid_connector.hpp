// Hyperliquid (or the local venue, sim/venue, which speaks the same protocol) as a Connector.
//
// Transport is host/net: the WebSocket feed (l2Book, trades, orderUpdates, userFills) decoded by
// hl::FeedDecoder, and orders as signed /exchange posts over the HTTPS keep-alive client, signed by
// host/hyperliquid with nonces from host/orders' NonceSource; /info (meta, and orderStatus for an
// order whose answer was lost) on a second keep-alive connection, so a query never waits behind
// an order. One I/O thread per connector runs
// all of it, as host/live's trader does.
//
// Reconnects: when the feed drops, ResyncingEvent; after the WsClient reconnects and the re-sent
// subscriptions bring a fresh l2Book snapshot for every coin and the userFills snapshot (fills
// missed in the gap, de-duplicated by trade id), ResyncedEvent.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "connectors/connector.hpp"
#include "hyperliquid/private_key.hpp"

namespace hlmm::orders {
class NonceSource;
}

namespace hlmm::connectors {

struct HyperliquidConnectorConfig {
  std::string name = "hyperliquid";    // how logs and strategies name this venue
  std::string host = "api.hyperliquid.xyz";
  std::string port = "443";
  std::string ca_file;                  // PEM to trust instead of the system store; empty: system
  std::vector<std::string> coins = {"ETH"};
  bool is_mainnet = true;               // phantom-agent source for signatures
  // The account's rates: the venue's tier 0 by default. Hyperliquid has no per-request fee, so the
  // operator states the tier (the local venue's are in its ExchangeConfig).
  FeeSchedule fees;
  std::size_t book_levels = 5;          // levels per side in each BookEvent
  std::chrono::milliseconds order_timeout{5'000};  // no answer by then: the order's answer is lost
  // An order whose answer was lost (timeout, connection lost mid-request, a resent copy refused as
  // a duplicate nonce, an unreadable answer) is looked up with /info orderStatus by its cloid. The
  // venue answers an action when its block commits (~2 blocks, about 0.4 s on Hyperliquid), so the
  // first query waits lost_order_query_delay; while the venue does not know the order yet or the
  // query fails, it is asked again after the same delay, lost_order_queries times in all.
  std::chrono::milliseconds lost_order_query_delay{1'000};
  int lost_order_queries = 3;
  std::chrono::milliseconds query_timeout{5'000};   // each /info request (meta, orderStatus)
  std::chrono::milliseconds reconnect_backoff{500};  // first reconnect delay (then exponential)
  std::filesystem::path nonce_file;     // used when no shared NonceSource is given; empty: none
};

class HyperliquidConnector final : public Connector {
 public:
  // `nonces`: share the NonceSource of every other signer of the same key in this process (the
  // trader's); null: the connector keeps its own (config.nonce_file).
  HyperliquidConnector(HyperliquidConnectorConfig config, hl::PrivateKey key,
                       std::shared_ptr<orders::NonceSource> nonces = nullptr);
  ~HyperliquidConnector() override;
  HyperliquidConnector(const HyperliquidConnector&) = delete;
  HyperliquidConnector& operator=(const HyperliquidConnector&) = delete;

  void set_event_handler(EventHandler handler) override;
  void start() override;
  void stop() override;
  bool ready() const override;

  std::string_view name() const override;
  FeeSchedule fees() const override;
  Size lot(std::string_view coin) const override;
  Price marketable_price(std::string_view coin, Side side, Price price) const override;

  void place_ioc(std::string_view coin, Side side, Price price, Size size, ClientOrderId client_id,
                 OrderCallback done) override;
  void place_limit(std::string_view coin, Side side, Price price, Size size, TimeInForce tif, ClientOrderId client_id,
                   OrderCallback done) override;
  void cancel(std::string_view coin, ClientOrderId client_id, CancelCallback done) override;

  hl::Address address() const { return address_; }
  // Why the connector gave up (bad meta, unknown coin), empty while healthy.
  std::string fatal() const;

  struct Impl;

 private:
  hl::Address address_;
  std::shared_ptr<Impl> impl_;
};

}  // namespace hlmm::connectors
