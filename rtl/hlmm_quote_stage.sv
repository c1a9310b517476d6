// Quote stage: where the record's (inventory, funding, time) falls on the active policy table,
// the interpolated offsets there, and the rounded, post-only-clamped quote prices. Two cycles:
//   ctx   — blocking reasons, grid positions (reciprocal multiply + one correction), reference
//           price (mid or microprice by the Newton-refined reciprocal); issues the cell reads;
//   price — cells arrive: enables, lerp, shift, volatility scale, tick rounding, post-only clamp.
// Mirrors detail::quote_context() and the first half of detail::desire() in kernel.hpp.
module hlmm_quote_stage #(
  parameter int M = 32
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  hlmm_pkg::book_out_t in_i,
  input  hlmm_pkg::table_hdr_t hdr_i,      // header of in_i's active table (read one cycle earlier)
  // Cell and size-curve reads: addresses this cycle, data with out_o's next cycle.
  output logic [31:0] cell_even_addr_o,     // ((slot * T + t) * Q + q) * F/2 + f/2, even funding bins
  output logic [31:0] cell_odd_addr_o,      // the same for odd funding bins
  output logic [31:0] curve_addr_o,         // slot * Q + q
  input  logic [63:0] cell_even_i,          // {ask_offset, bid_offset}
  input  logic [63:0] cell_odd_i,
  input  logic [63:0] curve_i,
  input  logic bank_i,                       // active bank of in_i's slot
  output logic ctx_valid_o,                  // a record sits between the two cycles
  output hlmm_pkg::want_t out_o
);
  localparam int AW = (M > 1) ? $clog2(M) : 1;
  localparam logic signed [63:0] MAXP = hlmm_pkg::MAX_PRICE;

  // ================================ ctx (cycle 1) ==========================================
  hlmm_pkg::book_out_t b;
  hlmm_pkg::table_hdr_t h;
  assign b = in_i;
  assign h = hdr_i;

  logic [7:0] blocked;
  logic two_sided;
  logic [31:0] qi;
  logic [31:0] ti;
  hlmm_arith_pkg::grid_pos_t fp;
  hlmm_arith_pkg::grid_pos_t qp;
  hlmm_arith_pkg::grid_pos_t tp;
  logic [31:0] f1;
  logic [63:0] w_q16;
  logic [63:0] spread;
  logic [63:0] mid;
  logic [63:0] micro;
  logic [7:0] min_exp;
  logic [31:0] slot;
  logic [31:0] cell_lo;
  logic [31:0] cell_hi;

  always_comb begin
    two_sided = b.has_bid && b.has_ask && !($signed(b.best_bid) >= $signed(b.best_ask));
    blocked = hlmm_pkg::R_NONE;
    if (b.gcfg.kill) blocked = hlmm_pkg::R_KILL_GLOBAL;
    else if (b.cfg.kill) blocked = hlmm_pkg::R_KILL_ASSET;
    else if (b.cfg.stale_book_ns != 64'd0 && b.now_ns - b.book_ns > b.cfg.stale_book_ns) blocked = hlmm_pkg::R_STALE_BOOK;
    else if (!two_sided) blocked = hlmm_pkg::R_EMPTY_BOOK;
    else if (!b.table_valid) blocked = hlmm_pkg::R_NO_POLICY;

    qp = hlmm_arith_pkg::locate_floor(b.position, h.q_min, h.q_step, h.q_step_recip, h.q_levels);
    qi = hlmm_arith_pkg::nearest_node(b.position, h.q_min, h.q_step, h.q_levels, qp.index);
    fp = hlmm_arith_pkg::locate_floor(b.funding, h.f_min, h.f_step, h.f_step_recip, h.f_bins);
    tp = hlmm_arith_pkg::locate_floor(b.now_ns, h.t0_ns, h.t_bin_ns, h.t_bin_recip, h.t_bins);
    ti = hlmm_arith_pkg::nearest_node(b.now_ns, h.t0_ns, h.t_bin_ns, h.t_bins, tp.index);
    f1 = (fp.index + 32'd1 < {24'd0, h.f_bins}) ? fp.index + 32'd1 : fp.index;

    mid = 64'($signed(b.best_bid + b.best_ask) >>> 1);
    w_q16 = hlmm_arith_pkg::ratio_q16(b.bid_size, b.bid_size + b.ask_size);
    spread = b.best_ask - b.best_bid;
    micro = b.best_bid + ((spread * w_q16) >> 16);
    min_exp = 8'd8 - ((b.cfg.market == 8'd0 ? 8'd6 : 8'd8) - b.cfg.sz_decimals);

    // The cell arrays are laid out at their maximum geometry (T 8, Q 64, F 32), split by the
    // parity of the funding bin so both funding neighbours come out of one-read-port memories.
    slot = {31'd0, bank_i} * M + {{(32-AW){1'b0}}, b.ev.asset[AW-1:0]};
    cell_lo = ((slot * 8 + {29'd0, ti[2:0]}) * 64 + {26'd0, qi[5:0]}) * 16 + {28'd0, fp.index[4:1]};
    cell_hi = ((slot * 8 + {29'd0, ti[2:0]}) * 64 + {26'd0, qi[5:0]}) * 16 + {28'd0, f1[4:1]};
    cell_even_addr_o = fp.index[0] ? cell_hi : cell_lo;
    cell_odd_addr_o = fp.index[0] ? cell_lo : cell_hi;
    curve_addr_o = slot * 64 + {26'd0, qi[5:0]};
  end

  hlmm_pkg::quote_ctx_t c_d;
  hlmm_pkg::quote_ctx_t c_q;
  always_comb begin
    c_d = '0;
    c_d.valid = b.valid;
    c_d.act = b.act;
    c_d.reason = b.reason;
    c_d.clear_resync = b.clear_resync;
    c_d.ignored = b.ignored;
    c_d.ev = b.ev;
    c_d.cfg = b.cfg;
    c_d.gcfg = b.gcfg;
    c_d.blocked = blocked;
    c_d.best_bid = b.best_bid;
    c_d.best_ask = b.best_ask;
    c_d.mid = mid;
    c_d.ref_price = b.cfg.use_microprice ? micro : mid;
    c_d.min_exp = min_exp;
    c_d.position = b.position;
    c_d.now_ns = b.now_ns;
    c_d.vol_q16 = b.vol_q16;
    c_d.has_fill = b.has_fill;
    c_d.last_fill_bid = b.last_fill_bid;
    c_d.last_fill_ask = b.last_fill_ask;
    c_d.frac_q16 = fp.frac_q16;
    c_d.offset_shift = h.offset_shift;
    c_d.lo_odd = fp.index[0];
    c_d.hi_odd = f1[0];
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) c_q <= '0;
    else c_q <= c_d;
  end

  assign ctx_valid_o = c_q.valid;

  // ================================ price (cycle 2) ========================================
  logic [63:0] cell_lo_v;
  logic [63:0] cell_hi_v;
  logic bid_en;
  logic ask_en;
  logic signed [63:0] off_bid;
  logic signed [63:0] off_ask;
  hlmm_pkg::side_want_t want_bid;
  hlmm_pkg::side_want_t want_ask;

  // One side of detail::desire() up to the second price-range check; returns a side_want_t.
  // Plain vector arguments and locals: Yosys 0.23 has no struct-typed function variables.
  function automatic logic [199:0] price_side(input logic ask_side, input logic [7:0] blocked_r,
                                              input logic [63:0] ref_price, input logic [63:0] best_bid,
                                              input logic [63:0] best_ask, input logic [7:0] min_exp_v,
                                              input logic [63:0] vol, input logic [63:0] now,
                                              input logic [63:0] cooldown, input logic en,
                                              input logic signed [63:0] raw, input logic [63:0] curve,
                                              input logic fill, input logic [63:0] last_fill);
    logic [7:0] reason;
    logic [63:0] r_price;
    logic [63:0] r_size;
    logic signed [127:0] scaled;
    logic signed [63:0] offset;
    logic signed [63:0] target;
    logic signed [63:0] price;
    logic signed [7:0] me;
    me = $signed(min_exp_v);
    scaled = $signed({{64{raw[63]}}, raw}) * $signed({{64{vol[63]}}, vol});
    offset = scaled[79:16];
    target = ask_side ? $signed(ref_price) + offset : $signed(ref_price) - offset;
    price = ask_side ? $signed(hlmm_arith_pkg::round_up_price(target, me))
                     : $signed(hlmm_arith_pkg::round_down_price(target, me));
    // Post-only: never cross the opposite best.
    if (!ask_side && price >= $signed(best_ask)) price = $signed(hlmm_arith_pkg::round_down_price(best_ask - 64'd1, me));
    if (ask_side && price <= $signed(best_bid)) price = $signed(hlmm_arith_pkg::round_up_price(best_bid + 64'd1, me));
    reason = hlmm_pkg::R_NONE;
    r_price = 64'd0;
    r_size = 64'd0;
    if (blocked_r != hlmm_pkg::R_NONE) begin
      reason = blocked_r;
    end else if (fill && now - last_fill < cooldown) begin
      reason = hlmm_pkg::R_FILL_COOLDOWN;
    end else if (!en || $signed(curve) <= 64'sd0) begin
      reason = hlmm_pkg::R_SIDE_DISABLED;
    end else if (target <= 64'sd0 || target > MAXP) begin
      reason = hlmm_pkg::R_PRICE_OUT_OF_RANGE;
      r_price = target;
      r_size = curve;
    end else if (price <= 64'sd0 || price > MAXP) begin
      reason = hlmm_pkg::R_PRICE_OUT_OF_RANGE;
      r_price = price;
      r_size = curve;
    end else begin
      r_price = price;
      r_size = curve;
    end
    price_side = {reason, r_price, r_size, 64'd0};
  endfunction

  always_comb begin
    cell_lo_v = c_q.lo_odd ? cell_odd_i : cell_even_i;
    cell_hi_v = c_q.hi_odd ? cell_odd_i : cell_even_i;
    bid_en = $signed(cell_lo_v[31:0]) != hlmm_pkg::OFFSET_DISABLED && $signed(cell_hi_v[31:0]) != hlmm_pkg::OFFSET_DISABLED;
    ask_en = $signed(cell_lo_v[63:32]) != hlmm_pkg::OFFSET_DISABLED && $signed(cell_hi_v[63:32]) != hlmm_pkg::OFFSET_DISABLED;
    off_bid = bid_en ? hlmm_arith_pkg::lerp_q16(cell_lo_v[31:0], cell_hi_v[31:0], c_q.frac_q16) <<< c_q.offset_shift : 64'sd0;
    off_ask = ask_en ? hlmm_arith_pkg::lerp_q16(cell_lo_v[63:32], cell_hi_v[63:32], c_q.frac_q16) <<< c_q.offset_shift : 64'sd0;
    want_bid = price_side(1'b0, c_q.blocked, c_q.ref_price, c_q.best_bid, c_q.best_ask, c_q.min_exp, c_q.vol_q16,
                          c_q.now_ns, c_q.cfg.fill_cooldown_ns, bid_en, off_bid, curve_i, c_q.has_fill[0], c_q.last_fill_bid);
    want_ask = price_side(1'b1, c_q.blocked, c_q.ref_price, c_q.best_bid, c_q.best_ask, c_q.min_exp, c_q.vol_q16,
                          c_q.now_ns, c_q.cfg.fill_cooldown_ns, ask_en, off_ask, curve_i, c_q.has_fill[1], c_q.last_fill_ask);
  end

  hlmm_pkg::want_t w_d;
  always_comb begin
    w_d = '0;
    w_d.valid = c_q.valid;
    w_d.act = c_q.act;
    w_d.reason = c_q.reason;
    w_d.clear_resync = c_q.clear_resync;
    w_d.ignored = c_q.ignored;
    w_d.ev = c_q.ev;
    w_d.cfg = c_q.cfg;
    w_d.gcfg = c_q.gcfg;
    w_d.mid = c_q.mid;
    w_d.min_exp = c_q.min_exp;
    w_d.position = c_q.position;
    w_d.now_ns = c_q.now_ns;
    w_d.curve_size = curve_i;
    w_d.bid = want_bid;
    w_d.ask = want_ask;
  end

  hlmm_pkg::want_t w_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) w_q <= '0;
    else w_q <= w_d;
  end
  assign out_o = w_q;

endmodule
