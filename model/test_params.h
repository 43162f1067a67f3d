// Names and printers for the model's parameterized tests (see
// harness/test_params.h). Test-only.
#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "harness/test_params.h"
#include "impl/migrator.h"
#include "model/model_state.h"
#include "model/store_calls.h"

namespace catsim::model {

// The properties a mask checks: "P2 P6" with separator ' ', "P1-P6" for all.
inline std::string property_names(uint32_t properties, char separator) {
  if (properties == kAllProperties) return "P1-P6";
  std::string names;
  for (Property property : kEveryProperty) {
    if (!(properties & property_bit(property))) continue;
    if (!names.empty()) names += separator;
    names += property_name(property);
  }
  return names;
}

// "single_tombstone_as_designed", and "..._P3_only" for a case that checks
// only some properties.
inline std::string test_name(Protocol protocol, std::string_view variant, uint32_t properties) {
  std::string name = catsim::test_name(protocol, variant);
  if (properties == kAllProperties) return name;
  return name + "_" + property_names(properties, '_') + "_only";
}

// "procs 2 crashes 0 changes 1 boots 1 indeterminates 0 targets emergency,migrate".
inline void PrintTo(const ModelBounds& b, std::ostream* os) {
  *os << "procs " << b.procs << " crashes " << b.crashes << " changes " << b.changes << " boots "
      << b.boots << " indeterminates " << b.indeterminates << " targets ";
  for (uint32_t p = 0; p < b.procs; ++p) {
    if (p > 0) *os << ",";
    if (b.targets[p] == 0) *os << "any";
    const char* separator = "";
    for (Target target : kAllTargets) {
      if (b.targets[p] & (1u << static_cast<uint32_t>(target))) {
        *os << separator << target_name(target);
        separator = "|";
      }
    }
  }
}

}  // namespace catsim::model
