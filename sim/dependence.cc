#include "sim/dependence.h"

#include <array>

#include "sim/check.h"

namespace catsim {

namespace {
// The calls that may change a store durably (sim/stash_fake.cc,
// sim/persist_fake.cc); every other call of a store only reads it.
constexpr std::array<std::string_view, 5> kWritingCalls = {
    "stash.connect", "stash.transact", "stash.raise_epoch", "persist.fence", "persist.append"};
}  // namespace

Access access_of(std::string_view label) {
  Access access;
  if (label.starts_with("stash.")) access.store = StoreTouched::kStash;
  if (label.starts_with("persist.")) access.store = StoreTouched::kPersist;
  for (std::string_view call : kWritingCalls) access.writes |= label == call;
  return access;
}

bool races_with_another(std::span<const std::string_view> labels, size_t chosen) {
  CATSIM_CHECK(chosen < labels.size());
  const Access mine = access_of(labels[chosen]);
  if (mine.store == StoreTouched::kNone) return false;
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i == chosen) continue;
    const Access other = access_of(labels[i]);
    if (other.store == mine.store && (mine.writes || other.writes)) return true;
  }
  return false;
}

}  // namespace catsim
