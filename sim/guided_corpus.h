// GuidedCorpus: the decision-log prefixes that first reached each abstract-
// state feature, and how a guided campaign spends a seed on them.
//
// A guided campaign runs in rounds of seeds. During a round the corpus is
// frozen (read by every worker); between rounds, on the calling thread,
// absorb() adds the round's candidates (sim/coverage_tally.h) in seed order
// and re-weighs the entries. plan() turns a seed into either a fresh run or
// an extension of an entry: its prefix cut at a random point, a few choices
// changed or a schedule choice dropped, replayed leniently with the seed
// seeding whatever follows (sim/decision.h, ReplayMode::kContinueSeeded).
// Energy is AFL-style: an entry weighs more the fewer runs reached its
// feature.
// Guarantees:
//  1. plan() is a pure function of (the corpus, seed): the seed's own Rng
//     makes every draw; so a round's runs do not depend on threads.
//  2. Bounded: at most entries_max entries (later features are known but
//     kept without a prefix) and prefix_decisions_max choices per prefix.
//  3. Entries are in the order they were added (loaded ones first, in file
//     name order); nothing depends on addresses or unordered iteration.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/coverage_tally.h"
#include "sim/decision.h"
#include "sim/fingerprint_table.h"

namespace catsim {

struct GuidedOptions {
  uint32_t fresh_percent = 40;   // seeds that run fresh although the corpus has entries
  uint32_t mutate_percent = 50;  // extensions that also change a few choices
  uint32_t mutations_max = 3;    // choices changed (or dropped) per mutation
  size_t entries_max = 4096;
  size_t prefix_decisions_max = 4096;
  uint64_t round_seeds = 256;       // seeds per round (a whole number of chunks)
  bool transition_entries = false;  // transitions get entries too, not only states
};

struct CorpusEntry {
  uint64_t feature = 0;
  bool transition = false;
  uint64_t seed = 0;    // the seed whose run first reached it
  uint64_t origin = 0;  // the seed whose configuration the prefix runs with
  std::shared_ptr<const std::vector<Decision>> log;
  uint32_t decisions = 0;  // the prefix: the log's first `decisions` choices
};

// What to do with one seed: run it fresh (no entry), or replay `decisions`
// with the configuration of `origin`, then continue seeded by the seed.
struct GuidedPlan {
  const CorpusEntry* entry = nullptr;
  uint64_t origin = 0;
  std::vector<Decision> decisions;
};

class GuidedCorpus {
 public:
  explicit GuidedCorpus(GuidedOptions options = {}) : options_(options) {}

  const GuidedOptions& options() const { return options_; }
  bool known(uint64_t feature) const { return known_.contains(feature); }
  const std::vector<CorpusEntry>& entries() const { return entries_; }
  size_t known_count() const { return known_.size(); }

  GuidedPlan plan(uint64_t seed) const;

  // Adds candidates new to the corpus (in their order) as entries, marks
  // every feature of hits known, and re-weighs the entries by hits. Returns
  // the entries added (indices into entries()).
  std::vector<size_t> absorb(const CoverageTally& tally);
  // Adds a loaded entry (its feature becomes known); false if full or known.
  bool add(CorpusEntry entry);

 private:
  void reweigh(const CoverageTally& tally);

  GuidedOptions options_;
  model::FingerprintTable known_{false, 1u << 12};  // features reached (membership only)
  std::vector<CorpusEntry> entries_;
  std::vector<uint64_t> cumulative_weights_;  // by entry, running sums
};

}  // namespace catsim
