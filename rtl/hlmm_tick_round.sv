// Tick rounding as a four-cycle pipeline: round_down_price / round_up_price of arith.hpp (the tick
// exponent from tick_exponent), or, with fixed_i, a round down to a multiple of 10^e_i (the
// risk stage's whole lots). One multiply per cycle, so each register-to-register path holds at
// most one product (rtl/README.md, "Pipeline, II and latency").
//   S1  exponent e (compare with the power-of-ten ROM, clamp), t = 10^e and its reciprocal;
//       x = p (down) or p - 1 (up)
//   S2  q' = (x * recip) >> 64          (div_pow10's estimate, at most one too large)
//   S3  back = q' * t
//   S4  down: back - t when back > x (the correction), else back; up: that plus t; p when e = 0
// Rounding up is div_pow10(p + t - 1, e) * t in arith.hpp. Both quotients are exact floors, and
// floor((p + t - 1) / t) = floor((p - 1) / t) + 1 for p >= 1, so x does not wait for t: the
// exponent and the ROM reads share the first cycle.
module hlmm_tick_round (
  input  logic clk_i,
  input  logic [63:0] p_i,
  input  logic up_i,                 // round up (asks) rather than down
  input  logic [7:0] min_exp_i,      // finest tick exponent of the asset (signed)
  input  logic fixed_i,              // use e_i instead of tick_exponent(p_i, min_exp_i)
  input  logic [4:0] e_i,
  output logic [63:0] price_o        // four cycles after p_i
);
  logic [63:0] p1_q;
  logic up1_q;
  logic [63:0] x1_q;
  logic [63:0] t1_q;
  logic [63:0] rc1_q;
  logic zero1_q;
  logic [63:0] p2_q;
  logic up2_q;
  logic [63:0] x2_q;
  logic [63:0] t2_q;
  logic [63:0] qe2_q;
  logic zero2_q;
  logic [63:0] p3_q;
  logic up3_q;
  logic [63:0] x3_q;
  logic [63:0] t3_q;
  logic [127:0] back3_q;
  logic zero3_q;
  logic [63:0] price4_q;

  logic [4:0] e1;
  logic [127:0] prod2;
  logic [127:0] back3_d;
  logic [127:0] less4;
  logic [127:0] more4;
  logic [128:0] over4;
  logic [63:0] price4_d;
  always_comb begin
    e1 = fixed_i ? e_i : 5'(hlmm_arith_pkg::tick_exponent(p_i, $signed(min_exp_i)));
    prod2 = {64'd0, x1_q} * {64'd0, rc1_q};
    back3_d = {64'd0, qe2_q} * {64'd0, t2_q};
    less4 = back3_q - {64'd0, t3_q};
    more4 = back3_q + {64'd0, t3_q};
    over4 = {65'd0, x3_q} - {1'b0, back3_q};  // its borrow is back > x (see at_least)
    if (zero3_q) price4_d = p3_q;
    else if (up3_q) price4_d = over4[128] ? back3_q[63:0] : more4[63:0];
    else price4_d = over4[128] ? less4[63:0] : back3_q[63:0];
  end

  always_ff @(posedge clk_i) begin
    p1_q <= p_i;
    up1_q <= up_i;
    x1_q <= up_i ? p_i - 64'd1 : p_i;
    t1_q <= hlmm_arith_pkg::pow10(e1);
    rc1_q <= hlmm_arith_pkg::pow10_recip(e1);
    zero1_q <= e1 == 5'd0;
    p2_q <= p1_q;
    up2_q <= up1_q;
    x2_q <= x1_q;
    t2_q <= t1_q;
    qe2_q <= prod2[127:64];
    zero2_q <= zero1_q;
    p3_q <= p2_q;
    up3_q <= up2_q;
    x3_q <= x2_q;
    t3_q <= t2_q;
    back3_q <= back3_d;
    zero3_q <= zero2_q;
    price4_q <= price4_d;
  end
  assign price_o = price4_q;

endmodule
