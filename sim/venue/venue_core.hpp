// The local venue without its sockets: requests in (HTTP bodies, WebSocket texts), responses and
// channel messages out, time supplied by the caller. The TLS server (venue_server.hpp) is a thin
// transport around it; tests drive it directly with a synthetic clock.
//
// Single-threaded by design: every call must come from one thread (the server's I/O thread), so
// the exchange core needs no locks and the order of events is the order of calls.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exchange/exchange.hpp"
#include "venue/authenticator.hpp"
#include "venue/market_flow.hpp"
#include "venue/venue_json.hpp"

namespace hlmm::venue {

struct VenueAsset {
  exchange::AssetSpec spec;
  FlowAsset flow;  // `asset` is filled in by the venue
};

// A HIP-4 price binary the venue lists (protocol.md §6): outcome number, the perp it is written on,
// strike and expiry. Listed by /info outcomeMeta with the description below; traded on asset ids
// 100000000 + 10 * outcome + side, coins "#<10 * outcome + side>", one merged book.
struct VenueOutcome {
  std::uint32_t outcome = 0;
  std::string name = "Recurring";
  std::string underlying = "ETH";   // a perp in VenueConfig::assets
  Price strike = 0;                 // targetPrice K
  std::string expiry;               // YYYYMMDD-HHMM, UTC
  std::string period = "1d";
  double sigma = 0;                 // the crowd's volatility for the fair value; 0: the underlying's
  // "class:priceBinary|underlying:ETH|expiry:20261207-0600|targetPrice:3000|period:1d"
  std::string description() const;
};

// "YYYYMMDD-HHMM" (UTC) of epoch seconds, the description's expiry form (minutes truncated).
std::string outcome_expiry_text(std::int64_t utc_s);

struct VenueConfig {
  exchange::ExchangeConfig exchange;
  std::vector<VenueAsset> assets;
  std::vector<VenueOutcome> outcomes;
  FlowConfig flow;
  bool background_flow = true;
  bool is_mainnet = true;                     // which phantom-agent source signatures must use
  std::uint64_t flow_interval_ms = 250;
  std::uint64_t ctx_interval_ms = 1'000;      // activeAssetCtx pushes
  std::uint64_t funding_interval_ms = 3'600'000;
  std::size_t book_depth = 20;
};

// The presets' markets (eth, btc, sol) with Hyperliquid's szDecimals for them.
VenueAsset preset_asset(std::string_view name);

using ConnectionId = std::uint64_t;

struct VenueStats {
  std::uint64_t requests = 0;
  std::uint64_t rejected_auth = 0;    // signature, signer or nonce refusals
  std::uint64_t rejected_parse = 0;   // bodies that are not a valid request
  std::uint64_t actions = 0;          // actions handed to the exchange core
  std::uint64_t ws_messages_out = 0;
};

class VenueCore {
 public:
  // `status` is the HTTP status; `body` the response JSON.
  using Reply = std::function<void(unsigned status, std::string body)>;
  using Send = std::function<void(std::string text)>;

  explicit VenueCore(VenueConfig config);

  // An account that may trade (its own key), funded with `usdc`.
  void add_account(const hl::Address& user, exchange::Money usdc);

  // POST /info and /exchange. /exchange replies when the action's block commits (tick()).
  void http_info(std::string_view body, std::uint64_t now_ms, const Reply& reply);
  void http_exchange(std::string_view body, std::uint64_t now_ms, Reply reply);

  ConnectionId open_connection(Send send);
  void close_connection(ConnectionId id);
  void ws_message(ConnectionId id, std::string_view text, std::uint64_t now_ms);

  // Runs the background flow, the blocks due by `now_ms`, funding, and pushes channel messages.
  void tick(std::uint64_t now_ms);

  // Fault injection for tests: the next action request of `account` (with `placing_only`, the next
  // one that places or modifies orders) is answered with `response` instead of being executed
  // (its nonce is still used), as a request corrupted on the way or a venue refusal would be.
  void inject_response(const hl::Address& account, hl::ExchangeResponse response, bool placing_only = false);
  // Fault injection for tests: the next userFills push to `account` is sent cut in half (a frame
  // no parser accepts), so the fills it carried are lost on the feed.
  void corrupt_next_user_fills(const hl::Address& account);

  MarketFlow& flow() { return *flow_; }
  const exchange::Exchange& exchange() const { return exchange_; }
  exchange::Exchange& exchange() { return exchange_; }
  const VenueStats& stats() const { return stats_; }
  const VenueConfig& config() const { return config_; }

 private:
  enum class SubType : std::uint8_t { kL2Book, kBbo, kTrades, kAssetCtx, kOrderUpdates, kUserFills, kUserEvents };
  struct Subscription {
    SubType type;
    std::uint32_t asset = 0;
    bool no_side = false;  // an outcome's No coin: its book is the Yes book mirrored
    hl::Address user;
    std::string text;  // the subscription object as sent, for the ack and unsubscribe
  };
  struct Connection {
    Send send;
    std::vector<Subscription> subs;
  };
  using Deliver = Reply;

  void exchange_request(std::string_view body, std::uint64_t now_ms, Deliver deliver);
  // The answer, or nullopt with `why` saying what is wrong with the request when it can tell.
  std::optional<std::string> info_response(std::string_view body, std::uint64_t now_ms, std::string& type,
                                           std::string& why);
  void subscribe(ConnectionId id, Connection& c, std::string_view subscription_json, bool add, std::uint64_t now_ms);
  void publish(const exchange::BlockOutput& block);
  void push_asset_ctxs(std::uint64_t now_ms);
  void settle_funding(std::uint64_t now_ms);
  AssetCtxValues ctx_of(std::uint32_t asset) const;
  std::string coin_name(std::uint32_t asset, bool no_side) const;
  void settle_expired_outcomes(std::uint64_t now_ms);
  std::uint32_t perp_count() const { return static_cast<std::uint32_t>(config_.assets.size()); }
  template <class Match>
  void send_to(SubType type, Match&& match, const std::string& text);

  VenueConfig config_;
  exchange::Exchange exchange_;
  Authenticator auth_;
  std::unique_ptr<MarketFlow> flow_;
  std::map<ConnectionId, Connection> connections_;
  std::map<std::uint64_t, Deliver> pending_;  // request id -> where its response goes
  struct Injected {
    hl::Address account;
    hl::ExchangeResponse response;
    bool placing_only;
  };
  std::vector<Injected> injected_;
  std::vector<hl::Address> corrupt_fills_for_;
  std::map<std::uint32_t, std::vector<FundingPoint>> funding_history_;
  std::map<std::uint32_t, std::pair<Price, Price>> last_bbo_;
  ConnectionId next_connection_ = 1;
  std::uint64_t next_request_ = 1;
  std::uint64_t last_flow_ms_ = 0;
  std::uint64_t last_ctx_ms_ = 0;
  std::uint64_t next_funding_ms_ = 0;
  VenueStats stats_;
};

}  // namespace hlmm::venue
