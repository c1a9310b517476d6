#include "systemc_pipeline.hpp"

#include <stdexcept>

namespace hlmm::sim {

namespace {

std::unique_ptr<card::CardModel> open_card(const card::CardOptions& options) {
  try {
    return std::make_unique<card::CardModel>(options);
  } catch (const std::exception& e) {  // bad options, or the process's cards all open
    throw engine::PipelineError(e.what());
  }
}

}  // namespace

SystemcPipeline::SystemcPipeline(const card::CardOptions& options) : card_(open_card(options)) { check_identity("systemc"); }

SystemcPipeline::~SystemcPipeline() = default;

void SystemcPipeline::push(std::span<const MarketEvent> events) {
  try {
    card_->stream(events.data(), events.size(), pending_);
  } catch (const std::runtime_error& e) {
    throw engine::PipelineError(e.what());
  }
}

}  // namespace hlmm::sim
