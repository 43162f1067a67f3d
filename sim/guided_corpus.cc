#include "sim/guided_corpus.h"

#include <algorithm>

#include "sim/check.h"
#include "sim/hash.h"
#include "sim/rng.h"

namespace catsim {

namespace {

constexpr uint64_t kPlanTag = 0x6775696465ULL;  // "guide": a stream apart from the run's
constexpr uint64_t kWeightMax = 1 << 16;

// Changes a few choices of decisions from position `from` on: a recorded
// value redrawn on its bound, or a schedule choice dropped (the replay then
// lets whichever process the log names next run earlier).
void mutate(std::vector<Decision>& decisions, size_t from, uint32_t count, Rng& rng) {
  for (uint32_t m = 0; m < count && from < decisions.size(); ++m) {
    const size_t at = rng.between(from, decisions.size() - 1);
    Decision& decision = decisions[at];
    if (decision.stream == Stream::kSchedule) {
      decisions.erase(decisions.begin() + static_cast<std::ptrdiff_t>(at));
    } else if (decision.bound >= 2) {
      decision.value = rng.below(decision.bound);
    }
  }
}

}  // namespace

GuidedPlan GuidedCorpus::plan(uint64_t seed) const {
  GuidedPlan plan;
  plan.origin = seed;
  if (entries_.empty()) return plan;
  Rng rng(mix64(seed ^ kPlanTag));
  if (rng.chance_percent(options_.fresh_percent)) return plan;
  CATSIM_CHECK(cumulative_weights_.size() == entries_.size());
  const uint64_t draw = rng.below(cumulative_weights_.back());
  const auto index = static_cast<size_t>(
      std::upper_bound(cumulative_weights_.begin(), cumulative_weights_.end(), draw) -
      cumulative_weights_.begin());
  CATSIM_CHECK(index < entries_.size());
  const CorpusEntry& entry = entries_[index];
  size_t cut = std::min<size_t>(entry.decisions, options_.prefix_decisions_max);
  if (cut > 1 && rng.chance_percent(50)) cut = rng.between(cut / 2, cut);
  plan.entry = &entry;
  plan.origin = entry.origin;
  plan.decisions.assign(entry.log->begin(), entry.log->begin() + static_cast<std::ptrdiff_t>(cut));
  if (cut > 0 && rng.chance_percent(options_.mutate_percent)) {
    const auto count = static_cast<uint32_t>(rng.between(1, options_.mutations_max));
    mutate(plan.decisions, cut / 2, count, rng);
  }
  return plan;
}

bool GuidedCorpus::add(CorpusEntry entry) {
  CATSIM_CHECK(entry.log != nullptr && entry.decisions <= entry.log->size());
  if (entries_.size() >= options_.entries_max || known_.contains(entry.feature)) return false;
  known_.insert(entry.feature);
  if (entry.decisions > options_.prefix_decisions_max) {
    entry.decisions = static_cast<uint32_t>(options_.prefix_decisions_max);
  }
  entries_.push_back(std::move(entry));
  cumulative_weights_.push_back((cumulative_weights_.empty() ? 0 : cumulative_weights_.back()) +
                                kWeightMax);
  return true;
}

std::vector<size_t> GuidedCorpus::absorb(const CoverageTally& tally) {
  std::vector<size_t> added;
  for (const CorpusCandidate& c : tally.candidates()) {
    if (known_.contains(c.feature) || entries_.size() >= options_.entries_max) continue;
    if (c.transition && !options_.transition_entries) continue;
    if (add(CorpusEntry{c.feature, c.transition, c.seed, c.origin, c.log, c.decisions}))
      added.push_back(entries_.size() - 1);
  }
  // Only what fresh() asks about: states, and transitions when they get entries.
  tally.for_each_feature([this](uint64_t feature, uint64_t) {
    if (options_.transition_entries || !is_transition_feature(feature)) known_.insert(feature);
  });
  reweigh(tally);
  return added;
}

void GuidedCorpus::reweigh(const CoverageTally& tally) {
  cumulative_weights_.clear();
  uint64_t sum = 0;
  for (const CorpusEntry& entry : entries_) {
    const uint64_t runs = std::max<uint64_t>(1, tally.runs_of(entry.feature));
    sum += std::max<uint64_t>(1, kWeightMax / runs);
    cumulative_weights_.push_back(sum);
  }
}

}  // namespace catsim
