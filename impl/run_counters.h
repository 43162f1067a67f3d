// The catalog protocol's run counters: one per event a campaign is expected
// to exercise, counted in a run's RunStats (sim/run_stats.h).
//
// A counter that stays at zero while its cause was enabled means the
// campaign never tested that path, and the summary flags it. Coverage marks
// (is_coverage_mark) are the rare states the default campaign must reach: a
// test fails when one is never hit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/run_stats.h"

namespace catsim {

enum class Counter : uint8_t {
  kSteps,
  kProcessesRestarted,
  kCrashes,
  kCrashAtPostStashFence,
  kCrashAtPostPersistFence,
  kCrashAtMigratePostWrite,
  kFaultTransient,
  kFaultIndeterminateApplied,
  kFaultIndeterminateLost,
  kStaleWriterRejectedByStash,
  kStaleWriterRejectedByPersist,
  kOpensSucceeded,
  kOpensInterleaved,
  kSavepointOpensRacingMigration,
  kReadOnlyOpensRacingMigration,
  kMigrationsCompleted,
  kRollbacksCompleted,
  kChangesAcknowledged,
  kDeclaredLosses,
  kChangesLostByDeclaredLoss,
  kIdsIssuedAgainAfterLoss,
  kReadsChecked,
  kLivenessPhasesPassed,
  kFencedBetweenCopyAndTombstone,
  kIndeterminateCommitApplied,
  kIndeterminateCommitLost,
  kPreflightsChecked,
  kPreflightsRefusedUninitialized,
  kRereadsChecked,
  kRereadsOfAbandonedStore,
  kCount,
};
inline constexpr size_t kCounterCount = static_cast<size_t>(Counter::kCount);
static_assert(CounterEnum<Counter>);

std::string_view counter_name(Counter counter);
bool is_coverage_mark(Counter counter);

}  // namespace catsim
