// The pieces of the pipeline's integer arithmetic that the stages and the arithmetic pipelines
// (hlmm_tick_round, hlmm_grid_locate, hlmm_ratio_q16) share, as hls/include/hlmm/arith.hpp
// defines them (no divider anywhere: reciprocal multiplies and explicit corrections). Functions
// assign to their own name because Yosys 0.23 has no `return`.
// The ROM tables below are the C++ constexpr tables (or, for the RTL's own, their formulas)
// written out; tests/rtl/pkg_layout_test.cpp checks them entry by entry.
package hlmm_arith_pkg;

  // 10^e for e = 0 .. 18 (arith::kPow10.value)
  function automatic logic [63:0] pow10(input logic [4:0] e);
    unique case (e)
      5'd0: pow10 = 64'd1;
      5'd1: pow10 = 64'd10;
      5'd2: pow10 = 64'd100;
      5'd3: pow10 = 64'd1000;
      5'd4: pow10 = 64'd10000;
      5'd5: pow10 = 64'd100000;
      5'd6: pow10 = 64'd1000000;
      5'd7: pow10 = 64'd10000000;
      5'd8: pow10 = 64'd100000000;
      5'd9: pow10 = 64'd1000000000;
      5'd10: pow10 = 64'd10000000000;
      5'd11: pow10 = 64'd100000000000;
      5'd12: pow10 = 64'd1000000000000;
      5'd13: pow10 = 64'd10000000000000;
      5'd14: pow10 = 64'd100000000000000;
      5'd15: pow10 = 64'd1000000000000000;
      5'd16: pow10 = 64'd10000000000000000;
      5'd17: pow10 = 64'd100000000000000000;
      5'd18: pow10 = 64'd1000000000000000000;
      default: pow10 = 64'd0;
    endcase
  endfunction

  // ceil(2^64 / 10^e) (arith::kPow10.recip); 0 for e = 0, which is never multiplied
  function automatic logic [63:0] pow10_recip(input logic [4:0] e);
    unique case (e)
      5'd1: pow10_recip = 64'h199999999999999a;
      5'd2: pow10_recip = 64'h028f5c28f5c28f5d;
      5'd3: pow10_recip = 64'h004189374bc6a7f0;
      5'd4: pow10_recip = 64'h00068db8bac710cc;
      5'd5: pow10_recip = 64'h0000a7c5ac471b48;
      5'd6: pow10_recip = 64'h000010c6f7a0b5ee;
      5'd7: pow10_recip = 64'h000001ad7f29abcb;
      5'd8: pow10_recip = 64'h0000002af31dc462;
      5'd9: pow10_recip = 64'h000000044b82fa0a;
      5'd10: pow10_recip = 64'h000000006df37f68;
      5'd11: pow10_recip = 64'h000000000afebff1;
      5'd12: pow10_recip = 64'h0000000001197999;
      5'd13: pow10_recip = 64'h00000000001c25c3;
      5'd14: pow10_recip = 64'h000000000002d094;
      5'd15: pow10_recip = 64'h000000000000480f;
      5'd16: pow10_recip = 64'h0000000000000735;
      5'd17: pow10_recip = 64'h00000000000000b9;
      5'd18: pow10_recip = 64'h0000000000000013;
      default: pow10_recip = 64'd0;
    endcase
  endfunction

  // ceil(2^74 / 10^e) for e = 0 .. 8 (2^74 for e = 0): for 0 <= x < 2^47 + 10^8,
  // (x * pow10_magic(e)) >> 74 is exactly floor(x / 10^e), with no correction. With
  // m = ceil(2^74 / d) = (2^74 + r) / d, 0 <= r < d: x * m / 2^74 = x / d + x * r / (d * 2^74),
  // and x * r < (2^47 + 10^8) * 10^8 < 2^74 keeps the added term below 1 / d, which cannot carry
  // x / d past its next integer. tests/rtl/pkg_layout_test.cpp checks every entry and that bound.
  function automatic logic [74:0] pow10_magic(input logic [3:0] e);
    unique case (e)
      4'd0: pow10_magic = 75'h4000000000000000000;
      4'd1: pow10_magic = 75'h0666666666666666667;
      4'd2: pow10_magic = 75'h00a3d70a3d70a3d70a4;
      4'd3: pow10_magic = 75'h0010624dd2f1a9fbe77;
      4'd4: pow10_magic = 75'h0001a36e2eb1c432ca6;
      4'd5: pow10_magic = 75'h000029f16b11c6d1e11;
      4'd6: pow10_magic = 75'h00000431bde82d7b635;
      4'd7: pow10_magic = 75'h0000006b5fca6af2bd3;
      4'd8: pow10_magic = 75'h0000000abcc77118462;
      default: pow10_magic = 75'd0;
    endcase
  endfunction

  // (10^e - 1) * pow10_magic(e): added to p * pow10_magic(e), the quotient is
  // floor((p + 10^e - 1) / 10^e), p rounded up to a multiple of 10^e (0 for e = 0).
  function automatic logic [74:0] pow10_ceil_add(input logic [3:0] e);
    unique case (e)
      4'd1: pow10_ceil_add = 75'h399999999999999999f;
      4'd2: pow10_ceil_add = 75'h3f5c28f5c28f5c28f6c;
      4'd3: pow10_ceil_add = 75'h3fef9db22d0e5604261;
      4'd4: pow10_ceil_add = 75'h3ffe5c91d14e3bce7ba;
      4'd5: pow10_ceil_add = 75'h3fffd60e94ee393928f;
      4'd6: pow10_ceil_add = 75'h3ffffbce4217d2a810b;
      4'd7: pow10_ceil_add = 75'h3fffff94a0359dc5fad;
      4'd8: pow10_ceil_add = 75'h3ffffff54338a129d9e;
      default: pow10_ceil_add = 75'd0;
    endcase
  endfunction

  // The reciprocal's chord ROMs (hlmm_ratio_q16): on the i-th of 256 equal slices [a, a + 2^23)
  // of the normalized divisor range [2^31, 2^32), a = 2^31 + i * 2^23, the chord of 2^63 / x
  // between the slice's ends is c0 - c1 * (x - a) / 2^15 with c0 = round(2^78 / a) and
  // c1 = round(2^15 * (2^63 / a - 2^63 / (a + 2^23)) / 2^23) (written out by formula, checked
  // against it by tests/rtl/pkg_layout_test.cpp). The chord is within 2^-18 of 2^63 / x.
  function automatic logic [47:0] recip_chord_c0(input logic [7:0] i);
    unique case (i)
      8'd0: recip_chord_c0 = 48'h800000000000;
      8'd1: recip_chord_c0 = 48'h7f807f807f80;
      8'd2: recip_chord_c0 = 48'h7f01fc07f020;
      8'd3: recip_chord_c0 = 48'h7e8472a807e8;
      8'd4: recip_chord_c0 = 48'h7e07e07e07e0;
      8'd5: recip_chord_c0 = 48'h7d8c42b2836f;
      8'd6: recip_chord_c0 = 48'h7d119679290a;
      8'd7: recip_chord_c0 = 48'h7c97d9108c2b;
      8'd8: recip_chord_c0 = 48'h7c1f07c1f07c;
      8'd9: recip_chord_c0 = 48'h7ba71fe11638;
      8'd10: recip_chord_c0 = 48'h7b301ecc07b3;
      8'd11: recip_chord_c0 = 48'h7aba01eae808;
      8'd12: recip_chord_c0 = 48'h7a44c6afc2de;
      8'd13: recip_chord_c0 = 48'h79d06a965d44;
      8'd14: recip_chord_c0 = 48'h795ceb240796;
      8'd15: recip_chord_c0 = 48'h78ea45e7706a;
      8'd16: recip_chord_c0 = 48'h787878787878;
      8'd17: recip_chord_c0 = 48'h780780780780;
      8'd18: recip_chord_c0 = 48'h77975b8fe21a;
      8'd19: recip_chord_c0 = 48'h772807728077;
      8'd20: recip_chord_c0 = 48'h76b981dae607;
      8'd21: recip_chord_c0 = 48'h764bc88c79fe;
      8'd22: recip_chord_c0 = 48'h75ded952e0b1;
      8'd23: recip_chord_c0 = 48'h7572b201d5cb;
      8'd24: recip_chord_c0 = 48'h750750750750;
      8'd25: recip_chord_c0 = 48'h749cb28ff16c;
      8'd26: recip_chord_c0 = 48'h7432d63dbb02;
      8'd27: recip_chord_c0 = 48'h73c9b97112ff;
      8'd28: recip_chord_c0 = 48'h73615a240e6c;
      8'd29: recip_chord_c0 = 48'h72f9b6580730;
      8'd30: recip_chord_c0 = 48'h7292cc157b86;
      8'd31: recip_chord_c0 = 48'h722c996bee29;
      8'd32: recip_chord_c0 = 48'h71c71c71c71c;
      8'd33: recip_chord_c0 = 48'h716253443526;
      8'd34: recip_chord_c0 = 48'h70fe3c070fe4;
      8'd35: recip_chord_c0 = 48'h709ad4e4ba80;
      8'd36: recip_chord_c0 = 48'h70381c0e0704;
      8'd37: recip_chord_c0 = 48'h6fd60fba1a36;
      8'd38: recip_chord_c0 = 48'h6f74ae26501c;
      8'd39: recip_chord_c0 = 48'h6f13f59620fa;
      8'd40: recip_chord_c0 = 48'h6eb3e45306eb;
      8'd41: recip_chord_c0 = 48'h6e5478ac63fd;
      8'd42: recip_chord_c0 = 48'h6df5b0f768ce;
      8'd43: recip_chord_c0 = 48'h6d978b8efbb8;
      8'd44: recip_chord_c0 = 48'h6d3a06d3a06d;
      8'd45: recip_chord_c0 = 48'h6cdd212b601b;
      8'd46: recip_chord_c0 = 48'h6c80d901b203;
      8'd47: recip_chord_c0 = 48'h6c252cc7648b;
      8'd48: recip_chord_c0 = 48'h6bca1af286bd;
      8'd49: recip_chord_c0 = 48'h6b6fa1fe5241;
      8'd50: recip_chord_c0 = 48'h6b15c06b15c0;
      8'd51: recip_chord_c0 = 48'h6abc74be1fb0;
      8'd52: recip_chord_c0 = 48'h6a63bd81a98f;
      8'd53: recip_chord_c0 = 48'h6a0b9944c385;
      8'd54: recip_chord_c0 = 48'h69b4069b406a;
      8'd55: recip_chord_c0 = 48'h695d041da229;
      8'd56: recip_chord_c0 = 48'h690690690690;
      8'd57: recip_chord_c0 = 48'h68b0aa1f1473;
      8'd58: recip_chord_c0 = 48'h685b4fe5e92c;
      8'd59: recip_chord_c0 = 48'h680680680680;
      8'd60: recip_chord_c0 = 48'h67b23a5440cf;
      8'd61: recip_chord_c0 = 48'h675e7c5dada1;
      8'd62: recip_chord_c0 = 48'h670b453b9284;
      8'd63: recip_chord_c0 = 48'h66b893a95443;
      8'd64: recip_chord_c0 = 48'h666666666666;
      8'd65: recip_chord_c0 = 48'h6614bc363b04;
      8'd66: recip_chord_c0 = 48'h65c393e032e2;
      8'd67: recip_chord_c0 = 48'h6572ec2f8ddf;
      8'd68: recip_chord_c0 = 48'h6522c3f35ba8;
      8'd69: recip_chord_c0 = 48'h64d319fe6cb4;
      8'd70: recip_chord_c0 = 48'h6483ed274389;
      8'd71: recip_chord_c0 = 48'h64353c480643;
      8'd72: recip_chord_c0 = 48'h63e7063e7064;
      8'd73: recip_chord_c0 = 48'h639949ebc4dd;
      8'd74: recip_chord_c0 = 48'h634c0634c063;
      8'd75: recip_chord_c0 = 48'h62ff3a018bfd;
      8'd76: recip_chord_c0 = 48'h62b2e43dafcf;
      8'd77: recip_chord_c0 = 48'h626703d80626;
      8'd78: recip_chord_c0 = 48'h621b97c2aec1;
      8'd79: recip_chord_c0 = 48'h61d09ef3024b;
      8'd80: recip_chord_c0 = 48'h618618618618;
      8'd81: recip_chord_c0 = 48'h613c0309e018;
      8'd82: recip_chord_c0 = 48'h60f25deacafb;
      8'd83: recip_chord_c0 = 48'h60a928060a93;
      8'd84: recip_chord_c0 = 48'h606060606060;
      8'd85: recip_chord_c0 = 48'h601806018060;
      8'd86: recip_chord_c0 = 48'h5fd017f405fd;
      8'd87: recip_chord_c0 = 48'h5f889545693c;
      8'd88: recip_chord_c0 = 48'h5f417d05f418;
      8'd89: recip_chord_c0 = 48'h5eface48b806;
      8'd90: recip_chord_c0 = 48'h5eb4882383b3;
      8'd91: recip_chord_c0 = 48'h5e6ea9aed8e6;
      8'd92: recip_chord_c0 = 48'h5e293205e293;
      8'd93: recip_chord_c0 = 48'h5de420466b18;
      8'd94: recip_chord_c0 = 48'h5d9f7390d2a7;
      8'd95: recip_chord_c0 = 48'h5d5b2b0805d6;
      8'd96: recip_chord_c0 = 48'h5d1745d1745d;
      8'd97: recip_chord_c0 = 48'h5cd3c31507fa;
      8'd98: recip_chord_c0 = 48'h5c90a1fd1b7b;
      8'd99: recip_chord_c0 = 48'h5c4de1b671f0;
      8'd100: recip_chord_c0 = 48'h5c0b81702e06;
      8'd101: recip_chord_c0 = 48'h5bc9805bc980;
      8'd102: recip_chord_c0 = 48'h5b87ddad0cdf;
      8'd103: recip_chord_c0 = 48'h5b46989a0722;
      8'd104: recip_chord_c0 = 48'h5b05b05b05b0;
      8'd105: recip_chord_c0 = 48'h5ac5242a8c69;
      8'd106: recip_chord_c0 = 48'h5a84f3454dca;
      8'd107: recip_chord_c0 = 48'h5a451cea2343;
      8'd108: recip_chord_c0 = 48'h5a05a05a05a0;
      8'd109: recip_chord_c0 = 48'h59c67cd8059c;
      8'd110: recip_chord_c0 = 48'h5987b1a9448c;
      8'd111: recip_chord_c0 = 48'h59493e14ed2b;
      8'd112: recip_chord_c0 = 48'h590b21642c86;
      8'd113: recip_chord_c0 = 48'h58cd5ae22b03;
      8'd114: recip_chord_c0 = 48'h588fe9dc0589;
      8'd115: recip_chord_c0 = 48'h5852cda0c6ba;
      8'd116: recip_chord_c0 = 48'h581605816058;
      8'd117: recip_chord_c0 = 48'h57d990d0a4b8;
      8'd118: recip_chord_c0 = 48'h579d6ee34058;
      8'd119: recip_chord_c0 = 48'h57619f0fb38b;
      8'd120: recip_chord_c0 = 48'h572620ae4c41;
      8'd121: recip_chord_c0 = 48'h56eaf3191fea;
      8'd122: recip_chord_c0 = 48'h56b015ac056b;
      8'd123: recip_chord_c0 = 48'h567587c48f33;
      8'd124: recip_chord_c0 = 48'h563b48c20564;
      8'd125: recip_chord_c0 = 48'h560158056016;
      8'd126: recip_chord_c0 = 48'h55c7b4f141ad;
      8'd127: recip_chord_c0 = 48'h558e5ee9f14c;
      8'd128: recip_chord_c0 = 48'h555555555555;
      8'd129: recip_chord_c0 = 48'h551c979aee0c;
      8'd130: recip_chord_c0 = 48'h54e42523d040;
      8'd131: recip_chord_c0 = 48'h54abfd5aa015;
      8'd132: recip_chord_c0 = 48'h54741fab8be0;
      8'd133: recip_chord_c0 = 48'h543c8b844713;
      8'd134: recip_chord_c0 = 48'h540540540540;
      8'd135: recip_chord_c0 = 48'h53ce3d8b7532;
      8'd136: recip_chord_c0 = 48'h5397829cbc15;
      8'd137: recip_chord_c0 = 48'h53610efb70b1;
      8'd138: recip_chord_c0 = 48'h532ae21c96be;
      8'd139: recip_chord_c0 = 48'h52f4fb769a40;
      8'd140: recip_chord_c0 = 48'h52bf5a814afd;
      8'd141: recip_chord_c0 = 48'h5289feb5d805;
      8'd142: recip_chord_c0 = 48'h5254e78ecb42;
      8'd143: recip_chord_c0 = 48'h522014880522;
      8'd144: recip_chord_c0 = 48'h51eb851eb852;
      8'd145: recip_chord_c0 = 48'h51b738d16582;
      8'd146: recip_chord_c0 = 48'h51832f1fd73e;
      8'd147: recip_chord_c0 = 48'h514f678b1ddb;
      8'd148: recip_chord_c0 = 48'h511be1958b68;
      8'd149: recip_chord_c0 = 48'h50e89cc2afb9;
      8'd150: recip_chord_c0 = 48'h50b59897547e;
      8'd151: recip_chord_c0 = 48'h5082d4997965;
      8'd152: recip_chord_c0 = 48'h505050505050;
      8'd153: recip_chord_c0 = 48'h501e0b443996;
      8'd154: recip_chord_c0 = 48'h4fec04fec050;
      8'd155: recip_chord_c0 = 48'h4fba3d0a96bc;
      8'd156: recip_chord_c0 = 48'h4f88b2f392a4;
      8'd157: recip_chord_c0 = 48'h4f576646a9d7;
      8'd158: recip_chord_c0 = 48'h4f265691eeb0;
      8'd159: recip_chord_c0 = 48'h4ef583648ca5;
      8'd160: recip_chord_c0 = 48'h4ec4ec4ec4ec;
      8'd161: recip_chord_c0 = 48'h4e9490e1eb21;
      8'd162: recip_chord_c0 = 48'h4e6470b061fe;
      8'd163: recip_chord_c0 = 48'h4e348b4d9822;
      8'd164: recip_chord_c0 = 48'h4e04e04e04e0;
      8'd165: recip_chord_c0 = 48'h4dd56f472518;
      8'd166: recip_chord_c0 = 48'h4da637cf781d;
      8'd167: recip_chord_c0 = 48'h4d77397e7cac;
      8'd168: recip_chord_c0 = 48'h4d4873ecade3;
      8'd169: recip_chord_c0 = 48'h4d19e6b3804d;
      8'd170: recip_chord_c0 = 48'h4ceb916d5ef3;
      8'd171: recip_chord_c0 = 48'h4cbd73b5a878;
      8'd172: recip_chord_c0 = 48'h4c8f8d28ac43;
      8'd173: recip_chord_c0 = 48'h4c61dd63a7af;
      8'd174: recip_chord_c0 = 48'h4c346404c346;
      8'd175: recip_chord_c0 = 48'h4c0720ab100a;
      8'd176: recip_chord_c0 = 48'h4bda12f684be;
      8'd177: recip_chord_c0 = 48'h4bad3a87fb45;
      8'd178: recip_chord_c0 = 48'h4b8097012e02;
      8'd179: recip_chord_c0 = 48'h4b542804b543;
      8'd180: recip_chord_c0 = 48'h4b27ed3604b2;
      8'd181: recip_chord_c0 = 48'h4afbe63968dc;
      8'd182: recip_chord_c0 = 48'h4ad012b404ad;
      8'd183: recip_chord_c0 = 48'h4aa4724bcf04;
      8'd184: recip_chord_c0 = 48'h4a7904a7904a;
      8'd185: recip_chord_c0 = 48'h4a4dc96ee013;
      8'd186: recip_chord_c0 = 48'h4a22c04a22c0;
      8'd187: recip_chord_c0 = 48'h49f7e8e28739;
      8'd188: recip_chord_c0 = 48'h49cd42e2049d;
      8'd189: recip_chord_c0 = 48'h49a2cdf35805;
      8'd190: recip_chord_c0 = 48'h497889c2024c;
      8'd191: recip_chord_c0 = 48'h494e75fa45df;
      8'd192: recip_chord_c0 = 48'h492492492492;
      8'd193: recip_chord_c0 = 48'h48fade5c5d81;
      8'd194: recip_chord_c0 = 48'h48d159e26af3;
      8'd195: recip_chord_c0 = 48'h48a8048a8049;
      8'd196: recip_chord_c0 = 48'h487ede0487ee;
      8'd197: recip_chord_c0 = 48'h4855e6012158;
      8'd198: recip_chord_c0 = 48'h482d1c319f03;
      8'd199: recip_chord_c0 = 48'h480480480480;
      8'd200: recip_chord_c0 = 48'h47dc11f7047e;
      8'd201: recip_chord_c0 = 48'h47b3d0f1fee1;
      8'd202: recip_chord_c0 = 48'h478bbcecfee2;
      8'd203: recip_chord_c0 = 48'h4763d59cb92b;
      8'd204: recip_chord_c0 = 48'h473c1ab68a04;
      8'd205: recip_chord_c0 = 48'h47148bf07381;
      8'd206: recip_chord_c0 = 48'h46ed29011bb5;
      8'd207: recip_chord_c0 = 48'h46c5f19fcaec;
      8'd208: recip_chord_c0 = 48'h469ee58469ee;
      8'd209: recip_chord_c0 = 48'h467804678046;
      8'd210: recip_chord_c0 = 48'h46514e02328a;
      8'd211: recip_chord_c0 = 48'h462ac20e40af;
      8'd212: recip_chord_c0 = 48'h460460460460;
      8'd213: recip_chord_c0 = 48'h45de28646f5a;
      8'd214: recip_chord_c0 = 48'h45b81a2509ce;
      8'd215: recip_chord_c0 = 48'h45923543f0c8;
      8'd216: recip_chord_c0 = 48'h456c797dd49c;
      8'd217: recip_chord_c0 = 48'h4546e68ff757;
      8'd218: recip_chord_c0 = 48'h45217c382b35;
      8'd219: recip_chord_c0 = 48'h44fc3a34d11d;
      8'd220: recip_chord_c0 = 48'h44d72044d720;
      8'd221: recip_chord_c0 = 48'h44b22e27b703;
      8'd222: recip_chord_c0 = 48'h448d639d74c1;
      8'd223: recip_chord_c0 = 48'h4468c0669d21;
      8'd224: recip_chord_c0 = 48'h444444444444;
      8'd225: recip_chord_c0 = 48'h441feef80442;
      8'd226: recip_chord_c0 = 48'h43fbc043fbc0;
      8'd227: recip_chord_c0 = 48'h43d7b7eacc97;
      8'd228: recip_chord_c0 = 48'h43b3d5af9a72;
      8'd229: recip_chord_c0 = 48'h439019560980;
      8'd230: recip_chord_c0 = 48'h436c82a23d1a;
      8'd231: recip_chord_c0 = 48'h43491158d679;
      8'd232: recip_chord_c0 = 48'h4325c53ef369;
      8'd233: recip_chord_c0 = 48'h43029e1a2d06;
      8'd234: recip_chord_c0 = 48'h42df9bb09677;
      8'd235: recip_chord_c0 = 48'h42bcbdc8bbb3;
      8'd236: recip_chord_c0 = 48'h429a0429a043;
      8'd237: recip_chord_c0 = 48'h42776e9abe0e;
      8'd238: recip_chord_c0 = 48'h4254fce40425;
      8'd239: recip_chord_c0 = 48'h4232aecdd598;
      8'd240: recip_chord_c0 = 48'h421084210842;
      8'd241: recip_chord_c0 = 48'h41ee7ca6e3ac;
      8'd242: recip_chord_c0 = 48'h41cc98291fdf;
      8'd243: recip_chord_c0 = 48'h41aad671e44c;
      8'd244: recip_chord_c0 = 48'h4189374bc6a8;
      8'd245: recip_chord_c0 = 48'h4167ba81c9d6;
      8'd246: recip_chord_c0 = 48'h41465fdf5cd0;
      8'd247: recip_chord_c0 = 48'h412527305993;
      8'd248: recip_chord_c0 = 48'h410410410410;
      8'd249: recip_chord_c0 = 48'h40e31ade0920;
      8'd250: recip_chord_c0 = 48'h40c246d47d78;
      8'd251: recip_chord_c0 = 48'h40a193f1dca8;
      8'd252: recip_chord_c0 = 48'h408102040810;
      8'd253: recip_chord_c0 = 48'h406090d945e9;
      8'd254: recip_chord_c0 = 48'h404040404040;
      8'd255: recip_chord_c0 = 48'h402010080402;
      default: recip_chord_c0 = 48'd0;
    endcase
  endfunction

  function automatic logic [15:0] recip_chord_c1(input logic [7:0] i);
    unique case (i)
      8'd0: recip_chord_c1 = 16'hff01;
      8'd1: recip_chord_c1 = 16'hfd07;
      8'd2: recip_chord_c1 = 16'hfb13;
      8'd3: recip_chord_c1 = 16'hf924;
      8'd4: recip_chord_c1 = 16'hf73c;
      8'd5: recip_chord_c1 = 16'hf558;
      8'd6: recip_chord_c1 = 16'hf37b;
      8'd7: recip_chord_c1 = 16'hf1a3;
      8'd8: recip_chord_c1 = 16'hefd0;
      8'd9: recip_chord_c1 = 16'hee02;
      8'd10: recip_chord_c1 = 16'hec3a;
      8'd11: recip_chord_c1 = 16'hea76;
      8'd12: recip_chord_c1 = 16'he8b8;
      8'd13: recip_chord_c1 = 16'he6ff;
      8'd14: recip_chord_c1 = 16'he54a;
      8'd15: recip_chord_c1 = 16'he39b;
      8'd16: recip_chord_c1 = 16'he1f0;
      8'd17: recip_chord_c1 = 16'he04a;
      8'd18: recip_chord_c1 = 16'hdea8;
      8'd19: recip_chord_c1 = 16'hdd0b;
      8'd20: recip_chord_c1 = 16'hdb73;
      8'd21: recip_chord_c1 = 16'hd9de;
      8'd22: recip_chord_c1 = 16'hd84f;
      8'd23: recip_chord_c1 = 16'hd6c3;
      8'd24: recip_chord_c1 = 16'hd53c;
      8'd25: recip_chord_c1 = 16'hd3b9;
      8'd26: recip_chord_c1 = 16'hd23a;
      8'd27: recip_chord_c1 = 16'hd0bf;
      8'd28: recip_chord_c1 = 16'hcf48;
      8'd29: recip_chord_c1 = 16'hcdd5;
      8'd30: recip_chord_c1 = 16'hcc65;
      8'd31: recip_chord_c1 = 16'hcafa;
      8'd32: recip_chord_c1 = 16'hc992;
      8'd33: recip_chord_c1 = 16'hc82e;
      8'd34: recip_chord_c1 = 16'hc6ce;
      8'd35: recip_chord_c1 = 16'hc572;
      8'd36: recip_chord_c1 = 16'hc419;
      8'd37: recip_chord_c1 = 16'hc2c3;
      8'd38: recip_chord_c1 = 16'hc171;
      8'd39: recip_chord_c1 = 16'hc023;
      8'd40: recip_chord_c1 = 16'hbed7;
      8'd41: recip_chord_c1 = 16'hbd8f;
      8'd42: recip_chord_c1 = 16'hbc4b;
      8'd43: recip_chord_c1 = 16'hbb09;
      8'd44: recip_chord_c1 = 16'hb9cb;
      8'd45: recip_chord_c1 = 16'hb890;
      8'd46: recip_chord_c1 = 16'hb758;
      8'd47: recip_chord_c1 = 16'hb624;
      8'd48: recip_chord_c1 = 16'hb4f2;
      8'd49: recip_chord_c1 = 16'hb3c3;
      8'd50: recip_chord_c1 = 16'hb297;
      8'd51: recip_chord_c1 = 16'hb16e;
      8'd52: recip_chord_c1 = 16'hb048;
      8'd53: recip_chord_c1 = 16'haf25;
      8'd54: recip_chord_c1 = 16'hae05;
      8'd55: recip_chord_c1 = 16'hace7;
      8'd56: recip_chord_c1 = 16'habcd;
      8'd57: recip_chord_c1 = 16'haab4;
      8'd58: recip_chord_c1 = 16'ha99f;
      8'd59: recip_chord_c1 = 16'ha88c;
      8'd60: recip_chord_c1 = 16'ha77c;
      8'd61: recip_chord_c1 = 16'ha66e;
      8'd62: recip_chord_c1 = 16'ha563;
      8'd63: recip_chord_c1 = 16'ha45b;
      8'd64: recip_chord_c1 = 16'ha354;
      8'd65: recip_chord_c1 = 16'ha251;
      8'd66: recip_chord_c1 = 16'ha14f;
      8'd67: recip_chord_c1 = 16'ha050;
      8'd68: recip_chord_c1 = 16'h9f54;
      8'd69: recip_chord_c1 = 16'h9e5a;
      8'd70: recip_chord_c1 = 16'h9d62;
      8'd71: recip_chord_c1 = 16'h9c6c;
      8'd72: recip_chord_c1 = 16'h9b79;
      8'd73: recip_chord_c1 = 16'h9a87;
      8'd74: recip_chord_c1 = 16'h9998;
      8'd75: recip_chord_c1 = 16'h98ac;
      8'd76: recip_chord_c1 = 16'h97c1;
      8'd77: recip_chord_c1 = 16'h96d8;
      8'd78: recip_chord_c1 = 16'h95f2;
      8'd79: recip_chord_c1 = 16'h950d;
      8'd80: recip_chord_c1 = 16'h942b;
      8'd81: recip_chord_c1 = 16'h934a;
      8'd82: recip_chord_c1 = 16'h926c;
      8'd83: recip_chord_c1 = 16'h918f;
      8'd84: recip_chord_c1 = 16'h90b5;
      8'd85: recip_chord_c1 = 16'h8fdc;
      8'd86: recip_chord_c1 = 16'h8f05;
      8'd87: recip_chord_c1 = 16'h8e30;
      8'd88: recip_chord_c1 = 16'h8d5d;
      8'd89: recip_chord_c1 = 16'h8c8c;
      8'd90: recip_chord_c1 = 16'h8bbd;
      8'd91: recip_chord_c1 = 16'h8aef;
      8'd92: recip_chord_c1 = 16'h8a23;
      8'd93: recip_chord_c1 = 16'h8959;
      8'd94: recip_chord_c1 = 16'h8891;
      8'd95: recip_chord_c1 = 16'h87ca;
      8'd96: recip_chord_c1 = 16'h8705;
      8'd97: recip_chord_c1 = 16'h8642;
      8'd98: recip_chord_c1 = 16'h8581;
      8'd99: recip_chord_c1 = 16'h84c1;
      8'd100: recip_chord_c1 = 16'h8402;
      8'd101: recip_chord_c1 = 16'h8345;
      8'd102: recip_chord_c1 = 16'h828a;
      8'd103: recip_chord_c1 = 16'h81d0;
      8'd104: recip_chord_c1 = 16'h8118;
      8'd105: recip_chord_c1 = 16'h8062;
      8'd106: recip_chord_c1 = 16'h7fad;
      8'd107: recip_chord_c1 = 16'h7ef9;
      8'd108: recip_chord_c1 = 16'h7e47;
      8'd109: recip_chord_c1 = 16'h7d96;
      8'd110: recip_chord_c1 = 16'h7ce7;
      8'd111: recip_chord_c1 = 16'h7c39;
      8'd112: recip_chord_c1 = 16'h7b8d;
      8'd113: recip_chord_c1 = 16'h7ae2;
      8'd114: recip_chord_c1 = 16'h7a38;
      8'd115: recip_chord_c1 = 16'h7990;
      8'd116: recip_chord_c1 = 16'h78e9;
      8'd117: recip_chord_c1 = 16'h7844;
      8'd118: recip_chord_c1 = 16'h77a0;
      8'd119: recip_chord_c1 = 16'h76fd;
      8'd120: recip_chord_c1 = 16'h765b;
      8'd121: recip_chord_c1 = 16'h75bb;
      8'd122: recip_chord_c1 = 16'h751c;
      8'd123: recip_chord_c1 = 16'h747e;
      8'd124: recip_chord_c1 = 16'h73e1;
      8'd125: recip_chord_c1 = 16'h7346;
      8'd126: recip_chord_c1 = 16'h72ac;
      8'd127: recip_chord_c1 = 16'h7213;
      8'd128: recip_chord_c1 = 16'h717b;
      8'd129: recip_chord_c1 = 16'h70e5;
      8'd130: recip_chord_c1 = 16'h7050;
      8'd131: recip_chord_c1 = 16'h6fbb;
      8'd132: recip_chord_c1 = 16'h6f28;
      8'd133: recip_chord_c1 = 16'h6e96;
      8'd134: recip_chord_c1 = 16'h6e06;
      8'd135: recip_chord_c1 = 16'h6d76;
      8'd136: recip_chord_c1 = 16'h6ce7;
      8'd137: recip_chord_c1 = 16'h6c5a;
      8'd138: recip_chord_c1 = 16'h6bcd;
      8'd139: recip_chord_c1 = 16'h6b42;
      8'd140: recip_chord_c1 = 16'h6ab8;
      8'd141: recip_chord_c1 = 16'h6a2e;
      8'd142: recip_chord_c1 = 16'h69a6;
      8'd143: recip_chord_c1 = 16'h691f;
      8'd144: recip_chord_c1 = 16'h6899;
      8'd145: recip_chord_c1 = 16'h6813;
      8'd146: recip_chord_c1 = 16'h678f;
      8'd147: recip_chord_c1 = 16'h670c;
      8'd148: recip_chord_c1 = 16'h668a;
      8'd149: recip_chord_c1 = 16'h6608;
      8'd150: recip_chord_c1 = 16'h6588;
      8'd151: recip_chord_c1 = 16'h6509;
      8'd152: recip_chord_c1 = 16'h648a;
      8'd153: recip_chord_c1 = 16'h640d;
      8'd154: recip_chord_c1 = 16'h6390;
      8'd155: recip_chord_c1 = 16'h6314;
      8'd156: recip_chord_c1 = 16'h6299;
      8'd157: recip_chord_c1 = 16'h621f;
      8'd158: recip_chord_c1 = 16'h61a6;
      8'd159: recip_chord_c1 = 16'h612e;
      8'd160: recip_chord_c1 = 16'h60b7;
      8'd161: recip_chord_c1 = 16'h6040;
      8'd162: recip_chord_c1 = 16'h5fcb;
      8'd163: recip_chord_c1 = 16'h5f56;
      8'd164: recip_chord_c1 = 16'h5ee2;
      8'd165: recip_chord_c1 = 16'h5e6f;
      8'd166: recip_chord_c1 = 16'h5dfd;
      8'd167: recip_chord_c1 = 16'h5d8b;
      8'd168: recip_chord_c1 = 16'h5d1a;
      8'd169: recip_chord_c1 = 16'h5cab;
      8'd170: recip_chord_c1 = 16'h5c3b;
      8'd171: recip_chord_c1 = 16'h5bcd;
      8'd172: recip_chord_c1 = 16'h5b60;
      8'd173: recip_chord_c1 = 16'h5af3;
      8'd174: recip_chord_c1 = 16'h5a87;
      8'd175: recip_chord_c1 = 16'h5a1b;
      8'd176: recip_chord_c1 = 16'h59b1;
      8'd177: recip_chord_c1 = 16'h5947;
      8'd178: recip_chord_c1 = 16'h58de;
      8'd179: recip_chord_c1 = 16'h5876;
      8'd180: recip_chord_c1 = 16'h580e;
      8'd181: recip_chord_c1 = 16'h57a7;
      8'd182: recip_chord_c1 = 16'h5741;
      8'd183: recip_chord_c1 = 16'h56db;
      8'd184: recip_chord_c1 = 16'h5676;
      8'd185: recip_chord_c1 = 16'h5612;
      8'd186: recip_chord_c1 = 16'h55af;
      8'd187: recip_chord_c1 = 16'h554c;
      8'd188: recip_chord_c1 = 16'h54ea;
      8'd189: recip_chord_c1 = 16'h5488;
      8'd190: recip_chord_c1 = 16'h5428;
      8'd191: recip_chord_c1 = 16'h53c7;
      8'd192: recip_chord_c1 = 16'h5368;
      8'd193: recip_chord_c1 = 16'h5309;
      8'd194: recip_chord_c1 = 16'h52ab;
      8'd195: recip_chord_c1 = 16'h524d;
      8'd196: recip_chord_c1 = 16'h51f0;
      8'd197: recip_chord_c1 = 16'h5194;
      8'd198: recip_chord_c1 = 16'h5138;
      8'd199: recip_chord_c1 = 16'h50dd;
      8'd200: recip_chord_c1 = 16'h5082;
      8'd201: recip_chord_c1 = 16'h5028;
      8'd202: recip_chord_c1 = 16'h4fcf;
      8'd203: recip_chord_c1 = 16'h4f76;
      8'd204: recip_chord_c1 = 16'h4f1e;
      8'd205: recip_chord_c1 = 16'h4ec6;
      8'd206: recip_chord_c1 = 16'h4e6f;
      8'd207: recip_chord_c1 = 16'h4e18;
      8'd208: recip_chord_c1 = 16'h4dc2;
      8'd209: recip_chord_c1 = 16'h4d6d;
      8'd210: recip_chord_c1 = 16'h4d18;
      8'd211: recip_chord_c1 = 16'h4cc4;
      8'd212: recip_chord_c1 = 16'h4c70;
      8'd213: recip_chord_c1 = 16'h4c1c;
      8'd214: recip_chord_c1 = 16'h4bca;
      8'd215: recip_chord_c1 = 16'h4b78;
      8'd216: recip_chord_c1 = 16'h4b26;
      8'd217: recip_chord_c1 = 16'h4ad5;
      8'd218: recip_chord_c1 = 16'h4a84;
      8'd219: recip_chord_c1 = 16'h4a34;
      8'd220: recip_chord_c1 = 16'h49e4;
      8'd221: recip_chord_c1 = 16'h4995;
      8'd222: recip_chord_c1 = 16'h4946;
      8'd223: recip_chord_c1 = 16'h48f8;
      8'd224: recip_chord_c1 = 16'h48ab;
      8'd225: recip_chord_c1 = 16'h485d;
      8'd226: recip_chord_c1 = 16'h4811;
      8'd227: recip_chord_c1 = 16'h47c4;
      8'd228: recip_chord_c1 = 16'h4779;
      8'd229: recip_chord_c1 = 16'h472d;
      8'd230: recip_chord_c1 = 16'h46e3;
      8'd231: recip_chord_c1 = 16'h4698;
      8'd232: recip_chord_c1 = 16'h464e;
      8'd233: recip_chord_c1 = 16'h4605;
      8'd234: recip_chord_c1 = 16'h45bc;
      8'd235: recip_chord_c1 = 16'h4573;
      8'd236: recip_chord_c1 = 16'h452b;
      8'd237: recip_chord_c1 = 16'h44e3;
      8'd238: recip_chord_c1 = 16'h449c;
      8'd239: recip_chord_c1 = 16'h4455;
      8'd240: recip_chord_c1 = 16'h440f;
      8'd241: recip_chord_c1 = 16'h43c9;
      8'd242: recip_chord_c1 = 16'h4383;
      8'd243: recip_chord_c1 = 16'h433e;
      8'd244: recip_chord_c1 = 16'h42fa;
      8'd245: recip_chord_c1 = 16'h42b5;
      8'd246: recip_chord_c1 = 16'h4271;
      8'd247: recip_chord_c1 = 16'h422e;
      8'd248: recip_chord_c1 = 16'h41eb;
      8'd249: recip_chord_c1 = 16'h41a8;
      8'd250: recip_chord_c1 = 16'h4166;
      8'd251: recip_chord_c1 = 16'h4124;
      8'd252: recip_chord_c1 = 16'h40e2;
      8'd253: recip_chord_c1 = 16'h40a1;
      8'd254: recip_chord_c1 = 16'h4060;
      8'd255: recip_chord_c1 = 16'h4020;
      default: recip_chord_c1 = 16'd0;
    endcase
  endfunction

  // p >= c as the borrow of p - c: a subtraction maps to one LUT per bit and the carry chain.
  // Written as a compare with a constant, Yosys's compare mapping lets ABC share terms among the
  // tick exponent's compares, which chained them 3 to 6 LUTs deep.
  function automatic logic at_least(input logic [63:0] p, input logic [63:0] c);
    logic [64:0] diff;
    diff = {1'b0, p} - {1'b0, c};
    at_least = ~diff[64];
  endfunction

  // a < b, both signed, as the sign of a - b worked out one bit wider (no overflow), for the same
  // reason.
  function automatic logic less_signed(input logic [63:0] a, input logic [63:0] b);
    logic [64:0] diff;
    diff = {a[63], a} - {b[63], b};
    less_signed = diff[64];
  endfunction

  // Entry e (e in [0, 8]) of a table of nine 43-bit values, bits 43e +: 43.
  function automatic logic [42:0] by_exponent(input logic [9*43-1:0] table_i, input logic [3:0] e);
    by_exponent = 43'd0;
    for (int k = 0; k <= 8; k++) begin
      if (e == 4'(k)) by_exponent = table_i[43*k +: 43];
    end
  endfunction

  // The smallest j with 10^j > p (p < 10^18): one more than the exponent of p's decade, read off
  // the edge of the thermometer p >= 10^k. (The tick exponent itself is hlmm_tick_round's, from
  // the same kind of compares.)
  function automatic logic [4:0] decade_above(input logic [63:0] p);
    logic [19:0] ge;
    logic [4:0] j;
    ge = 20'd0;
    for (int k = 0; k <= 18; k++) ge[k] = at_least(p, pow10(5'(k)));
    j = 5'd0;
    for (int k = 0; k <= 18; k++) j = j | ({5{ge[k] & ~ge[k + 1]}} & 5'(k + 1));
    decade_above = j;
  endfunction

  // Leading zeros with carry chains only: reversed, x's highest set bit is y's lowest, which
  // y & -y isolates (-y = ~y + 1 is one adder, whose carry out says y = 0), and each bit of the
  // count, "the isolated bit is at one of the 32 positions with this bit set", is the carry out
  // of adding 2^11 - 1 to eleven ORs of three such positions. So every LUT on the way sits in
  // front of a carry chain: one before the adder of the sum the quote stage feeds it, one before
  // the last chain. (ABC takes a chain's outputs for inputs that arrive at once, and mapped a
  // 64-position priority encoder or OR tree behind one up to six LUTs deep.)
  function automatic logic [6:0] clz64(input logic [63:0] x);
    logic [63:0] y;
    logic [64:0] neg;
    logic [63:0] first;
    logic [10:0] grp;
    logic [11:0] any;
    logic [6:0] n;
    int g;
    for (int i = 0; i < 64; i++) y[i] = x[63 - i];
    neg = {1'b0, ~y} + 65'd1;
    first = y & neg[63:0];
    n = {neg[64], 6'd0};
    for (int b = 0; b < 6; b++) begin
      grp = 11'd0;
      g = 0;
      for (int i = 0; i < 64; i++) begin
        if (((i >> b) & 1) == 1) begin
          grp[g / 3] = grp[g / 3] | first[i];
          g = g + 1;
        end
      end
      any = {1'b0, grp} + 12'h7FF;
      n[b] = any[11];
    end
    clz64 = n;
  endfunction

endpackage
