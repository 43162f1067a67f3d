#include "sim/seed_campaign.h"

#include <gtest/gtest.h>

#include <atomic>
#include <vector>

namespace catsim {
namespace {

// A toy protocol: seed s "fails" when s is a multiple of 97; its hash mixes s.
struct ToyReport {
  uint64_t seed = 0;
  uint64_t hash = 0;
  bool failed = false;
  std::vector<uint64_t> bulk;  // what trim drops
};

struct ToyTally {
  uint64_t seeds = 0;
  uint64_t seed_sum = 0;
  void merge(const ToyTally& other) {
    seeds += other.seeds;
    seed_sum += other.seed_sum;
  }
};

struct ToyRunner {
  using Report = ToyReport;
  using Tally = ToyTally;
  ToyReport run(uint64_t seed) const {
    return ToyReport{seed, seed * 0x9e3779b97f4a7c15ULL, seed % 97 == 0, {seed, seed}};
  }
  static bool failed(const ToyReport& report) { return report.failed; }
  static uint64_t trace_hash(const ToyReport& report) { return report.hash; }
  static uint64_t seed_of(const ToyReport& report) { return report.seed; }
  static void tally(ToyTally& tally, const ToyReport& report) {
    ++tally.seeds;
    tally.seed_sum += report.seed;
  }
  static void trim(ToyReport& report) { report.bulk.clear(); }
};

struct Observed {
  std::vector<std::pair<uint64_t, uint64_t>> seeds;
  std::vector<uint64_t> failures;
};

Observed observe(const SeedCampaignOptions& options) {
  Observed observed;
  SeedCampaignCallbacks<ToyReport> callbacks;
  callbacks.on_seed = [&](uint64_t seed, uint64_t hash) {
    observed.seeds.emplace_back(seed, hash);
  };
  callbacks.on_failure = [&](const ToyReport& failure) {
    EXPECT_TRUE(failure.bulk.empty()) << "a kept failure is trimmed";
    observed.failures.push_back(failure.seed);
  };
  run_seed_campaign(ToyRunner{}, options, callbacks);
  return observed;
}

TEST(SeedCampaign, StopsAtTheFirstFailureInSeedOrderForAnyJobs) {
  for (uint32_t jobs : {1u, 2u, 5u}) {
    SeedCampaignOptions options{.seed_start = 1, .seeds = 1000, .jobs = jobs};
    auto result = run_seed_campaign(ToyRunner{}, options);
    ASSERT_EQ(result.failures.size(), 1u) << jobs;
    EXPECT_EQ(result.failures[0].seed, 97u);
    EXPECT_EQ(result.seeds_run, 97u) << "the failing seed's chunk is cut at the failure";
    EXPECT_EQ(result.tally.seeds, 97u);
    EXPECT_EQ(result.tally.seed_sum, 97u * 98u / 2u);
    EXPECT_FALSE(result.stopped_early);
  }
}

TEST(SeedCampaign, KeepGoingSeesEverySeedInOrderWhateverTheJobs) {
  SeedCampaignOptions one{.seed_start = 5, .seeds = 700, .keep_going = true, .jobs = 1};
  SeedCampaignOptions three = one;
  three.jobs = 3;
  Observed a = observe(one);
  Observed b = observe(three);
  EXPECT_EQ(a.seeds, b.seeds);
  EXPECT_EQ(a.failures, b.failures);
  ASSERT_EQ(a.seeds.size(), 700u);
  for (size_t i = 0; i < a.seeds.size(); ++i) EXPECT_EQ(a.seeds[i].first, 5 + i);
  EXPECT_EQ(a.failures, (std::vector<uint64_t>{97, 194, 291, 388, 485, 582, 679}));
}

TEST(SeedCampaign, ShardsAddUpToTheWholeCampaign) {
  const SeedCampaignOptions whole{.seed_start = 10, .seeds = 300, .keep_going = true, .jobs = 2};
  ToyTally sum;
  uint64_t planned = 0;
  for (uint64_t index = 1; index <= 4; ++index) {
    SeedCampaignOptions shard = whole;
    shard.shard = Shard{index, 4};
    auto result = run_seed_campaign(ToyRunner{}, shard);
    planned += result.seeds_planned;
    sum.merge(result.tally);
  }
  auto all = run_seed_campaign(ToyRunner{}, whole);
  EXPECT_EQ(planned, 300u);
  EXPECT_EQ(sum.seeds, all.tally.seeds);
  EXPECT_EQ(sum.seed_sum, all.tally.seed_sum);
  EXPECT_EQ(shard_seed_count(10, Shard{3, 4}), 2u);
  EXPECT_EQ(shard_seed_count(2, Shard{3, 4}), 0u);
}

TEST(SeedCampaign, FailuresMaxStopsAtAWholeChunk) {
  SeedCampaignOptions options{
      .seed_start = 1, .seeds = 5000, .keep_going = true, .failures_max = 2, .jobs = 2};
  auto result = run_seed_campaign(ToyRunner{}, options);
  EXPECT_EQ(result.failures.size(), 2u);
  EXPECT_EQ(result.seeds_run % 32, 0u) << "stops at a chunk boundary";
  EXPECT_LT(result.seeds_run, 5000u);
}

TEST(SeedCampaign, AStopFlagSetBeforehandRunsNothing) {
  std::atomic<bool> stop{true};
  SeedCampaignOptions options{.seed_start = 1, .seeds = 1000, .jobs = 2, .stop = &stop};
  auto result = run_seed_campaign(ToyRunner{}, options);
  EXPECT_TRUE(result.stopped_early);
  EXPECT_EQ(result.seeds_run, 0u);
  EXPECT_EQ(result.seeds_planned, 1000u);
}

// `--duration` plans every seed up to UINT64_MAX: the chunk count must not
// overflow (it did: (planned + 31) wrapped to zero chunks, and a time-boxed
// campaign ran no seed at all).
TEST(SeedCampaign, AnAlmostEndlessCampaignRunsUntilStopped) {
  std::atomic<bool> stop{false};
  SeedCampaignOptions options{
      .seed_start = 1, .seeds = UINT64_MAX - 1, .keep_going = true, .jobs = 2, .stop = &stop};
  SeedCampaignCallbacks<ToyReport> callbacks;
  uint64_t seen = 0;
  callbacks.on_seed = [&](uint64_t, uint64_t) {
    if (++seen == 100) stop.store(true);
  };
  auto result = run_seed_campaign(ToyRunner{}, options, callbacks);
  EXPECT_TRUE(result.stopped_early);
  EXPECT_GE(result.seeds_run, 100u);
}

// A runner that learns between rounds: a seed's hash mixes in the sum of
// the seeds merged before its round began.
struct LearningRunner : ToyRunner {
  uint64_t* learned;  // written only in end_round
  std::vector<uint64_t>* rounds_seen;
  ToyReport run(uint64_t seed) const {
    ToyReport report = ToyRunner::run(seed);
    report.hash ^= *learned * 0x100000001b3ULL;
    return report;
  }
  void end_round(ToyTally& tally) const {
    *learned = tally.seed_sum;
    rounds_seen->push_back(tally.seeds);
  }
};

TEST(SeedCampaign, RoundsSeeWhatEarlierRoundsLearnedWhateverTheJobs) {
  std::vector<std::vector<uint64_t>> hashes_by_jobs;
  for (uint32_t jobs : {1u, 3u}) {
    uint64_t learned = 0;
    std::vector<uint64_t> rounds_seen;
    LearningRunner runner{{}, &learned, &rounds_seen};
    SeedCampaignOptions options{
        .seed_start = 1, .seeds = 300, .keep_going = true, .jobs = jobs, .round_seeds = 64};
    std::vector<uint64_t> hashes;
    SeedCampaignCallbacks<ToyReport> callbacks;
    callbacks.on_seed = [&](uint64_t, uint64_t hash) { hashes.push_back(hash); };
    auto result = run_seed_campaign(runner, options, callbacks);
    EXPECT_EQ(result.seeds_run, 300u);
    // Between rounds of 64 seeds, then once at the end.
    EXPECT_EQ(rounds_seen, (std::vector<uint64_t>{64, 128, 192, 256, 300}));
    // Seed 100 (round 1) saw the sum of seeds 1..64.
    EXPECT_EQ(hashes[99], ToyRunner{}.run(100).hash ^ (64 * 65 / 2) * 0x100000001b3ULL);
    hashes_by_jobs.push_back(hashes);
  }
  EXPECT_EQ(hashes_by_jobs[0], hashes_by_jobs[1]);
}

}  // namespace
}  // namespace catsim
