#include "live/trader.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <future>
#include <optional>
#include <thread>

#include <spdlog/spdlog.h>

#include "engine/backends.hpp"
#include "hlmm/arith.hpp"
#include "hyperliquid/asset_directory.hpp"
#include "hyperliquid/exchange.hpp"
#include "hyperliquid/parse_market.hpp"
#include "hyperliquid/parse_messages.hpp"
#include "live/pipeline_setup.hpp"
#include "net/https_client.hpp"
#include "net/tls_context.hpp"
#include "net/ws_client.hpp"
#include "orders/order_manager.hpp"

namespace hlmm::live {

namespace asio = boost::asio;

namespace {

std::uint64_t steady_ns() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count());
}

std::uint64_t wall_ns() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

std::string user_subscription(std::string_view type, const hl::Address& user) {
  return std::string(R"({"type":")") + std::string(type) + R"(","user":")" + user.to_string() + "\"}";
}

std::string coin_subscription(std::string_view type, std::string_view coin) {
  return std::string(R"({"type":")") + std::string(type) + R"(","coin":")" + std::string(coin) + "\"}";
}

}  // namespace

struct Trader::Impl : std::enable_shared_from_this<Trader::Impl> {
  Impl(TraderConfig c, hl::PrivateKey k)
      : config(std::move(c)),
        key(std::move(k)),
        work(io.get_executor()),
        poll_timer(io),
        nonces(config.nonce_file) {}

  // ---- start-up: meta, positions, leftovers, pipeline, subscriptions --------------------------
  void start() {
    tls = net::TlsClientContext::create(net::TlsOptions{config.ca_file, false});
    net::HttpsClientOptions http_opts;
    http_opts.host = config.host;
    http_opts.port = config.port;
    http = std::make_unique<net::HttpsClient>(io.get_executor(), tls, http_opts);
    info(R"({"type":"meta"})", [this](std::string body) { on_meta(body); });
  }

  // `then` runs only while Impl lives (the callback holds a weak reference), so it may use `this`:
  // a strong reference stored in the client that Impl owns would keep Impl alive for ever.
  void info(std::string body, std::function<void(std::string)> then) {
    http->post_json("/info", std::move(body),
                    [weak = weak_from_this(), then = std::move(then)](const net::Error& e, net::HttpResponse&& r) {
                      const auto self = weak.lock();
                      if (!self) return;
                      if (e) return self->fail("/info: " + e.message() + " " + r.body);
                      then(std::move(r.body));
                    },
                    net::Idempotent::yes);
  }

  void fail(std::string why) {
    spdlog::error("trader: {}", why);
    if (fatal.empty()) fatal = std::move(why);
  }

  void on_meta(const std::string& body) {
    auto meta = hl::parse_meta(body);
    if (!meta.ok()) return fail("meta: " + meta.error.message());
    std::vector<std::string_view> traded(config.coins.begin(), config.coins.end());
    auto dir = hl::AssetDirectory::from_meta(meta.value.universe, traded);
    if (!dir.ok()) return fail("meta: " + dir.error.message());
    directory = dir.value;
    if (!configure_pipeline()) return;
    orders::OrderManagerConfig om_config;
    for (std::size_t i = 0; i < config.coins.size(); ++i) {
      const hl::AssetInfo* a = directory.find(config.coins[i]);
      om_config.assets.push_back(orders::AssetBinding{*a->slot, a->asset_id, a->name});
    }
    om_config.dead_man.deadline_ms = config.dead_man_ms;
    om = std::make_unique<orders::OrderManager>(om_config, nonces);
    decoder = std::make_unique<hl::FeedDecoder>(directory);
    info(R"({"type":"clearinghouseState","user":")" + key.address().to_string() + "\"}",
         [this](std::string b) { on_clearinghouse(b); });
  }

  bool configure_pipeline() {
    try {
      pipeline = engine::make_pipeline(config.backend);
      live::configure_pipeline(*pipeline, directory, PipelineSetup{config.coins, config.policy, config.stale_book_ms, wall_ns()});
    } catch (const engine::PipelineError& e) {
      fail(e.what());
      return false;
    }
    return true;
  }

  void on_clearinghouse(const std::string& body) {
    auto state = hl::parse_clearinghouse_state(body);
    if (!state.ok()) return fail("clearinghouseState: " + state.error.message());
    om->set_positions(state.value);
    // A restart inherits a position: the pipeline learns it as a fill at the entry price.
    for (const hl::AssetPosition& p : state.value.positions) {
      const hl::AssetInfo* a = directory.find(p.coin);
      if (a == nullptr || !a->slot || p.position == 0) continue;
      const MarketEvent fill{EventKind::kFill, *a->slot, p.position > 0 ? Side::kBid : Side::kAsk, 0, 0,
                             p.entry_price.value_or(1), p.position > 0 ? p.position : -p.position, wall_ns()};
      push_records(std::span<const MarketEvent>(&fill, 1), 0);
    }
    info(R"({"type":"openOrders","user":")" + key.address().to_string() + "\"}",
         [this](std::string b) { on_open_orders(b); });
  }

  void on_open_orders(const std::string& body) {
    auto open = hl::parse_open_orders(body);
    if (!open.ok()) return fail("openOrders: " + open.error.message());
    // Orders left by an earlier run are not ours to manage: cancel them before quoting.
    hl::CancelAction cancel;
    for (const hl::OpenOrder& o : open.value) {
      const hl::AssetInfo* a = directory.find(o.coin);
      if (a != nullptr) cancel.cancels.push_back(hl::CancelEntry{a->asset_id, o.oid});
    }
    if (!cancel.cancels.empty()) {
      spdlog::warn("trader: cancelling {} order(s) left open by an earlier run", cancel.cancels.size());
      const std::string& body_out = builder.build(key, cancel, hl::L1Envelope{nonces.next(), {}, {}, config.is_mainnet});
      http->post_json("/exchange", body_out, [](const net::Error& e, net::HttpResponse&& r) {
        if (e) spdlog::warn("trader: cancel of leftovers: {} {}", e.message(), r.body);
      });
    }
    connect_feed();
  }

  void connect_feed() {
    net::WsClientOptions opts;
    opts.host = config.host;
    opts.port = config.port;
    net::WsCallbacks cb;
    std::weak_ptr<Impl> weak = shared_from_this();
    cb.on_message = [weak](std::string_view text) {
      if (auto self = weak.lock()) self->on_frame(text);
    };
    cb.on_connected = [weak] {
      if (auto self = weak.lock()) self->connected = true;
    };
    cb.on_disconnected = [weak](const net::Error&) {
      if (auto self = weak.lock()) self->connected = false;
    };
    cb.on_resync_required = [weak] {
      if (auto self = weak.lock()) self->resync();
    };
    ws = std::make_unique<net::WsClient>(io.get_executor(), tls, opts, cb);
    for (const std::string& coin : config.coins) {
      ws->subscribe(coin_subscription("l2Book", coin));
      ws->subscribe(coin_subscription("activeAssetCtx", coin));
      ws->subscribe(coin_subscription("trades", coin));
    }
    ws->subscribe(user_subscription("orderUpdates", key.address()));
    ws->subscribe(user_subscription("userFills", key.address()));
    ws->start();
    ready = true;
    schedule_poll();
  }

  // After a reconnect the books are rebuilt by the snapshots the re-sent subscriptions bring (the
  // decoder forgets its copies so nothing is merged across the gap), missed fills arrive in the
  // userFills snapshot (de-duplicated by tid), and our orders are reconciled with the venue's.
  //
  // Until the reconcile is in, market frames are not given to the pipeline: a quote decided now
  // would modify orders that may be gone. The first book push after it restarts quoting.
  void resync() {
    decoder->reset_books();
    ++resyncs;
    resyncing = true;
    info(R"({"type":"openOrders","user":")" + key.address().to_string() + "\"}",
         [this](std::string body) {
           auto open = hl::parse_open_orders(body);
           if (!open.ok()) return fail("openOrders after reconnect: " + open.error.message());
           reconciled += om->reconcile_open_orders(open.value);
           resyncing = false;
           on_poll();
         });
  }

  // ---- the hot path ----------------------------------------------------------------------------
  void on_frame(std::string_view text) {
    const std::uint64_t t0 = steady_ns();
    ++frames;
    const hl::ParseError err = decoder->decode(text, msg);
    if (err) {
      ++parse_errors;
      if (parse_errors < 10 || parse_errors % 1000 == 0) spdlog::warn("trader: frame refused: {}", err.message());
      return;
    }
    switch (msg.channel) {
      case hl::Channel::kL2Book:
      case hl::Channel::kBbo:
      case hl::Channel::kTrades:
      case hl::Channel::kActiveAssetCtx:
        if (resyncing) break;
        push_records(msg.records.view(), t0);
        break;
      case hl::Channel::kOrderUpdates:
        om->on_order_updates(msg.order_updates, wall_ns());
        break;
      case hl::Channel::kUserFills:
        on_fills(om->on_user_fills(msg.user_fills), msg.user_fills.fills, t0);
        break;
      case hl::Channel::kUserEvents:
        on_fills(om->on_user_event(msg.user_event, wall_ns()), msg.user_event.fills, t0);
        break;
      default:
        break;
    }
  }

  void on_fills(const std::vector<orders::AppliedFill>& applied, const std::vector<hl::UserFill>& wire, std::uint64_t t0) {
    fill_records.clear();
    for (const orders::AppliedFill& f : applied) {
      ++fills;
      const Money value = static_cast<Money>((static_cast<arith::i128>(f.price) * f.size) / kSizeScale);
      cash += f.side == Side::kBid ? -value : value;
      for (const hl::UserFill& w : wire) {
        if (w.tid == f.tid) cash -= w.fee;
      }
      fill_records.push_back(MarketEvent{EventKind::kFill, f.slot, f.side, 0, 0, f.price, f.size, f.time_ms * 1'000'000});
    }
    if (!fill_records.empty()) push_records(fill_records, t0);
  }

  void push_records(std::span<const MarketEvent> records, std::uint64_t t0) {
    stamped.assign(records.begin(), records.end());
    for (MarketEvent& e : stamped) {
      // One sequence per slot for every record the pipeline sees (feed, fills, timers): a
      // snapshot rebases it, and nothing injected here can look like a gap.
      const bool rebase = e.kind == EventKind::kBookClear && e.side == Side::kBoth;
      if (rebase) next_seq[e.asset] = e.seq;
      e.seq = next_seq[e.asset]++;
    }
    pipeline->push(stamped);
    intents.clear();
    pipeline->drain(intents);
    if (intents.empty()) return;
    om->on_intents(intents, wall_ns(), batch);
    send(batch, t0);
  }

  using Money = std::int64_t;

  void send(const orders::ActionBatch& out, std::uint64_t t0) {
    for (const orders::OutgoingRequest& r : out) {
      const std::string& body = builder.build(key, r.action, hl::L1Envelope{r.nonce, {}, {}, config.is_mainnet});
      std::string request = R"({"type":"action","payload":)";
      request += body;
      request += '}';
      const std::uint64_t id = r.request_id;
      ++requests_sent;
      std::weak_ptr<Impl> weak = shared_from_this();
      ws->post(std::move(request), [weak, id](const net::Error& e, std::string_view json) {
        if (auto self = weak.lock()) self->on_post_response(id, e, json);
      });
    }
    if (!out.empty() && t0 != 0) latencies.push_back(steady_ns() - t0);
  }

  void on_post_response(std::uint64_t id, const net::Error& e, std::string_view json) {
    if (e) {
      om->on_request_lost(id, wall_ns());
      return;
    }
    ++responses;
    auto parsed = hl::parse_post_response(json);
    if (!parsed.ok() || parsed.value.kind != hl::PostResponseKind::kAction) {
      ++exchange_errors;
      spdlog::warn("trader: unexpected post response: {}", std::string(json.substr(0, 200)));
      om->on_request_lost(id, wall_ns());
      return;
    }
    if (!parsed.value.action.ok) ++exchange_errors;
    for (const hl::OrderStatus& s : parsed.value.action.statuses) exchange_errors += s.kind == hl::OrderStatusKind::kError;
    om->on_response(id, parsed.value.action, wall_ns(), batch);
    send(batch, 0);
  }

  // ---- timers ------------------------------------------------------------------------------------
  void schedule_poll() {
    poll_timer.expires_after(std::chrono::milliseconds(config.poll_ms));
    poll_timer.async_wait([weak = std::weak_ptr<Impl>(shared_from_this())](const boost::system::error_code& ec) {
      auto self = weak.lock();
      if (ec || !self || self->stopping) return;
      self->on_poll();
      self->schedule_poll();
    });
  }

  void on_poll(bool force_timers = false) {
    // Timer records let the pipeline apply its clock rules (stale book, refresh, cooldown end).
    timer_records.clear();
    const std::uint64_t now = wall_ns();
    for (const std::string& coin : config.coins) {
      const hl::AssetInfo* a = directory.find(coin);
      timer_records.push_back(MarketEvent{EventKind::kTimer, *a->slot, Side::kBoth, 0, 0, 0, 0, now});
    }
    if (!resyncing || force_timers) push_records(timer_records, 0);
    om->poll(now, batch);
    send(batch, 0);
  }

  void do_kill() {
    killed = true;
    pipeline->set_global_kill(true);
    on_poll(true);  // the timer records flush the cancels at once
  }

  void do_shutdown() {
    if (om) {
      om->shutdown(wall_ns(), batch);
      send(batch, 0);
    }
  }

  TraderSnapshot take_snapshot(bool with_latencies) const {
    TraderSnapshot s;
    s.connected = connected;
    s.ready = ready;
    s.killed = killed;
    s.fatal = fatal;
    s.frames = frames;
    s.parse_errors = parse_errors;
    s.requests_sent = requests_sent;
    s.responses = responses;
    s.exchange_errors = exchange_errors;
    s.fills = fills;
    s.resyncs = resyncs;
    s.reconciled_orders = reconciled;
    s.cash = cash;
    s.pnl = cash;
    if (decoder && om) {
      for (const std::string& coin : config.coins) {
        const hl::AssetInfo* a = directory.find(coin);
        CoinStatus c;
        c.coin = coin;
        const auto top = book_top(decoder->bids(*a->slot), decoder->asks(*a->slot));
        c.best_bid = top.best_bid;
        c.best_ask = top.best_ask;
        if (const orders::Order* o = om->current_order(*a->slot, Side::kBid)) c.our_bid = o->price;
        if (const orders::Order* o = om->current_order(*a->slot, Side::kAsk)) c.our_ask = o->price;
        c.position = om->position(*a->slot);
        if (c.best_bid > 0 && c.best_ask > 0) {
          const Price mid = (c.best_bid + c.best_ask) / 2;
          s.pnl += static_cast<Money>((static_cast<arith::i128>(mid) * c.position) / kSizeScale);
        }
        s.coins.push_back(c);
      }
    }
    if (with_latencies) s.tick_to_quote_ns = latencies;
    return s;
  }

  TraderConfig config;
  hl::PrivateKey key;
  asio::io_context io;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  asio::steady_timer poll_timer;
  std::thread thread;
  std::thread keeper;
  std::mutex keeper_mutex;
  std::condition_variable keeper_wake;
  bool keeper_stop = false;
  std::shared_ptr<net::TlsClientContext> tls;
  std::unique_ptr<net::HttpsClient> http;
  std::unique_ptr<net::WsClient> ws;
  orders::NonceSource nonces;
  hl::AssetDirectory directory;
  std::unique_ptr<hl::FeedDecoder> decoder;
  std::unique_ptr<engine::Pipeline> pipeline;
  std::unique_ptr<orders::OrderManager> om;
  hl::L1RequestBuilder builder;
  hl::FeedMessage msg;
  orders::ActionBatch batch;
  std::vector<MarketEvent> stamped, fill_records, timer_records;
  std::vector<QuoteIntent> intents;
  std::array<std::uint32_t, kMaxAssets> next_seq{};
  std::vector<std::uint64_t> latencies;
  std::uint64_t resyncs = 0, reconciled = 0;
  std::uint64_t frames = 0, parse_errors = 0, requests_sent = 0, responses = 0, exchange_errors = 0, fills = 0;
  Money cash = 0;
  bool connected = false, ready = false, killed = false, stopping = false, resyncing = false;
  std::string fatal;
};

Trader::Trader(TraderConfig config, hl::PrivateKey key) : address_(key.address()) {
  impl_ = std::make_shared<Impl>(std::move(config), std::move(key));
}

Trader::~Trader() { stop(); }

void Trader::start() {
  asio::post(impl_->io, [impl = impl_] { impl->start(); });
  impl_->thread = std::thread([impl = impl_] { impl->io.run(); });
  if (!impl_->config.nonce_file.empty()) {
    // The nonce mark's fsync happens here, ahead of need, never on the I/O thread.
    impl_->keeper = std::thread([impl = impl_] {
      std::unique_lock lock(impl->keeper_mutex);
      while (!impl->keeper_stop) {
        try {
          impl->nonces.reserve_ahead(30'000);
        } catch (const std::exception& e) {
          spdlog::error("trader: nonce mark: {}", e.what());
        }
        impl->keeper_wake.wait_for(lock, std::chrono::seconds(1));
      }
    });
  }
}

void Trader::kill() {
  std::promise<void> done;
  asio::post(impl_->io, [&] {
    if (impl_->ready) impl_->do_kill();
    done.set_value();
  });
  done.get_future().get();
}

void Trader::stop(std::uint64_t timeout_ms) {
  if (!impl_ || !impl_->thread.joinable()) return;
  asio::post(impl_->io, [impl = impl_] { impl->do_shutdown(); });
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < until) {
    std::promise<bool> done;
    asio::post(impl_->io, [&] { done.set_value(!impl_->om || impl_->om->shutdown_complete()); });
    if (done.get_future().get()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  asio::post(impl_->io, [impl = impl_] {
    impl->stopping = true;
    impl->poll_timer.cancel();
    if (impl->ws) impl->ws->stop();
    if (impl->http) impl->http->close();
    impl->work.reset();
  });
  impl_->thread.join();
  {
    std::lock_guard lock(impl_->keeper_mutex);
    impl_->keeper_stop = true;
  }
  impl_->keeper_wake.notify_all();
  if (impl_->keeper.joinable()) impl_->keeper.join();
}

TraderSnapshot Trader::snapshot(bool with_latencies) const {
  if (!impl_->thread.joinable()) return impl_->take_snapshot(with_latencies);
  std::promise<TraderSnapshot> done;
  asio::post(impl_->io, [&] { done.set_value(impl_->take_snapshot(with_latencies)); });
  return done.get_future().get();
}

}  // namespace hlmm::live
