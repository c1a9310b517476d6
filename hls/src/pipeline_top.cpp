#include "hlmm/pipeline_top.hpp"

namespace hlmm {

void pipeline_top(hls::stream<MarketEvent>& events, hls::stream<QuoteIntent>& intents,
                  const ControlRegs& regs, const PolicyBanks& banks, PipelineState& state) {
#pragma HLS INTERFACE mode=axis port=events
#pragma HLS INTERFACE mode=axis port=intents
#pragma HLS INTERFACE mode=s_axilite port=regs bundle=control
#pragma HLS INTERFACE mode=bram port=banks
#pragma HLS INTERFACE mode=ap_ctrl_none port=return
#pragma HLS ARRAY_PARTITION variable=state.asset complete dim=1
  while (!events.empty()) {
#pragma HLS PIPELINE II=1
    const MarketEvent e = events.read();
    const IntentBatch out = pipeline_step(state, regs, banks, e);
    for (int i = 0; i < out.count; ++i) {
#pragma HLS UNROLL
      intents.write(out.item[i]);
    }
  }
}

}  // namespace hlmm
