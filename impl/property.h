// Property: the spec's properties P1-P6 (section 7) as a type.
//
// Guarantees:
//   1. Code compares, stores and switches on Property values; the names "P1"
//      to "P6" exist only at the edges (traces, flags, reports), written by
//      property_name() and read back by parse_property(), which round-trip.
//   2. parse_property() accepts exactly the six names and nothing else.
//   3. property_bit() gives each property its own bit of a mask (bit n-1 for
//      Pn), the form the model's "which properties to check" takes.
#pragma once

#include <array>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string_view>

#include <fmt/format.h>

namespace catsim {

enum class Property : uint8_t { kP1 = 1, kP2, kP3, kP4, kP5, kP6 };

inline constexpr std::array<Property, 6> kEveryProperty = {
    Property::kP1, Property::kP2, Property::kP3, Property::kP4, Property::kP5, Property::kP6};

// The mask with every property's bit set.
inline constexpr uint32_t kAllProperties = 0x3f;

std::string_view property_name(Property property);
std::optional<Property> parse_property(std::string_view name);
std::ostream& operator<<(std::ostream& out, Property property);  // its name

inline constexpr uint32_t property_bit(Property property) {
  return 1u << (static_cast<uint32_t>(property) - 1);
}

}  // namespace catsim

template <>
struct fmt::formatter<catsim::Property> : fmt::formatter<std::string_view> {
  template <class FormatContext>
  auto format(catsim::Property property, FormatContext& ctx) const {
    return fmt::formatter<std::string_view>::format(catsim::property_name(property), ctx);
  }
};
