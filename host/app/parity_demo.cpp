#include "app/parity_demo.hpp"

#include <chrono>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <simdjson.h>

#include "connectors/hyperliquid_connector.hpp"
#include "hyperliquid/wire_writers.hpp"
#include "strategies/outcome_asset.hpp"

namespace hlmm::app {

struct ParityDemo::Parts {
  venue::VenueServer* venue = nullptr;
  std::unique_ptr<connectors::HyperliquidConnector> outcome_link;  // the outcome coin, its own account
  std::unique_ptr<connectors::Connector> outcome;  // that, through the market maker's gate
  std::unique_ptr<connectors::Connector> perp;     // through the market maker
  std::unique_ptr<strategies::ParityTrader> trader;
};

std::string parity_outcome_coin(const ParityDemoOptions& options) {
  return strategies::make_outcome_asset(options.outcome, strategies::OutcomeSide::kYes).coin();
}

void add_parity_outcome(venue::VenueConfig& config, const ParityDemoOptions& options) {
  const venue::VenueAsset* under = nullptr;
  for (const venue::VenueAsset& a : config.assets) {
    if (a.spec.name == options.coin) under = &a;
  }
  if (under == nullptr) throw std::invalid_argument("--with-parity: the venue does not list " + options.coin);
  venue::VenueOutcome o;
  o.outcome = options.outcome;
  o.underlying = options.coin;
  o.strike = static_cast<Price>(std::llround(under->flow.start_price)) * kPriceScale;
  o.expiry = venue::outcome_expiry_text(static_cast<std::int64_t>(venue::wall_clock_ms() / 1000) + 86'400);
  o.sigma = under->flow.vol_annual;
  config.outcomes.push_back(o);
}

ParityDemo::ParityDemo(venue::VenueServer& venue, live::Trader& market_maker, const std::filesystem::path& dir,
                       ParityDemoOptions options)
    : options_(std::move(options)), parts_(std::make_unique<Parts>()) {
  parts_->venue = &venue;
  next_mispricing_s_ = options_.mispricing_every_s / 2;
  const strategies::OutcomeAsset yes = strategies::make_outcome_asset(options_.outcome, strategies::OutcomeSide::kYes);
  // The listing as a trader would read it: outcomeMeta's description.
  std::string meta;
  double sigma = 0;
  // The outcome's collateral on an account of its own; the perp hedge is the market maker's.
  hl::PrivateKey key = hl::PrivateKey::generate();  // paper money: never printed or stored
  venue.with_core([&](venue::VenueCore& core) {
    core.http_info(R"({"type":"outcomeMeta"})", venue::wall_clock_ms(), [&](unsigned, std::string body) { meta = std::move(body); });
    for (const venue::VenueOutcome& o : core.config().outcomes) {
      if (o.outcome == options_.outcome) sigma = o.sigma;
    }
    core.add_account(key.address(), 100'000 * kPriceScale);
  });
  std::optional<strategies::PriceBinarySpec> binary;
  simdjson::dom::parser parser;
  simdjson::dom::array outcomes;
  if (parser.parse(meta)["outcomes"].get(outcomes) == simdjson::SUCCESS) {
    for (const simdjson::dom::element o : outcomes) {
      std::uint64_t n = 0;
      std::string_view description;
      if (o["outcome"].get(n) == simdjson::SUCCESS && n == options_.outcome &&
          o["description"].get(description) == simdjson::SUCCESS) {
        binary = strategies::parse_price_binary(description);
      }
    }
  }
  if (!binary) throw std::runtime_error(fmt::format("outcome {} is not listed by the venue's outcomeMeta", options_.outcome));

  connectors::HyperliquidConnectorConfig c;
  c.name = "parity-outcomes";
  c.host = "127.0.0.1";
  c.port = std::to_string(venue.port());
  c.ca_file = (dir / "venue-ca.pem").string();
  c.coins = {yes.coin()};
  c.fees = connectors::FeeSchedule{0, 0};
  parts_->outcome_link = std::make_unique<connectors::HyperliquidConnector>(c, std::move(key));
  parts_->outcome = market_maker.gate_connector(*parts_->outcome_link);
  parts_->perp = market_maker.open_connector("parity-perp");
  strategies::ParityTraderConfig tc;
  tc.outcome_coin = yes.coin();
  tc.hedge_coin = options_.coin;
  tc.binary = *binary;
  tc.sigma = sigma;
  tc.parity.min_edge = 0.03;
  tc.parity.capital_usd = 100'000;
  tc.parity.sizing.fraction = 0.25;
  tc.parity.sizing.max_stake_usd = 100;
  tc.parity.rebalance_threshold = 0.01;
  // The crowd re-quotes every 250 ms and the venue answers in ~380 ms: a tick or two of room.
  tc.outcome_slippage = 0.002;
  tc.cooldown = std::chrono::milliseconds(options_.mispricing_hold_ms + 500);
  parts_->trader = std::make_unique<strategies::ParityTrader>(tc, *parts_->outcome, *parts_->perp);
  parts_->outcome->start();
  parts_->perp->start();
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!(parts_->outcome->ready() && parts_->perp->ready())) {
    if (std::chrono::steady_clock::now() > until) {
      throw std::runtime_error("the parity connectors did not become ready" +
                               (parts_->outcome_link->fatal().empty() ? std::string() : ": " + parts_->outcome_link->fatal()));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  parts_->trader->start();
}

ParityDemo::~ParityDemo() { stop(); }

void ParityDemo::on_tick(double t) {
  if (stopped_ || t < next_mispricing_s_) return;
  next_mispricing_s_ += options_.mispricing_every_s;
  // Below fair first (the trader buys Yes), then above (it sells), and so on.
  const double delta = mispricings_ % 2 == 0 ? -options_.mispricing : options_.mispricing;
  parts_->venue->with_core([&](venue::VenueCore& core) {
    core.flow().misprice_outcome(0, delta, venue::wall_clock_ms(), options_.mispricing_hold_ms);
  });
  ++mispricings_;
}

void ParityDemo::stop() {
  if (stopped_) return;
  stopped_ = true;
  parts_->trader->stop();
  parts_->outcome->stop();
  parts_->perp->stop();
}

strategies::ParityStats ParityDemo::stats() const { return parts_->trader->stats(); }

std::string ParityDemo::json() const {
  const strategies::ParityStats s = stats();
  std::string halt;
  if (s.halted) {
    halt = ",\"halt_reason\":";
    hl::append_json_string(halt, s.halt_reason);
  }
  return fmt::format(
      "{{\"mispricings\":{},\"opportunities\":{},\"trades\":{},\"outcome_orders\":{},\"hedge_orders\":{},"
      "\"hedge_filled\":{},\"outcome_position\":{:.8f},\"hedge_position\":{:.8f},\"realised_usd\":{:.8f},"
      "\"marked_usd\":{:.8f},\"fees_usd\":{:.8f},\"halted\":{}{}}}",
      mispricings_, s.opportunities, s.outcome_filled, s.outcome_orders, s.hedge_orders, s.hedge_filled,
      static_cast<double>(s.outcome_position) / kSizeScale, static_cast<double>(s.hedge_position) / kSizeScale,
      s.realised_usd, s.marked_usd, s.fees_usd, s.halted ? "true" : "false",
      halt);
}

}  // namespace hlmm::app
