// StateCoverage: the abstract states one run reached, and the transitions
// between consecutive ones, each with how many decisions the run had made
// when it first got there.
//
// A protocol computes a 64-bit fingerprint of a small abstract state after
// every step and calls visit(); the coverage turns it into *features*: the
// state itself, and the pair (previous state, state) when they differ (AFL's
// edges). A guided campaign (sim/guided_corpus.h) keeps, per feature, the
// decision-log prefix that first reached it.
// Guarantees:
//  1. reached() lists each feature once, in the order first reached; a
//     feature's decisions count is the log length at that moment, so the
//     log's first `decisions` choices replayed lead back to it.
//  2. Bounded: at most kFeaturesMax features per run (later ones are only
//     counted in dropped()); its table grows by doubling, a few times at
//     most, and never allocates on a step that reaches nothing new.
//  3. A pure function of the visits: no clock, no address, no iteration
//     of an unordered container.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace catsim {

struct ReachedFeature {
  uint64_t feature = 0;
  uint32_t decisions = 0;   // the decision log's length when first reached
  bool transition = false;  // a (previous, next) pair rather than a state
  bool operator==(const ReachedFeature&) const = default;
};

class StateCoverage {
 public:
  static constexpr size_t kFeaturesMax = 2048;

  StateCoverage();
  // The run is in abstract state `state` after making `decisions` choices.
  void visit(uint64_t state, size_t decisions);

  const std::vector<ReachedFeature>& reached() const { return reached_; }
  uint64_t dropped() const { return dropped_; }

 private:
  // Inserts feature; true if it was not there (and there was room).
  bool insert(uint64_t feature);
  size_t free_slot(uint64_t feature) const;

  std::vector<uint64_t> slots_;  // open addressing, 0 = empty
  std::vector<ReachedFeature> reached_;
  uint64_t previous_ = 0;
  bool started_ = false;
  uint64_t dropped_ = 0;
};

// The feature of a state (even, never 0), and of a transition (odd).
uint64_t state_feature(uint64_t state);
uint64_t transition_feature(uint64_t from_state, uint64_t to_state);
inline bool is_transition_feature(uint64_t feature) {
  return (feature & 1) != 0;
}

}  // namespace catsim
