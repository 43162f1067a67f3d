#include "sim/coverage_tally.h"

#include <algorithm>

namespace catsim {

bool FreshFeatures::contains(uint64_t feature) const {
  return std::binary_search(features.begin(), features.end(), feature);
}

void CoverageTally::add_run(std::span<const ReachedFeature> reached, uint64_t seed,
                            const FreshFeatures* fresh) {
  size_t offered = 0;
  for (const ReachedFeature& r : reached) {
    FeatureHits& h = hits[r.feature];
    const bool first = h.runs == 0;
    ++h.runs;
    h.transition = r.transition;
    if (!first || fresh == nullptr || fresh->log == nullptr || offered >= kCandidatesPerRunMax ||
        !fresh->contains(r.feature)) {
      continue;
    }
    candidates.push_back(
        CorpusCandidate{r.feature, r.transition, seed, fresh->origin, fresh->log, r.decisions});
    ++offered;
  }
}

void CoverageTally::merge(const CoverageTally& other) {
  for (const CorpusCandidate& candidate : other.candidates) {
    if (!hits.contains(candidate.feature)) candidates.push_back(candidate);
  }
  for (const auto& [feature, h] : other.hits) {
    FeatureHits& mine = hits[feature];
    mine.runs += h.runs;
    mine.transition = h.transition;
  }
}

uint64_t CoverageTally::states() const {
  uint64_t count = 0;
  for (const auto& [feature, h] : hits) count += h.transition ? 0 : 1;
  return count;
}

uint64_t CoverageTally::transitions() const {
  return hits.size() - states();
}

}  // namespace catsim
