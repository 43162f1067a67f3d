// The guided campaign's contracts on the catalog: the same result for any
// number of jobs (failures, counts, hashes, abstract states, corpus), shards
// that add up to the unsharded run's seeds, and guided failures whose
// decision log reproduces them.
#include <gtest/gtest.h>

#include <set>

#include "harness/campaign.h"

namespace catsim {
namespace {

struct Guided {
  CampaignResult result;
  std::vector<std::pair<uint64_t, uint64_t>> hashes;
  std::vector<std::pair<uint64_t, uint64_t>> corpus;  // feature, seed of each entry
};

GuidedOptions small_rounds() {
  GuidedOptions options;
  options.round_seeds = 128;
  return options;
}

Guided run_guided(CampaignOptions options) {
  Guided guided;
  SavedCorpus corpus{GuidedCorpus(small_rounds())};
  options.corpus = &corpus;
  CampaignCallbacks callbacks;
  callbacks.on_seed = [&](uint64_t seed, uint64_t hash) { guided.hashes.emplace_back(seed, hash); };
  guided.result = run_campaign(options, callbacks);
  for (const CorpusEntry& entry : corpus.corpus.entries())
    guided.corpus.emplace_back(entry.feature, entry.seed);
  return guided;
}

std::vector<uint64_t> failure_seeds(const CampaignResult& result) {
  std::vector<uint64_t> seeds;
  for (const RunReport& failure : result.failures) seeds.push_back(failure.seed);
  return seeds;
}

TEST(GuidedCampaign, JobsGiveIdenticalResults) {
  RunConfig config;
  config.variant = "reader-ignores-tombstone";  // fails now and then
  CampaignOptions options{.config = config, .seed_start = 1, .seeds = 520, .keep_going = true};
  Guided one = run_guided(options);
  options.jobs = 2;
  Guided two = run_guided(options);
  EXPECT_EQ(one.result.seeds_run, 520u);
  EXPECT_EQ(one.result.seeds_run, two.result.seeds_run);
  EXPECT_EQ(one.result.stats.counts, two.result.stats.counts);
  EXPECT_EQ(one.hashes, two.hashes);
  EXPECT_EQ(failure_seeds(one.result), failure_seeds(two.result));
  EXPECT_FALSE(one.result.failures.empty());
  EXPECT_EQ(one.result.abstract_states, two.result.abstract_states);
  EXPECT_EQ(one.result.abstract_transitions, two.result.abstract_transitions);
  EXPECT_GT(one.result.abstract_states, 100u);
  EXPECT_EQ(one.corpus, two.corpus);
  EXPECT_GT(one.corpus.size(), 100u);
  // Guided is not the plain campaign: past the first round, seeds extend prefixes.
  CampaignOptions plain{.config = config, .seed_start = 1, .seeds = 520, .keep_going = true};
  CampaignResult unguided = run_campaign(plain);
  EXPECT_NE(unguided.stats.counts, one.result.stats.counts);
}

TEST(GuidedCampaign, ShardsAddUpToTheUnshardedSeeds) {
  CampaignOptions options{.seed_start = 7, .seeds = 301, .keep_going = true};
  Guided whole = run_guided(options);
  std::set<uint64_t> seeds;
  uint64_t seeds_run = 0;
  for (uint64_t i = 1; i <= 2; ++i) {
    options.shard = Shard{i, 2};
    options.jobs = 1;
    Guided part = run_guided(options);
    options.jobs = 2;
    Guided again = run_guided(options);
    EXPECT_EQ(part.hashes, again.hashes);  // each shard is deterministic for any jobs
    EXPECT_EQ(part.corpus, again.corpus);
    for (const auto& [seed, hash] : part.hashes) EXPECT_TRUE(seeds.insert(seed).second);
    seeds_run += part.result.seeds_run;
  }
  EXPECT_EQ(seeds_run, whole.result.seeds_run);
  std::set<uint64_t> whole_seeds;
  for (const auto& [seed, hash] : whole.hashes) whole_seeds.insert(seed);
  EXPECT_EQ(seeds, whole_seeds);
}

TEST(GuidedCampaign, AGuidedFailureReplaysFromItsDecisionLog) {
  RunConfig config;
  config.variant = "reader-ignores-tombstone";
  CampaignOptions options{.config = config, .seed_start = 1, .seeds = 1500, .keep_going = true};
  Guided guided = run_guided(options);
  const RunReport* extended = nullptr;
  for (const RunReport& failure : guided.result.failures) {
    if (failure.guided_origin) extended = &failure;
  }
  ASSERT_NE(extended, nullptr) << "no failure came from an extended prefix";
  ReplayInput input{extended->seed, config, extended->swarm, extended->decisions,
                    ReplayMode::kStrict};
  RunReport again = replay_run(input);
  EXPECT_FALSE(again.divergence.has_value());
  ASSERT_TRUE(again.violation.has_value());
  EXPECT_EQ(again.violation->property, extended->violation->property);
  EXPECT_EQ(again.trace_hash, extended->trace_hash);
}

}  // namespace
}  // namespace catsim
