// The market maker as it runs against a venue (the local one or Hyperliquid): the WebSocket feed
// decoded into pipeline records, the pipeline's intents turned into signed actions by the order
// manager, responses, order updates and fills fed back. Everything runs on one I/O thread, so the
// receive path, the pipeline and the order manager need no locks; the public methods post to it.
//
// The same objects run in the backtester's event-level model and here: only the transport differs.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectors/connector.hpp"
#include "hlmm/fixed_point.hpp"
#include "hlmm/kernel.hpp"
#include "hyperliquid/private_key.hpp"
#include "journal/journal.hpp"
#include "risk/risk_gate.hpp"
#include "live/hedge_loop.hpp"
#include "live/pipeline_setup.hpp"

namespace hlmm::live {

struct TraderConfig {
  std::string host = "127.0.0.1";
  std::string port = "443";
  std::string ca_file;                 // PEM to trust instead of the system store; empty: system
  std::vector<std::string> coins = {"ETH"};  // venue coin names to quote; presets by lowercase name
  std::string policy = "hjb_fd";       // a host/policy named policy
  std::optional<strategies::FundingTargetConfig> funding_target{};  // [strategy]: the inventory policy's funding lean
  std::string backend = "sw";          // pipeline backend
  bool is_mainnet = true;              // phantom-agent source for signatures
  std::filesystem::path nonce_file;    // nonce high-water mark; empty: none
  std::uint64_t poll_ms = 100;         // timers: order manager poll, pipeline refresh timers
  std::uint64_t stale_book_ms = 5'000; // the pipeline cancels quotes on a book older than this
  std::uint64_t dead_man_ms = 15'000;  // scheduleCancel deadline kept armed while quoting
  risk::RiskLimits risk;               // the host risk gate every quote passes (host/risk)
  std::filesystem::path journal_dir;   // order/fill journal and crash recovery; empty: none
  connectors::FeeSchedule fees;        // the account's rates, as strategies beside the quotes see them
  std::optional<HedgeSettings> hedge;  // [hedge]: the delta hedge of each coin's inventory; none: off
  // Instruments that only strategies trade, on other connectors (gate_connector), e.g. a HIP-4
  // outcome coin "#10": the account's gate holds them too (marks from those connectors' books).
  std::vector<std::string> gated_coins;
};

struct CoinStatus {
  std::string coin;
  Price best_bid = 0;
  Price best_ask = 0;
  Price our_bid = 0;   // 0: none
  Price our_ask = 0;
  Size our_bid_size = 0;   // remaining size of our order on the side; 0: none
  Size our_ask_size = 0;
  Size position = 0;          // the account's (every fill, strategies' included)
  Size quoting_position = 0;  // the market maker's own: what the quotes and the delta hedge see
  Size position_limit = 0;  // the pipeline's register for the asset
  Price funding = 0;       // cash funding f = mid x hourly rate (price units per coin per hour)
  double hedge_skew_bps = 0;  // the delta hedge's lean on both quotes now (0: none)
  double hedge_var_usd = 0;   // the position's VaR as the hedge sees it
};

struct TraderSnapshot {
  bool connected = false;
  bool ready = false;              // meta loaded, pipeline configured, subscriptions sent
  bool killed = false;
  std::string fatal;               // why the trader stopped itself, if it did
  std::vector<CoinStatus> coins;
  std::uint64_t frames = 0;
  std::uint64_t parse_errors = 0;
  std::uint64_t requests_sent = 0;
  std::uint64_t responses = 0;
  std::uint64_t exchange_errors = 0;
  std::uint64_t fills = 0;
  std::uint64_t resyncs = 0;            // reconnects after which books and orders were resynced
  std::uint64_t reconciled_orders = 0;  // our orders found gone from the venue at a resync
  std::uint64_t user_recoveries = 0;    // refused fills / order-update frames made good from /info
  std::int64_t cash = 0;           // from our fills, fees included (USDC 1e-8)
  std::int64_t pnl = 0;            // cash + positions at the mid (USDC 1e-8)
  std::vector<std::uint64_t> tick_to_quote_ns;  // one per frame that produced requests
  risk::RiskSnapshot risk;                       // gate decisions, kill state, VaR/ES, KPIs
  journal::JournalStatus journal;                // journal and start-up reconciliation
  std::uint64_t tick_to_quote_total = 0;         // how many there are in all (with or without them)
  std::string backend;                           // the pipeline backend's name
  PipelineCounters pipeline_counters{};          // intents, cancels and rejects by Reason
  std::uint64_t tables_loaded = 0;               // policy table loads so far (loaded_tables() changes)
  std::uint64_t hedge_iocs = 0;                  // delta-hedge IOCs sent
};

class Trader {
 public:
  // The key is moved in and lives only inside the trader (never logged).
  Trader(TraderConfig config, hl::PrivateKey key);
  ~Trader();
  Trader(const Trader&) = delete;
  Trader& operator=(const Trader&) = delete;

  void start();
  // Kill switch: the pipeline's kill register, so every side is cancelled, and no new quote.
  void kill();
  // Cancels everything, disarms the dead man's switch, closes. Waits at most `timeout_ms`.
  void stop(std::uint64_t timeout_ms = 3'000);

  // `latencies_from`: only the tick-to-quote samples from that index on (a reader that keeps its own
  // histogram asks for the new ones).
  TraderSnapshot snapshot(bool with_latencies = false, std::size_t latencies_from = 0) const;
  // The policy tables in the pipeline now (empty until ready).
  std::vector<LoadedTable> loaded_tables() const;

  // Strategies beside the market maker (host/strategies) trade through these, so they share its
  // book cache, order manager and risk gate (trader_connector.hpp). `open_connector`: this venue,
  // IOCs only. `gate_connector`: another venue's connector (which must outlive the result) whose
  // orders pass this trader's gate and whose fills count in it. Either may be made before start().
  std::unique_ptr<connectors::Connector> open_connector(std::string name);
  std::unique_ptr<connectors::Connector> gate_connector(connectors::Connector& other);
  hl::Address address() const { return address_; }

  struct Impl;

 private:
  hl::Address address_;
  std::shared_ptr<Impl> impl_;
};

}  // namespace hlmm::live
