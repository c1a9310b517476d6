// floor(num * 2^16 / den) as arith::ratio(num, den, 16) defines it (both normalized so den fits
// 32 bits, then div_small: reciprocal seed, one Newton step, two corrections each way), as a
// thirteen-cycle pipeline with at most one product per cycle (rtl/README.md).
//   S1  excess = bit_length(den >> 32)          S2  n = (num >> excess) << 16, d = den >> excess
//   S3  l = clz32(d)                              S4  dn = d << l (in [2^31, 2^32) for d > 0)
//   S5  y0 = seed[dn bits 30:23]                  S6  dn * y0
//   S7  err = 2^63 - dn * y0                      S8  y0 * err
//   S9  y1 = y0 + (y0 * err) >>> 63               S10 n * y1
//   S11 q = (n * y1) >> (63 - l)                  S12 P = q * d
//   S13 the four corrections at once: P + k*d > n for k = -1 .. 2 decides how far q moves, which is
//       what div_small's two decrements and two increments do one after another.
module hlmm_ratio_q16 (
  input  logic clk_i,
  input  logic [63:0] num_i,
  input  logic [63:0] den_i,
  output logic [63:0] ratio_o       // thirteen cycles after num_i
);
  typedef struct packed {
    logic [63:0] num;
    logic [63:0] den;
    logic [6:0] excess;
    logic [63:0] n;
    logic [31:0] d;
    logic [5:0] l;
    logic [31:0] dn;
    logic [31:0] y0;      // the seed ROM's values are below 2^32
    logic [63:0] dy;
    logic [65:0] err;     // 2^63 - dn * y0, in (-2^64, 2^63]
    logic [127:0] ce;     // y0 * err, signed
    logic [63:0] y1;
    logic [127:0] pr;     // n * y1
    logic [63:0] q;
    logic [127:0] p;      // q * d
  } div_t;

  div_t s1_d, s1_q, s2_d, s2_q, s3_d, s3_q, s4_d, s4_q, s5_d, s5_q, s6_d, s6_q;
  div_t s7_d, s7_q, s8_d, s8_q, s9_d, s9_q, s10_d, s10_q, s11_d, s11_q, s12_d, s12_q;
  logic [6:0] bl;
  logic [63:0] dw;
  logic [63:0] dn64;
  logic [63:0] seed;
  logic [127:0] shifted;
  logic [127:0] dd;
  logic [127:0] cand [4];   // P + (i - 1) * d
  logic [3:0] gt;           // cand[i] > n
  logic [128:0] below;
  logic [4:0] pick;         // q moves by -2 .. +2
  logic [63:0] q13;
  always_comb begin
    s1_d = '0;
    s1_d.num = num_i;
    s1_d.den = den_i;
    // bit_length(den) - 32 when above 32 bits, else 0: the bit length of den's upper half.
    bl = hlmm_arith_pkg::bit_length({32'd0, den_i[63:32]});
    s1_d.excess = bl;

    s2_d = s1_q;
    s2_d.n = (s1_q.num >> s1_q.excess) << 16;
    dw = s1_q.den >> s1_q.excess;
    s2_d.d = dw[31:0];

    s3_d = s2_q;
    s3_d.l = hlmm_arith_pkg::clz32(s2_q.d);

    s4_d = s3_q;
    dn64 = {32'd0, s3_q.d} << s3_q.l;
    s4_d.dn = dn64[31:0];  // d = 0 gives l = 32 and dn = 0 either way

    s5_d = s4_q;
    seed = hlmm_arith_pkg::recip_seed(s4_q.dn[30:23]);
    s5_d.y0 = seed[31:0];

    s6_d = s5_q;
    s6_d.dy = {32'd0, s5_q.dn} * {32'd0, s5_q.y0};

    s7_d = s6_q;
    s7_d.err = {2'b00, 64'h8000_0000_0000_0000} - {2'b00, s6_q.dy};

    s8_d = s7_q;
    s8_d.ce = $signed({{96{1'b0}}, s7_q.y0}) * $signed({{62{s7_q.err[65]}}, s7_q.err});

    s9_d = s8_q;
    s9_d.y1 = {32'd0, s8_q.y0} + 64'($signed(s8_q.ce) >>> 63);

    s10_d = s9_q;
    s10_d.pr = {64'd0, s9_q.n} * {64'd0, s9_q.y1};

    s11_d = s10_q;
    shifted = s10_q.pr >> (7'd63 - {1'b0, s10_q.l});
    s11_d.q = shifted[63:0];

    s12_d = s11_q;
    s12_d.p = {64'd0, s11_q.q} * {96'd0, s11_q.d};

    dd = {96'd0, s12_q.d};
    cand[0] = s12_q.p - dd;
    cand[1] = s12_q.p;
    cand[2] = s12_q.p + dd;
    cand[3] = s12_q.p + (dd << 1);
    for (int i = 0; i < 4; i++) begin
      below = {65'd0, s12_q.n} - {1'b0, cand[i]};  // its borrow is n < cand[i] (see at_least)
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
    q13 = 64'd0;
    for (int i = 0; i < 5; i++) q13 = q13 | ({64{pick[i]}} & (s12_q.q + 64'(i) - 64'd2));
  end

  logic [63:0] ratio_q;
  always_ff @(posedge clk_i) begin
    s1_q <= s1_d;
    s2_q <= s2_d;
    s3_q <= s3_d;
    s4_q <= s4_d;
    s5_q <= s5_d;
    s6_q <= s6_d;
    s7_q <= s7_d;
    s8_q <= s8_d;
    s9_q <= s9_d;
    s10_q <= s10_d;
    s11_q <= s11_d;
    s12_q <= s12_d;
    ratio_q <= q13;
  end
  assign ratio_o = ratio_q;

endmodule
