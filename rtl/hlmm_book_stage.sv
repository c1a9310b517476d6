// Book stage: per-asset state (top-N book, sequence, resync, position, funding, volatility, fill
// timers) read, updated and written back in one cycle, so the next record of the same asset sees
// this record's effects with no forwarding network and no stall. Mirrors the first half of
// pipeline_step() in hls/include/hlmm/kernel.hpp (validation, sequencing, book, resync) and hands
// the quote stage the post-update snapshot together with the record's configuration.
module hlmm_book_stage #(
  parameter int N = 16,
  parameter int M = 32
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic in_valid_i,
  input  hlmm_pkg::market_event_t in_ev_i,
  input  hlmm_pkg::asset_cfg_t in_cfg_i,    // configuration of in_ev_i's slot (any value if >= M)
  input  hlmm_pkg::global_cfg_t in_gcfg_i,
  input  logic in_table_valid_i,            // the slot's active bank holds a table
  output hlmm_pkg::book_out_t out_o,
  // Debug read of one slot's state (AXI4-Lite readback; docs/register-map.md), one cycle after
  // dbg_asset_i.
  input  logic [7:0] dbg_asset_i,
  output logic [N*64-1:0] dbg_bid_px_o,
  output logic [N*64-1:0] dbg_bid_sz_o,
  output logic [N*64-1:0] dbg_ask_px_o,
  output logic [N*64-1:0] dbg_ask_sz_o,
  output logic [7:0] dbg_bid_cnt_o,
  output logic [7:0] dbg_ask_cnt_o,
  output logic dbg_needs_resync_o,
  output logic dbg_in_snapshot_o,
  output logic [63:0] dbg_position_o
);
  localparam int AW = (M > 1) ? $clog2(M) : 1;
  localparam logic [63:0] MAXP = hlmm_pkg::MAX_PRICE;
  localparam logic [63:0] MAXS = hlmm_pkg::MAX_SIZE;

  // ---- per-asset state -------------------------------------------------------------------
  // The wide per-slot words are memories: one write port at the record's slot, asynchronous reads
  // at the record's slot and at the debug slot, so on the card M slots cost LUTRAM rather than
  // ~4.6 kbit of flip-flops each (and synthesis sees memories, not 150 k registers and their
  // M-way multiplexers). Memories have no reset: live_q (reset to 0) says which slots have been
  // written since reset, and a slot that has not reads as the reset state.
  logic [M-1:0] live_q;
  logic [N*64-1:0] bid_px_q [M];
  logic [N*64-1:0] bid_sz_q [M];
  logic [N*64-1:0] ask_px_q [M];
  logic [N*64-1:0] ask_sz_q [M];
  logic [7:0] bid_cnt_q [M];
  logic [7:0] ask_cnt_q [M];
  logic [31:0] next_seq_q [M];
  logic [M-1:0] seq_valid_q;
  logic [M-1:0] needs_resync_q;
  logic [M-1:0] in_snapshot_q;
  logic [63:0] now_q [M];
  logic [63:0] book_ns_q [M];
  logic [63:0] position_q [M];
  logic [63:0] funding_q [M];
  logic [63:0] vol_q [M];
  logic [M-1:0] fill_bid_q;
  logic [M-1:0] fill_ask_q;
  logic [63:0] last_fill_bid_q [M];
  logic [63:0] last_fill_ask_q [M];

  hlmm_pkg::market_event_t ev;
  logic [AW-1:0] idx;
  logic in_range;
  logic asset_ok;
  assign ev = in_ev_i;
  assign in_range = {24'd0, ev.asset} < M;
  assign idx = ev.asset[AW-1:0];
  assign asset_ok = in_valid_i && in_range && in_cfg_i.enabled;

  // The record's slot as it stands: the reset state until the slot is first written.
  logic [N*64-1:0] bid_px_r;
  logic [N*64-1:0] bid_sz_r;
  logic [N*64-1:0] ask_px_r;
  logic [N*64-1:0] ask_sz_r;
  logic [7:0] bid_cnt_r;
  logic [7:0] ask_cnt_r;
  logic [31:0] next_seq_r;
  logic [63:0] now_r;
  logic [63:0] book_ns_r;
  logic [63:0] position_r;
  logic [63:0] funding_r;
  logic [63:0] vol_r;
  logic [63:0] last_fill_bid_r;
  logic [63:0] last_fill_ask_r;
  always_comb begin
    bid_px_r = live_q[idx] ? bid_px_q[idx] : '0;
    bid_sz_r = live_q[idx] ? bid_sz_q[idx] : '0;
    ask_px_r = live_q[idx] ? ask_px_q[idx] : '0;
    ask_sz_r = live_q[idx] ? ask_sz_q[idx] : '0;
    bid_cnt_r = live_q[idx] ? bid_cnt_q[idx] : 8'd0;
    ask_cnt_r = live_q[idx] ? ask_cnt_q[idx] : 8'd0;
    next_seq_r = live_q[idx] ? next_seq_q[idx] : 32'd0;
    now_r = live_q[idx] ? now_q[idx] : 64'd0;
    book_ns_r = live_q[idx] ? book_ns_q[idx] : 64'd0;
    position_r = live_q[idx] ? position_q[idx] : 64'd0;
    funding_r = live_q[idx] ? funding_q[idx] : 64'd0;
    vol_r = live_q[idx] ? vol_q[idx] : hlmm_pkg::VOL_SCALE;
    last_fill_bid_r = live_q[idx] ? last_fill_bid_q[idx] : 64'd0;
    last_fill_ask_r = live_q[idx] ? last_fill_ask_q[idx] : 64'd0;
  end

  // ---- validation (detail::validate) ------------------------------------------------------
  logic [7:0] bad;
  logic one_side;
  logic price_ok;
  always_comb begin
    one_side = ev.side == hlmm_pkg::SIDE_BID || ev.side == hlmm_pkg::SIDE_ASK;
    price_ok = $signed(ev.price) > 64'sd0 && $signed(ev.price) <= $signed(MAXP);
    bad = hlmm_pkg::R_NONE;
    unique case (ev.kind)
      hlmm_pkg::EV_BOOK_LEVEL: begin
        if (!one_side) bad = hlmm_pkg::R_BAD_SIDE;
        else if ($signed(ev.size) < 64'sd0 || $signed(ev.size) > $signed(MAXS)) bad = hlmm_pkg::R_BAD_SIZE;
        else if (!price_ok) bad = hlmm_pkg::R_PRICE_OUT_OF_RANGE;
      end
      hlmm_pkg::EV_BOOK_CLEAR: begin
        if (!(one_side || ev.side == hlmm_pkg::SIDE_BOTH)) bad = hlmm_pkg::R_BAD_SIDE;
      end
      hlmm_pkg::EV_TRADE, hlmm_pkg::EV_FILL: begin
        if (!one_side) bad = hlmm_pkg::R_BAD_SIDE;
        else if ($signed(ev.size) <= 64'sd0 || $signed(ev.size) > $signed(MAXS)) bad = hlmm_pkg::R_BAD_SIZE;
        else if (!price_ok) bad = hlmm_pkg::R_PRICE_OUT_OF_RANGE;
      end
      hlmm_pkg::EV_FUNDING: begin
        if ($signed(ev.price) < -$signed(MAXP) || $signed(ev.price) > $signed(MAXP)) bad = hlmm_pkg::R_PRICE_OUT_OF_RANGE;
      end
      hlmm_pkg::EV_VOLATILITY: begin
        if ($signed(ev.size) <= 64'sd0 || $signed(ev.size) > hlmm_pkg::MAX_VOL_MULTIPLIER) bad = hlmm_pkg::R_BAD_SIZE;
      end
      hlmm_pkg::EV_TIMER: bad = hlmm_pkg::R_NONE;
      default: bad = hlmm_pkg::R_BAD_KIND;
    endcase
  end

  // ---- apply_level on the record's side: compare all N levels at once, then shift ----------
  logic is_bid;
  logic [N*64-1:0] side_px;
  logic [N*64-1:0] side_sz;
  logic [7:0] side_cnt;
  logic [N*64-1:0] lvl_px;
  logic [N*64-1:0] lvl_sz;
  logic [7:0] lvl_cnt;
  logic found;
  assign is_bid = ev.side == hlmm_pkg::SIDE_BID;
  assign side_px = is_bid ? bid_px_r : ask_px_r;
  assign side_sz = is_bid ? bid_sz_r : ask_sz_r;
  assign side_cnt = is_bid ? bid_cnt_r : ask_cnt_r;

  // Each side's levels are kept sorted best first and distinct, so `better` (level i is valid and
  // ranks ahead of the record's price) is a thermometer code: ones up to the rank, zeros after.
  // Every shift select is then one or two bits of it, not a count of it (the C++ model's rank)
  // decoded again: the same result with the popcount and its decoder off this loop.
  logic [N-1:0] better;
  logic [N-1:0] same;
  always_comb begin
    for (int i = 0; i < N; i++) begin
      better[i] = 8'(i) < side_cnt && (is_bid ? ($signed(side_px[i*64 +: 64]) > $signed(ev.price))
                                              : ($signed(side_px[i*64 +: 64]) < $signed(ev.price)));
      same[i] = 8'(i) < side_cnt && side_px[i*64 +: 64] == ev.price;
    end
    found = |same;
    lvl_px = side_px;
    lvl_sz = side_sz;
    lvl_cnt = side_cnt;
    if (found) begin
      if ($signed(ev.size) > 64'sd0) begin
        for (int i = 0; i < N; i++) begin
          if (same[i]) lvl_sz[i*64 +: 64] = ev.size;
        end
      end else begin
        // Delete: every level from the found one on (the first not better) takes its successor.
        for (int i = 0; i < N - 1; i++) begin
          if (!better[i]) begin
            lvl_px[i*64 +: 64] = side_px[(i+1)*64 +: 64];
            lvl_sz[i*64 +: 64] = side_sz[(i+1)*64 +: 64];
          end
        end
        lvl_px[(N-1)*64 +: 64] = 64'd0;
        lvl_sz[(N-1)*64 +: 64] = 64'd0;
        lvl_cnt = side_cnt - 8'd1;
      end
    end else if (ev.size != 64'd0 && !better[N-1]) begin
      // Insert at the rank (the first level not better); the worse levels move down one.
      for (int i = 0; i < N; i++) begin
        if (!better[i]) begin
          if (i == 0 || better[i == 0 ? 0 : i - 1]) begin
            lvl_px[i*64 +: 64] = ev.price;
            lvl_sz[i*64 +: 64] = ev.size;
          end else begin
            lvl_px[i*64 +: 64] = side_px[(i == 0 ? 0 : i - 1)*64 +: 64];
            lvl_sz[i*64 +: 64] = side_sz[(i == 0 ? 0 : i - 1)*64 +: 64];
          end
        end
      end
      if (side_cnt < 8'(N)) lvl_cnt = side_cnt + 8'd1;
    end
  end

  // ---- the crossing check, beside the shift rather than after it ------------------------------
  // A level record changes only its own side's best, to one of three values known before the
  // shift: the old best, the record's price (inserted at the top) or the old second level (the
  // top deleted). All three are compared with the other side's best in parallel, and the level
  // logic's own selects pick the answer. Clear records leave a side empty, so never cross.
  logic [63:0] other_best;
  logic [7:0] other_cnt;
  logic [2:0] cross_if;   // crossed if the new best were {old second, record's price, old best}
  logic level_crossed;
  always_comb begin
    other_best = is_bid ? ask_px_r[63:0] : bid_px_r[63:0];
    other_cnt = is_bid ? ask_cnt_r : bid_cnt_r;
    cross_if[0] = is_bid ? $signed(side_px[63:0]) >= $signed(other_best) : $signed(other_best) >= $signed(side_px[63:0]);
    cross_if[1] = is_bid ? $signed(ev.price) >= $signed(other_best) : $signed(other_best) >= $signed(ev.price);
    cross_if[2] = N > 1 ? (is_bid ? $signed(side_px[(N > 1 ? 64 : 0) +: 64]) >= $signed(other_best)
                                  : $signed(other_best) >= $signed(side_px[(N > 1 ? 64 : 0) +: 64]))
                        : (is_bid ? 64'sd0 >= $signed(other_best) : $signed(other_best) >= 64'sd0);
    level_crossed = cross_if[0];
    if (found && $signed(ev.size) <= 64'sd0 && !better[0]) level_crossed = cross_if[2];
    if (!found && ev.size != 64'd0 && !better[N-1] && !better[0]) level_crossed = cross_if[1];
    level_crossed = level_crossed && lvl_cnt != 8'd0 && other_cnt != 8'd0;
  end

  // ---- the record's effect on the asset (pipeline_step up to the quote context) -------------
  logic [N*64-1:0] bid_px_d;
  logic [N*64-1:0] bid_sz_d;
  logic [N*64-1:0] ask_px_d;
  logic [N*64-1:0] ask_sz_d;
  logic [7:0] bid_cnt_d;
  logic [7:0] ask_cnt_d;
  logic seq_valid_d;
  logic needs_resync_d;
  logic in_snapshot_d;
  logic [63:0] now_d;
  logic [63:0] book_ns_d;
  logic [63:0] position_d;
  logic [63:0] funding_d;
  logic [63:0] vol_d;
  logic fill_bid_d;
  logic fill_ask_d;
  logic [63:0] last_fill_bid_d;
  logic [63:0] last_fill_ask_d;
  logic [1:0] act;
  logic [7:0] reason;
  logic ignored;
  logic clear_resync;

  logic rebase;
  logic gap;
  logic book_record;
  logic eos;
  logic stop;
  logic crossed;

  always_comb begin
    bid_px_d = bid_px_r;
    bid_sz_d = bid_sz_r;
    ask_px_d = ask_px_r;
    ask_sz_d = ask_sz_r;
    bid_cnt_d = bid_cnt_r;
    ask_cnt_d = ask_cnt_r;
    needs_resync_d = needs_resync_q[idx];
    in_snapshot_d = in_snapshot_q[idx];
    book_ns_d = book_ns_r;
    position_d = position_r;
    funding_d = funding_r;
    vol_d = vol_r;
    fill_bid_d = fill_bid_q[idx];
    fill_ask_d = fill_ask_q[idx];
    last_fill_bid_d = last_fill_bid_r;
    last_fill_ask_d = last_fill_ask_r;
    act = hlmm_pkg::ACT_NONE;
    reason = hlmm_pkg::R_NONE;
    ignored = 1'b0;
    clear_resync = 1'b0;
    stop = 1'b0;
    crossed = 1'b0;

    now_d = (ev.ts_ns > now_r) ? ev.ts_ns : now_r;
    rebase = ev.kind == hlmm_pkg::EV_BOOK_CLEAR && ev.side == hlmm_pkg::SIDE_BOTH;
    gap = seq_valid_q[idx] && !needs_resync_q[idx] && !rebase && ev.seq != next_seq_r;
    seq_valid_d = seq_valid_q[idx] | rebase;
    book_record = ev.kind == hlmm_pkg::EV_BOOK_LEVEL || ev.kind == hlmm_pkg::EV_BOOK_CLEAR;
    eos = (ev.flags & hlmm_pkg::FLAG_END_OF_SNAPSHOT) != 8'd0;

    if (!(in_range && in_cfg_i.enabled)) begin
      act = hlmm_pkg::ACT_UNKNOWN;
      reason = hlmm_pkg::R_UNKNOWN_ASSET;
    end else if (bad != hlmm_pkg::R_NONE) begin
      needs_resync_d = 1'b1;
      in_snapshot_d = 1'b0;
      act = hlmm_pkg::ACT_RESYNC;
      reason = bad;
    end else begin
      // A fill is never dropped, even when it reveals a gap: position must stay true.
      if (ev.kind == hlmm_pkg::EV_FILL) begin
        if (is_bid) begin
          position_d = position_r + ev.size;
          fill_bid_d = 1'b1;
          last_fill_bid_d = now_d;
        end else begin
          position_d = position_r - ev.size;
          fill_ask_d = 1'b1;
          last_fill_ask_d = now_d;
        end
      end
      if (gap) begin
        needs_resync_d = 1'b1;
        in_snapshot_d = 1'b0;
        act = hlmm_pkg::ACT_RESYNC;
        reason = hlmm_pkg::R_OUT_OF_SEQUENCE;
      end else begin
        unique case (ev.kind)
          hlmm_pkg::EV_BOOK_LEVEL: begin
            if (needs_resync_q[idx] && !in_snapshot_q[idx]) begin
              ignored = 1'b1;
              stop = 1'b1;
            end else begin
              if (is_bid) begin
                bid_px_d = lvl_px;
                bid_sz_d = lvl_sz;
                bid_cnt_d = lvl_cnt;
              end else begin
                ask_px_d = lvl_px;
                ask_sz_d = lvl_sz;
                ask_cnt_d = lvl_cnt;
              end
              book_ns_d = now_d;
            end
          end
          hlmm_pkg::EV_BOOK_CLEAR: begin
            if (ev.side != hlmm_pkg::SIDE_ASK) begin
              bid_px_d = '0;
              bid_sz_d = '0;
              bid_cnt_d = 8'd0;
            end
            if (ev.side != hlmm_pkg::SIDE_BID) begin
              ask_px_d = '0;
              ask_sz_d = '0;
              ask_cnt_d = 8'd0;
            end
            in_snapshot_d = 1'b1;
            book_ns_d = now_d;
          end
          hlmm_pkg::EV_FUNDING: funding_d = ev.price;
          hlmm_pkg::EV_VOLATILITY: vol_d = ev.size;
          default: ;
        endcase
        if (!stop) begin
          if (book_record && eos) in_snapshot_d = 1'b0;
          // Mid-snapshot books are partial: the crossing check waits for the snapshot's end.
          crossed = ev.kind == hlmm_pkg::EV_BOOK_LEVEL && level_crossed;
          if (book_record && !in_snapshot_d) begin
            if (crossed) begin
              needs_resync_d = 1'b1;
              in_snapshot_d = 1'b0;
              act = hlmm_pkg::ACT_RESYNC;
              reason = hlmm_pkg::R_CROSSED_BOOK;
            end else if (eos) begin
              needs_resync_d = 1'b0;
              clear_resync = 1'b1;
            end
          end
          if (act != hlmm_pkg::ACT_RESYNC) begin
            act = (needs_resync_d || in_snapshot_d) ? hlmm_pkg::ACT_NONE : hlmm_pkg::ACT_QUOTE;
          end
        end
      end
    end
  end

  // ---- state registers ----------------------------------------------------------------------
  // The per-slot flags, with their reset (every asset waits for its first snapshot).
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      live_q <= '0;
      seq_valid_q <= '0;
      needs_resync_q <= '1;
      in_snapshot_q <= '0;
      fill_bid_q <= '0;
      fill_ask_q <= '0;
    end else if (asset_ok) begin
      live_q[idx] <= 1'b1;
      seq_valid_q[idx] <= seq_valid_d;
      needs_resync_q[idx] <= needs_resync_d;
      in_snapshot_q[idx] <= in_snapshot_d;
      fill_bid_q[idx] <= fill_bid_d;
      fill_ask_q[idx] <= fill_ask_d;
    end
  end

  // The per-slot words: memories, written at the record's slot (no reset: see live_q).
  always_ff @(posedge clk_i) begin
    if (asset_ok) begin
      bid_px_q[idx] <= bid_px_d;
      bid_sz_q[idx] <= bid_sz_d;
      ask_px_q[idx] <= ask_px_d;
      ask_sz_q[idx] <= ask_sz_d;
      bid_cnt_q[idx] <= bid_cnt_d;
      ask_cnt_q[idx] <= ask_cnt_d;
      next_seq_q[idx] <= ev.seq + 32'd1;
      now_q[idx] <= now_d;
      book_ns_q[idx] <= book_ns_d;
      position_q[idx] <= position_d;
      funding_q[idx] <= funding_d;
      vol_q[idx] <= vol_d;
      last_fill_bid_q[idx] <= last_fill_bid_d;
      last_fill_ask_q[idx] <= last_fill_ask_d;
    end
  end

  // ---- output register ----------------------------------------------------------------------
  hlmm_pkg::book_out_t out_d;
  always_comb begin
    out_d = '0;
    out_d.valid = in_valid_i;
    out_d.act = act;
    out_d.reason = reason;
    out_d.clear_resync = clear_resync;
    out_d.ignored = ignored;
    out_d.ev = ev;
    out_d.cfg = in_cfg_i;
    out_d.gcfg = in_gcfg_i;
    out_d.table_valid = in_table_valid_i;
    out_d.has_bid = bid_cnt_d != 8'd0;
    out_d.has_ask = ask_cnt_d != 8'd0;
    out_d.best_bid = bid_px_d[63:0];
    out_d.best_ask = ask_px_d[63:0];
    out_d.bid_size = bid_sz_d[63:0];
    out_d.ask_size = ask_sz_d[63:0];
    out_d.now_ns = now_d;
    out_d.book_ns = book_ns_d;
    out_d.position = position_d;
    out_d.funding = funding_d;
    out_d.vol_q16 = vol_d;
    out_d.has_fill = {fill_ask_d, fill_bid_d};
    out_d.last_fill_bid = last_fill_bid_d;
    out_d.last_fill_ask = last_fill_ask_d;
  end

  hlmm_pkg::book_out_t out_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) out_q <= '0;
    else out_q <= out_d;
  end
  assign out_o = out_q;

  // ---- debug readback -----------------------------------------------------------------------
  // Registered: the AXI read takes the data one cycle after its address (hlmm_top), so each slot
  // memory has a synchronous second read port, not a second asynchronous one beside the record's
  // (which also keeps the AXI address off a wide memory read in the same cycle).
  logic [AW-1:0] dbg_idx;
  assign dbg_idx = dbg_asset_i[AW-1:0];
  logic [N*64-1:0] dbg_bid_px_q;
  logic [N*64-1:0] dbg_bid_sz_q;
  logic [N*64-1:0] dbg_ask_px_q;
  logic [N*64-1:0] dbg_ask_sz_q;
  logic [7:0] dbg_bid_cnt_q;
  logic [7:0] dbg_ask_cnt_q;
  logic [63:0] dbg_position_q;
  always_ff @(posedge clk_i) begin
    dbg_bid_px_q <= bid_px_q[dbg_idx];
    dbg_bid_sz_q <= bid_sz_q[dbg_idx];
    dbg_ask_px_q <= ask_px_q[dbg_idx];
    dbg_ask_sz_q <= ask_sz_q[dbg_idx];
    dbg_bid_cnt_q <= bid_cnt_q[dbg_idx];
    dbg_ask_cnt_q <= ask_cnt_q[dbg_idx];
    dbg_position_q <= position_q[dbg_idx];
  end
  logic dbg_live_q;
  logic dbg_needs_resync_q;
  logic dbg_in_snapshot_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      dbg_live_q <= 1'b0;
      dbg_needs_resync_q <= 1'b1;
      dbg_in_snapshot_q <= 1'b0;
    end else begin
      dbg_live_q <= live_q[dbg_idx];
      dbg_needs_resync_q <= needs_resync_q[dbg_idx];
      dbg_in_snapshot_q <= in_snapshot_q[dbg_idx];
    end
  end
  assign dbg_bid_px_o = dbg_live_q ? dbg_bid_px_q : '0;
  assign dbg_bid_sz_o = dbg_live_q ? dbg_bid_sz_q : '0;
  assign dbg_ask_px_o = dbg_live_q ? dbg_ask_px_q : '0;
  assign dbg_ask_sz_o = dbg_live_q ? dbg_ask_sz_q : '0;
  assign dbg_bid_cnt_o = dbg_live_q ? dbg_bid_cnt_q : 8'd0;
  assign dbg_ask_cnt_o = dbg_live_q ? dbg_ask_cnt_q : 8'd0;
  assign dbg_needs_resync_o = dbg_needs_resync_q;
  assign dbg_in_snapshot_o = dbg_in_snapshot_q;
  assign dbg_position_o = dbg_live_q ? dbg_position_q : 64'd0;

endmodule
