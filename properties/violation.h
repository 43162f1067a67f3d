// Violation: a property that failed, with the evidence.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "impl/property.h"

namespace catsim {

struct Violation {
  Property property = Property::kP1;
  std::string summary;               // one line
  std::vector<std::string> details;  // expected against found, one line each
  uint64_t step = 0;                 // the step during which it was detected
  uint32_t process = 0;              // the process that took that step
  // P6's liveness failure: the liveness phase's fresh opener did not
  // converge (found after the run, at its last step, not by a step).
  bool liveness = false;
};

// The summary of P6's liveness failure (P6 also covers "re-running a
// completed direction changed data", which a step finds).
inline constexpr std::string_view kLivenessFailureSummary = "the liveness phase did not converge";

inline bool is_liveness_failure(const Violation& violation) {
  return violation.liveness;
}

}  // namespace catsim
