// The shrinker's promises: shorter traces that fail the same way, a sound
// liveness budget, the same answer every time; and its edits.
#include "traces/shrink.h"

#include <gtest/gtest.h>

#include "traces/shrink_edits.h"

namespace catsim {
namespace {

// The trace of the first failing seed of variant (default bounds).
Trace first_failure(const std::string& variant, uint64_t seeds_max = 2000, RunConfig config = {}) {
  config.variant = variant;
  for (uint64_t seed = 1; seed <= seeds_max; ++seed) {
    RunReport report = run_seed(seed, config, RunOptions{true});
    if (report.violation) return make_trace(report, config);
  }
  ADD_FAILURE() << variant << ": no failure in " << seeds_max << " seeds";
  return Trace{};
}

TEST(Shrink, StashSkipFenceReachesTheExplorersOpener) {
  // The explorer's shortest is 4 steps (an emergency opener: connect,
  // snapshot, transact); the shrinker that only lowered values to 0 kept a
  // migrate opener and stopped at 8.
  Trace failing = first_failure("stash-skip-fence");
  ASSERT_TRUE(failing.violation.has_value());
  ShrinkStats stats;
  Trace shrunk = shrink_trace(failing, {}, &stats);
  ASSERT_TRUE(shrunk.violation.has_value());
  EXPECT_EQ(shrunk.violation->property, failing.violation->property);
  EXPECT_LE(shrunk.steps, 6u);
  EXPECT_LE(stats.replays, ShrinkOptions{}.replays_max);
}

TEST(Shrink, LivenessBudgetShrinksButKeepsThreeFailedBoots) {
  // Without pre-flights: a savepoint migration refuses the initialized
  // persist too (P6 in the safety phase); the liveness failure is the case here.
  RunConfig config;
  config.savepoint_percent = 0;
  Trace failing = first_failure("copy-requires-empty-destination", 2000, config);
  ASSERT_TRUE(failing.violation.has_value());
  ASSERT_EQ(failing.violation->property, Property::kP6);
  Trace shrunk = shrink_trace(failing);
  ASSERT_TRUE(shrunk.violation.has_value());
  EXPECT_EQ(shrunk.violation->summary, failing.violation->summary);
  EXPECT_LT(shrunk.header.config.liveness_steps_max, failing.header.config.liveness_steps_max);
  EXPECT_LT(shrunk.steps, 100u);  // was 342: the whole default liveness budget
  uint32_t live = liveness_process(shrunk.header.swarm);
  EXPECT_GE(restarts_of(shrunk.decisions, live), kShrinkLivenessBootsMin);
}

TEST(Shrink, IsAPureFunctionOfItsInput) {
  Trace failing = first_failure("tombstone-before-copy");
  ShrinkOptions options{1500};
  Trace once = shrink_trace(failing, options);
  Trace again = shrink_trace(failing, options);
  EXPECT_EQ(once.trace_hash, again.trace_hash);
  EXPECT_EQ(once.decisions, again.decisions);
  EXPECT_LE(once.steps, failing.steps);
}

Decision decision(uint32_t process, std::string_view label, uint64_t bound = 0,
                  uint64_t value = 0) {
  Stream stream = bound == 0 ? Stream::kSchedule : Stream::kWorkload;
  return Decision{stream, process, label, bound, value};
}

TEST(ShrinkEdits, OtherValuesSkipTargetsTheSwarmNeverDraws) {
  Swarm swarm;
  swarm.weights = TargetWeights{5, 3, 0};
  EXPECT_EQ(other_values(decision(0, "boot.target", 3, 1), swarm), (std::vector<uint64_t>{0}));
  EXPECT_EQ(other_values(decision(0, "change.kind", 3, 1), swarm), (std::vector<uint64_t>{0, 2}));
  EXPECT_TRUE(other_values(decision(0, "stash.connect"), swarm).empty());
}

}  // namespace
}  // namespace catsim
