// The pieces of the pipeline's integer arithmetic that the stages and the arithmetic pipelines
// (hlmm_tick_round, hlmm_grid_locate, hlmm_ratio_q16) share, as hls/include/hlmm/arith.hpp
// defines them (no divider anywhere: reciprocal multiplies and explicit corrections). Functions
// assign to their own name because Yosys 0.23 has no `return`.
// The ROM tables below are the C++ constexpr tables written out; tests/rtl/pkg_layout_test.cpp
// checks them entry by entry against arith::kPow10 and arith::kRecip.
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

  // Reciprocal seed ROM (arith::kRecip): 2^63 / (2^31 + (i + 0.5) * 2^23)
  function automatic logic [63:0] recip_seed(input logic [7:0] i);
    unique case (i)
      8'd0: recip_seed = 64'h00000000ff803fe0;
      8'd1: recip_seed = 64'h00000000fe823ca5;
      8'd2: recip_seed = 64'h00000000fd863086;
      8'd3: recip_seed = 64'h00000000fc8c15b4;
      8'd4: recip_seed = 64'h00000000fb93e672;
      8'd5: recip_seed = 64'h00000000fa9d9d1f;
      8'd6: recip_seed = 64'h00000000f9a9342c;
      8'd7: recip_seed = 64'h00000000f8b6a622;
      8'd8: recip_seed = 64'h00000000f7c5ed9c;
      8'd9: recip_seed = 64'h00000000f6d7054d;
      8'd10: recip_seed = 64'h00000000f5e9e7fc;
      8'd11: recip_seed = 64'h00000000f4fe9082;
      8'd12: recip_seed = 64'h00000000f414f9cd;
      8'd13: recip_seed = 64'h00000000f32d1edf;
      8'd14: recip_seed = 64'h00000000f246facb;
      8'd15: recip_seed = 64'h00000000f16288b8;
      8'd16: recip_seed = 64'h00000000f07fc3e0;
      8'd17: recip_seed = 64'h00000000ef9ea78b;
      8'd18: recip_seed = 64'h00000000eebf2f18;
      8'd19: recip_seed = 64'h00000000ede155f3;
      8'd20: recip_seed = 64'h00000000ed05179c;
      8'd21: recip_seed = 64'h00000000ec2a6fa0;
      8'd22: recip_seed = 64'h00000000eb51599f;
      8'd23: recip_seed = 64'h00000000ea79d149;
      8'd24: recip_seed = 64'h00000000e9a3d25e;
      8'd25: recip_seed = 64'h00000000e8cf58aa;
      8'd26: recip_seed = 64'h00000000e7fc600e;
      8'd27: recip_seed = 64'h00000000e72ae475;
      8'd28: recip_seed = 64'h00000000e65ae1db;
      8'd29: recip_seed = 64'h00000000e58c5449;
      8'd30: recip_seed = 64'h00000000e4bf37d8;
      8'd31: recip_seed = 64'h00000000e3f388ae;
      8'd32: recip_seed = 64'h00000000e32942fe;
      8'd33: recip_seed = 64'h00000000e260630a;
      8'd34: recip_seed = 64'h00000000e198e51f;
      8'd35: recip_seed = 64'h00000000e0d2c599;
      8'd36: recip_seed = 64'h00000000e00e00e0;
      8'd37: recip_seed = 64'h00000000df4a9368;
      8'd38: recip_seed = 64'h00000000de8879b2;
      8'd39: recip_seed = 64'h00000000ddc7b04c;
      8'd40: recip_seed = 64'h00000000dd0833cd;
      8'd41: recip_seed = 64'h00000000dc4a00dc;
      8'd42: recip_seed = 64'h00000000db8d1427;
      8'd43: recip_seed = 64'h00000000dad16a6a;
      8'd44: recip_seed = 64'h00000000da17006d;
      8'd45: recip_seed = 64'h00000000d95dd2ff;
      8'd46: recip_seed = 64'h00000000d8a5defe;
      8'd47: recip_seed = 64'h00000000d7ef2151;
      8'd48: recip_seed = 64'h00000000d73996e8;
      8'd49: recip_seed = 64'h00000000d6853cc0;
      8'd50: recip_seed = 64'h00000000d5d20fde;
      8'd51: recip_seed = 64'h00000000d5200d52;
      8'd52: recip_seed = 64'h00000000d46f3234;
      8'd53: recip_seed = 64'h00000000d3bf7ba8;
      8'd54: recip_seed = 64'h00000000d310e6da;
      8'd55: recip_seed = 64'h00000000d2637100;
      8'd56: recip_seed = 64'h00000000d1b71758;
      8'd57: recip_seed = 64'h00000000d10bd72b;
      8'd58: recip_seed = 64'h00000000d061adc9;
      8'd59: recip_seed = 64'h00000000cfb8988b;
      8'd60: recip_seed = 64'h00000000cf1094d3;
      8'd61: recip_seed = 64'h00000000ce69a00c;
      8'd62: recip_seed = 64'h00000000cdc3b7a9;
      8'd63: recip_seed = 64'h00000000cd1ed923;
      8'd64: recip_seed = 64'h00000000cc7b01ff;
      8'd65: recip_seed = 64'h00000000cbd82fc6;
      8'd66: recip_seed = 64'h00000000cb36600c;
      8'd67: recip_seed = 64'h00000000ca95906b;
      8'd68: recip_seed = 64'h00000000c9f5be85;
      8'd69: recip_seed = 64'h00000000c956e803;
      8'd70: recip_seed = 64'h00000000c8b90a95;
      8'd71: recip_seed = 64'h00000000c81c23f5;
      8'd72: recip_seed = 64'h00000000c78031e0;
      8'd73: recip_seed = 64'h00000000c6e5321c;
      8'd74: recip_seed = 64'h00000000c64b2278;
      8'd75: recip_seed = 64'h00000000c5b200c5;
      8'd76: recip_seed = 64'h00000000c519cae0;
      8'd77: recip_seed = 64'h00000000c4827ea8;
      8'd78: recip_seed = 64'h00000000c3ec1a05;
      8'd79: recip_seed = 64'h00000000c3569ae5;
      8'd80: recip_seed = 64'h00000000c2c1ff3d;
      8'd81: recip_seed = 64'h00000000c22e4506;
      8'd82: recip_seed = 64'h00000000c19b6a41;
      8'd83: recip_seed = 64'h00000000c1096cf5;
      8'd84: recip_seed = 64'h00000000c0784b2e;
      8'd85: recip_seed = 64'h00000000bfe802ff;
      8'd86: recip_seed = 64'h00000000bf58927f;
      8'd87: recip_seed = 64'h00000000bec9f7cd;
      8'd88: recip_seed = 64'h00000000be3c310b;
      8'd89: recip_seed = 64'h00000000bdaf3c63;
      8'd90: recip_seed = 64'h00000000bd231802;
      8'd91: recip_seed = 64'h00000000bc97c21e;
      8'd92: recip_seed = 64'h00000000bc0d38ee;
      8'd93: recip_seed = 64'h00000000bb837ab0;
      8'd94: recip_seed = 64'h00000000bafa85a9;
      8'd95: recip_seed = 64'h00000000ba725820;
      8'd96: recip_seed = 64'h00000000b9eaf062;
      8'd97: recip_seed = 64'h00000000b9644cc3;
      8'd98: recip_seed = 64'h00000000b8de6b99;
      8'd99: recip_seed = 64'h00000000b8594b40;
      8'd100: recip_seed = 64'h00000000b7d4ea19;
      8'd101: recip_seed = 64'h00000000b7514688;
      8'd102: recip_seed = 64'h00000000b6ce5ef9;
      8'd103: recip_seed = 64'h00000000b64c31d8;
      8'd104: recip_seed = 64'h00000000b5cabd9a;
      8'd105: recip_seed = 64'h00000000b54a00b5;
      8'd106: recip_seed = 64'h00000000b4c9f9a4;
      8'd107: recip_seed = 64'h00000000b44aa6e9;
      8'd108: recip_seed = 64'h00000000b3cc0705;
      8'd109: recip_seed = 64'h00000000b34e1883;
      8'd110: recip_seed = 64'h00000000b2d0d9ee;
      8'd111: recip_seed = 64'h00000000b25449d6;
      8'd112: recip_seed = 64'h00000000b1d866d1;
      8'd113: recip_seed = 64'h00000000b15d2f75;
      8'd114: recip_seed = 64'h00000000b0e2a260;
      8'd115: recip_seed = 64'h00000000b068be30;
      8'd116: recip_seed = 64'h00000000afef818b;
      8'd117: recip_seed = 64'h00000000af76eb18;
      8'd118: recip_seed = 64'h00000000aefef981;
      8'd119: recip_seed = 64'h00000000ae87ab76;
      8'd120: recip_seed = 64'h00000000ae10ffa8;
      8'd121: recip_seed = 64'h00000000ad9af4cf;
      8'd122: recip_seed = 64'h00000000ad2589a3;
      8'd123: recip_seed = 64'h00000000acb0bce1;
      8'd124: recip_seed = 64'h00000000ac3c8d49;
      8'd125: recip_seed = 64'h00000000abc8f9a0;
      8'd126: recip_seed = 64'h00000000ab5600ab;
      8'd127: recip_seed = 64'h00000000aae3a135;
      8'd128: recip_seed = 64'h00000000aa71da0c;
      8'd129: recip_seed = 64'h00000000aa00aa00;
      8'd130: recip_seed = 64'h00000000a9900fe5;
      8'd131: recip_seed = 64'h00000000a9200a92;
      8'd132: recip_seed = 64'h00000000a8b098e0;
      8'd133: recip_seed = 64'h00000000a841b9ac;
      8'd134: recip_seed = 64'h00000000a7d36bd7;
      8'd135: recip_seed = 64'h00000000a765ae43;
      8'd136: recip_seed = 64'h00000000a6f87fd6;
      8'd137: recip_seed = 64'h00000000a68bdf78;
      8'd138: recip_seed = 64'h00000000a61fcc16;
      8'd139: recip_seed = 64'h00000000a5b4449c;
      8'd140: recip_seed = 64'h00000000a54947fd;
      8'd141: recip_seed = 64'h00000000a4ded52c;
      8'd142: recip_seed = 64'h00000000a474eb1f;
      8'd143: recip_seed = 64'h00000000a40b88cf;
      8'd144: recip_seed = 64'h00000000a3a2ad39;
      8'd145: recip_seed = 64'h00000000a33a575a;
      8'd146: recip_seed = 64'h00000000a2d28633;
      8'd147: recip_seed = 64'h00000000a26b38c8;
      8'd148: recip_seed = 64'h00000000a2046e1f;
      8'd149: recip_seed = 64'h00000000a19e253f;
      8'd150: recip_seed = 64'h00000000a1385d34;
      8'd151: recip_seed = 64'h00000000a0d3150b;
      8'd152: recip_seed = 64'h00000000a06e4bd4;
      8'd153: recip_seed = 64'h00000000a00a00a0;
      8'd154: recip_seed = 64'h000000009fa63283;
      8'd155: recip_seed = 64'h000000009f42e095;
      8'd156: recip_seed = 64'h000000009ee009ee;
      8'd157: recip_seed = 64'h000000009e7dada8;
      8'd158: recip_seed = 64'h000000009e1bcae2;
      8'd159: recip_seed = 64'h000000009dba60bb;
      8'd160: recip_seed = 64'h000000009d596e54;
      8'd161: recip_seed = 64'h000000009cf8f2d1;
      8'd162: recip_seed = 64'h000000009c98ed57;
      8'd163: recip_seed = 64'h000000009c395d10;
      8'd164: recip_seed = 64'h000000009bda4124;
      8'd165: recip_seed = 64'h000000009b7b98bf;
      8'd166: recip_seed = 64'h000000009b1d6311;
      8'd167: recip_seed = 64'h000000009abf9f48;
      8'd168: recip_seed = 64'h000000009a624c96;
      8'd169: recip_seed = 64'h000000009a056a30;
      8'd170: recip_seed = 64'h0000000099a8f74b;
      8'd171: recip_seed = 64'h00000000994cf320;
      8'd172: recip_seed = 64'h0000000098f15ce6;
      8'd173: recip_seed = 64'h00000000989633db;
      8'd174: recip_seed = 64'h00000000983b773a;
      8'd175: recip_seed = 64'h0000000097e12644;
      8'd176: recip_seed = 64'h0000000097874038;
      8'd177: recip_seed = 64'h00000000972dc45a;
      8'd178: recip_seed = 64'h0000000096d4b1ee;
      8'd179: recip_seed = 64'h00000000967c083a;
      8'd180: recip_seed = 64'h000000009623c686;
      8'd181: recip_seed = 64'h0000000095cbec1a;
      8'd182: recip_seed = 64'h0000000095747843;
      8'd183: recip_seed = 64'h00000000951d6a4d;
      8'd184: recip_seed = 64'h0000000094c6c186;
      8'd185: recip_seed = 64'h0000000094707d3e;
      8'd186: recip_seed = 64'h00000000941a9cc8;
      8'd187: recip_seed = 64'h0000000093c51f75;
      8'd188: recip_seed = 64'h000000009370049b;
      8'd189: recip_seed = 64'h00000000931b4b90;
      8'd190: recip_seed = 64'h0000000092c6f3ac;
      8'd191: recip_seed = 64'h000000009272fc48;
      8'd192: recip_seed = 64'h00000000921f64be;
      8'd193: recip_seed = 64'h0000000091cc2c6c;
      8'd194: recip_seed = 64'h00000000917952ae;
      8'd195: recip_seed = 64'h000000009126d6e4;
      8'd196: recip_seed = 64'h0000000090d4b86e;
      8'd197: recip_seed = 64'h000000009082f6af;
      8'd198: recip_seed = 64'h0000000090319109;
      8'd199: recip_seed = 64'h000000008fe086e2;
      8'd200: recip_seed = 64'h000000008f8fd79f;
      8'd201: recip_seed = 64'h000000008f3f82a8;
      8'd202: recip_seed = 64'h000000008eef8765;
      8'd203: recip_seed = 64'h000000008e9fe542;
      8'd204: recip_seed = 64'h000000008e509ba8;
      8'd205: recip_seed = 64'h000000008e01aa04;
      8'd206: recip_seed = 64'h000000008db30fc6;
      8'd207: recip_seed = 64'h000000008d64cc5b;
      8'd208: recip_seed = 64'h000000008d16df35;
      8'd209: recip_seed = 64'h000000008cc947c4;
      8'd210: recip_seed = 64'h000000008c7c057c;
      8'd211: recip_seed = 64'h000000008c2f17d2;
      8'd212: recip_seed = 64'h000000008be27e39;
      8'd213: recip_seed = 64'h000000008b963829;
      8'd214: recip_seed = 64'h000000008b4a4519;
      8'd215: recip_seed = 64'h000000008afea483;
      8'd216: recip_seed = 64'h000000008ab355e0;
      8'd217: recip_seed = 64'h000000008a6858aa;
      8'd218: recip_seed = 64'h000000008a1dac60;
      8'd219: recip_seed = 64'h0000000089d3507c;
      8'd220: recip_seed = 64'h000000008989447f;
      8'd221: recip_seed = 64'h00000000893f87e8;
      8'd222: recip_seed = 64'h0000000088f61a37;
      8'd223: recip_seed = 64'h0000000088acfaed;
      8'd224: recip_seed = 64'h000000008864298e;
      8'd225: recip_seed = 64'h00000000881ba59d;
      8'd226: recip_seed = 64'h0000000087d36e9f;
      8'd227: recip_seed = 64'h00000000878b841a;
      8'd228: recip_seed = 64'h000000008743e594;
      8'd229: recip_seed = 64'h0000000086fc9296;
      8'd230: recip_seed = 64'h0000000086b58aa7;
      8'd231: recip_seed = 64'h00000000866ecd53;
      8'd232: recip_seed = 64'h0000000086285a23;
      8'd233: recip_seed = 64'h0000000085e230a3;
      8'd234: recip_seed = 64'h00000000859c5060;
      8'd235: recip_seed = 64'h000000008556b8e7;
      8'd236: recip_seed = 64'h00000000851169c7;
      8'd237: recip_seed = 64'h0000000084cc628f;
      8'd238: recip_seed = 64'h000000008487a2d0;
      8'd239: recip_seed = 64'h0000000084432a1b;
      8'd240: recip_seed = 64'h0000000083fef802;
      8'd241: recip_seed = 64'h0000000083bb0c17;
      8'd242: recip_seed = 64'h00000000837765f0;
      8'd243: recip_seed = 64'h0000000083340520;
      8'd244: recip_seed = 64'h0000000082f0e93d;
      8'd245: recip_seed = 64'h0000000082ae11dd;
      8'd246: recip_seed = 64'h00000000826b7e99;
      8'd247: recip_seed = 64'h0000000082292f07;
      8'd248: recip_seed = 64'h0000000081e722c2;
      8'd249: recip_seed = 64'h0000000081a55962;
      8'd250: recip_seed = 64'h000000008163d282;
      8'd251: recip_seed = 64'h0000000081228dbe;
      8'd252: recip_seed = 64'h0000000080e18ab2;
      8'd253: recip_seed = 64'h0000000080a0c8fb;
      8'd254: recip_seed = 64'h0000000080604836;
      8'd255: recip_seed = 64'h0000000080200802;
    endcase
  endfunction

  // The seeds' squares, y0 * y0 for the seed at i (below 2^64): the Newton step's y0 * (dn * y0)
  // becomes dn times a constant, one product instead of two in sequence (hlmm_ratio_q16).
  function automatic logic [63:0] recip_seed_sq(input logic [7:0] i);
    unique case (i)
      8'd0: recip_seed_sq = 64'hff00bf802ff00400;
      8'd1: recip_seed_sq = 64'hfd06b29911f1c259;
      8'd2: recip_seed_sq = 64'hfb12823fb17a8624;
      8'd3: recip_seed_sq = 64'hf92417621eb70690;
      8'd4: recip_seed_sq = 64'hf73b5b56025d0ac4;
      8'd5: recip_seed_sq = 64'hf55837eaa47509c1;
      8'd6: recip_seed_sq = 64'hf37a975384b9e790;
      8'd7: recip_seed_sq = 64'hf1a2643284281c84;
      8'd8: recip_seed_sq = 64'hefcf898a96a23710;
      8'd9: recip_seed_sq = 64'hee01f2c9e3721929;
      8'd10: recip_seed_sq = 64'hec398bc072f0c010;
      8'd11: recip_seed_sq = 64'hea76409ae38a8204;
      8'd12: recip_seed_sq = 64'he8b7fde6c3c86e29;
      8'd13: recip_seed_sq = 64'he6feb08f381f0641;
      8'd14: recip_seed_sq = 64'he54a45d5e8b51cf9;
      8'd15: recip_seed_sq = 64'he39aab5765e40440;
      8'd16: recip_seed_sq = 64'he1efcf07ee1f0400;
      8'd17: recip_seed_sq = 64'he0499f28c73aa579;
      8'd18: recip_seed_sq = 64'hdea80a57ee79d240;
      8'd19: recip_seed_sq = 64'hdd0aff7c200144a9;
      8'd20: recip_seed_sq = 64'hdb726dd0c6456710;
      8'd21: recip_seed_sq = 64'hd9de44d7d12c2400;
      8'd22: recip_seed_sq = 64'hd84e7463bffdf0c1;
      8'd23: recip_seed_sq = 64'hd6c2ec90f61a46d1;
      8'd24: recip_seed_sq = 64'hd53b9dc4ac925a84;
      8'd25: recip_seed_sq = 64'hd3b878a4a1a150e4;
      8'd26: recip_seed_sq = 64'hd2396e26839a80c4;
      8'd27: recip_seed_sq = 64'hd0be6f7ae8449d79;
      8'd28: recip_seed_sq = 64'hcf476e19193eb159;
      8'd29: recip_seed_sq = 64'hcdd45bb6e597fcd1;
      8'd30: recip_seed_sq = 64'hcc652a4d207e8640;
      8'd31: recip_seed_sq = 64'hcaf9cc11574d5644;
      8'd32: recip_seed_sq = 64'hc9923374fae3f404;
      8'd33: recip_seed_sq = 64'hc82e532815d0bc64;
      8'd34: recip_seed_sq = 64'hc6ce1e115fe079c1;
      8'd35: recip_seed_sq = 64'hc57187548788d571;
      8'd36: recip_seed_sq = 64'hc418824c1880c400;
      8'd37: recip_seed_sq = 64'hc2c30288bd009a40;
      8'd38: recip_seed_sq = 64'hc170fbd23ef9bfc4;
      8'd39: recip_seed_sq = 64'hc0226226c7909690;
      8'd40: recip_seed_sq = 64'hbed729b3394b5229;
      8'd41: recip_seed_sq = 64'hbd8f46de9f30bd10;
      8'd42: recip_seed_sq = 64'hbc4aae39ee8c1df1;
      8'd43: recip_seed_sq = 64'hbb09548b754ff3e4;
      8'd44: recip_seed_sq = 64'hb9cb2ecab7962e69;
      8'd45: recip_seed_sq = 64'hb8903217492d5a01;
      8'd46: recip_seed_sq = 64'hb75853c5d5a98404;
      8'd47: recip_seed_sq = 64'hb62389554793fba1;
      8'd48: recip_seed_sq = 64'hb4f1c86e3c44b240;
      8'd49: recip_seed_sq = 64'hb3c306e92dea9000;
      8'd50: recip_seed_sq = 64'hb2973ac57533c484;
      8'd51: recip_seed_sq = 64'hb16e5a2dc9316e44;
      8'd52: recip_seed_sq = 64'hb0485b72b2f05a90;
      8'd53: recip_seed_sq = 64'haf253510b06ade40;
      8'd54: recip_seed_sq = 64'hae04dda9076c71a4;
      8'd55: recip_seed_sq = 64'hace74c0497e10000;
      8'd56: recip_seed_sq = 64'habcc771011f0ee40;
      8'd57: recip_seed_sq = 64'haab455e0688b4139;
      8'd58: recip_seed_sq = 64'ha99edfabc84b47d1;
      8'd59: recip_seed_sq = 64'ha88c0bcc6cb55b79;
      8'd60: recip_seed_sq = 64'ha77bd1c02ae4a5e9;
      8'd61: recip_seed_sq = 64'ha66e2927fde70090;
      8'd62: recip_seed_sq = 64'ha56309c5f9390d91;
      8'd63: recip_seed_sq = 64'ha45a6b79aa605ac9;
      8'd64: recip_seed_sq = 64'ha3544649530dfc01;
      8'd65: recip_seed_sq = 64'ha2509254ab0a4d24;
      8'd66: recip_seed_sq = 64'ha14f47dfb1190090;
      8'd67: recip_seed_sq = 64'ha0505f4a4a068cb9;
      8'd68: recip_seed_sq = 64'h9f53d113125bb119;
      8'd69: recip_seed_sq = 64'h9e5995d56a497009;
      8'd70: recip_seed_sq = 64'h9d61a6491bc9fab9;
      8'd71: recip_seed_sq = 64'h9c6bfb46b2a4e879;
      8'd72: recip_seed_sq = 64'h9b788dbc29b78400;
      8'd73: recip_seed_sq = 64'h9a8756b5ffe6f310;
      8'd74: recip_seed_sq = 64'h99984f5ed6f41840;
      8'd75: recip_seed_sq = 64'h98ab70f443f49799;
      8'd76: recip_seed_sq = 64'h97c0b4d600864400;
      8'd77: recip_seed_sq = 64'h96d814762149ce40;
      8'd78: recip_seed_sq = 64'h95f1896399dd0419;
      8'd79: recip_seed_sq = 64'h950d0d454d9450d9;
      8'd80: recip_seed_sq = 64'h942a99db4c749489;
      8'd81: recip_seed_sq = 64'h934a28f9f8c43c24;
      8'd82: recip_seed_sq = 64'h926bb48fd8cfe481;
      8'd83: recip_seed_sq = 64'h918f36a24199a279;
      8'd84: recip_seed_sq = 64'h90b4a94b9133fc44;
      8'd85: recip_seed_sq = 64'h8fdc06bdf038fa01;
      8'd86: recip_seed_sq = 64'h8f05493e8d251b01;
      8'd87: recip_seed_sq = 64'h8e306b2b5bc73a29;
      8'd88: recip_seed_sq = 64'h8d5d66f35a8d3679;
      8'd89: recip_seed_sq = 64'h8c8c371dcb988e49;
      8'd90: recip_seed_sq = 64'h8bbcd64286cc6004;
      8'd91: recip_seed_sq = 64'h8aef3f12a2957b84;
      8'd92: recip_seed_sq = 64'h8a236c4c64d4fd44;
      8'd93: recip_seed_sq = 64'h895958c3eaec3900;
      8'd94: recip_seed_sq = 64'h8890ff62e7dd0991;
      8'd95: recip_seed_sq = 64'h87ca5b211ad60400;
      8'd96: recip_seed_sq = 64'h87056709f8dfe584;
      8'd97: recip_seed_sq = 64'h86421e3de55c5c89;
      8'd98: recip_seed_sq = 64'h85807beaba954171;
      8'd99: recip_seed_sq = 64'h84c07b51689e9000;
      8'd100: recip_seed_sq = 64'h840217c44d79b671;
      8'd101: recip_seed_sq = 64'h83454ca4257ea840;
      8'd102: recip_seed_sq = 64'h828a156707f7ce31;
      8'd103: recip_seed_sq = 64'h81d06d8cc1f46640;
      8'd104: recip_seed_sq = 64'h811850ab8774c0a4;
      8'd105: recip_seed_sq = 64'h8061ba645aa47ff9;
      8'd106: recip_seed_sq = 64'h7faca66896f87110;
      8'd107: recip_seed_sq = 64'h7ef9107c93870011;
      8'd108: recip_seed_sq = 64'h7e46f46c2e294619;
      8'd109: recip_seed_sq = 64'h7d964e1a242cd309;
      8'd110: recip_seed_sq = 64'h7ce71971d4455944;
      8'd111: recip_seed_sq = 64'h7c39526e21bbbee4;
      8'd112: recip_seed_sq = 64'h7b8cf51aabfb36a1;
      8'd113: recip_seed_sq = 64'h7ae1fd8b4dce2b79;
      8'd114: recip_seed_sq = 64'h7a3867e7187da400;
      8'd115: recip_seed_sq = 64'h7990305d144b4900;
      8'd116: recip_seed_sq = 64'h78e9532f2d176179;
      8'd117: recip_seed_sq = 64'h7843cca862051240;
      8'd118: recip_seed_sq = 64'h779f991f6b283301;
      8'd119: recip_seed_sq = 64'h76fcb4fab14ada64;
      8'd120: recip_seed_sq = 64'h765b1ca954501e40;
      8'd121: recip_seed_sq = 64'h75baccab39273f61;
      8'd122: recip_seed_sq = 64'h751bc187611dddc9;
      8'd123: recip_seed_sq = 64'h747df7d298bb3dc1;
      8'd124: recip_seed_sq = 64'h73e16c2ca0317ed1;
      8'd125: recip_seed_sq = 64'h73461b42bd68a400;
      8'd126: recip_seed_sq = 64'h72ac01c8e4e47239;
      8'd127: recip_seed_sq = 64'h72131c81ad81b4f9;
      8'd128: recip_seed_sq = 64'h717b683a28507090;
      8'd129: recip_seed_sq = 64'h70e4e1c870e40000;
      8'd130: recip_seed_sq = 64'h704f860e3c9ca2d9;
      8'd131: recip_seed_sq = 64'h6fbb51f768efbb44;
      8'd132: recip_seed_sq = 64'h6f2842788f4ac400;
      8'd133: recip_seed_sq = 64'h6e96549190020b90;
      8'd134: recip_seed_sq = 64'h6e05854d73d76e91;
      8'd135: recip_seed_sq = 64'h6d75d1be617d2589;
      8'd136: recip_seed_sq = 64'h6ce73701767606e4;
      8'd137: recip_seed_sq = 64'h6c59b23c0f624840;
      8'd138: recip_seed_sq = 64'h6bcd409f980711e4;
      8'd139: recip_seed_sq = 64'h6b41df61a5c33f10;
      8'd140: recip_seed_sq = 64'h6ab78bc644885009;
      8'd141: recip_seed_sq = 64'h6a2e4316c9d23f90;
      8'd142: recip_seed_sq = 64'h69a602a5a409edc1;
      8'd143: recip_seed_sq = 64'h691ec7ce42e69761;
      8'd144: recip_seed_sq = 64'h68988ff6475a16b1;
      8'd145: recip_seed_sq = 64'h681358884e964ba4;
      8'd146: recip_seed_sq = 64'h678f1ef8fe056e29;
      8'd147: recip_seed_sq = 64'h670be0c5a3c81c40;
      8'd148: recip_seed_sq = 64'h66899b72dc56a7c1;
      8'd149: recip_seed_sq = 64'h66084c8b3d2f4581;
      8'd150: recip_seed_sq = 64'h6587f1a450aed290;
      8'd151: recip_seed_sq = 64'h6508885971dcce79;
      8'd152: recip_seed_sq = 64'h648a0e4e40a5e790;
      8'd153: recip_seed_sq = 64'h640c812c0c806400;
      8'd154: recip_seed_sq = 64'h638fdea445db6f09;
      8'd155: recip_seed_sq = 64'h63142471a7d916b9;
      8'd156: recip_seed_sq = 64'h6299505328e29944;
      8'd157: recip_seed_sq = 64'h621f600e6bdc7e40;
      8'd158: recip_seed_sq = 64'h61a6517364756f84;
      8'd159: recip_seed_sq = 64'h612e22561248c899;
      8'd160: recip_seed_sq = 64'h60b6d090edf44b90;
      8'd161: recip_seed_sq = 64'h60405a06133fcea1;
      8'd162: recip_seed_sq = 64'h5fcabc9cbb5a3391;
      8'd163: recip_seed_sq = 64'h5f55f64612f4a100;
      8'd164: recip_seed_sq = 64'h5ee204f499e34d10;
      8'd165: recip_seed_sq = 64'h5e6ee6a36cad5e81;
      8'd166: recip_seed_sq = 64'h5dfc99562e302721;
      8'd167: recip_seed_sq = 64'h5d8b1b11b08a8440;
      8'd168: recip_seed_sq = 64'h5d1a69e331c167e4;
      8'd169: recip_seed_sq = 64'h5caa83df11ebc900;
      8'd170: recip_seed_sq = 64'h5c3b671d2751cff9;
      8'd171: recip_seed_sq = 64'h5bcd11bd81e5c400;
      8'd172: recip_seed_sq = 64'h5b5f81e12ac21ea4;
      8'd173: recip_seed_sq = 64'h5af2b5b4df24fd59;
      8'd174: recip_seed_sq = 64'h5a86ab650c42f924;
      8'd175: recip_seed_sq = 64'h5a1b612881404210;
      8'd176: recip_seed_sq = 64'h59b0d536db2c0c40;
      8'd177: recip_seed_sq = 64'h594705d0ca3defa4;
      8'd178: recip_seed_sq = 64'h58ddf13a15daf944;
      8'd179: recip_seed_sq = 64'h587595bbf073ad24;
      8'd180: recip_seed_sq = 64'h580df1a4ea978e24;
      8'd181: recip_seed_sq = 64'h57a703468efbf2a4;
      8'd182: recip_seed_sq = 64'h5740c8fb3336e189;
      8'd183: recip_seed_sq = 64'h56db411ee395db29;
      8'd184: recip_seed_sq = 64'h56766a12dd935224;
      8'd185: recip_seed_sq = 64'h5612423d83859b04;
      8'd186: recip_seed_sq = 64'h55aec80b78a45c40;
      8'd187: recip_seed_sq = 64'h554bf9e9cbef8b79;
      8'd188: recip_seed_sq = 64'h54e9d64e09b535d9;
      8'd189: recip_seed_sq = 64'h54885bb066adb100;
      8'd190: recip_seed_sq = 64'h5427888e05fffb90;
      8'd191: recip_seed_sq = 64'h53c75b67c8bdd440;
      8'd192: recip_seed_sq = 64'h5367d2c245a8fd04;
      8'd193: recip_seed_sq = 64'h5308ed292bd54d90;
      8'd194: recip_seed_sq = 64'h52aaa9285f2fee44;
      8'd195: recip_seed_sq = 64'h524d0552c811fb10;
      8'd196: recip_seed_sq = 64'h51f0003dbb0e4f44;
      8'd197: recip_seed_sq = 64'h519398845770cba1;
      8'd198: recip_seed_sq = 64'h5137ccc2f79d3251;
      8'd199: recip_seed_sq = 64'h50dc9b9cce915f84;
      8'd200: recip_seed_sq = 64'h508203b63b3e74c1;
      8'd201: recip_seed_sq = 64'h502803b9415f0e40;
      8'd202: recip_seed_sq = 64'h4fce9a522231add9;
      8'd203: recip_seed_sq = 64'h4f75c633cd4b2504;
      8'd204: recip_seed_sq = 64'h4f1d861007a4de40;
      8'd205: recip_seed_sq = 64'h4ec5d89f34f15010;
      8'd206: recip_seed_sq = 64'h4e6ebc9f2bdccd24;
      8'd207: recip_seed_sq = 64'h4e1830cc88392859;
      8'd208: recip_seed_sq = 64'h4dc233eb81b960f9;
      8'd209: recip_seed_sq = 64'h4d6cc4c025e64e10;
      8'd210: recip_seed_sq = 64'h4d17e214f03e1410;
      8'd211: recip_seed_sq = 64'h4cc38ab771536844;
      8'd212: recip_seed_sq = 64'h4c6fbd7500e028b1;
      8'd213: recip_seed_sq = 64'h4c1c7922625df691;
      8'd214: recip_seed_sq = 64'h4bc9bc952b1a7c71;
      8'd215: recip_seed_sq = 64'h4b7786a819ac1b09;
      8'd216: recip_seed_sq = 64'h4b25d636b40e8400;
      8'd217: recip_seed_sq = 64'h4ad4aa1f70d550e4;
      8'd218: recip_seed_sq = 64'h4a84014801d12400;
      8'd219: recip_seed_sq = 64'h4a33da927db5bc10;
      8'd220: recip_seed_sq = 64'h49e434ea5041b701;
      8'd221: recip_seed_sq = 64'h49950f3a7c568240;
      8'd222: recip_seed_sq = 64'h49466870d46337d1;
      8'd223: recip_seed_sq = 64'h48f83f7df46bbf69;
      8'd224: recip_seed_sq = 64'h48aa93575daecac4;
      8'd225: recip_seed_sq = 64'h485d62f32a41c249;
      8'd226: recip_seed_sq = 64'h4810ad4b3be706c1;
      8'd227: recip_seed_sq = 64'h47c4715c2466d2a4;
      8'd228: recip_seed_sq = 64'h4778ae24115a1d90;
      8'd229: recip_seed_sq = 64'h472d62a5f33f6fe4;
      8'd230: recip_seed_sq = 64'h46e28de42f3e78f1;
      8'd231: recip_seed_sq = 64'h46982ee7fc0208e9;
      8'd232: recip_seed_sq = 64'h464e44b8eeaca0c9;
      8'd233: recip_seed_sq = 64'h4604ce63470987c9;
      8'd234: recip_seed_sq = 64'h45bbcaf5ce3c2400;
      8'd235: recip_seed_sq = 64'h45733980c6c0e071;
      8'd236: recip_seed_sq = 64'h452b1917fe22d8b1;
      8'd237: recip_seed_sq = 64'h44e368d0b1d9cbe1;
      8'd238: recip_seed_sq = 64'h449c27c39eebe900;
      8'd239: recip_seed_sq = 64'h4455550ae90eded9;
      8'd240: recip_seed_sq = 64'h440eefc3203be004;
      8'd241: recip_seed_sq = 64'h43c8f70a342c2a11;
      8'd242: recip_seed_sq = 64'h43836a038db74100;
      8'd243: recip_seed_sq = 64'h433e47d0d51a4400;
      8'd244: recip_seed_sq = 64'h42f98f981ae01889;
      8'd245: recip_seed_sq = 64'h42b54080bdab18c9;
      8'd246: recip_seed_sq = 64'h427159b67680f771;
      8'd247: recip_seed_sq = 64'h422dda6334e19231;
      8'd248: recip_seed_sq = 64'h41eac1b742d41b04;
      8'd249: recip_seed_sq = 64'h41a80ee11b894984;
      8'd250: recip_seed_sq = 64'h4165c11381a58a04;
      8'd251: recip_seed_sq = 64'h4123d78370f2d904;
      8'd252: recip_seed_sq = 64'h40e25167180863c4;
      8'd253: recip_seed_sq = 64'h40a12df6d7892619;
      8'd254: recip_seed_sq = 64'h40606c6c3cde6b64;
      8'd255: recip_seed_sq = 64'h40200c0400c02004;
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
