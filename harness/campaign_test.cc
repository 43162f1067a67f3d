// The campaign runner's contracts: any number of jobs gives the same result
// as one; shards together are the unsharded campaign; a stop flag ends it
// with a contiguous prefix of seeds.
#include "harness/campaign.h"

#include <gtest/gtest.h>

#include <set>

namespace catsim {
namespace {

struct Collected {
  CampaignResult result;
  std::vector<std::pair<uint64_t, uint64_t>> hashes;
  std::vector<uint64_t> failure_seeds;
};

Collected collect(CampaignOptions options) {
  Collected collected;
  CampaignCallbacks callbacks;
  callbacks.on_seed = [&](uint64_t seed, uint64_t hash) {
    collected.hashes.emplace_back(seed, hash);
  };
  callbacks.on_failure = [&](const RunReport& report) {
    collected.failure_seeds.push_back(report.seed);
  };
  collected.result = run_campaign(options, callbacks);
  return collected;
}

TEST(Campaign, JobsGiveIdenticalResults) {
  for (bool keep_going : {true, false}) {
    RunConfig config;
    config.variant = "reader-ignores-tombstone";  // fails now and then
    CampaignOptions options{
        .config = config, .seed_start = 1, .seeds = 600, .keep_going = keep_going};
    Collected one = collect(options);
    options.jobs = 3;
    Collected three = collect(options);
    EXPECT_EQ(one.result.seeds_run, three.result.seeds_run);
    EXPECT_EQ(one.result.stats.counts, three.result.stats.counts);
    EXPECT_EQ(one.hashes, three.hashes);
    EXPECT_EQ(one.failure_seeds, three.failure_seeds);
    EXPECT_FALSE(one.failure_seeds.empty());
    if (!keep_going) {
      EXPECT_EQ(one.failure_seeds.size(), 1u);
    }
  }
}

TEST(Campaign, FailuresMaxStopsAfterTheSameChunkForAnyJobs) {
  RunConfig config;
  config.variant = "stash-skip-fence";  // fails on most seeds
  CampaignOptions options{
      .config = config, .seed_start = 1, .seeds = 10000, .keep_going = true, .failures_max = 5};
  Collected one = collect(options);
  options.jobs = 2;
  Collected two = collect(options);
  EXPECT_EQ(one.result.seeds_run, two.result.seeds_run);
  EXPECT_EQ(one.hashes, two.hashes);
  EXPECT_EQ(one.failure_seeds, two.failure_seeds);
  EXPECT_GE(one.failure_seeds.size(), 5u);
  // It stops within the chunk of 32 seeds that reached the limit.
  EXPECT_LT(one.result.seeds_run, 10000u);
  EXPECT_EQ(one.result.seeds_run % 32, 0u);
  EXPECT_LE(one.result.seeds_run, (one.failure_seeds[4] / 32 + 1) * 32);
  EXPECT_FALSE(one.result.stopped_early);
}

TEST(Campaign, ShardsTogetherEqualTheUnshardedRun) {
  CampaignOptions options{.seed_start = 7, .seeds = 301, .keep_going = true};
  Collected whole = collect(options);
  std::set<std::pair<uint64_t, uint64_t>> union_of_shards;
  RunStats sum;
  uint64_t seeds = 0;
  for (uint64_t i = 1; i <= 4; ++i) {
    options.shard = Shard{i, 4};
    options.jobs = static_cast<uint32_t>(i);  // jobs do not matter either
    Collected part = collect(options);
    EXPECT_EQ(part.result.seeds_planned, shard_seed_count(301, Shard{i, 4}));
    for (const auto& entry : part.hashes) EXPECT_TRUE(union_of_shards.insert(entry).second);
    sum.merge(part.result.stats);
    seeds += part.result.seeds_run;
  }
  EXPECT_EQ(seeds, 301u);
  EXPECT_EQ(std::set(whole.hashes.begin(), whole.hashes.end()), union_of_shards);
  EXPECT_EQ(sum.counts, whole.result.stats.counts);
}

TEST(Campaign, StopFlagEndsWithAContiguousPrefix) {
  std::atomic<bool> stop{false};
  CampaignOptions options{
      .seed_start = 1, .seeds = 100000, .keep_going = true, .jobs = 2, .stop = &stop};
  std::vector<uint64_t> seeds;
  CampaignCallbacks callbacks;
  callbacks.on_seed = [&](uint64_t seed, uint64_t) {
    seeds.push_back(seed);
    if (seeds.size() == 200) stop.store(true);
  };
  CampaignResult result = run_campaign(options, callbacks);
  EXPECT_TRUE(result.stopped_early);
  EXPECT_LT(result.seeds_run, 100000u);
  ASSERT_EQ(seeds.size(), result.seeds_run);
  for (size_t i = 0; i < seeds.size(); ++i) EXPECT_EQ(seeds[i], i + 1);
}

TEST(Campaign, ShardSeedCount) {
  EXPECT_EQ(shard_seed_count(10, Shard{1, 3}), 4u);  // offsets 0 3 6 9
  EXPECT_EQ(shard_seed_count(10, Shard{2, 3}), 3u);  // 1 4 7
  EXPECT_EQ(shard_seed_count(10, Shard{3, 3}), 3u);  // 2 5 8
  EXPECT_EQ(shard_seed_count(1, Shard{2, 2}), 0u);
}

}  // namespace
}  // namespace catsim
