// Where x falls on a policy-table axis, as a four-cycle pipeline: locate_floor (floor index
// and Q16 fraction, clamped to the grid) and locate_nearest (nearest node, ties up) of
// hls/include/hlmm/policy_lookup.hpp, the same values with a register after each product
// (rtl/README.md).
//   S1  diff = x - lo, with the sign of the exact (65-bit) difference, span = step * (nodes - 1),
//       sr = step * recip
//   S2  diff * recip: idx' = its bits 111:48; diff >= span; diff - step, 2 diff - step (+/- 2 step);
//       the "node 0" case (nodes <= 1 or x <= lo, i.e. the exact difference is not positive)
//   S3  idx' * step, idx' * sr; the index candidates idx' - 1 .. idx' + 2 and their compares with
//       nodes
//   S4  each of the three remainders the one correction can leave (rem' = diff - idx' * step,
//       rem' + step, rem' - step), its fraction and its "at least half a step", side by side;
//       the correction picks one of the three by the signs of rem' and rem' - step; the clamps
// The fraction is bits 63:32 of rem * recip, so only that product modulo 2^64 matters, and there
// rem * recip = diff * recip - idx' * (step * recip) +/- step * recip for the corrected rem: its
// product runs beside idx' * step instead of after the correction. locate_nearest's test
// 2 rem >= step is the sign of (2 diff - step) - 2 idx' step, +/- 2 step for the corrected rem.
// The indices are also given as S4 makes them (*_early_o, combinational, a cycle before the
// registered outputs) for a memory address that the memory itself registers, with the floor's
// upper neighbour min(index + 1, nodes - 1) (lookup_offsets' second funding bin), picked with
// the index from the candidates' successors rather than added after it.
module hlmm_grid_locate (
  input  logic clk_i,
  input  logic [63:0] x_i,
  input  logic [63:0] lo_i,
  input  logic [63:0] step_i,
  input  logic [63:0] recip_i,
  input  logic [7:0] nodes_i,
  output logic [31:0] index_o,      // four cycles after x_i
  output logic [31:0] frac_q16_o,
  output logic [31:0] nearest_o,
  output logic [31:0] upper_o,         // min(index_o + 1, nodes - 1)
  output logic [31:0] index_early_o,   // S4, combinational: index_o one cycle early
  output logic [31:0] upper_early_o,   // S4, combinational: min(index + 1, nodes - 1)
  output logic [31:0] nearest_early_o  // S4, combinational: nearest_o one cycle early
);
  // What every stage carries; each stage fills in more.
  typedef struct packed {
    logic [63:0] diff;
    logic [63:0] span;
    logic [63:0] step;
    logic [63:0] recip;
    logic [63:0] sr;     // step * recip (mod 2^64)
    logic [7:0] nodes;
    logic dneg;          // x - lo < 0 (bit 64 of the 65-bit difference)
    logic zero;          // nodes <= 1 or x <= lo: node 0, fraction 0
    logic top;           // diff >= span: the last node, fraction 0
    logic [63:0] idx;    // the estimate idx'
    logic [63:0] pr;     // diff * recip (mod 2^64)
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
    logic [31:0] top_idx; // nodes - 1
    logic [2:0] last;    // idx' - 1, idx', idx' + 1 is at or past the last node (index + 1 >= nodes)
  } loc_t;

  loc_t s1_d, s1_q, s2_d, s2_q, s3_d, s3_q;
  logic [127:0] prod2;
  logic [64:0] d65;
  logic [63:0] nodes64;
  logic [63:0] r0;
  logic [63:0] rm;
  logic [63:0] f0;
  logic [63:0] fp;
  logic [63:0] fm;
  logic [63:0] g0;
  logic [63:0] gp;
  logic [63:0] gm;
  logic neg;                // rem' < 0: the estimate was one too large
  logic over;               // rem' >= step: one too small
  logic [2:0] pick;         // one-hot: rem' + step, rem' - step, rem'
  logic [16:0] satp;   // bit 16: bits 63:48 of fp are not all zero
  logic [15:0] flo4;
  logic [31:0] index4;
  logic [31:0] frac4;
  logic [31:0] nearest4;
  logic [31:0] upper4;
  logic up4;
  always_comb begin
    // x only reaches S1 late in its cycle (the book stage's results, when the quote stage starts
    // the search there), so S1 makes the difference and nothing after it.
    s1_d = '0;
    d65 = {x_i[63], x_i} - {lo_i[63], lo_i};
    s1_d.diff = d65[63:0];
    s1_d.dneg = d65[64];
    s1_d.span = $signed(step_i) * $signed({56'd0, nodes_i - 8'd1});
    s1_d.step = step_i;
    s1_d.recip = recip_i;
    s1_d.sr = step_i * recip_i;
    s1_d.nodes = nodes_i;

    s2_d = s1_q;
    s2_d.zero = s1_q.nodes <= 8'd1 || s1_q.dneg || s1_q.diff == 64'd0;
    prod2 = {64'd0, s1_q.diff} * {64'd0, s1_q.recip};
    s2_d.idx = prod2[111:48];
    s2_d.pr = prod2[63:0];
    s2_d.top = $signed(s1_q.diff) >= $signed(s1_q.span);
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
    s3_d.top_idx = {24'd0, s2_q.nodes - 8'd1};
    nodes64 = {56'd0, s2_q.nodes};
    s3_d.last[0] = $signed(s2_q.idx) >= $signed(nodes64);                 // (idx' - 1) + 1 >= nodes
    s3_d.last[1] = $signed(s2_q.idx) + 64'sd1 >= $signed(nodes64);        // idx' + 1 >= nodes
    s3_d.last[2] = $signed(s2_q.idx) + 64'sd2 >= $signed(nodes64);        // (idx' + 1) + 1 >= nodes

    r0 = s3_q.diff - s3_q.ts;
    rm = s3_q.dm - s3_q.ts;
    f0 = s3_q.pr - s3_q.tsr;
    fp = s3_q.prp - s3_q.tsr;
    fm = s3_q.prm - s3_q.tsr;
    g0 = s3_q.h0 - (s3_q.ts << 1);
    gp = s3_q.hp - (s3_q.ts << 1);
    gm = s3_q.hm - (s3_q.ts << 1);
    neg = r0[63];
    over = !rm[63];

    // The correction, then the clamps in locate_floor's order; locate_nearest's remainder is the
    // corrected one except where a clamp moved the index, and there it never rounds up. The
    // candidates are picked by AND-OR on a one-hot: written as a choice among differences, Yosys's
    // opt_share folds the three subtractions into one after a choice of operand, which puts a
    // carry chain after the correction's compare (7 LUT levels).
    pick = {!neg && !over, !neg && over, neg};
    // locate_floor saturates the fraction at 2^16 - 1 where its bits 31:16 are not all zero. Only
    // the estimate that was one too large (pick[0]) can get there. The table's reciprocal is
    // r = round(2^48 / step) (every backend refuses any other table: axis_defect), so with rem < step:
    //  - r <= 2^48 / step: rem * r < 2^48, no candidate saturates;
    //  - r > 2^48 / step: idx' = floor(diff r / 2^48) is never too small (no pick[1]), and when it
    //    is right (pick[2]) rem r = diff r - idx' step r <= diff r - idx' 2^48 < 2^48.
    // (RtlArithmetic's grid test counts the golden model's saturations by branch on 2 M vectors.)
    // The test is the carry out of adding 2^16 - 1, a chain beside the one that made fp: as an
    // OR of the bits, ABC had laid the 16-input reduction out as five LUTs in series behind it.
    satp = {1'b0, fp[63:48]} + 17'h0_FFFF;
    flo4 = ({16{pick[0]}} & (satp[16] ? 16'hFFFF : fp[47:32])) |
           ({16{pick[1]}} & fm[47:32]) |
           ({16{pick[2]}} & f0[47:32]);
    up4 = (pick[0] && !gp[63] && !s3_q.last[0]) || (pick[1] && !gm[63] && !s3_q.last[2]) ||
          (pick[2] && !g0[63] && !s3_q.last[1]);
    index4 = ({32{pick[0]}} & s3_q.im1) | ({32{pick[1]}} & s3_q.ip1) | ({32{pick[2]}} & s3_q.idx[31:0]);
    nearest4 = ({32{pick[0]}} & (up4 ? s3_q.idx[31:0] : s3_q.im1)) |
               ({32{pick[1]}} & (up4 ? s3_q.ip2 : s3_q.ip1)) |
               ({32{pick[2]}} & (up4 ? s3_q.ip1 : s3_q.idx[31:0]));
    // Below the top clamp diff < span, so the floor is at most nodes - 2 and its successor is a
    // node: each candidate's upper neighbour is the next candidate.
    upper4 = ({32{pick[0]}} & s3_q.idx[31:0]) | ({32{pick[1]}} & s3_q.ip2) | ({32{pick[2]}} & s3_q.ip1);
    frac4 = {16'd0, flo4};
    if (s3_q.top) begin
      index4 = s3_q.top_idx;
      upper4 = s3_q.top_idx;
      frac4 = 32'd0;
      nearest4 = s3_q.top_idx;
    end
    if (s3_q.zero) begin
      index4 = 32'd0;
      upper4 = s3_q.nodes > 8'd1 ? 32'd1 : 32'd0;
      frac4 = 32'd0;
      nearest4 = 32'd0;
    end
  end

  logic [31:0] index_q;
  logic [31:0] frac_q;
  logic [31:0] nearest_q;
  logic [31:0] upper_q;
  always_ff @(posedge clk_i) begin
    s1_q <= s1_d;
    s2_q <= s2_d;
    s3_q <= s3_d;
    index_q <= index4;
    frac_q <= frac4;
    nearest_q <= nearest4;
    upper_q <= upper4;
  end
  assign index_o = index_q;
  assign frac_q16_o = frac_q;
  assign nearest_o = nearest_q;
  assign upper_o = upper_q;
  assign index_early_o = index4;
  assign upper_early_o = upper4;
  assign nearest_early_o = nearest4;

endmodule
