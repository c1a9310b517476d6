// The pipeline as the card runs it: AXI4-Stream MarketEvent beats in, QuoteIntent beats out, an
// AXI4-Lite control port (registers, policy-table memory, state readback; docs/register-map.md).
//
//   in beat -> s0 (input register) -> book (1) -> quote (10) -> risk.check (1) -> risk.settle (1)
//           -> output FIFO -> out beat
//
// One record per clock. A record may produce two intents but the output stream carries one beat
// per clock, so the input is admitted on credit: s_axis_tready is high only while the FIFO has
// room for two intents of every record in flight plus the next one. The stages therefore never
// stall and the latency from an accepted input beat to its first intent beat is fixed at L = 14
// cycles whenever the output is not back-pressured (rtl/README.md).
//
// Control writes take effect on the records that reach a stage after the write; the host keeps
// the pipeline idle (status bit 0) while it changes registers or swaps a table, which is what
// "changes apply from the next record" of the Pipeline interface means.
module hlmm_top #(
  parameter int N = 16,   // HLMM_BOOK_LEVELS
  parameter int M = 32,   // HLMM_MAX_ASSETS
  // Output FIFO entries, a power of two >= 4. It must hold two intents of every record in flight
  // and the next one's, 2 (L + 2) = 32 at L = 14, for one record per clock; measured, 32 still
  // refuses a few offers (70 in 20 000 records) and 64 none. A smaller FIFO is still correct but
  // admits fewer records (rtl/README.md, "Pipeline, II and latency").
  parameter int FIFO_DEPTH = 64
) (
  input  logic clk_i,
  input  logic rst_ni,
  // AXI4-Stream: MarketEvent
  input  logic [255:0] s_axis_tdata_i,
  input  logic s_axis_tvalid_i,
  output logic s_axis_tready_o,
  // AXI4-Stream: QuoteIntent
  output logic [255:0] m_axis_tdata_o,
  output logic m_axis_tvalid_o,
  input  logic m_axis_tready_i,
  // AXI4-Lite control
  input  logic [31:0] s_axil_awaddr_i,
  input  logic s_axil_awvalid_i,
  output logic s_axil_awready_o,
  input  logic [31:0] s_axil_wdata_i,
  input  logic [3:0] s_axil_wstrb_i,
  input  logic s_axil_wvalid_i,
  output logic s_axil_wready_o,
  output logic [1:0] s_axil_bresp_o,
  output logic s_axil_bvalid_o,
  input  logic s_axil_bready_i,
  input  logic [31:0] s_axil_araddr_i,
  input  logic s_axil_arvalid_i,
  output logic s_axil_arready_o,
  output logic [31:0] s_axil_rdata_o,
  output logic [1:0] s_axil_rresp_o,
  output logic s_axil_rvalid_o,
  input  logic s_axil_rready_i,
  output logic idle_o
);
  localparam int AW = (M > 1) ? $clog2(M) : 1;
  localparam int FIFO_PW = $clog2(FIFO_DEPTH) + 1;  // FIFO pointers: the entry and a wrap bit
  localparam int FREE_W = FIFO_PW + 1;
  // The pointers wrap by overflow and the two banks split the entries by parity: any other depth
  // would corrupt the stream, so it stops the elaboration instead.
  if (FIFO_DEPTH < 4 || (FIFO_DEPTH & (FIFO_DEPTH - 1)) != 0) begin : g_fifo_depth_check
    $error("hlmm_top: FIFO_DEPTH must be a power of two >= 4");
  end
  localparam int CELLS_PER_PARITY = 2 * M * 8 * 64 * 16;

  // ======================= control registers (byte images of the C++ structs) ==============
  logic [191:0] gcfg_img_q;               // GlobalConfig, 24 bytes
  logic [447:0] acfg_img_q [M];           // AssetConfig, 56 bytes
  logic [M-1:0] active_q;                 // active bank per slot
  logic [M-1:0] valid0_q;                 // bank 0 holds a table
  logic [M-1:0] valid1_q;
  logic [639:0] hdr_mem [2*M];            // PolicyTable bytes 0 .. 79 per (bank, slot)
  logic [63:0] curve_mem [2*M*64];        // size_curve
  // 4 Mbit per slot pair: UltraRAM on the card (rtl/README.md, "Policy-table memory").
  (* ram_style = "ultra" *) logic [63:0] cell_even_mem [CELLS_PER_PARITY];
  (* ram_style = "ultra" *) logic [63:0] cell_odd_mem [CELLS_PER_PARITY];

  // Decoders of the struct images (field order of the packed structs in hlmm_pkg.sv, MSB first).
  function automatic logic [144:0] decode_global(input logic [191:0] img);
    decode_global = {img[191:128], img[127:64], img[31:16], img[7:0] != 8'd0};
  endfunction

  function automatic logic [370:0] decode_asset(input logic [447:0] img);
    decode_asset = {img[447:384], img[383:320], img[319:256], img[255:192], img[191:128], img[79:64], img[63:48],
                    img[15:8], img[23:16], img[31:24] != 8'd0, img[39:32] != 8'd0, img[7:0] != 8'd0};
  endfunction

  function automatic logic [607:0] decode_hdr(input logic [639:0] img);
    decode_hdr = {img[639:576], img[575:512], img[511:448], img[447:384], img[383:320], img[319:256], img[255:192],
                  img[191:128], img[127:64], img[31:24], img[23:16], img[15:8], img[7:0]};
  endfunction

  // ======================= AXI4-Lite =========================================================
  // One write at a time: AW and W are taken together into registers, applied from them the next
  // cycle, and B answers once the write is applied. So the write's decode starts at a register,
  // not at the port, and a host that waits for B sees its write in effect.
  logic bvalid_q;
  logic pending_q;   // a write was taken last cycle and is applied this one
  logic wr_q;        // ... and it has all four byte strobes (others are ignored)
  logic aw_fire;
  assign aw_fire = s_axil_awvalid_i && s_axil_wvalid_i && !bvalid_q && !pending_q;
  assign s_axil_awready_o = aw_fire;
  assign s_axil_wready_o = aw_fire;
  assign s_axil_bvalid_o = bvalid_q;
  assign s_axil_bresp_o = 2'b00;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pending_q <= 1'b0;
      wr_q <= 1'b0;
      bvalid_q <= 1'b0;
    end else begin
      pending_q <= aw_fire;
      wr_q <= aw_fire && s_axil_wstrb_i == 4'hF;
      if (pending_q) bvalid_q <= 1'b1;
      else if (s_axil_bready_i) bvalid_q <= 1'b0;
    end
  end

  // Region decode of the write address, made from the port as the write is taken and
  // registered with it, so the writes below start from decoded registers.
  logic w_global_d;
  logic w_asset_d;
  logic w_table_d;
  logic [7:0] w_slot_d;
  logic [17:0] w_cell_off_d;
  always_comb begin
    w_global_d = s_axil_awaddr_i[31:8] == 24'd0 && s_axil_awaddr_i[7:0] < 8'd24;
    w_asset_d = s_axil_awaddr_i[31:16] == 16'h0001;
    w_table_d = s_axil_awaddr_i[31:27] == 5'b00010;  // 0x1000_0000 .. 0x17FF_FFFF
    w_slot_d = w_table_d ? s_axil_awaddr_i[25:18] : s_axil_awaddr_i[15:8];
    w_cell_off_d = s_axil_awaddr_i[17:0] - 18'd592;
  end

  logic [17:0] w_off_q;       // the address's low 18 bits: word in a block, byte offset inside a table image
  logic w_bank_q;
  logic [31:0] wd_q;
  logic w_global_q;
  logic w_asset_q;
  logic w_table_q;
  logic [7:0] w_slot_q;
  logic w_slot_ok_q;
  logic [16:2] w_cell_off_q;  // byte offset inside the cell array (bits the cell and its half need)
  logic w_cell_region_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      w_off_q <= 18'd0;
      w_bank_q <= 1'b0;
      wd_q <= 32'd0;
      w_global_q <= 1'b0;
      w_asset_q <= 1'b0;
      w_table_q <= 1'b0;
      w_slot_q <= 8'd0;
      w_slot_ok_q <= 1'b0;
      w_cell_off_q <= 15'd0;
      w_cell_region_q <= 1'b0;
    end else if (aw_fire) begin
      w_off_q <= s_axil_awaddr_i[17:0];
      w_bank_q <= s_axil_awaddr_i[26];
      wd_q <= s_axil_wdata_i;
      w_global_q <= w_global_d;
      w_asset_q <= w_asset_d;
      w_table_q <= w_table_d;
      w_slot_q <= w_slot_d;
      w_slot_ok_q <= {24'd0, w_slot_d} < M;
      w_cell_off_q <= w_cell_off_d[16:2];
      w_cell_region_q <= s_axil_awaddr_i[17:0] >= 18'd592 && s_axil_awaddr_i[17:0] < 18'd592 + 18'd131072;
    end
  end

  logic [31:0] w_tslot;    // bank * M + slot
  logic [13:0] w_cell;     // (t * 64 + q) * 32 + f
  always_comb begin
    w_tslot = {31'd0, w_bank_q} * M + {24'd0, w_slot_q};
    w_cell = w_cell_off_q[16:3];
  end

  // The asset configuration images' next state, written with constant slot and word indices: a
  // variable part-select of a variable array element (acfg_img_q[slot][word*32 +: 32] <= wd_q)
  // makes Yosys's `proc` build a 448-bit shifter per slot and word, about an hour for M = 32 on
  // a loaded machine; this form takes seconds and is the same logic.
  logic acfg_we;
  logic [447:0] acfg_img_d [M];
  always_comb begin
    acfg_we = wr_q && w_asset_q && w_slot_ok_q && w_off_q[7:6] == 2'd0 && w_off_q[5:2] < 4'd14;
    for (int a = 0; a < M; a++) begin
      acfg_img_d[a] = acfg_img_q[a];
      for (int w = 0; w < 14; w++) begin
        if (acfg_we && w_slot_q == 8'(a) && w_off_q[5:2] == 4'(w)) acfg_img_d[a][w*32 +: 32] = wd_q;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int a = 0; a < M; a++) acfg_img_q[a] <= '0;
    end else begin
      for (int a = 0; a < M; a++) acfg_img_q[a] <= acfg_img_d[a];
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      gcfg_img_q <= '0;
      active_q <= '0;
      valid0_q <= '0;
      valid1_q <= '0;
    end else if (wr_q) begin
      if (w_global_q && w_off_q[7:2] < 6'd6) gcfg_img_q[w_off_q[4:2]*32 +: 32] <= wd_q;
      if (w_asset_q && w_slot_ok_q && w_off_q[7:0] == 8'h40) begin
        active_q[w_slot_q[AW-1:0]] <= wd_q[0];
        valid0_q[w_slot_q[AW-1:0]] <= wd_q[1];
        valid1_q[w_slot_q[AW-1:0]] <= wd_q[2];
      end
    end
  end

  // Table memories: written through the control port only. A cell is written whole: its low
  // word waits in cell_lo_q until its high word arrives (drivers write a cell's two words in that
  // order, docs/register-map.md). One full-width write port is what URAM inference maps directly;
  // the earlier 32-bit half writes cost Yosys ~7x the URAM288 (rtl/README.md).
  logic [31:0] cell_lo_q;

  always_ff @(posedge clk_i) begin
    if (wr_q && w_table_q && w_slot_ok_q && w_cell_region_q && !w_cell_off_q[2]) begin
      cell_lo_q <= wd_q;
    end
  end

  always_ff @(posedge clk_i) begin
    if (wr_q && w_table_q && w_slot_ok_q) begin
      if (w_off_q < 18'd80) hdr_mem[w_tslot[AW:0]][w_off_q[6:2]*32 +: 32] <= wd_q;
      if (w_off_q >= 18'd80 && w_off_q < 18'd592) curve_mem[w_tslot * 64 + {26'd0, 6'((w_off_q - 18'd80) >> 3)}][w_off_q[2]*32 +: 32] <= wd_q;
      if (w_cell_region_q && w_cell_off_q[2]) begin
        if (w_cell[0]) cell_odd_mem[w_tslot * 8192 + {18'd0, w_cell[13:1]}] <= {wd_q, cell_lo_q};
        else cell_even_mem[w_tslot * 8192 + {18'd0, w_cell[13:1]}] <= {wd_q, cell_lo_q};
      end
    end
  end

  // ======================= stream input and credits ===========================================
  hlmm_pkg::book_out_t p1;
  logic [63:0] p1_next_position;  // p1's next position, funding and time (the book cycle's, combinational)
  logic [63:0] p1_next_funding;
  logic [63:0] p1_next_now;
  hlmm_pkg::want_t p3;
  logic [7:0] p3_next_asset;  // the asset p3 carries next cycle: the risk stage reads its slot ahead
  logic retire;
  logic s0_valid_q;
  hlmm_pkg::market_event_t s0_ev_q;
  // The output FIFO's entry pointers, with a wrap bit above the entries so full and empty
  // differ, and its banks' write ports. The risk stage writes the FIFO: it keeps the write
  // pointer (a register) and drives the banks' ports, so nothing in this part waits on its
  // flags (Yosys maps the parts apart, and ABC, taking the flags for early inputs, had put two
  // LUTs behind them here).
  logic [FIFO_PW-1:0] wr_ptr;    // the next free entry
  logic [FIFO_PW-1:0] rd_ptr_q;
  logic even_we;
  logic odd_we;
  hlmm_pkg::quote_intent_t even_wdata;
  hlmm_pkg::quote_intent_t odd_wdata;

  // Records accepted and not yet retired (retire: the risk stage's counters, the cycle after the
  // record's intents reach the FIFO): a counter rather than a sum of the stage valid bits, so the
  // ready path stays short. For the same reason the FIFO's fill is taken a cycle old, from a
  // register of its pointers' difference. The writes it lacks are those of the record that
  // settled last cycle, which retires only this cycle: until then its two reserved entries are
  // still counted in the records in flight, and they cover them.
  // At most FIFO_DEPTH / 2 records are in flight (each holds two entries' credit), so the count
  // fits the pointers' width.
  logic [FIFO_PW-1:0] fifo_count_q;
  logic [FIFO_PW-1:0] in_flight_q;
  logic [FREE_W-1:0] fifo_free;
  logic accept;
  assign accept = s_axis_tvalid_i && s_axis_tready_o;
  assign fifo_free = FREE_W'(FIFO_DEPTH) - {1'b0, fifo_count_q};
  assign s_axis_tready_o = fifo_free >= ({1'b0, in_flight_q} + FREE_W'(1)) << 1;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      in_flight_q <= '0;
      fifo_count_q <= '0;
    end else begin
      in_flight_q <= in_flight_q + FIFO_PW'(accept) - FIFO_PW'(retire);
      fifo_count_q <= wr_ptr - rd_ptr_q;
    end
  end

  // The record's slot configuration, active bank and table-valid bit are read from the input
  // beat's asset byte and registered with it, so the book stage starts from registers (read from
  // s0, the 32:1 configuration multiplexer sat in front of the book stage's own 5 levels).
  hlmm_pkg::market_event_t in_ev;
  logic [AW-1:0] in_idx;
  hlmm_pkg::asset_cfg_t s0_cfg_q;
  logic s0_bank_q;
  logic s0_table_valid_q;
  assign in_ev = s_axis_tdata_i;
  assign in_idx = in_ev.asset[AW-1:0];

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      s0_valid_q <= 1'b0;
      s0_ev_q <= '0;
      s0_cfg_q <= '0;
      s0_bank_q <= 1'b0;
      s0_table_valid_q <= 1'b0;
    end else begin
      s0_valid_q <= accept;
      s0_ev_q <= s_axis_tdata_i;
      s0_cfg_q <= decode_asset(acfg_img_q[in_idx]);
      s0_bank_q <= active_q[in_idx];
      s0_table_valid_q <= active_q[in_idx] ? valid1_q[in_idx] : valid0_q[in_idx];
    end
  end

  // ======================= stages =============================================================

  logic [N*64-1:0] dbg_bid_px;
  logic [N*64-1:0] dbg_bid_sz;
  logic [N*64-1:0] dbg_ask_px;
  logic [N*64-1:0] dbg_ask_sz;
  logic [7:0] dbg_bid_cnt;
  logic [7:0] dbg_ask_cnt;
  logic dbg_needs_resync;
  logic dbg_in_snapshot;
  logic [63:0] dbg_position;
  logic [7:0] dbg_asset_q;  // the slot the AXI4-Lite book readback is for

  hlmm_book_stage #(.N(N), .M(M)) u_book (
    .clk_i, .rst_ni,
    .in_valid_i(s0_valid_q),
    .in_ev_i(s0_ev_q),
    .in_cfg_i(s0_cfg_q),
    .in_gcfg_i(decode_global(gcfg_img_q)),
    .in_table_valid_i(s0_table_valid_q),
    .next_ev_i(in_ev),
    .out_o(p1),
    .next_position_o(p1_next_position),
    .next_funding_o(p1_next_funding),
    .next_now_o(p1_next_now),
    .dbg_asset_i(dbg_asset_q),
    .dbg_bid_px_o(dbg_bid_px), .dbg_bid_sz_o(dbg_bid_sz),
    .dbg_ask_px_o(dbg_ask_px), .dbg_ask_sz_o(dbg_ask_sz),
    .dbg_bid_cnt_o(dbg_bid_cnt), .dbg_ask_cnt_o(dbg_ask_cnt),
    .dbg_needs_resync_o(dbg_needs_resync), .dbg_in_snapshot_o(dbg_in_snapshot),
    .dbg_position_o(dbg_position)
  );

  // Header of the record's active table, read as the record is taken (the grid searches begin
  // in the book cycle) and kept for the quote stage's first cycle.
  hlmm_pkg::table_hdr_t hdr0_q;
  hlmm_pkg::table_hdr_t hdr_q;
  logic p1_bank_q;
  always_ff @(posedge clk_i) begin
    hdr0_q <= decode_hdr(hdr_mem[{31'd0, active_q[in_idx]} * M + {{(32-AW){1'b0}}, in_idx}]);
    hdr_q <= hdr0_q;
    p1_bank_q <= s0_bank_q;
  end

  logic [31:0] cell_even_addr;
  logic [31:0] cell_odd_addr;
  logic [31:0] curve_addr;
  logic [63:0] cell_even_q;
  logic [63:0] cell_odd_q;
  logic [63:0] curve_q;
  always_ff @(posedge clk_i) begin
    cell_even_q <= cell_even_mem[cell_even_addr];
    cell_odd_q <= cell_odd_mem[cell_odd_addr];
    curve_q <= curve_mem[curve_addr];
  end

  hlmm_quote_stage #(.M(M)) u_quote (
    .clk_i, .rst_ni,
    .in_i(p1),
    .hdr_i(hdr_q),
    .next_position_i(p1_next_position),
    .next_funding_i(p1_next_funding),
    .next_now_i(p1_next_now),
    .hdr_next_i(hdr0_q),
    .cell_even_addr_o(cell_even_addr),
    .cell_odd_addr_o(cell_odd_addr),
    .curve_addr_o(curve_addr),
    .cell_even_i(cell_even_q),
    .cell_odd_i(cell_odd_q),
    .curve_i(curve_q),
    .bank_i(p1_bank_q),
    .out_o(p3),
    .next_asset_o(p3_next_asset)
  );

  logic [70*64-1:0] counters;
  logic [31:0] open_orders;
  logic [63:0] rate_tat;
  hlmm_risk_stage #(.M(M), .FIFO_PW(FIFO_PW)) u_risk (
    .clk_i, .rst_ni,
    .in_i(p3),
    .rd_asset_i(p3_next_asset),
    .wr_ptr_o(wr_ptr),
    .even_we_o(even_we),
    .odd_we_o(odd_we),
    .even_o(even_wdata),
    .odd_o(odd_wdata),
    .retire_o(retire),
    .counters_o(counters),
    .open_orders_o(open_orders),
    .rate_tat_o(rate_tat)
  );

  // ======================= output FIFO ========================================================
  // Two banks by the entry's parity: a record's two intents are entries w and w + 1, so they go
  // to different banks and each bank has one write port, which lets the banks map to LUTRAM
  // (with one memory and two write ports they were 64 × 256 flip-flops).
  localparam int BANK_DEPTH = FIFO_DEPTH / 2;
  logic [255:0] fifo_even_mem [BANK_DEPTH];
  logic [255:0] fifo_odd_mem [BANK_DEPTH];
  localparam int RW = FIFO_PW - 2;  // a bank's row address
  logic [RW-1:0] wr_next_row;  // the bank row after wr_ptr's
  logic pop;
  logic [RW-1:0] even_waddr;
  logic [RW-1:0] odd_waddr;
  assign pop = m_axis_tvalid_o && m_axis_tready_i;
  assign m_axis_tvalid_o = wr_ptr != rd_ptr_q;
  assign m_axis_tdata_o = rd_ptr_q[0] ? fifo_odd_mem[rd_ptr_q[RW:1]] : fifo_even_mem[rd_ptr_q[RW:1]];
  assign wr_next_row = wr_ptr[RW:1] + RW'(1);

  // The first intent goes to entry wr_ptr, the second to wr_ptr + 1; the risk stage packs them
  // for the two banks (by wr_ptr[0]). They come from its settle cycle unregistered: these
  // memories are their register.
  always_comb begin
    odd_waddr = wr_ptr[RW:1];
    even_waddr = wr_ptr[0] ? wr_next_row : wr_ptr[RW:1];
  end

  always_ff @(posedge clk_i) begin
    if (even_we) fifo_even_mem[even_waddr] <= even_wdata;
  end

  always_ff @(posedge clk_i) begin
    if (odd_we) fifo_odd_mem[odd_waddr] <= odd_wdata;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) rd_ptr_q <= '0;
    else rd_ptr_q <= rd_ptr_q + FIFO_PW'(pop);
  end

  assign idle_o = in_flight_q == '0 && wr_ptr == rd_ptr_q;

  // ======================= AXI4-Lite reads ====================================================
  // Four cycles: the address is taken, with the slot the book readback is for; the book stage's
  // registered debug read of that slot; each group's word is selected and registered
  // (configuration, status, counters, slot, book); the addressed group's word is registered as
  // the response. Splitting the selection keeps the widest multiplexers (70 counters, 32 slots ×
  // 14 words, 64 book words) out of one cycle with the address decode, and the readback slot is
  // a register, not the port's decode in front of the book stage's read.
  logic rvalid_q;
  logic [31:0] rdata_q;
  logic rpend0_q;  // address taken, the book stage reading the slot
  logic rpend_q;   // groups being selected
  logic rpend2_q;  // group words registered, response being selected
  logic [31:0] ra_q;
  logic ar_fire;
  assign ar_fire = s_axil_arvalid_i && !rvalid_q && !rpend0_q && !rpend_q && !rpend2_q;
  assign s_axil_arready_o = ar_fire;
  assign s_axil_rvalid_o = rvalid_q;
  assign s_axil_rdata_o = rdata_q;
  assign s_axil_rresp_o = 2'b00;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rpend0_q <= 1'b0;
      rpend_q <= 1'b0;
      rpend2_q <= 1'b0;
      ra_q <= 32'd0;
      dbg_asset_q <= 8'd0;
    end else begin
      rpend0_q <= ar_fire;
      rpend_q <= rpend0_q;
      rpend2_q <= rpend_q;
      if (ar_fire) begin
        ra_q <= s_axil_araddr_i;
        dbg_asset_q <= s_axil_araddr_i[31:20] == 12'h001 ? s_axil_araddr_i[19:12] : s_axil_araddr_i[15:8];
      end
    end
  end

  // Cycle 3: each group's word at the taken address, and which group (0: none, reads as 0).
  localparam logic [2:0] RG_NONE = 3'd0, RG_GLOBAL = 3'd1, RG_STATUS = 3'd2, RG_COUNTER = 3'd3,
                         RG_SLOT = 3'd4, RG_BOOK = 3'd5;
  logic [2:0] rg_d;
  logic [31:0] rw_global_d;
  logic [31:0] rw_status_d;
  logic [31:0] rw_counter_d;
  logic [31:0] rw_slot_d;
  logic [31:0] rw_book_d;
  logic [AW-1:0] r_slot;
  logic [N*64-1:0] r_book;
  always_comb begin
    rg_d = RG_NONE;
    r_slot = ra_q[8+AW-1:8];
    rw_global_d = gcfg_img_q[ra_q[4:2]*32 +: 32];
    rw_status_d = 32'd0;
    unique case (ra_q[3:2])
      2'd0: rw_status_d = open_orders;                   // 0x0E0
      2'd2: rw_status_d = rate_tat[31:0];                // 0x0E8
      2'd3: rw_status_d = rate_tat[63:32];               // 0x0EC
      default: ;
    endcase
    if (ra_q[11:0] == 12'h0F0) rw_status_d = 32'h484C_4D4D;  // "HLMM"
    if (ra_q[11:0] == 12'h0F4) rw_status_d = {31'd0, idle_o};
    if (ra_q[11:0] == 12'h0F8) rw_status_d = {16'(M), 16'(N)};
    rw_counter_d = counters[(ra_q[11:0] - 12'h100) * 8 +: 32];
    rw_slot_d = 32'd0;
    if (ra_q[7:2] < 6'd14) rw_slot_d = acfg_img_q[r_slot][ra_q[5:2]*32 +: 32];
    if (ra_q[7:0] == 8'h40) rw_slot_d = {29'd0, valid1_q[r_slot], valid0_q[r_slot], active_q[r_slot]};
    if (ra_q[7:0] == 8'h80) rw_slot_d = {14'd0, dbg_in_snapshot, dbg_needs_resync, dbg_ask_cnt, dbg_bid_cnt};
    if (ra_q[7:0] == 8'h88) rw_slot_d = dbg_position[31:0];
    if (ra_q[7:0] == 8'h8C) rw_slot_d = dbg_position[63:32];
    unique case (ra_q[10:9])
      2'd0: r_book = dbg_bid_px;
      2'd1: r_book = dbg_bid_sz;
      2'd2: r_book = dbg_ask_px;
      default: r_book = dbg_ask_sz;
    endcase
    rw_book_d = 32'(r_book >> {ra_q[8:3], ra_q[2], 5'd0});
    if (ra_q[31:12] == 20'd0) begin
      if (ra_q[11:8] == 4'd0 && ra_q[7:2] < 6'd6) rg_d = RG_GLOBAL;
      if (ra_q[11:0] == 12'h0E0 || ra_q[11:0] == 12'h0E8 || ra_q[11:0] == 12'h0EC || ra_q[11:0] == 12'h0F0 ||
          ra_q[11:0] == 12'h0F4 || ra_q[11:0] == 12'h0F8) rg_d = RG_STATUS;
      if (ra_q[11:8] >= 4'd1 && ra_q[11:8] <= 4'd3 && (ra_q[11:0] - 12'h100) < 12'd560) rg_d = RG_COUNTER;
    end else if (ra_q[31:16] == 16'h0001 && {24'd0, ra_q[15:8]} < M) begin
      rg_d = RG_SLOT;
    end else if (ra_q[31:20] == 12'h001 && {24'd0, ra_q[19:12]} < M) begin
      if ({26'd0, ra_q[8:3]} < N && ra_q[11] == 1'b0) rg_d = RG_BOOK;
    end
  end

  logic [2:0] rg_q;
  logic [31:0] rw_global_q;
  logic [31:0] rw_status_q;
  logic [31:0] rw_counter_q;
  logic [31:0] rw_slot_q;
  logic [31:0] rw_book_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rg_q <= RG_NONE;
      rw_global_q <= 32'd0;
      rw_status_q <= 32'd0;
      rw_counter_q <= 32'd0;
      rw_slot_q <= 32'd0;
      rw_book_q <= 32'd0;
    end else if (rpend_q) begin
      rg_q <= rg_d;
      rw_global_q <= rw_global_d;
      rw_status_q <= rw_status_d;
      rw_counter_q <= rw_counter_d;
      rw_slot_q <= rw_slot_d;
      rw_book_q <= rw_book_d;
    end
  end

  // Cycle 4: the response.
  logic [31:0] rdata_d;
  always_comb begin
    unique case (rg_q)
      RG_GLOBAL: rdata_d = rw_global_q;
      RG_STATUS: rdata_d = rw_status_q;
      RG_COUNTER: rdata_d = rw_counter_q;
      RG_SLOT: rdata_d = rw_slot_q;
      RG_BOOK: rdata_d = rw_book_q;
      default: rdata_d = 32'd0;
    endcase
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rvalid_q <= 1'b0;
      rdata_q <= 32'd0;
    end else if (rpend2_q) begin
      rvalid_q <= 1'b1;
      rdata_q <= rdata_d;
    end else if (s_axil_rready_i) begin
      rvalid_q <= 1'b0;
    end
  end

endmodule
