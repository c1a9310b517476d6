// floor(num * 2^16 / den) as arith::ratio(num, den, 16) defines it (both normalized so den fits
// 32 bits, then div_small's exact floor), as a six-cycle pipeline with at most one product per
// cycle (rtl/README.md), and beside it the ratio times a scale modulo 2^64 (the microprice's
// spread x weight), ready with the ratio.
//   S1  c = clz64(den)
//   S2  dn = bits 63:32 of den << c, nl = (bits 63:32 of num << c) << 16; d and n as ratio()
//       makes them (den >> excess and (num >> excess) << 16); the chord ROMs' c0 and c1 read
//       straight off the shifted divisor's slice (bits 30:23 of dn; the ROM is one LUT level
//       behind the shift's 64:1 selects, so the shift needs no register of its own), and the
//       offset into the slice (bits 22:0 of dn)
//   S3  y = (c0 - c1 * offset) >> 15, the chord's value at dn: within 2^-18 of 2^63 / dn
//   S4  q = (nl * y) >> 63
//   S5  P = q * d, and q * scale
//   S6  the four corrections at once: P + k*d > n for k = -1 .. 2 decides how far q moves, which is
//       what div_small's two decrements and two increments do one after another; the scaled
//       ratio is (q + j) * scale = q * scale + j * scale for the same move j, picked likewise, so
//       it needs no product after the correction.
// The result is div_small's, the exact floor, reached by other steps: div_small refines a seed by
// a Newton step (two products in sequence), this reads a reciprocal good to the same 2^-18 from
// the chord ROMs (one product), and the corrections take either estimate to the floor.
//   - ratio() shifts right by excess = max(bit_length(den) - 32, 0) and div_small then left by
//     l = clz32(d); one of the two is 0, so dn is den's top 32 bits from its leading one either
//     way, and since num <= den, nl = n << l loses no bit.
//   - n / d = nl / dn, at most 2^16 (num <= den), and y is within 2^-18 of 2^63 / dn, so q is
//     within 2^16 * 2^-18 + 1 of the floor: one step, where the corrections reach two.
//   - (n * y) >> (63 - l) = ((n << l) * y) >> 63, a fixed shift.
module hlmm_ratio_q16 (
  input  logic clk_i,
  input  logic [63:0] num_i,
  input  logic [63:0] den_i,
  input  logic [63:0] scale_i,
  output logic [63:0] ratio_o,      // six cycles after num_i
  output logic [63:0] scaled_o      // scale_i * ratio_o mod 2^64, with it
);
  typedef struct packed {
    logic [63:0] num;
    logic [63:0] den;
    logic [6:0] c;
    logic [63:0] n;       // (num >> excess) << 16, below 2^49
    logic [31:0] d;       // den >> excess
    logic [47:0] nl;      // n << l
    logic [47:0] c0;      // the chord at the slice's start, times 2^15
    logic [15:0] c1;      // its fall per unit of dn, times 2^15
    logic [22:0] off;     // dn's offset into its slice
    logic [32:0] y;       // the chord's value at dn, ~ 2^63 / dn, in (2^31, 2^32]
    logic [63:0] q;
    logic [127:0] p;      // q * d
    logic [63:0] scale;
    logic [63:0] sq;      // q * scale mod 2^64
  } div_t;

  div_t s1_d, s1_q, s2_d, s2_q, s3_d, s3_q, s4_d, s4_q, s5_d, s5_q;
  logic [63:0] den_sh;
  logic [63:0] num_sh;
  logic wide;               // den >= 2^32: ratio() shifts both right
  logic [47:0] chord;
  logic [80:0] pr;
  logic [127:0] dd;
  logic [127:0] cand [4];   // P + (i - 1) * d
  logic [3:0] gt;           // cand[i] > n
  logic [128:0] below;
  logic [4:0] pick;         // q moves by -2 .. +2
  logic [63:0] q6;
  logic [63:0] sw6;
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
    s2_d.nl = {num_sh[63:32], 16'd0};
    s2_d.d = wide ? den_sh[63:32] : s1_q.den[31:0];
    s2_d.n = wide ? {16'd0, num_sh[63:32], 16'd0} : {s1_q.num[47:0], 16'd0};
    s2_d.c0 = hlmm_arith_pkg::recip_chord_c0(den_sh[62:55]);
    s2_d.c1 = hlmm_arith_pkg::recip_chord_c1(den_sh[62:55]);
    s2_d.off = den_sh[54:32];

    // c1 * off < 2^39 <= c0 (c0 > 2^46): no borrow.
    s3_d = s2_q;
    chord = s2_q.c0 - {32'd0, s2_q.c1} * {25'd0, s2_q.off};
    s3_d.y = chord[47:15];

    s4_d = s3_q;
    pr = {33'd0, s3_q.nl} * {48'd0, s3_q.y};
    s4_d.q = {46'd0, pr[80:63]};

    s5_d = s4_q;
    s5_d.p = {64'd0, s4_q.q} * {96'd0, s4_q.d};
    s5_d.sq = s4_q.q * s4_q.scale;

    dd = {96'd0, s5_q.d};
    cand[0] = s5_q.p - dd;
    cand[1] = s5_q.p;
    cand[2] = s5_q.p + dd;
    cand[3] = s5_q.p + (dd << 1);
    for (int i = 0; i < 4; i++) begin
      below = {65'd0, s5_q.n} - {1'b0, cand[i]};  // its borrow is n < cand[i] (see at_least)
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
    q6 = 64'd0;
    for (int i = 0; i < 5; i++) q6 = q6 | ({64{pick[i]}} & (s5_q.q + 64'(i) - 64'd2));
    sw6 = ({64{pick[0]}} & (s5_q.sq - (s5_q.scale << 1))) | ({64{pick[1]}} & (s5_q.sq - s5_q.scale)) |
          ({64{pick[2]}} & s5_q.sq) | ({64{pick[3]}} & (s5_q.sq + s5_q.scale)) |
          ({64{pick[4]}} & (s5_q.sq + (s5_q.scale << 1)));
  end

  logic [63:0] ratio_q;
  logic [63:0] scaled_q;
  always_ff @(posedge clk_i) begin
    s1_q <= s1_d;
    s2_q <= s2_d;
    s3_q <= s3_d;
    s4_q <= s4_d;
    s5_q <= s5_d;
    ratio_q <= q6;
    scaled_q <= sw6;
  end
  assign ratio_o = ratio_q;
  assign scaled_o = scaled_q;

endmodule
