#include "sim/strategy.h"

#include <algorithm>

#include "sim/check.h"

namespace catsim {

uint32_t RandomWalk::pick(std::span<const uint32_t> runnable, uint64_t) {
  CATSIM_CHECK(!runnable.empty());
  return runnable[rng_.below(runnable.size())];
}

Pct::Pct(Rng rng, PctOptions options) : rng_(rng), options_(options) {
  CATSIM_CHECK(options_.depth >= 1);
  CATSIM_CHECK(options_.steps_estimate >= 1);
  for (uint32_t i = 0; i + 1 < options_.depth; ++i) {
    change_points_.push_back(rng_.between(1, options_.steps_estimate));
  }
  std::sort(change_points_.begin(), change_points_.end());
}

void Pct::add_slot(uint32_t slot) {
  CATSIM_CHECK(slot == priorities_.size());
  // Insert the new slot at a uniformly random rank among the initial
  // priorities (all >= depth): shift the ones above the chosen rank up by one.
  uint64_t rank = options_.depth + rng_.below(priorities_.size() + 1);
  for (uint64_t& priority : priorities_) {
    if (priority >= rank) ++priority;
  }
  priorities_.push_back(rank);
}

uint32_t Pct::pick(std::span<const uint32_t> runnable, uint64_t step) {
  CATSIM_CHECK(!runnable.empty());
  auto highest = [&] {
    uint32_t best = runnable[0];
    for (uint32_t slot : runnable) {
      CATSIM_CHECK(slot < priorities_.size());
      if (priorities_[slot] > priorities_[best]) best = slot;
    }
    return best;
  };
  uint32_t chosen = highest();
  while (next_change_ < change_points_.size() && change_points_[next_change_] <= step) {
    // Change point i (1-based) lowers the running process below every initial
    // priority and below earlier change points: priority depth - i.
    ++next_change_;
    priorities_[chosen] = options_.depth - next_change_;
    chosen = highest();
  }
  return chosen;
}

std::string_view strategy_name(StrategyKind kind) {
  return kind == StrategyKind::kPct ? "pct" : "random";
}

std::unique_ptr<Strategy> make_strategy(StrategyKind kind, Rng rng, PctOptions pct) {
  if (kind == StrategyKind::kPct) return std::make_unique<Pct>(rng, pct);
  return std::make_unique<RandomWalk>(rng);
}

}  // namespace catsim
