#include "harness/campaign.h"

#include <fmt/format.h>

namespace catsim {

namespace {

CampaignCauses causes_of(const Swarm& swarm) {
  return CampaignCauses{swarm.crash_percent > 0,
                        swarm.faults.transient_percent > 0,
                        swarm.faults.indeterminate_percent > 0,
                        swarm.savepoint_percent > 0,
                        swarm.weights.emergency > 0,
                        swarm.weights.migrate > 0,
                        swarm.weights.rollback > 0,
                        swarm.procs > 1,
                        swarm.readers > 0,
                        swarm.changes_max > 0};
}

struct CatalogTally {
  RunStats stats;
  CampaignCauses causes;
  CoverageTally coverage;
  void merge(const CatalogTally& other) {
    stats.merge(other.stats);
    causes.merge(other.causes);
    coverage.merge(other.coverage);
  }
};

// A guided seed: a fresh run, or a corpus prefix replayed with its origin's
// configuration and continued seeded by the seed.
RunReport run_guided(uint64_t seed, const CampaignOptions& options, RunOptions run_options) {
  GuidedPlan plan = options.corpus->corpus.plan(seed);
  RunReport report;
  if (plan.entry == nullptr) {
    report = run_seed(seed, options.config, run_options);
  } else {
    ReplayInput input{seed, options.config, derive_swarm(plan.origin, options.config),
                      std::move(plan.decisions), ReplayMode::kContinueSeeded};
    report = replay_run(input, run_options);
    report.guided_origin = plan.origin;
  }
  report.fresh = options.corpus->fresh(report.reached, report.decisions, plan.origin);
  return report;
}

// The catalog protocol's seeds for the kernel's SeedCampaign.
struct CatalogSeedRunner {
  using Report = RunReport;
  using Tally = CatalogTally;
  const CampaignOptions& options;
  RunReport run(uint64_t seed) const {
    RunOptions run_options = options.run_options;
    run_options.record_coverage = options.count_abstract_states || options.corpus != nullptr;
    if (options.corpus != nullptr) return run_guided(seed, options, run_options);
    return run_seed(seed, options.config, run_options);
  }
  void end_round(CatalogTally& tally) const {
    if (options.corpus != nullptr) options.corpus->absorb(tally.coverage);
  }
  static bool failed(const RunReport& report) { return report.violation.has_value(); }
  static uint64_t trace_hash(const RunReport& report) { return report.trace_hash; }
  static uint64_t seed_of(const RunReport& report) { return report.seed; }
  static void tally(CatalogTally& tally, const RunReport& report) {
    tally.stats.merge(report.stats);
    tally.causes.merge(causes_of(report.swarm));
    tally.coverage.add_run(report.reached, report.seed, &report.fresh);
  }
  static void trim(RunReport& report) {
    report.events.clear();
    report.reached.clear();
    report.fresh = FreshFeatures{};
  }
};
static_assert(SeedRunner<CatalogSeedRunner>);

}  // namespace

void CampaignCauses::merge(const CampaignCauses& other) {
  crashes |= other.crashes;
  transient |= other.transient;
  indeterminate |= other.indeterminate;
  savepoints |= other.savepoints;
  emergency |= other.emergency;
  migrate |= other.migrate;
  rollback |= other.rollback;
  writers_racing |= other.writers_racing;
  readers |= other.readers;
  changes |= other.changes;
}

CampaignResult run_campaign(const CampaignOptions& options, const CampaignCallbacks& callbacks) {
  const SeedCampaignOptions seeds{
      options.seed_start,
      options.seeds,
      options.keep_going,
      options.failures_max,
      options.jobs,
      options.shard,
      options.stop,
      options.corpus == nullptr ? 0 : options.corpus->corpus.options().round_seeds};
  auto run = run_seed_campaign(CatalogSeedRunner{options}, seeds, callbacks);
  return CampaignResult{run.seeds_run,
                        run.seeds_planned,
                        run.stopped_early,
                        run.tally.stats,
                        run.tally.causes,
                        std::move(run.failures),
                        run.tally.coverage.states(),
                        run.tally.coverage.transitions()};
}

std::string corpus_context(const RunConfig& config) {
  return fmt::format("catalog {} {}", protocol_name(config.protocol), config.variant);
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
      return causes.savepoints && causes.writers_racing;
    case Counter::kReadOnlyOpensRacingMigration:
      return causes.readers;
    case Counter::kReadsChecked:
    case Counter::kRereadsChecked:
    case Counter::kRereadsOfAbandonedStore:
      return causes.readers;
    case Counter::kPreflightsChecked:
    case Counter::kPreflightsRefusedUninitialized:
      return causes.savepoints;
    case Counter::kOpensInterleaved:
    case Counter::kStaleWriterRejectedByStash:
    case Counter::kStaleWriterRejectedByPersist:
      return causes.writers_racing;
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
      return causes.changes;
    case Counter::kFencedBetweenCopyAndTombstone:
      return causes.migrate && causes.writers_racing;
    case Counter::kIndeterminateCommitApplied:
    case Counter::kIndeterminateCommitLost:
      return causes.indeterminate;
    default:
      return true;
  }
}

}  // namespace catsim
