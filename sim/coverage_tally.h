// CoverageTally: what a chunk of seeds (or a whole campaign) covered: how
// many runs reached each abstract-state feature (sim/state_coverage.h), and
// the candidates for a guided corpus: features no earlier round knew, each
// with the decision-log prefix of a run that reached it, in seed order.
//
// Guarantees:
//  1. merge() appends other's candidates after this one's: merging chunk
//     tallies in seed order keeps candidates in seed order (the corpus
//     takes the first per feature).
//  2. Cheap on the merging thread: runs are counted in an open-addressing
//     table; merge() adds other's distinct features into it, one probe
//     each. Bounded: a run offers at most kCandidatesPerRunMax candidates.
//  3. Nothing reads the table's order: only counts and lookups leave it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <utility>
#include <vector>

#include "sim/decision.h"
#include "sim/state_coverage.h"

namespace catsim {

// A feature first reached by `seed`'s run after the first `decisions`
// choices of *log; origin is the seed whose configuration the run had.
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

struct FeatureRuns {
  uint64_t feature = 0;
  uint64_t runs = 0;  // runs that reached it
};

class CoverageTally {
 public:
  static constexpr size_t kCandidatesPerRunMax = 64;

  // Counts one run's features (each once); offers those of fresh (may be
  // null) as candidates.
  void add_run(std::span<const ReachedFeature> reached, uint64_t seed, const FreshFeatures* fresh);
  void merge(const CoverageTally& other);

  // Calls f(feature, runs) for every feature counted (in no meaningful order).
  template <class F>
  void for_each_feature(const F& f) const {
    for (const FeatureRuns& slot : table_) {
      if (slot.feature != 0) f(slot.feature, slot.runs);
    }
  }
  uint64_t runs_of(uint64_t feature) const;
  uint64_t states() const;
  uint64_t transitions() const;
  std::vector<CorpusCandidate>& candidates() { return candidates_; }
  const std::vector<CorpusCandidate>& candidates() const { return candidates_; }

 private:
  void count(uint64_t feature, uint64_t runs);
  size_t slot_of(uint64_t feature) const;

  std::vector<FeatureRuns> table_;  // open addressing (feature 0: empty)
  size_t used_ = 0;                 // table_'s used slots
  std::vector<CorpusCandidate> candidates_;
};

}  // namespace catsim
