#include "lease/variant.h"

namespace catsim::lease {

namespace {
std::vector<Variant> build_variants() {
  std::vector<Variant> variants;
  variants.push_back(
      {"correct", "acquire bumps the epoch, every write is fenced", std::nullopt, Switches{}});
  variants.push_back({"unfenced-write",
                      "the store applies a write whatever its epoch: a stale holder writes "
                      "after a takeover",
                      LeaseProperty::kL1Fencing, Switches{.unfenced_write = true}});
  variants.push_back({"acquire-without-bump",
                      "acquire returns the current epoch without bumping it: two holders share "
                      "an epoch",
                      LeaseProperty::kL1Fencing, Switches{.acquire_without_bump = true}});
  variants.push_back({"ack-indeterminate-as-success",
                      "the holder counts a write whose outcome it cannot know as committed",
                      LeaseProperty::kL2Durability,
                      Switches{.ack_indeterminate_as_success = true}});
  return variants;
}
}  // namespace

const std::vector<Variant>& all_variants() {
  static const std::vector<Variant> variants = build_variants();
  return variants;
}

const Variant* find_variant(std::string_view name) {
  for (const Variant& variant : all_variants()) {
    if (variant.name == name) return &variant;
  }
  return nullptr;
}

}  // namespace catsim::lease
