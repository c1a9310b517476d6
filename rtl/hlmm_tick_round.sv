// Tick rounding as a three-cycle pipeline: round_down_price / round_up_price of arith.hpp for the
// prices the quote stage rounds: targets inside (0, MAX_PRICE] and the post-only limits, so
// 0 < p < 2^47, or p = 0 rounding down (best ask - 1 for a best ask of one unit; 0 comes out).
// For any other p the result is unspecified; the quote stage does not use it.
// One multiply per cycle (rtl/README.md, "Pipeline, II and latency").
//   S1  exponent e (compare with the power-of-ten ROM, clamp), t = 10^e and the magic
//       multiplier ceil(2^74 / t); x = p (down) or p - 1 (up)
//   S2  q = (x * magic) >> 74, which is floor(x / t) exactly for x < 2^47
//       (hlmm_arith_pkg::pow10_magic)
//   S3  price = (q + 1) * t when rounding up, q * t when down, p when e = 0 (t = 1)
// arith.hpp's div_pow10 estimates with ceil(2^64 / t) and corrects by a multiply-back; both are
// exact floors, so they agree, and the exact estimate saves the correction's cycle. Rounding up
// is div_pow10(p + t - 1, e) * t there; floor((p + t - 1) / t) = floor((p - 1) / t) + 1 for
// p >= 1, so x does not wait for t.
module hlmm_tick_round (
  input  logic clk_i,
  input  logic [63:0] p_i,
  input  logic up_i,                 // round up (asks) rather than down
  input  logic [7:0] min_exp_i,      // finest tick exponent of the asset (signed)
  output logic [63:0] price_o        // three cycles after p_i
);
  typedef struct packed {
    logic [46:0] p;       // the price (< 2^47), kept for e = 0
    logic up;
    logic zero;           // e = 0: the price is its own rounding
    logic [46:0] x;       // p, or p - 1 when rounding up
    logic [26:0] t;       // 10^e <= 10^8
    logic [70:0] magic;   // ceil(2^74 / 10^e)
  } s1_t;

  typedef struct packed {
    logic [46:0] p;
    logic up;
    logic zero;
    logic [26:0] t;
    logic [46:0] q;       // floor(x / 10^e)
  } s2_t;

  s1_t s1_d, s1_q;
  s2_t s2_d, s2_q;
  logic [3:0] e1;
  logic [117:0] prod2;
  logic [46:0] q3;
  always_comb begin
    e1 = 4'(hlmm_arith_pkg::tick_exponent(p_i, $signed(min_exp_i)));
    s1_d.p = p_i[46:0];
    s1_d.up = up_i;
    s1_d.zero = e1 == 4'd0;
    s1_d.x = up_i ? p_i[46:0] - 47'd1 : p_i[46:0];
    s1_d.t = 27'(hlmm_arith_pkg::pow10(5'(e1)));
    s1_d.magic = hlmm_arith_pkg::pow10_magic(e1);

    prod2 = {71'd0, s1_q.x} * {47'd0, s1_q.magic};
    s2_d.p = s1_q.p;
    s2_d.up = s1_q.up;
    s2_d.zero = s1_q.zero;
    s2_d.t = s1_q.t;
    s2_d.q = {3'd0, prod2[117:74]};  // below 2^44 (e >= 1)

    q3 = s2_q.zero ? s2_q.p : s2_q.q + {46'd0, s2_q.up};
  end

  logic [63:0] price3_q;
  always_ff @(posedge clk_i) begin
    s1_q <= s1_d;
    s2_q <= s2_d;
    price3_q <= {17'd0, q3} * {37'd0, s2_q.t};
  end
  assign price_o = price3_q;

endmodule
