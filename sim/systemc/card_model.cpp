// The card in SystemC (compiled as C++17): the Verilated RTL (Vhlmm_card_top, Verilator --sc)
// with its clock, reset, an AXI4-Lite master serving the host's register accesses, the AXI4-Stream
// ingress/egress of the record and intent DMA queues, and one PcieLinkTiming per direction.
//
// Processes:
//   clock_gen     the 300 MHz clock, evaluated only while the card has work (see below)
//   on_posedge    every rising edge: stream handshakes, AXI4-Lite master, ingress -> RTL, writeback
//   h2c_delivery  lands host -> card transfers in the ingress queue when the link says they arrive
//   c2h_dma       egress queue -> link, one TLP at a time, busy while the link serializes
//   c2h_delivery  lands card -> host transfers in host memory; pauses the kernel for the host
//
// The clock is gated in the model, not in the card: while the ingress queue is empty, no register
// access is under way and the RTL reports idle, no RTL state can change (rtl/ has no free-running
// counters), so skipping those edges changes nothing but simulation speed. Edges stay on the
// period grid, so cycle counts are (time difference) / period exactly.
#include "card_model.hpp"

#include <array>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>

#include <systemc>

#include "Vhlmm_card_top.h"
#include "verilated.h"

namespace hlmm::sim::card {

using sc_core::sc_time;
using sc_core::SC_PS;

namespace {

enum class IngressKind : std::uint8_t { kRecord, kWrite, kRead };

struct IngressItem {
  IngressKind kind;
  std::uint32_t addr;
  std::uint32_t data;
  MarketEvent record;
  std::uint64_t host_sent_ps;  // when the host posted the record
};

enum class EgressKind : std::uint8_t { kIntent, kReadData, kWriteback };

struct EgressItem {
  EgressKind kind;
  QuoteIntent intent;
  bool first_of_record;         // the first intent of its record: carries the record's latency
  std::uint64_t host_sent_ps;
  std::uint32_t pipeline_cycles;
  std::uint64_t value;          // read data, or records consumed (writeback)
};

template <typename T>
struct InFlight {
  std::uint64_t arrive_ps;
  std::vector<T> items;
};

constexpr std::size_t kIntentBytes = sizeof(QuoteIntent);
constexpr int kResetCycles = 3;
constexpr std::size_t kMaxInFlightRecords = 64;  // records awaiting their first intent

sc_time ps(std::uint64_t v) { return sc_time(static_cast<double>(v), SC_PS); }
std::uint64_t now_in_ps() { return static_cast<std::uint64_t>(sc_core::sc_time_stamp().value()); }

void validate(const CardOptions& o) {
  validate(o.pcie);
  if (!(o.clock_mhz >= 1.0) || o.clock_mhz > 2000.0) throw std::invalid_argument("card: clock must be within 1 .. 2000 MHz");
  if (o.ingress_queue < 1 || o.ingress_queue > (1u << 20)) throw std::invalid_argument("card: ingress queue must hold 1 .. 2^20 entries");
  if (o.egress_queue < 2 || o.egress_queue > (1u << 20)) throw std::invalid_argument("card: egress queue must hold 2 .. 2^20 intents");
  if (!(o.output_stall >= 0.0) || o.output_stall >= 1.0) throw std::invalid_argument("card: output stall must be within [0, 1)");
}

}  // namespace

struct CardModel::Impl : sc_core::sc_module {
  SC_HAS_PROCESS(Impl);

  explicit Impl(sc_core::sc_module_name name)
      : sc_core::sc_module(name),
        clk("clk"), rst_n("rst_n"), s_tdata("s_tdata"), s_tvalid("s_tvalid"), s_tready("s_tready"),
        m_tdata("m_tdata"), m_tvalid("m_tvalid"), m_tready("m_tready"), awaddr("awaddr"), awvalid("awvalid"),
        awready("awready"), wdata("wdata"), wstrb("wstrb"), wvalid("wvalid"), wready("wready"), bresp("bresp"),
        bvalid("bvalid"), bready("bready"), araddr("araddr"), arvalid("arvalid"), arready("arready"), rdata("rdata"),
        rresp("rresp"), rvalid("rvalid"), rready("rready"), idle("idle"), rtl("rtl") {
    rtl.clk_i(clk);
    rtl.rst_ni(rst_n);
    rtl.s_axis_tdata_i(s_tdata);
    rtl.s_axis_tvalid_i(s_tvalid);
    rtl.s_axis_tready_o(s_tready);
    rtl.m_axis_tdata_o(m_tdata);
    rtl.m_axis_tvalid_o(m_tvalid);
    rtl.m_axis_tready_i(m_tready);
    rtl.s_axil_awaddr_i(awaddr);
    rtl.s_axil_awvalid_i(awvalid);
    rtl.s_axil_awready_o(awready);
    rtl.s_axil_wdata_i(wdata);
    rtl.s_axil_wstrb_i(wstrb);
    rtl.s_axil_wvalid_i(wvalid);
    rtl.s_axil_wready_o(wready);
    rtl.s_axil_bresp_o(bresp);
    rtl.s_axil_bvalid_o(bvalid);
    rtl.s_axil_bready_i(bready);
    rtl.s_axil_araddr_i(araddr);
    rtl.s_axil_arvalid_i(arvalid);
    rtl.s_axil_arready_o(arready);
    rtl.s_axil_rdata_o(rdata);
    rtl.s_axil_rresp_o(rresp);
    rtl.s_axil_rvalid_o(rvalid);
    rtl.s_axil_rready_i(rready);
    rtl.idle_o(idle);

    SC_THREAD(clock_gen);
    SC_METHOD(on_posedge);
    sensitive << clk.posedge_event();
    dont_initialize();
    SC_THREAD(h2c_delivery);
    SC_THREAD(c2h_dma);
    SC_THREAD(c2h_delivery);
  }

  // ---- signals -------------------------------------------------------------------------------
  sc_core::sc_signal<bool> clk, rst_n;
  sc_core::sc_signal<sc_dt::sc_bv<256>> s_tdata;
  sc_core::sc_signal<bool> s_tvalid, s_tready;
  sc_core::sc_signal<sc_dt::sc_bv<256>> m_tdata;
  sc_core::sc_signal<bool> m_tvalid, m_tready;
  sc_core::sc_signal<std::uint32_t> awaddr;
  sc_core::sc_signal<bool> awvalid, awready;
  sc_core::sc_signal<std::uint32_t> wdata, wstrb;
  sc_core::sc_signal<bool> wvalid, wready;
  sc_core::sc_signal<std::uint32_t> bresp;
  sc_core::sc_signal<bool> bvalid, bready;
  sc_core::sc_signal<std::uint32_t> araddr;
  sc_core::sc_signal<bool> arvalid, arready;
  sc_core::sc_signal<std::uint32_t> rdata, rresp;
  sc_core::sc_signal<bool> rvalid, rready, idle;
  Vhlmm_card_top rtl;

  // ---- configuration and state ---------------------------------------------------------------
  CardOptions options;
  std::uint64_t period_ps = 3333;
  PcieLinkTiming h2c_link, c2h_link;
  std::mt19937_64 rng{1};
  std::uniform_real_distribution<double> uniform{0.0, 1.0};

  sc_core::sc_event wake;             // work for the clock
  sc_core::sc_event h2c_posted, c2h_posted, egress_added, ingress_space;
  std::deque<InFlight<IngressItem>> h2c_in_flight;
  std::deque<InFlight<EgressItem>> c2h_in_flight;
  std::deque<IngressItem> ingress;
  std::deque<EgressItem> egress;

  int reset_cycles = kResetCycles;
  bool beat_valid = false;
  IngressItem beat{};
  enum class Axil : std::uint8_t { kIdle, kWriteAddr, kWriteResp, kReadAddr, kReadData } axil = Axil::kIdle;
  std::uint64_t accepted = 0;       // input beats taken by the RTL since reset
  std::uint64_t written_back = 0;   // accepted count in the last writeback
  std::uint64_t refused = 0;        // cycles a beat was offered with s_axis_tready low
  std::uint64_t active_cycles = 0;
  std::uint64_t last_beat_ps = UINT64_MAX;
  std::uint64_t min_gap = 0;
  struct Pending {
    std::uint8_t asset;
    std::uint32_t seq;
    std::uint64_t ts_ns;
    std::uint64_t accepted_ps;
    std::uint64_t host_sent_ps;
    bool first_seen;
  };
  std::deque<Pending> pending;

  // ---- host memory ---------------------------------------------------------------------------
  std::vector<QuoteIntent> host_intents;
  std::vector<RecordLatency> latencies;
  std::uint64_t host_records_posted = 0;
  std::uint64_t host_consumed = 0;
  bool read_done = false;
  std::uint32_t read_value = 0;
  bool open = false;

  // ---- processes -------------------------------------------------------------------------------
  bool busy() const {
    return reset_cycles > 0 || beat_valid || !ingress.empty() || axil != Axil::kIdle || !idle.read() ||
           accepted != written_back;
  }

  void clock_gen() {
    clk.write(false);
    for (;;) {
      if (!busy()) {
        sc_core::wait(wake);
        continue;
      }
      const std::uint64_t t = now_in_ps();
      const std::uint64_t edge = (t + period_ps - 1) / period_ps * period_ps;
      if (edge > t) sc_core::wait(ps(edge - t));
      clk.write(true);
      sc_core::wait(ps(period_ps / 2));
      clk.write(false);
      sc_core::wait(ps(period_ps - period_ps / 2));
    }
  }

  static void to_bits(const void* record, sc_dt::sc_bv<256>& bits) {
    std::uint32_t words[8];
    std::memcpy(words, record, sizeof(words));
    for (int i = 0; i < 8; ++i) bits.set_word(i, words[i]);
  }

  void capture_intent(std::uint64_t t) {
    const sc_dt::sc_bv<256> bits = m_tdata.read();
    std::uint32_t words[8];
    for (int i = 0; i < 8; ++i) words[i] = static_cast<std::uint32_t>(bits.get_word(i));
    EgressItem e{};
    e.kind = EgressKind::kIntent;
    std::memcpy(&e.intent, words, sizeof(e.intent));
    // Intents leave in record order; records that produced nothing are passed over.
    while (!pending.empty()) {
      Pending& p = pending.front();
      if (p.asset == e.intent.asset && p.seq == e.intent.seq && p.ts_ns == e.intent.ts_ns) {
        if (!p.first_seen) {
          p.first_seen = true;
          e.first_of_record = true;
          e.host_sent_ps = p.host_sent_ps;
          e.pipeline_cycles = static_cast<std::uint32_t>((t - p.accepted_ps) / period_ps);
        }
        break;
      }
      pending.pop_front();
    }
    egress.push_back(e);
    egress_added.notify(sc_core::SC_ZERO_TIME);
  }

  void on_posedge() {
    ++active_cycles;
    const std::uint64_t t = now_in_ps();
    if (reset_cycles > 0) {
      if (--reset_cycles == 0) rst_n.write(true);
      return;
    }
    // Handshakes, as sampled at this edge.
    const bool in_fire = s_tvalid.read() && s_tready.read();
    if (s_tvalid.read() && !s_tready.read()) ++refused;
    if (in_fire) {
      pending.push_back({beat.record.asset, beat.record.seq, beat.record.ts_ns, t, beat.host_sent_ps, false});
      if (pending.size() > kMaxInFlightRecords) pending.pop_front();
      if (last_beat_ps != UINT64_MAX) {
        const std::uint64_t gap = (t - last_beat_ps) / period_ps;
        if (min_gap == 0 || gap < min_gap) min_gap = gap;
      }
      last_beat_ps = t;
      beat_valid = false;
      ++accepted;
    }
    if (m_tvalid.read() && m_tready.read()) capture_intent(t);
    switch (axil) {
      case Axil::kIdle:
        break;
      case Axil::kWriteAddr:
        if (awready.read() && wready.read()) {
          awvalid.write(false);
          wvalid.write(false);
          axil = Axil::kWriteResp;
        }
        break;
      case Axil::kWriteResp:
        if (bvalid.read()) axil = Axil::kIdle;  // BREADY is held high
        break;
      case Axil::kReadAddr:
        if (arready.read()) {
          arvalid.write(false);
          axil = Axil::kReadData;
        }
        break;
      case Axil::kReadData:
        if (rvalid.read()) {  // RREADY is held high
          EgressItem e{};
          e.kind = EgressKind::kReadData;
          e.value = rdata.read();
          egress.push_back(e);
          egress_added.notify(sc_core::SC_ZERO_TIME);
          axil = Axil::kIdle;
        }
        break;
    }
    // The next ingress entry, in arrival order: a record waits for earlier register accesses and
    // a register access for earlier records to enter the RTL (PCIe ordering, kept on the card).
    if (axil == Axil::kIdle && !beat_valid && !ingress.empty()) {
      const IngressItem item = ingress.front();
      ingress.pop_front();
      ingress_space.notify(sc_core::SC_ZERO_TIME);
      switch (item.kind) {
        case IngressKind::kRecord: {
          beat = item;
          beat_valid = true;
          sc_dt::sc_bv<256> bits;
          to_bits(&item.record, bits);
          s_tdata.write(bits);
          break;
        }
        case IngressKind::kWrite:
          awaddr.write(item.addr);
          wdata.write(item.data);
          awvalid.write(true);
          wvalid.write(true);
          axil = Axil::kWriteAddr;
          break;
        case IngressKind::kRead:
          araddr.write(item.addr);
          arvalid.write(true);
          axil = Axil::kReadAddr;
          break;
      }
    }
    s_tvalid.write(beat_valid);
    m_tready.write(egress.size() < options.egress_queue && !(options.output_stall > 0 && uniform(rng) < options.output_stall));
    // Writeback of the consumed-record count once the RTL has drained everything it took (its
    // intents are ahead of the writeback in the egress queue and on the link).
    const bool records_ahead = !ingress.empty() && ingress.front().kind == IngressKind::kRecord;
    if (accepted != written_back && !in_fire && !beat_valid && !records_ahead && idle.read()) {
      EgressItem e{};
      e.kind = EgressKind::kWriteback;
      e.value = accepted;
      egress.push_back(e);
      egress_added.notify(sc_core::SC_ZERO_TIME);
      written_back = accepted;
    }
  }

  void h2c_delivery() {
    for (;;) {
      if (h2c_in_flight.empty()) {
        sc_core::wait(h2c_posted);
        continue;
      }
      const std::uint64_t t = now_in_ps();
      if (h2c_in_flight.front().arrive_ps > t) {
        sc_core::wait(ps(h2c_in_flight.front().arrive_ps - t));
        continue;
      }
      InFlight<IngressItem> transfer = std::move(h2c_in_flight.front());
      h2c_in_flight.pop_front();
      for (const IngressItem& item : transfer.items) {
        // A full ingress queue withholds flow-control credits: the link stalls until there is room.
        while (ingress.size() >= options.ingress_queue) sc_core::wait(ingress_space);
        ingress.push_back(item);
        wake.notify(sc_core::SC_ZERO_TIME);
      }
    }
  }

  void c2h_dma() {
    const std::size_t per_tlp = std::max<std::size_t>(1, options.pcie.max_payload_bytes / kIntentBytes);
    for (;;) {
      if (egress.empty()) {
        sc_core::wait(egress_added);
        continue;
      }
      InFlight<EgressItem> transfer;
      std::uint64_t payload = 0;
      bool descriptor = true;
      if (egress.front().kind == EgressKind::kIntent) {
        // Whatever intents are ready, up to one TLP: nothing waits for a TLP to fill.
        while (!egress.empty() && egress.front().kind == EgressKind::kIntent && transfer.items.size() < per_tlp) {
          transfer.items.push_back(egress.front());
          egress.pop_front();
        }
        payload = transfer.items.size() * kIntentBytes;
      } else {
        transfer.items.push_back(egress.front());
        egress.pop_front();
        // A read completion carries 4 bytes, not a DMA descriptor; the writeback is an 8-byte DMA write.
        descriptor = transfer.items.front().kind == EgressKind::kWriteback;
        payload = descriptor ? 8 : 4;
      }
      const std::uint64_t t = now_in_ps();
      transfer.arrive_ps = c2h_link.send(t, payload, descriptor);
      c2h_in_flight.push_back(std::move(transfer));
      c2h_posted.notify(sc_core::SC_ZERO_TIME);
      // The DMA engine hands the link one transfer at a time.
      if (c2h_link.free_at_ps() > t) sc_core::wait(ps(c2h_link.free_at_ps() - t));
    }
  }

  void c2h_delivery() {
    for (;;) {
      if (c2h_in_flight.empty()) {
        sc_core::wait(c2h_posted);
        continue;
      }
      const std::uint64_t t = now_in_ps();
      if (c2h_in_flight.front().arrive_ps > t) {
        sc_core::wait(ps(c2h_in_flight.front().arrive_ps - t));
        continue;
      }
      InFlight<EgressItem> transfer = std::move(c2h_in_flight.front());
      c2h_in_flight.pop_front();
      for (const EgressItem& e : transfer.items) {
        switch (e.kind) {
          case EgressKind::kIntent:
            host_intents.push_back(e.intent);
            if (e.first_of_record) latencies.push_back({t - e.host_sent_ps, e.pipeline_cycles});
            break;
          case EgressKind::kReadData:
            read_value = static_cast<std::uint32_t>(e.value);
            read_done = true;
            break;
          case EgressKind::kWriteback:
            host_consumed = e.value;
            break;
        }
      }
      sc_core::sc_pause();  // let the host look at its memory
    }
  }

  // ---- host side (outside the kernel, between sc_start calls) ----------------------------------
  void post(std::vector<IngressItem> items, std::uint64_t payload, bool descriptor) {
    const std::uint64_t arrive = h2c_link.send(now_in_ps(), payload, descriptor);
    h2c_in_flight.push_back({arrive, std::move(items)});
    h2c_posted.notify(sc_core::SC_ZERO_TIME);
  }

  void run_until(const std::function<bool()>& done, const char* what) {
    while (!done()) {
      start();
      if (!done() && !sc_core::sc_pending_activity()) {
        throw std::runtime_error(std::string("systemc card: stalled waiting for ") + what);
      }
    }
  }

  void reset(const CardOptions& o) {
    // Let anything still moving from the previous user land first.
    while (sc_core::sc_pending_activity()) start();
    options = o;
    period_ps = static_cast<std::uint64_t>(std::llround(1e6 / o.clock_mhz));
    h2c_link.reconfigure(o.pcie);
    c2h_link.reconfigure(o.pcie);
    rng.seed(o.seed);
    ingress.clear();
    egress.clear();
    pending.clear();
    beat_valid = false;
    axil = Axil::kIdle;
    accepted = written_back = refused = 0;
    active_cycles = 0;
    last_beat_ps = UINT64_MAX;
    min_gap = 0;
    host_intents.clear();
    latencies.clear();
    host_records_posted = host_consumed = 0;
    read_done = false;
    s_tvalid.write(false);
    m_tready.write(false);
    awvalid.write(false);
    wvalid.write(false);
    arvalid.write(false);
    wstrb.write(0xF);
    bready.write(true);
    rready.write(true);
    rst_n.write(false);
    reset_cycles = kResetCycles;
    wake.notify(sc_core::SC_ZERO_TIME);
    run_until([this] { return reset_cycles == 0; }, "reset");
  }

  // The machine's cards, elaborated together on first use and never destroyed: SystemC cannot
  // add modules once simulation has started, nor tear a design down and start again. Idle cards
  // cost nothing (their clocks are gated), and all share the one simulated time, as cards in one
  // machine do.
  static constexpr std::size_t kCards = 4;
  static VerilatedContext*& context() {
    static VerilatedContext* c = nullptr;
    return c;
  }
  static void start() {
    Verilated::threadContextp(context());
    sc_core::sc_start();
  }
  static std::array<Impl*, kCards>& cards() {
    static std::array<Impl*, kCards> all = [] {
      // SystemC prints a banner on stdout at elaboration: it would corrupt `--json` output.
      ::setenv("SC_COPYRIGHT_MESSAGE", "DISABLE", 0);
      // The cards' own Verilator context, never destroyed. The constructor makes it the thread's
      // current one, which the --sc models bind to; start() re-selects it because the C++ model's
      // harness (the verilator backend) selects and later destroys its own.
      context() = new VerilatedContext;
      context()->randReset(0);  // every register starts at 0 before reset, as in the C++ harness
      std::array<Impl*, kCards> made{};
      for (std::size_t i = 0; i < kCards; ++i) made[i] = new Impl(("hlmm_card" + std::to_string(i)).c_str());
      sc_core::sc_start(sc_core::SC_ZERO_TIME);  // ends elaboration
      return made;
    }();
    return all;
  }
};

CardModel::CardModel(const CardOptions& options) {
  validate(options);
  Impl* card = nullptr;
  for (Impl* c : Impl::cards()) {
    if (!c->open) {
      card = c;
      break;
    }
  }
  if (card == nullptr) {
    throw std::runtime_error("systemc card: all " + std::to_string(Impl::kCards) + " simulated cards are open in this process");
  }
  card->reset(options);
  card->open = true;
  impl_ = card;
}

CardModel::~CardModel() { impl_->open = false; }

void CardModel::mmio_write32(std::uint32_t addr, std::uint32_t data) {
  impl_->post({IngressItem{IngressKind::kWrite, addr, data, {}, 0}}, 4, false);
}

std::uint32_t CardModel::mmio_read32(std::uint32_t addr) {
  impl_->read_done = false;
  impl_->post({IngressItem{IngressKind::kRead, addr, 0, {}, 0}}, 0, false);
  impl_->run_until([this] { return impl_->read_done; }, "a register read completion");
  return impl_->read_value;
}

std::size_t CardModel::stream(const MarketEvent* events, std::size_t count, std::vector<QuoteIntent>& out) {
  if (count == 0) return 0;
  Impl& c = *impl_;
  const std::uint64_t sent = now_in_ps();
  // One DMA transfer: records land TLP by TLP, so the first record does not wait for the last.
  const std::size_t per_tlp = std::max<std::size_t>(1, c.options.pcie.max_payload_bytes / sizeof(MarketEvent));
  for (std::size_t i = 0; i < count; i += per_tlp) {
    const std::size_t n = std::min(per_tlp, count - i);
    std::vector<IngressItem> items(n);
    for (std::size_t k = 0; k < n; ++k) items[k] = {IngressKind::kRecord, 0, 0, events[i + k], sent};
    c.post(std::move(items), n * sizeof(MarketEvent), i == 0);
  }
  c.host_records_posted += count;
  const std::uint64_t target = c.host_records_posted;
  c.run_until([&c, target] { return c.host_consumed >= target; }, "the card's writeback");
  const std::size_t n = c.host_intents.size();
  out.insert(out.end(), c.host_intents.begin(), c.host_intents.end());
  c.host_intents.clear();
  return n;
}

const CardOptions& CardModel::options() const { return impl_->options; }
std::uint64_t CardModel::clock_period_ps() const { return impl_->period_ps; }
std::uint64_t CardModel::now_ps() const { return now_in_ps(); }
std::uint64_t CardModel::active_cycles() const { return impl_->active_cycles; }
std::uint64_t CardModel::min_input_gap() const { return impl_->min_gap; }
std::uint64_t CardModel::input_beats() const { return impl_->accepted; }
std::uint64_t CardModel::refused_offers() const { return impl_->refused; }
const std::vector<RecordLatency>& CardModel::latencies() const { return impl_->latencies; }
void CardModel::clear_latencies() { impl_->latencies.clear(); }

}  // namespace hlmm::sim::card
