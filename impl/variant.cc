#include "impl/variant.h"

#include <algorithm>

namespace catsim {

namespace {

VariantSwitches correct_fixes(Protocol protocol) {
  VariantSwitches switches;
  switches.fix_persist_bound_from_fenced_stash = true;
  switches.fix_stash_raised_to_persist = true;
  if (protocol == Protocol::kSingleTombstone) {
    switches.fix_emergency_fences_persist = true;
  } else {
    switches.fix_rollback_copies_first = true;
  }
  return switches;
}

// property nullopt: a mistake believed harmless here (the explorer must prove it).
Variant mutant(Protocol protocol, std::string name, std::optional<Property> property,
               std::string description, void (*apply)(VariantSwitches&)) {
  std::vector<Property> expected;
  if (property) expected.push_back(*property);
  Variant variant{std::move(name),      protocol,
                  VariantKind::kMutant, std::move(description),
                  std::move(expected),  correct_fixes(protocol)};
  apply(variant.switches);
  return variant;
}

std::vector<Variant> build_variants() {
  std::vector<Variant> variants;
  for (Protocol protocol : {Protocol::kSingleTombstone, Protocol::kTwoTombstone}) {
    variants.push_back({"correct",
                        protocol,
                        VariantKind::kCorrect,
                        "the design with the smallest fixes for every finding applied",
                        {},
                        correct_fixes(protocol)});
    // Findings 1-2 (P2, P3) for one tombstone, finding 3 (P1) for two.
    std::vector<Property> findings = protocol == Protocol::kSingleTombstone
                                         ? std::vector<Property>{Property::kP2, Property::kP3}
                                         : std::vector<Property>{Property::kP1};
    variants.push_back({"as-designed", protocol, VariantKind::kAsDesigned,
                        "the spec's text exactly as written", std::move(findings),
                        VariantSwitches{}});
    Variant unraised{"without-stash-raise",
                     protocol,
                     VariantKind::kFixLeftOut,
                     "correct without fix_stash_raised_to_persist: with three writers an open "
                     "can return an older epoch (finding 4)",
                     {Property::kP3},
                     correct_fixes(protocol)};
    unraised.switches.fix_stash_raised_to_persist = false;
    variants.push_back(std::move(unraised));
  }
  const Protocol single = Protocol::kSingleTombstone;
  variants.push_back(mutant(single, "tombstone-before-copy", Property::kP1,
                            "migrate sets the tombstone, then copies",
                            [](VariantSwitches& s) { s.tombstone_before_copy = true; }));
  variants.push_back(mutant(single, "stash-skip-fence", Property::kP3,
                            "stash transactions skip the epoch check",
                            [](VariantSwitches& s) { s.stash_skip_fence = true; }));
  variants.push_back(mutant(single, "persist-blind-append", Property::kP3,
                            "persist commits skip the upper check",
                            [](VariantSwitches& s) { s.persist_blind_append = true; }));
  variants.push_back(mutant(single, "no-epoch-lower-bound", Property::kP3,
                            "opens ignore the other store's epoch as a lower bound",
                            [](VariantSwitches& s) { s.no_epoch_lower_bound = true; }));
  variants.push_back(mutant(single, "savepoint-durable", Property::kP4,
                            "savepoint writes are committed to the store",
                            [](VariantSwitches& s) { s.savepoint_durable = true; }));
  variants.push_back(mutant(single, "indeterminate-as-success", Property::kP2,
                            "a commit whose reply was lost is acknowledged to the client",
                            [](VariantSwitches& s) { s.indeterminate_as_success = true; }));
  variants.push_back(mutant(single, "always-copy", Property::kP6,
                            "migrate copies even when the tombstone says it already completed",
                            [](VariantSwitches& s) { s.always_copy = true; }));
  variants.push_back(mutant(single, "copy-requires-empty-destination", Property::kP6,
                            "the copy refuses to overwrite a non-empty destination",
                            [](VariantSwitches& s) { s.copy_requires_empty_destination = true; }));
  variants.push_back(mutant(single, "reader-ignores-tombstone", Property::kP5,
                            "readers read the stash without consulting the tombstone",
                            [](VariantSwitches& s) { s.reader_ignores_tombstone = true; }));
  variants.push_back(mutant(single, "rollback-tombstone-first", Property::kP1,
                            "rollback sets the tombstone in its own transaction, then copies",
                            [](VariantSwitches& s) { s.rollback_tombstone_first = true; }));
  variants.push_back(mutant(single, "merge-not-replace", Property::kP1,
                            "the copy merges into the destination instead of replacing it",
                            [](VariantSwitches& s) { s.merge_not_replace = true; }));
  variants.push_back(mutant(single, "persist-fenced-first", Property::kP3,
                            "opens fence persist before the stash",
                            [](VariantSwitches& s) { s.persist_fenced_first = true; }));
  variants.push_back(mutant(single, "tombstone-read-before-fence", Property::kP6,
                            "the tombstone is read through the unopened handle, before fencing",
                            [](VariantSwitches& s) { s.tombstone_read_before_fence = true; }));
  variants.push_back(mutant(single, "retry-indeterminate-write", std::nullopt,
                            "a write whose reply was lost is retried as if it failed (safe: "
                            "fenced, idempotent writes)",
                            [](VariantSwitches& s) { s.retry_indeterminate_write = true; }));
  variants.push_back(mutant(single, "reader-trusts-old-tombstone", Property::kP5,
                            "a reader keeps using the tombstone it read for its first read",
                            [](VariantSwitches& s) { s.reader_trusts_old_tombstone = true; }));
  // The worked example of README, "Add your own variant".
  variants.push_back(mutant(single, "example-forget-tombstone", Property::kP2,
                            "migrate copies but never sets the tombstone",
                            [](VariantSwitches& s) { s.example_forget_tombstone = true; }));
  variants.push_back(mutant(single, "tombstone-presence-as-truth", Property::kP5,
                            "the migrator's table reads any tombstone, false included, as persist",
                            [](VariantSwitches& s) { s.tombstone_presence_as_truth = true; }));
  variants.push_back(mutant(single, "preopen-prefetches-persist", Property::kP5,
                            "a pre-open getter reads persist's value before the tombstone",
                            [](VariantSwitches& s) { s.preopen_prefetches_persist = true; }));
  variants.push_back(mutant(single, "savepoint-needs-both-stores", Property::kP6,
                            "the savepoint pre-flight refuses an uninitialized other store",
                            [](VariantSwitches& s) { s.savepoint_needs_both_stores = true; }));
  variants.push_back(mutant(single, "read-only-serves-cache", Property::kP5,
                            "a read-only handle answers later reads from what it read at open",
                            [](VariantSwitches& s) { s.read_only_serves_cache = true; }));
  variants.push_back(mutant(Protocol::kTwoTombstone, "table-true-true-is-persist", Property::kP1,
                            "the migrator's two-tombstone table reads (true, true) as persist",
                            [](VariantSwitches& s) { s.table_true_true_is_persist = true; }));
  // Readers follow the migrator's table too: at (true, true) one reads
  // persist's stale catalog (P5), which a seed with no writer reading the
  // tombstone there shows first.
  variants.back().expected_properties.push_back(Property::kP5);
  variants.push_back(mutant(Protocol::kTwoTombstone, "early-draft", Property::kP1,
                            "the two-tombstone table has no rule for (true, true)",
                            [](VariantSwitches& s) { s.early_draft = true; }));
  return variants;
}

}  // namespace

std::string_view protocol_name(Protocol protocol) {
  return protocol == Protocol::kSingleTombstone ? "single-tombstone" : "two-tombstone";
}

std::optional<Protocol> protocol_from_name(std::string_view name) {
  if (name == "single-tombstone") return Protocol::kSingleTombstone;
  if (name == "two-tombstone") return Protocol::kTwoTombstone;
  return std::nullopt;
}

bool Variant::expects(Property property) const {
  return std::find(expected_properties.begin(), expected_properties.end(), property) !=
         expected_properties.end();
}

std::string Variant::expected_text() const {
  if (expected_properties.empty()) return "-";
  std::string text;
  for (Property property : expected_properties) {
    text += (text.empty() ? "" : "/") + std::string(property_name(property));
  }
  return text;
}

const std::vector<Variant>& all_variants() {
  static const std::vector<Variant> variants = build_variants();
  return variants;
}

const Variant* find_variant(Protocol protocol, std::string_view name) {
  for (const Variant& variant : all_variants()) {
    if (variant.protocol == protocol && variant.name == name) return &variant;
  }
  return nullptr;
}

}  // namespace catsim
