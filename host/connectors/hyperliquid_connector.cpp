#include "connectors/hyperliquid_connector.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <atomic>
#include <charconv>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
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

// Hyperliquid's lifecycle strings (protocol.md §5) folded into four states. Every system cancel
// ("marginCanceled", "scheduledCancel", …) is a cancel; every "…Rejected" a rejection.
OrderStatus classify_status(const std::string& status) {
  if (hl::is_open_status(status)) return OrderStatus::kResting;
  if (status == "filled") return OrderStatus::kFilled;
  if (status == "rejected" || (status.size() > 8 && status.ends_with("Rejected"))) return OrderStatus::kRejected;
  return OrderStatus::kCancelled;
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
    http->post_json("/info", R"({"type":"meta"})",
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
    BookEvent b;
    b.coin = coin_of(slot);
    b.time_ms = time_ms;
    const SideBook& bids = decoder->bids(slot);
    const SideBook& asks = decoder->asks(slot);
    for (int i = 0; i < bids.count && static_cast<std::size_t>(i) < config.book_levels; ++i) {
      b.bids.push_back(PriceLevel{bids.price[i], bids.size[i]});
    }
    for (int i = 0; i < asks.count && static_cast<std::size_t>(i) < config.book_levels; ++i) {
      b.asks.push_back(PriceLevel{asks.price[i], asks.size[i]});
    }
    if (slot < awaiting_books.size()) awaiting_books[slot] = false;
    emit(b);
    check_caught_up();
  }

  ClientOrderId client_id_of(const std::optional<hl::Cloid>& cloid) const {
    if (!cloid) return 0;
    std::uint64_t s = 0, id = 0;
    for (int i = 0; i < 8; ++i) s = (s << 8) | cloid->bytes[static_cast<std::size_t>(i)];
    for (int i = 8; i < 16; ++i) id = (id << 8) | cloid->bytes[static_cast<std::size_t>(i)];
    return s == session ? id : 0;
  }

  hl::Cloid cloid_of(ClientOrderId id) const {
    hl::Cloid c;
    for (int i = 0; i < 8; ++i) c.bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(session >> (56 - 8 * i));
    for (int i = 0; i < 8; ++i) c.bytes[static_cast<std::size_t>(8 + i)] = static_cast<std::uint8_t>(id >> (56 - 8 * i));
    return c;
  }

  void on_order_update(const hl::OrderUpdate& u) {
    OrderUpdateEvent e;
    e.coin = u.coin;
    e.time_ms = u.status_timestamp_ms;
    e.status = classify_status(u.status);
    if (e.status != OrderStatus::kResting && e.status != OrderStatus::kFilled) e.reason = u.status;
    e.side = u.is_buy ? Side::kBid : Side::kAsk;
    e.price = u.limit_price;
    e.remaining = u.size;
    e.original = u.orig_size;
    e.order_id = u.oid;
    e.client_id = client_id_of(u.cloid);
    emit(e);
  }

  // A snapshot (each (re)subscription) repeats history: only fills not reported before and not
  // older than this connector are new. Trade ids are unique per venue.
  void on_fills(const hl::UserFillsMessage& m) {
    for (const hl::UserFill& f : m.fills) {
      if (m.is_snapshot && f.time_ms < started_ms) continue;
      if (!seen_trades.insert(f.tid).second) continue;
      FillEvent e;
      e.coin = f.coin;
      e.time_ms = f.time_ms;
      e.side = f.is_buy ? Side::kBid : Side::kAsk;
      e.price = f.price;
      e.size = f.size;
      e.fee = f.fee;
      e.taker = f.crossed;
      e.order_id = f.oid;
      e.client_id = client_id_of(f.cloid);
      e.trade_id = f.tid;
      emit(e);
    }
    if (m.is_snapshot) {
      awaiting_fills = false;
      check_caught_up();
    }
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

  void place_ioc(const std::string& coin, Side side, Price price, Size size, ClientOrderId id, OrderCallback done) {
    const std::uint64_t t0 = steady_us();
    OrderResult result;
    result.client_id = id;
    result.requested = size;
    auto refuse = [&](std::string why) {
      result.outcome = OrderOutcome::kRejected;
      result.reason = std::move(why);
      spdlog::warn("{}: IOC {} refused before sending: {}", config.name, id, result.reason);
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
    w.type = hl::LimitOrderType{hl::Tif::kIoc};
    w.cloid = cloid_of(id);
    hl::OrderAction action;
    action.orders.push_back(w);
    const std::string& body = builder.build(key, action, hl::L1Envelope{nonces->next(), {}, {}, config.is_mainnet});
    spdlog::debug("{}: IOC {} {} {} @ {} sent", config.name, id, w.is_buy ? "buy" : "sell", size, price);
    // Idempotent::yes: when a keep-alive connection turns out dead the same signed body is sent
    // once more; its nonce is single-use, so a copy that had landed is refused as a duplicate
    // (reported kUnknown below: it executed, the fills tell how much) and nothing happens twice.
    http->post_json("/exchange", body,
                    [weak = weak_from_this(), result, t0, done = std::move(done)](const net::Error& e,
                                                                                   net::HttpResponse&& resp) mutable {
                      const auto self = weak.lock();
                      if (!self) return;
                      result.latency_us = steady_us() - t0;
                      self->on_order_answer(e, resp, result);
                      done(result);
                    },
                    net::Idempotent::yes);
  }

  void on_order_answer(const net::Error& e, const net::HttpResponse& resp, OrderResult& result) {
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
    const hl::OrderStatus& s = x.statuses.front();
    switch (s.kind) {
      case hl::OrderStatusKind::kFilled:
        result.filled = s.total_size;
        result.avg_price = s.avg_price;
        result.order_id = s.oid;
        result.outcome = s.total_size >= result.requested ? OrderOutcome::kFilled : OrderOutcome::kPartial;
        return;
      case hl::OrderStatusKind::kError: {
        const std::string_view text = orders::strip_asset_suffix(s.error);
        result.outcome = text.starts_with("Order could not immediately match") ? OrderOutcome::kNoMatch : OrderOutcome::kRejected;
        result.reason = s.error;
        return;
      }
      default:
        // An IOC never rests: an answer that says otherwise is not one we understand.
        result.outcome = OrderOutcome::kUnknown;
        result.order_id = s.oid;
        result.reason = "unexpected status for an IOC";
        return;
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
  std::unique_ptr<net::HttpsClient> http;
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
  bool stopping = false;
  // Grows with our own trades only (a few per arbitrage): fine for a process's life.
  std::unordered_set<std::uint64_t> seen_trades;
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
    impl->place_ioc(coin, side, price, size, client_id, std::move(done));
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
