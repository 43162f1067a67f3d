#include "lease/lease_campaign.h"

#include <stdexcept>
#include <string>

#include "lease/variant.h"

namespace catsim::lease {

namespace {

// The lease protocol's seeds for the kernel's SeedCampaign.
struct LeaseSeedRunner {
  using Report = LeaseReport;
  using Tally = RunStats;
  const LeaseConfig& config;
  LeaseReport run(uint64_t seed) const { return run_seed(seed, config); }
  static bool failed(const LeaseReport& report) { return report.violation.has_value(); }
  static uint64_t trace_hash(const LeaseReport& report) { return report.trace_hash; }
  static uint64_t seed_of(const LeaseReport& report) { return report.seed; }
  static void tally(RunStats& stats, const LeaseReport& report) { stats.merge(report.stats); }
  static void trim(LeaseReport& report) { report.events.clear(); }
};
static_assert(SeedRunner<LeaseSeedRunner>);

}  // namespace

LeaseCampaignResult run_campaign(const LeaseConfig& config, const SeedCampaignOptions& options,
                                 const SeedCampaignCallbacks<LeaseReport>& callbacks) {
  if (find_variant(config.variant) == nullptr) {
    throw std::invalid_argument("unknown lease variant '" + config.variant + "'");
  }
  return run_seed_campaign(LeaseSeedRunner{config}, options, callbacks);
}

}  // namespace catsim::lease
