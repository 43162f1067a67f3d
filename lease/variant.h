// Variant: a named version of the lease protocol, the correct one or a
// deliberately broken one (a mutant), selectable by name.
//
// A mutant is `correct` with exactly one switch on; each switch is read in
// exactly one place, marked `// MUTANT name` (grep for it): two in the
// store fake (lease/lease_store.cc), one in the holder (lease/holder.cc),
// and the model mirrors each one (lease/lease_model.cc).
// Guarantees: the table is built once, in a stable order, `correct` first;
// names are unique; every mutant names the property it is expected to break.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lease/property.h"

namespace catsim::lease {

struct Switches {
  bool unfenced_write = false;                // the store applies a write of any epoch
  bool acquire_without_bump = false;          // acquire returns the current epoch, unbumped
  bool ack_indeterminate_as_success = false;  // the holder counts an indeterminate write as done
  bool operator==(const Switches&) const = default;
};

struct Variant {
  std::string name;
  std::string description;
  std::optional<LeaseProperty> expected;  // nullopt for `correct`
  Switches switches;
};

// Every variant, `correct` first, in a stable order.
const std::vector<Variant>& all_variants();
// nullptr for an unknown name.
const Variant* find_variant(std::string_view name);

}  // namespace catsim::lease
