// The venue's two request budgets (protocol.md §8), tracked locally so that hlmm slows down before
// the venue refuses it.
//
// Address budget: cap = 10000 + 1 request per USDC traded since the address's inception; every
// order or modify in a batch counts one (a batch of n counts n); cancels have the higher cap
// min(cap + 100000, 2 * cap). Seed it from /info userRateLimit (`sync`), and it grows with our own
// fills (`on_fill_notional`).
// IP budget: 1200 weight per minute; an /exchange request weighs 1 + floor(n / 40). Modelled as a
// bucket of 1200 refilled at 20 per second.
//
// When either is low (below the configured reserve) or the venue has answered "Too many
// cumulative requests", new orders and modifies are paused and cancels continue. One log line says
// so, and what restores it; one more says when it is restored.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "hlmm/arith.hpp"

namespace spdlog {
class logger;
}

namespace hlmm::orders {

struct RateBudgetConfig {
  std::int64_t address_reserve = 500;    // requests kept back for cancels before the cap
  std::int64_t ip_capacity = 1200;       // weight per minute
  std::int64_t ip_reserve = 100;         // weight kept back for cancels
  std::uint64_t venue_backoff_ns = 10'000'000'000;  // after "Too many cumulative requests": 1 request / 10 s
};

enum class RequestClass : std::uint8_t { kPlace, kCancel };  // kPlace: orders and modifies

class RateBudget {
 public:
  explicit RateBudget(RateBudgetConfig config = {}, std::shared_ptr<spdlog::logger> log = nullptr);

  // From /info userRateLimit: nRequestsUsed, and the cap (10000 + cumulative volume).
  void sync(std::int64_t requests_used, std::int64_t requests_cap);

  // A fill's notional in 1e-16 USD (price × size at 1e-8 each): raises the cap by one request per
  // whole USDC.
  void on_fill_notional(arith::i128 notional_e16);

  // Whether a request of `items` entries may be sent now. Does not consume.
  bool allows(RequestClass cls, std::uint32_t items, std::uint64_t now_ns);
  // Records a request that was sent.
  void consume(RequestClass cls, std::uint32_t items, std::uint64_t now_ns);
  // The venue refused a request as rate limited.
  void on_venue_rate_limited(std::uint64_t now_ns);

  // True while new orders and modifies are paused. Logs the transition lines.
  bool placing_paused(std::uint64_t now_ns);

  static std::int64_t ip_weight(std::uint32_t items) { return 1 + static_cast<std::int64_t>(items / 40); }

  std::int64_t address_used() const { return used_; }
  std::int64_t address_cap() const { return cap_; }
  std::int64_t cancel_cap() const;
  std::int64_t ip_tokens(std::uint64_t now_ns);

 private:
  void refill(std::uint64_t now_ns);
  bool low_now(std::uint64_t now_ns);

  RateBudgetConfig cfg_;
  std::shared_ptr<spdlog::logger> log_;
  std::int64_t used_ = 0;
  std::int64_t cap_ = 10'000;
  arith::i128 volume_remainder_e16_ = 0;  // traded notional not yet a whole USDC
  // IP bucket in milli-weight so that the refill (20/s) stays integer at ns resolution.
  std::int64_t ip_milli_ = 0;
  std::uint64_t ip_last_ns_ = 0;
  bool ip_started_ = false;
  std::uint64_t venue_blocked_until_ns_ = 0;
  std::uint64_t venue_next_allowed_ns_ = 0;
  bool paused_logged_ = false;
};

}  // namespace hlmm::orders
