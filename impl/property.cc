#include "impl/property.h"

#include <ostream>

#include "sim/check.h"

namespace catsim {

namespace {

constexpr std::array<std::string_view, 6> kNames = {"P1", "P2", "P3", "P4", "P5", "P6"};

}  // namespace

std::string_view property_name(Property property) {
  const auto index = static_cast<size_t>(property) - 1;
  CATSIM_CHECK_MSG(index < kNames.size(), "not a property");
  return kNames[index];
}

std::optional<Property> parse_property(std::string_view name) {
  for (Property property : kEveryProperty) {
    if (property_name(property) == name) return property;
  }
  return std::nullopt;
}

std::ostream& operator<<(std::ostream& out, Property property) {
  return out << property_name(property);
}

}  // namespace catsim
