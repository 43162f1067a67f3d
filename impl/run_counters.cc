#include "impl/run_counters.h"

#include <array>

namespace catsim {

namespace {
constexpr std::array<std::string_view, kCounterCount> kNames = {
    "steps",
    "processes_restarted",
    "crashes",
    "crash_at_post_stash_fence",
    "crash_at_post_persist_fence",
    "crash_at_migrate_post_write",
    "fault_transient",
    "fault_indeterminate_applied",
    "fault_indeterminate_lost",
    "stale_writer_rejected_by_stash",
    "stale_writer_rejected_by_persist",
    "opens_succeeded",
    "opens_interleaved",
    "savepoint_opens_racing_migration",
    "read_only_opens_racing_migration",
    "migrations_completed",
    "rollbacks_completed",
    "changes_acknowledged",
    "declared_losses",
    "changes_lost_by_declared_loss",
    "ids_issued_again_after_loss",
    "reads_checked",
    "liveness_phases_passed",
    "fenced_between_copy_and_tombstone",
    "indeterminate_commit_applied",
    "indeterminate_commit_lost",
    "preflights_checked",
    "preflights_refused_uninitialized",
    "rereads_checked",
    "rereads_of_abandoned_store",
};
}  // namespace

std::string_view counter_name(Counter counter) {
  return kNames[static_cast<size_t>(counter)];
}

bool is_coverage_mark(Counter counter) {
  switch (counter) {
    case Counter::kCrashAtPostStashFence:
    case Counter::kCrashAtPostPersistFence:
    case Counter::kCrashAtMigratePostWrite:
    case Counter::kFencedBetweenCopyAndTombstone:
    case Counter::kStaleWriterRejectedByStash:
    case Counter::kStaleWriterRejectedByPersist:
    case Counter::kIndeterminateCommitApplied:
    case Counter::kIndeterminateCommitLost:
    case Counter::kSavepointOpensRacingMigration:
    case Counter::kReadOnlyOpensRacingMigration:
    case Counter::kOpensInterleaved:
    case Counter::kDeclaredLosses:
    case Counter::kMigrationsCompleted:
    case Counter::kRollbacksCompleted:
    case Counter::kPreflightsRefusedUninitialized:
    case Counter::kRereadsOfAbandonedStore:
      return true;
    default:
      return false;
  }
}

}  // namespace catsim
