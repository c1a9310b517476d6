// The one interface every pipeline backend implements (sw, verilator, systemc, xrt). Host code
// and the backtester talk only to this; the conformance tests run against it per backend.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "hlmm/book.hpp"
#include "hlmm/kernel.hpp"

namespace hlmm::engine {

// Misuse of the interface by host code (bad slot, malformed table): a programming or
// configuration error, never a market-data condition. Bad records are reported as intents.
class PipelineError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Pipeline {
 public:
  virtual ~Pipeline() = default;

  virtual std::string_view backend() const = 0;

  // Control registers. Changes apply from the next record; a kill takes effect on the next
  // record of each asset (send a kTimer per asset to flush the cancels at once).
  virtual void configure(const GlobalConfig& global) = 0;
  virtual void configure_asset(std::uint8_t asset, const AssetConfig& config) = 0;
  virtual void set_global_kill(bool on) = 0;
  virtual void set_asset_kill(std::uint8_t asset, bool on) = 0;

  // Writes the asset's shadow bank (validated first), then `swap_table` makes it active with one
  // register write.
  virtual void load_table(std::uint8_t asset, const PolicyTable& table) = 0;
  virtual void swap_table(std::uint8_t asset) = 0;

  virtual void push(std::span<const MarketEvent> events) = 0;
  // Appends every intent produced so far to `out`; returns how many were appended.
  virtual std::size_t drain(std::vector<QuoteIntent>& out) = 0;

  virtual PipelineCounters counters() const = 0;
  virtual BookStats book_stats(std::uint8_t asset) const = 0;
  virtual Size position(std::uint8_t asset) const = 0;
};

// Throws PipelineError naming the first field that breaks the table format (policy_table.hpp).
void validate_policy_table(const PolicyTable& table);
// Throws PipelineError for a slot configuration no backend can run: a market type other than perp
// or spot (any other value would be priced as spot), or szDecimals too large for its market.
void validate_asset_config(const AssetConfig& config);

}  // namespace hlmm::engine
