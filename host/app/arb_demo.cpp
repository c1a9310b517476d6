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
  venue::VenueServer* home = nullptr;
  std::unique_ptr<venue::VenueServer> remote;
  std::unique_ptr<connectors::HyperliquidConnector> connectors[2];
  std::unique_ptr<strategies::CrossVenueArb> arb;
};

ArbDemo::ArbDemo(venue::VenueServer& home, const std::filesystem::path& dir, ArbDemoOptions options)
    : options_(std::move(options)), parts_(std::make_unique<Parts>()) {
  parts_->home = &home;
  next_dislocation_s_ = options_.dislocation_every_s / 2;
  venue::VenueConfig rc;
  rc.assets.push_back(venue::preset_asset(options_.coin));
  rc.exchange.sequencing.block_interval_ms = options_.block_ms;
  rc.exchange.default_fees = exchange::FeeRates{kRemoteTakerPpm, kRemoteMakerPpm};
  rc.flow.seed = options_.seed + 1'000;
  venue::VenueServerOptions ro{"127.0.0.1", 0, dir / "remote-venue-ca.pem", 5};
  ro.added_latency_ms = kRemoteLatencyMs;
  parts_->remote = std::make_unique<venue::VenueServer>(rc, ro);

  const exchange::Money deposit = 100'000 * kPriceScale;
  venue::VenueServer* servers[2] = {&home, parts_->remote.get()};
  const std::filesystem::path cas[2] = {dir / "venue-ca.pem", dir / "remote-venue-ca.pem"};
  const char* names[2] = {"demo-venue", "remote-venue"};
  exchange::FeeRates home_fees;
  home.with_core([&](venue::VenueCore& core) { home_fees = core.config().exchange.default_fees; });
  const connectors::FeeSchedule fees[2] = {
      connectors::FeeSchedule{home_fees.maker_ppm / 100.0, home_fees.taker_ppm / 100.0},
      connectors::FeeSchedule{kRemoteMakerPpm / 100.0, kRemoteTakerPpm / 100.0}};
  for (int i = 0; i < 2; ++i) {
    hl::PrivateKey key = hl::PrivateKey::generate();  // paper money: never printed or stored
    const hl::Address address = key.address();
    servers[i]->with_core([&](venue::VenueCore& core) { core.add_account(address, deposit); });
    connectors::HyperliquidConnectorConfig c;
    c.name = names[i];
    c.host = "127.0.0.1";
    c.port = std::to_string(servers[i]->port());
    c.ca_file = cas[i].string();
    c.coins = {options_.coin};
    c.fees = fees[i];
    parts_->connectors[i] = std::make_unique<connectors::HyperliquidConnector>(c, std::move(key));
  }
  strategies::CrossVenueArbConfig ac;
  ac.coin = options_.coin;
  ac.params.min_edge_bps = 2.0;
  ac.params.max_notional_usd = 2'000;
  ac.params.capital_usd = 100'000;
  ac.cooldown = std::chrono::milliseconds(static_cast<std::uint64_t>(options_.dislocation_hold_ms + 1'000));
  parts_->arb = std::make_unique<strategies::CrossVenueArb>(ac, *parts_->connectors[0], *parts_->connectors[1]);
  for (auto& c : parts_->connectors) c->start();
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!(parts_->connectors[0]->ready() && parts_->connectors[1]->ready())) {
    if (std::chrono::steady_clock::now() > until) {
      throw std::runtime_error("the arbitrage connectors did not become ready: " + parts_->connectors[0]->fatal() +
                               parts_->connectors[1]->fatal());
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
