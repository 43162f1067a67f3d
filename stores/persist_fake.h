// PersistFake: an in-memory shard of timestamped updates with
// compare-and-append as its only write.
//
// Semantics (spec section 2): the shard holds updates and an `upper`; its
// consolidated contents are kept here directly (a Catalog), since no reader
// ever asks for an older time. The epoch is itself an update in the shard
// (absent until the first writable open; reads as 1 then).
//  - compare_and_append applies atomically only if the shard's upper equals
//    the expected upper, then advances upper by one.
//  - A writable open is sync (cache the upper, read the epoch `prev`) then a
//    compare-and-append at the cached upper of epoch max(prev + 1, lower
//    bound); a mismatch is kFence.
//  - Through a writable or savepoint handle, reads and commits fail with
//    kFence once the upper moved past the handle's cached upper. A read-only
//    handle syncs forward and fails only when it sees a newer epoch. An
//    unopened handle adopts the epoch at its first read, and fails with kFence
//    on a later read if the epoch moved.
// Fault model: as StashFake: transient before effect on any call,
// indeterminate on a compare-and-append (the epoch append included).
// Invariants: upper only grows, by one per applied append; the epoch only grows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/faults.h"
#include "stores/catalog.h"
#include "stores/store_call.h"

namespace catsim {

struct PersistHandle {
  HandleMode mode = HandleMode::kUnopened;
  uint64_t epoch = 0;
  uint64_t cached_upper = 0;
  bool adopted = false;
};

struct PersistTxn {
  Intent intent = Intent::kWorkload;
  bool check_upper = true;              // compare-and-append at the cached upper
  bool commit = true;                   // false: a savepoint's buffered write, never appended
  std::optional<Catalog> replace_with;  // retract everything, then insert these
  WriteSet writes;
  uint64_t commit_token = 0;
};

class PersistFake {
 public:
  PersistFake(FaultInjector& faults, StoreObserver* observer)
      : faults_(faults), observer_(observer) {}

  Result<uint64_t> read_epoch(PersistHandle& handle);
  Result<std::optional<std::string>> read_config(PersistHandle& handle, std::string_view key);
  // Caches the upper and adopts the shard's epoch (for an open). One call.
  Result<uint64_t> sync(PersistHandle& handle);
  // The writable open's epoch append at the cached upper; returns the new epoch.
  Result<uint64_t> fence(PersistHandle& handle, uint64_t lower_bound);
  Result<Catalog> snapshot(PersistHandle& handle);
  Outcome commit(PersistHandle& handle, const PersistTxn& txn);

  // Ground truth for checkers and tests.
  const Catalog& contents() const { return contents_; }
  uint64_t upper() const { return upper_; }
  uint64_t epoch() const { return epoch_.value_or(1); }
  bool epoch_written() const { return epoch_.has_value(); }
  std::optional<uint64_t> tombstone() const {
    return contents_.get_u64(Collection::kConfig, kTombstoneKey);
  }
  void set_observer(StoreObserver* observer) { observer_ = observer; }

 private:
  Status check_read(PersistHandle& handle);
  void report(CallEffect& effect) const;

  FaultInjector& faults_;
  StoreObserver* observer_;
  Catalog contents_;
  std::optional<uint64_t> epoch_;
  uint64_t upper_ = 0;
};

}  // namespace catsim
