// Tick rounding as a three-cycle pipeline: round_down_price / round_up_price of arith.hpp, and
// what the risk pre-check needs of the rounded price (its products with a size and with 10^4,
// the exponent of its tick), made from the quotient so that no product waits for the price.
// For the prices the quote stage rounds: targets inside (0, MAX_PRICE], the post-only limits
// and the opposite best prices, so 0 < p < 2^47, or p = 0 rounding down (best ask - 1 for a
// best ask of one unit; 0 comes out). For any other p the results are unspecified; the quote
// stage does not use them. One multiply per register-to-register path (rtl/README.md,
// "Pipeline, II and latency"):
//   S1  e = tick_exponent(p), t = 10^e, the exact multiplier m = ceil(2^74 / t) and, rounding
//       up, the addend (t - 1) * m; j with 10^(j-1) <= p < 10^j
//   S2  q = (p * m + addend) >> 74: floor(p / t), or floor((p + t - 1) / t) rounding up,
//       exactly (hlmm_arith_pkg::pow10_magic); t * size; p + t; 10^j; 10^(e+4)
//   S3  price = q * t, notional = q * (t * size), scaled = q * 10^(e+4); the rounded price's
//       tick exponent, and the entry of a caller's per-exponent table at it (the quote stage's
//       hysteresis threshold), picked from the two exponents the price can have by the same
//       compare, so the risk stage gets the value and not an index into nine
// arith.hpp's div_pow10 estimates with ceil(2^64 / t) and corrects by a multiply-back; both are
// exact floors, so they agree, and the exact estimate saves the correction's cycle.
// The rounded price's tick exponent: rounding down stays in p's decade (its start is a multiple
// of t when the price is not 0), so it is e. Rounding up stays there too unless the price
// reaches 10^j, which is when p + t > 10^j; then it is tick_exponent(10^j) = min(max(min_exp,
// j - 4), 8). (When t does not divide 10^j the rounded price is t itself and both give e.)
module hlmm_tick_round (
  input  logic clk_i,
  input  logic [63:0] p_i,
  input  logic up_i,                 // round up (asks) rather than down
  input  logic [7:0] min_exp_i,      // finest tick exponent of the asset (signed)
  input  logic [63:0] size_i,        // a size below 2^56 (0 when the notional is not wanted)
  input  logic [9*43-1:0] by_exp_i,  // a value per tick exponent e = 0 .. 8 (bits 43e +: 43), read in S3
  output logic [63:0] price_o,       // three cycles after p_i
  output logic [127:0] notional_o,   // price_o * size_i
  output logic [127:0] scaled_o,     // price_o * 10^4
  output logic [7:0] exp_o,          // tick_exponent(price_o, min_exp_i)
  output logic [42:0] by_exp_o       // by_exp_i's entry at exp_o
);
  typedef struct packed {
    logic [46:0] p;
    logic up;
    logic [3:0] e;
    logic [4:0] j;
    logic [7:0] min_exp;
    logic [26:0] t;       // 10^e <= 10^8
    logic [74:0] magic;   // ceil(2^74 / 10^e)
    logic [74:0] addend;  // (10^e - 1) * magic rounding up, else 0
    logic [55:0] size;
  } s1_t;

  typedef struct packed {
    logic up;
    logic [3:0] e;
    logic [3:0] e_next;   // tick_exponent(10^j)
    logic [26:0] t;
    logic [39:0] t4;
    logic [46:0] q;       // the rounded price / 10^e
    logic [82:0] ts;      // 10^e * size
    logic [47:0] pt;      // p + 10^e
    logic [49:0] pow_j;   // 10^j (j <= 15 for p < 2^47)
  } s2_t;

  s1_t s1_d, s1_q;
  s2_t s2_d, s2_q;
  logic [3:0] e1;
  logic [9:0] e_ge;   // [k]: e >= k (e_ge[0] = 1, e_ge[9] = 0)
  logic [8:0] e_oh;   // [k]: e = k
  logic [121:0] prod2;
  logic signed [8:0] jm4;
  logic signed [8:0] en;
  always_comb begin
    // tick_exponent's clamps read as compares (min_exp in [0, 8]): e >= k exactly when
    // p >= 10^(k+4) or min_exp >= k, for k = 1 .. 8. Its one-hot then picks 10^e, the multiplier
    // and the addend by one AND-OR each, straight behind the compares' carry chains (as a ROM
    // behind the encoded exponent, ABC mapped the select up to six LUTs deep there).
    e_ge[0] = 1'b1;
    e_ge[9] = 1'b0;
    for (int k = 1; k <= 8; k++) begin
      e_ge[k] = hlmm_arith_pkg::at_least(p_i, hlmm_arith_pkg::pow10(5'(k + 4))) || $signed(min_exp_i) >= 8'(k);
    end
    for (int k = 0; k <= 8; k++) e_oh[k] = e_ge[k] & ~e_ge[k + 1];
    e1 = 4'd0;
    s1_d.t = 27'd0;
    s1_d.magic = 75'd0;
    s1_d.addend = 75'd0;
    for (int k = 0; k <= 8; k++) begin
      e1 = e1 | ({4{e_oh[k]}} & 4'(k));
      s1_d.t = s1_d.t | ({27{e_oh[k]}} & 27'(hlmm_arith_pkg::pow10(5'(k))));
      s1_d.magic = s1_d.magic | ({75{e_oh[k]}} & hlmm_arith_pkg::pow10_magic(4'(k)));
      s1_d.addend = s1_d.addend | ({75{e_oh[k] & up_i}} & hlmm_arith_pkg::pow10_ceil_add(4'(k)));
    end
    s1_d.p = p_i[46:0];
    s1_d.up = up_i;
    s1_d.e = e1;
    s1_d.j = hlmm_arith_pkg::decade_above(p_i);
    s1_d.min_exp = min_exp_i;
    s1_d.size = size_i[55:0];

    prod2 = {75'd0, s1_q.p} * {47'd0, s1_q.magic} + {47'd0, s1_q.addend};
    s2_d.up = s1_q.up;
    s2_d.e = s1_q.e;
    jm4 = $signed({4'd0, s1_q.j}) - 9'sd4;
    en = $signed({s1_q.min_exp[7], s1_q.min_exp}) > jm4 ? $signed({s1_q.min_exp[7], s1_q.min_exp}) : jm4;
    s2_d.e_next = en > 9'sd8 ? 4'd8 : 4'(en);
    s2_d.t = s1_q.t;
    // From the registered exponent: as a ROM behind S1's exponent the + 4 added a carry chain
    // and two LUT levels to S1's path.
    s2_d.t4 = 40'(hlmm_arith_pkg::pow10(5'(s1_q.e) + 5'd4));
    s2_d.q = prod2[120:74];
    s2_d.ts = {29'd0, s1_q.t} * {27'd0, s1_q.size};
    s2_d.pt = {1'b0, s1_q.p} + {21'd0, s1_q.t};
    s2_d.pow_j = 50'(hlmm_arith_pkg::pow10(s1_q.j));
  end

  logic [63:0] price3_q;
  logic [127:0] notional3_q;
  logic [127:0] scaled3_q;
  logic [7:0] exp3_q;
  logic [42:0] by_exp3_q;
  logic crossed;
  always_comb crossed = s2_q.up && {2'd0, s2_q.pt} > s2_q.pow_j;
  always_ff @(posedge clk_i) begin
    s1_q <= s1_d;
    s2_q <= s2_d;
    price3_q <= {17'd0, s2_q.q} * {37'd0, s2_q.t};
    notional3_q <= {81'd0, s2_q.q} * {45'd0, s2_q.ts};
    scaled3_q <= {81'd0, s2_q.q} * {88'd0, s2_q.t4};
    exp3_q <= {4'd0, crossed ? s2_q.e_next : s2_q.e};
    by_exp3_q <= crossed ? hlmm_arith_pkg::by_exponent(by_exp_i, s2_q.e_next)
                         : hlmm_arith_pkg::by_exponent(by_exp_i, s2_q.e);
  end
  assign price_o = price3_q;
  assign notional_o = notional3_q;
  assign scaled_o = scaled3_q;
  assign exp_o = exp3_q;
  assign by_exp_o = by_exp3_q;

endmodule
