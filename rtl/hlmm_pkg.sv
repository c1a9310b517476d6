// Records, enums and build parameters of the pipeline, mirroring hls/include/hlmm/records.hpp and
// pipeline_config.hpp. A packed struct lists its fields MSB first, so the last field sits at bit 0:
// that makes TDATA[7:0] byte 0 of the little-endian C++ record. tests/rtl/pkg_layout_test.cpp
// parses this file and checks every width, offset and enum value against the C++ header.
package hlmm_pkg;

  // MarketEvent::kind (EventKind)
  localparam logic [7:0] EV_BOOK_LEVEL = 8'd1;
  localparam logic [7:0] EV_BOOK_CLEAR = 8'd2;
  localparam logic [7:0] EV_TRADE = 8'd3;
  localparam logic [7:0] EV_FILL = 8'd4;
  localparam logic [7:0] EV_FUNDING = 8'd5;
  localparam logic [7:0] EV_VOLATILITY = 8'd6;
  localparam logic [7:0] EV_TIMER = 8'd7;

  // Side
  localparam logic [7:0] SIDE_BID = 8'd0;
  localparam logic [7:0] SIDE_ASK = 8'd1;
  localparam logic [7:0] SIDE_BOTH = 8'd2;

  // MarketEvent::flags bits
  localparam logic [7:0] FLAG_END_OF_SNAPSHOT = 8'h01;
  localparam logic [7:0] FLAG_END_OF_BATCH = 8'h02;

  // QuoteIntent::kind (IntentKind)
  localparam logic [7:0] IK_QUOTE = 8'd1;
  localparam logic [7:0] IK_CANCEL = 8'd2;
  localparam logic [7:0] IK_REJECT = 8'd3;

  // QuoteIntent::reason (Reason)
  localparam logic [7:0] R_NONE = 8'd0;
  localparam logic [7:0] R_CROSSED_BOOK = 8'd1;
  localparam logic [7:0] R_OUT_OF_SEQUENCE = 8'd2;
  localparam logic [7:0] R_UNKNOWN_ASSET = 8'd3;
  localparam logic [7:0] R_BAD_SIZE = 8'd4;
  localparam logic [7:0] R_PRICE_OUT_OF_RANGE = 8'd5;
  localparam logic [7:0] R_BAD_KIND = 8'd6;
  localparam logic [7:0] R_BAD_SIDE = 8'd7;
  localparam logic [7:0] R_NEEDS_RESYNC = 8'd8;
  localparam logic [7:0] R_EMPTY_BOOK = 8'd9;
  localparam logic [7:0] R_KILL_GLOBAL = 8'd16;
  localparam logic [7:0] R_KILL_ASSET = 8'd17;
  localparam logic [7:0] R_POSITION_LIMIT = 8'd18;
  localparam logic [7:0] R_NOTIONAL_CAP = 8'd19;
  localparam logic [7:0] R_PRICE_BAND = 8'd20;
  localparam logic [7:0] R_STALE_BOOK = 8'd21;
  localparam logic [7:0] R_RATE_LIMIT = 8'd22;
  localparam logic [7:0] R_OPEN_ORDER_CAP = 8'd23;
  localparam logic [7:0] R_NO_POLICY = 8'd24;
  localparam logic [7:0] R_FILL_COOLDOWN = 8'd32;
  localparam logic [7:0] R_SIDE_DISABLED = 8'd33;

  // Representable ranges (pipeline_config.hpp)
  localparam logic signed [63:0] MAX_PRICE = (64'sd1 <<< 47) - 64'sd1;
  localparam logic signed [63:0] MAX_SIZE = (64'sd1 <<< 56) - 64'sd1;
  localparam logic signed [63:0] MAX_VOL_MULTIPLIER = 64'sd1 <<< 32;
  localparam logic signed [63:0] VOL_SCALE = 64'sd65536;
  localparam logic signed [63:0] SIZE_SCALE = 64'sd100000000;

  // Policy table geometry (policy_table.hpp): the cell array is laid out at its maximum size.
  localparam int MAX_Q_LEVELS = 64;
  localparam int MAX_F_BINS = 32;
  localparam int MAX_T_BINS = 8;
  localparam logic signed [31:0] OFFSET_DISABLED = 32'sh8000_0000;

  // Record layouts: 32 bytes, one 256-bit AXI4-Stream beat, byte 0 in TDATA[7:0].
  typedef struct packed {
    logic [63:0] ts_ns;
    logic [63:0] size;
    logic [63:0] price;
    logic [31:0] seq;
    logic [7:0] flags;
    logic [7:0] side;
    logic [7:0] asset;
    logic [7:0] kind;
  } market_event_t;

  typedef struct packed {
    logic [63:0] ts_ns;
    logic [63:0] size;
    logic [63:0] price;
    logic [31:0] seq;
    logic [7:0] reason;
    logic [7:0] side;
    logic [7:0] asset;
    logic [7:0] kind;
  } quote_intent_t;

  // Control registers as the stages see them, decoded from the byte images of the C++ structs
  // (docs/register-map.md).
  typedef struct packed {
    logic [63:0] notional_cap;
    logic [63:0] position_limit;
    logic [63:0] stale_book_ns;
    logic [63:0] fill_cooldown_ns;
    logic [63:0] refresh_interval_ns;
    logic [15:0] price_band_bps;
    logic [15:0] refresh_tolerance_ticks;
    logic [7:0] sz_decimals;
    logic [7:0] market;
    logic use_microprice;
    logic kill;
    logic enabled;
  } asset_cfg_t;

  typedef struct packed {
    logic [63:0] rate_tolerance_ns;
    logic [63:0] rate_interval_ns;
    logic [15:0] max_open_orders;
    logic kill;
  } global_cfg_t;

  // Policy-table header fields (PolicyTable bytes 0 .. 79).
  typedef struct packed {
    logic [63:0] t_bin_recip;
    logic [63:0] t_bin_ns;
    logic [63:0] t0_ns;
    logic [63:0] f_step_recip;
    logic [63:0] f_step;
    logic [63:0] f_min;
    logic [63:0] q_step_recip;
    logic [63:0] q_step;
    logic [63:0] q_min;
    logic [7:0] offset_shift;
    logic [7:0] t_bins;
    logic [7:0] f_bins;
    logic [7:0] q_levels;
  } table_hdr_t;

  // What the book stage decided for a record.
  localparam logic [1:0] ACT_NONE = 2'd0;     // no intent (ignored, resyncing, mid-snapshot)
  localparam logic [1:0] ACT_UNKNOWN = 2'd1;  // Reject(both, kUnknownAsset), no state touched
  localparam logic [1:0] ACT_RESYNC = 2'd2;   // Reject(both, reason) and cancel both sides
  localparam logic [1:0] ACT_QUOTE = 2'd3;    // run the quote and risk stages

  // Book stage -> quote stage.
  typedef struct packed {
    logic valid;
    logic [1:0] act;
    logic [7:0] reason;
    logic clear_resync;  // a snapshot ended: sides reported kNeedsResync start afresh
    logic ignored;
    market_event_t ev;
    asset_cfg_t cfg;
    global_cfg_t gcfg;
    logic table_valid;
    logic has_bid;
    logic has_ask;
    logic [63:0] best_bid;
    logic [63:0] best_ask;
    logic [63:0] bid_size;
    logic [63:0] ask_size;
    logic [63:0] now_ns;
    logic [63:0] book_ns;
    logic [63:0] position;
    logic [63:0] funding;
    logic [63:0] vol_q16;
    logic [1:0] has_fill;
    logic [63:0] last_fill_bid;
    logic [63:0] last_fill_ask;
  } book_out_t;

  // Quote context (after the table addresses are known) -> offsets and rounding. The record's
  // valid bit travels beside it (hlmm_quote_stage's vld_q), the one part of a line with a reset.
  typedef struct packed {
    logic [1:0] act;
    logic [7:0] reason;
    logic clear_resync;
    logic ignored;
    market_event_t ev;
    asset_cfg_t cfg;
    global_cfg_t gcfg;
    logic [7:0] blocked;
    logic [63:0] best_bid;
    logic [63:0] best_ask;
    logic [63:0] mid;
    logic [7:0] min_exp;
    logic [63:0] position;
    logic [63:0] now_ns;
    logic [63:0] vol_q16;
    logic [1:0] has_fill;
    logic [63:0] last_fill_bid;
    logic [63:0] last_fill_ask;
    logic [7:0] offset_shift;
    logic lo_odd;  // the low funding neighbour sits in the odd-bin cell memory
    logic hi_odd;
  } quote_ctx_t;

  // One side's desired quote.
  typedef struct packed {
    logic [7:0] reason;
    logic [63:0] price;
    logic [63:0] size;
  } side_want_t;

  // One candidate price's terms for the risk pre-check.
  typedef struct packed {
    logic [63:0] price;
    logic [42:0] tol;          // the hysteresis threshold at the price's tick, tick * ticks (>= 1)
    logic [127:0] notional;    // price * allowed size
    logic [127:0] scaled;      // price * 10^4, for the band
  } risk_terms_t;

  // Rounded quotes -> risk pre-check; risk pre-check -> settle.
  typedef struct packed {
    logic valid;
    logic [1:0] act;
    logic [7:0] reason;
    logic clear_resync;
    logic ignored;
    market_event_t ev;
    asset_cfg_t cfg;
    global_cfg_t gcfg;
    logic [63:0] mid;
    logic [7:0] min_exp;
    logic [63:0] position;
    logic [63:0] now_ns;
    logic [63:0] curve_size;
    side_want_t bid;
    side_want_t ask;
    // For the risk pre-check, made by the quote stage. What does not depend on the price, beside
    // its own arithmetic: the size the position limit allows each side (the curve's size, or the
    // room in whole lots when the room is smaller), the price band as bounds on price * 10^4
    // (mid * 10^4 -/+ mid * bps), and the notional cap * 10^8. What does, for both prices the
    // post-only clamp chooses between (the rounded target, r, and the rounded limit, l;
    // `clamped` says which the side took): the price itself, the notional, price * 10^4 and the
    // hysteresis threshold at its tick, r's from the rounding's own output registers.
    logic [63:0] allow_bid;
    logic [63:0] allow_ask;
    logic [127:0] band_hi;
    logic [127:0] band_lo;
    logic [127:0] cap;
    logic [1:0] clamped;
    logic [1:0] cand;          // per side: its price is the chosen candidate's (bid_r / bid_l ...), not side_want_t's
    risk_terms_t bid_r;
    risk_terms_t bid_l;
    risk_terms_t ask_r;
    risk_terms_t ask_l;
  } want_t;

  // What a record carries down the quote stage's 10 cycles; each cycle fills in more. (Module-
  // local structs cannot hold package types in Yosys 0.23, so the stages' line types live here.)
  typedef struct packed {
    quote_ctx_t c;
    logic [31:0] slot;
    logic [63:0] spread;
    logic [63:0] num;          // bid size: the microprice weight's numerator
    logic [63:0] den;          // bid size + ask size, its denominator
    logic [63:0] room_bid;     // limit - position
    logic [63:0] room_ask;     // limit + position
    logic [63:0] lots_bid;     // room in whole lots (cycle 5 on)
    logic [63:0] lots_ask;
    logic bid_en;
    logic ask_en;
    logic [63:0] curve;
    logic [16:0] w_even;       // lerp weight of the even funding bins' word: 2^16 - frac for the
    logic [16:0] w_odd;        // low neighbour, frac for the high one (both when they are one)
    logic [63:0] pe_bid;       // even word's offset * w_even
    logic [63:0] po_bid;       // odd word's offset * w_odd
    logic [63:0] pe_ask;
    logic [63:0] po_ask;
    logic [48:0] vsh;          // vol_q16 << offset_shift (below 2^49 for vol <= 2^32)
    logic [79:0] a_bid;        // (pe >> 16) * vsh: the lerp's even half, scaled (mod 2^80)
    logic [79:0] b_bid;        // (po >> 16) * vsh: its odd half
    logic [79:0] a_ask;
    logic [79:0] b_ask;
    logic [1:0] cy;            // per side {ask, bid}: the carry out of the halves' low 16 bits
    logic [63:0] tgt_bid;
    logic [63:0] tgt_ask;
    logic [63:0] under_ask;    // best ask - 1: what the post-only bid limit rounds (cycle 1)
    logic [63:0] over_bid;     // best bid + 1
    logic [127:0] mid_k;       // mid * 10^4
    logic [127:0] mid_bps;     // mid * price_band_bps
    logic [127:0] band_hi;
    logic [127:0] band_lo;
    logic [127:0] cap;         // notional_cap * 10^8
    logic [9*43-1:0] tol_by_e; // the hysteresis threshold at each tick exponent (cycle 9 on)
    logic [63:0] allow_bid;    // the size the position limit allows (cycle 7 on)
    logic [63:0] allow_ask;
    logic [63:0] ref_ask;      // round_up_price(best ask): a bid target at or above it crosses
    logic [63:0] ref_bid;      // round_down_price(best bid): an ask target at or below it crosses
    logic [63:0] vmin;         // the smallest valid price
    risk_terms_t lim_bid_t;    // the post-only limits, round_down_price(best ask - 1) and
                               // round_up_price(best bid + 1), with their risk terms (cycle 5 on;
                               // notional from cycle 8 on, threshold from cycle 11 on)
    risk_terms_t lim_ask_t;
    logic [3:0] lim_bid_e;     // the limits' tick exponents (cycle 5 on): their thresholds in cycle 10
    logic [3:0] lim_ask_e;
    logic [1:0] bad_lim;       // per side {ask, bid}: the limit is out of range (cycle 6 on)
    logic [1:0] crosses;       // the rounded target would cross: the side takes the limit (cycle 9 on)
    logic [1:0] bad_tgt;       // the target is out of range
    logic [1:0] bad_rnd;       // the rounded target is out of range
    logic [1:0] cool;          // the side is in its fill cooldown
    logic [1:0] off;           // the table disables the side or its size is not positive
  } quote_line_t;

  // The record in the risk stage's settle register. What settle needs that does not depend on
  // the state it closes its loop over is worked out the cycle before, so the loop is flags and
  // selects: the hysteresis verdicts against the side state in the slot's memories (arr) and
  // against what the record then settling would leave if it quoted that side (fwd), the
  // open-order cap's compares and the GCRA terms.
  typedef struct packed {
    want_t w;
    logic [1:0] hold_arr;      // per side: a live quote this close to the resting one is kept
    logic [1:0] hold_fwd;
    logic fwd_same;            // the record settling the cycle before was of the same slot
    logic fwd_wrote;           // ... and wrote its side states (a known slot, a quote or a resync)
    logic [1:0] live_rd;       // the slot's sides before the record settling the cycle before
    logic [7:0] last_rd_bid;   // their last reported reasons
    logic [7:0] last_rd_ask;
    logic [1:0] refused;       // per side: the pre-check already has a reason
    logic [1:0] cancel_kind;   // ... and it is one the host answers with a cancel
    logic cap_en;              // max_open_orders != 0
    logic rate_on;             // rate_interval_ns != 0
    logic [6:0] oo_ge_at;      // [c]: open orders (before the record settling) + c - 3 >= max_open_orders
    logic [63:0] now_tol;      // now + rate tolerance
    logic [63:0] iv2;          // 2 * rate interval
    logic [63:0] now_iv;       // now + rate interval
    logic [63:0] now_iv2;      // now + 2 * rate interval
    logic now_iv_gt;           // now + rate interval > now (it wraps only at the top of the range)
    logic tol_lt_now_iv;       // now + tolerance < now + interval
  } settle_in_t;

endpackage
