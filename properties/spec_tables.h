// The spec's tables, written again from the spec for the checker alone:
// which store a tombstone state names as the source of truth (section 1 for
// one tombstone, section 5 for two, and section 5's early draft, which has
// no rule for (true, true)), and which tombstone states say a copy already
// completed (a re-run, P6).
//
// Guarantees: shares no code with the protocol's own decisions (impl/), so a
// wrong entry in the migrator's table is judged by this one (P1 fires)
// instead of being agreed with; every state has at most one store; a state
// with no rule maps to nullopt, which P1 reports.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "impl/variant.h"
#include "stores/store_call.h"

namespace catsim {

// The tombstone rows as the stores hold them: absent, 1 (true) or 0 (false).
struct TombstoneRows {
  std::optional<uint64_t> stash;
  std::optional<uint64_t> persist;  // read only by the two-tombstone protocol
};

// Which table judges a run: the protocol's, or the early draft's.
struct SpecTable {
  Protocol protocol = Protocol::kSingleTombstone;
  bool early_draft = false;  // section 5: "an early draft ... had no rule for (true, true)"
};
SpecTable spec_table_for(const Variant& variant);

std::optional<StoreId> spec_source_of_truth(const SpecTable& table, const TombstoneRows& rows);

// Whether rows say copying into destination already completed: into persist
// once a migration completed, into the stash once a rollback completed (or
// nothing was ever migrated).
bool spec_copy_completed(const SpecTable& table, const TombstoneRows& rows, StoreId destination);

// "true", "(None, false)", ...
std::string show_rows(const SpecTable& table, const TombstoneRows& rows);

}  // namespace catsim
