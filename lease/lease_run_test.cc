// Determinism of the lease runs: the same seed gives the same trace hash,
// decisions and events; a run's decision log replayed gives the same hash.
#include "lease/lease_run.h"

#include <gtest/gtest.h>

#include <stdexcept>

#include "lease/counters.h"

namespace catsim::lease {
namespace {

struct Golden {
  uint64_t seed;
  const char* variant;
  uint64_t hash;
};

// The same in every build (release, asan). Re-pin only after a deliberate
// change to the lease simulation, and say so in the commit.
constexpr Golden kGolden[] = {
    {1, "correct", 0xfeb07057c4dcc7aa},
    {2, "correct", 0xef5b97c8ab5c1fea},
    {3, "correct", 0x8d19396a26d80f17},
    {4, "unfenced-write", 0x39b95c7175425c95},
    {60, "ack-indeterminate-as-success", 0x5e71b89c4af0f1ce},
};

TEST(LeaseRun, GoldenTraceHashes) {
  for (const Golden& golden : kGolden) {
    LeaseConfig config;
    config.variant = golden.variant;
    LeaseReport report = run_seed(golden.seed, config);
    EXPECT_EQ(report.trace_hash, golden.hash) << "seed " << golden.seed << " " << golden.variant
                                              << std::hex << " got 0x" << report.trace_hash;
  }
}

TEST(LeaseRun, SameSeedTwiceSameTraceDecisionsAndEvents) {
  LeaseConfig config;
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    LeaseReport first = run_seed(seed, config, LeaseRunOptions{true});
    LeaseReport second = run_seed(seed, config, LeaseRunOptions{true});
    ASSERT_EQ(first.trace_hash, second.trace_hash) << "seed " << seed;
    ASSERT_EQ(first.decisions, second.decisions) << "seed " << seed;
    ASSERT_EQ(first.events, second.events) << "seed " << seed;
    ASSERT_EQ(first.stats.counts, second.stats.counts) << "seed " << seed;
    EXPECT_EQ(first.events.size(), first.steps);
  }
}

TEST(LeaseRun, DifferentSeedsDiffer) {
  LeaseConfig config;
  EXPECT_NE(run_seed(1, config).trace_hash, run_seed(2, config).trace_hash);
}

TEST(LeaseRun, ReplayOfTheDecisionLogGivesTheSameHash) {
  for (const char* variant : {"correct", "unfenced-write", "ack-indeterminate-as-success"}) {
    LeaseConfig config;
    config.variant = variant;
    for (uint64_t seed = 1; seed <= 30; ++seed) {
      LeaseReport original = run_seed(seed, config, LeaseRunOptions{true});
      LeaseReport replayed = replay_run(original.decisions, original.config, LeaseRunOptions{true});
      ASSERT_FALSE(replayed.divergence.has_value()) << variant << " seed " << seed;
      ASSERT_EQ(replayed.trace_hash, original.trace_hash) << variant << " seed " << seed;
      ASSERT_EQ(replayed.violation, original.violation) << variant << " seed " << seed;
      ASSERT_EQ(replayed.events, original.events) << variant << " seed " << seed;
    }
  }
}

TEST(LeaseRun, AReplayOfAnotherVariantDivergesOrDiffers) {
  LeaseConfig config;
  config.variant = "unfenced-write";
  config.holders = 3;
  LeaseReport original = run_seed(5, config);
  LeaseConfig other = original.config;
  other.variant = "correct";
  LeaseReport replayed = replay_run(original.decisions, other);
  EXPECT_NE(replayed.trace_hash, original.trace_hash);
}

TEST(LeaseRun, TheSwarmIsDrawnPerSeedAndPinnedInTheReport) {
  LeaseConfig config;
  bool holders_vary = false;
  LeaseReport first = run_seed(1, config);
  for (uint64_t seed = 2; seed <= 20; ++seed) {
    LeaseReport report = run_seed(seed, config);
    EXPECT_EQ(pinned_swarm(report.config), report.swarm);
    EXPECT_GE(report.swarm.holders, kHoldersMin);
    EXPECT_LE(report.swarm.holders, kHoldersMax);
    EXPECT_EQ(report.process_names.size(), report.swarm.holders);
    holders_vary |= report.swarm.holders != first.swarm.holders;
  }
  EXPECT_TRUE(holders_vary);
  config.holders = 2;
  config.crash_percent = 0;
  EXPECT_EQ(run_seed(9, config).swarm.holders, 2u);
  EXPECT_EQ(run_seed(9, config).stats.get(Counter::kCrashes), 0u);
}

TEST(LeaseRun, BadInputsAreRejected) {
  LeaseConfig config;
  config.variant = "no-such-variant";
  EXPECT_THROW(run_seed(1, config), std::invalid_argument);
  EXPECT_THROW(replay_run({}, LeaseConfig{}), std::invalid_argument);  // not pinned
}

TEST(LeaseRun, TheStepBudgetBoundsARun) {
  LeaseConfig config;
  config.steps_max = 5;
  LeaseReport report = run_seed(3, config);
  EXPECT_LE(report.steps, 5u);
  EXPECT_EQ(report.stats.get(Counter::kSteps), report.steps);
}

}  // namespace
}  // namespace catsim::lease
