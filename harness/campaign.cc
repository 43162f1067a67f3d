#include "harness/campaign.h"

namespace catsim {

CampaignResult run_campaign(const CampaignOptions& options,
                            const std::function<void(const RunReport&)>& on_seed) {
  CampaignResult result;
  for (uint64_t i = 0; i < options.seeds; ++i) {
    RunReport report = run_seed(options.seed_start + i, options.config, options.run_options);
    ++result.seeds_run;
    result.stats.merge(report.stats);
    const Swarm& swarm = report.swarm;
    result.causes.crashes |= swarm.crash_percent > 0;
    result.causes.transient |= swarm.faults.transient_percent > 0;
    result.causes.indeterminate |= swarm.faults.indeterminate_percent > 0;
    result.causes.savepoints |= swarm.savepoint_percent > 0;
    result.causes.emergency |= swarm.weights.emergency > 0;
    result.causes.migrate |= swarm.weights.migrate > 0;
    result.causes.rollback |= swarm.weights.rollback > 0;
    if (on_seed) on_seed(report);
    if (report.violation) {
      report.events.clear();
      result.failures.push_back(std::move(report));
      if (!options.keep_going) break;
    }
  }
  return result;
}

bool counter_expected(Counter counter, const CampaignCauses& causes, const RunConfig& config) {
  const bool single = config.protocol == Protocol::kSingleTombstone;
  switch (counter) {
    case Counter::kCrashes:
    case Counter::kProcessesRestarted:
    case Counter::kCrashAtPostStashFence:
    case Counter::kCrashAtPostPersistFence:
      return causes.crashes;
    case Counter::kCrashAtMigratePostWrite:
      return causes.crashes && causes.migrate;
    case Counter::kFaultTransient:
      return causes.transient;
    case Counter::kFaultIndeterminateApplied:
    case Counter::kFaultIndeterminateLost:
      return causes.indeterminate;
    case Counter::kSavepointOpensRacingMigration:
      return causes.savepoints && config.procs > 1;
    case Counter::kReadOnlyOpensRacingMigration:
      return config.readers > 0;
    case Counter::kReadsChecked:
      return config.readers > 0;
    case Counter::kOpensInterleaved:
    case Counter::kStaleWriterRejectedByStash:
    case Counter::kStaleWriterRejectedByPersist:
      return config.procs > 1;
    case Counter::kMigrationsCompleted:
      return causes.migrate;
    case Counter::kRollbacksCompleted:
      return causes.rollback;
    case Counter::kDeclaredLosses:
    case Counter::kChangesLostByDeclaredLoss:
      return causes.emergency && single;
    case Counter::kIdsIssuedAgainAfterLoss:
      return false;  // legitimately zero when losses give up no allocation
    case Counter::kChangesAcknowledged:
      return config.changes_max > 0;
    case Counter::kFencedBetweenCopyAndTombstone:
      return causes.migrate && config.procs > 1;
    case Counter::kIndeterminateCommitApplied:
    case Counter::kIndeterminateCommitLost:
      return causes.indeterminate;
    default:
      return true;
  }
}

}  // namespace catsim
