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
  // What every stage carries; each stage fills in more.
  typedef struct packed {
    logic [63:0] p;       // the price, returned as it is when e = 0
    logic up;
    logic [63:0] x;       // p, or p - 1 when rounding up
    logic [63:0] t;       // 10^e
    logic [63:0] rc;      // its reciprocal
    logic zero;           // e = 0
    logic [63:0] qe;      // (x * rc) >> 64
    logic [127:0] back;   // qe * t
  } rnd_t;

  rnd_t s1_d, s1_q, s2_d, s2_q, s3_d, s3_q;
  logic [4:0] e1;
  logic [127:0] prod2;
  logic [127:0] less4;
  logic [127:0] more4;
  logic [128:0] over4;
  logic [63:0] price4_d;
  always_comb begin
    s1_d = '0;
    e1 = fixed_i ? e_i : 5'(hlmm_arith_pkg::tick_exponent(p_i, $signed(min_exp_i)));
    s1_d.p = p_i;
    s1_d.up = up_i;
    s1_d.x = up_i ? p_i - 64'd1 : p_i;
    s1_d.t = hlmm_arith_pkg::pow10(e1);
    s1_d.rc = hlmm_arith_pkg::pow10_recip(e1);
    s1_d.zero = e1 == 5'd0;

    s2_d = s1_q;
    prod2 = {64'd0, s1_q.x} * {64'd0, s1_q.rc};
    s2_d.qe = prod2[127:64];

    s3_d = s2_q;
    s3_d.back = {64'd0, s2_q.qe} * {64'd0, s2_q.t};

    less4 = s3_q.back - {64'd0, s3_q.t};
    more4 = s3_q.back + {64'd0, s3_q.t};
    over4 = {65'd0, s3_q.x} - {1'b0, s3_q.back};  // its borrow is back > x (see at_least)
    if (s3_q.zero) price4_d = s3_q.p;
    else if (s3_q.up) price4_d = over4[128] ? s3_q.back[63:0] : more4[63:0];
    else price4_d = over4[128] ? less4[63:0] : s3_q.back[63:0];
  end

  logic [63:0] price4_q;
  always_ff @(posedge clk_i) begin
    s1_q <= s1_d;
    s2_q <= s2_d;
    s3_q <= s3_d;
    price4_q <= price4_d;
  end
  assign price_o = price4_q;

endmodule
