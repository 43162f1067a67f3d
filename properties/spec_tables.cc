#include "properties/spec_tables.h"

#include <fmt/format.h>

namespace catsim {

namespace {

enum class Row : uint8_t { kNone, kTrue, kFalse, kOther };

Row row(const std::optional<uint64_t>& value) {
  if (!value) return Row::kNone;
  if (*value == 1) return Row::kTrue;
  return *value == 0 ? Row::kFalse : Row::kOther;
}

std::string show_row(const std::optional<uint64_t>& value) {
  switch (row(value)) {
    case Row::kNone:
      return "None";
    case Row::kTrue:
      return "true";
    case Row::kFalse:
      return "false";
    case Row::kOther:
      break;
  }
  return fmt::format("{}?", *value);
}

// Section 1: None -> stash, true -> persist, false -> stash.
std::optional<StoreId> single_table(Row stash) {
  switch (stash) {
    case Row::kNone:
    case Row::kFalse:
      return StoreId::kStash;
    case Row::kTrue:
      return StoreId::kPersist;
    case Row::kOther:
      break;
  }
  return std::nullopt;
}

// Section 5: (None, _) or (_, None) -> stash; (true, false) -> persist;
// (false, true) -> stash; (true, true) -> stash; (false, false) -> persist.
std::optional<StoreId> two_table(Row stash, Row persist, bool early_draft) {
  if (stash == Row::kOther || persist == Row::kOther) return std::nullopt;
  if (stash == Row::kNone || persist == Row::kNone) return StoreId::kStash;
  if (stash == Row::kTrue && persist == Row::kFalse) return StoreId::kPersist;
  if (stash == Row::kFalse && persist == Row::kTrue) return StoreId::kStash;
  if (stash == Row::kFalse && persist == Row::kFalse) return StoreId::kPersist;
  if (early_draft) return std::nullopt;  // (true, true): the draft had no rule
  return StoreId::kStash;
}

}  // namespace

SpecTable spec_table_for(const Variant& variant) {
  return SpecTable{variant.protocol, variant.switches.early_draft};
}

std::optional<StoreId> spec_source_of_truth(const SpecTable& table, const TombstoneRows& rows) {
  if (table.protocol == Protocol::kSingleTombstone) return single_table(row(rows.stash));
  return two_table(row(rows.stash), row(rows.persist), table.early_draft);
}

bool spec_copy_completed(const SpecTable& table, const TombstoneRows& rows, StoreId destination) {
  const Row stash = row(rows.stash), persist = row(rows.persist);
  if (table.protocol == Protocol::kSingleTombstone) {
    // A migration completes by setting true; a rollback by setting false.
    return destination == StoreId::kPersist ? stash == Row::kTrue : stash != Row::kTrue;
  }
  // Two tombstones: a migration completes at (true, false); a rollback at
  // (false, true), and a stash never migrated from has nothing to copy back.
  if (destination == StoreId::kPersist) return stash == Row::kTrue && persist == Row::kFalse;
  return stash == Row::kNone || (stash == Row::kFalse && persist == Row::kTrue);
}

std::string show_rows(const SpecTable& table, const TombstoneRows& rows) {
  if (table.protocol == Protocol::kSingleTombstone) return show_row(rows.stash);
  return fmt::format("({}, {})", show_row(rows.stash), show_row(rows.persist));
}

}  // namespace catsim
