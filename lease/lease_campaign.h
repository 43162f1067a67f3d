// A lease campaign: the kernel's SeedCampaign (sim/seed_campaign.h: seed
// space, shards, --jobs threads merged in seed order, stop) over the lease
// protocol's run_seed, tallying its RunStats.
// Guarantees: the kernel campaign's (the same result for any jobs); a kept
// failure has its step events dropped.
#pragma once

#include <cstdint>

#include "lease/lease_config.h"
#include "lease/lease_run.h"
#include "sim/run_stats.h"
#include "sim/seed_campaign.h"

namespace catsim::lease {

using LeaseCampaignResult = SeedCampaignResult<LeaseReport, RunStats>;

// Throws std::invalid_argument for an unknown variant.
LeaseCampaignResult run_campaign(const LeaseConfig& config, const SeedCampaignOptions& options,
                                 const SeedCampaignCallbacks<LeaseReport>& callbacks = {});

}  // namespace catsim::lease
