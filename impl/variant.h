// Variant: a named version of a protocol, the correct one or a deliberately
// broken one, selectable on the command line.
//
// Each variant is the as-designed protocol (spec sections 4 and 5, exactly as
// written) plus a set of switches. A fix switch is the smallest change that
// repairs a property the design was shown to break (spec section 9); the
// `correct` variant turns every fix on. A mutant switch is one deliberate,
// realistic mistake, applied on top of `correct`. Every switch is read in
// exactly one marked place in impl/ (grep for its name).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "impl/property.h"

namespace catsim {

enum class Protocol : uint8_t { kSingleTombstone, kTwoTombstone };
std::string_view protocol_name(Protocol protocol);
std::optional<Protocol> protocol_from_name(std::string_view name);

struct VariantSwitches {
  // Fixes (on in `correct`).
  bool fix_persist_bound_from_fenced_stash = false;
  bool fix_emergency_fences_persist = false;
  bool fix_rollback_copies_first = false;  // two-tombstone only
  bool fix_stash_raised_to_persist = false;
  // Mutants (each on in exactly one broken variant).
  bool tombstone_before_copy = false;
  bool stash_skip_fence = false;
  bool persist_blind_append = false;
  bool no_epoch_lower_bound = false;
  bool savepoint_durable = false;
  bool indeterminate_as_success = false;
  bool always_copy = false;
  bool copy_requires_empty_destination = false;
  bool reader_ignores_tombstone = false;
  bool early_draft = false;  // two-tombstone only: no rule for (true, true)
  bool rollback_tombstone_first = false;
  bool merge_not_replace = false;
  bool persist_fenced_first = false;
  bool tombstone_read_before_fence = false;
  bool retry_indeterminate_write = false;
  bool reader_trusts_old_tombstone = false;
  bool example_forget_tombstone = false;     // README, "Add your own variant"
  bool table_true_true_is_persist = false;   // two-tombstone only: the migrator's table
  bool tombstone_presence_as_truth = false;  // the migrator's single-tombstone table
  bool preopen_prefetches_persist = false;
  bool savepoint_needs_both_stores = false;
  bool read_only_serves_cache = false;
};

// kFixLeftOut: `correct` with one fix switched off, so that a finding made
// against an earlier `correct` stays reproducible by name (its witness for
// the explorer and the regression traces; random campaigns may not reach it).
enum class VariantKind : uint8_t { kCorrect, kAsDesigned, kMutant, kFixLeftOut };

struct Variant {
  std::string name;
  Protocol protocol = Protocol::kSingleTombstone;
  VariantKind kind = VariantKind::kMutant;
  std::string description;
  // What it is expected to break: a mutant's one property (P3); every
  // property as-designed's findings break; a fix left out, its finding's.
  // Empty for `correct` and for a mistake believed harmless here, which the
  // explorer must then prove equivalent within bounds.
  std::vector<Property> expected_properties;
  VariantSwitches switches;

  bool expects(Property property) const;
  // "P2/P3", or "-" when nothing is expected to break.
  std::string expected_text() const;
};

// Every variant of every protocol, in a stable order.
const std::vector<Variant>& all_variants();
const Variant* find_variant(Protocol protocol, std::string_view name);

}  // namespace catsim
