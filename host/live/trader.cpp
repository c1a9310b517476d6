#include "live/trader.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <future>
#include <deque>
#include <map>
#include <unordered_map>
#include <optional>
#include <set>
#include <thread>
#include <unordered_set>

#include <spdlog/spdlog.h>

#include "connectors/hyperliquid_events.hpp"
#include "engine/backends.hpp"
#include "hlmm/arith.hpp"
#include "hyperliquid/asset_directory.hpp"
#include "hyperliquid/exchange.hpp"
#include "hyperliquid/parse_market.hpp"
#include "hyperliquid/parse_messages.hpp"
#include "hyperliquid/subscriptions.hpp"
#include "journal/venue_records.hpp"
#include "live/pipeline_setup.hpp"
#include "live/strategy_port.hpp"
#include "live/trader_connector.hpp"
#include "net/https_client.hpp"
#include "net/tls_context.hpp"
#include "net/ws_client.hpp"
#include "orders/order_manager.hpp"
#include "risk/risk_gate.hpp"

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

}  // namespace

struct Trader::Impl : StrategyPort, std::enable_shared_from_this<Trader::Impl> {
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
    if (!setup_risk_and_journal()) return;
    if (config.hedge) {
      try {
        hedger.emplace(*config.hedge, config.coins.size());
      } catch (const std::invalid_argument& e) {
        return fail(std::string("[hedge] ") + e.what());
      }
    }
    decoder = std::make_unique<hl::FeedDecoder>(directory);
    info(R"({"type":"clearinghouseState","user":")" + key.address().to_string() + "\"}",
         [this](std::string b) { on_clearinghouse(b); });
  }

  bool configure_pipeline() {
    try {
      pipeline = engine::make_pipeline(config.backend);
      tables = live::configure_pipeline(*pipeline, directory, PipelineSetup{config.coins, config.policy, config.stale_book_ms, wall_ns(), config.funding_target});
      ++tables_loaded;
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
    start_state = state.value;
    seed_gate(state.value);
    // A restart inherits a position: the pipeline learns it as a fill at the entry price.
    for (const hl::AssetPosition& p : state.value.positions) {
      const hl::AssetInfo* a = directory.find(p.coin);
      if (a == nullptr || !a->slot || p.position == 0) continue;
      const MarketEvent fill{EventKind::kFill, *a->slot, p.position > 0 ? Side::kBid : Side::kAsk, 0, 0,
                             p.entry_price.value_or(1), p.position > 0 ? p.position : -p.position, wall_ns()};
      push_records(std::span<const MarketEvent>(&fill, 1), 0);
      quoting_position[*a->slot] += p.position;  // a previous run's strategies' positions cannot be told apart
    }
    request_open_orders();
  }

  void request_open_orders() {
    if (jnl && !journal_reconciled) {
      // The journal first learns the fills it missed (a crash between a fill and its write).
      return info(R"({"type":"userFills","user":")" + key.address().to_string() + "\"}",
                  [this](std::string b) { on_recovery_fills(b); });
    }
    info(R"({"type":"openOrders","user":")" + key.address().to_string() + "\"}",
         [this](std::string b) { on_open_orders(b); });
  }

  void on_open_orders(const std::string& body) {
    auto open = hl::parse_open_orders(body);
    if (!open.ok()) return fail("openOrders: " + open.error.message());
    if (jnl) reconcile_journal_orders(open.value);
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
      if (auto self = weak.lock()) self->on_link(true);
    };
    cb.on_disconnected = [weak](const net::Error&) {
      if (auto self = weak.lock()) self->on_link(false);
    };
    cb.on_resync_required = [weak] {
      if (auto self = weak.lock()) self->resync();
    };
    ws = std::make_unique<net::WsClient>(io.get_executor(), tls, opts, cb);
    for (const std::string& coin : config.coins) {
      ws->subscribe(hl::coin_subscription("l2Book", coin));
      ws->subscribe(hl::coin_subscription("activeAssetCtx", coin));
      ws->subscribe(hl::coin_subscription("trades", coin));
    }
    ws->subscribe(hl::user_subscription("orderUpdates", key.address()));
    ws->subscribe(hl::user_subscription("userFills", key.address()));
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
    reconcile_orders("after reconnect", [this] {
      resyncing = false;
      if (gate) gate->set_connected(true);  // quotes pass the gate again once orders are known
      const std::uint64_t gap_ms = link_lost_ms != 0 ? wall_ns() / 1'000'000 - link_lost_ms : 0;
      link_lost_ms = 0;
      for_sinks([gap_ms](StrategySink& s) { s.on_resynced(gap_ms); });
      on_poll();
    });
  }

  // Our orders against /info openOrders (the venue wins), then `then`. The order manager still
  // polls while the answer is on its way, so an order can land after the venue made it: the
  // answer speaks only for the orders settled as it is asked.
  void reconcile_orders(const char* when, std::function<void()> then) {
    info(R"({"type":"openOrders","user":")" + key.address().to_string() + "\"}",
         [this, when, then = std::move(then), asked = om->reconcile_scope()](std::string body) {
           auto open = hl::parse_open_orders(body);
           if (!open.ok()) return fail(std::string("openOrders ") + when + ": " + open.error.message());
           reconciled += om->reconcile_open_orders(open.value, asked);
           then();
         });
  }

  // ---- risk gate and journal (host/risk, host/journal) ----------------------------------------
  bool setup_risk_and_journal() {
    std::vector<risk::AssetRisk> assets;
    for (const std::string& coin : config.coins) {
      const hl::AssetInfo* a = directory.find(coin);
      assets.push_back(risk::AssetRisk{*a->slot, a->name, static_cast<Size>(pow10_i64(kSizeDecimals - a->sz_decimals)),
                                       arith::min_tick_exponent(a->market, a->sz_decimals)});
    }
    // Strategy-only instruments take slots from the top down: the pipeline's are from 0 up.
    for (std::size_t i = 0; i < config.gated_coins.size(); ++i) {
      const auto slot = static_cast<std::uint8_t>(kGateSlots - 1 - i);
      if (slot < config.coins.size() || directory.find(config.gated_coins[i]) != nullptr) {
        fail("gated coin " + config.gated_coins[i] + ": must not be a quoted coin, and at most " +
             std::to_string(kGateSlots - config.coins.size()) + " of them");
        return false;
      }
      assets.push_back(risk::AssetRisk{slot, config.gated_coins[i], 1, 0, false});
    }
    gate = std::make_unique<risk::RiskGate>(config.risk, std::move(assets));
    if (config.journal_dir.empty()) return true;
    try {
      jnl = std::make_unique<journal::Journal>(config.journal_dir);
    } catch (const journal::JournalError& e) {
      fail(std::string("journal: ") + e.what());
      return false;
    }
    const journal::RecoveryReport& r = jnl->recovery();
    jstatus.truncated_bytes = r.truncated_bytes;
    spdlog::info("journal: {}: {} record(s), {} fill(s), cash {:.2f} USD, {} open order(s){}", jnl->path().string(),
                 r.records, jnl->state().fills(), risk::to_usd(jnl->state().cash()), jnl->state().open_orders().size(),
                 r.truncated_bytes > 0 ? fmt::format(", {} torn byte(s) truncated", r.truncated_bytes) : std::string());
    jnl->append(journal::SessionStart{wall_ns() / 1'000'000, key.address().to_string()});
    return true;
  }

  void seed_gate(const hl::ClearinghouseState& st) {
    for (const hl::AssetPosition& p : st.positions) {
      const hl::AssetInfo* a = directory.find(p.coin);
      if (a != nullptr && a->slot) gate->set_position(*a->slot, p.position, p.entry_price.value_or(0));
    }
    gate->set_capital(risk::to_usd(st.account_value), wall_ns());
  }

  // Start-up reconciliation, fills and positions: the venue wins. Every fill the venue lists that
  // the journal lacks is journaled (counted as recovered); then each coin's journal position is
  // compared with clearinghouseState plus the fills after its time, and a difference is logged,
  // counted and journaled as a Reconcile record that sets the venue's position.
  void on_recovery_fills(const std::string& body) {
    auto fills = hl::parse_user_fills(body);
    if (!fills.ok()) return fail("userFills (recovery): " + fills.error.message());
    const std::uint64_t last = jnl->state().last_fill_ms();
    std::map<std::string, Size> venue_now;
    for (const hl::AssetPosition& p : start_state.positions) venue_now[p.coin] = p.position;
    std::uint64_t older = 0;
    for (const hl::UserFill& f : fills.value) {
      if (f.time_ms > start_state.time_ms) venue_now[f.coin] += f.is_buy ? f.size : -f.size;
      if (journal::append_fill(*jnl, f, true)) {
        ++jstatus.recovered_fills;
        older += f.time_ms < last ? 1 : 0;
      }
    }
    if (jstatus.recovered_fills > 0) {
      spdlog::warn("journal: {} fill(s) recovered from the venue ({} older than the last journaled fill)",
                   jstatus.recovered_fills, older);
    }
    for (const auto& [coin, ledger] : jnl->state().coins()) venue_now.try_emplace(coin, 0);
    for (const auto& [coin, venue_position] : venue_now) {
      const Size mine = jnl->state().position(coin);
      if (mine == venue_position) continue;
      ++jstatus.position_mismatches;
      spdlog::error("journal: {} position {} in the journal, {} at the venue: the venue's is taken", coin,
                    risk::to_coins(mine), risk::to_coins(venue_position));
      jnl->append(journal::Reconcile{coin, "position", mine, venue_position, 0});
    }
    cash = jnl->state().cash();
    journal_reconciled = true;
    request_open_orders();
  }

  // Start-up reconciliation, orders: the journal's open orders against /info openOrders. Every
  // order still open is cancelled right after (leftovers), so the journal closes them all.
  void reconcile_journal_orders(const std::vector<hl::OpenOrder>& open) {
    std::unordered_set<std::uint64_t> venue_oids, journal_oids;
    for (const hl::OpenOrder& o : open) venue_oids.insert(o.oid);
    for (const journal::JournalOrder& o : jnl->state().open_orders()) {
      journal_oids.insert(o.oid);
      if (venue_oids.count(o.oid) != 0) continue;
      ++jstatus.orders_gone;
      spdlog::warn("journal: order {} open in the journal is no longer at the venue (filled or cancelled while away)", o.oid);
      jnl->append(journal::Reconcile{o.coin, "order_gone", 1, 0, o.oid});
    }
    for (const hl::OpenOrder& o : open) {
      if (journal_oids.count(o.oid) == 0) {
        ++jstatus.orders_unknown;
        spdlog::warn("journal: order {} ({}) open at the venue is not in the journal", o.oid, o.coin);
      }
      jnl->append(journal::Reconcile{o.coin, "order_cancelled_at_start", 1, 1, o.oid});
    }
  }

  void mark(std::uint8_t slot) {
    const auto top = book_top(decoder->bids(slot), decoder->asks(slot));
    if (top.best_bid > 0 && top.best_ask > 0) gate->on_mark(slot, (top.best_bid + top.best_ask) / 2, wall_ns());
  }

  // Every quote passes the gate between the pipeline and the order manager (same thread, no I/O).
  void gate_intents() {
    for (const QuoteIntent& q : intents) mark(q.asset);
    gate->filter(intents, [this](std::uint8_t slot, Side side) {
      std::uint32_t n = 0;
      bool has = false;
      for (const Side s : {Side::kBid, Side::kAsk}) {
        if (om->current_order(slot, s) != nullptr) {
          ++n;
          has = has || s == side;
        }
      }
      return std::pair<std::uint32_t, bool>{n, has};
    });
  }

  void risk_and_journal_fills(const std::vector<orders::AppliedFill>& applied, const std::vector<hl::UserFill>& wire) {
    for (const orders::AppliedFill& f : applied) {
      std::int64_t fee = 0;
      const hl::UserFill* of = nullptr;
      for (const hl::UserFill& w : wire) {
        if (w.tid != f.tid) continue;
        fee = w.fee;
        of = &w;
      }
      mark(f.slot);
      gate->on_fill(f.slot, f.side, f.price, f.size, fee, wall_ns());
      // Counted in the position now: no longer in flight.
      if (of != nullptr && of->cloid) release_fill_hold(of->cloid->bytes, f.size);
    }
    if (jnl) {
      for (const hl::UserFill& w : wire) journal::append_fill(*jnl, w, false);
      cash = jnl->state().cash();  // the journal's: every fill of the account, this run's and before
    }
    if (gate->take_kill_request() && !killed) do_kill();
  }

  void risk_poll(std::uint64_t now) {
    for (const std::string& coin : config.coins) mark(*directory.find(coin)->slot);
    gate->sample(now);
    std::erase_if(holds_by_cloid, [this](const auto& h) { return gate->release(h.second, 0) == 0; });  // lapsed
    if (hedger && !resyncing) hedge_poll(now);
    if (jnl && jnl->write_errors() > 0 && !gate->killed()) gate->kill(risk::Rule::kKillSwitch, "the journal cannot write");
    if (gate->take_kill_request() && !killed) do_kill();
  }

  void on_link(bool up) {
    connected = up;
    if (!up && link_lost_ms == 0) {
      link_lost_ms = wall_ns() / 1'000'000;
      for_sinks([](StrategySink& s) { s.on_resyncing("the market maker's feed was lost"); });
    }
    if (!gate) return;
    if (up) {
      if (!ever_disconnected) gate->set_connected(true);  // after a drop: once the resync is in
      return;
    }
    ever_disconnected = true;
    gate->set_connected(false);
    stop_on_disconnect();
  }

  // Stop-on-disconnect: the feed is gone, so cancel-all (and, with `flatten`, an IOC reduce-only
  // order per position) goes over HTTP, best effort; the venue's scheduleCancel is the backstop.
  void stop_on_disconnect() {
    if (!om || stopping) return;
    hl::CancelAction cancel;
    // An order whose answer was lost with the connection has no oid yet: it goes by its cloid.
    hl::CancelByCloidAction cancel_unanswered;
    for (const orders::Order* o : om->live_orders()) {
      const hl::AssetInfo* a = directory.find(config.coins.at(o->slot));
      if (a == nullptr) continue;
      if (o->oid != 0) {
        cancel.cancels.push_back(hl::CancelEntry{a->asset_id, o->oid});
      } else {
        cancel_unanswered.cancels.push_back(hl::CancelByCloidEntry{a->asset_id, o->cloid});
      }
    }
    auto post = [this](const hl::L1Action& action, const char* what) {
      const std::uint64_t nonce = nonces.next();
      if (jnl) journal::append_request(*jnl, action, 0, nonce);
      const std::string& body = builder.build(key, action, hl::L1Envelope{nonce, {}, {}, config.is_mainnet});
      // The venue often drops the keep-alive connection with the feed. Resending this same signed
      // body on a fresh connection is safe: its nonce is single-use, so a copy that already landed
      // is refused as a duplicate and the action cannot happen twice.
      http->post_json(
          "/exchange", body,
          [what](const net::Error& e, net::HttpResponse&& r) {
            if (e) {
              spdlog::warn("trader: stop-on-disconnect {}: {}", what, e.message());
            } else {
              spdlog::info("trader: stop-on-disconnect {}: {}", what, r.body.substr(0, 200));
            }
          },
          net::Idempotent::yes);
    };
    if (!cancel.cancels.empty()) post(cancel, "cancel-all");
    if (!cancel_unanswered.cancels.empty()) post(cancel_unanswered, "cancel-all by cloid");
    if (config.risk.on_disconnect != risk::DisconnectAction::kFlatten) return;
    hl::OrderAction flatten;
    for (std::size_t i = 0; i < config.coins.size(); ++i) {
      const hl::AssetInfo* a = directory.find(config.coins[i]);
      const Size pos = om->position(*a->slot);
      const auto top = book_top(decoder->bids(*a->slot), decoder->asks(*a->slot));
      if (pos == 0 || top.best_bid <= 0 || top.best_ask <= 0) continue;
      const int min_exp = arith::min_tick_exponent(a->market, a->sz_decimals);
      // IOC 2 % through the touch: crosses whatever is left of the book, reduce-only.
      hl::OrderWire w;
      w.asset = a->asset_id;
      w.is_buy = pos < 0;
      w.price = w.is_buy ? arith::round_up_price(top.best_ask + top.best_ask / 50, min_exp)
                         : arith::round_down_price(top.best_bid - top.best_bid / 50, min_exp);
      w.size = pos > 0 ? pos : -pos;
      w.reduce_only = true;
      w.type = hl::LimitOrderType{hl::Tif::kIoc};
      flatten.orders.push_back(w);
    }
    if (!flatten.orders.empty()) post(flatten, "flatten");
  }

  // ---- the hot path ----------------------------------------------------------------------------
  void on_frame(std::string_view text) {
    const std::uint64_t t0 = steady_ns();
    ++frames;
    const hl::ParseError err = decoder->decode(text, msg);
    if (err) {
      ++parse_errors;
      if (parse_errors < 10 || parse_errors % 1000 == 0) spdlog::warn("trader: frame refused: {}", err.message());
      if (names_a_user_channel(text)) recover_user_state(err.message());
      return;
    }
    switch (msg.channel) {
      case hl::Channel::kL2Book:
      case hl::Channel::kBbo:
      case hl::Channel::kTrades:
      case hl::Channel::kActiveAssetCtx:
        for (const MarketEvent& r : msg.records.view()) {
          if (r.kind == EventKind::kFunding) funding[r.asset] = r.price;
        }
        if (!resyncing) push_records(msg.records.view(), t0);
        if (!sinks.empty()) share_market(msg);  // after the quotes went out: not on the tick-to-quote path
        break;
      case hl::Channel::kOrderUpdates:
        om->on_order_updates(msg.order_updates, wall_ns());
        if (jnl) {
          for (const hl::OrderUpdate& u : msg.order_updates) journal::append_update(*jnl, u);
        }
        for (const hl::OrderUpdate& u : msg.order_updates) {
          for_sinks([&u](StrategySink& s) { s.on_order_update(u); });
        }
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

  // A refused frame is searched for the channel names of our own data only by text: a frame that
  // did not parse may not say which channel it was. A market frame has none of these strings.
  static bool names_a_user_channel(std::string_view text) {
    return text.find("\"userFills\"") != std::string_view::npos || text.find("\"orderUpdates\"") != std::string_view::npos ||
           text.find("\"user\"") != std::string_view::npos;
  }

  // A refused frame of ours may have carried fills or order updates, which nothing would send
  // again: the venue is asked for both. Fills are de-duplicated by tid, as a reconnect's snapshot
  // is; the orders are reconciled as after a reconnect. One recovery at a time: frames refused
  // meanwhile are covered by the answers still to come, which the venue makes after them.
  void recover_user_state(const std::string& why) {
    if (user_recovery_pending || om == nullptr) return;
    user_recovery_pending = true;
    ++user_recoveries;
    spdlog::warn("trader: a frame of our fills or orders was refused ({}): asking the venue for both", why);
    const std::string user = key.address().to_string();
    info(R"({"type":"userFills","user":")" + user + "\"}", [this, user](std::string body) {
      auto list = hl::parse_user_fills(body);
      if (!list.ok()) {
        user_recovery_pending = false;
        return fail("userFills (after a refused frame): " + list.error.message());
      }
      hl::UserFillsMessage m;
      m.is_snapshot = true;
      m.user = user;
      m.fills = std::move(list.value);
      on_fills(om->on_user_fills(m), m.fills, 0);
      reconcile_orders("after a refused frame", [this] { user_recovery_pending = false; });
    });
  }

  void on_fills(const std::vector<orders::AppliedFill>& applied, const std::vector<hl::UserFill>& wire, std::uint64_t t0) {
    fill_records.clear();
    for (const orders::AppliedFill& f : applied) {
      ++fills;
      const Money value = static_cast<Money>((static_cast<arith::i128>(f.price) * f.size) / kSizeScale);
      cash += f.side == Side::kBid ? -value : value;
      bool of_a_strategy = false;
      for (const hl::UserFill& w : wire) {
        if (w.tid != f.tid) continue;
        cash -= w.fee;
        of_a_strategy = w.cloid && strategy_orders.count(w.cloid->bytes) != 0;
      }
      // A strategy's fill is the strategy's position (its hedge or other leg may be elsewhere): the
      // quotes keep to the market maker's own inventory, the gate and the order manager hold the
      // account's.
      if (of_a_strategy) continue;
      fill_records.push_back(MarketEvent{EventKind::kFill, f.slot, f.side, 0, 0, f.price, f.size, f.time_ms * 1'000'000});
      quoting_position[f.slot] += f.side == Side::kBid ? f.size : -f.size;
    }
    if (!fill_records.empty()) push_records(fill_records, t0);
    risk_and_journal_fills(applied, wire);
    for (const hl::UserFill& w : wire) {
      const bool fresh = std::any_of(applied.begin(), applied.end(), [&w](const orders::AppliedFill& f) { return f.tid == w.tid; });
      if (fresh) for_sinks([&w](StrategySink& s) { s.on_fill(w); });
    }
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
    if (hedger) lean_quotes();
    if (gate) gate_intents();
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
      if (jnl) journal::append_request(*jnl, r.action, r.request_id, r.nonce);
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
      if (jnl) journal::append_lost(*jnl, id);
      om->on_request_lost(id, wall_ns());
      settle_taker_hold(id, nullptr);
      answer_taker(id, nullptr, e.message());
      return;
    }
    ++responses;
    auto parsed = hl::parse_post_response(json);
    if (!parsed.ok() || parsed.value.kind != hl::PostResponseKind::kAction) {
      ++exchange_errors;
      spdlog::warn("trader: unexpected post response: {}", std::string(json.substr(0, 200)));
      if (jnl) journal::append_lost(*jnl, id);
      om->on_request_lost(id, wall_ns());
      settle_taker_hold(id, nullptr);
      answer_taker(id, nullptr, "unreadable answer");
      return;
    }
    if (!parsed.value.action.ok) ++exchange_errors;
    for (const hl::OrderStatus& s : parsed.value.action.statuses) exchange_errors += s.kind == hl::OrderStatusKind::kError;
    if (jnl) journal::append_response(*jnl, id, parsed.value.action);
    om->on_response(id, parsed.value.action, wall_ns(), batch);
    send(batch, 0);
    // A strategy's IOC is answered once the order manager is done with its request: a nonce
    // refusal is re-sent under the same id, and only the answer to that copy counts.
    if ((taker_requests.count(id) != 0 || holds_by_request.count(id) != 0) && !om->awaiting(id)) {
      const hl::ExchangeResponse& x = parsed.value.action;
      hl::OrderStatus refused;
      const hl::OrderStatus* st = nullptr;
      if (!x.ok) {
        refused.kind = hl::OrderStatusKind::kError;  // refused whole: the IOC never reached the book
        refused.error = x.error;
        st = &refused;
      } else if (!x.statuses.empty()) {
        st = &x.statuses.front();
      }
      settle_taker_hold(id, st);
      answer_taker(id, st, st == nullptr ? "no order status in the answer" : "");
    }
  }

  // The gate's holds on the IOCs in flight (the strategies' and the hedge's; RiskGate::admit_taker):
  // what the answer says will not fill is released with it, what filled as its fills are counted.
  void hold_taker(const risk::Decision& d, const orders::TakerPlacement& p) {
    if (d.hold == 0) return;
    holds_by_request.insert_or_assign(p.request_id, TakerHold{d.hold, d.size});
    holds_by_cloid.insert_or_assign(p.cloid.bytes, d.hold);
  }

  void settle_taker_hold(std::uint64_t id, const hl::OrderStatus* status) {
    const auto it = holds_by_request.find(id);
    if (it == holds_by_request.end()) return;
    const TakerHold h = it->second;
    holds_by_request.erase(it);
    if (status != nullptr && status->kind == hl::OrderStatusKind::kError) {
      gate->release(h.hold, h.size);  // refused: nothing executed
    } else if (status != nullptr && status->kind == hl::OrderStatusKind::kFilled) {
      gate->release(h.hold, h.size - std::min(h.size, status->total_size));  // the IOC's rest was cancelled
    }
    // Lost, or an answer without a fill figure: the fills tell (or the hold lapses).
    gate->settle(h.hold, wall_ns());
  }

  void release_fill_hold(const std::array<std::uint8_t, 16>& cloid, Size size) {
    const auto it = holds_by_cloid.find(cloid);
    if (it != holds_by_cloid.end() && gate->release(it->second, size) == 0) holds_by_cloid.erase(it);
  }

  // ---- the delta hedge (hedge_loop.hpp) -----------------------------------------------------------
  void hedge_poll(std::uint64_t now) {
    hedge_mids.assign(config.coins.size(), 0.0);
    hedge_positions.assign(config.coins.size(), 0.0);
    for (std::size_t i = 0; i < config.coins.size(); ++i) {
      const std::uint8_t slot = *directory.find(config.coins[i])->slot;
      const auto top = book_top(decoder->bids(slot), decoder->asks(slot));
      if (top.best_bid > 0 && top.best_ask > 0) hedge_mids[i] = risk::to_price((top.best_bid + top.best_ask) / 2);
      hedge_positions[i] = risk::to_coins(quoting_position[slot]);  // the market maker's own, not the strategies'

    }
    const std::vector<HedgeStep>& steps = hedger->step(hedge_mids, hedge_positions, now);
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const std::uint8_t slot = *directory.find(config.coins[i])->slot;
      const strategies::HedgeDecision& d = steps[i].decision;
      hedge_var[slot] = steps[i].var_usd;
      lean_bps[slot] = d.action == strategies::HedgeAction::kLean ? d.skew_bps : 0.0;
      if (d.action == strategies::HedgeAction::kExternal) hedge_ioc(i, slot, d.ioc_qty, hedge_mids[i]);
    }
  }

  // One reduce-only IOC of `qty` coins (signed) on the coin's own perp, through the gate and the
  // order manager like a strategy's.
  void hedge_ioc(std::size_t coin, std::uint8_t slot, double qty, double mid) {
    const hl::AssetInfo* a = directory.find(config.coins[coin]);
    const Size lot = static_cast<Size>(pow10_i64(kSizeDecimals - a->sz_decimals));
    const Size size = static_cast<Size>(std::abs(qty) * kSizeScale) / lot * lot;
    if (size <= 0) return;
    const Side side = qty > 0 ? Side::kBid : Side::kAsk;
    const int min_exp = arith::min_tick_exponent(a->market, a->sz_decimals);
    const double through = config.hedge->ioc_through_bps * 1e-4 * mid;
    const auto raw = static_cast<Price>((side == Side::kBid ? mid + through : mid - through) * kPriceScale);
    const Price price = side == Side::kBid ? arith::round_up_price(raw, min_exp) : arith::round_down_price(raw, min_exp);
    const risk::Decision d = gate->admit_taker(slot, side, price, size, wall_ns());
    if (d.kind == risk::DecisionKind::kReject) {
      spdlog::warn("trader: delta hedge IOC on {} refused by the risk gate ({})", a->name, risk::rule_name(d.rule));
      return;
    }
    const orders::TakerPlacement p = om->place_taker(slot, side, price, d.size, true, wall_ns(), taker_batch);
    if (p.refusal != orders::TakerRefusal::kNone) {
      gate->release(d.hold, d.size);
      spdlog::warn("trader: delta hedge IOC on {} not sent: {}", a->name, orders::taker_refusal_name(p.refusal));
      return;
    }
    hold_taker(d, p);
    ++hedge_iocs;
    spdlog::info("trader: delta hedge: leaning was too slow; IOC {} {} {} @ {} (position {})", side == Side::kBid ? "buy" : "sell",
                 risk::to_coins(d.size), a->name, risk::to_price(price), risk::to_coins(om->position(slot)));
    send(taker_batch, 0);
  }

  // The hedge's lean: both quote prices move by skew_bps of the mid (negative sheds a long), on the
  // tick grid away from the touch they must not cross (a post-only quote through it is refused).
  void lean_quotes() {
    for (QuoteIntent& q : intents) {
      if (q.kind != IntentKind::kQuote || lean_bps[q.asset] == 0) continue;
      const auto top = book_top(decoder->bids(q.asset), decoder->asks(q.asset));
      if (top.best_bid <= 0 || top.best_ask <= 0) continue;
      const hl::AssetInfo* a = directory.by_slot(q.asset);
      const int min_exp = arith::min_tick_exponent(a->market, a->sz_decimals);
      const Price mid = (top.best_bid + top.best_ask) / 2;
      const auto shift = static_cast<Price>(static_cast<double>(mid) * lean_bps[q.asset] * 1e-4);
      Price p = q.price + shift;
      p = q.side == Side::kBid ? arith::round_down_price(p, min_exp) : arith::round_up_price(p, min_exp);
      const bool crosses = q.side == Side::kBid ? p >= top.best_ask : p <= top.best_bid;
      if (p > 0 && !crosses) q.price = p;
    }
  }

  // ---- strategies beside the market maker (StrategyPort, trader_connector.hpp) ---------------------
  bool post(std::function<void()> fn) override {
    if (loop_closed) return false;
    asio::post(io, std::move(fn));
    return true;
  }
  void attach(std::shared_ptr<StrategySink> sink) override { sinks.push_back(sink); }
  void detach(const StrategySink* sink) override {
    std::erase_if(sinks, [sink](const std::weak_ptr<StrategySink>& w) {
      const auto s = w.lock();
      return !s || s.get() == sink;
    });
  }
  bool port_ready() const override { return ready && om != nullptr && decoder != nullptr; }
  std::size_t port_coin_count() const override { return config.coins.size(); }
  connectors::FeeSchedule port_fees() const override { return config.fees; }
  std::optional<PortAsset> port_asset(std::string_view coin) const override {
    if (!ready) return std::nullopt;
    const hl::AssetInfo* a = directory.find(coin);
    if (a == nullptr || !a->slot) return std::nullopt;
    return PortAsset{*a->slot, static_cast<Size>(pow10_i64(kSizeDecimals - a->sz_decimals)),
                     arith::min_tick_exponent(a->market, a->sz_decimals)};
  }

  TakerTicket send_taker(StrategySink& sink, std::uint8_t slot, Side side, Price price, Size size) override {
    TakerTicket t;
    t.size = size;
    if (gate) {
      mark(slot);
      t.gate = gate->admit_taker(slot, side, price, size, wall_ns());
      if (t.gate.kind == risk::DecisionKind::kReject) {
        t.refusal = fmt::format("risk gate: {} by {} (value {:.6g}, limit {:.6g})", risk::decision_name(t.gate.kind),
                                risk::rule_name(t.gate.rule), t.gate.value, t.gate.limit);
        return t;
      }
      t.size = t.gate.size;
    }
    const orders::TakerPlacement p = om->place_taker(slot, side, price, t.size, false, wall_ns(), taker_batch);
    if (p.refusal != orders::TakerRefusal::kNone) {
      if (gate) gate->release(t.gate.hold, t.gate.size);
      t.refusal = "order manager: " + std::string(orders::taker_refusal_name(p.refusal));
      return t;
    }
    if (gate) hold_taker(t.gate, p);
    t.cloid = p.cloid;
    t.request_id = p.request_id;
    strategy_orders.insert(p.cloid.bytes);
    strategy_order_list.push_back(p.cloid.bytes);
    if (strategy_order_list.size() > kStrategyOrdersRemembered) {
      strategy_orders.erase(strategy_order_list.front());
      strategy_order_list.pop_front();
    }
    for (const std::weak_ptr<StrategySink>& w : sinks) {
      if (const auto s = w.lock(); s.get() == &sink) taker_requests.emplace(p.request_id, s);
    }
    send(taker_batch, 0);
    return t;
  }

  risk::Decision gate_external(std::string_view coin, Side side, Price price, Size size) override {
    risk::Decision d;
    d.size = size;
    d.price = price;
    const auto slot = gate ? gate->slot_of(coin) : std::nullopt;
    if (!slot) {
      // An instrument the account's gate does not hold cannot be judged against its limits (rule
      // kNone: no limit decided, the instrument is unknown).
      d.kind = risk::DecisionKind::kReject;
      d.size = 0;
      return d;
    }
    mark(*slot);
    return gate->admit_taker(*slot, side, price, size, wall_ns());
  }

  Size release_external(std::uint64_t hold, Size size) override { return gate ? gate->release(hold, size) : 0; }
  void settle_external(std::uint64_t hold) override {
    if (gate) gate->settle(hold, wall_ns());
  }

  void external_mark(std::string_view coin, Price mid) override {
    if (!gate || mid <= 0 || directory.find(coin) != nullptr) return;
    if (const auto slot = gate->slot_of(coin)) gate->on_mark(*slot, mid, wall_ns());
  }

  void external_fill(std::string_view coin, Side side, Price price, Size size, std::int64_t fee) override {
    const auto slot = gate ? gate->slot_of(coin) : std::nullopt;
    if (!slot) {
      spdlog::error("trader: a fill of {} on another venue is not counted: the risk gate does not hold it", coin);
      return;
    }
    gate->on_fill(*slot, side, price, size, fee, wall_ns());
    if (gate->take_kill_request() && !killed) do_kill();
  }

  template <class F>
  void for_sinks(F&& f) {
    for (std::size_t i = 0; i < sinks.size(); ++i) {
      if (const auto s = sinks[i].lock()) f(*s);
    }
  }

  void answer_taker(std::uint64_t id, const hl::OrderStatus* status, std::string_view error) {
    const auto it = taker_requests.find(id);
    if (it == taker_requests.end()) return;
    const std::shared_ptr<StrategySink> sink = it->second;
    taker_requests.erase(it);
    sink->on_answer(id, status, error);
  }

  // The side's quote and, while a modify is in flight, the order it replaces (both may rest). A
  // quote not yet acknowledged is taken out too: showing a strategy less depth than there is
  // costs an opportunity, showing it our own order costs a self-trade (the venue expires the
  // maker, so the quote is lost and the IOC does not fill there).
  void without_own_quotes(std::uint8_t slot, Side side, std::vector<connectors::PriceLevel>& levels) const {
    const orders::Order* current = om ? om->current_order(slot, side) : nullptr;
    if (current == nullptr) return;
    for (const orders::Order* o : {current, om->replaced_by(*current)}) {
      if (o == nullptr) continue;
      for (auto it = levels.begin(); it != levels.end(); ++it) {
        if (it->price != o->price) continue;
        it->size -= std::min(it->size, o->remaining());
        if (it->size == 0) levels.erase(it);
        break;
      }
    }
  }

  // The decoded frame's books and trades for the strategies: the same book copy the pipeline was fed.
  void share_market(const hl::FeedMessage& m) {
    if (m.channel == hl::Channel::kL2Book || m.channel == hl::Channel::kBbo) {
      const hl::AssetInfo* a = directory.by_slot(m.slot);
      if (a == nullptr) return;
      connectors::BookEvent b =
          connectors::book_event_of(a->name, m.time_ms, decoder->bids(m.slot), decoder->asks(m.slot), kBookLevels);
      // The book as others offer it: our own quotes are taken out, so a strategy does not take
      // them (the venue would only cancel them as a self-trade).
      without_own_quotes(m.slot, Side::kBid, b.bids);
      without_own_quotes(m.slot, Side::kAsk, b.asks);
      for_sinks([&b](StrategySink& s) { s.on_book(b); });
    } else if (m.channel == hl::Channel::kTrades) {
      for (const MarketEvent& r : m.records.view()) {
        if (r.kind != EventKind::kTrade) continue;
        const hl::AssetInfo* a = directory.by_slot(r.asset);
        if (a == nullptr) continue;
        const connectors::TradeEvent t{a->name, r.ts_ns / 1'000'000, r.side, r.price, r.size};
        for_sinks([&t](StrategySink& s) { s.on_trade(t); });
      }
    }
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
    if (gate) risk_poll(now);
    om->poll(now, batch);
    send(batch, 0);
  }

  void do_kill() {
    if (gate && !gate->killed()) gate->kill(risk::Rule::kKillSwitch, "manual kill");
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

  TraderSnapshot take_snapshot(bool with_latencies, std::size_t latencies_from) const {
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
    s.user_recoveries = user_recoveries;
    s.cash = cash;
    s.pnl = cash;
    if (gate) s.risk = gate->snapshot();
    if (jnl) {
      s.journal = jstatus;
      s.journal.enabled = true;
      s.journal.records = jnl->state().records();
      s.journal.fills = jnl->state().fills();
      s.journal.bytes_written = jnl->bytes_written();
      s.journal.syncs = jnl->syncs();
      s.journal.write_errors = jnl->write_errors();
    }
    if (decoder && om) {
      for (const std::string& coin : config.coins) {
        const hl::AssetInfo* a = directory.find(coin);
        CoinStatus c;
        c.coin = coin;
        const auto top = book_top(decoder->bids(*a->slot), decoder->asks(*a->slot));
        c.best_bid = top.best_bid;
        c.best_ask = top.best_ask;
        if (const orders::Order* o = om->current_order(*a->slot, Side::kBid)) {
          c.our_bid = o->price;
          c.our_bid_size = o->remaining();
        }
        if (const orders::Order* o = om->current_order(*a->slot, Side::kAsk)) {
          c.our_ask = o->price;
          c.our_ask_size = o->remaining();
        }
        c.position = om->position(*a->slot);
        c.quoting_position = quoting_position[*a->slot];
        c.funding = funding[*a->slot];
        c.hedge_skew_bps = lean_bps[*a->slot];
        c.hedge_var_usd = hedge_var[*a->slot];
        for (const LoadedTable& t : tables) {
          if (t.coin == coin) c.position_limit = t.position_limit;
        }
        if (c.best_bid > 0 && c.best_ask > 0) {
          const Price mid = (c.best_bid + c.best_ask) / 2;
          s.pnl += static_cast<Money>((static_cast<arith::i128>(mid) * c.position) / kSizeScale);
        }
        s.coins.push_back(c);
      }
    }
    if (with_latencies) {
      s.tick_to_quote_ns.assign(latencies.begin() + static_cast<std::ptrdiff_t>(std::min(latencies_from, latencies.size())),
                                latencies.end());
    }
    s.tick_to_quote_total = latencies.size();
    if (pipeline) {
      s.backend = std::string(pipeline->backend());
      s.pipeline_counters = pipeline->counters();
    }
    s.tables_loaded = tables_loaded;
    s.hedge_iocs = hedge_iocs;
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
  std::vector<LoadedTable> tables;
  std::uint64_t tables_loaded = 0;
  std::array<Price, kMaxAssets> funding{};
  std::uint64_t resyncs = 0, reconciled = 0;
  std::uint64_t frames = 0, parse_errors = 0, requests_sent = 0, responses = 0, exchange_errors = 0, fills = 0;
  Money cash = 0;
  bool connected = false, ready = false, killed = false, stopping = false, resyncing = false;
  bool user_recovery_pending = false;
  std::uint64_t user_recoveries = 0;
  std::string fatal;
  // Risk gate and journal (host/risk, host/journal).
  std::unique_ptr<risk::RiskGate> gate;
  // Strategies beside the market maker (trader_connector.hpp): held weakly, a sink holds the port.
  std::vector<std::weak_ptr<StrategySink>> sinks;
  std::map<std::uint64_t, std::shared_ptr<StrategySink>> taker_requests;  // request id -> who sent it
  struct TakerHold {
    std::uint64_t hold;
    Size size;
  };
  std::unordered_map<std::uint64_t, TakerHold> holds_by_request;           // until the answer
  std::map<std::array<std::uint8_t, 16>, std::uint64_t> holds_by_cloid;    // until the fills
  orders::ActionBatch taker_batch;
  // Strategies' orders (their fills are theirs, not the quotes' inventory); the last few thousand.
  static constexpr std::size_t kStrategyOrdersRemembered = 4096;
  static constexpr std::size_t kGateSlots = 256;  // RiskGate's slot space
  std::set<std::array<std::uint8_t, 16>> strategy_orders;
  std::deque<std::array<std::uint8_t, 16>> strategy_order_list;
  std::array<Size, kMaxAssets> quoting_position{};  // the market maker's own fills, as the pipeline saw them
  // The delta hedge (config.hedge).
  std::optional<HedgeLoop> hedger;
  std::vector<double> hedge_mids, hedge_positions;
  std::array<double, kMaxAssets> lean_bps{}, hedge_var{};
  std::uint64_t hedge_iocs = 0;
  std::uint64_t link_lost_ms = 0;
  std::atomic<bool> loop_closed{false};
  std::unique_ptr<journal::Journal> jnl;
  journal::JournalStatus jstatus;
  hl::ClearinghouseState start_state;
  bool journal_reconciled = false, ever_disconnected = false;
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
  // Without the I/O thread (before start, after stop) nothing would run the post and the call
  // would never return; there is no session to cancel through then (stop sent its own cancels).
  if (!impl_ || !impl_->thread.joinable()) return;
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
  impl_->loop_closed = true;
  {
    std::lock_guard lock(impl_->keeper_mutex);
    impl_->keeper_stop = true;
  }
  impl_->keeper_wake.notify_all();
  if (impl_->keeper.joinable()) impl_->keeper.join();
}

TraderSnapshot Trader::snapshot(bool with_latencies, std::size_t latencies_from) const {
  if (!impl_->thread.joinable()) return impl_->take_snapshot(with_latencies, latencies_from);
  std::promise<TraderSnapshot> done;
  asio::post(impl_->io, [&] { done.set_value(impl_->take_snapshot(with_latencies, latencies_from)); });
  return done.get_future().get();
}

std::unique_ptr<connectors::Connector> Trader::open_connector(std::string name) {
  return make_trader_connector(impl_, std::move(name));
}

std::unique_ptr<connectors::Connector> Trader::gate_connector(connectors::Connector& other) {
  return make_gated_connector(impl_, other);
}

std::vector<LoadedTable> Trader::loaded_tables() const {
  if (!impl_->thread.joinable()) return impl_->tables;
  std::promise<std::vector<LoadedTable>> done;
  asio::post(impl_->io, [&] { done.set_value(impl_->tables); });
  return done.get_future().get();
}

}  // namespace hlmm::live
