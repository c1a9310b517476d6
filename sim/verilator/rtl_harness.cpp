#include "rtl_harness.hpp"

#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

#include <unistd.h>

#include "Vhlmm_top.h"
#include "verilated.h"
#include "verilated_fst_c.h"
#if HLMM_RTL_COVERAGE
#include "verilated_cov.h"
#endif

namespace hlmm::sim {

namespace {

// A write or read that never completes means the RTL is broken; stop instead of hanging.
constexpr int kAxiTimeoutCycles = 64;
// Cycles a run may go without progress before the harness declares the pipeline stuck.
constexpr std::uint64_t kStuckCycles = 100'000;

}  // namespace

RtlHarness::RtlHarness(const HarnessOptions& options)
    : ctx_(std::make_unique<VerilatedContext>()), options_(options), rng_(options.seed) {
  if (options_.random_initial_state) {
    ctx_->randReset(2);
    ctx_->randSeed(static_cast<int>(options_.seed & 0x7FFF'FFFF));
  } else {
    ctx_->randReset(0);  // deterministic: every register starts at 0 before reset
  }
  if (!options_.fst_path.empty()) ctx_->traceEverOn(true);
  top_ = std::make_unique<Vhlmm_top>(ctx_.get(), "hlmm_top");
  if (!options_.fst_path.empty()) {
    trace_ = std::make_unique<VerilatedFstC>();
    top_->trace(trace_.get(), 99);
    trace_->open(options_.fst_path.c_str());
  }
  top_->rst_ni = 0;
  top_->s_axis_tvalid_i = 0;
  top_->m_axis_tready_i = 0;
  top_->s_axil_awvalid_i = 0;
  top_->s_axil_wvalid_i = 0;
  top_->s_axil_bready_i = 0;
  top_->s_axil_arvalid_i = 0;
  top_->s_axil_rready_i = 0;
  top_->clk_i = 0;
  top_->eval();
  tick();
  tick();
  top_->rst_ni = 1;
  tick();
}

RtlHarness::~RtlHarness() {
  if (trace_) trace_->close();
  top_->final();
#if HLMM_RTL_COVERAGE
  // One file per model instance (each has its own counters); scripts/rtl-coverage merges them.
  static int instance = 0;
  const char* dir = std::getenv("HLMM_RTL_COVERAGE_DIR");
  const std::string path = std::string(dir != nullptr ? dir : ".") + "/coverage_" + std::to_string(::getpid()) + "_" +
                           std::to_string(instance++) + ".dat";
  ctx_->coveragep()->write(path.c_str());
#endif
}

void RtlHarness::tick() {
  top_->clk_i = 0;
  top_->eval();
  if (trace_) trace_->dump(static_cast<std::uint64_t>(cycle_ * 2));
  top_->clk_i = 1;
  top_->eval();
  if (trace_) trace_->dump(static_cast<std::uint64_t>(cycle_ * 2 + 1));
  ++cycle_;
}

void RtlHarness::write32(std::uint32_t addr, std::uint32_t data) {
  top_->s_axil_awaddr_i = addr;
  top_->s_axil_wdata_i = data;
  top_->s_axil_wstrb_i = 0xF;
  top_->s_axil_awvalid_i = 1;
  top_->s_axil_wvalid_i = 1;
  top_->s_axil_bready_i = 1;
  int waited = 0;
  for (;;) {
    top_->clk_i = 0;
    top_->eval();
    const bool fire = top_->s_axil_awready_o && top_->s_axil_wready_o;
    tick();
    if (fire) break;
    if (++waited > kAxiTimeoutCycles) throw std::runtime_error("AXI4-Lite write: no AWREADY/WREADY");
  }
  top_->s_axil_awvalid_i = 0;
  top_->s_axil_wvalid_i = 0;
  for (waited = 0; !top_->s_axil_bvalid_o; ++waited) {
    if (waited > kAxiTimeoutCycles) throw std::runtime_error("AXI4-Lite write: no BVALID");
    tick();
  }
  tick();  // BVALID && BREADY: response taken
  top_->s_axil_bready_i = 0;
}

std::uint32_t RtlHarness::read32(std::uint32_t addr) {
  top_->s_axil_araddr_i = addr;
  top_->s_axil_arvalid_i = 1;
  top_->s_axil_rready_i = 0;
  int waited = 0;
  for (;;) {
    top_->clk_i = 0;
    top_->eval();
    const bool fire = top_->s_axil_arready_o;
    tick();
    if (fire) break;
    if (++waited > kAxiTimeoutCycles) throw std::runtime_error("AXI4-Lite read: no ARREADY");
  }
  top_->s_axil_arvalid_i = 0;
  for (waited = 0; !top_->s_axil_rvalid_o; ++waited) {
    if (waited > kAxiTimeoutCycles) throw std::runtime_error("AXI4-Lite read: no RVALID");
    tick();
  }
  const std::uint32_t data = top_->s_axil_rdata_o;
  top_->s_axil_rready_i = 1;
  tick();
  top_->s_axil_rready_i = 0;
  return data;
}

void RtlHarness::write64(std::uint32_t addr, std::uint64_t data) {
  write32(addr, static_cast<std::uint32_t>(data));
  write32(addr + 4, static_cast<std::uint32_t>(data >> 32));
}

std::uint64_t RtlHarness::read64(std::uint32_t addr) {
  const std::uint64_t lo = read32(addr);
  const std::uint64_t hi = read32(addr + 4);
  return lo | (hi << 32);
}

void RtlHarness::write_image(std::uint32_t addr, const void* bytes, std::size_t size) {
  const auto* p = static_cast<const unsigned char*>(bytes);
  for (std::size_t off = 0; off + 4 <= size; off += 4) {
    std::uint32_t word = 0;
    std::memcpy(&word, p + off, 4);
    write32(addr + static_cast<std::uint32_t>(off), word);
  }
}

void RtlHarness::collect_output(std::vector<QuoteIntent>& out) {
  QuoteIntent q{};
  static_assert(sizeof(q) == 32);
  std::memcpy(&q, top_->m_axis_tdata_o.data(), sizeof(q));
  out.push_back(q);
  // Intents leave in record order; a record that produced nothing is passed over.
  while (!in_flight_.empty()) {
    const InFlight& f = in_flight_.front();
    if (f.asset == q.asset && f.seq == q.seq && f.ts_ns == q.ts_ns) {
      if (f.accepted_cycle != UINT64_MAX) {
        latencies_.push_back(static_cast<std::uint32_t>(cycle_ - f.accepted_cycle));
        in_flight_.front().accepted_cycle = UINT64_MAX;  // later intents of the record: not first
      }
      break;
    }
    in_flight_.pop_front();
  }
}

void RtlHarness::run(std::span<const MarketEvent> events, std::vector<QuoteIntent>& out) {
  std::size_t next = 0;
  std::uint64_t last_progress = cycle_;
  while (next < events.size() || !top_->idle_o) {
    const bool offer = next < events.size() && !(options_.input_bubble > 0 && uniform_(rng_) < options_.input_bubble);
    top_->s_axis_tvalid_i = offer;
    if (offer) std::memcpy(top_->s_axis_tdata_i.data(), &events[next], sizeof(MarketEvent));
    top_->m_axis_tready_i = !(options_.output_stall > 0 && uniform_(rng_) < options_.output_stall);
    top_->clk_i = 0;
    top_->eval();
    const bool in_fire = offer && top_->s_axis_tready_o;
    const bool out_fire = top_->m_axis_tvalid_o && top_->m_axis_tready_i;
    if (out_fire) collect_output(out);
    if (offer && !in_fire) ++refused_offers_;
    if (in_fire) {
      const MarketEvent& e = events[next];
      in_flight_.push_back({e.asset, e.seq, e.ts_ns, cycle_});
      if (last_input_cycle_ != UINT64_MAX) {
        const std::uint64_t gap = cycle_ - last_input_cycle_;
        if (min_input_gap_ == 0 || gap < min_input_gap_) min_input_gap_ = gap;
      }
      last_input_cycle_ = cycle_;
      if (in_flight_.size() > 64) in_flight_.pop_front();  // records that produced no intent
      ++next;
      ++input_beats_;
    }
    if (in_fire || out_fire) last_progress = cycle_;
    tick();
    if (cycle_ - last_progress > kStuckCycles) throw std::runtime_error("RTL pipeline made no progress");
  }
  top_->s_axis_tvalid_i = 0;
  in_flight_.clear();
}

}  // namespace hlmm::sim
