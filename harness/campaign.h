// Campaign: many seeds of one configuration, with their summed counts.
//
// The seed space is [seed_start, seed_start + seeds). A shard I/N takes the
// seeds whose offset from seed_start is I-1 modulo N, so shards 1..N
// together are exactly the unsharded campaign. Seeds run in chunks on `jobs`
// worker threads (each seed entirely on one thread: no threads inside a
// simulation); chunk results are merged on the calling thread in seed order,
// so the result, the callbacks' order and every count are the same for any
// number of jobs. By default the campaign stops at the first violating seed
// (in seed order), with keep_going it runs them all (or until failures_max
// failed, rounded up to a whole chunk of seeds). Setting *stop ends it
// early (a signal, a time box): the result then covers the seeds merged so
// far, a contiguous prefix of the shard's seeds. Nothing here reads a clock.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "harness/run.h"

namespace catsim {

struct Shard {
  uint64_t index = 1;  // 1-based
  uint64_t count = 1;
};

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
};

struct CampaignProgress {
  uint64_t seeds_done = 0;
  uint64_t seeds_planned = 0;
  uint64_t failures = 0;
};

// All callbacks run on the calling thread, in seed order.
struct CampaignCallbacks {
  std::function<void(uint64_t seed, uint64_t trace_hash)> on_seed;
  std::function<void(const RunReport& failure)> on_failure;
  // Called every few hundred milliseconds of waiting, and once at the end.
  std::function<void(const CampaignProgress&)> on_progress;
};

CampaignResult run_campaign(const CampaignOptions& options,
                            const CampaignCallbacks& callbacks = {});

// How many seeds shard takes of a space of `seeds` seeds.
uint64_t shard_seed_count(uint64_t seeds, Shard shard);

// Whether counter's cause was enabled for the campaign.
bool counter_expected(Counter counter, const CampaignCauses& causes, const RunConfig& config);

}  // namespace catsim
