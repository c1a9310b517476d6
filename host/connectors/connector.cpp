#include "connectors/connector.hpp"

namespace hlmm::connectors {

std::string_view order_status_name(OrderStatus s) {
  switch (s) {
    case OrderStatus::kResting: return "resting";
    case OrderStatus::kFilled: return "filled";
    case OrderStatus::kCancelled: return "cancelled";
    case OrderStatus::kRejected: return "rejected";
  }
  return "unknown";
}

std::string_view order_outcome_name(OrderOutcome o) {
  switch (o) {
    case OrderOutcome::kFilled: return "filled";
    case OrderOutcome::kPartial: return "partial";
    case OrderOutcome::kNoMatch: return "no_match";
    case OrderOutcome::kRejected: return "rejected";
    case OrderOutcome::kResting: return "resting";
    case OrderOutcome::kUnknown: return "unknown";
  }
  return "unknown";
}

std::string_view time_in_force_name(TimeInForce t) {
  switch (t) {
    case TimeInForce::kGtc: return "gtc";
    case TimeInForce::kAlo: return "alo";
  }
  return "unknown";
}

}  // namespace hlmm::connectors
