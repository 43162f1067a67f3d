#include "sim/strategy.h"

#include <algorithm>
#include <cmath>

#include "sim/check.h"

namespace catsim {

uint32_t RandomWalk::pick(std::span<const uint32_t> runnable, std::span<const PendingCall>,
                          uint64_t) {
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

uint32_t Pct::pick(std::span<const uint32_t> runnable, std::span<const PendingCall> pending,
                   uint64_t) {
  CATSIM_CHECK(!runnable.empty());
  CATSIM_CHECK(pending.size() == runnable.size());
  auto highest = [&] {
    size_t best = 0;
    for (size_t i = 0; i < runnable.size(); ++i) {
      CATSIM_CHECK(runnable[i] < priorities_.size());
      if (priorities_[runnable[i]] > priorities_[runnable[best]]) best = i;
    }
    return best;
  };
  size_t at = highest();
  uint32_t chosen = runnable[at];
  if (!races_with_another(pending, at)) return chosen;
  ++racy_events_;
  while (next_change_ < change_points_.size() && change_points_[next_change_] <= racy_events_) {
    // Change point i (1-based) lowers the running process below every initial
    // priority and below earlier change points: priority depth - i.
    ++next_change_;
    priorities_[chosen] = options_.depth - next_change_;
    chosen = runnable[highest()];
  }
  return chosen;
}

double pct_bound(uint32_t processes, uint64_t racy_events, uint32_t depth) {
  CATSIM_CHECK(processes >= 1 && racy_events >= 1 && depth >= 1);
  return 1.0 / (static_cast<double>(processes) *
                std::pow(static_cast<double>(racy_events), static_cast<double>(depth - 1)));
}

void Skewed::add_slot(uint32_t slot) {
  CATSIM_CHECK(slot == speeds_.size());
  speeds_.push_back(uint64_t{1} << rng_.below(kSpeedLevels));
}

uint32_t Skewed::pick(std::span<const uint32_t> runnable, std::span<const PendingCall>, uint64_t) {
  CATSIM_CHECK(!runnable.empty());
  uint64_t total = 0;
  for (uint32_t slot : runnable) total += speeds_.at(slot);
  uint64_t point = rng_.below(total);
  for (uint32_t slot : runnable) {
    if (point < speeds_[slot]) return slot;
    point -= speeds_[slot];
  }
  CATSIM_CHECK(false);
  return runnable.front();
}

std::string_view strategy_name(StrategyKind kind) {
  switch (kind) {
    case StrategyKind::kRandom:
      return "random";
    case StrategyKind::kPct:
      return "pct";
    case StrategyKind::kSkewed:
      return "skewed";
  }
  return "?";
}

std::unique_ptr<Strategy> make_strategy(StrategyKind kind, Rng rng, PctOptions pct) {
  if (kind == StrategyKind::kPct) return std::make_unique<Pct>(rng, pct);
  if (kind == StrategyKind::kSkewed) return std::make_unique<Skewed>(rng);
  return std::make_unique<RandomWalk>(rng);
}

}  // namespace catsim
