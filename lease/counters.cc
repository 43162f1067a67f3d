#include "lease/counters.h"

#include <array>

namespace catsim::lease {

namespace {
constexpr std::array<std::string_view, kCounterCount> kNames = {
    "steps",
    "crashes",
    "restarts",
    "crash_at_post_acquire",
    "acquires",
    "takeovers",
    "takeovers_of_crashed_holder",
    "fenced_writes_rejected",
    "writes_acknowledged",
    "fault_transient",
    "fault_indeterminate_applied",
    "fault_indeterminate_lost",
    "reads",
    "holders_finished",
};
}  // namespace

std::string_view counter_name(Counter counter) {
  return kNames[static_cast<size_t>(counter)];
}

bool is_coverage_mark(Counter counter) {
  switch (counter) {
    case Counter::kCrashAtPostAcquire:
    case Counter::kTakeovers:
    case Counter::kTakeoversOfCrashedHolder:
    case Counter::kFencedWritesRejected:
    case Counter::kFaultIndeterminateApplied:
    case Counter::kFaultIndeterminateLost:
      return true;
    default:
      return false;
  }
}

}  // namespace catsim::lease
