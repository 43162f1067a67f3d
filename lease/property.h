// LeaseProperty: the two properties of the single-store lease, as a type.
//
//  - L1 fencing: a write is applied only under the current lease: its epoch
//    is the store's latest acquired epoch and that epoch was granted to the
//    writer making it. A stale holder never writes after a takeover.
//  - L2 durability: every write acknowledged to a holder as committed is in
//    the store's log, in the order the acknowledgements were given.
//
// Guarantees: code compares and switches on LeaseProperty values; the names
// "L1" and "L2" exist only at the edges, written by property_name() and read
// back by parse_property(), which round-trip and accept nothing else.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string_view>

namespace catsim::lease {

enum class LeaseProperty : uint8_t { kL1Fencing = 1, kL2Durability = 2 };

std::string_view property_name(LeaseProperty property);
std::optional<LeaseProperty> parse_property(std::string_view name);

}  // namespace catsim::lease

template <>
struct fmt::formatter<catsim::lease::LeaseProperty> : fmt::formatter<std::string_view> {
  template <class FormatContext>
  auto format(catsim::lease::LeaseProperty property, FormatContext& ctx) const {
    return fmt::formatter<std::string_view>::format(catsim::lease::property_name(property), ctx);
  }
};
