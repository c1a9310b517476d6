// floor(num * 2^16 / den) as arith::ratio(num, den, 16) defines it (both normalized so den fits
// 32 bits, then div_small: reciprocal seed, one Newton step, two corrections each way), as a
// seven-cycle pipeline with at most one product per cycle (rtl/README.md), and beside it the
// ratio times a scale modulo 2^64 (the microprice's spread x weight), ready with the ratio.
//   S1  c = clz64(den)
//   S2  dn = bits 63:32 of den << c, nl = (bits 63:32 of num << c) << 16; d and n as ratio()
//       makes them (den >> excess and (num >> excess) << 16); y0 = seed[dn bits 30:23] and y0^2
//       from the squares ROM, read straight off the shifted divisor (the ROM is one LUT level
//       behind the shift's 64:1 selects, so the shift needs no register of its own)
//   S3  X = dn * y0^2
//   S4  y1 = 2 y0 - ceil(X / 2^63)
//   S5  q = (nl * y1) >> 63
//   S6  P = q * d, and q * scale
//   S7  the four corrections at once: P + k*d > n for k = -1 .. 2 decides how far q moves, which is
//       what div_small's two decrements and two increments do one after another; the scaled
//       ratio is (q + j) * scale = q * scale + j * scale for the same move j, picked likewise, so
//       it needs no product after the correction.
// The steps are div_small's values reached by fewer operations in sequence, equal as integers:
//   - ratio() shifts right by excess = max(bit_length(den) - 32, 0) and div_small then left by
//     l = clz32(d); one of the two is 0, so dn is den's top 32 bits from its leading one either
//     way, and since num <= den, nl = n << l loses no bit.
//   - y1 = y0 + floor(y0 * (2^63 - dn * y0) / 2^63) = 2 y0 - ceil(dn * y0^2 / 2^63), with y0^2 a
//     ROM of its own instead of a second product after dn * y0.
//   - (n * y1) >> (63 - l) = ((n << l) * y1) >> 63, a fixed shift.
module hlmm_ratio_q16 (
  input  logic clk_i,
  input  logic [63:0] num_i,
  input  logic [63:0] den_i,
  input  logic [63:0] scale_i,
  output logic [63:0] ratio_o,      // seven cycles after num_i
  output logic [63:0] scaled_o      // scale_i * ratio_o mod 2^64, with it
);
  typedef struct packed {
    logic [63:0] num;
    logic [63:0] den;
    logic [6:0] c;
    logic [63:0] n;       // (num >> excess) << 16, below 2^49
    logic [31:0] d;       // den >> excess
    logic [31:0] dn;      // d << l, in [2^31, 2^32) for den > 0
    logic [47:0] nl;      // n << l
    logic [31:0] y0;      // the seed ROM's values are below 2^32
    logic [63:0] y0sq;
    logic [95:0] x;       // dn * y0^2
    logic [33:0] y1;
    logic [63:0] q;
    logic [127:0] p;      // q * d
    logic [63:0] scale;
    logic [63:0] sq;      // q * scale mod 2^64
  } div_t;

  div_t s1_d, s1_q, s2_d, s2_q, s3_d, s3_q, s4_d, s4_q, s5_d, s5_q, s6_d, s6_q;
  logic [63:0] den_sh;
  logic [63:0] num_sh;
  logic wide;               // den >= 2^32: ratio() shifts both right
  logic [63:0] seed;
  logic [33:0] x_ceil;
  logic [81:0] pr;
  logic [127:0] dd;
  logic [127:0] cand [4];   // P + (i - 1) * d
  logic [3:0] gt;           // cand[i] > n
  logic [128:0] below;
  logic [4:0] pick;         // q moves by -2 .. +2
  logic [63:0] q7;
  logic [63:0] sw7;
  always_comb begin
    s1_d = '0;
    s1_d.num = num_i;
    s1_d.den = den_i;
    s1_d.scale = scale_i;
    s1_d.c = hlmm_arith_pkg::clz64(den_i);

    s2_d = s1_q;
    den_sh = s1_q.den << s1_q.c;
    num_sh = s1_q.num << s1_q.c;
    wide = s1_q.c < 7'd32;
    s2_d.dn = den_sh[63:32];
    s2_d.nl = {num_sh[63:32], 16'd0};
    s2_d.d = wide ? den_sh[63:32] : s1_q.den[31:0];
    s2_d.n = wide ? {16'd0, num_sh[63:32], 16'd0} : {s1_q.num[47:0], 16'd0};
    seed = hlmm_arith_pkg::recip_seed(den_sh[62:55]);
    s2_d.y0 = seed[31:0];
    s2_d.y0sq = hlmm_arith_pkg::recip_seed_sq(den_sh[62:55]);

    s3_d = s2_q;
    s3_d.x = {64'd0, s2_q.dn} * {32'd0, s2_q.y0sq};

    s4_d = s3_q;
    x_ceil = {1'b0, s3_q.x[95:63]} + {33'd0, |s3_q.x[62:0]};
    s4_d.y1 = {1'b0, s3_q.y0, 1'b0} - x_ceil;

    s5_d = s4_q;
    pr = {34'd0, s4_q.nl} * {48'd0, s4_q.y1};
    s5_d.q = {45'd0, pr[81:63]};

    s6_d = s5_q;
    s6_d.p = {64'd0, s5_q.q} * {96'd0, s5_q.d};
    s6_d.sq = s5_q.q * s5_q.scale;

    dd = {96'd0, s6_q.d};
    cand[0] = s6_q.p - dd;
    cand[1] = s6_q.p;
    cand[2] = s6_q.p + dd;
    cand[3] = s6_q.p + (dd << 1);
    for (int i = 0; i < 4; i++) begin
      below = {65'd0, s6_q.n} - {1'b0, cand[i]};  // its borrow is n < cand[i] (see at_least)
      gt[i] = below[128];
    end
    // div_small: two "q * d > n: q -= 1", then two "(q + 1) * d <= n: q += 1". A step is only
    // taken when the one before it was, so the sequence is decided by these four compares alone
    // (P - 2d is never read: after two decrements nothing checks again):
    //   P > n: q - 1, or q - 2 when also P - d > n; else P + d > n: q; else q + 1, or q + 2 when
    //   also P + 2d <= n.
    // q - 2 .. q + 2 are made beside the compares and picked by AND-OR on the decision, one-hot,
    // so Yosys's opt_share cannot fold them back into one adder after the choice.
    pick[0] = gt[1] && gt[0];
    pick[1] = gt[1] && !gt[0];
    pick[2] = !gt[1] && gt[2];
    pick[3] = !gt[1] && !gt[2] && gt[3];
    pick[4] = !gt[1] && !gt[2] && !gt[3];
    q7 = 64'd0;
    for (int i = 0; i < 5; i++) q7 = q7 | ({64{pick[i]}} & (s6_q.q + 64'(i) - 64'd2));
    sw7 = ({64{pick[0]}} & (s6_q.sq - (s6_q.scale << 1))) | ({64{pick[1]}} & (s6_q.sq - s6_q.scale)) |
          ({64{pick[2]}} & s6_q.sq) | ({64{pick[3]}} & (s6_q.sq + s6_q.scale)) |
          ({64{pick[4]}} & (s6_q.sq + (s6_q.scale << 1)));
  end

  logic [63:0] ratio_q;
  logic [63:0] scaled_q;
  always_ff @(posedge clk_i) begin
    s1_q <= s1_d;
    s2_q <= s2_d;
    s3_q <= s3_d;
    s4_q <= s4_d;
    s5_q <= s5_d;
    s6_q <= s6_d;
    ratio_q <= q7;
    scaled_q <= sw7;
  end
  assign ratio_o = ratio_q;
  assign scaled_o = scaled_q;

endmodule
