// Where x falls on a policy-table axis, as a five-cycle pipeline: locate_floor (floor index
// and Q16 fraction, clamped to the grid) and locate_nearest (nearest node, ties up) of
// hls/include/hlmm/policy_lookup.hpp, the same values with a register after each product
// (rtl/README.md).
//   S1  diff = x - lo, span = step * (nodes - 1), sr = step * recip, the "node 0" case
//       (nodes <= 1 or x <= lo)
//   S2  diff * recip: idx' = its bits 111:48; diff >= span; diff +/- step, 2 diff - step (+/- 2 step)
//   S3  idx' * step, idx' * sr; the index candidates idx' - 1 .. idx' + 2 and their compares with
//       nodes
//   S4  each of the three remainders the one correction can leave (rem' = diff - idx' * step,
//       rem' + step, rem' - step), its fraction and its "at least half a step", side by side
//   S5  the correction picks one of the three by the signs of rem' and rem' - step; the clamps
// The fraction is bits 63:32 of rem * recip, so only that product modulo 2^64 matters, and there
// rem * recip = diff * recip - idx' * (step * recip) +/- step * recip for the corrected rem: its
// product runs beside idx' * step instead of after the correction. locate_nearest's test
// 2 rem >= step is the sign of (2 diff - step) - 2 idx' step, +/- 2 step for the corrected rem.
module hlmm_grid_locate (
  input  logic clk_i,
  input  logic [63:0] x_i,
  input  logic [63:0] lo_i,
  input  logic [63:0] step_i,
  input  logic [63:0] recip_i,
  input  logic [7:0] nodes_i,
  output logic [31:0] index_o,      // five cycles after x_i
  output logic [31:0] frac_q16_o,
  output logic [31:0] nearest_o
);
  // What every stage carries; each stage fills in more.
  typedef struct packed {
    logic [63:0] diff;
    logic [63:0] span;
    logic [63:0] step;
    logic [63:0] recip;
    logic [63:0] sr;     // step * recip (mod 2^64)
    logic [7:0] nodes;
    logic zero;          // nodes <= 1 or x <= lo: node 0, fraction 0
    logic top;           // diff >= span: the last node, fraction 0
    logic [63:0] idx;    // the estimate idx'
    logic [63:0] pr;     // diff * recip (mod 2^64)
    logic [63:0] dp;     // diff + step
    logic [63:0] dm;     // diff - step
    logic [63:0] h0;     // 2 diff - step
    logic [63:0] hp;     // 2 diff + step
    logic [63:0] hm;     // 2 diff - 3 step
    logic [63:0] ts;     // idx' * step
    logic [63:0] tsr;    // idx' * sr (mod 2^64)
    logic [63:0] prp;    // diff * recip + sr
    logic [63:0] prm;    // diff * recip - sr
    logic [31:0] im1;    // idx' - 1
    logic [31:0] ip1;    // idx' + 1
    logic [31:0] ip2;    // idx' + 2
    logic [2:0] last;    // idx' - 1, idx', idx' + 1 is at or past the last node (index + 1 >= nodes)
    logic neg;           // rem' < 0: the estimate was one too large
    logic over;          // rem' >= step: one too small
    logic [2:0] half;    // 2 rem >= step for rem' - step, rem', rem' + step (bits 2 .. 0)
    logic [31:0] fhp;    // bits 63:32 of rem * recip for rem' + step,
    logic [31:0] fh0;    // rem',
    logic [31:0] fhm;    // rem' - step
  } loc_t;

  loc_t s1_d, s1_q, s2_d, s2_q, s3_d, s3_q, s4_d, s4_q;
  logic [127:0] prod2;
  logic [63:0] nodes64;
  logic [63:0] r0;
  logic [63:0] rp;
  logic [63:0] rm;
  logic [63:0] f0;
  logic [63:0] fp;
  logic [63:0] fm;
  logic [63:0] g0;
  logic [63:0] gp;
  logic [63:0] gm;
  logic [31:0] fhi5;
  logic [31:0] index5;
  logic [31:0] frac5;
  logic [31:0] nearest5;
  logic up5;
  always_comb begin
    s1_d = '0;
    s1_d.diff = x_i - lo_i;
    s1_d.span = $signed(step_i) * $signed({56'd0, nodes_i - 8'd1});
    s1_d.step = step_i;
    s1_d.recip = recip_i;
    s1_d.sr = step_i * recip_i;
    s1_d.nodes = nodes_i;
    s1_d.zero = nodes_i <= 8'd1 || $signed(x_i) <= $signed(lo_i);

    s2_d = s1_q;
    prod2 = {64'd0, s1_q.diff} * {64'd0, s1_q.recip};
    s2_d.idx = prod2[111:48];
    s2_d.pr = prod2[63:0];
    s2_d.top = $signed(s1_q.diff) >= $signed(s1_q.span);
    s2_d.dp = s1_q.diff + s1_q.step;
    s2_d.dm = s1_q.diff - s1_q.step;
    s2_d.h0 = (s1_q.diff << 1) - s1_q.step;
    s2_d.hp = (s1_q.diff << 1) + s1_q.step;
    s2_d.hm = (s1_q.diff << 1) - (s1_q.step << 1) - s1_q.step;

    s3_d = s2_q;
    s3_d.ts = s2_q.idx * s2_q.step;
    s3_d.tsr = s2_q.idx * s2_q.sr;
    s3_d.prp = s2_q.pr + s2_q.sr;
    s3_d.prm = s2_q.pr - s2_q.sr;
    s3_d.im1 = s2_q.idx[31:0] - 32'd1;
    s3_d.ip1 = s2_q.idx[31:0] + 32'd1;
    s3_d.ip2 = s2_q.idx[31:0] + 32'd2;
    nodes64 = {56'd0, s2_q.nodes};
    s3_d.last[0] = $signed(s2_q.idx) >= $signed(nodes64);                 // (idx' - 1) + 1 >= nodes
    s3_d.last[1] = $signed(s2_q.idx) + 64'sd1 >= $signed(nodes64);        // idx' + 1 >= nodes
    s3_d.last[2] = $signed(s2_q.idx) + 64'sd2 >= $signed(nodes64);        // (idx' + 1) + 1 >= nodes

    s4_d = s3_q;
    r0 = s3_q.diff - s3_q.ts;
    rp = s3_q.dp - s3_q.ts;
    rm = s3_q.dm - s3_q.ts;
    f0 = s3_q.pr - s3_q.tsr;
    fp = s3_q.prp - s3_q.tsr;
    fm = s3_q.prm - s3_q.tsr;
    g0 = s3_q.h0 - (s3_q.ts << 1);
    gp = s3_q.hp - (s3_q.ts << 1);
    gm = s3_q.hm - (s3_q.ts << 1);
    s4_d.neg = r0[63];
    s4_d.over = !rm[63];
    s4_d.half = {!gm[63], !g0[63], !gp[63]};
    s4_d.fhp = fp[63:32];
    s4_d.fh0 = f0[63:32];
    s4_d.fhm = fm[63:32];

    // The correction, then the clamps in locate_floor's order; locate_nearest's remainder is the
    // corrected one except where a clamp moved the index, and there it never rounds up.
    if (s4_q.neg) begin
      index5 = s4_q.im1;
      fhi5 = s4_q.fhp;
      up5 = s4_q.half[0] && !s4_q.last[0];
      nearest5 = up5 ? s4_q.idx[31:0] : s4_q.im1;
    end else if (s4_q.over) begin
      index5 = s4_q.ip1;
      fhi5 = s4_q.fhm;
      up5 = s4_q.half[2] && !s4_q.last[2];
      nearest5 = up5 ? s4_q.ip2 : s4_q.ip1;
    end else begin
      index5 = s4_q.idx[31:0];
      fhi5 = s4_q.fh0;
      up5 = s4_q.half[1] && !s4_q.last[1];
      nearest5 = up5 ? s4_q.ip1 : s4_q.idx[31:0];
    end
    frac5 = fhi5[31:16] != 16'd0 ? 32'h0000_FFFF : fhi5;
    if (s4_q.top) begin
      index5 = {24'd0, s4_q.nodes - 8'd1};
      frac5 = 32'd0;
      nearest5 = index5;
    end
    if (s4_q.zero) begin
      index5 = 32'd0;
      frac5 = 32'd0;
      nearest5 = 32'd0;
    end
  end

  logic [31:0] index_q;
  logic [31:0] frac_q;
  logic [31:0] nearest_q;
  always_ff @(posedge clk_i) begin
    s1_q <= s1_d;
    s2_q <= s2_d;
    s3_q <= s3_d;
    s4_q <= s4_d;
    index_q <= index5;
    frac_q <= frac5;
    nearest_q <= nearest5;
  end
  assign index_o = index_q;
  assign frac_q16_o = frac_q;
  assign nearest_o = nearest_q;

endmodule
