#include "sim/faults.h"

#include "sim/check.h"
#include "sim/scheduler.h"

namespace catsim {

FaultKind FaultInjector::decide(std::string_view label, bool is_write) {
  Scheduler* scheduler = Scheduler::current();
  if (!enabled_ || scheduler == nullptr) return FaultKind::kNone;
  CATSIM_CHECK(rates_.transient_percent <= 100);
  CATSIM_CHECK(rates_.indeterminate_percent <= 100);
  Decider& decider = scheduler->decider();
  uint32_t process = scheduler->running_process();
  if (rates_.transient_percent > 0 &&
      decider.choose_percent(Stream::kFault, process, label, rates_.transient_percent)) {
    ++counts_.transient;
    return FaultKind::kTransient;
  }
  if (is_write && rates_.indeterminate_percent > 0 &&
      decider.choose_percent(Stream::kFault, process, label, rates_.indeterminate_percent)) {
    if (decider.choose_percent(Stream::kFault, process, label, 50)) {
      ++counts_.indeterminate_applied;
      return FaultKind::kIndeterminateApplied;
    }
    ++counts_.indeterminate_lost;
    return FaultKind::kIndeterminateLost;
  }
  return FaultKind::kNone;
}

}  // namespace catsim
