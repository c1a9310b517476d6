// `hlmm backtest --report FILE.html`: one self-contained page (host/report's SVG charts) with the
// study's table figures and, on the first seed, each policy's equity curve, inventory path, quote
// skew over time next to the funding rate, and the mean quote skew binned by funding.
#pragma once

#include <string>

#include "backtest/study.hpp"

namespace hlmm::backtest {

// Needs result.traces (StudyConfig::keep_traces); without them the page holds the table only.
std::string format_html_report(const StudyResult& result);

}  // namespace hlmm::backtest
