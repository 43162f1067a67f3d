// A lease campaign: the seeds [seed_start, seed_start + seeds) run one after
// another on the calling thread, stopping at the first violating seed.
//
// Guarantees: a pure function of its arguments; seeds run in ascending
// order, so the first failing seed is the smallest one in the range, and
// the summed stats are those of exactly the seeds run (merge is addition).
#pragma once

#include <cstdint>
#include <optional>

#include "lease/checker.h"
#include "lease/lease_config.h"
#include "sim/run_stats.h"

namespace catsim::lease {

struct LeaseCampaignResult {
  uint64_t seeds_run = 0;  // the failing seed included
  std::optional<uint64_t> first_failing_seed;
  std::optional<LeaseViolation> violation;  // the first failing seed's
  RunStats stats;                           // summed over the seeds run
};

// Throws std::invalid_argument for an unknown variant.
LeaseCampaignResult run_campaign(uint64_t seed_start, uint64_t seeds, const LeaseConfig& config);

}  // namespace catsim::lease
