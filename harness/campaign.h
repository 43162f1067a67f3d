// Campaign: many seeds of the catalog protocol's run, with their summed
// counts: the kernel's SeedCampaign (sim/seed_campaign.h, which states the
// seed space, shards, jobs, stop and ordering guarantees) over run_seed,
// tallying RunStats, which causes were on and the abstract states reached
// (harness/abstract_state.h). With a corpus the campaign is guided: seeds
// run in rounds of corpus.options().round_seeds, each extending prefixes
// of the corpus as it stood at the round's start; the result then still
// does not depend on jobs, but a shard learns only from its own seeds, so
// shards add up in seeds, not in counts.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "harness/run.h"
#include "sim/corpus_files.h"
#include "sim/seed_campaign.h"

namespace catsim {

struct CampaignOptions {
  RunConfig config;
  uint64_t seed_start = 1;
  uint64_t seeds = 1;
  bool keep_going = false;
  // With keep_going: stop after the chunk of seeds in which this many seeds
  // have failed (0: no limit). Chunks are fixed seed ranges merged in order,
  // so where it stops does not depend on jobs; it may report a few more.
  uint64_t failures_max = 0;
  RunOptions run_options;
  uint32_t jobs = 1;
  Shard shard;
  const std::atomic<bool>* stop = nullptr;  // may be null
  // Guided (sim/guided_corpus.h): seeds extend the corpus's prefixes, which
  // grows between rounds of seeds; null: every seed runs fresh.
  SavedCorpus* corpus = nullptr;
  // Count the abstract states reached (false only to measure what it costs;
  // a guided campaign always counts them).
  bool count_abstract_states = true;
};

// Which causes were switched on in at least one seed, so that a zero count
// can be told apart from a disabled cause.
struct CampaignCauses {
  bool crashes = false;
  bool transient = false;
  bool indeterminate = false;
  bool savepoints = false;
  bool emergency = false;
  bool migrate = false;
  bool rollback = false;
  bool writers_racing = false;  // two writers or more
  bool readers = false;
  bool changes = false;
  void merge(const CampaignCauses& other);
};

struct CampaignResult {
  uint64_t seeds_run = 0;
  uint64_t seeds_planned = 0;  // the shard's seeds
  bool stopped_early = false;  // *stop ended it before every planned seed ran
  RunStats stats;
  CampaignCauses causes;
  std::vector<RunReport> failures;  // in seed order, events dropped
  uint64_t abstract_states = 0;     // distinct abstract states the seeds reached
  uint64_t abstract_transitions = 0;
};

// The context a catalog corpus is saved under (sim/corpus_files.h).
std::string corpus_context(const RunConfig& config);

// All callbacks run on the calling thread, in seed order.
using CampaignCallbacks = SeedCampaignCallbacks<RunReport>;

CampaignResult run_campaign(const CampaignOptions& options,
                            const CampaignCallbacks& callbacks = {});

// Whether counter's cause was enabled for the campaign.
bool counter_expected(Counter counter, const CampaignCauses& causes, const RunConfig& config);

}  // namespace catsim
