// Cycle-accurate driver of the Verilated RTL (rtl/hlmm_top.sv): AXI4-Stream in/out with optional
// input bubbles and output back-pressure, AXI4-Lite reads and writes, per-record latency in cycles,
// and an optional FST waveform. Used by VerilatedPipeline and by the differential tests.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "hlmm/records.hpp"

class Vhlmm_top;
class VerilatedContext;
class VerilatedFstC;

namespace hlmm::sim {

// The RTL's fixed latency L, in cycles from an accepted input beat to the record's first intent
// beat when the output is free (rtl/README.md, "Pipeline, II and latency"). The harness measures
// it on every record; the differential tests hold the measurement to this figure.
inline constexpr std::uint32_t kRtlLatencyCycles = 14;

struct HarnessOptions {
  std::uint64_t seed = 1;
  double input_bubble = 0.0;  // probability that a cycle offers no input beat
  double output_stall = 0.0;  // probability that m_axis_tready is low in a cycle
  std::string fst_path;       // non-empty: dump every cycle to this FST file
  // Every register and memory starts from a random value (seeded by `seed`) instead of 0 before
  // the reset: only what the reset clears may matter to the intents.
  bool random_initial_state = false;
};

class RtlHarness {
 public:
  explicit RtlHarness(const HarnessOptions& options = {});
  ~RtlHarness();
  RtlHarness(const RtlHarness&) = delete;
  RtlHarness& operator=(const RtlHarness&) = delete;

  void write32(std::uint32_t addr, std::uint32_t data);
  std::uint32_t read32(std::uint32_t addr);
  void write64(std::uint32_t addr, std::uint64_t data);
  std::uint64_t read64(std::uint32_t addr);
  // Writes `bytes` (a multiple of 4) as consecutive little-endian words from `addr`.
  void write_image(std::uint32_t addr, const void* bytes, std::size_t size);

  // Streams the records in and runs until the pipeline is idle, appending every intent.
  void run(std::span<const MarketEvent> events, std::vector<QuoteIntent>& out);

  // Cycles from an accepted input beat to the first intent beat of that record, for every
  // record that produced an intent since the last clear.
  const std::vector<std::uint32_t>& latencies() const { return latencies_; }
  void clear_latencies() { latencies_.clear(); }
  std::uint64_t cycles() const { return cycle_; }
  std::uint64_t input_beats() const { return input_beats_; }
  // Fewest cycles seen between two accepted input beats (1: back-to-back, II = 1); 0 before two.
  std::uint64_t min_input_gap() const { return min_input_gap_; }
  // Cycles in which an input beat was offered and not taken (s_axis_tready low): with the output
  // always ready, (input_beats + refused_offers) / input_beats over a stream is the II the
  // pipeline sustains, where min_input_gap only says two beats were once back to back.
  std::uint64_t refused_offers() const { return refused_offers_; }

 private:
  void tick();
  void collect_output(std::vector<QuoteIntent>& out);

  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Vhlmm_top> top_;
  std::unique_ptr<VerilatedFstC> trace_;
  HarnessOptions options_;
  std::mt19937_64 rng_;
  std::uniform_real_distribution<double> uniform_{0.0, 1.0};
  std::uint64_t cycle_ = 0;
  std::uint64_t input_beats_ = 0;
  std::uint64_t min_input_gap_ = 0;
  std::uint64_t refused_offers_ = 0;
  std::uint64_t last_input_cycle_ = UINT64_MAX;

  struct InFlight {
    std::uint8_t asset;
    std::uint32_t seq;
    std::uint64_t ts_ns;
    std::uint64_t accepted_cycle;
  };
  std::deque<InFlight> in_flight_;
  std::vector<std::uint32_t> latencies_;
};

}  // namespace hlmm::sim
