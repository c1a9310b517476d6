#include "connectors/hyperliquid_connector.hpp"

#include "connectors/hyperliquid_events.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <atomic>
#include <charconv>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include <simdjson.h>
#include <spdlog/spdlog.h>

#include "hlmm/arith.hpp"
#include "hyperliquid/asset_directory.hpp"
#include "hyperliquid/exchange.hpp"
#include "hyperliquid/parse_market.hpp"
#include "hyperliquid/parse_messages.hpp"
#include "hyperliquid/subscriptions.hpp"
#include "net/https_client.hpp"
#include "net/tls_context.hpp"
#include "net/ws_client.hpp"
#include "orders/exchange_errors.hpp"
#include "orders/nonce.hpp"

namespace hlmm::connectors {

namespace asio = boost::asio;

namespace {

std::uint64_t wall_ms() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

std::uint64_t steady_us() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch()).count());
}

struct AssetRules {
  std::uint32_t asset_id = 0;
  Size lot = 0;
  int min_exp = 0;
};

// HIP-4 outcome coins (protocol.md §6): "#<encoding>", encoding = 10 * outcome + side (0 Yes,
// 1 No), asset id 100000000 + encoding. host/strategies' outcome_asset.hpp has the full parser
// but depends on this library, so the connector reads the name itself: canonical decimal, side
// 0 or 1, the id within a u32.
constexpr std::uint32_t kOutcomeAssetBase = 100'000'000;
bool is_outcome_coin(std::string_view coin) { return coin.starts_with('#'); }
std::optional<std::uint32_t> outcome_encoding(std::string_view coin) {
  const std::string_view digits = coin.substr(1);
  std::uint32_t enc = 0;
  if (digits.empty() || digits.size() > 10 || (digits.size() > 1 && digits[0] == '0')) return std::nullopt;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), enc);
  if (ec != std::errc{} || end != digits.data() + digits.size() || enc % 10 > 1 || enc > UINT32_MAX - kOutcomeAssetBase) {
    return std::nullopt;
  }
  return enc;
}
// Outcome tick and lot: protocol.md documents none; hlmm's venue (sim/exchange/README.md) uses a
// fixed 0.001 USD tick on prices in (0, 1) and whole contracts, and so does the connector.
constexpr int kOutcomeMinTickExponent = kPriceDecimals - 3;
constexpr Size kOutcomeLot = kSizeScale;

}  // namespace

struct HyperliquidConnector::Impl : std::enable_shared_from_this<HyperliquidConnector::Impl> {
  Impl(HyperliquidConnectorConfig c, hl::PrivateKey k, std::shared_ptr<orders::NonceSource> n)
      : config(std::move(c)),
        key(std::move(k)),
        nonces(n ? std::move(n) : std::make_shared<orders::NonceSource>(config.nonce_file)),
        work(io.get_executor()) {
    // The cloid's first 8 bytes name this session, so a fill of an order from another run or
    // another program on the same account is never taken for one of ours.
    std::random_device rd;
    session = (static_cast<std::uint64_t>(rd()) << 32) ^ rd() ^ (wall_ms() << 20);
  }

  // ---- start-up: meta, then the feed ------------------------------------------------------------
  void start() {
    started_ms = wall_ms();
    try {
      tls = net::TlsClientContext::create(net::TlsOptions{config.ca_file, false});
    } catch (const std::exception& e) {
      return fail(std::string("TLS: ") + e.what());
    }
    net::HttpsClientOptions http_opts;
    http_opts.host = config.host;
    http_opts.port = config.port;
    http_opts.request_timeout = config.order_timeout;
    http = std::make_unique<net::HttpsClient>(io.get_executor(), tls, http_opts);
    net::HttpsClientOptions info_opts = http_opts;
    info_opts.request_timeout = config.query_timeout;
    info_http = std::make_unique<net::HttpsClient>(io.get_executor(), tls, info_opts);
    info_http->post_json("/info", R"({"type":"meta"})",
                    [weak = weak_from_this()](const net::Error& e, net::HttpResponse&& r) {
                      const auto self = weak.lock();
                      if (!self) return;
                      if (e) return self->fail("/info meta: " + e.message());
                      self->on_meta(r.body);
                    },
                    net::Idempotent::yes);
  }

  void fail(std::string why) {
    spdlog::error("{}: {}", config.name, why);
    std::lock_guard lock(mutex);
    if (fatal.empty()) fatal = std::move(why);
  }

  void on_meta(const std::string& body) {
    auto meta = hl::parse_meta(body);
    if (!meta.ok()) return fail("meta: " + meta.error.message());
    // Outcome coins are not in meta (outcomeMeta lists them): perps take the first slots.
    std::vector<std::string_view> traded;
    for (const std::string& coin : config.coins) {
      if (!is_outcome_coin(coin)) traded.push_back(coin);
    }
    auto dir = hl::AssetDirectory::from_meta(meta.value.universe, traded);
    if (!dir.ok()) return fail("meta: " + dir.error.message());
    directory = dir.value;
    {
      std::lock_guard lock(mutex);
      for (const std::string_view coin : traded) {
        const hl::AssetInfo* a = directory.find(coin);
        rules[std::string(coin)] = AssetRules{a->asset_id, static_cast<Size>(pow10_i64(kSizeDecimals - a->sz_decimals)),
                                              arith::min_tick_exponent(a->market, a->sz_decimals)};
      }
    }
    if (traded.size() == config.coins.size()) return start_feed();
    http->post_json("/info", R"({"type":"outcomeMeta"})",
                    [weak = weak_from_this()](const net::Error& e, net::HttpResponse&& r) {
                      const auto self = weak.lock();
                      if (!self) return;
                      if (e) return self->fail("/info outcomeMeta: " + e.message());
                      self->on_outcome_meta(r.body);
                    },
                    net::Idempotent::yes);
  }

  // Each configured "#<enc>" must name a side of a listed outcome; it gets the next slot.
  void on_outcome_meta(const std::string& body) {
    simdjson::dom::parser parser;
    simdjson::dom::array outcomes;
    if (parser.parse(body).get_object()["outcomes"].get(outcomes) != simdjson::SUCCESS) {
      return fail("outcomeMeta: no outcomes array in " + body.substr(0, 200));
    }
    std::unordered_set<std::uint64_t> listed;
    for (const simdjson::dom::element o : outcomes) {
      std::uint64_t n = 0;
      if (o["outcome"].get(n) != simdjson::SUCCESS) return fail("outcomeMeta: an outcome without its number");
      listed.insert(n);
    }
    std::uint8_t slot = 0;
    for (const std::string& coin : config.coins) {
      if (!is_outcome_coin(coin)) ++slot;
    }
    std::vector<std::pair<std::string, AssetRules>> found;
    for (const std::string& coin : config.coins) {
      if (!is_outcome_coin(coin)) continue;
      const auto enc = outcome_encoding(coin);
      if (!enc) return fail("outcome coin " + coin + " is not #<10 * outcome + side> with side 0 or 1");
      if (!listed.contains(*enc / 10)) {
        return fail("outcome coin " + coin + ": outcome " + std::to_string(*enc / 10) + " is not listed by outcomeMeta");
      }
      const std::uint32_t id = kOutcomeAssetBase + *enc;
      // Spot's decimal rules with szDecimals 0 read the venue's outcome prices and whole sizes.
      if (const hl::ParseError err = directory.add(hl::AssetInfo{coin, id, 0, MarketType::kSpot, slot++})) {
        return fail("outcome coin " + coin + ": " + err.message());
      }
      found.emplace_back(coin, AssetRules{id, kOutcomeLot, kOutcomeMinTickExponent});
    }
    {
      std::lock_guard lock(mutex);
      for (auto& [coin, r] : found) rules[coin] = r;
    }
    start_feed();
  }

  void start_feed() {
    decoder = std::make_unique<hl::FeedDecoder>(directory);
    connect_feed();
  }

  void connect_feed() {
    net::WsClientOptions opts;
    opts.host = config.host;
    opts.port = config.port;
    opts.backoff_base = config.reconnect_backoff;
    net::WsCallbacks cb;
    std::weak_ptr<Impl> weak = shared_from_this();
    cb.on_message = [weak](std::string_view text) {
      if (auto self = weak.lock()) self->on_frame(text);
    };
    cb.on_disconnected = [weak](const net::Error& e) {
      if (auto self = weak.lock()) self->on_disconnected(e);
    };
    cb.on_resync_required = [weak] {
      if (auto self = weak.lock()) self->on_reconnected();
    };
    ws = std::make_unique<net::WsClient>(io.get_executor(), tls, opts, cb);
    for (const std::string& coin : config.coins) {
      ws->subscribe(hl::coin_subscription("l2Book", coin));
      ws->subscribe(hl::coin_subscription("trades", coin));
    }
    ws->subscribe(hl::user_subscription("orderUpdates", key.address()));
    ws->subscribe(hl::user_subscription("userFills", key.address()));
    awaiting_books.assign(config.coins.size(), true);
    awaiting_fills = true;
    ws->start();
  }

  // ---- reconnects ---------------------------------------------------------------------------------
  void on_disconnected(const net::Error& e) {
    if (resyncing || stopping) return;  // a failed reconnect attempt of the same outage
    resyncing = true;
    gap_start_ms = wall_ms();
    spdlog::warn("{}: feed lost ({}), resyncing", config.name, e.message());
    emit(ResyncingEvent{e.message()});
  }

  // The re-sent subscriptions bring a fresh l2Book per coin and a userFills snapshot; the decoder
  // forgets its books so nothing from before the gap is merged into them.
  void on_reconnected() {
    decoder->reset_books();
    awaiting_books.assign(config.coins.size(), true);
    awaiting_fills = true;
    if (!resyncing) {  // the drop was noticed only by the reconnect
      resyncing = true;
      gap_start_ms = wall_ms();
      emit(ResyncingEvent{"reconnected"});
    }
  }

  void check_caught_up() {
    if (awaiting_fills) return;
    for (bool b : awaiting_books) {
      if (b) return;
    }
    if (!is_ready.load()) {
      is_ready = true;
      spdlog::info("{}: ready ({} coin(s))", config.name, config.coins.size());
    }
    if (resyncing) {
      resyncing = false;
      const std::uint64_t gap = wall_ms() - gap_start_ms;
      spdlog::info("{}: resynced after {} ms", config.name, gap);
      emit(ResyncedEvent{gap});
    }
  }

  // ---- the feed ------------------------------------------------------------------------------------
  void on_frame(std::string_view text) {
    const hl::ParseError err = decoder->decode(text, msg);
    if (err) {
      ++parse_errors;
      if (parse_errors < 10 || parse_errors % 1000 == 0) spdlog::warn("{}: frame refused: {}", config.name, err.message());
      // A frame that did not parse may not say its channel; only our fills' carry this name.
      if (text.find("\"userFills\"") != std::string_view::npos) recover_fills(err.message());
      return;
    }
    switch (msg.channel) {
      case hl::Channel::kL2Book:
      case hl::Channel::kBbo:
        on_book(msg.slot, msg.time_ms);
        break;
      case hl::Channel::kTrades:
        for (const MarketEvent& r : msg.records.view()) {
          if (r.kind != EventKind::kTrade) continue;
          emit(TradeEvent{coin_of(r.asset), r.ts_ns / 1'000'000, r.side, r.price, r.size});
        }
        break;
      case hl::Channel::kOrderUpdates:
        for (const hl::OrderUpdate& u : msg.order_updates) on_order_update(u);
        break;
      case hl::Channel::kUserFills:
        on_fills(msg.user_fills);
        break;
      default:
        break;
    }
  }

  std::string coin_of(std::uint8_t slot) const {
    const hl::AssetInfo* a = directory.by_slot(slot);
    return a != nullptr ? a->name : std::string();
  }

  void on_book(std::uint8_t slot, std::uint64_t time_ms) {
    const BookEvent b = book_event_of(coin_of(slot), time_ms, decoder->bids(slot), decoder->asks(slot), config.book_levels);
    if (slot < awaiting_books.size()) awaiting_books[slot] = false;
    emit(b);
    check_caught_up();
  }

  ClientOrderId client_id_of(const std::optional<hl::Cloid>& cloid) const { return connectors::client_id_of(session, cloid); }
  hl::Cloid cloid_of(ClientOrderId id) const { return connectors::cloid_of(session, id); }

  void on_order_update(const hl::OrderUpdate& u) { emit(update_event_of(u, client_id_of(u.cloid))); }

  // A snapshot (each (re)subscription) repeats history: only fills not reported before and not
  // older than this connector are new. Trade ids are unique per venue.
  void on_fills(const hl::UserFillsMessage& m) {
    for (const hl::UserFill& f : m.fills) {
      if (m.is_snapshot && f.time_ms < started_ms) continue;
      if (!seen_trades.insert(f.tid).second) continue;
      const FillEvent e = fill_event_of(f, client_id_of(f.cloid));
      if (const auto it = in_flight.find(e.client_id); e.client_id != 0 && it != in_flight.end()) {
        it->second.filled += e.size;
        it->second.value += static_cast<arith::i128>(e.price) * e.size;
      }
      emit(e);
    }
    if (m.is_snapshot) {
      awaiting_fills = false;
      check_caught_up();
    }
  }

  // A refused userFills frame carried fills nothing sends again: the venue's list is asked and
  // what was not seen is emitted (de-duplicated by tid, as a reconnect's snapshot is). Orders
  // whose answers came in the lost frame's stead are resolved by the lost-answer rule below.
  void recover_fills(const std::string& why) {
    if (fills_recovery_pending) return;
    fills_recovery_pending = true;
    spdlog::warn("{}: a fills frame was refused ({}): asking the venue for our fills", config.name, why);
    info_http->post_json(
        "/info", R"({"type":"userFills","user":")" + key.address().to_string() + "\"}",
        [weak = weak_from_this()](const net::Error& e, net::HttpResponse&& resp) {
          const auto self = weak.lock();
          if (!self || self->stopping) return;
          self->fills_recovery_pending = false;
          if (e) return spdlog::error("{}: userFills after a refused frame: {}", self->config.name, e.message());
          auto list = hl::parse_user_fills(resp.body);
          if (!list.ok()) {
            return spdlog::error("{}: userFills after a refused frame: {}", self->config.name, list.error.message());
          }
          hl::UserFillsMessage m;  // not a snapshot: the resync's bookkeeping is not this
          for (hl::UserFill& f : list.value) {
            if (f.time_ms >= self->started_ms) m.fills.push_back(std::move(f));
          }
          self->on_fills(m);
        },
        net::Idempotent::yes);
  }

  void emit(const VenueEvent& e) {
    if (handler && !stopping) handler(e);
  }

  // ---- orders ----------------------------------------------------------------------------------------
  std::optional<AssetRules> rules_of(std::string_view coin) const {
    std::lock_guard lock(mutex);
    const auto it = rules.find(std::string(coin));
    if (it == rules.end()) return std::nullopt;
    return it->second;
  }

  void place(const std::string& coin, Side side, Price price, Size size, hl::Tif tif, ClientOrderId id,
             OrderCallback done) {
    const std::uint64_t t0 = steady_us();
    OrderResult result;
    result.client_id = id;
    result.requested = size;
    auto refuse = [&](std::string why) {
      result.outcome = OrderOutcome::kRejected;
      result.reason = std::move(why);
      spdlog::warn("{}: {} {} refused before sending: {}", config.name, hl::tif_name(tif), id, result.reason);
      done(result);
    };
    if (stopping || !http) return refuse("not started");
    const auto r = rules_of(coin);
    if (!r) return refuse("unknown coin " + coin);
    if (size <= 0 || size % r->lot != 0) return refuse("size " + std::to_string(size) + " is not a positive multiple of the lot");
    if (price <= 0 || arith::round_down_price(price, r->min_exp) != price) return refuse("price " + std::to_string(price) + " is not on the tick grid");
    hl::OrderWire w;
    w.asset = r->asset_id;
    w.is_buy = side == Side::kBid;
    w.price = price;
    w.size = size;
    w.type = hl::LimitOrderType{tif};
    w.cloid = cloid_of(id);
    hl::OrderAction action;
    action.orders.push_back(w);
    const std::string& body = builder.build(key, action, hl::L1Envelope{nonces->next(), {}, {}, config.is_mainnet});
    spdlog::debug("{}: {} {} {} {} @ {} sent", config.name, hl::tif_name(tif), id, w.is_buy ? "buy" : "sell", size, price);
    in_flight[id] = InFlight{};
    // Idempotent::yes: when a keep-alive connection turns out dead the same signed body is sent
    // once more; its nonce is single-use, so a copy that had landed is refused as a duplicate
    // (an answer lost like any other: the order is looked up below) and nothing happens twice.
    http->post_json("/exchange", body,
                    [weak = weak_from_this(), result, t0, tif, done = std::move(done)](const net::Error& e,
                                                                                        net::HttpResponse&& resp) mutable {
                      const auto self = weak.lock();
                      if (!self) return;
                      result.latency_us = steady_us() - t0;
                      self->on_order_answer(e, resp, tif, result);
                      if (result.outcome != OrderOutcome::kUnknown) return self->finish(result, done);
                      spdlog::warn("{}: {} {}: answer lost ({}); asking the venue", self->config.name, hl::tif_name(tif),
                                   result.client_id, result.reason);
                      std::string lost = std::move(result.reason);
                      self->query_lost_order(std::move(result), t0, std::move(done), 1, std::move(lost));
                    },
                    net::Idempotent::yes);
  }

  void finish(OrderResult& result, OrderCallback& done) {
    in_flight.erase(result.client_id);
    done(result);
  }

  // kUnknown here means only that the answer does not say: the caller then asks the venue.
  void on_order_answer(const net::Error& e, const net::HttpResponse& resp, hl::Tif tif, OrderResult& result) {
    if (e && e.code != net::Errc::http_status) {
      // Never sent (no connection could be made) vs sent and unanswered.
      const bool not_sent = e.code == net::Errc::resolve_failed || e.code == net::Errc::connect_failed ||
                            e.code == net::Errc::tls_handshake_failed || e.code == net::Errc::certificate_verify_failed;
      result.outcome = not_sent ? OrderOutcome::kRejected : OrderOutcome::kUnknown;
      result.reason = e.message();
      return;
    }
    auto parsed = hl::parse_exchange_response(resp.body);
    if (!parsed.ok()) {
      // A 4xx body the venue explains is a refusal; anything unreadable leaves us not knowing.
      result.outcome = resp.status >= 400 && resp.status < 500 ? OrderOutcome::kRejected : OrderOutcome::kUnknown;
      result.reason = "HTTP " + std::to_string(resp.status) + ": " + resp.body.substr(0, 200);
      return;
    }
    const hl::ExchangeResponse& x = parsed.value;
    if (!x.ok) {
      const auto kind = orders::classify_error(x.error).kind;
      result.outcome = kind == orders::ExchangeErrorKind::kNonceDuplicate ? OrderOutcome::kUnknown : OrderOutcome::kRejected;
      result.reason = x.error;
      if (kind == orders::ExchangeErrorKind::kNonceTooLow || kind == orders::ExchangeErrorKind::kNonceDuplicate) {
        if (const auto n = orders::classify_error(x.error).nonce) nonces->resync(*n);
      }
      return;
    }
    if (x.statuses.empty()) {
      result.outcome = OrderOutcome::kUnknown;
      result.reason = "no order status in the answer";
      return;
    }
    read_order_status(x.statuses.front(), tif, result);
  }

  // ---- lost answers: ask the venue ---------------------------------------------------------------
  // The rule (README): wait lost_order_query_delay, ask /info orderStatus by the cloid; an answer
  // about the order decides the outcome; "unknownOid" or a failed query is asked again after the
  // same delay, lost_order_queries times in all. Then unknownOid means it never reached the book
  // (kRejected), a failed query that nobody knows (kUnknown).
  void query_lost_order(OrderResult result, std::uint64_t t0, OrderCallback done, int attempt, std::string lost) {
    auto timer = std::make_shared<asio::steady_timer>(io, config.lost_order_query_delay);
    const std::uint64_t tag = next_timer++;
    timers.emplace(tag, timer);
    timer->async_wait([weak = weak_from_this(), tag, result = std::move(result), t0, done = std::move(done), attempt,
                       lost = std::move(lost)](const boost::system::error_code& ec) mutable {
      const auto self = weak.lock();
      if (!self) return;
      self->timers.erase(tag);
      if (ec || self->stopping) return;  // stop(): no callback runs after it
      self->send_status_query(std::move(result), t0, std::move(done), attempt, std::move(lost));
    });
  }

  void send_status_query(OrderResult result, std::uint64_t t0, OrderCallback done, int attempt, std::string lost) {
    std::string body = R"({"type":"orderStatus","user":")" + key.address().to_string() + R"(","oid":")" +
                       cloid_of(result.client_id).to_string() + R"("})";
    info_http->post_json(
        "/info", std::move(body),
        [weak = weak_from_this(), result = std::move(result), t0, done = std::move(done), attempt,
         lost = std::move(lost)](const net::Error& e, net::HttpResponse&& resp) mutable {
          const auto self = weak.lock();
          if (!self) return;
          std::string failure;  // empty: the venue answered that it does not know the order
          if (e) {
            failure = "orderStatus failed: " + e.message() + (resp.body.empty() ? "" : ": " + resp.body.substr(0, 200));
          } else if (auto parsed = hl::parse_order_status(resp.body); !parsed.ok()) {
            failure = "orderStatus answer unreadable: " + parsed.error.message();
          } else if (parsed.value.found) {
            self->apply_order_status(parsed.value, lost, result);
            result.latency_us = steady_us() - t0;
            spdlog::info("{}: order {} resolved by orderStatus: {} ({} filled)", self->config.name, result.client_id,
                         order_outcome_name(result.outcome), result.filled);
            return self->finish(result, done);
          }
          if (attempt < self->config.lost_order_queries) {
            return self->query_lost_order(std::move(result), t0, std::move(done), attempt + 1, std::move(lost));
          }
          result.latency_us = steady_us() - t0;
          if (failure.empty()) {
            result.outcome = OrderOutcome::kRejected;
            result.reason = "never reached the book: the venue did not know it after " + std::to_string(attempt) +
                            " orderStatus queries (answer lost: " + lost + ")";
          } else {
            result.outcome = OrderOutcome::kUnknown;
            result.reason = "answer lost (" + lost + ") and " + failure;
          }
          spdlog::warn("{}: order {}: {}", self->config.name, result.client_id, result.reason);
          self->finish(result, done);
        },
        net::Idempotent::yes);
  }

  void apply_order_status(const hl::OrderStatusAnswer& answer, const std::string& lost, OrderResult& result) const {
    const hl::OrderUpdate& o = answer.order;
    result.order_id = o.oid;
    result.filled = std::max<Size>(0, o.orig_size - o.size);
    result.reason = "answer lost (" + lost + "); orderStatus: " + o.status;
    switch (order_status_of(o.status)) {
      case OrderStatus::kResting:
        result.outcome = OrderOutcome::kResting;
        break;
      case OrderStatus::kFilled:
        result.filled = o.orig_size;
        result.outcome = OrderOutcome::kFilled;
        break;
      case OrderStatus::kRejected:
        // An IOC with nothing to match is recorded as a rejection, but it is the no-match answer.
        result.filled = 0;
        result.outcome = o.status == "iocCancelRejected" ? OrderOutcome::kNoMatch : OrderOutcome::kRejected;
        break;
      case OrderStatus::kCancelled:
        result.outcome = result.filled > 0 ? OrderOutcome::kPartial : OrderOutcome::kNoMatch;
        break;
    }
    // orderStatus has no average price: take it from the fills seen, when they account for it all.
    result.avg_price = 0;
    if (const auto it = in_flight.find(result.client_id); it != in_flight.end() && result.filled > 0 &&
                                                          it->second.filled == result.filled) {
      result.avg_price = static_cast<Price>(it->second.value / it->second.filled);
    }
  }

  void cancel(const std::string& coin, ClientOrderId id, CancelCallback done) {
    CancelResult result;
    result.client_id = id;
    const auto r = rules_of(coin);
    if (stopping || !http || !r) {
      result.reason = !r ? "unknown coin " + coin : "not started";
      return done(result);
    }
    hl::CancelByCloidAction action;
    action.cancels.push_back(hl::CancelByCloidEntry{r->asset_id, cloid_of(id)});
    const std::string& body = builder.build(key, action, hl::L1Envelope{nonces->next(), {}, {}, config.is_mainnet});
    http->post_json("/exchange", body,
                    [weak = weak_from_this(), result, done = std::move(done)](const net::Error& e,
                                                                              net::HttpResponse&& resp) mutable {
                      if (!weak.lock()) return;
                      if (e && e.code != net::Errc::http_status) {
                        result.reason = e.message();
                        return done(result);
                      }
                      auto parsed = hl::parse_exchange_response(resp.body);
                      if (!parsed.ok()) {
                        result.reason = "unreadable answer: " + resp.body.substr(0, 200);
                      } else if (!parsed.value.ok) {
                        result.reason = parsed.value.error;
                      } else if (!parsed.value.statuses.empty() &&
                                 parsed.value.statuses.front().kind == hl::OrderStatusKind::kError) {
                        result.reason = parsed.value.statuses.front().error;
                      } else {
                        result.ok = true;
                      }
                      done(result);
                    },
                    net::Idempotent::yes);
  }

  void shutdown() {
    stopping = true;
    if (ws) ws->stop();
    if (http) http->close();
    if (info_http) info_http->close();
    for (auto& [tag, timer] : timers) timer->cancel();
    work.reset();
  }

  HyperliquidConnectorConfig config;
  hl::PrivateKey key;
  std::shared_ptr<orders::NonceSource> nonces;
  asio::io_context io;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::thread thread;
  EventHandler handler;
  std::shared_ptr<net::TlsClientContext> tls;
  std::unique_ptr<net::HttpsClient> http;       // /exchange: orders and cancels
  std::unique_ptr<net::HttpsClient> info_http;  // /info: meta and orderStatus
  std::unique_ptr<net::WsClient> ws;
  hl::AssetDirectory directory;
  std::unique_ptr<hl::FeedDecoder> decoder;
  hl::FeedMessage msg;
  hl::L1RequestBuilder builder;
  std::uint64_t session = 0;
  std::uint64_t started_ms = 0;
  std::uint64_t gap_start_ms = 0;
  std::uint64_t parse_errors = 0;
  std::vector<bool> awaiting_books;
  bool awaiting_fills = true;
  bool resyncing = false;
  bool fills_recovery_pending = false;
  bool stopping = false;
  // Grows with our own trades only (a few per arbitrage): fine for a process's life.
  std::unordered_set<std::uint64_t> seen_trades;
  // Orders whose `done` has not run yet, with what their fills add up to so far: a lost answer's
  // orderStatus has no average price, the fills seen give it.
  struct InFlight {
    Size filled = 0;
    arith::i128 value = 0;  // sum of price × size, at 1e-16
  };
  std::unordered_map<ClientOrderId, InFlight> in_flight;
  std::unordered_map<std::uint64_t, std::shared_ptr<asio::steady_timer>> timers;  // the pending queries' delays
  std::uint64_t next_timer = 0;
  std::atomic<bool> is_ready{false};
  // Read from any thread: the per-coin rules (set once meta is in) and the fatal text.
  mutable std::mutex mutex;
  std::map<std::string, AssetRules, std::less<>> rules;
  std::string fatal;
};

HyperliquidConnector::HyperliquidConnector(HyperliquidConnectorConfig config, hl::PrivateKey key,
                                           std::shared_ptr<orders::NonceSource> nonces)
    : address_(key.address()), impl_(std::make_shared<Impl>(std::move(config), std::move(key), std::move(nonces))) {}

HyperliquidConnector::~HyperliquidConnector() { stop(); }

void HyperliquidConnector::set_event_handler(EventHandler handler) { impl_->handler = std::move(handler); }

void HyperliquidConnector::start() {
  if (impl_->thread.joinable()) return;
  asio::post(impl_->io, [impl = impl_] { impl->start(); });
  impl_->thread = std::thread([impl = impl_] { impl->io.run(); });
}

void HyperliquidConnector::stop() {
  if (!impl_->thread.joinable()) return;
  asio::post(impl_->io, [impl = impl_] { impl->shutdown(); });
  impl_->thread.join();
}

bool HyperliquidConnector::ready() const { return impl_->is_ready.load(); }

std::string_view HyperliquidConnector::name() const { return impl_->config.name; }

FeeSchedule HyperliquidConnector::fees() const { return impl_->config.fees; }

Size HyperliquidConnector::lot(std::string_view coin) const {
  const auto r = impl_->rules_of(coin);
  return r ? r->lot : 0;
}

Price HyperliquidConnector::marketable_price(std::string_view coin, Side side, Price price) const {
  const auto r = impl_->rules_of(coin);
  if (!r || price <= 0) return 0;
  return side == Side::kBid ? arith::round_up_price(price, r->min_exp) : arith::round_down_price(price, r->min_exp);
}

void HyperliquidConnector::place_ioc(std::string_view coin, Side side, Price price, Size size, ClientOrderId client_id,
                                     OrderCallback done) {
  asio::post(impl_->io, [impl = impl_, coin = std::string(coin), side, price, size, client_id, done = std::move(done)]() mutable {
    impl->place(coin, side, price, size, hl::Tif::kIoc, client_id, std::move(done));
  });
}

void HyperliquidConnector::place_limit(std::string_view coin, Side side, Price price, Size size, TimeInForce tif,
                                       ClientOrderId client_id, OrderCallback done) {
  const hl::Tif wire = tif == TimeInForce::kAlo ? hl::Tif::kAlo : hl::Tif::kGtc;
  asio::post(impl_->io, [impl = impl_, coin = std::string(coin), side, price, size, wire, client_id,
                         done = std::move(done)]() mutable {
    impl->place(coin, side, price, size, wire, client_id, std::move(done));
  });
}

void HyperliquidConnector::cancel(std::string_view coin, ClientOrderId client_id, CancelCallback done) {
  asio::post(impl_->io, [impl = impl_, coin = std::string(coin), client_id, done = std::move(done)]() mutable {
    impl->cancel(coin, client_id, std::move(done));
  });
}

std::string HyperliquidConnector::fatal() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->fatal;
}

}  // namespace hlmm::connectors
