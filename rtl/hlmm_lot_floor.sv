// Whole-lot floor as a four-cycle pipeline: div_pow10(x, e) * 10^e of arith.hpp for any
// 0 <= x < 2^63 and 0 <= e <= 18 (the risk pre-check's position room shrunk to whole lots).
// Off the record's critical path (its result is needed eleven cycles later), so it keeps
// div_pow10's own steps, one multiply per cycle:
//   S1  t = 10^e and its reciprocal ceil(2^64 / t) from the ROMs
//   S2  q' = (x * recip) >> 64        (at most one too large)
//   S3  back = q' * t
//   S4  back - t when back > x (the correction), else back; x when e = 0
module hlmm_lot_floor (
  input  logic clk_i,
  input  logic [63:0] x_i,
  input  logic [4:0] e_i,
  output logic [63:0] floor_o        // four cycles after x_i
);
  typedef struct packed {
    logic [63:0] x;
    logic [63:0] t;       // 10^e
    logic [63:0] rc;      // its reciprocal
    logic zero;           // e = 0
    logic [63:0] qe;      // (x * rc) >> 64
    logic [127:0] back;   // qe * t
  } lot_t;

  lot_t s1_d, s1_q, s2_d, s2_q, s3_d, s3_q;
  logic [127:0] prod2;
  logic [127:0] less4;
  logic [128:0] over4;
  logic [63:0] floor4_d;
  always_comb begin
    s1_d = '0;
    s1_d.x = x_i;
    s1_d.t = hlmm_arith_pkg::pow10(e_i);
    s1_d.rc = hlmm_arith_pkg::pow10_recip(e_i);
    s1_d.zero = e_i == 5'd0;

    s2_d = s1_q;
    prod2 = {64'd0, s1_q.x} * {64'd0, s1_q.rc};
    s2_d.qe = prod2[127:64];

    s3_d = s2_q;
    s3_d.back = {64'd0, s2_q.qe} * {64'd0, s2_q.t};

    less4 = s3_q.back - {64'd0, s3_q.t};
    over4 = {65'd0, s3_q.x} - {1'b0, s3_q.back};  // its borrow is back > x
    if (s3_q.zero) floor4_d = s3_q.x;
    else floor4_d = over4[128] ? less4[63:0] : s3_q.back[63:0];
  end

  logic [63:0] floor4_q;
  always_ff @(posedge clk_i) begin
    s1_q <= s1_d;
    s2_q <= s2_d;
    s3_q <= s3_d;
    floor4_q <= floor4_d;
  end
  assign floor_o = floor4_q;

endmodule
