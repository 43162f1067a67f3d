#include "impl/source_of_truth.h"

#include <fmt/format.h>

namespace catsim {

namespace {
std::string show(const std::optional<uint64_t>& value) {
  if (!value) return "None";
  return *value == 1 ? "true" : *value == 0 ? "false" : fmt::format("{}?", *value);
}
}  // namespace

std::optional<StoreId> source_of_truth(const Variant& variant, const Tombstones& tombstones) {
  if (variant.protocol == Protocol::kSingleTombstone) {
    return tombstones.stash == 1 ? StoreId::kPersist : StoreId::kStash;
  }
  if (!tombstones.stash || !tombstones.persist) return StoreId::kStash;
  bool stash = *tombstones.stash == 1;
  bool persist = *tombstones.persist == 1;
  if (stash && !persist) return StoreId::kPersist;
  if (!stash && persist) return StoreId::kStash;
  if (!stash && !persist) return StoreId::kPersist;
  // MUTANT early_draft: no rule for (true, true).
  if (variant.switches.early_draft) return std::nullopt;
  // MUTANT table_true_true_is_persist: "a migration crashed" read as "migrated".
  return variant.switches.table_true_true_is_persist ? StoreId::kPersist : StoreId::kStash;
}

bool copy_already_complete(Protocol protocol, const Tombstones& tombstones, StoreId destination) {
  const bool stash_true = tombstones.stash == 1;
  if (protocol == Protocol::kSingleTombstone) {
    return destination == StoreId::kPersist ? stash_true : !stash_true;
  }
  if (destination == StoreId::kPersist) return stash_true && tombstones.persist == 0;
  return !tombstones.stash || (tombstones.stash == 0 && tombstones.persist == 1);
}

std::string describe(const Tombstones& tombstones, Protocol protocol) {
  if (protocol == Protocol::kSingleTombstone) return show(tombstones.stash);
  return fmt::format("({}, {})", show(tombstones.stash), show(tombstones.persist));
}

}  // namespace catsim
