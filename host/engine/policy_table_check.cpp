#include <string>

#include "engine/pipeline.hpp"

namespace hlmm::engine {

void validate_policy_table(const PolicyTable& t) {
  if (const char* defect = policy_table_defect(t)) throw PipelineError(std::string("policy table: ") + defect);
}

}  // namespace hlmm::engine
