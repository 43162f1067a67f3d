#include "lease/lease_campaign.h"

#include "lease/lease_run.h"

namespace catsim::lease {

LeaseCampaignResult run_campaign(uint64_t seed_start, uint64_t seeds, const LeaseConfig& config) {
  LeaseCampaignResult result;
  for (uint64_t offset = 0; offset < seeds; ++offset) {
    uint64_t seed = seed_start + offset;
    LeaseReport report = run_seed(seed, config);
    ++result.seeds_run;
    result.stats.merge(report.stats);
    if (report.violation) {
      result.first_failing_seed = seed;
      result.violation = report.violation;
      break;
    }
  }
  return result;
}

}  // namespace catsim::lease
