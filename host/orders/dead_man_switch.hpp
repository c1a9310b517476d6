// The venue's dead man's switch, scheduleCancel (protocol.md §3): "The time must be at least 5
// seconds after the current time … all open orders will be canceled and a trigger count will be
// incremented. The max number of triggers per day is 10 … reset at 00:00 UTC." Omitting `time`
// removes the scheduled cancel; orders canceled this way get status `scheduledCancel`.
//
// While quoting, the switch is kept armed at now + deadline and re-armed once `rearm_fraction` of
// the deadline has passed, so that if hlmm stops (crash, hang, lost connection) every order is
// canceled within `deadline` of the last re-arm. The deadline must leave the venue's 5 s minimum
// plus `latency_margin_ms` for the request to reach a block (the venue compares against block
// time, not our clock). Clean shutdown disarms it.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>

#include "hyperliquid/actions.hpp"

namespace hlmm::orders {

struct DeadManConfig {
  bool enabled = true;
  std::uint64_t deadline_ms = 15'000;      // cancel-all this long after the last re-arm
  std::uint64_t latency_margin_ms = 1'000; // allowance for request latency over the venue's 5 s
  std::uint32_t rearm_permille = 500;      // re-arm after this fraction (‰) of the deadline
};

inline constexpr std::uint64_t kVenueMinScheduleMs = 5'000;

class DeadManConfigError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class DeadManSwitch {
 public:
  // Throws DeadManConfigError when deadline_ms < 5000 + latency_margin_ms or the fraction is not
  // in (0, 1000).
  explicit DeadManSwitch(DeadManConfig config);

  // The scheduleCancel time to send now, or nothing when the switch is disabled or the last arm is
  // still fresh. `quoting`: false while nothing should rest (no need to keep it armed).
  std::optional<std::uint64_t> due(std::uint64_t now_ms, bool quoting) const;
  void on_sent(std::uint64_t now_ms, std::uint64_t time_ms);
  void on_ack(bool ok);  // the venue accepted or refused the last arm/disarm
  void on_disarm_sent() { armed_until_ms_.reset(); }
  // A scheduledCancel order update: the switch fired. Counts triggers per UTC day (venue max 10).
  void on_triggered(std::uint64_t now_ms);

  bool armed() const { return armed_until_ms_.has_value(); }
  std::optional<std::uint64_t> armed_until_ms() const { return armed_until_ms_; }
  std::uint32_t triggers_today() const { return triggers_today_; }
  const DeadManConfig& config() const { return cfg_; }

 private:
  DeadManConfig cfg_;
  std::optional<std::uint64_t> armed_until_ms_;
  std::uint64_t last_sent_ms_ = 0;
  std::uint64_t last_trigger_ms_ = 0;
  std::uint64_t trigger_day_ = 0;
  std::uint32_t triggers_today_ = 0;
};

}  // namespace hlmm::orders
