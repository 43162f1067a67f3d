// Campaign: many seeds of one configuration, with their summed counts.
//
// Seeds run in order from seed_start; by default the campaign stops at the
// first violating seed, with keep_going it runs them all. The result is a
// pure function of the options (no clock): the caller times it.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "harness/run.h"

namespace catsim {

struct CampaignOptions {
  RunConfig config;
  uint64_t seed_start = 1;
  uint64_t seeds = 1;
  bool keep_going = false;
  RunOptions run_options;
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
};

struct CampaignResult {
  uint64_t seeds_run = 0;
  RunStats stats;
  CampaignCauses causes;
  std::vector<RunReport> failures;
};

// on_seed (optional) sees every report as it is produced.
CampaignResult run_campaign(const CampaignOptions& options,
                            const std::function<void(const RunReport&)>& on_seed = {});

// Whether counter's cause was enabled for the campaign.
bool counter_expected(Counter counter, const CampaignCauses& causes, const RunConfig& config);

}  // namespace catsim
