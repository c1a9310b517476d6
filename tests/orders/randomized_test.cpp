// Randomized: intents, and a small simulated venue that answers on three independent channels
// (post responses, orderUpdates, userFills) delivered in random interleavings, with fills at
// random, venue cancels, lost answers, nonce and rate-limit refusals. After every step: at most one
// open order per asset-side at the venue, the manager's own invariants hold, and every order the
// venue has open is one the manager still tracks (no lost cloid). At the end: positions equal the
// sum of the venue's fills, and a clean shutdown leaves nothing open.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <deque>
#include <map>
#include <random>
#include <set>

#include "orders/order_manager.hpp"
#include "test_util.hpp"

namespace hlmm::orders {
namespace {

using namespace hlmm::orders::testing;

constexpr Price kTick = kPriceScale;  // whole dollars
constexpr Size kLot = 1'000'000;

struct VOrder {
  std::uint64_t oid = 0;
  std::uint32_t asset = 0;
  bool is_buy = false;
  Price price = 0;
  Size size = 0;
  Size remaining = 0;
  hl::Cloid cloid;
};

class SimVenue {
 public:
  explicit SimVenue(std::mt19937_64& rng) : rng_(rng) {}

  std::array<Price, 2> mid{3'000 * kTick, 50'000 * kTick};
  std::array<Size, 2> position{0, 0};
  std::map<std::string, VOrder> open;  // by cloid text
  std::deque<std::pair<std::uint64_t, std::optional<hl::ExchangeResponse>>> responses;  // nullopt: lost
  std::deque<std::vector<hl::OrderUpdate>> updates;
  std::deque<hl::UserFillsMessage> fills;
  std::deque<hl::UserEvent> events;
  std::vector<hl::UserFill> all_fills;
  std::optional<std::uint64_t> dms_ms;
  bool rate_limited = false;
  std::map<std::string, std::string> history;  // per cloid, for failure messages
  void note(const hl::Cloid& c, const std::string& what) { history[c.to_string()] += what + "; "; }

  static std::string coin(std::uint32_t asset) { return asset == 0 ? "ETH" : "BTC"; }

  bool crosses(std::uint32_t asset, bool is_buy, Price px) const {
    return is_buy ? px >= mid[asset] + kTick : px <= mid[asset] - kTick;
  }

  void process(const OutgoingRequest& r, std::uint64_t now_ms) {
    const double u = uniform();
    if (r.kind != RequestKind::kScheduleCancel && u < 0.01) {
      responses.emplace_back(r.request_id, err("Invalid nonce: duplicate nonce " + std::to_string(r.nonce)));
      return;
    }
    if ((r.kind == RequestKind::kOrder || r.kind == RequestKind::kModify) && u < 0.015) {
      rate_limited = true;
      responses.emplace_back(r.request_id, err("Too many cumulative requests sent (11 > 10) for cumulative volume "
                                               "traded $1.00. Place taker orders to free up 1 request per USDC "
                                               "traded."));
      return;
    }
    if (u < 0.02) {  // lost before reaching the venue
      responses.emplace_back(r.request_id, std::nullopt);
      return;
    }
    hl::ExchangeResponse resp;
    resp.ok = true;
    std::vector<hl::OrderUpdate> ups;
    std::visit(
        [&](const auto& a) {
          using A = std::decay_t<decltype(a)>;
          if constexpr (std::is_same_v<A, hl::OrderAction>) {
            resp.type = "order";
            for (const auto& w : a.orders) resp.statuses.push_back(place(w, ups));
          } else if constexpr (std::is_same_v<A, hl::BatchModifyAction>) {
            resp.type = "order";
            for (const auto& m : a.modifies) {
              // A modify names the order by the venue's oid, or by its cloid when the oid was unknown.
              auto it = open.end();
              std::string key;
              if (const auto* oid = std::get_if<std::uint64_t>(&m.oid)) {
                it = std::find_if(open.begin(), open.end(), [&](const auto& kv) { return kv.second.oid == *oid; });
                key = "oid " + std::to_string(*oid);
              } else {
                key = std::get<hl::Cloid>(m.oid).to_string();
                it = open.find(key);
              }
              if (it == open.end()) {
                resp.statuses.push_back(error_status("Cannot modify canceled or filled order"));
                continue;
              }
              ups.push_back(upd(it->second, "canceled"));
              note(it->second.cloid, "modified away (req " + std::to_string(r.request_id) + ")");
              open.erase(it);
              resp.statuses.push_back(place(m.order, ups));
              note(*m.order.cloid, "modify target " + key);
            }
          } else if constexpr (std::is_same_v<A, hl::CancelByCloidAction>) {
            resp.type = "cancel";
            for (const auto& c : a.cancels) {
              auto it = open.find(c.cloid.to_string());
              if (it == open.end()) {
                resp.statuses.push_back(error_status("Order was never placed, already canceled, or filled. asset=" +
                                                     std::to_string(c.asset)));
                continue;
              }
              ups.push_back(upd(it->second, "canceled"));
              note(it->second.cloid, "canceled (req " + std::to_string(r.request_id) + ")");
              open.erase(it);
              resp.statuses.push_back(success());
            }
          } else if constexpr (std::is_same_v<A, hl::ScheduleCancelAction>) {
            resp.type = "default";
            dms_ms = a.time;
          }
        },
        r.action);
    if (uniform() < 0.02) {
      responses.emplace_back(r.request_id, std::nullopt);  // executed, answer lost
    } else {
      responses.emplace_back(r.request_id, std::move(resp));
    }
    if (!ups.empty()) updates.push_back(std::move(ups));
    (void)now_ms;
  }

  // Market moves; resting orders the trade price reaches fill (in part or in full).
  void step_market(std::uint64_t now_ms) {
    for (std::uint32_t a = 0; a < 2; ++a) {
      mid[a] += static_cast<Price>(static_cast<int>(rng_() % 5) - 2) * kTick;
      if (uniform() < 0.3) trade(a, mid[a] + static_cast<Price>(static_cast<int>(rng_() % 7) - 3) * kTick, now_ms);
    }
    if (uniform() < 0.01 && !open.empty()) {  // the venue cancels one (margin, self-trade …)
      auto it = open.begin();
      std::advance(it, static_cast<long>(rng_() % open.size()));
      hl::UserEvent ev;
      ev.non_user_cancels.push_back({coin(it->second.asset), it->second.oid});
      events.push_back(ev);
      open.erase(it);
    }
    if (dms_ms && now_ms > *dms_ms) {
      std::vector<hl::OrderUpdate> ups;
      for (auto& [k, o] : open) ups.push_back(upd(o, "scheduledCancel"));
      open.clear();
      if (!ups.empty()) updates.push_back(std::move(ups));
      dms_ms.reset();
    }
  }

  void trade(std::uint32_t asset, Price px, std::uint64_t now_ms) {
    std::vector<hl::OrderUpdate> ups;
    std::vector<hl::UserFill> fs;
    for (auto it = open.begin(); it != open.end();) {
      VOrder& o = it->second;
      const bool hit = o.asset == asset && (o.is_buy ? px <= o.price : px >= o.price);
      if (!hit) {
        ++it;
        continue;
      }
      const Size q = uniform() < 0.5 ? o.remaining : std::min(o.remaining, std::max<Size>(kLot, o.remaining / 2));
      o.remaining -= q;
      hl::UserFill f;
      f.coin = coin(asset);
      f.price = o.price;
      f.size = q;
      f.is_buy = o.is_buy;
      f.time_ms = now_ms;
      f.oid = o.oid;
      f.tid = next_tid_++;
      f.cloid = o.cloid;
      fs.push_back(f);
      all_fills.push_back(f);
      position[asset] += o.is_buy ? q : -q;
      note(o.cloid, "fill " + std::to_string(q) + " tid " + std::to_string(f.tid) + " left " +
                        std::to_string(o.remaining));
      if (o.remaining == 0) {
        ups.push_back(upd(o, "filled"));
        it = open.erase(it);
      } else {
        ++it;
      }
    }
    if (!fs.empty()) fills.push_back(fills_msg(std::move(fs)));
    if (!ups.empty()) updates.push_back(std::move(ups));
  }

  // A reconnect: the snapshot repeats recent fills.
  void resend_snapshot() {
    if (all_fills.empty()) return;
    const std::size_t n = std::min<std::size_t>(all_fills.size(), 10);
    fills.push_back(fills_msg(std::vector<hl::UserFill>(all_fills.end() - static_cast<long>(n), all_fills.end()), true));
  }

  std::map<std::pair<std::uint32_t, bool>, int> open_per_side() const {
    std::map<std::pair<std::uint32_t, bool>, int> m;
    for (const auto& [k, o] : open) ++m[{o.asset, o.is_buy}];
    return m;
  }

  double uniform() { return std::uniform_real_distribution<double>(0, 1)(rng_); }

 private:
  hl::OrderStatus place(const hl::OrderWire& w, std::vector<hl::OrderUpdate>& ups) {
    if (crosses(w.asset, w.is_buy, w.price)) {
      return error_status("Post only order would have immediately matched, bbo was 1@2. asset=" +
                          std::to_string(w.asset));
    }
    if (uniform() < 0.02) return error_status("Insufficient margin to place order. asset=" + std::to_string(w.asset));
    VOrder o{next_oid_++, w.asset, w.is_buy, w.price, w.size, w.size, *w.cloid};
    note(o.cloid, "placed oid " + std::to_string(o.oid) + " size " + std::to_string(o.size));
    open[w.cloid->to_string()] = o;
    ups.push_back(upd(o, "open"));
    return resting(o.oid);
  }
  static hl::OrderUpdate upd(const VOrder& o, const char* status) {
    hl::OrderUpdate u;
    u.coin = coin(o.asset);
    u.is_buy = o.is_buy;
    u.limit_price = o.price;
    u.size = o.remaining;
    u.orig_size = o.size;
    u.oid = o.oid;
    u.cloid = o.cloid;
    u.status = status;
    return u;
  }

  std::mt19937_64& rng_;
  std::uint64_t next_oid_ = 1'000;
  std::uint64_t next_tid_ = 1;
};

class Harness {
 public:
  explicit Harness(std::uint64_t seed, std::uint32_t pool = 1024) : rng_(seed), venue_(rng_) {
    OrderManagerConfig cfg;
    cfg.assets = {{0, 0, "ETH"}, {1, 1, "BTC"}};
    cfg.cloid_session = seed + 1;
    cfg.order_pool = pool;
    cfg.dead_man.enabled = true;
    om_ = std::make_unique<OrderManager>(cfg, nonces_, log_.logger);
  }

  void send(const ActionBatch& b) {
    for (const auto& r : b) {
      sent_cloids(r);
      venue_.process(r, now_ns_ / 1'000'000);
    }
  }

  void sent_cloids(const OutgoingRequest& r) {
    if (const auto* a = std::get_if<hl::OrderAction>(&r.action)) {
      for (const auto& w : a->orders) ever_sent_.insert(w.cloid->to_string());
    }
    if (const auto* a = std::get_if<hl::BatchModifyAction>(&r.action)) {
      for (const auto& m : a->modifies) ever_sent_.insert(m.order.cloid->to_string());
    }
  }

  // Delivers one pending message from a random channel. False when all are empty.
  bool deliver_one() {
    std::vector<int> ready;
    if (!venue_.responses.empty()) ready.push_back(0);
    if (!venue_.updates.empty()) ready.push_back(1);
    if (!venue_.fills.empty()) ready.push_back(2);
    if (!venue_.events.empty()) ready.push_back(3);
    if (ready.empty()) return false;
    switch (ready[rng_() % ready.size()]) {
      case 0: {
        auto [id, resp] = std::move(venue_.responses.front());
        venue_.responses.pop_front();
        if (resp) {
          om_->on_response(id, *resp, now_ns_, out_);
          send(out_);
        } else {
          om_->on_request_lost(id, now_ns_);
        }
        break;
      }
      case 1:
        om_->on_order_updates(venue_.updates.front(), now_ns_);
        venue_.updates.pop_front();
        break;
      case 2:
        om_->on_user_fills(venue_.fills.front());
        venue_.fills.pop_front();
        break;
      case 3:
        om_->on_user_event(venue_.events.front(), now_ns_);
        venue_.events.pop_front();
        break;
    }
    return true;
  }

  void random_intents() {
    intents_.clear();
    const int n = static_cast<int>(rng_() % 4);
    for (int i = 0; i < n; ++i) {
      const auto slot = static_cast<std::uint8_t>(rng_() % 2);
      const Side side = rng_() % 2 == 0 ? Side::kBid : Side::kAsk;
      const double u = venue_.uniform();
      if (u < 0.75) {
        const Price off = static_cast<Price>(rng_() % 6) * kTick;  // 0 or 1 tick may cross: BadAloPx
        const Price px = side == Side::kBid ? venue_.mid[slot] - off : venue_.mid[slot] + off;
        intents_.push_back(quote(slot, side, px, static_cast<Size>(1 + rng_() % 4) * kLot));
      } else if (u < 0.9) {
        intents_.push_back(cancel(slot, side));
      } else if (u < 0.95) {
        intents_.push_back(reject(slot, side, Reason::kRateLimit));
      } else {
        intents_.push_back(reject(slot, Side::kBoth, Reason::kStaleBook));
      }
    }
    om_->on_intents(intents_, now_ns_, out_);
    send(out_);
  }

  void check(const char* where) {
    const std::string inv = om_->check_invariants();
    ASSERT_EQ(inv, "") << where;
    for (const auto& [key, n] : venue_.open_per_side()) {
      ASSERT_LE(n, 1) << where << ": asset " << key.first << " side " << key.second << " has " << n
                      << " open orders at the venue";
    }
    for (const auto& [cloid, o] : venue_.open) {
      ASSERT_TRUE(ever_sent_.count(cloid)) << "venue holds an order we never sent";
      const Order* mine = om_->find(o.cloid);
      ASSERT_NE(mine, nullptr) << where << ": lost cloid " << cloid;
      ASSERT_FALSE(is_terminal(mine->state))
          << where << ": " << cloid << " is open at the venue but " << order_state_name(mine->state)
          << " here (filled " << mine->filled << " of " << mine->size << "); venue: " << venue_.history[cloid];
    }
  }

  std::string dump_side(std::uint32_t asset, bool is_buy) {
    std::string text;
    for (const auto& [cloid, o] : venue_.open) {
      if (o.asset != asset || o.is_buy != is_buy) continue;
      const Order* mine = om_->find(o.cloid);
      text += cloid + " [" + (mine ? std::string(order_state_name(mine->state)) : "unknown") + "] " +
              venue_.history[cloid] + "\n";
    }
    return text;
  }

  void run(int steps) {
    for (int s = 0; s < steps; ++s) {
      now_ns_ += (1 + rng_() % 200) * 1'000'000ULL;
      random_intents();
      const int deliveries = static_cast<int>(rng_() % 6);
      for (int d = 0; d < deliveries; ++d) deliver_one();
      venue_.step_market(now_ns_ / 1'000'000);
      if (venue_.uniform() < 0.01) venue_.resend_snapshot();
      if (venue_.rate_limited && venue_.uniform() < 0.05) {
        om_->budget().sync(0, 1'000'000);  // a userRateLimit resync shows room again
        venue_.rate_limited = false;
      }
      om_->poll(now_ns_, out_);
      send(out_);
      // Messages still queued may describe orders the manager has not heard of yet; the venue's
      // view is only comparable once everything in flight has been delivered.
      if (venue_.responses.empty() && venue_.updates.empty() && venue_.fills.empty() && venue_.events.empty()) {
        check("quiescent step");
      } else {
        ASSERT_EQ(om_->check_invariants(), "");
        for (const auto& [key, n] : venue_.open_per_side()) ASSERT_LE(n, 1) << dump_side(key.first, key.second);
      }
      if (::testing::Test::HasFatalFailure()) return;
    }
    drain();
    check("after drain");
    for (std::uint8_t slot = 0; slot < 2; ++slot) EXPECT_EQ(om_->position(slot), venue_.position[slot]);

    om_->shutdown(now_ns_, out_);
    send(out_);
    for (int round = 0; round < 50 && !(venue_.open.empty() && om_->shutdown_complete()); ++round) {
      drain();
      now_ns_ += 1'000'000'000ULL;
      om_->poll(now_ns_, out_);
      send(out_);
    }
    drain();
    EXPECT_TRUE(venue_.open.empty()) << venue_.open.size() << " orders left open after shutdown";
    EXPECT_TRUE(om_->shutdown_complete());
    for (std::uint8_t slot = 0; slot < 2; ++slot) EXPECT_EQ(om_->position(slot), venue_.position[slot]);
    const OrderCounters& c = om_->counters();
    std::printf("sent %lu retried %lu errors %lu fills %lu dup %lu orphans %lu budget %lu foreign %lu\n",
                (unsigned long)c.requests_sent, (unsigned long)c.requests_retried, (unsigned long)c.errors,
                (unsigned long)c.fills_applied, (unsigned long)c.fills_duplicate, (unsigned long)c.orphans_canceled,
                (unsigned long)c.blocked_by_budget, (unsigned long)c.updates_foreign);
    EXPECT_GT(om_->counters().requests_sent, 100U);
    EXPECT_GT(om_->counters().fills_applied, 10U);
  }

  void drain() {
    for (int i = 0; i < 100'000 && deliver_one(); ++i) {
      om_->poll(now_ns_, out_);
      send(out_);
    }
  }

 private:
  std::mt19937_64 rng_;
  SimVenue venue_;
  std::uint64_t clock_ms_ = 1'700'000'000'000;
  NonceSource nonces_{"", [this] { return clock_ms_; }};
  CapturedLog log_;
  std::unique_ptr<OrderManager> om_;
  std::uint64_t now_ns_ = 1'700'000'000'000'000'000ULL;
  ActionBatch out_;
  std::vector<QuoteIntent> intents_;
  std::set<std::string> ever_sent_;
};

class Randomized : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(Randomized, InvariantsHoldUnderRandomInterleavings) {
  Harness h(GetParam());
  h.run(3'000);
}

INSTANTIATE_TEST_SUITE_P(Seeds, Randomized, ::testing::Range<std::uint64_t>(1, 13));

// A 16-order pool: slots are recycled constantly, so late answers meet reused slots.
class RandomizedSmallPool : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(RandomizedSmallPool, InvariantsHoldWhilePoolSlotsAreRecycled) {
  Harness h(GetParam(), 16);
  h.run(3'000);
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomizedSmallPool, ::testing::Range<std::uint64_t>(100, 106));

}  // namespace
}  // namespace hlmm::orders
