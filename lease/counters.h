// Counter: the lease protocol's run counters, one per event a campaign is
// expected to exercise, counted in a run's RunStats (sim/run_stats.h).
//
// A counter that stays at zero while its cause was enabled means the
// campaign never tested that path. Coverage marks (is_coverage_mark) are the
// rare states the default campaign must reach; a scenario test fails when
// one is never hit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/run_stats.h"

namespace catsim::lease {

enum class Counter : uint8_t {
  kSteps,
  kCrashes,
  kRestarts,
  kCrashAtPostAcquire,
  kAcquires,                  // acquires granted (told ok)
  kTakeovers,                 // acquires granted while an earlier lease existed
  kTakeoversOfCrashedHolder,  // the lease taken was held by a holder that crashed
  kFencedWritesRejected,
  kWritesAcknowledged,
  kFaultTransient,
  kFaultIndeterminateApplied,
  kFaultIndeterminateLost,
  kReads,
  kHoldersFinished,  // incarnations that made all their writes and read
  kCount,
};
inline constexpr size_t kCounterCount = static_cast<size_t>(Counter::kCount);
static_assert(CounterEnum<Counter>);

std::string_view counter_name(Counter counter);
bool is_coverage_mark(Counter counter);

}  // namespace catsim::lease
