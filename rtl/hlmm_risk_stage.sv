// Risk stage: the pre-check (position limit with whole-lot shrinking, notional cap, price band,
// hysteresis threshold) in 3 cycles, the hysteresis compares in a fourth, then the settle cycle: open-order cap, hysteresis, GCRA
// order-rate limit and each side's state machine, which turn the desired quotes into at most two
// intents, plus every counter. The settle state (sides, open orders, GCRA TAT, counters) is read
// and written in that one cycle, so back-to-back records — any asset, since open orders and the
// TAT are global — see each other's effects without forwarding or stalls.
// Mirrors the second half of detail::desire() and detail::settle_side() in kernel.hpp.
module hlmm_risk_stage #(
  parameter int M = 32
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  hlmm_pkg::want_t in_i,
  output logic [1:0] out_count_o,               // intents this cycle (0 .. 2), in order
  output hlmm_pkg::quote_intent_t out0_o,
  output hlmm_pkg::quote_intent_t out1_o,
  output logic retire_o,                        // a record's counters are updated this cycle: it leaves
  output logic [70*64-1:0] counters_o,          // PipelineCounters image, 64-bit words
  output logic [31:0] open_orders_o,
  output logic [63:0] rate_tat_o
);
  localparam int AW = (M > 1) ? $clog2(M) : 1;

  // ================================ pre-check (cycles 1 .. 3) ===============================
  // Cycle 1: the size the position limit allows (the quote stage brought the room and its
  // whole-lot floor), the distance from mid, the tick exponent at the price. Cycle 2: the
  // products (notional, its cap, both sides of the band, the hysteresis threshold), one on any
  // path. Cycle 3: the compares and the side's reason.

  function automatic logic [63:0] limited_size(input logic [63:0] s_size, input logic [63:0] room,
                                               input logic [63:0] lots);
    limited_size = s_size;
    if ($signed(s_size) > $signed(room)) limited_size = $signed(room) > 64'sd0 ? lots : 64'd0;
  endfunction

  function automatic logic [63:0] distance_to(input logic [63:0] price, input logic [63:0] mid);
    distance_to = $signed(price) > $signed(mid) ? price - mid : mid - price;
  endfunction

  // The side's verdict; returns a side_want_t.
  function automatic logic [199:0] check_side(input logic [7:0] s_reason, input logic [63:0] s_price,
                                              input logic [63:0] s_size, input logic [63:0] size,
                                              input logic [63:0] notional_cap, input logic [15:0] band_bps,
                                              input logic [127:0] notional, input logic [127:0] cap,
                                              input logic [127:0] band_l, input logic [127:0] band_r,
                                              input logic [127:0] tol);
    logic [7:0] reason;
    logic [63:0] r_size;
    logic [63:0] tolerance;
    tolerance = ($signed(tol[63:0]) < 64'sd1) ? 64'd1 : tol[63:0];
    reason = s_reason;
    r_size = s_size;
    if (s_reason == hlmm_pkg::R_NONE) begin
      r_size = size;
      if ($signed(size) <= 64'sd0) begin
        reason = hlmm_pkg::R_POSITION_LIMIT;
        r_size = s_size;  // the refused value is the curve's size
      end else if (notional_cap != 64'd0 && $signed(notional) > $signed(cap)) begin
        reason = hlmm_pkg::R_NOTIONAL_CAP;
      end else if (band_bps != 16'd0 && $signed(band_l) > $signed(band_r)) begin
        reason = hlmm_pkg::R_PRICE_BAND;
      end
    end
    check_side = {reason, s_price, r_size, tolerance};
  endfunction

  hlmm_pkg::want_t w;
  assign w = in_i;
  hlmm_pkg::chk_t k1_d, k1_q, k2_d, k2_q;
  hlmm_pkg::want_t h_d;
  hlmm_pkg::want_t h_q;
  always_comb begin
    k1_d = '0;
    k1_d.w = w;
    k1_d.bid.size = limited_size(w.bid.size, w.room_bid, w.lots_bid);
    k1_d.ask.size = limited_size(w.ask.size, w.room_ask, w.lots_ask);
    k1_d.bid.distance = distance_to(w.bid.price, w.mid);
    k1_d.ask.distance = distance_to(w.ask.price, w.mid);
    k1_d.bid.e = hlmm_arith_pkg::tick_exponent(w.bid.price, $signed(w.min_exp));
    k1_d.ask.e = hlmm_arith_pkg::tick_exponent(w.ask.price, $signed(w.min_exp));

    k2_d = k1_q;
    k2_d.bid.notional = $signed({{64{k1_q.w.bid.price[63]}}, k1_q.w.bid.price}) * $signed({{64{k1_q.bid.size[63]}}, k1_q.bid.size});
    k2_d.ask.notional = $signed({{64{k1_q.w.ask.price[63]}}, k1_q.w.ask.price}) * $signed({{64{k1_q.ask.size[63]}}, k1_q.ask.size});
    k2_d.bid.band_l = $signed({{64{k1_q.bid.distance[63]}}, k1_q.bid.distance}) * 128'sd10000;
    k2_d.ask.band_l = $signed({{64{k1_q.ask.distance[63]}}, k1_q.ask.distance}) * 128'sd10000;
    k2_d.bid.tol = {64'd0, hlmm_arith_pkg::pow10(5'(k1_q.bid.e))} * {112'd0, k1_q.w.cfg.refresh_tolerance_ticks};
    k2_d.ask.tol = {64'd0, hlmm_arith_pkg::pow10(5'(k1_q.ask.e))} * {112'd0, k1_q.w.cfg.refresh_tolerance_ticks};
    k2_d.cap = $signed({{64{k1_q.w.cfg.notional_cap[63]}}, k1_q.w.cfg.notional_cap}) * $signed({64'd0, hlmm_pkg::SIZE_SCALE});
    k2_d.band_r = $signed({{64{k1_q.w.mid[63]}}, k1_q.w.mid}) * $signed({112'd0, k1_q.w.cfg.price_band_bps});

    h_d = k2_q.w;
    h_d.bid = check_side(k2_q.w.bid.reason, k2_q.w.bid.price, k2_q.w.bid.size, k2_q.bid.size,
                         k2_q.w.cfg.notional_cap, k2_q.w.cfg.price_band_bps, k2_q.bid.notional, k2_q.cap,
                         k2_q.bid.band_l, k2_q.band_r, k2_q.bid.tol);
    h_d.ask = check_side(k2_q.w.ask.reason, k2_q.w.ask.price, k2_q.w.ask.size, k2_q.ask.size,
                         k2_q.w.cfg.notional_cap, k2_q.w.cfg.price_band_bps, k2_q.ask.notional, k2_q.cap,
                         k2_q.ask.band_l, k2_q.band_r, k2_q.ask.tol);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      k1_q <= '0;
      k2_q <= '0;
      h_q <= '0;
    end else begin
      k1_q <= k1_d;
      k2_q <= k2_d;
      h_q <= h_d;
    end
  end

  // ================================ compare (cycle 4) and settle (cycle 5) ==================
  // Settle closes its loop in one cycle (the next record may be of the same slot, and the open
  // orders and TAT are global), so what can be worked out before it is: the hysteresis compares
  // against the side state in the memories — and, because the record settling in that same cycle
  // may be of the same slot and may requote a side, against the price, size and time it would
  // write. Settle picks one of the two by that record's outcome (sent_q), a flag, not 64-bit
  // arithmetic.
  logic [1:0] live_q [M];
  logic [7:0] last_bid_reason_q [M];
  logic [7:0] last_ask_reason_q [M];
  logic [63:0] bid_price_q [M];
  logic [63:0] ask_price_q [M];
  logic [63:0] bid_size_q [M];
  logic [63:0] ask_size_q [M];
  logic [63:0] bid_emit_q [M];
  logic [63:0] ask_emit_q [M];
  logic [31:0] open_orders_q;
  logic [63:0] rate_tat_q;
  logic [1:0] sent_q;  // the sides the record that just settled quoted: the next one's fwd compares apply

  logic [AW-1:0] h_idx;
  assign h_idx = h_q.ev.asset[AW-1:0];

  // One side's hysteresis compares against a resting (price, size, sent-at) triple; returns
  // {size_eq, moved_lt, expired}.
  function automatic logic [2:0] hysteresis(input logic [63:0] price, input logic [63:0] size,
                                            input logic [63:0] tolerance, input logic [63:0] now,
                                            input logic [63:0] refresh, input logic [63:0] r_price,
                                            input logic [63:0] r_size, input logic [63:0] r_emit);
    logic [63:0] moved;
    moved = price > r_price ? price - r_price : r_price - price;  // both in (0, 2^47]
    hysteresis = {r_size == size, $signed(moved) < $signed(tolerance),
                  refresh != 64'd0 && now - r_emit >= refresh};
  endfunction

  hlmm_pkg::settle_in_t k_d;
  hlmm_pkg::settle_in_t k_q;
  logic [2:0] hy_arr [2];
  logic [2:0] hy_fwd [2];
  always_comb begin
    hy_arr[0] = hysteresis(h_q.bid.price, h_q.bid.size, h_q.bid.tolerance, h_q.now_ns, h_q.cfg.refresh_interval_ns,
                           bid_price_q[h_idx], bid_size_q[h_idx], bid_emit_q[h_idx]);
    hy_arr[1] = hysteresis(h_q.ask.price, h_q.ask.size, h_q.ask.tolerance, h_q.now_ns, h_q.cfg.refresh_interval_ns,
                           ask_price_q[h_idx], ask_size_q[h_idx], ask_emit_q[h_idx]);
    hy_fwd[0] = hysteresis(h_q.bid.price, h_q.bid.size, h_q.bid.tolerance, h_q.now_ns, h_q.cfg.refresh_interval_ns,
                           k_q.w.bid.price, k_q.w.bid.size, k_q.w.now_ns);
    hy_fwd[1] = hysteresis(h_q.ask.price, h_q.ask.size, h_q.ask.tolerance, h_q.now_ns, h_q.cfg.refresh_interval_ns,
                           k_q.w.ask.price, k_q.w.ask.size, k_q.w.now_ns);
    k_d = '0;
    k_d.w = h_q;
    for (int j = 0; j < 2; j++) begin
      k_d.size_eq_arr[j] = hy_arr[j][2];
      k_d.moved_lt_arr[j] = hy_arr[j][1];
      k_d.expired_arr[j] = hy_arr[j][0];
      k_d.size_eq_fwd[j] = hy_fwd[j][2];
      k_d.moved_lt_fwd[j] = hy_fwd[j][1];
      k_d.expired_fwd[j] = hy_fwd[j][0];
    end
    k_d.fwd_same = k_q.w.valid && k_q.w.ev.asset[AW-1:0] == h_idx;
    k_d.now_tol = h_q.now_ns + h_q.gcfg.rate_tolerance_ns;
    k_d.iv2 = h_q.gcfg.rate_interval_ns + h_q.gcfg.rate_interval_ns;
    k_d.now_iv = h_q.now_ns + h_q.gcfg.rate_interval_ns;
    k_d.now_iv2 = h_q.now_ns + k_d.iv2;
    k_d.now_iv_gt = k_d.now_iv > h_q.now_ns;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) k_q <= '0;
    else k_q <= k_d;
  end

  logic [AW-1:0] idx;
  logic known;
  assign idx = k_q.w.ev.asset[AW-1:0];
  assign known = k_q.w.valid && k_q.w.act != hlmm_pkg::ACT_UNKNOWN && k_q.w.act != hlmm_pkg::ACT_NONE;

  // Side state after the record, and what it emits.
  logic [1:0] live_d;
  logic [7:0] last_reason_d [2];
  logic [63:0] price_d [2];
  logic [63:0] size_d [2];
  logic [63:0] emit_d [2];
  logic [31:0] open_orders_d;
  logic [63:0] rate_tat_d;
  logic [1:0] n_out;
  logic [255:0] out_d [2];  // quote_intent_t images: kind [7:0], reason [31:24]

  // A QuoteIntent for the record in the settle register (fields MSB first, as quote_intent_t).
  function automatic logic [255:0] intent(input logic [7:0] kind, input logic [7:0] side, input logic [7:0] reason,
                                          input logic [63:0] price, input logic [63:0] size,
                                          input logic [63:0] ts_ns, input logic [31:0] seq, input logic [7:0] asset);
    intent = {ts_ns, size, price, seq, reason, side, asset, kind};
  endfunction

  hlmm_pkg::side_want_t d;
  // Settle's global state enters its loop through compares made straight from the registers:
  // the open-order cap at each count the first side can leave (-1, 0, +1), and the GCRA TAT after
  // zero, one or two sends (the second update starts from the first's result, max(TAT, now) +
  // interval, so both are sums of registers and precomputed terms, selected, not chained).
  logic [2:0] oo_ge;        // open_orders_q + {-1, 0, +1} >= max_open_orders
  logic tat_gt_now;
  logic [63:0] tat_iv;      // rate_tat_q + interval
  logic [63:0] tat1;        // the TAT after one send
  logic tat1_gt_now;
  logic [63:0] tat1_iv;     // tat1 + interval
  logic [63:0] tat2;        // after two
  logic blk0;               // now + tolerance < TAT, before any send of this record
  logic blk1;               // ... after one
  logic signed [2:0] doo;   // this record's change to the open-order count so far
  logic [1:0] nrate;        // this record's sends that moved the TAT so far
  logic hold;
  logic use_fwd;
  logic [1:0] sent;  // the record quoted this side: its price, size and time replace the slot's
  always_comb begin
    live_d = live_q[idx];
    last_reason_d[0] = last_bid_reason_q[idx];
    last_reason_d[1] = last_ask_reason_q[idx];
    price_d[0] = bid_price_q[idx];
    price_d[1] = ask_price_q[idx];
    size_d[0] = bid_size_q[idx];
    size_d[1] = ask_size_q[idx];
    emit_d[0] = bid_emit_q[idx];
    emit_d[1] = ask_emit_q[idx];
    for (int j = 0; j < 3; j++) begin
      oo_ge[j] = open_orders_q + 32'(j) - 32'd1 >= {16'd0, k_q.w.gcfg.max_open_orders};
    end
    tat_gt_now = rate_tat_q > k_q.w.now_ns;
    tat_iv = rate_tat_q + k_q.w.gcfg.rate_interval_ns;
    tat1 = tat_gt_now ? tat_iv : k_q.now_iv;
    tat1_gt_now = tat_gt_now ? tat_iv > k_q.w.now_ns : k_q.now_iv_gt;
    tat1_iv = tat_gt_now ? rate_tat_q + k_q.iv2 : k_q.now_iv2;
    tat2 = tat1_gt_now ? tat1_iv : k_q.now_iv;
    blk0 = k_q.now_tol < rate_tat_q;
    blk1 = k_q.now_tol < tat1;
    doo = 3'sd0;
    nrate = 2'd0;
    open_orders_d = open_orders_q;
    rate_tat_d = rate_tat_q;
    n_out = 2'd0;
    out_d[0] = '0;
    out_d[1] = '0;
    d = '0;
    hold = 1'b0;
    use_fwd = 1'b0;
    sent = 2'b00;
    if (k_q.w.valid) begin
      unique case (k_q.w.act)
        hlmm_pkg::ACT_UNKNOWN: begin
          out_d[0] = intent(hlmm_pkg::IK_REJECT, hlmm_pkg::SIDE_BOTH, hlmm_pkg::R_UNKNOWN_ASSET, k_q.w.ev.price, k_q.w.ev.size, k_q.w.ev.ts_ns, k_q.w.ev.seq, k_q.w.ev.asset);
          n_out = 2'd1;
        end
        hlmm_pkg::ACT_RESYNC: begin
          for (int s = 0; s < 2; s++) begin
            if (live_d[s]) doo = doo - 3'sd1;
            live_d[s] = 1'b0;
            last_reason_d[s] = hlmm_pkg::R_NEEDS_RESYNC;
          end
          out_d[0] = intent(hlmm_pkg::IK_REJECT, hlmm_pkg::SIDE_BOTH, k_q.w.reason, k_q.w.ev.price, k_q.w.ev.size, k_q.w.ev.ts_ns, k_q.w.ev.seq, k_q.w.ev.asset);
          n_out = 2'd1;
        end
        hlmm_pkg::ACT_QUOTE: begin
          if (k_q.w.clear_resync) begin
            for (int s = 0; s < 2; s++) begin
              if (last_reason_d[s] == hlmm_pkg::R_NEEDS_RESYNC) last_reason_d[s] = hlmm_pkg::R_NONE;
            end
          end
          for (int s = 0; s < 2; s++) begin
            d = (s == 0) ? k_q.w.bid : k_q.w.ask;
            // The open-order cap sees the other side's outcome of this same record.
            if (d.reason == hlmm_pkg::R_NONE && !live_d[s] && k_q.w.gcfg.max_open_orders != 16'd0 &&
                oo_ge[2'(doo + 3'sd1)]) begin
              d.reason = hlmm_pkg::R_OPEN_ORDER_CAP;
            end
            if (d.reason != hlmm_pkg::R_NONE) begin
              if (live_d[s] || last_reason_d[s] != d.reason) begin
                if (live_d[s]) doo = doo - 3'sd1;
                live_d[s] = 1'b0;
                last_reason_d[s] = d.reason;
                out_d[n_out[0]] = intent((d.reason == hlmm_pkg::R_KILL_GLOBAL || d.reason == hlmm_pkg::R_KILL_ASSET ||
                                          d.reason == hlmm_pkg::R_STALE_BOOK || d.reason == hlmm_pkg::R_EMPTY_BOOK ||
                                          d.reason == hlmm_pkg::R_FILL_COOLDOWN || d.reason == hlmm_pkg::R_SIDE_DISABLED)
                                             ? hlmm_pkg::IK_CANCEL : hlmm_pkg::IK_REJECT,
                                         8'(s), d.reason, d.price, d.size, k_q.w.ev.ts_ns, k_q.w.ev.seq, k_q.w.ev.asset);
                n_out = n_out + 2'd1;
              end
            end else begin
              use_fwd = k_q.fwd_same && sent_q[s];
              hold = live_d[s] && (use_fwd ? k_q.size_eq_fwd[s] : k_q.size_eq_arr[s]) &&
                     (use_fwd ? k_q.moved_lt_fwd[s] : k_q.moved_lt_arr[s]) &&
                     !(use_fwd ? k_q.expired_fwd[s] : k_q.expired_arr[s]);
              if (!hold) begin
                if (k_q.w.gcfg.rate_interval_ns != 64'd0 && (nrate == 2'd0 ? blk0 : blk1)) begin
                  // The update is not sent; a live quote stays live (host: keep the resting order).
                  if (last_reason_d[s] != hlmm_pkg::R_RATE_LIMIT) begin
                    last_reason_d[s] = hlmm_pkg::R_RATE_LIMIT;
                    out_d[n_out[0]] = intent(hlmm_pkg::IK_REJECT, 8'(s), hlmm_pkg::R_RATE_LIMIT, d.price, d.size, k_q.w.ev.ts_ns, k_q.w.ev.seq, k_q.w.ev.asset);
                    n_out = n_out + 2'd1;
                  end
                end else begin
                  if (k_q.w.gcfg.rate_interval_ns != 64'd0) nrate = nrate + 2'd1;
                  if (!live_d[s]) doo = doo + 3'sd1;
                  live_d[s] = 1'b1;
                  last_reason_d[s] = hlmm_pkg::R_NONE;
                  price_d[s] = d.price;
                  size_d[s] = d.size;
                  emit_d[s] = k_q.w.now_ns;
                  sent[s] = 1'b1;
                  out_d[n_out[0]] = intent(hlmm_pkg::IK_QUOTE, 8'(s), hlmm_pkg::R_NONE, d.price, d.size, k_q.w.ev.ts_ns, k_q.w.ev.seq, k_q.w.ev.asset);
                  n_out = n_out + 2'd1;
                end
              end
            end
          end
        end
        default: ;
      endcase
    end
    open_orders_d = open_orders_q + {{29{doo[2]}}, doo};
    rate_tat_d = nrate == 2'd0 ? rate_tat_q : (nrate == 2'd1 ? tat1 : tat2);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (int a = 0; a < M; a++) begin
        live_q[a] <= 2'b00;
        last_bid_reason_q[a] <= hlmm_pkg::R_NONE;
        last_ask_reason_q[a] <= hlmm_pkg::R_NONE;
        bid_price_q[a] <= 64'd0;
        ask_price_q[a] <= 64'd0;
        bid_size_q[a] <= 64'd0;
        ask_size_q[a] <= 64'd0;
        bid_emit_q[a] <= 64'd0;
        ask_emit_q[a] <= 64'd0;
      end
    end else if (known) begin
      live_q[idx] <= live_d;
      last_bid_reason_q[idx] <= last_reason_d[0];
      last_ask_reason_q[idx] <= last_reason_d[1];
      bid_price_q[idx] <= price_d[0];
      ask_price_q[idx] <= price_d[1];
      bid_size_q[idx] <= size_d[0];
      ask_size_q[idx] <= size_d[1];
      bid_emit_q[idx] <= emit_d[0];
      ask_emit_q[idx] <= emit_d[1];
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      open_orders_q <= 32'd0;
      rate_tat_q <= 64'd0;
    end else begin
      open_orders_q <= open_orders_d;
      rate_tat_q <= rate_tat_d;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) sent_q <= 2'b00;
    else sent_q <= sent;
  end

  // ---- counters (PipelineCounters: events, intents, quotes, cancels, rejects, ignored,
  // by_reason[64]), one 64-bit word each, in the C++ struct's order. They are updated the cycle
  // after settle from a register of what it emitted, so the settle loop does not run through
  // their increment multiplexers; the record leaves the stage (retire_o) with that update.
  logic tally_valid_q;
  logic tally_ignored_q;
  logic [1:0] tally_n_q;
  logic [7:0] tally_kind_q [2];
  logic [5:0] tally_reason_q [2];
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      tally_valid_q <= 1'b0;
      tally_ignored_q <= 1'b0;
      tally_n_q <= 2'd0;
      for (int j = 0; j < 2; j++) begin
        tally_kind_q[j] <= 8'd0;
        tally_reason_q[j] <= 6'd0;
      end
    end else begin
      tally_valid_q <= k_q.w.valid;
      tally_ignored_q <= k_q.w.ignored;
      tally_n_q <= n_out;
      for (int j = 0; j < 2; j++) begin
        tally_kind_q[j] <= out_d[j][7:0];
        tally_reason_q[j] <= out_d[j][29:24];
      end
    end
  end

  logic [70*64-1:0] cnt_q;
  logic [70*64-1:0] cnt_d;
  always_comb begin
    cnt_d = cnt_q;
    if (tally_valid_q) begin
      cnt_d[0*64 +: 64] = cnt_q[0*64 +: 64] + 64'd1;
      cnt_d[1*64 +: 64] = cnt_q[1*64 +: 64] + {62'd0, tally_n_q};
      cnt_d[5*64 +: 64] = cnt_q[5*64 +: 64] + {63'd0, tally_ignored_q};
      for (int j = 0; j < 2; j++) begin
        if (tally_n_q > 2'(j)) begin
          if (tally_kind_q[j] == hlmm_pkg::IK_QUOTE) cnt_d[2*64 +: 64] = cnt_d[2*64 +: 64] + 64'd1;
          if (tally_kind_q[j] == hlmm_pkg::IK_CANCEL) cnt_d[3*64 +: 64] = cnt_d[3*64 +: 64] + 64'd1;
          if (tally_kind_q[j] == hlmm_pkg::IK_REJECT) cnt_d[4*64 +: 64] = cnt_d[4*64 +: 64] + 64'd1;
          if (tally_kind_q[j] != hlmm_pkg::IK_QUOTE) begin
            cnt_d[(6 + 32'(tally_reason_q[j]))*64 +: 64] = cnt_d[(6 + 32'(tally_reason_q[j]))*64 +: 64] + 64'd1;
          end
        end
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) cnt_q <= '0;
    else cnt_q <= cnt_d;
  end
  assign counters_o = cnt_q;
  assign retire_o = tally_valid_q;

  assign out_count_o = n_out;
  assign out0_o = out_d[0];
  assign out1_o = out_d[1];
  assign open_orders_o = open_orders_q;
  assign rate_tat_o = rate_tat_q;

endmodule
