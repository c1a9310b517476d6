#include "app/arb_demo.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>

#include "connectors/hyperliquid_connector.hpp"

namespace hlmm::app {

namespace {

constexpr std::int32_t kRemoteTakerPpm = 250;
constexpr std::int32_t kRemoteMakerPpm = 0;
constexpr std::uint64_t kRemoteLatencyMs = 30;

}  // namespace

struct ArbDemo::Parts {
  std::unique_ptr<venue::VenueServer> remote;
  std::unique_ptr<connectors::HyperliquidConnector> remote_link;  // the remote venue's own protocol
  std::unique_ptr<connectors::Connector> connectors[2];          // as the strategy sees them
  std::unique_ptr<strategies::CrossVenueArb> arb;
};

ArbDemo::ArbDemo(live::Trader& trader, const std::filesystem::path& dir, ArbDemoOptions options)
    : options_(std::move(options)), parts_(std::make_unique<Parts>()) {
  next_dislocation_s_ = options_.dislocation_every_s / 2;
  venue::VenueConfig rc;
  rc.assets.push_back(venue::preset_asset(options_.coin));
  rc.exchange.sequencing.block_interval_ms = options_.block_ms;
  rc.exchange.default_fees = exchange::FeeRates{kRemoteTakerPpm, kRemoteMakerPpm};
  rc.flow.seed = options_.seed + 1'000;
  venue::VenueServerOptions ro{"127.0.0.1", 0, dir / "remote-venue-ca.pem", 5};
  ro.added_latency_ms = kRemoteLatencyMs;
  parts_->remote = std::make_unique<venue::VenueServer>(rc, ro);

  // The home leg is the market maker's own account, through the trader (its book cache, order
  // manager and risk gate); the remote leg is an account of the strategy's on the remote venue,
  // whose orders pass the trader's gate too.
  hl::PrivateKey key = hl::PrivateKey::generate();  // paper money: never printed or stored
  const hl::Address address = key.address();
  parts_->remote->with_core([&](venue::VenueCore& core) { core.add_account(address, 100'000 * kPriceScale); });
  connectors::HyperliquidConnectorConfig c;
  c.name = "remote-venue";
  c.host = "127.0.0.1";
  c.port = std::to_string(parts_->remote->port());
  c.ca_file = (dir / "remote-venue-ca.pem").string();
  c.coins = {options_.coin};
  c.fees = connectors::FeeSchedule{kRemoteMakerPpm / 100.0, kRemoteTakerPpm / 100.0};
  parts_->remote_link = std::make_unique<connectors::HyperliquidConnector>(c, std::move(key));
  parts_->connectors[0] = trader.open_connector("demo-venue");
  parts_->connectors[1] = trader.gate_connector(*parts_->remote_link);
  strategies::CrossVenueArbConfig ac;
  ac.coin = options_.coin;
  ac.params.min_edge_bps = 2.0;
  ac.params.max_notional_usd = 2'000;
  ac.params.capital_usd = 100'000;
  ac.cooldown = std::chrono::milliseconds(static_cast<std::uint64_t>(options_.dislocation_hold_ms + 1'000));
  ac.risk = std::nullopt;  // the trader's gate holds the limits for the whole account
  parts_->arb = std::make_unique<strategies::CrossVenueArb>(ac, *parts_->connectors[0], *parts_->connectors[1]);
  for (auto& c : parts_->connectors) c->start();
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!(parts_->connectors[0]->ready() && parts_->connectors[1]->ready())) {
    if (std::chrono::steady_clock::now() > until) {
      throw std::runtime_error("the arbitrage connectors did not become ready" +
                               (parts_->remote_link->fatal().empty() ? std::string() : ": " + parts_->remote_link->fatal()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  parts_->arb->start();
}

ArbDemo::~ArbDemo() { stop(); }

void ArbDemo::on_tick(double t) {
  if (stopped_ || t < next_dislocation_s_) return;
  next_dislocation_s_ += options_.dislocation_every_s;
  // Alternate the direction, so the strategy buys on either venue in turn.
  const double bps = dislocations_ % 2 == 0 ? options_.dislocation_bps : -options_.dislocation_bps;
  parts_->remote->with_core([&](venue::VenueCore& core) {
    core.flow().dislocate(0, bps, venue::wall_clock_ms(), options_.dislocation_hold_ms);
  });
  ++dislocations_;
}

void ArbDemo::stop() {
  if (stopped_) return;
  stopped_ = true;
  parts_->arb->stop();
  for (auto& c : parts_->connectors) c->stop();
  parts_->remote->stop();
}

strategies::ArbStats ArbDemo::stats() const { return parts_->arb->stats(); }

std::string ArbDemo::json() const {
  const strategies::ArbStats s = stats();
  std::size_t unwound = 0;
  for (const strategies::ArbRecord& r : s.records) unwound += r.outcome == "unwound";
  return fmt::format(
      "{{\"dislocations\":{},\"arbs\":{},\"completed\":{},\"legs_filled\":{},\"one_leg_failures\":{},\"unwinds\":{},"
      "\"unwound_arbs\":{},\"risk_rejects\":{},\"realised_usd\":{:.8f},\"fees_usd\":{:.8f},\"net_position\":{:.8f},"
      "\"halted\":{}}}",
      dislocations_, s.arbs, s.completed, s.legs_filled, s.one_leg_failures, s.unwinds, unwound, s.risk_rejects,
      s.realised_usd, s.fees_usd, static_cast<double>(s.position[0] + s.position[1]) / kSizeScale,
      s.halted ? "true" : "false");
}

}  // namespace hlmm::app
