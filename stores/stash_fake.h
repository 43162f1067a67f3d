// StashFake: an in-memory transactional SQL store with a fence row.
//
// Semantics (spec section 2):
//  - The fence row is {epoch, nonce, version}; a store never opened has
//    epoch 1. A writable connect sets epoch = max(epoch + 1, lower_bound) and
//    a fresh nonce, atomically. Read-only and savepoint connects adopt the
//    current epoch and nonce and bump nothing.
//  - An unopened handle adopts the epoch at its first read; a later read
//    fails with kFence if the epoch moved.
//  - raise_epoch is a compare-and-set on the fence row: if (epoch, nonce)
//    still equal the writable handle's, epoch = max(epoch, target) and the
//    handle follows; otherwise kFence. (Not in the spec's store list: the
//    fix for finding 4, README "Findings", needs it; a SQL store does it as
//    one UPDATE ... WHERE epoch = ? AND nonce = ?.)
//  - Every read and transaction through an opened handle checks (epoch,
//    nonce) against the fence row and fails with kFence on a mismatch. A
//    writable transaction bumps version. A transaction that is not committed
//    (a savepoint's) changes nothing.
// Fault model: every call may fail transiently before taking effect; a
// connect or a transaction may instead be indeterminate (applied or not, the
// caller cannot tell). See sim/faults.h.
// Invariants: the epoch never decreases; version counts committed writable
// transactions; contents change only through a committed transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "sim/faults.h"
#include "stores/catalog.h"
#include "stores/store_call.h"

namespace catsim {

struct StashFence {
  uint64_t epoch = 1;
  uint64_t nonce = 0;
  uint64_t version = 0;
};

// A client's connection state; a plain value owned by the client.
struct StashHandle {
  HandleMode mode = HandleMode::kUnopened;
  uint64_t epoch = 0;
  uint64_t nonce = 0;
  bool adopted = false;  // an unopened handle adopted an epoch at its first read
};

struct StashTxn {
  Intent intent = Intent::kWorkload;
  bool check_fence = true;              // compare (epoch, nonce) with the fence row
  bool commit = true;                   // false: rolled back at the end (a savepoint)
  std::optional<Catalog> replace_with;  // replace every row first
  WriteSet writes;                      // then apply these
  uint64_t commit_token = 0;
};

class StashFake {
 public:
  StashFake(FaultInjector& faults, StoreObserver* observer)
      : faults_(faults), observer_(observer) {}

  // Opens a connection in mode (writable, savepoint or read-only).
  Result<StashHandle> connect(HandleMode mode, uint64_t lower_bound);
  Result<std::optional<std::string>> read_config(StashHandle& handle, std::string_view key);
  Result<uint64_t> read_epoch(StashHandle& handle);
  Result<Catalog> snapshot(StashHandle& handle);
  Outcome transact(StashHandle& handle, const StashTxn& txn);
  // Raises the fence row's epoch to at least target under handle's fence.
  Outcome raise_epoch(StashHandle& handle, uint64_t target);

  // Ground truth for checkers and tests: not a call, no step, no fault.
  const Catalog& contents() const { return contents_; }
  const StashFence& fence() const { return fence_; }
  std::optional<uint64_t> tombstone() const {
    return contents_.get_u64(Collection::kConfig, kTombstoneKey);
  }
  void set_observer(StoreObserver* observer) { observer_ = observer; }

 private:
  Status check_read(StashHandle& handle) const;
  void adopt(StashHandle& handle) const;
  void report(CallEffect& effect) const;

  FaultInjector& faults_;
  StoreObserver* observer_;
  StashFence fence_;
  Catalog contents_;
  uint64_t nonces_issued_ = 0;
};

}  // namespace catsim
