// LeaseStore: an in-memory, fault-injecting fake of one durable store that
// holds a lease: an epoch and an append-only log of (epoch, writer, value)
// records.
//
// Semantics:
//  - The epoch starts at 0 (no lease ever acquired). acquire() bumps it by
//    one, atomically, and grants the new epoch to the caller.
//  - write(epoch, value) is fenced: it appends a record only if epoch equals
//    the store's current epoch, else it is rejected with kFenced and changes
//    nothing. A holder whose lease was taken over can never write again.
//  - read() returns the epoch and the whole log; it changes nothing.
// Fault model (sim/faults.h, rates from the run's FaultInjector):
//  - every call may fail transiently (kTransient) before taking effect;
//  - acquire and write may instead be indeterminate: the call took effect or
//    did not (the injector's logged coin), and the caller is told only
//    kIndeterminate. A fenced write stays unapplied under an indeterminate
//    fault; its caller is told kIndeterminate all the same.
// Every call first reaches a yield point declaring its access (resource
// kLeaseResource; acquire and write may write it, read does not), and then
// reports its ground truth (did it take effect, what it wrote, the epoch
// before and after) to the observer before the caller sees the reply, so a
// checker never guesses.
// Invariants: the epoch never decreases; the log only grows; every record
// appended carries the epoch the write was fenced with.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lease/variant.h"
#include "sim/check.h"
#include "sim/faults.h"

namespace catsim::lease {

// The one shared resource of the protocol, as yield points declare it.
inline constexpr uint8_t kLeaseResource = 1;

enum class LeaseStatus : uint8_t { kOk, kFenced, kTransient, kIndeterminate };
std::string_view status_name(LeaseStatus status);

enum class LeaseCall : uint8_t { kAcquire, kWrite, kRead };
std::string_view call_name(LeaseCall call);

struct LogRecord {
  uint64_t epoch = 0;
  uint32_t writer = 0;
  uint64_t value = 0;
  bool operator==(const LogRecord&) const = default;
};

// The ground truth of one call, as the fake saw it.
struct LeaseEffect {
  LeaseCall call = LeaseCall::kRead;
  uint32_t writer = 0;  // the process making the call
  // acquire: the epoch granted (meaningful when told kOk); write: the epoch
  // it was fenced with; read: the epoch read.
  uint64_t epoch = 0;
  uint64_t value = 0;                     // write: the value written
  LeaseStatus status = LeaseStatus::kOk;  // what the caller was told
  bool took_effect = false;               // a durable change happened
  uint64_t epoch_before = 0;              // the store's epoch before the call
  uint64_t epoch_after = 0;               // and after it
  uint64_t log_index = 0;                 // write that took effect: its record's index
};

// One line: who called, with what, what the caller was told, what happened.
std::string describe(const LeaseEffect& effect);

class LeaseObserver {
 public:
  virtual ~LeaseObserver() = default;
  // Called after the call was applied (or not), before the caller sees the reply.
  virtual void on_call(const LeaseEffect& effect) = 0;
};

// A reply: a status, and a value that exists only when the status is kOk.
template <class T>
class Reply {
 public:
  Reply(LeaseStatus status, T value) : status_(status), value_(std::move(value)) {}
  LeaseStatus status() const { return status_; }
  bool ok() const { return status_ == LeaseStatus::kOk; }
  const T& value() const {
    CATSIM_CHECK_MSG(ok(), "value() of a failed reply");
    return value_;
  }

 private:
  LeaseStatus status_;
  T value_;
};

struct LeaseView {
  uint64_t epoch = 0;
  std::vector<LogRecord> log;
};

class LeaseStore {
 public:
  // switches: the variant's (two mutants live here); observer may be null.
  LeaseStore(FaultInjector& faults, Switches switches, LeaseObserver* observer)
      : faults_(faults), switches_(switches), observer_(observer) {}

  Reply<uint64_t> acquire(uint32_t writer);
  // epoch: the caller's lease, at most the store's epoch.
  LeaseStatus write(uint32_t writer, uint64_t epoch, uint64_t value);
  Reply<LeaseView> read(uint32_t writer);

  // Ground truth for checkers and tests: not a call, no step, no fault.
  uint64_t epoch() const { return epoch_; }
  const std::vector<LogRecord>& log() const { return log_; }

 private:
  void report(const LeaseEffect& effect) const;

  FaultInjector& faults_;
  Switches switches_;
  LeaseObserver* observer_;
  uint64_t epoch_ = 0;
  std::vector<LogRecord> log_;
};

}  // namespace catsim::lease
