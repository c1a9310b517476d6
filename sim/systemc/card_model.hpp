// The SystemC model of the card, seen from the host: plain C++ (no SystemC in this header, valid as
// C++17 and C++20), so C++20 code such as SystemcPipeline can use it while card_model.cpp and the
// Verilated --sc model are compiled as C++17 (Debian's libsystemc is a C++17 build).
//
// What the host sees, in simulated time:
//  - mmio_write32: a posted write to the card's BAR (AXI4-Lite register file); returns at once.
//  - mmio_read32: a non-posted read; returns after the round trip (request, AXI4-Lite read,
//    completion).
//  - stream: records posted to the card's ingress (H2C) queue; the card streams them through the
//    RTL, DMA-writes every intent into host memory (C2H) and then a writeback of the records it
//    consumed; stream returns when that writeback has landed, with the intents in order.
// Both link directions obey PCIe ordering (writes and completions do not pass earlier writes),
// so a register write posted before a stream is applied before its first record enters the RTL.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "hlmm/records.hpp"
#include "pcie_link.hpp"

namespace hlmm::sim::card {

struct CardOptions {
  PcieLinkConfig pcie;                 // both directions
  double clock_mhz = 300.0;            // the RTL's target clock (rtl/README.md)
  std::uint32_t ingress_queue = 256;   // entries (records or register accesses) the card buffers
  std::uint32_t egress_queue = 256;    // intents the C2H DMA buffers before back-pressuring the RTL
  double output_stall = 0.0;           // probability the card holds m_axis_tready low in a cycle
  std::uint64_t seed = 1;              // of the stall pattern
};

// One record that produced intents: host-observed tick-to-quote (record posted by the host ->
// its first intent in host memory) and the RTL's share (input beat -> first intent beat).
struct RecordLatency {
  std::uint64_t tick_to_quote_ps;
  std::uint32_t pipeline_cycles;
};

class CardModel {
 public:
  // Opens a free card of the simulated machine and resets it. SystemC elaborates once per process,
  // so the machine has a fixed number of cards (4, elaborated on first use); opening a fifth while
  // four are open throws std::runtime_error. A closed card is reused (reset, new options). All
  // cards share the one simulated time. Bad options throw std::invalid_argument.
  explicit CardModel(const CardOptions& options = {});
  ~CardModel();
  CardModel(const CardModel&) = delete;
  CardModel& operator=(const CardModel&) = delete;

  void mmio_write32(std::uint32_t addr, std::uint32_t data);
  std::uint32_t mmio_read32(std::uint32_t addr);
  // Appends the intents of `count` records to `out`; returns how many were appended.
  std::size_t stream(const MarketEvent* events, std::size_t count, std::vector<QuoteIntent>& out);

  const CardOptions& options() const;
  std::uint64_t clock_period_ps() const;
  std::uint64_t now_ps() const;  // the host's simulated time
  // Card clock cycles in which the card did work (the clock is not evaluated while it is idle).
  std::uint64_t active_cycles() const;
  // Fewest cycles between two accepted input beats (1: II = 1); 0 before two beats.
  std::uint64_t min_input_gap() const;
  // Input beats the RTL accepted, and cycles in which the card offered a beat the RTL refused
  // (s_axis_tready low), since reset: with the output drained, (beats + refused) / beats over a
  // stretch is the II the RTL sustained inside the card.
  std::uint64_t input_beats() const;
  std::uint64_t refused_offers() const;

  const std::vector<RecordLatency>& latencies() const;
  void clear_latencies();

 private:
  struct Impl;
  Impl* impl_;  // one of the process's elaborated cards (SystemC modules are never destroyed)
};

}  // namespace hlmm::sim::card
