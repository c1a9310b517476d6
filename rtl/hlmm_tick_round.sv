// Tick rounding as a five-cycle pipeline: round_down_price / round_up_price of arith.hpp (the tick
// exponent from tick_exponent), or, with fixed_i, a round down to a multiple of 10^e_i (the
// risk stage's whole lots). One multiply per cycle, so each register-to-register path holds at
// most one product (rtl/README.md, "Pipeline, II and latency").
//   S1  exponent e (compare with the power-of-ten ROM, clamp)
//   S2  t = 10^e, its reciprocal, x = p (down) or p + t - 1 (up)
//   S3  q' = (x * recip) >> 64          (div_pow10's estimate, at most one too large)
//   S4  back = q' * t
//   S5  x when e = 0, else back - t when back > x (the correction), else back: q * t whichever
//       way div_pow10's correction went, without a third product.
module hlmm_tick_round (
  input  logic clk_i,
  input  logic [63:0] p_i,
  input  logic up_i,                 // round up (asks) rather than down
  input  logic [7:0] min_exp_i,      // finest tick exponent of the asset (signed)
  input  logic fixed_i,              // use e_i instead of tick_exponent(p_i, min_exp_i)
  input  logic [4:0] e_i,
  output logic [63:0] price_o        // five cycles after p_i
);
  logic [63:0] p1_q;
  logic up1_q;
  logic [4:0] e1_q;
  logic [63:0] x2_q;
  logic [63:0] t2_q;
  logic [63:0] rc2_q;
  logic zero2_q;
  logic [63:0] x3_q;
  logic [63:0] t3_q;
  logic [63:0] qe3_q;
  logic zero3_q;
  logic [63:0] x4_q;
  logic [63:0] t4_q;
  logic [127:0] back4_q;
  logic zero4_q;
  logic [63:0] price5_q;

  logic [4:0] e1_d;
  logic [63:0] t2_d;
  logic [127:0] prod3;
  logic [127:0] back4_d;
  logic [127:0] fix5;
  logic [128:0] over5;
  logic [63:0] price5_d;
  always_comb begin
    e1_d = fixed_i ? e_i : 5'(hlmm_arith_pkg::tick_exponent(p_i, $signed(min_exp_i)));
    t2_d = hlmm_arith_pkg::pow10(e1_q);
    prod3 = {64'd0, x2_q} * {64'd0, rc2_q};
    back4_d = {64'd0, qe3_q} * {64'd0, t3_q};
    fix5 = back4_q - {64'd0, t4_q};
    over5 = {65'd0, x4_q} - {1'b0, back4_q};  // its borrow is back > x (see at_least)
    price5_d = zero4_q ? x4_q : (over5[128] ? fix5[63:0] : back4_q[63:0]);
  end

  always_ff @(posedge clk_i) begin
    p1_q <= p_i;
    up1_q <= up_i;
    e1_q <= e1_d;
    x2_q <= up1_q ? p1_q + t2_d - 64'd1 : p1_q;
    t2_q <= t2_d;
    rc2_q <= hlmm_arith_pkg::pow10_recip(e1_q);
    zero2_q <= e1_q == 5'd0;
    x3_q <= x2_q;
    t3_q <= t2_q;
    qe3_q <= prod3[127:64];
    zero3_q <= zero2_q;
    x4_q <= x3_q;
    t4_q <= t3_q;
    back4_q <= back4_d;
    zero4_q <= zero3_q;
    price5_q <= price5_d;
  end
  assign price_o = price5_q;

endmodule
