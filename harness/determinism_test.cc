// Determinism is the product: the same seed gives the same trace hash, in
// every build (release, debug, asan), run after run.
#include <gtest/gtest.h>

#include "harness/run.h"

namespace catsim {
namespace {

struct Golden {
  uint64_t seed;
  Protocol protocol;
  const char* variant;
  uint64_t hash;
};

// Re-pin only after a deliberate change to the simulation (and say so in
// the commit): `catsim run --emit-hashes --seeds N --seed-start S ...`.
constexpr Golden kGolden[] = {
    {1, Protocol::kSingleTombstone, "correct", 0x1193977bb1fc8e53},
    {2, Protocol::kSingleTombstone, "correct", 0xfdb9e366859e5288},
    {3, Protocol::kSingleTombstone, "as-designed", 0x04c43ae44e8f409d},
    {4, Protocol::kTwoTombstone, "correct", 0xd218057b7cf42e7a},
    {5, Protocol::kSingleTombstone, "tombstone-before-copy", 0xbada0ba15600de58},
};

TEST(Determinism, GoldenTraceHashes) {
  for (const Golden& golden : kGolden) {
    RunConfig config;
    config.protocol = golden.protocol;
    config.variant = golden.variant;
    RunReport report = run_seed(golden.seed, config);
    EXPECT_EQ(report.trace_hash, golden.hash) << "seed " << golden.seed << " " << golden.variant
                                              << std::hex << " got 0x" << report.trace_hash;
  }
}

TEST(Determinism, SameSeedTwiceSameTraceAndEvents) {
  RunConfig config;
  for (uint64_t seed = 1; seed <= 50; ++seed) {
    RunReport first = run_seed(seed, config, RunOptions{true});
    RunReport second = run_seed(seed, config, RunOptions{true});
    ASSERT_EQ(first.trace_hash, second.trace_hash) << "seed " << seed;
    ASSERT_EQ(first.decisions, second.decisions) << "seed " << seed;
    ASSERT_EQ(first.events, second.events) << "seed " << seed;
  }
}

TEST(Determinism, DifferentSeedsDiffer) {
  RunConfig config;
  EXPECT_NE(run_seed(1, config).trace_hash, run_seed(2, config).trace_hash);
}

TEST(Determinism, ReplayOfTheDecisionLogGivesTheSameHash) {
  RunConfig config;
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    RunReport original = run_seed(seed, config);
    ReplayInput input{seed ^ 0xdead, config, original.swarm, original.decisions,
                      ReplayMode::kStrict};
    RunReport replayed = replay_run(input);
    ASSERT_FALSE(replayed.divergence.has_value()) << "seed " << seed;
    ASSERT_EQ(replayed.trace_hash, original.trace_hash) << "seed " << seed;
  }
}

}  // namespace
}  // namespace catsim

namespace catsim {
namespace {

// Bytes mode (the coverage-guided fuzz entry point): the same bytes give the
// same run, and the run's log replays strictly like any seeded run's.
TEST(Determinism, ByteDrivenRunsAreDeterministicAndReplayable) {
  RunConfig config;
  Swarm swarm = derive_swarm(3, config);
  for (uint8_t fill : {0, 7, 200}) {
    std::vector<uint8_t> bytes(400);
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(fill + i * 31);
    RunReport first = run_bytes(ChoiceBytes{bytes}, config, swarm);
    RunReport second = run_bytes(ChoiceBytes{bytes}, config, swarm);
    ASSERT_EQ(first.trace_hash, second.trace_hash);
    ASSERT_GT(first.steps, 10u);
    RunReport replayed = replay_run(ReplayInput{0, config, swarm, first.decisions});
    EXPECT_FALSE(replayed.divergence.has_value());
    EXPECT_EQ(replayed.trace_hash, first.trace_hash);
  }
}

}  // namespace
}  // namespace catsim
