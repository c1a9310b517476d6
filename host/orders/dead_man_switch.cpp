#include "orders/dead_man_switch.hpp"

#include <string>

namespace hlmm::orders {

DeadManSwitch::DeadManSwitch(DeadManConfig config) : cfg_(config) {
  if (cfg_.deadline_ms < kVenueMinScheduleMs + cfg_.latency_margin_ms) {
    throw DeadManConfigError("scheduleCancel deadline " + std::to_string(cfg_.deadline_ms) +
                             " ms is below the venue minimum of 5000 ms plus the latency margin of " +
                             std::to_string(cfg_.latency_margin_ms) + " ms (protocol.md §3)");
  }
  if (cfg_.rearm_permille == 0 || cfg_.rearm_permille >= 1000) {
    throw DeadManConfigError("scheduleCancel re-arm fraction must be in (0, 1000) per mille, got " +
                             std::to_string(cfg_.rearm_permille));
  }
}

std::optional<std::uint64_t> DeadManSwitch::due(std::uint64_t now_ms, bool quoting) const {
  if (!cfg_.enabled || !quoting) return std::nullopt;
  const std::uint64_t rearm_after = cfg_.deadline_ms * cfg_.rearm_permille / 1000;
  if (armed_until_ms_ && now_ms < last_sent_ms_ + rearm_after) return std::nullopt;
  return now_ms + cfg_.deadline_ms;
}

void DeadManSwitch::on_sent(std::uint64_t now_ms, std::uint64_t time_ms) {
  last_sent_ms_ = now_ms;
  armed_until_ms_ = time_ms;
}

void DeadManSwitch::on_ack(bool ok) {
  // A refused arm leaves us unprotected: forget it so the next poll tries again.
  if (!ok) armed_until_ms_.reset();
}

void DeadManSwitch::on_triggered(std::uint64_t now_ms) {
  const std::uint64_t day = now_ms / 86'400'000;
  if (day != trigger_day_) {
    trigger_day_ = day;
    triggers_today_ = 0;
  }
  // One trigger cancels every open order: updates within a second belong to the same trigger.
  if (triggers_today_ == 0 || now_ms > last_trigger_ms_ + 1'000) ++triggers_today_;
  last_trigger_ms_ = now_ms;
  armed_until_ms_.reset();
}

}  // namespace hlmm::orders
