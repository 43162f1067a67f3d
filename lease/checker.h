// LeaseChecker: judges L1 and L2 (lease/property.h) from the ground truth.
//
// It sees every store call as the fake applied it (LeaseEffect: took effect
// or not, the epoch before and after) and every acknowledgement a holder
// was given, and nothing a holder merely believes. It keeps its own account
// of the lease: the latest epoch the store reached and to whom the latest
// grant went (a bump nobody was told of belongs to nobody).
//  - L1 is judged at every write that took effect: its epoch must be the
//    latest epoch, granted by the latest grant, to this writer.
//  - L2 is judged at every acknowledgement (an attempt of the holder's
//    latest value must have been applied, the latest one after the previous
//    acknowledged record) and after every step (each acknowledged record is
//    still at its place in the store's log).
// Guarantees: the first violation is kept (property, step, one-line
// summary) and never replaced; a checker never asserts on what it judges,
// it reports it. Cost per step: O(acknowledged writes so far).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "lease/lease_store.h"
#include "lease/property.h"

namespace catsim::lease {

struct LeaseViolation {
  LeaseProperty property = LeaseProperty::kL1Fencing;
  uint64_t step = 0;
  std::string summary;  // one line
  bool operator==(const LeaseViolation&) const = default;
};

class LeaseChecker {
 public:
  // A store call's ground truth, made during step.
  void on_call(const LeaseEffect& effect, uint64_t step);
  // writer was told its write of value committed, during step.
  void on_acknowledged(uint32_t writer, uint64_t value, uint64_t step);
  // After step: the acknowledged records must all be in log, in order.
  void after_step(uint64_t step, std::span<const LogRecord> log);

  const std::optional<LeaseViolation>& violation() const { return violation_; }
  uint64_t acknowledged() const { return acked_.size(); }

 private:
  struct Grant {
    uint32_t writer = 0;
    uint64_t epoch = 0;
  };
  // A writer's latest value and where its latest applied attempt landed
  // (an indeterminate attempt may apply, and its retry apply again).
  struct LastWrite {
    uint64_t value = 0;
    std::optional<uint64_t> applied_index;
  };
  struct Acked {
    uint64_t log_index = 0;
    uint32_t writer = 0;
    uint64_t value = 0;
  };
  void on_acquire(const LeaseEffect& effect);
  void judge_applied_write(const LeaseEffect& effect, uint64_t step);
  void fail(LeaseProperty property, uint64_t step, std::string summary);

  uint64_t epoch_ = 0;                        // the latest epoch the store reached
  std::optional<Grant> grant_;                // the latest grant, if its epoch is still the latest
  std::map<uint32_t, LastWrite> last_write_;  // by writer
  std::vector<Acked> acked_;                  // in acknowledgement order
  std::optional<LeaseViolation> violation_;
};

}  // namespace catsim::lease
