// Violation: a property that failed, with the evidence.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace catsim {

struct Violation {
  std::string property;              // "P1".."P6"
  std::string summary;               // one line
  std::vector<std::string> details;  // expected against found, one line each
  uint64_t step = 0;                 // the step during which it was detected
  uint32_t process = 0;              // the process that took that step
};

}  // namespace catsim
