#include "venue/venue_core.hpp"

#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>

#include "hyperliquid/error.hpp"
#include "hyperliquid/overloaded.hpp"
#include "hyperliquid/request_json.hpp"
#include "policy/presets.hpp"
#include "strategies/outcome_asset.hpp"

namespace hlmm::venue {
namespace {

using simdjson::dom::element;

// Hyperliquid's szDecimals for the preset coins (mainnet meta).
std::uint8_t preset_sz_decimals(std::string_view coin) {
  if (coin == "BTC") return 5;
  if (coin == "ETH") return 4;
  return 2;  // SOL
}

std::optional<std::string_view> string_field(element e, const char* key) {
  std::string_view v;
  if (e[key].get(v) != simdjson::SUCCESS) return std::nullopt;
  return v;
}

std::optional<hl::Address> address_field(element e, const char* key) {
  const auto text = string_field(e, key);
  if (!text) return std::nullopt;
  try {
    return hl::Address::parse(*text);
  } catch (const hl::Error&) {
    return std::nullopt;
  }
}

// orderStatus's "oid": a number is an oid, a string a cloid.
std::optional<hl::OidOrCloid> oid_or_cloid_field(element e, const char* key) {
  element v;
  if (e[key].get(v) != simdjson::SUCCESS) return std::nullopt;
  std::uint64_t oid = 0;
  if (v.get(oid) == simdjson::SUCCESS) return hl::OidOrCloid{oid};
  std::string_view text;
  if (v.get(text) != simdjson::SUCCESS) return std::nullopt;
  try {
    return hl::OidOrCloid{hl::Cloid::parse(text)};
  } catch (const hl::Error&) {
    return std::nullopt;
  }
}

}  // namespace

VenueAsset preset_asset(std::string_view name) {
  const auto preset = policy::find_preset(name);
  if (!preset) throw std::invalid_argument("unknown market preset '" + std::string(name) + "' (eth, btc, sol)");
  VenueAsset a;
  a.spec.name = preset->name;
  a.spec.sz_decimals = preset_sz_decimals(preset->name);
  a.spec.max_leverage = preset->name == "BTC" ? 40 : (preset->name == "ETH" ? 25 : 20);
  a.flow.start_price = preset->ref_price;
  a.flow.vol_annual = preset->vol_annual;
  a.flow.funding_kappa = preset->kappa;
  a.flow.funding_theta = preset->theta;
  a.flow.funding_sigma = preset->sigma;
  a.flow.funding_start = preset->theta;
  return a;
}

std::string outcome_expiry_text(std::int64_t utc_s) {
  const std::chrono::sys_seconds t{std::chrono::seconds{utc_s}};
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(t - day).count();
  char text[32];
  std::snprintf(text, sizeof text, "%04d%02u%02u-%02d%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), static_cast<int>(minutes / 60),
                static_cast<int>(minutes % 60));
  return text;
}

std::string VenueOutcome::description() const {
  return "class:priceBinary|underlying:" + underlying + "|expiry:" + expiry +
         "|targetPrice:" + std::string(format_price(strike).view()) + "|period:" + period;
}

VenueCore::VenueCore(VenueConfig config) : config_(std::move(config)), exchange_(config_.exchange) {
  std::vector<FlowAsset> flows;
  for (VenueAsset& a : config_.assets) {
    a.flow.asset = exchange_.add_asset(a.spec);
    flows.push_back(a.flow);
  }
  std::vector<FlowOutcome> outcome_flows;
  for (const VenueOutcome& o : config_.outcomes) {
    // The listing is read back by the same parser a trader uses, so a description the strategies
    // would refuse is refused here, at start.
    const strategies::PriceBinarySpec spec = strategies::parse_price_binary(o.description());
    const auto yes = strategies::make_outcome_asset(o.outcome, strategies::OutcomeSide::kYes);
    const auto no = yes.other_side();
    const auto under = std::find_if(config_.assets.begin(), config_.assets.end(),
                                    [&](const VenueAsset& a) { return a.spec.name == o.underlying; });
    if (under == config_.assets.end()) {
      throw std::invalid_argument("venue: outcome " + std::to_string(o.outcome) + " is on " + o.underlying +
                                  ", which the venue does not list");
    }
    FlowOutcome f;
    f.asset = exchange_.add_outcome(exchange::OutcomeBookSpec{yes.coin(), no.coin(), yes.asset_id(), no.asset_id()});
    f.yes_asset = yes.asset_id();
    f.no_asset = no.asset_id();
    f.underlying = static_cast<std::size_t>(under - config_.assets.begin());
    f.strike = spec.strike;
    f.expiry_s = spec.expiry_s;
    f.sigma = o.sigma > 0 ? o.sigma : under->flow.vol_annual;
    outcome_flows.push_back(f);
  }
  flow_ = std::make_unique<MarketFlow>(exchange_, std::move(flows), config_.flow, std::move(outcome_flows));
  for (std::size_t i = 0; i < config_.assets.size(); ++i) exchange_.set_mark(config_.assets[i].flow.asset, flow_->fair_price(i));
}

void VenueCore::add_account(const hl::Address& user, exchange::Money usdc) {
  auth_.add_user(user);
  exchange_.deposit(user, usdc);
}

// ---- /exchange ----------------------------------------------------------------------------------

void VenueCore::http_exchange(std::string_view body, std::uint64_t now_ms, Reply reply) {
  ++stats_.requests;
  exchange_request(body, now_ms, std::move(reply));
}

void VenueCore::exchange_request(std::string_view body, std::uint64_t now_ms, Deliver deliver) {
  hl::ExchangeRequest request;
  try {
    request = hl::parse_exchange_body(body);
  } catch (const hl::Error& e) {
    // Hyperliquid answers "err" bodies with HTTP 200 (protocol.md §4.2); only a body that is
    // not a request at all gets a 4xx.
    ++stats_.rejected_parse;
    deliver(422, exchange_error_json(std::string("Failed to deserialize the JSON body into the target type: ") + e.what()));
    return;
  }
  const auto signer = hl::recover_signer(request, config_.is_mainnet);
  if (!signer) {
    ++stats_.rejected_auth;
    deliver(200, exchange_error_json("Unable to recover signer."));
    return;
  }
  if (const auto* user_action = std::get_if<hl::ParsedUserAction>(&request.action)) {
    const auto* approve = std::get_if<hl::ApproveAgent>(&user_action->action);
    if (approve == nullptr) {
      deliver(200, exchange_error_json(std::string(exchange::ExchangeErrors::kUnsupported) +
                                  std::string(hl::user_action_type(user_action->action))));
      return;
    }
    if (!auth_.is_user(*signer)) {
      ++stats_.rejected_auth;
      deliver(200, exchange_error_json("User or API Wallet " + signer->to_string() + " does not exist."));
      return;
    }
    if (const auto bad = auth_.use_nonce(*signer, request.nonce, now_ms)) {
      ++stats_.rejected_auth;
      deliver(200, exchange_error_json(*bad));
      return;
    }
    auth_.approve_agent(*signer, approve->agent_address);
    hl::ExchangeResponse ok;
    ok.ok = true;
    ok.type = "default";
    deliver(200, exchange_response_json(ok));
    return;
  }
  const AuthOutcome who = auth_.account_for(*signer);
  if (!who.account) {
    ++stats_.rejected_auth;
    deliver(200, exchange_error_json(who.error));
    return;
  }
  if (request.vault) {
    deliver(200, exchange_error_json(std::string(exchange::ExchangeErrors::kUnsupported) + "vaultAddress"));
    return;
  }
  if (request.expires_after && *request.expires_after < now_ms) {
    deliver(200, exchange_error_json("Action expired: expiresAfter " + std::to_string(*request.expires_after) +
                                " is before block time " + std::to_string(now_ms)));
    return;
  }
  if (const auto bad = auth_.use_nonce(*signer, request.nonce, now_ms)) {
    ++stats_.rejected_auth;
    deliver(200, exchange_error_json(*bad));
    return;
  }
  const auto& l1 = std::get<hl::L1Action>(request.action);
  const bool placing = std::holds_alternative<hl::OrderAction>(l1) || std::holds_alternative<hl::ModifyAction>(l1) ||
                       std::holds_alternative<hl::BatchModifyAction>(l1);
  const auto injected = std::find_if(injected_.begin(), injected_.end(), [&](const Injected& entry) {
    return entry.account == *who.account && (placing || !entry.placing_only);
  });
  if (injected != injected_.end()) {
    deliver(200, exchange_response_json(injected->response));
    injected_.erase(injected);
    return;
  }
  const std::uint64_t id = next_request_++;
  pending_[id] = std::move(deliver);
  ++stats_.actions;
  exchange_.submit(id, *who.account, std::get<hl::L1Action>(std::move(request.action)), now_ms);
}

void VenueCore::inject_response(const hl::Address& account, hl::ExchangeResponse response, bool placing_only) {
  injected_.push_back(Injected{account, std::move(response), placing_only});
}

void VenueCore::corrupt_next_user_fills(const hl::Address& account) { corrupt_fills_for_.push_back(account); }

// ---- /info ----------------------------------------------------------------------------------------

void VenueCore::http_info(std::string_view body, std::uint64_t now_ms, const Reply& reply) {
  ++stats_.requests;
  std::string type;
  std::string why;
  const auto out = info_response(body, now_ms, type, why);
  if (!out) {
    ++stats_.rejected_parse;
    std::string text;
    hl::append_json_string(text, "Failed to deserialize the JSON body into the target type" + (why.empty() ? "" : ": " + why));
    reply(422, text);
    return;
  }
  reply(200, *out);
}

std::optional<std::string> VenueCore::info_response(std::string_view body, std::uint64_t now_ms, std::string& type,
                                                    std::string& why) {
  simdjson::dom::parser parser;
  element doc;
  if (parser.parse(body.data(), body.size()).get(doc) != simdjson::SUCCESS) return std::nullopt;
  const auto t = string_field(doc, "type");
  if (!t) return std::nullopt;
  type = std::string(*t);
  std::vector<exchange::AssetSpec> specs;
  for (const VenueAsset& a : config_.assets) specs.push_back(a.spec);
  if (type == "meta") return meta_json(specs);
  if (type == "metaAndAssetCtxs") {
    std::vector<AssetCtxValues> ctxs;
    for (std::uint32_t a = 0; a < perp_count(); ++a) ctxs.push_back(ctx_of(a));
    return meta_and_ctxs_json(specs, ctxs);
  }
  if (type == "outcomeMeta") {
    std::vector<OutcomeMetaEntry> entries;
    for (const VenueOutcome& o : config_.outcomes) entries.push_back(OutcomeMetaEntry{o.outcome, o.name, o.description()});
    return outcome_meta_json(entries);
  }
  if (type == "l2Book" || type == "fundingHistory") {
    const auto coin = string_field(doc, "coin");
    const auto ref = coin ? exchange_.book_of_coin(*coin) : std::nullopt;
    if (!ref) return std::nullopt;
    if (type == "l2Book") {
      return l2book_json(std::string(*coin), now_ms, exchange_.book(ref->index), config_.book_depth, ref->no_side);
    }
    if (exchange_.is_outcome(ref->index)) return std::nullopt;  // outcomes pay no funding
    std::uint64_t start = 0;
    std::uint64_t end = now_ms;
    if (doc["startTime"].get(start) != simdjson::SUCCESS) return std::nullopt;
    if (doc["endTime"].get(end) != simdjson::SUCCESS) end = now_ms;  // optional
    std::vector<FundingPoint> points;
    for (const FundingPoint& p : funding_history_[ref->index]) {
      if (p.time_ms >= start && p.time_ms <= end && points.size() < 500) points.push_back(p);
    }
    return funding_history_json(std::string(*coin), points);
  }
  if (type != "orderStatus" && type != "openOrders" && type != "frontendOpenOrders" && type != "userFills" &&
      type != "clearinghouseState") {
    why = "unknown info type \"" + type + "\"";
    return std::nullopt;
  }
  const auto user = address_field(doc, "user");
  if (!user) {
    why = "\"user\" must be a 0x-prefixed 40-hex-digit address";
    return std::nullopt;
  }
  if (type == "orderStatus") {
    const auto id = oid_or_cloid_field(doc, "oid");
    if (!id) {
      why = "\"oid\" must be an order id (unsigned integer) or a cloid (\"0x\" and 32 hex digits)";
      return std::nullopt;
    }
    return order_status_json(exchange_.order_status(*user, *id));
  }
  if (type == "openOrders" || type == "frontendOpenOrders") return open_orders_json(exchange_.open_orders(*user));
  if (type == "userFills") return user_fills_json(exchange_.user_fills(*user));
  return clearinghouse_json(exchange_.clearinghouse(*user, now_ms));
}

// ---- WebSocket -----------------------------------------------------------------------------------

ConnectionId VenueCore::open_connection(Send send) {
  const ConnectionId id = next_connection_++;
  connections_[id] = Connection{std::move(send), {}};
  return id;
}

void VenueCore::close_connection(ConnectionId id) { connections_.erase(id); }

void VenueCore::ws_message(ConnectionId id, std::string_view text, std::uint64_t now_ms) {
  const auto found = connections_.find(id);
  if (found == connections_.end()) return;
  Connection& c = found->second;
  simdjson::dom::parser parser;
  element doc;
  std::string_view method;
  if (parser.parse(text.data(), text.size()).get(doc) != simdjson::SUCCESS ||
      doc["method"].get(method) != simdjson::SUCCESS) {
    c.send(ws_error_message("Error parsing JSON into valid websocket request: " + std::string(text.substr(0, 200))));
    return;
  }
  if (method == "ping") {
    c.send(std::string(kPongMessage));
    return;
  }
  if (method == "subscribe" || method == "unsubscribe") {
    element sub;
    if (doc["subscription"].get(sub) != simdjson::SUCCESS || !sub.is_object()) {
      c.send(ws_error_message("Invalid subscription " + std::string(text.substr(0, 200))));
      return;
    }
    subscribe(id, c, simdjson::minify(sub), method == "subscribe", now_ms);
    return;
  }
  if (method == "post") {
    std::uint64_t post_id = 0;
    element request;
    std::string_view type;
    element payload;
    if (doc["id"].get(post_id) != simdjson::SUCCESS || doc["request"].get(request) != simdjson::SUCCESS ||
        request["type"].get(type) != simdjson::SUCCESS || request["payload"].get(payload) != simdjson::SUCCESS) {
      c.send(ws_error_message("Invalid post request " + std::string(text.substr(0, 200))));
      return;
    }
    const std::string payload_json = simdjson::minify(payload);
    if (type == "info") {
      std::string info_type;
      std::string why;
      const auto out = info_response(payload_json, now_ms, info_type, why);
      c.send(out ? post_info_response(post_id, info_type, *out)
                 : post_error_response(post_id, "400 Bad Request: invalid info request" + (why.empty() ? "" : ": " + why)));
      return;
    }
    if (type == "action") {
      ++stats_.requests;
      // The connection may be gone when the block commits: look it up again then.
      exchange_request(payload_json, now_ms, [this, id, post_id](unsigned /*status*/, std::string body) {
        const auto conn = connections_.find(id);
        if (conn != connections_.end()) conn->second.send(post_action_response(post_id, body));
      });
      return;
    }
    c.send(post_error_response(post_id, "400 Bad Request: unknown request type"));
    return;
  }
  c.send(ws_error_message("Unknown method " + std::string(method)));
}

void VenueCore::subscribe(ConnectionId id, Connection& c, std::string_view subscription_json, bool add,
                          std::uint64_t now_ms) {
  (void)id;
  simdjson::dom::parser parser;
  element sub;
  std::string_view type;
  if (parser.parse(subscription_json.data(), subscription_json.size()).get(sub) != simdjson::SUCCESS ||
      sub["type"].get(type) != simdjson::SUCCESS) {
    c.send(ws_error_message("Invalid subscription " + std::string(subscription_json)));
    return;
  }
  Subscription s;
  s.text = std::string(subscription_json);
  static const std::map<std::string_view, SubType, std::less<>> kTypes = {
      {"l2Book", SubType::kL2Book},         {"bbo", SubType::kBbo},
      {"trades", SubType::kTrades},         {"activeAssetCtx", SubType::kAssetCtx},
      {"orderUpdates", SubType::kOrderUpdates}, {"userFills", SubType::kUserFills},
      {"userEvents", SubType::kUserEvents}};
  const auto kind = kTypes.find(type);
  if (kind == kTypes.end()) {
    c.send(ws_error_message("Invalid subscription " + std::string(subscription_json)));
    return;
  }
  s.type = kind->second;
  const bool per_coin = s.type == SubType::kL2Book || s.type == SubType::kBbo || s.type == SubType::kTrades ||
                        s.type == SubType::kAssetCtx;
  if (per_coin) {
    const auto coin = string_field(sub, "coin");
    const auto ref = coin ? exchange_.book_of_coin(*coin) : std::nullopt;
    if (!ref || (s.type == SubType::kAssetCtx && exchange_.is_outcome(ref->index))) {
      c.send(ws_error_message("Invalid subscription " + std::string(subscription_json)));
      return;
    }
    s.asset = ref->index;
    s.no_side = ref->no_side;
  } else {
    const auto user = address_field(sub, "user");
    if (!user) {
      c.send(ws_error_message("Invalid subscription " + std::string(subscription_json)));
      return;
    }
    s.user = *user;
  }
  auto same = [&](const Subscription& x) {
    return x.type == s.type && x.asset == s.asset && x.no_side == s.no_side && x.user == s.user;
  };
  if (!add) {
    c.subs.erase(std::remove_if(c.subs.begin(), c.subs.end(), same), c.subs.end());
    c.send(subscription_response("unsubscribe", subscription_json));
    return;
  }
  if (std::none_of(c.subs.begin(), c.subs.end(), same)) c.subs.push_back(s);
  c.send(subscription_response("subscribe", subscription_json));
  // The snapshot a subscriber needs to start from.
  switch (s.type) {
    case SubType::kL2Book:
      c.send(l2book_message(coin_name(s.asset, s.no_side), now_ms, exchange_.book(s.asset), config_.book_depth, s.no_side));
      break;
    case SubType::kBbo:
      c.send(bbo_message(coin_name(s.asset, s.no_side), now_ms, exchange_.book(s.asset), s.no_side));
      break;
    case SubType::kAssetCtx: c.send(asset_ctx_message(ctx_of(s.asset))); break;
    case SubType::kUserFills: c.send(user_fills_message(s.user, exchange_.user_fills(s.user), true)); break;
    default: break;
  }
}

// ---- time -----------------------------------------------------------------------------------------

void VenueCore::tick(std::uint64_t now_ms) {
  if (next_funding_ms_ == 0) next_funding_ms_ = (now_ms / config_.funding_interval_ms + 1) * config_.funding_interval_ms;
  if (config_.background_flow && now_ms >= last_flow_ms_ + config_.flow_interval_ms) {
    flow_->step(now_ms);
    last_flow_ms_ = now_ms;
  }
  for (const exchange::BlockOutput& block : exchange_.advance_to(now_ms)) publish(block);
  settle_expired_outcomes(now_ms);
  if (now_ms >= next_funding_ms_) {
    settle_funding(next_funding_ms_);
    next_funding_ms_ += config_.funding_interval_ms;
  }
  if (now_ms >= last_ctx_ms_ + config_.ctx_interval_ms) {
    push_asset_ctxs(now_ms);
    last_ctx_ms_ = now_ms;
  }
}

template <class Match>
void VenueCore::send_to(SubType type, Match&& match, const std::string& text) {
  for (auto& [id, c] : connections_) {
    for (const Subscription& s : c.subs) {
      if (s.type == type && match(s)) {
        c.send(text);
        ++stats_.ws_messages_out;
        break;
      }
    }
  }
}

void VenueCore::publish(const exchange::BlockOutput& block) {
  for (const exchange::ActionResult& r : block.results) {
    const auto p = pending_.find(r.request_id);
    if (p == pending_.end()) continue;  // the background flow's own actions
    p->second(200, exchange_response_json(r.response));
    pending_.erase(p);
  }
  const std::uint64_t t = block.commit_time_ms;
  // An outcome's book goes out twice: as is to its Yes coin's subscribers, mirrored to its No coin's.
  const auto sides = [&](std::uint32_t asset) { return exchange_.is_outcome(asset) ? 2 : 1; };
  for (const std::uint32_t asset : block.books_changed) {
    const exchange::OrderBook& book = exchange_.book(asset);
    for (int side = 0; side < sides(asset); ++side) {
      const bool no_side = side == 1;
      const std::string coin = coin_name(asset, no_side);
      send_to(SubType::kL2Book, [&](const Subscription& s) { return s.asset == asset && s.no_side == no_side; },
              l2book_message(coin, t, book, config_.book_depth, no_side));
    }
    const std::pair<Price, Price> bbo{book.best_bid().value_or(0), book.best_ask().value_or(0)};
    if (last_bbo_[asset] != bbo) {
      last_bbo_[asset] = bbo;
      for (int side = 0; side < sides(asset); ++side) {
        const bool no_side = side == 1;
        send_to(SubType::kBbo, [&](const Subscription& s) { return s.asset == asset && s.no_side == no_side; },
                bbo_message(coin_name(asset, no_side), t, book, no_side));
      }
    }
  }
  for (std::uint32_t asset = 0; asset < exchange_.asset_count(); ++asset) {
    std::vector<exchange::PublicTrade> trades;
    for (const auto& tr : block.trades) {
      if (tr.coin == exchange_.asset(asset)->name) trades.push_back(tr);
    }
    if (trades.empty()) continue;
    send_to(SubType::kTrades, [&](const Subscription& s) { return s.asset == asset && !s.no_side; }, trades_message(trades));
    if (!exchange_.is_outcome(asset)) continue;
    // The No side's prints: the same trades at 1 - p, the aggressor on the other side.
    for (exchange::PublicTrade& tr : trades) {
      tr.coin = exchange_.outcome(asset)->no_coin;
      tr.price = exchange::kOutcomePayout - tr.price;
      tr.taker_is_buy = !tr.taker_is_buy;
      std::swap(tr.buyer, tr.seller);
    }
    send_to(SubType::kTrades, [&](const Subscription& s) { return s.asset == asset && s.no_side; }, trades_message(trades));
  }
  // Per user: fills (userFills and the user channel) and order updates.
  std::map<hl::Address, std::vector<hl::UserFill>, bool (*)(const hl::Address&, const hl::Address&)> fills(
      [](const hl::Address& a, const hl::Address& b) { return a.bytes < b.bytes; });
  for (const auto& f : block.fills) fills[f.user].push_back(f.fill);
  for (const auto& [user, list] : fills) {
    std::string message = user_fills_message(user, list, false);
    if (const auto c = std::find(corrupt_fills_for_.begin(), corrupt_fills_for_.end(), user); c != corrupt_fills_for_.end()) {
      message.resize(message.size() / 2);
      corrupt_fills_for_.erase(c);
    }
    send_to(SubType::kUserFills, [&](const Subscription& s) { return s.user == user; }, message);
    send_to(SubType::kUserEvents, [&](const Subscription& s) { return s.user == user; }, user_events_fills_message(list));
  }
  std::map<hl::Address, std::vector<hl::OrderUpdate>, bool (*)(const hl::Address&, const hl::Address&)> updates(
      [](const hl::Address& a, const hl::Address& b) { return a.bytes < b.bytes; });
  for (const auto& u : block.order_updates) updates[u.user].push_back(u.update);
  for (const auto& [user, list] : updates) {
    send_to(SubType::kOrderUpdates, [&](const Subscription& s) { return s.user == user; }, order_updates_message(list));
  }
}

AssetCtxValues VenueCore::ctx_of(std::uint32_t asset) const {
  AssetCtxValues c;
  c.coin = exchange_.asset(asset)->name;
  c.mark = flow_->fair_price(asset);
  c.oracle = c.mark;
  c.prev_day = c.mark;
  const exchange::OrderBook& book = exchange_.book(asset);
  if (book.best_bid() && book.best_ask()) c.mid = (*book.best_bid() + *book.best_ask()) / 2;
  c.funding = flow_->funding_rate(asset);
  return c;
}

// At expiry an outcome settles on the underlying's flow price: Yes pays one USD above the strike,
// nothing at or below it (how parse_price_binary's notes read the listing).
void VenueCore::settle_expired_outcomes(std::uint64_t now_ms) {
  for (std::size_t j = 0; j < flow_->outcomes().size(); ++j) {
    const FlowOutcome& o = flow_->outcomes()[j];
    if (exchange_.outcome_settled(o.asset) || static_cast<std::int64_t>(now_ms / 1000) < o.expiry_s) continue;
    const bool above = flow_->fair_price(o.underlying) > config_.outcomes[j].strike;
    publish(exchange_.settle_outcome(o.asset, above ? exchange::kOutcomePayout : 0, now_ms));
  }
}

std::string VenueCore::coin_name(std::uint32_t asset, bool no_side) const {
  return no_side ? exchange_.outcome(asset)->no_coin : exchange_.asset(asset)->name;
}

void VenueCore::push_asset_ctxs(std::uint64_t now_ms) {
  (void)now_ms;
  for (std::uint32_t asset = 0; asset < perp_count(); ++asset) {
    send_to(SubType::kAssetCtx, [&](const Subscription& s) { return s.asset == asset; }, asset_ctx_message(ctx_of(asset)));
  }
}

void VenueCore::settle_funding(std::uint64_t time_ms) {
  for (std::uint32_t asset = 0; asset < perp_count(); ++asset) {
    const std::int64_t rate = flow_->funding_rate(asset);
    funding_history_[asset].push_back(FundingPoint{time_ms, rate, 0});
    for (const exchange::FundingEvent& e : exchange_.settle_funding(asset, rate, flow_->fair_price(asset), time_ms)) {
      send_to(SubType::kUserEvents, [&](const Subscription& s) { return s.user == e.user; },
              user_events_funding_message(e.funding));
    }
  }
}

}  // namespace hlmm::venue
