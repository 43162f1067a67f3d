#include "sim/state_coverage.h"

#include "sim/check.h"
#include "sim/hash.h"

namespace catsim {

namespace {
// Grown (doubled) before half full, up to twice the features: probing stays
// short, and a short run zeroes little.
constexpr size_t kSlotsInitial = 256;
constexpr size_t kSlotsMax = 4096;
static_assert((kSlotsMax & (kSlotsMax - 1)) == 0 && kSlotsMax >= 2 * StateCoverage::kFeaturesMax);
constexpr uint64_t kStateTag = 0x5374617465ULL;     // "State"
constexpr uint64_t kTransitionTag = 0x45646765ULL;  // "Edge"
}  // namespace

uint64_t state_feature(uint64_t state) {
  const uint64_t feature = mix64(state ^ kStateTag) & ~uint64_t{1};
  return feature == 0 ? 2 : feature;
}

uint64_t transition_feature(uint64_t from_state, uint64_t to_state) {
  return mix64(mix64(from_state + kTransitionTag) ^ to_state) | 1;
}

StateCoverage::StateCoverage() : slots_(kSlotsInitial, 0) {
  reached_.reserve(kSlotsInitial / 2);
}

bool StateCoverage::insert(uint64_t feature) {
  CATSIM_CHECK(feature != 0);
  if (2 * (reached_.size() + 1) > slots_.size() && slots_.size() < kSlotsMax) {
    slots_.assign(2 * slots_.size(), 0);
    for (const ReachedFeature& r : reached_) slots_[free_slot(r.feature)] = r.feature;
  }
  const size_t mask = slots_.size() - 1;
  size_t slot = static_cast<size_t>(feature ^ (feature >> 32)) & mask;
  for (size_t probes = 0; probes < slots_.size(); ++probes, slot = (slot + 1) & mask) {
    if (slots_[slot] == feature) return false;
    if (slots_[slot] != 0) continue;
    if (reached_.size() >= kFeaturesMax) {
      ++dropped_;
      return false;
    }
    slots_[slot] = feature;
    return true;
  }
  CATSIM_CHECK(false && "the coverage table is never full");
  return false;
}

size_t StateCoverage::free_slot(uint64_t feature) const {
  const size_t mask = slots_.size() - 1;
  size_t slot = static_cast<size_t>(feature ^ (feature >> 32)) & mask;
  while (slots_[slot] != 0) slot = (slot + 1) & mask;
  return slot;
}

void StateCoverage::visit(uint64_t state, size_t decisions) {
  const auto decisions_u32 = static_cast<uint32_t>(decisions);
  if (started_ && state == previous_) return;
  if (started_) {
    const uint64_t edge = transition_feature(previous_, state);
    if (insert(edge)) reached_.push_back(ReachedFeature{edge, decisions_u32, true});
  }
  const uint64_t node = state_feature(state);
  if (insert(node)) reached_.push_back(ReachedFeature{node, decisions_u32, false});
  previous_ = state;
  started_ = true;
}

}  // namespace catsim
