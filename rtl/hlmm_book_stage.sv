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
  // The record in_ev_i carries next cycle (the input beat the top registers now): its slot's
  // live bit and sequence compare are made a cycle ahead, so the book cycle starts from them as
  // registers.
  input  hlmm_pkg::market_event_t next_ev_i,
  output hlmm_pkg::book_out_t out_o,
  // The next position, funding and time of out_o, combinational: the quote stage's grid
  // searches take them in this cycle. (Three ports rather than the whole next struct, so the
  // synthesis estimate joins each one's own depth with the searches'.)
  output logic [63:0] next_position_o,
  output logic [63:0] next_funding_o,
  output logic [63:0] next_now_o,
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

  // ---- per-asset state -------------------------------------------------------------------
  // The wide per-slot words are memories: one write port at the record's slot, asynchronous reads
  // at the record's slot and at the debug slot, so on the card M slots cost LUTRAM rather than
  // ~4.6 kbit of flip-flops each (and synthesis sees memories, not 150 k registers and their
  // M-way multiplexers). Memories have no reset: live_q (reset to 0) says which slots have been
  // written since reset, and a slot that has not reads as the reset state.
  logic [M-1:0] live_q;
  logic live_pre_q;     // live_q[idx] for the record in this cycle, read the cycle before
  logic seq_eq_pre_q;   // next_seq_q[idx] == ev.seq, compared the cycle before
  logic [N*64-1:0] bid_px_q [M];
  logic [N*64-1:0] bid_sz_q [M];
  logic [N*64-1:0] ask_px_q [M];
  logic [N*64-1:0] ask_sz_q [M];
  logic [N-1:0] bid_vld_q [M];   // level i is valid (i < count): the count as a thermometer
  logic [N-1:0] ask_vld_q [M];
  logic [7:0] bid_cnt_q [M];
  logic [7:0] ask_cnt_q [M];
  logic [31:0] next_seq_q [M];
  // The per-slot flags: memories too (one LUTRAM read level, where a 32:1 multiplexer of
  // flip-flops is two), read as the reset state until the slot is live: {in_snapshot,
  // needs_resync} (reset {0, 1}, also read back) and {fill_ask, fill_bid, seq_valid} (reset 0).
  logic [1:0] sync_q [M];
  logic [2:0] flags_q [M];
  logic [63:0] now_q [M];
  logic [63:0] book_ns_q [M];
  logic [63:0] position_q [M];
  logic [63:0] funding_q [M];
  logic [63:0] vol_q [M];
  logic [63:0] last_fill_bid_q [M];
  logic [63:0] last_fill_ask_q [M];

  hlmm_pkg::market_event_t ev;
  logic [AW-1:0] idx;
  logic in_range;
  logic asset_ok;
  assign ev = in_ev_i;
  localparam logic [8:0] MLIM = (M > 256) ? 9'd256 : 9'(M);
  assign in_range = {1'b0, ev.asset} < MLIM;
  assign idx = ev.asset[AW-1:0];
  assign asset_ok = in_valid_i && in_range && in_cfg_i.enabled;

  // The record's slot as the memories hold it ("raw": any value until the slot is first written,
  // which live says). Compares read the raw words and are masked afterwards, so no gate sits
  // between a memory read and a compare's carry chain; a word is gated only where a record keeps
  // it or shifts it in.
  logic live;
  logic [N*64-1:0] bpx;
  logic [N*64-1:0] bsz;
  logic [N*64-1:0] apx;
  logic [N*64-1:0] asz;
  logic [N-1:0] bvld;
  logic [N-1:0] avld;
  logic [7:0] bcnt;
  logic [7:0] acnt;
  logic [63:0] now_m;
  logic [63:0] book_ns_m;
  logic [63:0] position_m;
  logic [63:0] funding_m;
  logic [63:0] vol_m;
  logic [63:0] last_fill_bid_m;
  logic [63:0] last_fill_ask_m;
  logic seq_valid;   // the flags as the memory holds them: the slot's if it is live
  logic needs_resync;
  logic in_snapshot;
  logic fill_bid_m;
  logic fill_ask_m;
  always_comb begin
    live = live_pre_q;
    bpx = bid_px_q[idx];
    bsz = bid_sz_q[idx];
    apx = ask_px_q[idx];
    asz = ask_sz_q[idx];
    bvld = bid_vld_q[idx];
    avld = ask_vld_q[idx];
    bcnt = bid_cnt_q[idx];
    acnt = ask_cnt_q[idx];
    now_m = now_q[idx];
    book_ns_m = book_ns_q[idx];
    position_m = position_q[idx];
    funding_m = funding_q[idx];
    vol_m = vol_q[idx];
    last_fill_bid_m = last_fill_bid_q[idx];
    last_fill_ask_m = last_fill_ask_q[idx];
    {in_snapshot, needs_resync} = sync_q[idx];
    {fill_ask_m, fill_bid_m, seq_valid} = flags_q[idx];
  end

  // ---- validation (detail::validate) ------------------------------------------------------
  // The range checks as bit tests and the reasons as plain logic of them and of the kind: a case
  // statement's reason multiplexer let synthesis share one comparator between kinds, with the
  // constant selected by the kind in front of the carry chain.
  logic [7:0] bad;
  logic is_bad;
  logic one_side;
  logic s_neg;
  logic s_nz;
  logic s_pos;
  logic s_over;
  logic v_over;
  logic p_ok;
  logic f_ok;
  logic k_level;
  logic k_clear;
  logic k_tf;
  logic k_fill;
  logic k_funding;
  logic k_vol;
  logic k_timer;
  logic bad_side;
  logic bad_size;
  logic bad_px;
  logic bad_kind;
  always_comb begin
    one_side = ev.side == hlmm_pkg::SIDE_BID || ev.side == hlmm_pkg::SIDE_ASK;
    s_neg = ev.size[63];
    s_nz = ev.size != 64'd0;
    s_pos = !s_neg && s_nz;
    // The bounds are 2^56 - 1, 2^32 and +-(2^47 - 1): the compares are tests of the high bits.
    s_over = !s_neg && ev.size[62:56] != 7'd0;                                    // > MAX_SIZE
    v_over = !s_neg && (ev.size[62:33] != 30'd0 || (ev.size[32] && ev.size[31:0] != 32'd0));
    p_ok = !ev.price[63] && ev.price[62:47] == 16'd0 && ev.price[46:0] != 47'd0;  // in (0, MAX_PRICE]
    f_ok = ev.price[63] ? (ev.price[62:47] == 16'hffff && ev.price[46:0] != 47'd0)  // >= -MAX_PRICE
                        : ev.price[62:47] == 16'd0;                               // <= MAX_PRICE
    k_level = ev.kind == hlmm_pkg::EV_BOOK_LEVEL;
    k_clear = ev.kind == hlmm_pkg::EV_BOOK_CLEAR;
    k_fill = ev.kind == hlmm_pkg::EV_FILL;
    k_tf = ev.kind == hlmm_pkg::EV_TRADE || k_fill;
    k_funding = ev.kind == hlmm_pkg::EV_FUNDING;
    k_vol = ev.kind == hlmm_pkg::EV_VOLATILITY;
    k_timer = ev.kind == hlmm_pkg::EV_TIMER;
    bad_kind = !(k_level || k_clear || k_tf || k_funding || k_vol || k_timer);
    bad_side = ((k_level || k_tf) && !one_side) || (k_clear && !one_side && ev.side != hlmm_pkg::SIDE_BOTH);
    bad_size = (k_level && one_side && (s_neg || s_over)) || (k_tf && one_side && (!s_pos || s_over))
            || (k_vol && (!s_pos || v_over));
    bad_px = (((k_level && one_side && !(s_neg || s_over)) || (k_tf && one_side && s_pos && !s_over)) && !p_ok)
          || (k_funding && !f_ok);
    is_bad = bad_kind || bad_side || bad_size || bad_px;
    if (bad_side) bad = hlmm_pkg::R_BAD_SIDE;
    else if (bad_size) bad = hlmm_pkg::R_BAD_SIZE;
    else if (bad_px) bad = hlmm_pkg::R_PRICE_OUT_OF_RANGE;
    else if (bad_kind) bad = hlmm_pkg::R_BAD_KIND;
    else bad = hlmm_pkg::R_NONE;
  end

  // ---- the record alone (no state), decoded beside the slot reads -----------------------------
  logic known;       // the slot is in range and enabled (else Reject(kUnknownAsset), no state)
  logic rec_ok;      // known and valid (bad == R_NONE)
  logic is_bid;
  logic book_record;
  logic eos;
  logic rebase;
  logic lvl_b;       // a valid level record of that side (sequence and resync not yet looked at)
  logic lvl_a;
  logic clr_any;     // a valid clear record, and the sides it clears
  logic clr_b;
  logic clr_a;
  logic fill_b;      // a valid fill of that side (applied even when it reveals a gap)
  logic fill_a;
  logic set_funding;
  logic set_vol;
  always_comb begin
    known = in_range && in_cfg_i.enabled;
    rec_ok = known && !is_bad;
    is_bid = ev.side == hlmm_pkg::SIDE_BID;
    book_record = k_level || k_clear;
    eos = (ev.flags & hlmm_pkg::FLAG_END_OF_SNAPSHOT) != 8'd0;
    rebase = k_clear && ev.side == hlmm_pkg::SIDE_BOTH;
    lvl_b = rec_ok && k_level && is_bid;
    lvl_a = rec_ok && k_level && !is_bid;
    clr_any = rec_ok && k_clear;
    clr_b = clr_any && ev.side != hlmm_pkg::SIDE_ASK;
    clr_a = clr_any && ev.side != hlmm_pkg::SIDE_BID;
    fill_b = rec_ok && k_fill && is_bid;
    fill_a = rec_ok && k_fill && !is_bid;
    set_funding = rec_ok && k_funding;
    set_vol = rec_ok && k_vol;
  end

  // ---- the sequence check, compared a cycle ahead (state registers, below) ----------------------
  // seq_valid implies the slot is live, so the raw word is the slot's.
  logic gap;
  logic hold;        // a level record is ignored: resyncing and no snapshot begun
  always_comb begin
    gap = seq_valid && !needs_resync && !rebase && !seq_eq_pre_q;
    hold = needs_resync && !in_snapshot;
  end

  // ---- every level against the record's price, both sides at once -------------------------------
  // Signed order as unsigned order of the words with the sign bit flipped (the ask side's also
  // inverted, so "better" is ">" on both), with the level's valid bit on top: gt_*[i] is "level i
  // is valid and ranks ahead of the price", ge_*[i] "valid and ahead or equal". Each is one
  // compare on the raw memory word; the slot's live bit masks them afterwards.
  logic [64:0] key_b;
  logic [64:0] key_a;
  logic [N-1:0] gt_b;
  logic [N-1:0] ge_b;
  logic [N-1:0] gt_a;
  logic [N-1:0] ge_a;
  always_comb begin
    key_b = {1'b1, ~ev.price[63], ev.price[62:0]};
    key_a = {1'b1, ev.price[63], ~ev.price[62:0]};
    for (int i = 0; i < N; i++) begin
      gt_b[i] = {bvld[i], ~bpx[i*64 + 63], bpx[i*64 +: 63]} > key_b;
      ge_b[i] = {bvld[i], ~bpx[i*64 + 63], bpx[i*64 +: 63]} >= key_b;
      gt_a[i] = {avld[i], apx[i*64 + 63], ~apx[i*64 +: 63]} > key_a;
      ge_a[i] = {avld[i], apx[i*64 + 63], ~apx[i*64 +: 63]} >= key_a;
    end
  end

  // ---- each side's new levels, for each outcome of `found`, chosen last -----------------------
  // bet: level i is valid and ranks ahead of the record's price (gt). The levels are sorted best
  // first and distinct, so it is a thermometer (ones up to the rank, zeros after) and "level i is
  // the rank" is bet[i-1] && !bet[i]: every select below is one or two bits of it. The lanes are
  // computed for found (the price is at the rank: update or delete) and for not found (insert,
  // or nothing) in parallel; found picks between them at the end. ge is a thermometer too, so the
  // price is at some level exactly when ge has one more one than bet: one carry-chain compare of
  // the two, not an OR tree of N equalities. apply: the record changes the side's levels; zero:
  // it clears them. The count is kept for the debug readback (the vld bits say the same).
  // Sides are indexed 0 = bid, 1 = ask. (A function for one side made the same logic 5 000 LUTs
  // larger under Yosys 0.23; the loop over the sides does not.)
  logic [N-1:0] bet [2];
  logic [N-1:0] ge [2];
  logic [N*64-1:0] px [2];
  logic [N*64-1:0] sz [2];
  logic [N-1:0] vld [2];
  logic [7:0] cnt [2];
  logic [1:0] apply;
  logic [1:0] zero;
  logic [N-1:0] first [2];
  logic [1:0] found;
  logic [1:0] ins;
  logic [N*64-1:0] px_l [2];
  logic [N*64-1:0] sz_l [2];
  logic [N-1:0] vld_l [2];
  logic [7:0] cnt_l [2];
  always_comb begin
    bet[0] = gt_b;
    bet[1] = gt_a;
    ge[0] = ge_b;
    ge[1] = ge_a;
    px[0] = bpx;
    px[1] = apx;
    sz[0] = bsz;
    sz[1] = asz;
    vld[0] = bvld;
    vld[1] = avld;
    cnt[0] = bcnt;
    cnt[1] = acnt;
    apply[0] = lvl_b && !gap && !hold;
    apply[1] = lvl_a && !gap && !hold;
    zero[0] = clr_b && !gap;
    zero[1] = clr_a && !gap;
    for (int sd = 0; sd < 2; sd++) begin
      for (int i = 0; i < N; i++) first[sd][i] = (i == 0) ? 1'b1 : bet[sd][i == 0 ? 0 : i - 1];
      found[sd] = ge[sd] > bet[sd];
      ins[sd] = s_nz && !bet[sd][N-1];
      for (int i = 0; i < N; i++) begin
        if (!apply[sd]) begin
          px_l[sd][i*64 +: 64] = zero[sd] ? 64'd0 : px[sd][i*64 +: 64];
          sz_l[sd][i*64 +: 64] = zero[sd] ? 64'd0 : sz[sd][i*64 +: 64];
          vld_l[sd][i] = !zero[sd] && vld[sd][i];
        end else if (found[sd]) begin
          // Update (size > 0): the rank's size; delete: from the rank on, each level takes its
          // successor and the last one empties.
          if (bet[sd][i] || s_pos) begin
            px_l[sd][i*64 +: 64] = px[sd][i*64 +: 64];
            vld_l[sd][i] = vld[sd][i];
          end else begin
            px_l[sd][i*64 +: 64] = (i == N - 1) ? 64'd0 : px[sd][(i == N - 1 ? i : i + 1)*64 +: 64];
            vld_l[sd][i] = (i == N - 1) ? 1'b0 : vld[sd][i == N - 1 ? i : i + 1];
          end
          if (bet[sd][i]) sz_l[sd][i*64 +: 64] = sz[sd][i*64 +: 64];
          else if (s_pos) sz_l[sd][i*64 +: 64] = first[sd][i] ? ev.size : sz[sd][i*64 +: 64];
          else sz_l[sd][i*64 +: 64] = (i == N - 1) ? 64'd0 : sz[sd][(i == N - 1 ? i : i + 1)*64 +: 64];
        end else if (ins[sd] && !bet[sd][i]) begin
          // Insert at the rank; the worse levels move down one.
          if (first[sd][i]) begin
            px_l[sd][i*64 +: 64] = ev.price;
            sz_l[sd][i*64 +: 64] = ev.size;
            vld_l[sd][i] = 1'b1;
          end else begin
            px_l[sd][i*64 +: 64] = px[sd][(i == 0 ? 0 : i - 1)*64 +: 64];
            sz_l[sd][i*64 +: 64] = sz[sd][(i == 0 ? 0 : i - 1)*64 +: 64];
            vld_l[sd][i] = vld[sd][i == 0 ? 0 : i - 1];
          end
        end else begin
          px_l[sd][i*64 +: 64] = px[sd][i*64 +: 64];
          sz_l[sd][i*64 +: 64] = sz[sd][i*64 +: 64];
          vld_l[sd][i] = vld[sd][i];
        end
      end
      if (!apply[sd]) cnt_l[sd] = zero[sd] ? 8'd0 : cnt[sd];
      else if (found[sd]) cnt_l[sd] = s_pos ? cnt[sd] : cnt[sd] - 8'd1;
      else if (ins[sd]) cnt_l[sd] = vld[sd][N-1] ? cnt[sd] : cnt[sd] + 8'd1;
      else cnt_l[sd] = cnt[sd];
    end
  end

  // ---- the slot's reset state -------------------------------------------------------------------
  // Everything above assumes the slot is live (its memory words and flags are its own). A slot
  // that is not reads as the reset state: no sequence baseline, resyncing, no snapshot begun, so a
  // level record is ignored, a clear empties what is empty, and its book stays empty. So the live
  // bit, two levels deep behind its 32:1 multiplexer, is only applied last.
  logic [N*64-1:0] b_px_d;
  logic [N*64-1:0] b_sz_d;
  logic [N-1:0] b_vld_d;
  logic [7:0] b_cnt_d;
  logic [N*64-1:0] a_px_d;
  logic [N*64-1:0] a_sz_d;
  logic [N-1:0] a_vld_d;
  logic [7:0] a_cnt_d;
  always_comb begin
    b_px_d = live ? px_l[0] : '0;
    b_sz_d = live ? sz_l[0] : '0;
    b_vld_d = live ? vld_l[0] : '0;
    b_cnt_d = live ? cnt_l[0] : 8'd0;
    a_px_d = live ? px_l[1] : '0;
    a_sz_d = live ? sz_l[1] : '0;
    a_vld_d = live ? vld_l[1] : '0;
    a_cnt_d = live ? cnt_l[1] : 8'd0;
  end

  // ---- the crossing check, beside the shift rather than after it ------------------------------
  // A level record changes only its own side's best, to one of three values known before the
  // shift: the old best, the record's price (inserted at the top) or the old second level (the
  // top deleted). All three are compared with the other side's best in parallel (the record's
  // price against the other best is that side's level-0 compare, ge_*[0]); which one counts is
  // decided by level 0 alone (ahead of the price, equal to it, or neither), and so is whether the
  // side is left non-empty. Clear records leave a side empty, so never cross.
  logic c_best;      // bid best >= ask best
  logic c_2nd_b;     // second bid >= ask best (the top bid deleted)
  logic c_2nd_a;     // bid best >= second ask (the top ask deleted)
  logic eq0_b;
  logic eq0_a;
  logic lc_b;
  logic lc_a;
  logic level_crossed;
  always_comb begin
    c_best = $signed(bpx[63:0]) >= $signed(apx[63:0]);
    if (N > 1) begin
      c_2nd_b = $signed(bpx[(N > 1 ? 64 : 0) +: 64]) >= $signed(apx[63:0]);
      c_2nd_a = $signed(bpx[63:0]) >= $signed(apx[(N > 1 ? 64 : 0) +: 64]);
    end else begin
      c_2nd_b = 1'b0;
      c_2nd_a = 1'b0;
    end
    eq0_b = ge_b[0] && !gt_b[0];
    eq0_a = ge_a[0] && !gt_a[0];
    lc_b = avld[0] && (gt_b[0] ? c_best
                      : eq0_b ? (s_pos ? c_best : (N > 1 && bvld[N > 1 ? 1 : 0] && c_2nd_b))
                              : (s_nz ? ge_a[0] : (bvld[0] && c_best)));
    lc_a = bvld[0] && (gt_a[0] ? c_best
                      : eq0_a ? (s_pos ? c_best : (N > 1 && avld[N > 1 ? 1 : 0] && c_2nd_a))
                              : (s_nz ? ge_b[0] : (avld[0] && c_best)));
    level_crossed = is_bid ? lc_b : lc_a;
  end

  // ---- the record's effect on the asset (pipeline_step up to the quote context) -------------
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
  always_comb begin
    seq_valid_d = rebase || (live && seq_valid);
    now_d = (live && now_m >= ev.ts_ns) ? now_m : ev.ts_ns;
    // A slot that is not live has no gap and ignores level records (see above).
    if (live) book_ns_d = (apply[0] || apply[1] || (clr_any && !gap)) ? now_d : book_ns_m;
    else book_ns_d = clr_any ? now_d : 64'd0;
    if (fill_b) position_d = live ? position_m + ev.size : ev.size;
    else if (fill_a) position_d = live ? position_m - ev.size : 64'd0 - ev.size;
    else position_d = live ? position_m : 64'd0;
    fill_bid_d = fill_b || (live && fill_bid_m);
    fill_ask_d = fill_a || (live && fill_ask_m);
    last_fill_bid_d = fill_b ? now_d : (live ? last_fill_bid_m : 64'd0);
    last_fill_ask_d = fill_a ? now_d : (live ? last_fill_ask_m : 64'd0);
    if (live) begin
      funding_d = (set_funding && !gap) ? ev.price : funding_m;
      vol_d = (set_vol && !gap) ? ev.size : vol_m;
    end else begin
      funding_d = set_funding ? ev.price : 64'd0;
      vol_d = set_vol ? ev.size : hlmm_pkg::VOL_SCALE;
    end
  end

  // ---- sequencing, resync and the record's outcome -------------------------------------------
  // in_snapshot's next value does not depend on the crossing check (a crossed book is only
  // checked where the snapshot has ended), so only needs_resync, act and reason wait for it.
  // Decided twice, for the flags as the memory holds them (the slot is live) and for the reset
  // state (it is not: no gap, resyncing, no snapshot, an empty book that never crosses); live
  // picks one last.
  logic [1:0] act;
  logic [7:0] reason;
  logic ignored;
  logic clear_resync;
  logic nr_l;
  logic snap_l;
  logic [1:0] act_l;
  logic [7:0] reason_l;
  logic ignored_l;
  logic clear_resync_l;
  logic snap_after_l;
  logic settle_book_l;
  always_comb begin
    nr_l = needs_resync;
    snap_l = in_snapshot;
    act_l = hlmm_pkg::ACT_NONE;
    reason_l = hlmm_pkg::R_NONE;
    ignored_l = 1'b0;
    clear_resync_l = 1'b0;
    snap_after_l = (book_record && eos) ? 1'b0 : (k_clear || in_snapshot);
    settle_book_l = book_record && !snap_after_l;
    if (!known) begin
      act_l = hlmm_pkg::ACT_UNKNOWN;
      reason_l = hlmm_pkg::R_UNKNOWN_ASSET;
    end else if (is_bad || gap) begin
      nr_l = 1'b1;
      snap_l = 1'b0;
      act_l = hlmm_pkg::ACT_RESYNC;
      reason_l = is_bad ? bad : hlmm_pkg::R_OUT_OF_SEQUENCE;
    end else if (k_level && (needs_resync && !in_snapshot)) begin
      ignored_l = 1'b1;
    end else begin
      snap_l = snap_after_l;
      // Mid-snapshot books are partial: the crossing check waits for the snapshot's end.
      if (settle_book_l && k_level && level_crossed) begin
        nr_l = 1'b1;
        act_l = hlmm_pkg::ACT_RESYNC;
        reason_l = hlmm_pkg::R_CROSSED_BOOK;
      end else begin
        if (settle_book_l && eos) begin
          nr_l = 1'b0;
          clear_resync_l = 1'b1;
        end
        act_l = (nr_l || snap_after_l) ? hlmm_pkg::ACT_NONE : hlmm_pkg::ACT_QUOTE;
      end
    end
  end

  logic nr_r;
  logic snap_r;
  logic [1:0] act_r;
  logic [7:0] reason_r;
  logic ignored_r;
  logic clear_resync_r;
  always_comb begin
    nr_r = 1'b1;
    snap_r = 1'b0;
    act_r = hlmm_pkg::ACT_NONE;
    reason_r = hlmm_pkg::R_NONE;
    ignored_r = 1'b0;
    clear_resync_r = 1'b0;
    if (!known) begin
      act_r = hlmm_pkg::ACT_UNKNOWN;
      reason_r = hlmm_pkg::R_UNKNOWN_ASSET;
    end else if (is_bad) begin
      act_r = hlmm_pkg::ACT_RESYNC;
      reason_r = bad;
    end else if (k_level) begin
      ignored_r = 1'b1;
    end else if (k_clear) begin
      // A snapshot begins; with the end-of-snapshot flag it ends at once on an empty book.
      snap_r = !eos;
      if (eos) begin
        nr_r = 1'b0;
        clear_resync_r = 1'b1;
        act_r = hlmm_pkg::ACT_QUOTE;
      end
    end
  end

  always_comb begin
    needs_resync_d = live ? nr_l : nr_r;
    in_snapshot_d = live ? snap_l : snap_r;
    act = live ? act_l : act_r;
    reason = live ? reason_l : reason_r;
    ignored = live ? ignored_l : ignored_r;
    clear_resync = live ? clear_resync_l : clear_resync_r;
  end

  // ---- state registers ----------------------------------------------------------------------
  // The live bits, with their reset (every asset waits for its first snapshot).
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) live_q <= '0;
    else if (asset_ok) live_q[idx] <= 1'b1;
  end

  // The next record's live bit and sequence compare, made while this record is in the book cycle:
  // its slot's words as this cycle's writes leave them (this record's where it is of the same
  // slot). In the book cycle the M-way live multiplexer (three LUT levels at M = 64) and the
  // compare's carry chains sat in front of every next value; the quote stage's grid searches
  // start from the next position and funding in that same cycle.
  hlmm_pkg::market_event_t nev;
  logic [AW-1:0] next_idx;
  logic same_slot;
  logic [31:0] next_seq_d;  // what this record writes as its slot's next sequence number
  assign next_seq_d = ev.seq + 32'd1;
  assign nev = next_ev_i;
  assign next_idx = nev.asset[AW-1:0];
  assign same_slot = asset_ok && idx == next_idx;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      live_pre_q <= 1'b0;
      seq_eq_pre_q <= 1'b0;
    end else begin
      live_pre_q <= live_q[next_idx] || same_slot;
      seq_eq_pre_q <= same_slot ? next_seq_d == nev.seq : next_seq_q[next_idx] == nev.seq;
    end
  end

  // The per-slot words: memories, written at the record's slot (no reset: see live_q).
  always_ff @(posedge clk_i) begin
    if (asset_ok) begin
      sync_q[idx] <= {in_snapshot_d, needs_resync_d};
      flags_q[idx] <= {fill_ask_d, fill_bid_d, seq_valid_d};
      bid_px_q[idx] <= b_px_d;
      bid_sz_q[idx] <= b_sz_d;
      ask_px_q[idx] <= a_px_d;
      ask_sz_q[idx] <= a_sz_d;
      bid_vld_q[idx] <= b_vld_d;
      ask_vld_q[idx] <= a_vld_d;
      bid_cnt_q[idx] <= b_cnt_d;
      ask_cnt_q[idx] <= a_cnt_d;
      next_seq_q[idx] <= next_seq_d;
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
    out_d.has_bid = b_vld_d[0];
    out_d.has_ask = a_vld_d[0];
    out_d.best_bid = b_px_d[63:0];
    out_d.best_ask = a_px_d[63:0];
    out_d.bid_size = b_sz_d[63:0];
    out_d.ask_size = a_sz_d[63:0];
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
  assign next_position_o = position_d;
  assign next_funding_o = funding_d;
  assign next_now_o = now_d;

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
  logic [1:0] dbg_sync_q;  // {in_snapshot, needs_resync}
  always_ff @(posedge clk_i) dbg_sync_q <= sync_q[dbg_idx];
  logic dbg_live_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) dbg_live_q <= 1'b0;
    else dbg_live_q <= live_q[dbg_idx];
  end
  assign dbg_bid_px_o = dbg_live_q ? dbg_bid_px_q : '0;
  assign dbg_bid_sz_o = dbg_live_q ? dbg_bid_sz_q : '0;
  assign dbg_ask_px_o = dbg_live_q ? dbg_ask_px_q : '0;
  assign dbg_ask_sz_o = dbg_live_q ? dbg_ask_sz_q : '0;
  assign dbg_bid_cnt_o = dbg_live_q ? dbg_bid_cnt_q : 8'd0;
  assign dbg_ask_cnt_o = dbg_live_q ? dbg_ask_cnt_q : 8'd0;
  assign dbg_needs_resync_o = !dbg_live_q || dbg_sync_q[0];
  assign dbg_in_snapshot_o = dbg_live_q && dbg_sync_q[1];
  assign dbg_position_o = dbg_live_q ? dbg_position_q : 64'd0;

endmodule
