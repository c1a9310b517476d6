// Quote stage: where the record's (inventory, funding, time) falls on the active policy table,
// the interpolated offsets there, and the rounded, post-only-clamped quote prices, as a pipeline
// of 10 cycles with at most one product on any register-to-register path
// (rtl/README.md, "Pipeline, II and latency"). Nothing in it is state: every cycle computes from
// the record's own snapshot, so it pipelines freely at one record per clock.
//   0        (the book stage's cycle) the grid searches (hlmm_grid_locate, 4 cycles) begin, on
//            the book cycle's position, funding and time (next_*_i) and the header read as the
//            record was taken
//   1        blocking reasons, mid, slot; the position room's whole-lot floor (hlmm_lot_floor,
//            4 cycles) and the microprice weight's division (hlmm_ratio_q16, 6 cycles: its
//            first cycle takes the sizes' sum made in this one) start
//   2 .. 4   tick rounding of the post-only limits (best ask - 1 down, best bid + 1 up) and of
//            the best prices themselves (best ask up, best bid down; hlmm_tick_round)
//   3        the cell reads are issued from the grid searches' last cycle (the memories register
//            the address)
//   4        cells arrive from the top's memories and are registered as they are; grid
//            positions arrive: the lerp weights, vol << shift, the size-curve read
//   5, 6     enables and the two lerp products, the limits' range checks, lots and roundings
//            (5); each lerp half times vol << shift, the halves' carry, and the sizes the
//            position limit allows (6)
//   6        the weight's division ends, spread x weight beside it (hlmm_ratio_q16)
//   7        scaled offsets (the halves' sum), microprice, reference price, targets; the limits'
//            notionals
//   8 .. 10  tick rounding of both targets, with their notionals, price * 10^4 and tick
//            exponents (hlmm_tick_round); beside it the post-only clamp's choice and the
//            price-range checks of both candidates by compares of the targets (8), for the risk
//            pre-check the band's products (8) and bounds (9), the notional cap's product (8)
//            and the hysteresis threshold at every tick exponent (8); the side's reason (10)
// Mirrors detail::quote_context() and the first half of detail::desire() in kernel.hpp.
module hlmm_quote_stage #(
  parameter int M = 32
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  hlmm_pkg::book_out_t in_i,
  input  hlmm_pkg::table_hdr_t hdr_i,       // header of in_i's active table
  // in_i's position, funding and time a cycle early (the book cycle's, combinational)
  input  logic [63:0] next_position_i,
  input  logic [63:0] next_funding_i,
  input  logic [63:0] next_now_i,
  input  hlmm_pkg::table_hdr_t hdr_next_i,  // hdr_i a cycle early (registered as the record was taken)
  // Registered reads: cell addresses in cycle 3, their data in cycle 4; the size curve's
  // address in cycle 4, its data in cycle 5.
  output logic [31:0] cell_even_addr_o,     // ((slot * T + t) * Q + q) * F/2 + f/2, even funding bins
  output logic [31:0] cell_odd_addr_o,      // the same for odd funding bins
  output logic [31:0] curve_addr_o,         // slot * Q + q
  input  logic [63:0] cell_even_i,          // {ask_offset, bid_offset}
  input  logic [63:0] cell_odd_i,
  input  logic [63:0] curve_i,
  input  logic bank_i,                       // active bank of in_i's slot
  output hlmm_pkg::want_t out_o,             // 10 cycles after in_i
  output logic [7:0] next_asset_o            // the asset of the record out_o carries next cycle
);
  localparam int AW = (M > 1) ? $clog2(M) : 1;
  localparam logic signed [63:0] MAXP = hlmm_pkg::MAX_PRICE;
  // round_down_price(MAX_PRICE) at any min_exp (MAX_PRICE has 15 digits: its tick is the
  // largest, 10^8): a target above it rounds up above MAX_PRICE.
  localparam logic signed [63:0] MAXP_DOWN = (hlmm_pkg::MAX_PRICE / 64'sd100000000) * 64'sd100000000;


  // price <= 0 || price > MAX_PRICE, as two subtractions' borrows.
  function automatic logic out_of_range(input logic [63:0] price);
    out_of_range = hlmm_arith_pkg::less_signed(price, 64'd1) || hlmm_arith_pkg::less_signed(MAXP, price);
  endfunction

  hlmm_pkg::quote_line_t l1_d, l1_q, l2_q, l3_q, l4_d, l4_q, l5_d, l5_q, l6_d, l6_q, l7_d, l7_q;
  hlmm_pkg::quote_line_t l8_d, l8_q, l9_d, l9_q;

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
    l1_d.room_bid = b.cfg.position_limit - b.position;
    l1_d.room_ask = b.cfg.position_limit + b.position;
    l1_d.under_ask = b.best_ask - 64'd1;
    l1_d.over_bid = b.best_bid + 64'd1;
    lot_exp = 8'd8 - b.cfg.sz_decimals;
  end

  // Grid positions: inventory and time by nearest node, funding by floor and fraction. The
  // searches take the book cycle's position, funding and time, so their fourth cycle is this
  // stage's third.
  logic [31:0] q_floor;
  logic [31:0] q_frac;
  logic [31:0] q_near;
  logic [31:0] f_floor;
  logic [31:0] f_frac;
  logic [31:0] f_near;
  logic [31:0] t_floor;
  logic [31:0] t_frac;
  logic [31:0] t_near;
  logic [31:0] f_upper4;  // the grid searches' fourth cycle (3), combinational: the cell address
  logic [31:0] f_floor4;
  logic [31:0] q_near4;
  logic [31:0] t_near4;
  logic [31:0] f_upper;
  logic [31:0] unused_idx4 [5];
  logic [31:0] unused_upper [2];
  hlmm_grid_locate u_grid_q (.clk_i, .x_i(next_position_i), .lo_i(hdr_next_i.q_min), .step_i(hdr_next_i.q_step),
                             .recip_i(hdr_next_i.q_step_recip), .nodes_i(hdr_next_i.q_levels),
                             .index_o(q_floor), .frac_q16_o(q_frac), .nearest_o(q_near), .upper_o(unused_upper[0]),
                             .index_early_o(unused_idx4[0]), .upper_early_o(unused_idx4[1]), .nearest_early_o(q_near4));
  hlmm_grid_locate u_grid_f (.clk_i, .x_i(next_funding_i), .lo_i(hdr_next_i.f_min), .step_i(hdr_next_i.f_step),
                             .recip_i(hdr_next_i.f_step_recip), .nodes_i(hdr_next_i.f_bins),
                             .index_o(f_floor), .frac_q16_o(f_frac), .nearest_o(f_near), .upper_o(f_upper),
                             .index_early_o(f_floor4), .upper_early_o(f_upper4), .nearest_early_o(unused_idx4[2]));
  hlmm_grid_locate u_grid_t (.clk_i, .x_i(next_now_i), .lo_i(hdr_next_i.t0_ns), .step_i(hdr_next_i.t_bin_ns),
                             .recip_i(hdr_next_i.t_bin_recip), .nodes_i(hdr_next_i.t_bins),
                             .index_o(t_floor), .frac_q16_o(t_frac), .nearest_o(t_near), .upper_o(unused_upper[1]),
                             .index_early_o(unused_idx4[3]), .upper_early_o(unused_idx4[4]), .nearest_early_o(t_near4));

  // The position room's whole-lot floor for the risk stage (kernel.hpp: the limit shrinks a size
  // to whole lots), from cycle 1's room: ready in cycle 5.
  logic [63:0] lots_bid;
  logic [63:0] lots_ask;
  hlmm_lot_floor u_lots_bid (.clk_i, .x_i(l1_d.room_bid), .e_i(lot_exp[4:0]), .floor_o(lots_bid));
  hlmm_lot_floor u_lots_ask (.clk_i, .x_i(l1_d.room_ask), .e_i(lot_exp[4:0]), .floor_o(lots_ask));

  // ================================ cycles 2 .. 4: the post-only limits and references ======
  // The limits (round_down_price(best_ask - 1), round_up_price(best_bid + 1)) with their
  // price * 10^4 and tick exponents, and round_up_price(best_ask), round_down_price(best_bid):
  // a rounded bid is at or above the best ask exactly when its target is at or above the best
  // ask rounded up (both roundings pick the nearest valid price on their side, and valid prices
  // are one ordered set), so the clamp's choice is a compare of the target (cycle 8), not of
  // the rounded price. Likewise for the ask with the best bid rounded down.
  logic [63:0] lim_bid;
  logic [63:0] lim_ask;
  logic [127:0] lim_bid_sc;
  logic [127:0] lim_ask_sc;
  logic [7:0] lim_bid_e;
  logic [7:0] lim_ask_e;
  logic [63:0] ref_ask;   // round_up_price(best_ask)
  logic [63:0] ref_bid;   // round_down_price(best_bid)
  logic [127:0] unused_n [4];
  logic [127:0] unused_sc [2];
  logic [7:0] unused_e [2];
  logic [42:0] unused_t [4];
  hlmm_tick_round u_lim_bid (.clk_i, .p_i(l1_q.under_ask), .up_i(1'b0), .min_exp_i(l1_q.c.min_exp), .size_i(64'd0),
                             .by_exp_i('0), .price_o(lim_bid), .notional_o(unused_n[0]), .scaled_o(lim_bid_sc),
                             .exp_o(lim_bid_e), .by_exp_o(unused_t[0]));
  hlmm_tick_round u_lim_ask (.clk_i, .p_i(l1_q.over_bid), .up_i(1'b1), .min_exp_i(l1_q.c.min_exp), .size_i(64'd0),
                             .by_exp_i('0), .price_o(lim_ask), .notional_o(unused_n[1]), .scaled_o(lim_ask_sc),
                             .exp_o(lim_ask_e), .by_exp_o(unused_t[1]));
  hlmm_tick_round u_ref_ask (.clk_i, .p_i(l1_q.c.best_ask), .up_i(1'b1), .min_exp_i(l1_q.c.min_exp), .size_i(64'd0),
                             .by_exp_i('0), .price_o(ref_ask), .notional_o(unused_n[2]), .scaled_o(unused_sc[0]),
                             .exp_o(unused_e[0]), .by_exp_o(unused_t[2]));
  hlmm_tick_round u_ref_bid (.clk_i, .p_i(l1_q.c.best_bid), .up_i(1'b0), .min_exp_i(l1_q.c.min_exp), .size_i(64'd0),
                             .by_exp_i('0), .price_o(ref_bid), .notional_o(unused_n[3]), .scaled_o(unused_sc[1]),
                             .exp_o(unused_e[1]), .by_exp_o(unused_t[3]));

  // ================================ cycles 1 .. 6: the weight's division ===================
  // spread x weight (modulo 2^64, as the C++ multiplies), ready with the weight for cycle 7.
  logic [63:0] unused_w_q16;
  logic [63:0] sw;
  hlmm_ratio_q16 u_weight (.clk_i, .num_i(l1_d.num), .den_i(l1_d.den), .scale_i(l1_d.spread),
                           .ratio_o(unused_w_q16), .scaled_o(sw));

  // ================================ cycle 3: the cell reads ==================================
  // The cell arrays are laid out at their maximum geometry (T 8, Q 64, F 32), split by the parity
  // of the funding bin so both funding neighbours come out of one-read-port memories. The
  // addresses are fields side by side (slot, t, q, f / 2), straight from the grid searches'
  // fourth cycle (this stage's third), so the memories' own address registers end it.
  logic [31:0] cell_lo;
  logic [31:0] cell_hi;
  always_comb begin
    cell_lo = {l2_q.slot[31-13:0], t_near4[2:0], q_near4[5:0], f_floor4[4:1]};
    cell_hi = {l2_q.slot[31-13:0], t_near4[2:0], q_near4[5:0], f_upper4[4:1]};
    cell_even_addr_o = f_floor4[0] ? cell_hi : cell_lo;
    cell_odd_addr_o = f_floor4[0] ? cell_lo : cell_hi;
  end

  // ================================ cycle 4: grid positions, lerp weights ===================
  logic lo_odd;
  logic hi_odd;
  logic [15:0] frac;
  always_comb begin
    l4_d = l3_q;
    // The smallest valid price, 10^e for e = min_exp clamped to [0, 8]: a target below it rounds
    // down to 0.
    l4_d.vmin = hlmm_arith_pkg::pow10($signed(l3_q.c.min_exp) > 8'sd8 ? 5'd8
                                      : $signed(l3_q.c.min_exp) < 8'sd0 ? 5'd0 : l3_q.c.min_exp[4:0]);
    curve_addr_o = l3_q.slot * 64 + {26'd0, q_near[5:0]};

    // lerp_q16(lo, hi, frac) = floor((lo * (2^16 - frac) + hi * frac) / 2^16): each neighbour
    // times its own weight, so the products need no difference first. The neighbours come out of
    // the even and odd memories by the parity of their funding bins; each memory's word gets the
    // weight of the neighbour it holds (both, 2^16, when the top bin is its own neighbour).
    lo_odd = f_floor[0];
    hi_odd = f_upper[0];
    frac = f_frac[15:0];
    l4_d.c.lo_odd = lo_odd;
    l4_d.c.hi_odd = hi_odd;
    l4_d.w_even = (lo_odd ? 17'd0 : 17'h10000 - {1'b0, frac}) + (hi_odd ? 17'd0 : {1'b0, frac});
    l4_d.w_odd = (lo_odd ? 17'h10000 - {1'b0, frac} : 17'd0) + (hi_odd ? {1'b0, frac} : 17'd0);
    l4_d.vsh = {16'd0, l3_q.c.vol_q16[32:0]} << l3_q.c.offset_shift[4:0];
  end

  // ================================ cycles 5, 6: lots, roundings, offsets ===================
  // The cell and curve words are registered as they arrive, before anything looks at them: on
  // the way in they come out of a select among the URAMs (LUTRAMs) of a whole memory, which is
  // five LUT levels in fabric (rtl/README.md).
  logic [63:0] cell_even_q;
  logic [63:0] cell_odd_q;
  logic [63:0] curve_q;
  logic even_bid_ok;
  logic even_ask_ok;
  logic odd_bid_ok;
  logic odd_ask_ok;
  logic [16:0] lo_sum_bid;
  logic [16:0] lo_sum_ask;
  always_comb begin
    even_bid_ok = $signed(cell_even_q[31:0]) != hlmm_pkg::OFFSET_DISABLED;
    even_ask_ok = $signed(cell_even_q[63:32]) != hlmm_pkg::OFFSET_DISABLED;
    odd_bid_ok = $signed(cell_odd_q[31:0]) != hlmm_pkg::OFFSET_DISABLED;
    odd_ask_ok = $signed(cell_odd_q[63:32]) != hlmm_pkg::OFFSET_DISABLED;
    l5_d = l4_q;
    // The whole-lot floors and the four roundings end their fourth cycle with cycle 4.
    l5_d.lots_bid = lots_bid;
    l5_d.lots_ask = lots_ask;
    l5_d.lim_bid_t.price = lim_bid;
    l5_d.lim_bid_t.scaled = lim_bid_sc;
    l5_d.lim_bid_e = lim_bid_e[3:0];
    l5_d.lim_ask_t.price = lim_ask;
    l5_d.lim_ask_t.scaled = lim_ask_sc;
    l5_d.lim_ask_e = lim_ask_e[3:0];
    l5_d.ref_ask = ref_ask;
    l5_d.ref_bid = ref_bid;
    l5_d.bad_lim = {out_of_range(lim_ask), out_of_range(lim_bid)};
    l5_d.bid_en = (l4_q.c.lo_odd ? odd_bid_ok : even_bid_ok) && (l4_q.c.hi_odd ? odd_bid_ok : even_bid_ok);
    l5_d.ask_en = (l4_q.c.lo_odd ? odd_ask_ok : even_ask_ok) && (l4_q.c.hi_odd ? odd_ask_ok : even_ask_ok);
    l5_d.pe_bid = $signed({{32{cell_even_q[31]}}, cell_even_q[31:0]}) * $signed({47'd0, l4_q.w_even});
    l5_d.po_bid = $signed({{32{cell_odd_q[31]}}, cell_odd_q[31:0]}) * $signed({47'd0, l4_q.w_odd});
    l5_d.pe_ask = $signed({{32{cell_even_q[63]}}, cell_even_q[63:32]}) * $signed({47'd0, l4_q.w_even});
    l5_d.po_ask = $signed({{32{cell_odd_q[63]}}, cell_odd_q[63:32]}) * $signed({47'd0, l4_q.w_odd});

    // Position limit: a side whose curve size exceeds its room is shrunk to the room's whole
    // lots (0 when there is no room: the risk stage refuses it).
    l6_d = l5_q;
    l6_d.curve = curve_q;
    l6_d.allow_bid = $signed(curve_q) > $signed(l5_q.room_bid) ? ($signed(l5_q.room_bid) > 64'sd0 ? l5_q.lots_bid : 64'd0) : curve_q;
    l6_d.allow_ask = $signed(curve_q) > $signed(l5_q.room_ask) ? ($signed(l5_q.room_ask) > 64'sd0 ? l5_q.lots_ask : 64'd0) : curve_q;
    // The lerp's floor, the offset shift and the volatility scale as products of the lerp's two
    // halves (rtl/README.md): floor((pe + po) / 2^16) = (pe >> 16) + (po >> 16) + c, c the carry
    // out of their low 16 bits, and (L << shift) * vol = L * (vol << shift). Each product of a
    // half with V = vol << shift runs beside the other; their sum, + c * V, is the next cycle's.
    // |pe|, |po| < 2^47, so each half fits 32 bits; vol <= 2^32 and shift <= 16 keep V below 2^49.
    l6_d.a_bid = 80'($signed(l5_q.pe_bid[47:16]) * $signed({1'b0, l5_q.vsh}));
    l6_d.b_bid = 80'($signed(l5_q.po_bid[47:16]) * $signed({1'b0, l5_q.vsh}));
    l6_d.a_ask = 80'($signed(l5_q.pe_ask[47:16]) * $signed({1'b0, l5_q.vsh}));
    l6_d.b_ask = 80'($signed(l5_q.po_ask[47:16]) * $signed({1'b0, l5_q.vsh}));
    lo_sum_bid = {1'b0, l5_q.pe_bid[15:0]} + {1'b0, l5_q.po_bid[15:0]};
    lo_sum_ask = {1'b0, l5_q.pe_ask[15:0]} + {1'b0, l5_q.po_ask[15:0]};
    l6_d.cy = {lo_sum_ask[16], lo_sum_bid[16]};
  end

  // ================================ cycle 7: microprice, reference, targets; the limits'
  // notionals ===============================================================================
  // The scaled offset, bits 79:16 of (offset << shift) * vol as the C++ keeps them (int64 of
  // the 128-bit product >> 16), is the sum's bits 79:16; 0 when the side is disabled.
  logic [63:0] micro;
  logic [63:0] ref_price;
  logic [79:0] sc_bid;
  logic [79:0] sc_ask;
  always_comb begin
    l7_d = l6_q;
    l7_d.lim_bid_t.notional = $signed({{64{l6_q.lim_bid_t.price[63]}}, l6_q.lim_bid_t.price}) * $signed({{64{l6_q.allow_bid[63]}}, l6_q.allow_bid});
    l7_d.lim_ask_t.notional = $signed({{64{l6_q.lim_ask_t.price[63]}}, l6_q.lim_ask_t.price}) * $signed({{64{l6_q.allow_ask[63]}}, l6_q.allow_ask});
    micro = l6_q.c.best_bid + (sw >> 16);
    ref_price = l6_q.c.cfg.use_microprice ? micro : l6_q.c.mid;
    sc_bid = l6_q.a_bid + l6_q.b_bid + (l6_q.cy[0] ? {31'd0, l6_q.vsh} : 80'd0);
    sc_ask = l6_q.a_ask + l6_q.b_ask + (l6_q.cy[1] ? {31'd0, l6_q.vsh} : 80'd0);
    l7_d.tgt_bid = ref_price - (l6_q.bid_en ? sc_bid[79:16] : 64'd0);
    l7_d.tgt_ask = ref_price + (l6_q.ask_en ? sc_ask[79:16] : 64'd0);
  end

  // ================================ cycles 8, 9: the post-only choice, range checks and the
  // risk pre-check's bounds
  // kernel.hpp refuses a price whose |price - mid| * 10^4 exceeds mid * bps: with M = mid * 10^4
  // and X = mid * bps that is price * 10^4 outside [M - X, M + X], so the risk stage compares one
  // product of the price with bounds made here, before the price is known.
  // The checks of desire() that come before and after the rounding are compares of the target:
  // the clamp's choice (above, at the limits' rounding), and the rounded target's range — a bid
  // rounds down to 0 exactly when its target is below the smallest valid price, an ask rounds
  // up above MAX_PRICE exactly when its target is above MAX_PRICE rounded down.
  logic [63:0] tol_tick;
  always_comb begin
    l8_d = l7_q;
    l8_d.mid_k = $signed({{64{l7_q.c.mid[63]}}, l7_q.c.mid}) * 128'sd10000;
    l8_d.mid_bps = $signed({{64{l7_q.c.mid[63]}}, l7_q.c.mid}) * $signed({112'd0, l7_q.c.cfg.price_band_bps});
    l8_d.cap = $signed({{64{l7_q.c.cfg.notional_cap[63]}}, l7_q.c.cfg.notional_cap}) * $signed({64'd0, hlmm_pkg::SIZE_SCALE});
    // settle_side's tolerance, tick_at(price) * ticks and at least 1, for each tick 10^e the price
    // can have (e in [0, 8]: tick_exponent's clamp and min_exp >= 0), so each candidate's is
    // picked by its exponent (the rounding's in cycle 10, the limits' in cycle 9) instead of
    // multiplied after it. Below 2^43.
    for (int e = 0; e <= 8; e++) begin
      tol_tick = hlmm_arith_pkg::pow10(5'(e));
      l8_d.tol_by_e[43*e +: 43] = l7_q.c.cfg.refresh_tolerance_ticks == 16'd0 ? 43'd1
                                 : tol_tick[26:0] * {27'd0, l7_q.c.cfg.refresh_tolerance_ticks};
    end
    l8_d.crosses = {!hlmm_arith_pkg::less_signed(l7_q.ref_bid, l7_q.tgt_ask),
                     !hlmm_arith_pkg::less_signed(l7_q.tgt_bid, l7_q.ref_ask)};
    l8_d.bad_tgt = {out_of_range(l7_q.tgt_ask), out_of_range(l7_q.tgt_bid)};
    l8_d.bad_rnd = {hlmm_arith_pkg::less_signed(MAXP_DOWN, l7_q.tgt_ask),
                     hlmm_arith_pkg::less_signed(l7_q.tgt_bid, l7_q.vmin)};
    l8_d.cool = {l7_q.c.has_fill[1] && l7_q.c.now_ns - l7_q.c.last_fill_ask < l7_q.c.cfg.fill_cooldown_ns,
                  l7_q.c.has_fill[0] && l7_q.c.now_ns - l7_q.c.last_fill_bid < l7_q.c.cfg.fill_cooldown_ns};
    l8_d.off = {!l7_q.ask_en || $signed(l7_q.curve) <= 64'sd0, !l7_q.bid_en || $signed(l7_q.curve) <= 64'sd0};

    l9_d = l8_q;
    l9_d.band_hi = l8_q.mid_k + l8_q.mid_bps;
    l9_d.band_lo = l8_q.mid_k - l8_q.mid_bps;
    l9_d.lim_bid_t.tol = hlmm_arith_pkg::by_exponent(l8_q.tol_by_e, l8_q.lim_bid_e);
    l9_d.lim_ask_t.tol = hlmm_arith_pkg::by_exponent(l8_q.tol_by_e, l8_q.lim_ask_e);
  end

  // ================================ cycles 8 .. 10: the targets' rounding ==================
  logic [63:0] px_bid;    // round_down_price(target)
  logic [63:0] px_ask;    // round_up_price(target)
  logic [127:0] px_bid_n;
  logic [127:0] px_ask_n;
  logic [127:0] px_bid_sc;
  logic [127:0] px_ask_sc;
  logic [7:0] unused_px_e [2];
  logic [42:0] px_bid_tol;  // the hysteresis threshold at the rounded target's tick
  logic [42:0] px_ask_tol;
  hlmm_tick_round u_px_bid (.clk_i, .p_i(l7_q.tgt_bid), .up_i(1'b0), .min_exp_i(l7_q.c.min_exp), .size_i(l7_q.allow_bid),
                            .by_exp_i(l9_q.tol_by_e), .price_o(px_bid), .notional_o(px_bid_n), .scaled_o(px_bid_sc),
                            .exp_o(unused_px_e[0]), .by_exp_o(px_bid_tol));
  hlmm_tick_round u_px_ask (.clk_i, .p_i(l7_q.tgt_ask), .up_i(1'b1), .min_exp_i(l7_q.c.min_exp), .size_i(l7_q.allow_ask),
                            .by_exp_i(l9_q.tol_by_e), .price_o(px_ask), .notional_o(px_ask_n), .scaled_o(px_ask_sc),
                            .exp_o(unused_px_e[1]), .by_exp_o(px_ask_tol));

  // ================================ cycle 10: the sides' reasons =============================
  // One side of detail::desire() by its flags; returns {cand, side_want_t}. cand: the side's
  // price is the candidate the clamp chose (the rounded target's or the limit's, which the risk
  // stage picks from the terms); otherwise it is the price given here. Plain vector arguments:
  // Yosys 0.23 has no struct-typed function variables.
  function automatic logic [136:0] finish_side(input logic crosses, input logic [7:0] blocked_r,
                                               input logic cool, input logic off, input logic bad_tgt,
                                               input logic bad_rnd, input logic bad_lim,
                                               input logic [63:0] curve, input logic [63:0] target);
    logic [7:0] reason;
    logic [63:0] r_price;
    logic [63:0] r_size;
    logic cand;
    reason = hlmm_pkg::R_NONE;
    r_price = 64'd0;
    r_size = 64'd0;
    cand = 1'b0;
    if (blocked_r != hlmm_pkg::R_NONE) begin
      reason = blocked_r;
    end else if (cool) begin
      reason = hlmm_pkg::R_FILL_COOLDOWN;
    end else if (off) begin
      reason = hlmm_pkg::R_SIDE_DISABLED;
    end else if (bad_tgt) begin
      reason = hlmm_pkg::R_PRICE_OUT_OF_RANGE;
      r_price = target;
      r_size = curve;
    end else begin
      if (crosses ? bad_lim : bad_rnd) reason = hlmm_pkg::R_PRICE_OUT_OF_RANGE;
      cand = 1'b1;
      r_size = curve;
    end
    finish_side = {cand, reason, r_price, r_size};
  endfunction

  hlmm_pkg::want_t w_d;
  logic [136:0] fin_bid;
  logic [136:0] fin_ask;
  always_comb begin
    fin_bid = finish_side(l9_q.crosses[0], l9_q.c.blocked, l9_q.cool[0], l9_q.off[0], l9_q.bad_tgt[0],
                          l9_q.bad_rnd[0], l9_q.bad_lim[0], l9_q.curve, l9_q.tgt_bid);
    fin_ask = finish_side(l9_q.crosses[1], l9_q.c.blocked, l9_q.cool[1], l9_q.off[1], l9_q.bad_tgt[1],
                          l9_q.bad_rnd[1], l9_q.bad_lim[1], l9_q.curve, l9_q.tgt_ask);
    w_d = '0;
    w_d.act = l9_q.c.act;
    w_d.reason = l9_q.c.reason;
    w_d.clear_resync = l9_q.c.clear_resync;
    w_d.ignored = l9_q.c.ignored;
    w_d.ev = l9_q.c.ev;
    w_d.cfg = l9_q.c.cfg;
    w_d.gcfg = l9_q.c.gcfg;
    w_d.mid = l9_q.c.mid;
    w_d.min_exp = l9_q.c.min_exp;
    w_d.position = l9_q.c.position;
    w_d.now_ns = l9_q.c.now_ns;
    w_d.curve_size = l9_q.curve;
    w_d.bid = fin_bid[135:0];
    w_d.ask = fin_ask[135:0];
    w_d.cand = {fin_ask[136], fin_bid[136]};
    w_d.allow_bid = l9_q.allow_bid;
    w_d.allow_ask = l9_q.allow_ask;
    w_d.band_hi = l9_q.band_hi;
    w_d.band_lo = l9_q.band_lo;
    w_d.cap = l9_q.cap;
    w_d.clamped = l9_q.crosses;
    w_d.bid_l = l9_q.lim_bid_t;
    w_d.ask_l = l9_q.lim_ask_t;
  end

  // ================================ the stage's registers ===================================
  hlmm_pkg::want_t w_q;
  always_ff @(posedge clk_i) begin
    l1_q <= l1_d;
    l2_q <= l1_q;
    l3_q <= l2_q;
    l4_q <= l4_d;
    l5_q <= l5_d;
    l6_q <= l6_d;
    l7_q <= l7_d;
    l8_q <= l8_d;
    l9_q <= l9_d;
    w_q <= w_d;
  end

  // Only the records' valid bits have a reset. Nothing reads a line of the datapath above while
  // its valid bit is low, so those registers need none (rtl/README.md, "Conventions"): the reset
  // net stays off ~46 k flip-flops and the delay lines can map to shift-register LUTs.
  logic [10:1] vld_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) vld_q <= '0;
    else vld_q <= {vld_q[9:1], b.valid};
  end

  // The risk stage reads the slot's resting quotes a cycle ahead of the record.
  assign next_asset_o = l9_q.c.ev.asset;

  // The rounded targets' terms come straight from the rounding's output registers, which end
  // cycle 10 with w_q.
  always_comb begin
    out_o = w_q;
    out_o.valid = vld_q[10];
    out_o.bid_r.tol = px_bid_tol;
    out_o.bid_r.notional = px_bid_n;
    out_o.bid_r.scaled = px_bid_sc;
    out_o.bid_r.price = px_bid;
    out_o.ask_r.tol = px_ask_tol;
    out_o.ask_r.notional = px_ask_n;
    out_o.ask_r.scaled = px_ask_sc;
    out_o.ask_r.price = px_ask;
  end

  // The table words as they arrive from the top's memories (cells in cycle 4, for cycle 5; the
  // size curve in cycle 5, for cycle 6).
  always_ff @(posedge clk_i) begin
    cell_even_q <= cell_even_i;
    cell_odd_q <= cell_odd_i;
    curve_q <= curve_i;
  end

endmodule
