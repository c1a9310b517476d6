// Connectors for the strategies that run beside the market maker (host/strategies), so that they
// share its book cache, its order manager and its risk gate (issue #11) instead of keeping their
// own:
//
// - make_trader_connector: the trader's own venue as a connectors::Connector. Books and trades
//   come from the trader's decoded feed (no second subscription); an IOC passes the trader's risk
//   gate (RiskGate::admit_taker) and is sent by the trader's order manager (place_taker) with the
//   quotes' nonces, rate budget and cloids, so its fills move the market maker's position and the
//   pipeline quotes around the account's true inventory. Only IOCs: resting orders on this venue
//   are the pipeline's quotes, so place_limit is refused and cancel has nothing to cancel.
// - make_gated_connector: another venue's connector whose orders pass the same gate first (the
//   coin's net position is summed over venues, gross notional over everything) and whose fills
//   are counted in it.
// Both keep each order's size held in the gate while it is in flight or resting (admit_taker's
// hold), released by its answer, fills and cancel, so later orders are judged with it.
//
// Events of a trader connector run on the trader's I/O thread; a handler must not block (the
// strategies post to their own threads). After stop() returns no handler runs.
#pragma once

#include <memory>
#include <string>

#include "connectors/connector.hpp"
#include "live/strategy_port.hpp"

namespace hlmm::live {

// Books carry every level the trader's book copy holds (hls kBookLevels per side).
std::unique_ptr<connectors::Connector> make_trader_connector(std::shared_ptr<StrategyPort> port, std::string name);
// `inner` must outlive the returned connector; its event handler is taken over.
std::unique_ptr<connectors::Connector> make_gated_connector(std::shared_ptr<StrategyPort> port,
                                                            connectors::Connector& inner);

}  // namespace hlmm::live
