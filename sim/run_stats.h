// RunStats: what happened in a run, counted; summed over a campaign.
//
// Each counter names one event the campaign is expected to exercise. A
// counter that stays at zero while its cause was enabled means the campaign
// never tested that path, and the summary flags it. Coverage marks
// (is_coverage_mark) are the rare states the default campaign must reach: a
// test fails when one is never hit. Code without access to the run's stats
// (the protocol) records a mark with coverage_hit(), which counts into the
// stats installed for the current thread by a CoverageScope.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

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
std::string_view counter_name(Counter counter);

struct RunStats {
  std::array<uint64_t, kCounterCount> counts{};
  void add(Counter counter, uint64_t amount = 1) { counts[static_cast<size_t>(counter)] += amount; }
  uint64_t get(Counter counter) const { return counts[static_cast<size_t>(counter)]; }
  void merge(const RunStats& other) {
    for (size_t i = 0; i < kCounterCount; ++i) counts[i] += other.counts[i];
  }
};

bool is_coverage_mark(Counter counter);

// Counts counter in the stats of the current thread's CoverageScope, if any.
void coverage_hit(Counter counter);

class CoverageScope {
 public:
  explicit CoverageScope(RunStats& stats);
  ~CoverageScope();
  CoverageScope(const CoverageScope&) = delete;
  CoverageScope& operator=(const CoverageScope&) = delete;

 private:
  RunStats* previous_;
};

}  // namespace catsim
