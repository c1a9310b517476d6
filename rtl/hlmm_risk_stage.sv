// Risk stage: the pre-check (position limit with whole-lot shrinking, notional cap, price band)
// and the hysteresis compares in 1 cycle, then settle: the open-order cap, hysteresis, GCRA
// order-rate limit and each side's state machine, which decide the record's intents (at most
// two) and give them out in the same cycle, for the output FIFO's memory to register. Settle's
// state (sides, open orders, GCRA TAT) is written in that one cycle and read the cycle before,
// with what the record then settling writes taken in its place, so back-to-back records — any
// asset, since open orders and the TAT are global — see each other's effects without stalls.
// The counters are updated the cycle after, from registers of the intents' kinds and reasons.
// Mirrors the second half of detail::desire() and detail::settle_side() in kernel.hpp.
module hlmm_risk_stage #(
  parameter int M = 32,
  parameter int FIFO_PW = 7   // the output FIFO's pointer width: log2 of its depth, and a wrap bit
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  hlmm_pkg::want_t in_i,
  input  logic [7:0] rd_asset_i,                // the asset in_i carries next cycle (its slot is read ahead)
  output logic [FIFO_PW-1:0] wr_ptr_o,          // the output FIFO's next free entry
  output logic even_we_o,                       // the intents as the FIFO's two banks take them: the
  output logic odd_we_o,                        // first at wr_ptr_o, the second at the entry after
  output hlmm_pkg::quote_intent_t even_o,
  output hlmm_pkg::quote_intent_t odd_o,
  output logic retire_o,                        // a record's counters are updated this cycle: it leaves
  output logic [70*64-1:0] counters_o,          // PipelineCounters image, 64-bit words
  output logic [31:0] open_orders_o,
  output logic [63:0] rate_tat_o
);
  localparam int AW = (M > 1) ? $clog2(M) : 1;

  // ================================ check (cycle 1) =========================================
  // Settle closes its loop in one cycle (the next record may be of the same slot, and the open
  // orders and TAT are global), so everything else is worked out the cycle before, from the
  // quote stage's registers: the pre-check's compares of the price's terms with the bounds the
  // quote stage made (notional with the size the position limit allows against the cap, price *
  // 10^4 against the band) and the side's reason; the hysteresis verdicts against the slot's
  // resting quotes (read the cycle before) — and, because the record settling in this same cycle
  // may be of the same slot and may requote a side, against the price, size and time it would
  // write (settle picks one by that record's outcome, sent_q); the open-order cap's compares at
  // every count that record can leave (settle picks by its change, dz_q); and the GCRA's terms.
  // Each side's price and terms are those of the candidate the post-only clamp chose (the quote
  // stage's `clamped`), picked in front of the compares, where the pick and the subtraction's bit
  // share a LUT.

  // a > b, both signed 128-bit, as the sign of b - a one bit wider (see hlmm_arith_pkg::at_least).
  function automatic logic greater128(input logic [127:0] a, input logic [127:0] b);
    logic [128:0] diff;
    diff = {b[127], b} - {a[127], a};
    greater128 = diff[128];
  endfunction

  // The side's verdict from its flags; returns a side_want_t. A side the quote stage leaves
  // without a reason is refused here for the position limit, the notional cap or the band, in
  // that order; its price is the chosen candidate's when `cand`.
  function automatic logic [135:0] check_side(input logic [7:0] s_reason, input logic [63:0] s_price,
                                              input logic [63:0] s_size, input logic [63:0] size,
                                              input logic cap_on, input logic band_on,
                                              input logic over_cap, input logic out_band);
    logic [7:0] reason;
    logic [63:0] r_size;
    reason = s_reason;
    r_size = s_size;
    if (s_reason == hlmm_pkg::R_NONE) begin
      r_size = size;
      if ($signed(size) <= 64'sd0) begin
        reason = hlmm_pkg::R_POSITION_LIMIT;
        r_size = s_size;  // the refused value is the curve's size
      end else if (cap_on && over_cap) begin
        reason = hlmm_pkg::R_NOTIONAL_CAP;
      end else if (band_on && out_band) begin
        reason = hlmm_pkg::R_PRICE_BAND;
      end
    end
    check_side = {reason, s_price, r_size};
  endfunction

  // Whether a live quote at (r_price, r_size, sent at r_emit) may stay for the desired one, as
  // its four conditions {same size, not moved down by the tolerance, nor up, refresh interval not
  // elapsed}. |price - r_price| < tolerance is two compares side by side, not a difference picked
  // by a third: both prices are in (0, 2^47] (a side is live only after a valid quote), so
  // neither difference overflows. Only a side without a reason uses them, whose size is the one
  // the position limit allows.
  function automatic logic [3:0] keeps(input logic [63:0] price, input logic [63:0] size,
                                       input logic [63:0] tolerance, input logic [63:0] now,
                                       input logic [63:0] refresh, input logic [63:0] r_price,
                                       input logic [63:0] r_size, input logic [63:0] r_emit);
    keeps = {r_size == size, hlmm_arith_pkg::less_signed(price - r_price, tolerance),
             hlmm_arith_pkg::less_signed(r_price - price, tolerance),
             !(refresh != 64'd0 && hlmm_arith_pkg::at_least(now - r_emit, refresh))};
  endfunction

  function automatic logic is_cancel_reason(input logic [7:0] r);
    is_cancel_reason = r == hlmm_pkg::R_KILL_GLOBAL || r == hlmm_pkg::R_KILL_ASSET || r == hlmm_pkg::R_STALE_BOOK ||
                       r == hlmm_pkg::R_EMPTY_BOOK || r == hlmm_pkg::R_FILL_COOLDOWN || r == hlmm_pkg::R_SIDE_DISABLED;
  endfunction

  // The compares and the conditions are nets of their own (keep): ABC takes the carry chains'
  // results as inputs that arrive at time zero, and folded them deep into the logic behind them
  // (the size compare's AND tree, the reason's priority); kept apart, each verdict is one or two
  // LUTs after the last of them.
  (* keep *) logic [1:0] over_cap;
  (* keep *) logic [1:0] out_band;
  (* keep *) logic [3:0] keep_arr [2];
  (* keep *) logic [3:0] keep_fwd [2];

  logic [1:0] live_q [M];
  logic [7:0] last_bid_reason_q [M];
  logic [7:0] last_ask_reason_q [M];
  // The resting quotes per slot: written on a send, read only where the side is live, so they
  // need no reset (a side turns live only by the send that writes them) and map to LUTRAM.
  logic [63:0] bid_price_q [M];
  logic [63:0] ask_price_q [M];
  logic [63:0] bid_size_q [M];
  logic [63:0] ask_size_q [M];
  logic [63:0] bid_emit_q [M];
  logic [63:0] ask_emit_q [M];
  logic [31:0] open_orders_q;  // the count before the record that settled last cycle (its change: dz_q)
  logic [31:0] oo_before;      // the count before the record settling now
  logic [4:0] dz;              // the settling record's change to the count, one-hot over -2 .. +2
  logic [4:0] dz_q;
  logic [63:0] rate_tat_q;
  logic [1:0] sent_q;  // the sides the record that just settled quoted: the next one's fwd compares apply

  hlmm_pkg::want_t w;
  assign w = in_i;
  logic [AW-1:0] h_idx;
  assign h_idx = w.ev.asset[AW-1:0];
  hlmm_pkg::settle_in_t k_d;
  hlmm_pkg::settle_in_t k_q;  // the record in settle
  logic [1:0] send;   // settle: the record quotes the side (its price, size and time replace the slot's)

  // The slot's resting quotes, read the cycle before the record's check (the quote stage gives
  // its asset a cycle ahead) and registered, so the check starts from registers. The record
  // settling in that cycle writes the slot at its end: when it is of the same slot and quotes a
  // side, its quote is taken instead of the memory's.
  logic [AW-1:0] r_idx;
  logic r_byp;
  logic [63:0] rd_price_q [2];
  logic [63:0] rd_size_q [2];
  logic [63:0] rd_emit_q [2];
  assign r_idx = rd_asset_i[AW-1:0];
  assign r_byp = k_q.w.valid && k_q.w.ev.asset[AW-1:0] == r_idx;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int j = 0; j < 2; j++) begin
        rd_price_q[j] <= 64'd0;
        rd_size_q[j] <= 64'd0;
        rd_emit_q[j] <= 64'd0;
      end
    end else begin
      rd_price_q[0] <= (r_byp && send[0]) ? k_q.w.bid.price : bid_price_q[r_idx];
      rd_price_q[1] <= (r_byp && send[1]) ? k_q.w.ask.price : ask_price_q[r_idx];
      rd_size_q[0] <= (r_byp && send[0]) ? k_q.w.bid.size : bid_size_q[r_idx];
      rd_size_q[1] <= (r_byp && send[1]) ? k_q.w.ask.size : ask_size_q[r_idx];
      rd_emit_q[0] <= (r_byp && send[0]) ? k_q.w.now_ns : bid_emit_q[r_idx];
      rd_emit_q[1] <= (r_byp && send[1]) ? k_q.w.now_ns : ask_emit_q[r_idx];
    end
  end

  hlmm_pkg::risk_terms_t t_bid;
  hlmm_pkg::risk_terms_t t_ask;
  logic cap_on;
  logic band_on;
  always_comb begin
    unique case (1'b1)
      dz_q[0]: oo_before = open_orders_q - 32'd2;
      dz_q[1]: oo_before = open_orders_q - 32'd1;
      dz_q[3]: oo_before = open_orders_q + 32'd1;
      dz_q[4]: oo_before = open_orders_q + 32'd2;
      default: oo_before = open_orders_q;
    endcase
    t_bid = w.clamped[0] ? w.bid_l : w.bid_r;
    t_ask = w.clamped[1] ? w.ask_l : w.ask_r;
    cap_on = w.cfg.notional_cap != 64'd0;
    band_on = w.cfg.price_band_bps != 16'd0;
    over_cap[0] = greater128(t_bid.notional, w.cap);
    over_cap[1] = greater128(t_ask.notional, w.cap);
    out_band[0] = greater128(t_bid.scaled, w.band_hi) || greater128(w.band_lo, t_bid.scaled);
    out_band[1] = greater128(t_ask.scaled, w.band_hi) || greater128(w.band_lo, t_ask.scaled);
    keep_arr[0] = keeps(t_bid.price, w.allow_bid, {21'd0, t_bid.tol}, w.now_ns, w.cfg.refresh_interval_ns,
                        rd_price_q[0], rd_size_q[0], rd_emit_q[0]);
    keep_arr[1] = keeps(t_ask.price, w.allow_ask, {21'd0, t_ask.tol}, w.now_ns, w.cfg.refresh_interval_ns,
                        rd_price_q[1], rd_size_q[1], rd_emit_q[1]);
    keep_fwd[0] = keeps(t_bid.price, w.allow_bid, {21'd0, t_bid.tol}, w.now_ns, w.cfg.refresh_interval_ns,
                        k_q.w.bid.price, k_q.w.bid.size, k_q.w.now_ns);
    keep_fwd[1] = keeps(t_ask.price, w.allow_ask, {21'd0, t_ask.tol}, w.now_ns, w.cfg.refresh_interval_ns,
                        k_q.w.ask.price, k_q.w.ask.size, k_q.w.now_ns);

    k_d = '0;
    k_d.w = w;
    // The pre-check's inputs are not needed after this cycle: zeroed, their registers go.
    k_d.w.band_hi = '0;
    k_d.w.band_lo = '0;
    k_d.w.cap = '0;
    k_d.w.allow_bid = '0;
    k_d.w.allow_ask = '0;
    k_d.w.clamped = '0;
    k_d.w.cand = '0;
    k_d.w.bid_r = '0;
    k_d.w.bid_l = '0;
    k_d.w.ask_r = '0;
    k_d.w.ask_l = '0;
    k_d.w.bid = check_side(w.bid.reason, w.cand[0] ? t_bid.price : w.bid.price, w.bid.size, w.allow_bid,
                           cap_on, band_on, over_cap[0], out_band[0]);
    k_d.w.ask = check_side(w.ask.reason, w.cand[1] ? t_ask.price : w.ask.price, w.ask.size, w.allow_ask,
                           cap_on, band_on, over_cap[1], out_band[1]);
    for (int j = 0; j < 2; j++) begin
      k_d.hold_arr[j] = &keep_arr[j];
      k_d.hold_fwd[j] = &keep_fwd[j];
    end
    k_d.fwd_same = k_q.w.valid && k_q.w.ev.asset[AW-1:0] == h_idx;
    // The slot's side states as the records before the one settling now left them; settle takes
    // that record's own (s_live_q, s_last_q) instead when it wrote the same slot.
    k_d.fwd_wrote = k_q.w.valid && k_q.w.act != hlmm_pkg::ACT_UNKNOWN && k_q.w.act != hlmm_pkg::ACT_NONE &&
                    k_q.w.ev.asset[AW-1:0] == h_idx;
    k_d.live_rd = live_q[h_idx];
    k_d.last_rd_bid = last_bid_reason_q[h_idx];
    k_d.last_rd_ask = last_ask_reason_q[h_idx];
    k_d.refused[0] = k_d.w.bid.reason != hlmm_pkg::R_NONE;
    k_d.refused[1] = k_d.w.ask.reason != hlmm_pkg::R_NONE;
    // The pre-check adds only reject reasons, so the kind follows the quote stage's reason.
    k_d.cancel_kind[0] = is_cancel_reason(w.bid.reason);
    k_d.cancel_kind[1] = is_cancel_reason(w.ask.reason);
    k_d.cap_en = w.gcfg.max_open_orders != 16'd0;
    k_d.rate_on = w.gcfg.rate_interval_ns != 64'd0;
    // The open-order cap compares count + c >= max_open_orders for c = -3 .. +3, made here from
    // the count before the record settling now: that record changes it by z (-2 .. +2, dz_q next
    // cycle), side 0 of this one by -1 .. +1, so settle picks c = z + (side 0's change). Exact
    // integers (64-bit signed: the count and the cap are far from the top), as the C++ compares.
    for (int c = 0; c < 7; c++) begin
      k_d.oo_ge_at[c] = !hlmm_arith_pkg::less_signed(64'(oo_before), 64'(w.gcfg.max_open_orders) + 64'd3 - 64'(c));
    end
    k_d.now_tol = w.now_ns + w.gcfg.rate_tolerance_ns;
    k_d.iv2 = w.gcfg.rate_interval_ns + w.gcfg.rate_interval_ns;
    k_d.now_iv = w.now_ns + w.gcfg.rate_interval_ns;
    k_d.now_iv2 = w.now_ns + k_d.iv2;
    k_d.now_iv_gt = k_d.now_iv > w.now_ns;
    k_d.tol_lt_now_iv = k_d.now_tol < k_d.now_iv;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) k_q <= '0;
    else k_q <= k_d;
  end

  // ================================ settle (cycle 2) ========================================
  // Each side's outcome is a handful of flags: refused (a reason: cancel or reject it once), held
  // (hysteresis keeps the live quote), rate-limited, or sent. Side 1 sees side 0's outcome only
  // through which open-order threshold applies and which TAT the GCRA checks, both selects of
  // values worked out from the registers beside side 0, so the loop is no chain of counts. The
  // slot's sides come from the check cycle's read, or from what the record settling the cycle
  // before wrote there: a two-way select where a read of the slot's memories was.
  logic [AW-1:0] idx;
  logic known;
  logic quote;
  logic resync;
  assign idx = k_q.w.ev.asset[AW-1:0];
  assign known = k_q.w.valid && k_q.w.act != hlmm_pkg::ACT_UNKNOWN && k_q.w.act != hlmm_pkg::ACT_NONE;
  assign quote = k_q.w.valid && k_q.w.act == hlmm_pkg::ACT_QUOTE;
  assign resync = k_q.w.valid && k_q.w.act == hlmm_pkg::ACT_RESYNC;

  logic [1:0] live;          // the slot's sides before the record
  logic [7:0] last [2];      // their last reported reasons
  logic [7:0] pre [2];       // the pre-check's reasons
  logic [2:0] oo_ge;         // open orders + {-1, 0, +1} >= max_open_orders
  logic tat_gt_now;
  logic [63:0] tat_iv;       // rate_tat_q + interval
  logic [63:0] tat1;         // the TAT after one send
  logic tat1_gt_now;
  logic [63:0] tat1_iv;      // tat1 + interval
  logic [63:0] tat2;         // after two
  logic blk0;                // now + tolerance < TAT: a send is not conforming, before any of this record's
  logic blk1;                // ... after one
  logic [1:0] fresh;         // a snapshot ended and the side's last report was "needs resync": it no longer counts
  logic [1:0] cap;           // refused by the open-order cap
  logic [1:0] refuse;        // the side has a reason (the pre-check's or the cap)
  logic [7:0] reason [2];    // ... which one
  logic [1:0] hold;
  logic [1:0] wants;         // an update would be sent, rate permitting
  logic [1:0] blk;           // the GCRA blocks this side's send
  logic [1:0] limited;       // rate-limited
  logic [1:0] dec;           // a resting order goes away
  logic [1:0] inc;           // a new one rests
  logic [1:0] emit;          // the side has an intent
  logic [1:0] live_d;
  logic [7:0] last_d [2];
  logic [63:0] rate_tat_d;
  logic [1:0] s_live_q;       // what the record that settled last cycle wrote to its slot's sides
  logic [7:0] s_last_q [2];
  always_comb begin
    live = k_q.fwd_wrote ? s_live_q : k_q.live_rd;
    last[0] = k_q.fwd_wrote ? s_last_q[0] : k_q.last_rd_bid;
    last[1] = k_q.fwd_wrote ? s_last_q[1] : k_q.last_rd_ask;
    pre[0] = k_q.w.bid.reason;
    pre[1] = k_q.w.ask.reason;
    for (int j = 0; j < 3; j++) begin
      oo_ge[j] = 1'b0;
      for (int z = 0; z < 5; z++) oo_ge[j] = oo_ge[j] | (dz_q[z] && k_q.oo_ge_at[z + j]);
    end
    tat_gt_now = rate_tat_q > k_q.w.now_ns;
    tat_iv = rate_tat_q + k_q.w.gcfg.rate_interval_ns;
    tat1 = tat_gt_now ? tat_iv : k_q.now_iv;
    tat1_gt_now = tat_gt_now ? tat_iv > k_q.w.now_ns : k_q.now_iv_gt;
    tat1_iv = tat_gt_now ? rate_tat_q + k_q.iv2 : k_q.now_iv2;
    tat2 = tat1_gt_now ? tat1_iv : k_q.now_iv;
    blk0 = k_q.rate_on && k_q.now_tol < rate_tat_q;
    blk1 = k_q.rate_on && (tat_gt_now ? k_q.now_tol < tat_iv : k_q.tol_lt_now_iv);

    for (int s = 0; s < 2; s++) begin
      fresh[s] = k_q.w.clear_resync && last[s] == hlmm_pkg::R_NEEDS_RESYNC;
      hold[s] = live[s] && (k_q.fwd_same && sent_q[s] ? k_q.hold_fwd[s] : k_q.hold_arr[s]);
    end
    // Side 0, then side 1 with side 0's effect on the open orders and the TAT.
    cap[0] = quote && !k_q.refused[0] && !live[0] && k_q.cap_en && oo_ge[1];
    refuse[0] = quote && (k_q.refused[0] || cap[0]);
    wants[0] = quote && !k_q.refused[0] && !cap[0] && !hold[0];
    blk[0] = blk0;  // side 1's may follow a send of side 0 (blk1)
    limited[0] = wants[0] && blk[0];
    send[0] = wants[0] && !blk[0];
    dec[0] = (resync || refuse[0]) && live[0];
    inc[0] = send[0] && !live[0];
    cap[1] = quote && !k_q.refused[1] && !live[1] && k_q.cap_en &&
             (dec[0] ? oo_ge[0] : (inc[0] ? oo_ge[2] : oo_ge[1]));
    refuse[1] = quote && (k_q.refused[1] || cap[1]);
    wants[1] = quote && !k_q.refused[1] && !cap[1] && !hold[1];
    blk[1] = (send[0] && k_q.rate_on) ? blk1 : blk0;
    limited[1] = wants[1] && blk[1];
    send[1] = wants[1] && !blk[1];
    dec[1] = (resync || refuse[1]) && live[1];
    inc[1] = send[1] && !live[1];

    for (int s = 0; s < 2; s++) begin
      reason[s] = cap[s] ? hlmm_pkg::R_OPEN_ORDER_CAP : pre[s];
      // A refusal is reported once (a live quote is always cancelled); so is a rate limit.
      emit[s] = (refuse[s] && (live[s] || fresh[s] || last[s] != reason[s])) ||
                (limited[s] && (fresh[s] || last[s] != hlmm_pkg::R_RATE_LIMIT)) || send[s];
      live_d[s] = send[s] || (live[s] && !resync && !refuse[s]);
      if (resync) last_d[s] = hlmm_pkg::R_NEEDS_RESYNC;
      else if (refuse[s]) last_d[s] = reason[s];
      else if (limited[s]) last_d[s] = hlmm_pkg::R_RATE_LIMIT;
      else if (send[s] || fresh[s]) last_d[s] = hlmm_pkg::R_NONE;
      else last_d[s] = last[s];
    end

    // The change to the open-order count, one-hot; the count itself takes it a cycle later, so
    // no adder closes the loop.
    unique case ({inc[0], dec[0], inc[1], dec[1]})
      4'b0101: dz = 5'b00001;
      4'b0100, 4'b0001: dz = 5'b00010;
      4'b1000, 4'b0010: dz = 5'b01000;
      4'b1010: dz = 5'b10000;
      default: dz = 5'b00100;  // none, or one in and one out
    endcase
    // The TAT after this record's conforming sends (each pushes it one interval on).
    unique case ({send[0] && k_q.rate_on, send[1] && k_q.rate_on})
      2'b00: rate_tat_d = rate_tat_q;
      2'b11: rate_tat_d = tat2;
      default: rate_tat_d = tat1;
    endcase
  end

  // The slot's memories: the sides always (the record is of a known slot), a side's quote only
  // when it is sent.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int a = 0; a < M; a++) begin
        live_q[a] <= 2'b00;
        last_bid_reason_q[a] <= hlmm_pkg::R_NONE;
        last_ask_reason_q[a] <= hlmm_pkg::R_NONE;
      end
    end else if (known) begin
      live_q[idx] <= live_d;
      last_bid_reason_q[idx] <= last_d[0];
      last_ask_reason_q[idx] <= last_d[1];
    end
  end

  always_ff @(posedge clk_i) begin
    if (known && send[0]) begin
      bid_price_q[idx] <= k_q.w.bid.price;
      bid_size_q[idx] <= k_q.w.bid.size;
      bid_emit_q[idx] <= k_q.w.now_ns;
    end
  end

  always_ff @(posedge clk_i) begin
    if (known && send[1]) begin
      ask_price_q[idx] <= k_q.w.ask.price;
      ask_size_q[idx] <= k_q.w.ask.size;
      ask_emit_q[idx] <= k_q.w.now_ns;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      open_orders_q <= 32'd0;
      rate_tat_q <= 64'd0;
      sent_q <= 2'b00;
      s_live_q <= 2'b00;
      s_last_q[0] <= 8'd0;
      s_last_q[1] <= 8'd0;
      dz_q <= 5'b00100;
    end else begin
      s_live_q <= live_d;
      s_last_q[0] <= last_d[0];
      s_last_q[1] <= last_d[1];
      dz_q <= dz;
      open_orders_q <= oo_before;
      rate_tat_q <= rate_tat_d;
      sent_q <= send;
    end
  end

  // ================================ the intents =============================================
  // The settling record's intents, one per side that has one, made from settle's flags and the
  // record's registers in settle's own cycle: the output FIFO's memory registers them. An unknown asset or a resync is one reject for both sides,
  // in side 0's place.
  logic [1:0] i_emit;
  logic [7:0] i_kind [2];
  logic [7:0] i_side [2];
  logic [7:0] i_reason [2];
  logic [63:0] i_price [2];
  logic [63:0] i_size [2];
  logic one_reject;
  logic [255:0] intent [2];
  always_comb begin
    one_reject = k_q.w.valid && (k_q.w.act == hlmm_pkg::ACT_UNKNOWN || k_q.w.act == hlmm_pkg::ACT_RESYNC);
    for (int s = 0; s < 2; s++) begin
      i_emit[s] = k_q.w.valid && emit[s];
      i_side[s] = 8'(s);
      i_price[s] = (s == 0) ? k_q.w.bid.price : k_q.w.ask.price;
      i_size[s] = (s == 0) ? k_q.w.bid.size : k_q.w.ask.size;
      if (send[s]) begin
        i_kind[s] = hlmm_pkg::IK_QUOTE;
        i_reason[s] = hlmm_pkg::R_NONE;
      end else if (limited[s]) begin
        i_kind[s] = hlmm_pkg::IK_REJECT;
        i_reason[s] = hlmm_pkg::R_RATE_LIMIT;
      end else begin
        i_kind[s] = (k_q.cancel_kind[s] && !cap[s]) ? hlmm_pkg::IK_CANCEL : hlmm_pkg::IK_REJECT;
        i_reason[s] = reason[s];
      end
    end
    if (one_reject) begin
      i_emit = 2'b01;
      i_kind[0] = hlmm_pkg::IK_REJECT;
      i_side[0] = hlmm_pkg::SIDE_BOTH;
      i_reason[0] = k_q.w.act == hlmm_pkg::ACT_UNKNOWN ? hlmm_pkg::R_UNKNOWN_ASSET : k_q.w.reason;
      i_price[0] = k_q.w.ev.price;
      i_size[0] = k_q.w.ev.size;
    end
    for (int s = 0; s < 2; s++) begin
      // A QuoteIntent (fields MSB first, as quote_intent_t).
      intent[s] = {k_q.w.ev.ts_ns, i_size[s], i_price[s], k_q.w.ev.seq, i_reason[s], i_side[s], k_q.w.ev.asset, i_kind[s]};
    end
  end
  // Written into the output FIFO from here rather than from the top: Yosys synthesizes the
  // stages apart from the top, and there ABC took these late flags for early inputs and mapped
  // the packing two LUTs deep behind them. The FIFO's banks hold the even and odd entries; the
  // write pointer picks among its increments rather than adding the count.
  logic [255:0] first;
  logic [FIFO_PW-1:0] wr_ptr_q;
  logic [FIFO_PW-1:0] wr_ptr_d;
  always_comb begin
    first = i_emit[0] ? intent[0] : intent[1];
    even_we_o = wr_ptr_q[0] ? &i_emit : |i_emit;
    odd_we_o = wr_ptr_q[0] ? |i_emit : &i_emit;
    even_o = wr_ptr_q[0] ? intent[1] : first;
    odd_o = wr_ptr_q[0] ? first : intent[1];
    unique case (i_emit)
      2'b01, 2'b10: wr_ptr_d = wr_ptr_q + FIFO_PW'(1);
      2'b11: wr_ptr_d = wr_ptr_q + FIFO_PW'(2);
      default: wr_ptr_d = wr_ptr_q;
    endcase
  end
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) wr_ptr_q <= '0;
    else wr_ptr_q <= wr_ptr_d;
  end
  assign wr_ptr_o = wr_ptr_q;

  // ---- counters (PipelineCounters: events, intents, quotes, cancels, rejects, ignored,
  // by_reason[64]), one 64-bit word each, in the C++ struct's order, updated from registers of
  // the intents' kinds and reasons the cycle after (retire_o), off the intents' path. Each word
  // adds the number (0 .. 2) of the record's intents it counts, decoded per word, so no word's
  // sum waits on another's.
  logic e_valid_q;
  logic e_ignored_q;
  logic [1:0] e_emit_q;
  logic [7:0] e_kind_q [2];
  logic [7:0] e_reason_q [2];
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      e_valid_q <= 1'b0;
      e_ignored_q <= 1'b0;
      e_emit_q <= 2'b00;
      for (int s = 0; s < 2; s++) begin
        e_kind_q[s] <= 8'd0;
        e_reason_q[s] <= 8'd0;
      end
    end else begin
      e_valid_q <= k_q.w.valid;
      e_ignored_q <= k_q.w.ignored;
      e_emit_q <= i_emit;
      for (int s = 0; s < 2; s++) begin
        e_kind_q[s] <= i_kind[s];
        e_reason_q[s] <= i_reason[s];
      end
    end
  end

  logic [1:0] e_count;
  assign e_count = {1'b0, e_emit_q[0]} + {1'b0, e_emit_q[1]};

  logic [1:0] cnt_inc [70];
  always_comb begin
    for (int c = 0; c < 70; c++) cnt_inc[c] = 2'd0;
    cnt_inc[0] = {1'b0, e_valid_q};
    cnt_inc[1] = e_count;
    cnt_inc[5] = {1'b0, e_valid_q && e_ignored_q};
    for (int c = 0; c < 64; c++) begin
      cnt_inc[6 + c] = {1'b0, e_emit_q[0] && e_kind_q[0] != hlmm_pkg::IK_QUOTE && e_reason_q[0] == 8'(c)} +
                       {1'b0, e_emit_q[1] && e_kind_q[1] != hlmm_pkg::IK_QUOTE && e_reason_q[1] == 8'(c)};
    end
    cnt_inc[2] = {1'b0, e_emit_q[0] && e_kind_q[0] == hlmm_pkg::IK_QUOTE} + {1'b0, e_emit_q[1] && e_kind_q[1] == hlmm_pkg::IK_QUOTE};
    cnt_inc[3] = {1'b0, e_emit_q[0] && e_kind_q[0] == hlmm_pkg::IK_CANCEL} + {1'b0, e_emit_q[1] && e_kind_q[1] == hlmm_pkg::IK_CANCEL};
    cnt_inc[4] = {1'b0, e_emit_q[0] && e_kind_q[0] == hlmm_pkg::IK_REJECT} + {1'b0, e_emit_q[1] && e_kind_q[1] == hlmm_pkg::IK_REJECT};
  end

  logic [70*64-1:0] cnt_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) cnt_q <= '0;
    else for (int c = 0; c < 70; c++) cnt_q[c*64 +: 64] <= cnt_q[c*64 +: 64] + {62'd0, cnt_inc[c]};
  end
  assign counters_o = cnt_q;
  assign retire_o = e_valid_q;
  assign open_orders_o = oo_before;
  assign rate_tat_o = rate_tat_q;

endmodule
