#include "sim/coverage_tally.h"

#include <algorithm>

#include "sim/check.h"

namespace catsim {

bool FreshFeatures::contains(uint64_t feature) const {
  return std::binary_search(features.begin(), features.end(), feature);
}

void CoverageTally::count(uint64_t feature, uint64_t runs) {
  CATSIM_CHECK(feature != 0);
  if (2 * (used_ + 1) > table_.size()) {
    std::vector<FeatureRuns> old = std::move(table_);
    table_.assign(std::max<size_t>(1024, 2 * old.size()), FeatureRuns{});
    used_ = 0;
    for (const FeatureRuns& slot : old) {
      if (slot.feature != 0) count(slot.feature, slot.runs);
    }
  }
  FeatureRuns& slot = table_[slot_of(feature)];
  if (slot.feature == 0) {
    slot.feature = feature;
    ++used_;
  }
  slot.runs += runs;
}

size_t CoverageTally::slot_of(uint64_t feature) const {
  const size_t mask = table_.size() - 1;
  size_t slot = static_cast<size_t>(feature ^ (feature >> 31)) & mask;
  while (table_[slot].feature != 0 && table_[slot].feature != feature) slot = (slot + 1) & mask;
  return slot;
}

void CoverageTally::add_run(std::span<const ReachedFeature> reached, uint64_t seed,
                            const FreshFeatures* fresh) {
  size_t offered = 0;
  for (const ReachedFeature& r : reached) {
    count(r.feature, 1);
    if (fresh == nullptr || fresh->log == nullptr || offered >= kCandidatesPerRunMax ||
        !fresh->contains(r.feature)) {
      continue;
    }
    candidates_.push_back(
        CorpusCandidate{r.feature, r.transition, seed, fresh->origin, fresh->log, r.decisions});
    ++offered;
  }
}

void CoverageTally::merge(const CoverageTally& other) {
  candidates_.insert(candidates_.end(), other.candidates_.begin(), other.candidates_.end());
  other.for_each_feature([this](uint64_t feature, uint64_t runs) { count(feature, runs); });
}

uint64_t CoverageTally::runs_of(uint64_t feature) const {
  if (table_.empty()) return 0;
  const FeatureRuns& slot = table_[slot_of(feature)];
  return slot.feature == feature ? slot.runs : 0;
}

uint64_t CoverageTally::states() const {
  uint64_t states = 0;
  for_each_feature(
      [&](uint64_t feature, uint64_t) { states += is_transition_feature(feature) ? 0 : 1; });
  return states;
}

uint64_t CoverageTally::transitions() const {
  return used_ - states();
}

}  // namespace catsim
