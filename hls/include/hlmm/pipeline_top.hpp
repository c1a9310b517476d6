// The kernel's top-level function, as Vitis HLS synthesizes it and as the card runs it.
#pragma once

#include "hlmm/hls_stream_compat.hpp"
#include "hlmm/kernel.hpp"

namespace hlmm {

// Processes every record waiting on `events` (free-running on the card: one record per call in
// hardware, II = 1), writing up to two intents per record to `intents`. `state` is the kernel's
// own memory; `regs` and `banks` are the AXI4-Lite register file and the policy-table memory.
void pipeline_top(hls::stream<MarketEvent>& events, hls::stream<QuoteIntent>& intents,
                  const ControlRegs& regs, const PolicyBanks& banks, PipelineState& state);

}  // namespace hlmm
