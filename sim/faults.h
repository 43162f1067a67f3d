// FaultInjector: decides, per store call, whether the call fails.
//
// Fault model (spec section 6), each kind with a per-run rate:
//  - transient: the call fails before taking effect; the caller may retry.
//  - indeterminate (writes only): the call took effect or did not (a fair
//    coin, logged), and the caller is told only kIndeterminate.
//  - crashes and delays belong to the scheduler, not here.
// Every decision goes through the running scheduler's Decider (the fault
// stream), so it is logged and replayed. Outside a scheduler, or once
// disabled (the liveness phase), no call fails.
#pragma once

#include <cstdint>
#include <string_view>

namespace catsim {

struct FaultRates {
  uint32_t transient_percent = 0;
  uint32_t indeterminate_percent = 0;
  bool operator==(const FaultRates&) const = default;
};

enum class FaultKind : uint8_t { kNone, kTransient, kIndeterminateApplied, kIndeterminateLost };

struct FaultCounts {
  uint64_t transient = 0;
  uint64_t indeterminate_applied = 0;
  uint64_t indeterminate_lost = 0;
};

class FaultInjector {
 public:
  FaultInjector() = default;
  explicit FaultInjector(FaultRates rates) : rates_(rates) {}
  // Decides the fate of the call at label; is_write allows indeterminate.
  FaultKind decide(std::string_view label, bool is_write);
  void set_enabled(bool enabled) { enabled_ = enabled; }
  const FaultRates& rates() const { return rates_; }
  const FaultCounts& counts() const { return counts_; }

 private:
  FaultRates rates_;
  bool enabled_ = true;
  FaultCounts counts_;
};

}  // namespace catsim
