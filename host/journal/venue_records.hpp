// Hyperliquid messages (host/hyperliquid) as journal records: what the trader appends for each
// request it signs, each answer, order update and fill. Kept here so the trader's edits stay small.
#pragma once

#include <cstdint>

#include "hyperliquid/actions.hpp"
#include "hyperliquid/messages.hpp"
#include "journal/journal.hpp"

namespace hlmm::journal {

// One OrderSent per item of the action (orders, modifies, cancels); nothing for other actions.
void append_request(Journal& j, const hl::L1Action& action, std::uint64_t request_id, std::uint64_t nonce);
// One Ack per status (a whole-request error: one Ack of kind kError for item 0).
void append_response(Journal& j, std::uint64_t request_id, const hl::ExchangeResponse& response);
void append_lost(Journal& j, std::uint64_t request_id);
void append_update(Journal& j, const hl::OrderUpdate& update);
// Returns false when the fill's tid is already journaled.
bool append_fill(Journal& j, const hl::UserFill& fill, bool recovered);

}  // namespace hlmm::journal
