#include "lease/property.h"

namespace catsim::lease {

std::string_view property_name(LeaseProperty property) {
  switch (property) {
    case LeaseProperty::kL1Fencing:
      return "L1";
    case LeaseProperty::kL2Durability:
      return "L2";
  }
  return "?";
}

std::optional<LeaseProperty> parse_property(std::string_view name) {
  if (name == "L1") return LeaseProperty::kL1Fencing;
  if (name == "L2") return LeaseProperty::kL2Durability;
  return std::nullopt;
}

}  // namespace catsim::lease
