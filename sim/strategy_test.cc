#include "sim/strategy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "sim/decision.h"
#include "sim/scheduler.h"

namespace catsim {
namespace {

constexpr Access kWriteA{1, true};  // a write of the one shared resource

// A toy program with a bug of depth 2: process A makes 20 writes of a shared resource, B
// makes 20 (every step a racy event while both run);
// the bug fires iff B's first call lands exactly between A's 10th and 11th
// calls (two ordering constraints: a10 < b1 and b1 < a11).
bool toy_bug_found(uint64_t seed, StrategyKind kind, uint64_t steps_estimate) {
  Decider decider(seed, kind, PctOptions{2, steps_estimate});
  Scheduler scheduler(decider);
  int a_calls = 0;
  bool bug = false;
  scheduler.spawn({"A",
                   [&](ProcessContext& context) {
                     for (int i = 0; i < 20; ++i) {
                       context.yield("a.write", kWriteA);
                       ++a_calls;
                     }
                     return ProcessExit::kDone;
                   },
                   0, false});
  scheduler.spawn({"B",
                   [&](ProcessContext& context) {
                     context.yield("a.write", kWriteA);
                     bug = a_calls == 10;
                     for (int i = 1; i < 20; ++i) context.yield("a.write", kWriteA);
                     return ProcessExit::kDone;
                   },
                   0, false});
  EXPECT_EQ(scheduler.run(100), RunEnd::kAllDone);
  return bug;
}

TEST(Strategy, PctMeetsItsProbabilisticBoundAndBeatsRandomWalk) {
  const uint64_t seeds = 20000;
  const uint64_t n = 2, k = 40, d = 2;
  uint64_t pct_hits = 0, random_hits = 0;
  for (uint64_t seed = 1; seed <= seeds; ++seed) {
    pct_hits += toy_bug_found(seed, StrategyKind::kPct, k) ? 1 : 0;
    random_hits += toy_bug_found(seed, StrategyKind::kRandom, k) ? 1 : 0;
  }
  // ASPLOS 2010: each run finds a depth-d bug with probability >= 1/(n*k^(d-1)).
  // Here that bound is exact (A must be first, and the one change point must
  // fall on step 10), so the observed rate scatters around it: accept it if
  // it is within three standard deviations below the bound (one-sided).
  double bound = 1.0 / static_cast<double>(n * k);
  ASSERT_EQ(d, 2u);
  double expected = bound * seeds;
  double sigma = std::sqrt(expected * (1 - bound));
  RecordProperty("pct_hits", static_cast<int>(pct_hits));
  RecordProperty("random_hits", static_cast<int>(random_hits));
  EXPECT_GE(static_cast<double>(pct_hits), expected - 3 * sigma)
      << pct_hits << " of " << seeds << ", bound " << expected;
  EXPECT_GT(pct_hits, random_hits * 4) << "pct " << pct_hits << " random " << random_hits;
  std::printf("toy depth-2 bug in %lu seeds: pct %lu, random walk %lu, bound %.1f\n", seeds,
              pct_hits, random_hits, expected);
}

TEST(Strategy, PctPicksOnlyRunnableAndIsDeterministic) {
  Pct a(Rng(3), PctOptions{3, 50});
  Pct b(Rng(3), PctOptions{3, 50});
  for (uint32_t slot = 0; slot < 4; ++slot) {
    a.add_slot(slot);
    b.add_slot(slot);
  }
  std::vector<uint32_t> runnable{0, 2, 3};
  std::vector<PendingCall> labels{
      {"a.write", {1, true}}, {"a.read", {1, false}}, {"b.write", {2, true}}};
  for (uint64_t step = 0; step < 60; ++step) {
    uint32_t picked = a.pick(runnable, labels, step);
    EXPECT_EQ(picked, b.pick(runnable, labels, step));
    EXPECT_NE(picked, 1u);
  }
}

}  // namespace
}  // namespace catsim
