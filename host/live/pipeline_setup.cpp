#include "live/pipeline_setup.hpp"

#include <cctype>

#include "policy/named_policies.hpp"
#include "policy/policy_surface.hpp"
#include "policy/presets.hpp"

namespace hlmm::live {

std::vector<LoadedTable> configure_pipeline(engine::Pipeline& pipeline, const hl::AssetDirectory& directory,
                                            const PipelineSetup& setup) {
  std::vector<LoadedTable> loaded;
  if (setup.funding_target) {
    if (setup.policy != "inventory") {
      throw engine::PipelineError("a [strategy] funding target applies to the inventory policy; " + setup.policy +
                                  " takes its funding lean from its own solver");
    }
    if (auto bad = strategies::funding_target_error(*setup.funding_target)) throw engine::PipelineError("[strategy] " + *bad);
  }
  GlobalConfig g{};
  g.max_open_orders = static_cast<std::uint16_t>(2 * setup.coins.size());
  g.rate_interval_ns = 50'000'000;  // 20 quote changes per second on average, bursts of 10
  g.rate_tolerance_ns = 9 * g.rate_interval_ns;
  pipeline.configure(g);
  for (const std::string& coin : setup.coins) {
    const hl::AssetInfo* a = directory.find(coin);
    if (a == nullptr || !a->slot) throw engine::PipelineError(coin + " is not a traded coin of the venue's meta");
    std::string name = coin;
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto preset = policy::find_preset(name);
    if (!preset) throw engine::PipelineError("no preset for " + coin + " (eth, btc, sol)");
    const policy::InventoryOverrides overrides =
        setup.funding_target ? strategies::inventory_overrides(*setup.funding_target, *preset) : policy::InventoryOverrides{};
    auto solved = policy::solve_named_policy(setup.policy, *preset, overrides);
    if (!solved.ok()) throw engine::PipelineError(setup.policy + " for " + coin + ": " + solved.error().message);
    const auto lot = static_cast<Size>(pow10_i64(kSizeDecimals - a->sz_decimals));
    auto table = policy::encode_policy_table(solved.value().surface, policy::EncodeOptions{setup.table_t0_ns, lot});
    if (!table.ok()) throw engine::PipelineError("policy table for " + coin + ": " + table.error().message);
    AssetConfig ac{};
    ac.enabled = 1;
    ac.sz_decimals = a->sz_decimals;
    ac.market = MarketType::kPerp;
    ac.use_microprice = 0;
    ac.refresh_tolerance_ticks = 2;   // re-quote when the price moved two ticks
    ac.price_band_bps = 200;
    ac.depth_band_bps = 50;
    ac.refresh_interval_ns = 0;
    ac.fill_cooldown_ns = 200'000'000;
    ac.stale_book_ns = setup.stale_book_ms * 1'000'000;
    ac.position_limit = static_cast<Size>(preset->limit * static_cast<double>(kSizeScale));
    ac.notional_cap = 0;
    pipeline.configure_asset(*a->slot, ac);
    pipeline.load_table(*a->slot, table.value());
    pipeline.swap_table(*a->slot);
    loaded.push_back(LoadedTable{coin, setup.policy, ac.position_limit, table.value()});
  }
  return loaded;
}

}  // namespace hlmm::live
