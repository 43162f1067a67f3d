// Which store is the source of truth, read off the tombstone(s): the
// migrator's own decision code (the checker keeps the spec's table apart,
// properties/spec_tables.h, so a wrong entry here is judged, not shared).
//
// Single tombstone (spec section 1): None or false -> stash, true -> persist.
// Two tombstones (spec section 5): (None, _) or (_, None) -> stash;
// (true, false) -> persist; (false, true) -> stash; (true, true) -> stash;
// (false, false) -> persist. The early draft has no rule for (true, true):
// nullopt, which the P1 checker reports as "no source of truth".
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "impl/variant.h"
#include "stores/store_call.h"

namespace catsim {

struct Tombstones {
  std::optional<uint64_t> stash;
  std::optional<uint64_t> persist;  // read only by the two-tombstone protocol
};

std::optional<StoreId> source_of_truth(const Variant& variant, const Tombstones& tombstones);
std::string describe(const Tombstones& tombstones, Protocol protocol);

// Whether the tombstones say that copying into destination already
// completed: for persist, a migration (single: true; two: (true, false));
// for the stash, a rollback (single: None or false; two: (None, _) or
// (false, true)). A copy then is a re-run and must change no data (P6).
bool copy_already_complete(Protocol protocol, const Tombstones& tombstones, StoreId destination);

}  // namespace catsim
