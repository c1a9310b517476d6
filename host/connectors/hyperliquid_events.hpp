// Hyperliquid's decoded messages (host/hyperliquid) as the normalized connector events and
// results. Shared by every Connector that reads Hyperliquid's protocol: HyperliquidConnector, and
// the market maker's own strategy connectors (host/live), which read the trader's feed.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "connectors/connector.hpp"
#include "hlmm/book.hpp"
#include "hyperliquid/actions.hpp"
#include "hyperliquid/messages.hpp"

namespace hlmm::connectors {

// An orderUpdates status ("open", "filled", "canceled", "…Rejected", "…Canceled", …).
OrderStatus order_status_of(const std::string& venue_status);

// The top `levels` of each side of a book copy, best first.
BookEvent book_event_of(std::string coin, std::uint64_t time_ms, const SideBook& bids, const SideBook& asks,
                        std::size_t levels);

FillEvent fill_event_of(const hl::UserFill& fill, ClientOrderId client_id);
OrderUpdateEvent update_event_of(const hl::OrderUpdate& update, ClientOrderId client_id);

// One order's status from an /exchange answer into `result` (requested already set): filled in
// full, in part (an IOC's rest cancelled) or resting (a GTC/ALO), nothing to match, refused, or a
// status the order cannot have (kUnknown).
void read_order_status(const hl::OrderStatus& status, hl::Tif tif, OrderResult& result);

// The cloid a connector session gives its caller's client id (8 bytes each), and back: 0 for a
// cloid of another session or none.
hl::Cloid cloid_of(std::uint64_t session, ClientOrderId id);
ClientOrderId client_id_of(std::uint64_t session, const std::optional<hl::Cloid>& cloid);

}  // namespace hlmm::connectors
