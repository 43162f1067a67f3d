#include "sim/coverage_tally.h"

#include <algorithm>

#include "sim/check.h"

namespace catsim {

bool FreshFeatures::contains(uint64_t feature) const {
  return std::binary_search(features.begin(), features.end(), feature);
}

void CoverageTally::count(uint64_t feature) {
  CATSIM_CHECK(feature != 0);
  if (2 * (counting_ + 1) > table_.size()) {
    std::vector<FeatureRuns> old = std::move(table_);
    table_.assign(std::max<size_t>(1024, 2 * old.size()), FeatureRuns{});
    counting_ = 0;
    for (const FeatureRuns& slot : old) {
      if (slot.feature == 0) continue;
      count(slot.feature);
      table_[slot_of(slot.feature)].runs = slot.runs;
    }
  }
  FeatureRuns& slot = table_[slot_of(feature)];
  if (slot.feature == 0) {
    slot.feature = feature;
    ++counting_;
  }
  ++slot.runs;
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
    count(r.feature);
    if (fresh == nullptr || fresh->log == nullptr || offered >= kCandidatesPerRunMax ||
        !fresh->contains(r.feature)) {
      continue;
    }
    candidates_.push_back(
        CorpusCandidate{r.feature, r.transition, seed, fresh->origin, fresh->log, r.decisions});
    ++offered;
  }
}

void CoverageTally::seal() {
  if (counting_ == 0) return;
  std::vector<FeatureRuns> counted;
  counted.reserve(counting_);
  for (const FeatureRuns& slot : table_) {
    if (slot.feature != 0) counted.push_back(slot);
  }
  table_.clear();
  counting_ = 0;
  std::sort(counted.begin(), counted.end(),
            [](const FeatureRuns& a, const FeatureRuns& b) { return a.feature < b.feature; });
  fold(counted);
}

// Adds sorted's counts (ascending, each feature once) into hits_.
void CoverageTally::fold(const std::vector<FeatureRuns>& sorted) {
  std::vector<FeatureRuns> missing;
  for (const FeatureRuns& add : sorted) {
    auto it = std::lower_bound(
        hits_.begin(), hits_.end(), add.feature,
        [](const FeatureRuns& hit, uint64_t wanted) { return hit.feature < wanted; });
    if (it != hits_.end() && it->feature == add.feature) {
      it->runs += add.runs;
    } else {
      missing.push_back(add);
    }
  }
  if (missing.empty()) return;
  std::vector<FeatureRuns> merged(hits_.size() + missing.size());
  std::merge(hits_.begin(), hits_.end(), missing.begin(), missing.end(), merged.begin(),
             [](const FeatureRuns& a, const FeatureRuns& b) { return a.feature < b.feature; });
  hits_ = std::move(merged);
}

void CoverageTally::merge(const CoverageTally& other) {
  CATSIM_CHECK(other.sealed() && "seal() a tally before merging it");
  seal();
  candidates_.insert(candidates_.end(), other.candidates_.begin(), other.candidates_.end());
  fold(other.hits_);
}

uint64_t CoverageTally::runs_of(uint64_t feature) const {
  auto it = std::lower_bound(
      hits_.begin(), hits_.end(), feature,
      [](const FeatureRuns& hit, uint64_t wanted) { return hit.feature < wanted; });
  return it != hits_.end() && it->feature == feature ? it->runs : 0;
}

uint64_t CoverageTally::states() const {
  uint64_t count = 0;
  for (const FeatureRuns& hit : hits_) count += is_transition_feature(hit.feature) ? 0 : 1;
  return count;
}

uint64_t CoverageTally::transitions() const {
  return hits_.size() - states();
}

}  // namespace catsim
