// Quote stage: where the record's (inventory, funding, time) falls on the active policy table,
// the interpolated offsets there, and the rounded, post-only-clamped quote prices, as a pipeline
// of 14 cycles with at most one product on any register-to-register path
// (rtl/README.md, "Pipeline, II and latency"). Nothing in it is state: every cycle computes from
// the record's own snapshot, so it pipelines freely at one record per clock.
//   1        blocking reasons, mid, slot; grid searches (hlmm_grid_locate, 4 cycles), the
//            position room's whole-lot floor (hlmm_lot_floor, 4 cycles) and
//            the microprice weight's division (hlmm_ratio_q16, 8 cycles: its first cycle
//            takes the sizes' sum made in this one) start
//   5        grid positions arrive: the cell and size-curve reads are issued
//   6        cells arrive from the top's memories and are registered as they are; the two
//            memories' lerp weights
//   7 .. 9   enables and the two lerp products, sum and shift, volatility scale
//   9        the weight arrives: spread x weight
//   10       microprice, reference price, targets
//   11 .. 13 tick rounding of both targets and of both post-only limits (hlmm_tick_round);
//            beside it, for the risk pre-check: the band's products (11) and bounds (12), the
//            notional cap's product (11), the hysteresis threshold at every tick exponent (11)
//   12       the sizes the position limit allows
//   14       post-only clamp, price range, the side's reason; for the risk pre-check, both
//            candidate prices' notional, price * 10^4 and tick exponent
// Mirrors detail::quote_context() and the first half of detail::desire() in kernel.hpp.
module hlmm_quote_stage #(
  parameter int M = 32
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  hlmm_pkg::book_out_t in_i,
  input  hlmm_pkg::table_hdr_t hdr_i,      // header of in_i's active table (read one cycle earlier)
  // Cell and size-curve reads: addresses in cycle 5, data in cycle 6 (a registered read).
  output logic [31:0] cell_even_addr_o,     // ((slot * T + t) * Q + q) * F/2 + f/2, even funding bins
  output logic [31:0] cell_odd_addr_o,      // the same for odd funding bins
  output logic [31:0] curve_addr_o,         // slot * Q + q
  input  logic [63:0] cell_even_i,          // {ask_offset, bid_offset}
  input  logic [63:0] cell_odd_i,
  input  logic [63:0] curve_i,
  input  logic bank_i,                       // active bank of in_i's slot
  output hlmm_pkg::want_t out_o              // 14 cycles after in_i
);
  localparam int AW = (M > 1) ? $clog2(M) : 1;
  localparam logic signed [63:0] MAXP = hlmm_pkg::MAX_PRICE;


  hlmm_pkg::quote_line_t l1_d, l1_q, l2_q, l3_q, l4_q, l5_d, l5_q, l6_d, l6_q, l7_d, l7_q;
  hlmm_pkg::quote_line_t l8_d, l8_q, l9_d, l9_q, l10_d, l10_q, l11_d, l11_q, l12_d, l12_q, l13_q;

  // ================================ cycle 1 ================================================
  hlmm_pkg::book_out_t b;
  hlmm_pkg::table_hdr_t h;
  assign b = in_i;
  assign h = hdr_i;
  logic two_sided;
  logic [7:0] lot_exp;
  always_comb begin
    l1_d = '0;
    two_sided = b.has_bid && b.has_ask && !($signed(b.best_bid) >= $signed(b.best_ask));
    l1_d.c.blocked = hlmm_pkg::R_NONE;
    if (b.gcfg.kill) l1_d.c.blocked = hlmm_pkg::R_KILL_GLOBAL;
    else if (b.cfg.kill) l1_d.c.blocked = hlmm_pkg::R_KILL_ASSET;
    else if (b.cfg.stale_book_ns != 64'd0 && b.now_ns - b.book_ns > b.cfg.stale_book_ns) l1_d.c.blocked = hlmm_pkg::R_STALE_BOOK;
    else if (!two_sided) l1_d.c.blocked = hlmm_pkg::R_EMPTY_BOOK;
    else if (!b.table_valid) l1_d.c.blocked = hlmm_pkg::R_NO_POLICY;
    l1_d.c.act = b.act;
    l1_d.c.reason = b.reason;
    l1_d.c.clear_resync = b.clear_resync;
    l1_d.c.ignored = b.ignored;
    l1_d.c.ev = b.ev;
    l1_d.c.cfg = b.cfg;
    l1_d.c.gcfg = b.gcfg;
    l1_d.c.best_bid = b.best_bid;
    l1_d.c.best_ask = b.best_ask;
    l1_d.c.mid = 64'($signed(b.best_bid + b.best_ask) >>> 1);
    l1_d.c.min_exp = 8'd8 - ((b.cfg.market == 8'd0 ? 8'd6 : 8'd8) - b.cfg.sz_decimals);
    l1_d.c.position = b.position;
    l1_d.c.now_ns = b.now_ns;
    l1_d.c.vol_q16 = b.vol_q16;
    l1_d.c.has_fill = b.has_fill;
    l1_d.c.last_fill_bid = b.last_fill_bid;
    l1_d.c.last_fill_ask = b.last_fill_ask;
    l1_d.c.offset_shift = h.offset_shift;
    l1_d.slot = {31'd0, bank_i} * M + {{(32-AW){1'b0}}, b.ev.asset[AW-1:0]};
    l1_d.spread = b.best_ask - b.best_bid;
    l1_d.num = b.bid_size;
    l1_d.den = b.bid_size + b.ask_size;
    l1_d.f_bins = h.f_bins;
    l1_d.room_bid = b.cfg.position_limit - b.position;
    l1_d.room_ask = b.cfg.position_limit + b.position;
    lot_exp = 8'd8 - b.cfg.sz_decimals;
  end

  // Grid positions: inventory and time by nearest node, funding by floor and fraction.
  logic [31:0] q_floor;
  logic [31:0] q_frac;
  logic [31:0] q_near;
  logic [31:0] f_floor;
  logic [31:0] f_frac;
  logic [31:0] f_near;
  logic [31:0] t_floor;
  logic [31:0] t_frac;
  logic [31:0] t_near;
  hlmm_grid_locate u_grid_q (.clk_i, .x_i(b.position), .lo_i(h.q_min), .step_i(h.q_step),
                             .recip_i(h.q_step_recip), .nodes_i(h.q_levels),
                             .index_o(q_floor), .frac_q16_o(q_frac), .nearest_o(q_near));
  hlmm_grid_locate u_grid_f (.clk_i, .x_i(b.funding), .lo_i(h.f_min), .step_i(h.f_step),
                             .recip_i(h.f_step_recip), .nodes_i(h.f_bins),
                             .index_o(f_floor), .frac_q16_o(f_frac), .nearest_o(f_near));
  hlmm_grid_locate u_grid_t (.clk_i, .x_i(b.now_ns), .lo_i(h.t0_ns), .step_i(h.t_bin_ns),
                             .recip_i(h.t_bin_recip), .nodes_i(h.t_bins),
                             .index_o(t_floor), .frac_q16_o(t_frac), .nearest_o(t_near));

  // The position room's whole-lot floor for the risk stage (kernel.hpp: the limit shrinks a size
  // to whole lots), from cycle 1's room: ready in cycle 5.
  logic [63:0] lots_bid;
  logic [63:0] lots_ask;
  hlmm_lot_floor u_lots_bid (.clk_i, .x_i(l1_d.room_bid), .e_i(lot_exp[4:0]), .floor_o(lots_bid));
  hlmm_lot_floor u_lots_ask (.clk_i, .x_i(l1_d.room_ask), .e_i(lot_exp[4:0]), .floor_o(lots_ask));

  // ================================ cycles 1 .. 8: the weight's division ===================
  logic [63:0] w_q16;
  hlmm_ratio_q16 u_weight (.clk_i, .num_i(l1_d.num), .den_i(l1_d.den), .ratio_o(w_q16));

  // ================================ cycles 5, 6: lots, grid positions, table reads ==========
  logic [31:0] f1;
  logic [31:0] cell_lo;
  logic [31:0] cell_hi;
  always_comb begin
    l5_d = l4_q;
    l5_d.lots_bid = lots_bid;
    l5_d.lots_ask = lots_ask;

    // The cell arrays are laid out at their maximum geometry (T 8, Q 64, F 32), split by the
    // parity of the funding bin so both funding neighbours come out of one-read-port memories.
    f1 = (f_floor + 32'd1 < {24'd0, l4_q.f_bins}) ? f_floor + 32'd1 : f_floor;
    cell_lo = ((l4_q.slot * 8 + {29'd0, t_near[2:0]}) * 64 + {26'd0, q_near[5:0]}) * 16 + {28'd0, f_floor[4:1]};
    cell_hi = ((l4_q.slot * 8 + {29'd0, t_near[2:0]}) * 64 + {26'd0, q_near[5:0]}) * 16 + {28'd0, f1[4:1]};
    cell_even_addr_o = f_floor[0] ? cell_hi : cell_lo;
    cell_odd_addr_o = f_floor[0] ? cell_lo : cell_hi;
    curve_addr_o = l4_q.slot * 64 + {26'd0, q_near[5:0]};
    l5_d.c.frac_q16 = f_frac;
    l5_d.c.lo_odd = f_floor[0];
    l5_d.c.hi_odd = f1[0];

    // lerp_q16(lo, hi, frac) = floor((lo * (2^16 - frac) + hi * frac) / 2^16): each neighbour
    // times its own weight, so the products need no difference first. The neighbours come out of
    // the even and odd memories by the parity of their funding bins; each memory's word gets the
    // weight of the neighbour it holds (both, 2^16, when the top bin is its own neighbour).
    l6_d = l5_q;
    l6_d.w_even = (l5_q.c.lo_odd ? 17'd0 : 17'h10000 - {1'b0, l5_q.c.frac_q16[15:0]}) +
                  (l5_q.c.hi_odd ? 17'd0 : {1'b0, l5_q.c.frac_q16[15:0]});
    l6_d.w_odd = (l5_q.c.lo_odd ? 17'h10000 - {1'b0, l5_q.c.frac_q16[15:0]} : 17'd0) +
                 (l5_q.c.hi_odd ? {1'b0, l5_q.c.frac_q16[15:0]} : 17'd0);
  end

  // ================================ cycles 7 .. 9: offsets ==================================
  // The cell and curve words are registered as they arrive, before anything looks at them: on
  // the way in they come out of a select among the URAMs of a whole memory, which is five LUT
  // levels in fabric (rtl/README.md).
  logic [63:0] cell_even_q;
  logic [63:0] cell_odd_q;
  logic [63:0] curve_q;
  logic even_bid_ok;
  logic even_ask_ok;
  logic odd_bid_ok;
  logic odd_ask_ok;
  logic signed [79:0] sc_bid;
  logic signed [79:0] sc_ask;
  always_comb begin
    even_bid_ok = $signed(cell_even_q[31:0]) != hlmm_pkg::OFFSET_DISABLED;
    even_ask_ok = $signed(cell_even_q[63:32]) != hlmm_pkg::OFFSET_DISABLED;
    odd_bid_ok = $signed(cell_odd_q[31:0]) != hlmm_pkg::OFFSET_DISABLED;
    odd_ask_ok = $signed(cell_odd_q[63:32]) != hlmm_pkg::OFFSET_DISABLED;
    l7_d = l6_q;
    l7_d.bid_en = (l6_q.c.lo_odd ? odd_bid_ok : even_bid_ok) && (l6_q.c.hi_odd ? odd_bid_ok : even_bid_ok);
    l7_d.ask_en = (l6_q.c.lo_odd ? odd_ask_ok : even_ask_ok) && (l6_q.c.hi_odd ? odd_ask_ok : even_ask_ok);
    l7_d.pe_bid = $signed({{32{cell_even_q[31]}}, cell_even_q[31:0]}) * $signed({47'd0, l6_q.w_even});
    l7_d.po_bid = $signed({{32{cell_odd_q[31]}}, cell_odd_q[31:0]}) * $signed({47'd0, l6_q.w_odd});
    l7_d.pe_ask = $signed({{32{cell_even_q[63]}}, cell_even_q[63:32]}) * $signed({47'd0, l6_q.w_even});
    l7_d.po_ask = $signed({{32{cell_odd_q[63]}}, cell_odd_q[63:32]}) * $signed({47'd0, l6_q.w_odd});
    l7_d.curve = curve_q;

    // The lerp's floor, then the table's offset shift.
    l8_d = l7_q;
    l8_d.off_bid = l7_q.bid_en ? 64'((($signed(l7_q.pe_bid) + $signed(l7_q.po_bid)) >>> 16) <<< l7_q.c.offset_shift) : 64'd0;
    l8_d.off_ask = l7_q.ask_en ? 64'((($signed(l7_q.pe_ask) + $signed(l7_q.po_ask)) >>> 16) <<< l7_q.c.offset_shift) : 64'd0;

    // The volatility scale: bits 79:16 of the 128-bit product need only its low 80 bits.
    l9_d = l8_q;
    sc_bid = $signed({{16{l8_q.off_bid[63]}}, l8_q.off_bid}) * $signed({{16{l8_q.c.vol_q16[63]}}, l8_q.c.vol_q16});
    sc_ask = $signed({{16{l8_q.off_ask[63]}}, l8_q.off_ask}) * $signed({{16{l8_q.c.vol_q16[63]}}, l8_q.c.vol_q16});
    l9_d.ofs_bid = sc_bid[79:16];
    l9_d.ofs_ask = sc_ask[79:16];
    l9_d.sw = l8_q.spread * w_q16;
  end

  // ================================ cycle 10: microprice, reference, targets ================
  logic [63:0] micro;
  logic [63:0] ref_price;
  always_comb begin
    micro = l9_q.c.best_bid + (l9_q.sw >> 16);
    ref_price = l9_q.c.cfg.use_microprice ? micro : l9_q.c.mid;
    l10_d = l9_q;
    l10_d.tgt_bid = ref_price - l9_q.ofs_bid;
    l10_d.tgt_ask = ref_price + l9_q.ofs_ask;
    l10_d.under_ask = l9_q.c.best_ask - 64'd1;
    l10_d.over_bid = l9_q.c.best_bid + 64'd1;
  end

  // ================================ cycles 11, 12: the risk pre-check's bounds ==============
  // kernel.hpp refuses a price whose |price - mid| * 10^4 exceeds mid * bps: with M = mid * 10^4
  // and X = mid * bps that is price * 10^4 outside [M - X, M + X], so the risk stage compares one
  // product of the price with bounds made here, before the price is known.
  logic [63:0] tol_tick;
  always_comb begin
    l11_d = l10_q;
    l11_d.mid_k = $signed({{64{l10_q.c.mid[63]}}, l10_q.c.mid}) * 128'sd10000;
    l11_d.mid_bps = $signed({{64{l10_q.c.mid[63]}}, l10_q.c.mid}) * $signed({112'd0, l10_q.c.cfg.price_band_bps});
    l11_d.cap = $signed({{64{l10_q.c.cfg.notional_cap[63]}}, l10_q.c.cfg.notional_cap}) * $signed({64'd0, hlmm_pkg::SIZE_SCALE});
    // settle_side's tolerance, tick_at(price) * ticks and at least 1, for each tick 10^e the price
    // can have (e in [0, 8]: tick_exponent's clamp and min_exp >= 0), so the risk stage picks one
    // by the price's exponent instead of multiplying after it. Below 2^43.
    for (int e = 0; e <= 8; e++) begin
      tol_tick = hlmm_arith_pkg::pow10(5'(e));
      l11_d.tol_by_e[43*e +: 43] = l10_q.c.cfg.refresh_tolerance_ticks == 16'd0 ? 43'd1
                                 : tol_tick[26:0] * {27'd0, l10_q.c.cfg.refresh_tolerance_ticks};
    end
    l12_d = l11_q;
    l12_d.band_hi = l11_q.mid_k + l11_q.mid_bps;
    l12_d.band_lo = l11_q.mid_k - l11_q.mid_bps;
    // Position limit: a side whose curve size exceeds its room is shrunk to the room's whole
    // lots (0 when there is no room: the risk stage refuses it).
    l12_d.allow_bid = $signed(l11_q.curve) > $signed(l11_q.room_bid) ? ($signed(l11_q.room_bid) > 64'sd0 ? l11_q.lots_bid : 64'd0) : l11_q.curve;
    l12_d.allow_ask = $signed(l11_q.curve) > $signed(l11_q.room_ask) ? ($signed(l11_q.room_ask) > 64'sd0 ? l11_q.lots_ask : 64'd0) : l11_q.curve;
  end

  // ================================ cycles 11 .. 13: tick rounding ==========================
  logic [63:0] px_bid;    // round_down_price(target)
  logic [63:0] px_ask;    // round_up_price(target)
  logic [63:0] lim_bid;   // round_down_price(best_ask - 1): the post-only bid limit
  logic [63:0] lim_ask;   // round_up_price(best_bid + 1)
  hlmm_tick_round u_px_bid (.clk_i, .p_i(l10_q.tgt_bid), .up_i(1'b0), .min_exp_i(l10_q.c.min_exp),
                            .price_o(px_bid));
  hlmm_tick_round u_px_ask (.clk_i, .p_i(l10_q.tgt_ask), .up_i(1'b1), .min_exp_i(l10_q.c.min_exp),
                            .price_o(px_ask));
  hlmm_tick_round u_lim_bid (.clk_i, .p_i(l10_q.under_ask), .up_i(1'b0), .min_exp_i(l10_q.c.min_exp),
                             .price_o(lim_bid));
  hlmm_tick_round u_lim_ask (.clk_i, .p_i(l10_q.over_bid), .up_i(1'b1), .min_exp_i(l10_q.c.min_exp),
                             .price_o(lim_ask));

  // ================================ cycle 14: clamp and reasons =============================
  // price <= 0 || price > MAX_PRICE, as two subtractions' borrows.
  function automatic logic out_of_range(input logic [63:0] price);
    out_of_range = hlmm_arith_pkg::less_signed(price, 64'd1) || hlmm_arith_pkg::less_signed(MAXP, price);
  endfunction

  // One side of detail::desire() from the rounded price on; returns a side_want_t. Plain vector
  // arguments and locals: Yosys 0.23 has no struct-typed function variables.
  function automatic logic [199:0] finish_side(input logic crosses, input logic [7:0] blocked_r,
                                               input logic [63:0] now, input logic [63:0] cooldown,
                                               input logic en, input logic [63:0] curve,
                                               input logic fill, input logic [63:0] last_fill,
                                               input logic signed [63:0] target, input logic signed [63:0] rounded,
                                               input logic signed [63:0] limit);
    logic [7:0] reason;
    logic [63:0] r_price;
    logic [63:0] r_size;
    logic signed [63:0] price;
    logic bad_price;
    // Post-only: never cross the opposite best (`crosses`, below). Both candidates' range checks
    // are made beside the crossing compare and picked by it, so no compare waits for another's
    // result.
    price = crosses ? limit : rounded;
    bad_price = crosses ? out_of_range(limit) : out_of_range(rounded);
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
    end else if (bad_price) begin
      reason = hlmm_pkg::R_PRICE_OUT_OF_RANGE;
      r_price = price;
      r_size = curve;
    end else begin
      r_price = price;
      r_size = curve;
    end
    finish_side = {reason, r_price, r_size, 64'd0};
  endfunction

  // The risk pre-check's terms of one candidate price (risk_terms_t): made for both candidates
  // beside the crossing compare that picks one, so the pre-check starts from registers.
  function automatic logic [263:0] risk_terms(input logic [63:0] price, input logic [63:0] allow,
                                              input logic [7:0] min_exp);
    logic [127:0] notional;
    logic [127:0] scaled;
    notional = $signed({{64{price[63]}}, price}) * $signed({{64{allow[63]}}, allow});
    scaled = $signed({{64{price[63]}}, price}) * 128'sd10000;
    risk_terms = {hlmm_arith_pkg::tick_exponent(price, $signed(min_exp)), notional, scaled};
  endfunction

  // The post-only crossing compares: a bid at or above the best ask, an ask at or below the best
  // bid. finish_side and the risk stage pick by them.
  logic crosses_bid;
  logic crosses_ask;
  assign crosses_bid = !hlmm_arith_pkg::less_signed(px_bid, l13_q.c.best_ask);
  assign crosses_ask = !hlmm_arith_pkg::less_signed(l13_q.c.best_bid, px_ask);

  hlmm_pkg::want_t w_d;
  always_comb begin
    w_d = '0;
    w_d.act = l13_q.c.act;
    w_d.reason = l13_q.c.reason;
    w_d.clear_resync = l13_q.c.clear_resync;
    w_d.ignored = l13_q.c.ignored;
    w_d.ev = l13_q.c.ev;
    w_d.cfg = l13_q.c.cfg;
    w_d.gcfg = l13_q.c.gcfg;
    w_d.mid = l13_q.c.mid;
    w_d.min_exp = l13_q.c.min_exp;
    w_d.position = l13_q.c.position;
    w_d.now_ns = l13_q.c.now_ns;
    w_d.curve_size = l13_q.curve;
    w_d.bid = finish_side(crosses_bid, l13_q.c.blocked, l13_q.c.now_ns,
                          l13_q.c.cfg.fill_cooldown_ns, l13_q.bid_en, l13_q.curve, l13_q.c.has_fill[0],
                          l13_q.c.last_fill_bid, l13_q.tgt_bid, px_bid, lim_bid);
    w_d.ask = finish_side(crosses_ask, l13_q.c.blocked, l13_q.c.now_ns,
                          l13_q.c.cfg.fill_cooldown_ns, l13_q.ask_en, l13_q.curve, l13_q.c.has_fill[1],
                          l13_q.c.last_fill_ask, l13_q.tgt_ask, px_ask, lim_ask);
    w_d.allow_bid = l13_q.allow_bid;
    w_d.allow_ask = l13_q.allow_ask;
    w_d.band_hi = l13_q.band_hi;
    w_d.band_lo = l13_q.band_lo;
    w_d.cap = l13_q.cap;
    w_d.tol_by_e = l13_q.tol_by_e;
    w_d.clamped = {crosses_ask, crosses_bid};
    w_d.bid_r = risk_terms(px_bid, l13_q.allow_bid, l13_q.c.min_exp);
    w_d.bid_l = risk_terms(lim_bid, l13_q.allow_bid, l13_q.c.min_exp);
    w_d.ask_r = risk_terms(px_ask, l13_q.allow_ask, l13_q.c.min_exp);
    w_d.ask_l = risk_terms(lim_ask, l13_q.allow_ask, l13_q.c.min_exp);
  end

  // ================================ the stage's registers ===================================
  hlmm_pkg::want_t w_q;
  always_ff @(posedge clk_i) begin
    l1_q <= l1_d;
    l2_q <= l1_q;
    l3_q <= l2_q;
    l4_q <= l3_q;
    l5_q <= l5_d;
    l6_q <= l6_d;
    l7_q <= l7_d;
    l8_q <= l8_d;
    l9_q <= l9_d;
    l10_q <= l10_d;
    l11_q <= l11_d;
    l12_q <= l12_d;
    l13_q <= l12_q;
    w_q <= w_d;
  end

  // Only the records' valid bits have a reset. Nothing reads a line of the datapath above while
  // its valid bit is low, so those registers need none (rtl/README.md, "Conventions"): the reset
  // net stays off ~46 k flip-flops and the delay lines can map to shift-register LUTs.
  logic [14:1] vld_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) vld_q <= '0;
    else vld_q <= {vld_q[13:1], b.valid};
  end

  always_comb begin
    out_o = w_q;
    out_o.valid = vld_q[14];
  end

  // The table words as they arrive from the top's memories (cycle 6), for cycle 7.
  always_ff @(posedge clk_i) begin
    cell_even_q <= cell_even_i;
    cell_odd_q <= cell_odd_i;
    curve_q <= curve_i;
  end

endmodule
