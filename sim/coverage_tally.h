// CoverageTally: what a chunk of seeds (or a whole campaign) covered: how
// many runs reached each abstract-state feature (sim/state_coverage.h), and
// the candidates for a guided corpus: features no earlier round knew, each
// with the decision-log prefix of the first run (in seed order) to reach it.
//
// Guarantees:
//  1. merge() is order-sensitive in one way only: a candidate of `other`
//     whose feature this tally had already counted is dropped, so merging
//     chunk tallies in seed order keeps, per feature, the lowest seed's.
//  2. Bounded: a run offers at most kCandidatesPerRunMax candidates; hits
//     holds one small entry per distinct feature.
//  3. Iteration is over std::map (ordered by feature): deterministic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <vector>

#include "sim/decision.h"
#include "sim/state_coverage.h"

namespace catsim {

struct FeatureHits {
  uint64_t runs = 0;  // runs that reached the feature
  bool transition = false;
};

// A feature first reached by `seed`'s run after log->front() ..
// (*log)[decisions - 1]; origin is the seed whose configuration the run had.
struct CorpusCandidate {
  uint64_t feature = 0;
  bool transition = false;
  uint64_t seed = 0;
  uint64_t origin = 0;
  std::shared_ptr<const std::vector<Decision>> log;  // shared by one run's candidates
  uint32_t decisions = 0;
};

// A run's features that the frozen corpus did not know, with its log.
struct FreshFeatures {
  std::shared_ptr<const std::vector<Decision>> log;
  std::vector<uint64_t> features;  // ascending
  uint64_t origin = 0;
  bool contains(uint64_t feature) const;
};

struct CoverageTally {
  static constexpr size_t kCandidatesPerRunMax = 64;

  std::map<uint64_t, FeatureHits> hits;
  std::vector<CorpusCandidate> candidates;  // in seed order, one per feature

  // Counts one run's features; offers those of fresh (may be null) that
  // this tally had not counted as candidates.
  void add_run(std::span<const ReachedFeature> reached, uint64_t seed, const FreshFeatures* fresh);
  void merge(const CoverageTally& other);
  uint64_t states() const;
  uint64_t transitions() const;
};

}  // namespace catsim
