// Swarm shards (ExploreOptions::swarm, sim/swarm.h) on the catalog models:
// every shard finds finding 4's P3 in the two-tombstone protocol without
// the stash raise, each along its own path, and the trace it writes (what
// `catsim explore --swarm` writes) replays on the implementation to the
// same violation; on `correct`, a shard with a large bit array visits
// exactly the states the exhaustive search does, and a shard is the same
// search when run again.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <variant>
#include <vector>

#include "model/counterexample_run.h"
#include "model/explorer.h"
#include "traces/trace.h"

namespace catsim::model {
namespace {

constexpr uint8_t kMigrate = 1, kRollback = 2;

ModelBounds three_writers() {
  ModelBounds bounds{3, 0, 0, 2, 0, {}};
  bounds.targets = {kMigrate, kMigrate, kRollback};
  return bounds;
}

ExploreOptions shard(uint64_t index, uint64_t count, uint32_t log2_bits) {
  ExploreOptions options;
  options.order = SearchOrder::kDepthFirst;
  options.swarm =
      SwarmOptions{.seed = 1, .shard_index = index, .shard_count = count, .log2_bits = log2_bits};
  return options;
}

// The trace as `catsim replay` reads it back, replayed strictly.
void expect_trace_replays(const Variant& variant, const ModelBounds& bounds,
                          const Counterexample& cx) {
  auto built = counterexample_trace(variant, bounds, cx);
  ASSERT_TRUE(std::holds_alternative<Trace>(built)) << std::get<std::string>(built);
  auto parsed = parse_trace(write_trace(std::get<Trace>(built)));
  ASSERT_TRUE(std::holds_alternative<Trace>(parsed));
  const Trace& trace = std::get<Trace>(parsed);
  ReplayInput input{trace.header.seed, trace.header.config, trace.header.swarm, trace.decisions,
                    ReplayMode::kStrict};
  RunReport replayed = replay_run(input, RunOptions{true, true});
  EXPECT_FALSE(replayed.divergence);
  ASSERT_TRUE(replayed.violation);
  EXPECT_EQ(replayed.violation->property, cx.property);
  EXPECT_EQ(replayed.violation->step + 1, cx.length);
}

TEST(SwarmShards, EachFindsFindingFourAndItsTraceReplays) {
  const Variant* variant = find_variant(Protocol::kTwoTombstone, "without-stash-raise");
  ASSERT_NE(variant, nullptr);
  const ModelBounds bounds = three_writers();
  std::set<std::vector<std::string>> paths;
  for (uint64_t index = 1; index <= 4; ++index) {
    SCOPED_TRACE(index);
    // 2^20 bits (128 KiB): a few thousand states leave the array nearly empty.
    const ExploreReport report = explore_variant(*variant, bounds, shard(index, 4, 20));
    ASSERT_EQ(report.verdict, Verdict::kViolation);
    ASSERT_TRUE(report.counterexample && report.swarm);
    EXPECT_EQ(report.counterexample->property, Property::kP3);
    EXPECT_LT(report.states, 100'000u);  // the exhaustive reduced BFS: 271,444
    EXPECT_LT(report.swarm->omission_probability, 1e-3);
    paths.insert(report.counterexample->steps);
    expect_trace_replays(*variant, bounds, *report.counterexample);
  }
  EXPECT_GE(paths.size(), 3u);  // the shards took their own ways there
}

TEST(SwarmShards, ALargeBitArrayCoversTheExhaustiveCount) {
  const Variant* variant = find_variant(Protocol::kSingleTombstone, "correct");
  ASSERT_NE(variant, nullptr);
  const ModelBounds bounds{2, 1, 1, 2, 0, {}};
  ExploreOptions exhaustive;
  exhaustive.order = SearchOrder::kDepthFirst;
  const ExploreReport full = explore_variant(*variant, bounds, exhaustive);
  ASSERT_EQ(full.verdict, Verdict::kClean);
  for (uint64_t index = 1; index <= 2; ++index) {
    SCOPED_TRACE(index);
    const ExploreReport report = explore_variant(*variant, bounds, shard(index, 2, 26));
    EXPECT_EQ(report.verdict, Verdict::kClean);
    EXPECT_EQ(report.states, full.states);
    EXPECT_EQ(report.transitions, full.transitions);
    ASSERT_TRUE(report.swarm);
    EXPECT_LT(report.swarm->omission_probability, 1e-7);
    const ExploreReport again = explore_variant(*variant, bounds, shard(index, 2, 26));
    EXPECT_EQ(again.states, report.states);
    EXPECT_EQ(again.max_depth, report.max_depth);
    EXPECT_EQ(again.swarm->fill_ratio, report.swarm->fill_ratio);
  }
}

}  // namespace
}  // namespace catsim::model
