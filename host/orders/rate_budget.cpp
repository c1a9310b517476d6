#include "orders/rate_budget.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace hlmm::orders {

RateBudget::RateBudget(RateBudgetConfig config, std::shared_ptr<spdlog::logger> log)
    : cfg_(config), log_(log ? std::move(log) : spdlog::default_logger()), ip_milli_(config.ip_capacity * 1000) {}

void RateBudget::sync(std::int64_t requests_used, std::int64_t requests_cap) {
  used_ = requests_used;
  cap_ = requests_cap;
}

void RateBudget::on_fill_notional(arith::i128 notional_e16) {
  if (notional_e16 < 0) notional_e16 = -notional_e16;
  constexpr arith::i128 kUsdc = static_cast<arith::i128>(10'000'000'000'000'000LL);  // 1e16
  volume_remainder_e16_ += notional_e16;
  cap_ += static_cast<std::int64_t>(volume_remainder_e16_ / kUsdc);
  volume_remainder_e16_ %= kUsdc;
}

std::int64_t RateBudget::cancel_cap() const { return std::min(cap_ + 100'000, cap_ * 2); }

void RateBudget::refill(std::uint64_t now_ns) {
  if (!ip_started_) {
    ip_started_ = true;
    ip_last_ns_ = now_ns;
    return;
  }
  if (now_ns <= ip_last_ns_) return;
  // capacity per 60 s, in milli-weight: capacity * 1000 * dt / 60e9
  const std::uint64_t dt = now_ns - ip_last_ns_;
  const arith::i128 add = static_cast<arith::i128>(cfg_.ip_capacity) * 1000 * dt / 60'000'000'000LL;
  if (add == 0) return;  // keep ip_last_ns_ so that small steps accumulate
  ip_milli_ = static_cast<std::int64_t>(std::min<arith::i128>(ip_milli_ + add, static_cast<arith::i128>(cfg_.ip_capacity) * 1000));
  ip_last_ns_ = now_ns;
}

std::int64_t RateBudget::ip_tokens(std::uint64_t now_ns) {
  refill(now_ns);
  return ip_milli_ / 1000;
}

bool RateBudget::low_now(std::uint64_t now_ns) {
  refill(now_ns);
  if (now_ns < venue_blocked_until_ns_) return true;
  // At or below a reserve counts as low: the reserve itself is for cancels.
  if (cap_ - used_ <= cfg_.address_reserve) return true;
  return ip_milli_ <= cfg_.ip_reserve * 1000;
}

bool RateBudget::placing_paused(std::uint64_t now_ns) {
  const bool low = low_now(now_ns);
  if (low && !paused_logged_) {
    paused_logged_ = true;
    log_->warn(
        "orders: rate budget low (address {} used of cap {}, reserve {}; IP weight {} of {}/min left, reserve {}; "
        "venue limited: {}): new orders and modifies paused, cancels continue. Restored by trading volume "
        "(1 request per USDC), a userRateLimit resync, reserveRequestWeight, or the IP minute refilling",
        used_, cap_, cfg_.address_reserve, ip_milli_ / 1000, cfg_.ip_capacity, cfg_.ip_reserve,
        now_ns < venue_blocked_until_ns_ ? "yes" : "no");
  } else if (!low && paused_logged_) {
    paused_logged_ = false;
    log_->info("orders: rate budget restored (address {} used of cap {}; IP weight {} left): quoting resumes", used_,
               cap_, ip_milli_ / 1000);
  }
  return low;
}

bool RateBudget::allows(RequestClass cls, std::uint32_t items, std::uint64_t now_ns) {
  refill(now_ns);
  const std::int64_t weight = ip_weight(items);
  if (ip_milli_ < weight * 1000) return false;
  if (now_ns < venue_blocked_until_ns_) {
    // The venue allows one request per 10 s while limited: spend it on cancels only.
    return cls == RequestClass::kCancel && now_ns >= venue_next_allowed_ns_;
  }
  if (cls == RequestClass::kCancel) return used_ + static_cast<std::int64_t>(items) <= cancel_cap();
  return !placing_paused(now_ns) && used_ + static_cast<std::int64_t>(items) <= cap_ - cfg_.address_reserve &&
         ip_milli_ - weight * 1000 >= cfg_.ip_reserve * 1000;
}

void RateBudget::consume(RequestClass cls, std::uint32_t items, std::uint64_t now_ns) {
  refill(now_ns);
  (void)cls;
  ip_milli_ -= ip_weight(items) * 1000;
  used_ += items;
  if (now_ns < venue_blocked_until_ns_) venue_next_allowed_ns_ = now_ns + cfg_.venue_backoff_ns;
}

void RateBudget::on_venue_rate_limited(std::uint64_t now_ns) {
  venue_blocked_until_ns_ = now_ns + cfg_.venue_backoff_ns;
  venue_next_allowed_ns_ = now_ns + cfg_.venue_backoff_ns;
  // The venue counts more than we did: never believe we have room it says we lack.
  used_ = std::max(used_, cap_);
  (void)placing_paused(now_ns);
}

}  // namespace hlmm::orders
