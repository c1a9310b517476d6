// Where x falls on a policy-table axis, as a six-cycle pipeline: locate_floor (floor index
// and Q16 fraction, clamped to the grid) and locate_nearest (nearest node, ties up) of
// hls/include/hlmm/policy_lookup.hpp, the same values with a register after each product
// (rtl/README.md).
//   S1  diff = x - lo, span = step * (nodes - 1), sr = step * recip, the "node 0" case
//       (nodes <= 1 or x <= lo)
//   S2  diff * recip: idx' = its bits 111:48; diff >= span
//   S3  idx' * step, idx' * sr
//   S4  rem' = diff - idx' * step, fr' = diff * recip - idx' * sr
//   S5  the one correction (rem' < 0 or rem' >= step) of the index, the remainder and fr'
//   S6  the clamps; nearest = floor + 1 when the exact remainder is at least half a step
// The fraction is bits 63:32 of rem * recip, so only that product modulo 2^64 matters, and there
// rem * recip = diff * recip - idx' * (step * recip) +/- step * recip for the corrected rem: its
// product runs beside idx' * step instead of after the correction.
module hlmm_grid_locate (
  input  logic clk_i,
  input  logic [63:0] x_i,
  input  logic [63:0] lo_i,
  input  logic [63:0] step_i,
  input  logic [63:0] recip_i,
  input  logic [7:0] nodes_i,
  output logic [31:0] index_o,      // six cycles after x_i
  output logic [31:0] frac_q16_o,
  output logic [31:0] nearest_o
);
  // What every stage carries; each stage fills in more.
  typedef struct packed {
    logic [63:0] diff;
    logic [63:0] span;
    logic [63:0] step;
    logic [63:0] recip;
    logic [63:0] sr;   // step * recip (mod 2^64)
    logic [7:0] nodes;
    logic zero;        // nodes <= 1 or x <= lo: node 0, fraction 0
    logic top;         // diff >= span: the last node, fraction 0
    logic [63:0] idx;
    logic [63:0] ts;   // idx * step
    logic [63:0] rem;
    logic [63:0] pr;   // diff * recip (mod 2^64)
    logic [63:0] tsr;  // idx * sr (mod 2^64)
    logic [63:0] fr;   // rem * recip (mod 2^64), as rem goes
    logic [31:0] fhi;  // bits 63:32 of the corrected rem * recip
  } loc_t;

  loc_t s1_d, s1_q, s2_d, s2_q, s3_d, s3_q, s4_d, s4_q, s5_d, s5_q;
  logic [127:0] prod2;
  logic [63:0] fr5;
  logic [31:0] index6;
  logic [31:0] frac6;
  logic [31:0] nearest6;
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

    s3_d = s2_q;
    s3_d.ts = s2_q.idx * s2_q.step;
    s3_d.tsr = s2_q.idx * s2_q.sr;

    s4_d = s3_q;
    s4_d.rem = s3_q.diff - s3_q.ts;
    s4_d.fr = s3_q.pr - s3_q.tsr;

    s5_d = s4_q;
    fr5 = s4_q.fr;
    if ($signed(s4_q.rem) < 64'sd0) begin
      s5_d.idx = s4_q.idx - 64'd1;
      s5_d.rem = s4_q.rem + s4_q.step;
      fr5 = s4_q.fr + s4_q.sr;
    end else if ($signed(s4_q.rem) >= $signed(s4_q.step)) begin
      s5_d.idx = s4_q.idx + 64'd1;
      s5_d.rem = s4_q.rem - s4_q.step;
      fr5 = s4_q.fr - s4_q.sr;
    end
    s5_d.fhi = fr5[63:32];

    // The clamps, in locate_floor's order; locate_nearest's remainder is the corrected one except
    // where a clamp moved the index, and there it never rounds up.
    index6 = s5_q.idx[31:0];
    frac6 = s5_q.fhi > 32'h0000_FFFF ? 32'h0000_FFFF : s5_q.fhi;
    nearest6 = index6;
    if (!s5_q.top && !s5_q.zero && !($signed(s5_q.idx) + 64'sd1 >= $signed({56'd0, s5_q.nodes})) &&
        $signed(s5_q.rem <<< 1) >= $signed(s5_q.step)) begin
      nearest6 = index6 + 32'd1;
    end
    if (s5_q.top) begin
      index6 = {24'd0, s5_q.nodes - 8'd1};
      frac6 = 32'd0;
      nearest6 = index6;
    end
    if (s5_q.zero) begin
      index6 = 32'd0;
      frac6 = 32'd0;
      nearest6 = 32'd0;
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
    s5_q <= s5_d;
    index_q <= index6;
    frac_q <= frac6;
    nearest_q <= nearest6;
  end
  assign index_o = index_q;
  assign frac_q16_o = frac_q;
  assign nearest_o = nearest_q;

endmodule
