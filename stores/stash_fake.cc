#include "stores/stash_fake.h"

#include <algorithm>

#include "sim/check.h"
#include "sim/scheduler.h"

namespace catsim {

namespace {
Status fault_status(FaultKind fault) {
  return fault == FaultKind::kTransient ? Status::kTransient : Status::kIndeterminate;
}
}  // namespace

void StashFake::report(CallEffect& effect) const {
  effect.store = StoreId::kStash;
  effect.store_epoch_max = fence_.epoch;
  if (observer_ != nullptr) observer_->on_call(effect);
}

void StashFake::adopt(StashHandle& handle) const {
  handle.epoch = fence_.epoch;
  handle.nonce = fence_.nonce;
  handle.adopted = true;
}

Status StashFake::check_read(StashHandle& handle) const {
  if (handle.mode == HandleMode::kUnopened) {
    if (!handle.adopted) {
      handle.epoch = fence_.epoch;
      handle.adopted = true;
      return Status::kOk;
    }
    return handle.epoch == fence_.epoch ? Status::kOk : Status::kFence;
  }
  CATSIM_CHECK(handle.adopted);
  return handle.epoch == fence_.epoch && handle.nonce == fence_.nonce ? Status::kOk
                                                                      : Status::kFence;
}

Result<StashHandle> StashFake::connect(HandleMode mode, uint64_t lower_bound) {
  static constexpr std::string_view kLabel = "stash.connect";
  CATSIM_CHECK(mode != HandleMode::kUnopened);
  yield_point(kLabel, store_access(StoreId::kStash, /*writes=*/true));
  bool writable = mode == HandleMode::kWritable;
  FaultKind fault = faults_.decide(kLabel, writable);
  CallEffect effect{
      .call = kLabel, .mode = mode, .intent = writable ? Intent::kFence : Intent::kRead};
  StashHandle handle{mode, 0, 0, false};
  bool apply = fault == FaultKind::kNone || fault == FaultKind::kIndeterminateApplied;
  if (apply) {
    if (writable) {
      uint64_t before = fence_.epoch;
      fence_.epoch = std::max(fence_.epoch + 1, lower_bound);
      fence_.nonce = ++nonces_issued_;
      CATSIM_CHECK(fence_.epoch > before);
      effect.took_effect = true;
    }
    adopt(handle);
  }
  effect.handle_epoch = handle.epoch;
  effect.status = fault == FaultKind::kNone ? Status::kOk : fault_status(fault);
  report(effect);
  if (fault != FaultKind::kNone) return effect.status;
  return handle;
}

Result<std::optional<std::string>> StashFake::read_config(StashHandle& handle,
                                                          std::string_view key) {
  static constexpr std::string_view kLabel = "stash.read_config";
  yield_point(kLabel, store_access(StoreId::kStash, /*writes=*/false));
  CallEffect effect{.call = kLabel, .mode = handle.mode, .intent = Intent::kRead};
  if (faults_.decide(kLabel, false) == FaultKind::kTransient) {
    effect.status = Status::kTransient;
  } else {
    effect.status = check_read(handle);
  }
  effect.handle_epoch = handle.epoch;
  report(effect);
  if (effect.status != Status::kOk) return effect.status;
  return contents_.get(Collection::kConfig, key);
}

Result<uint64_t> StashFake::read_epoch(StashHandle& handle) {
  static constexpr std::string_view kLabel = "stash.read_epoch";
  yield_point(kLabel, store_access(StoreId::kStash, /*writes=*/false));
  CallEffect effect{.call = kLabel, .mode = handle.mode, .intent = Intent::kRead};
  if (faults_.decide(kLabel, false) == FaultKind::kTransient) {
    effect.status = Status::kTransient;
  } else {
    effect.status = check_read(handle);
  }
  effect.handle_epoch = handle.epoch;
  report(effect);
  if (effect.status != Status::kOk) return effect.status;
  return fence_.epoch;
}

Result<Catalog> StashFake::snapshot(StashHandle& handle) {
  static constexpr std::string_view kLabel = "stash.snapshot";
  yield_point(kLabel, store_access(StoreId::kStash, /*writes=*/false));
  CallEffect effect{.call = kLabel, .mode = handle.mode, .intent = Intent::kRead};
  if (faults_.decide(kLabel, false) == FaultKind::kTransient) {
    effect.status = Status::kTransient;
  } else {
    effect.status = check_read(handle);
  }
  effect.handle_epoch = handle.epoch;
  if (effect.status == Status::kOk) effect.read = &contents_;
  report(effect);
  if (effect.status != Status::kOk) return effect.status;
  return contents_;
}

Outcome StashFake::transact(StashHandle& handle, const StashTxn& txn) {
  static constexpr std::string_view kLabel = "stash.transact";
  CATSIM_CHECK(handle.mode != HandleMode::kUnopened);
  CATSIM_CHECK(handle.adopted);
  yield_point(kLabel, store_access(StoreId::kStash, /*writes=*/true));
  FaultKind fault = faults_.decide(kLabel, txn.commit);
  CallEffect effect{.call = kLabel,
                    .mode = handle.mode,
                    .intent = txn.intent,
                    .handle_epoch = handle.epoch,
                    .commit_token = txn.commit_token};
  bool has_writes = !txn.writes.empty() || txn.replace_with.has_value();
  Status status = Status::kOk;
  if (fault == FaultKind::kTransient) {
    status = Status::kTransient;
  } else if (handle.mode == HandleMode::kReadOnly && has_writes) {
    status = Status::kNotWritable;
  } else if (txn.check_fence && (handle.epoch != fence_.epoch || handle.nonce != fence_.nonce)) {
    status = Status::kFence;
  }
  bool apply = status == Status::kOk && fault != FaultKind::kIndeterminateLost;
  if (apply && txn.commit && has_writes) {
    if (txn.replace_with) {
      contents_ = *txn.replace_with;
      effect.replaced_with = &*txn.replace_with;
    }
    contents_.apply(txn.writes);
    if (handle.mode == HandleMode::kWritable) ++fence_.version;
    effect.took_effect = true;
    effect.writes = &txn.writes;
  }
  // A lost reply hides whatever happened, a fence included.
  if (fault == FaultKind::kIndeterminateApplied || fault == FaultKind::kIndeterminateLost) {
    status = Status::kIndeterminate;
  }
  effect.status = status;
  report(effect);
  if (status != Status::kOk) return status;
  return Unit{};
}

Outcome StashFake::raise_epoch(StashHandle& handle, uint64_t target) {
  static constexpr std::string_view kLabel = "stash.raise_epoch";
  CATSIM_CHECK(handle.mode == HandleMode::kWritable);
  CATSIM_CHECK(handle.adopted);
  yield_point(kLabel, store_access(StoreId::kStash, /*writes=*/true));
  FaultKind fault = faults_.decide(kLabel, true);
  CallEffect effect{.call = kLabel, .mode = handle.mode, .intent = Intent::kFence};
  Status status = Status::kOk;
  if (fault == FaultKind::kTransient) {
    status = Status::kTransient;
  } else if (handle.epoch != fence_.epoch || handle.nonce != fence_.nonce) {
    status = Status::kFence;
  }
  if (status == Status::kOk && fault != FaultKind::kIndeterminateLost) {
    uint64_t before = fence_.epoch;
    fence_.epoch = std::max(fence_.epoch, target);
    CATSIM_CHECK(fence_.epoch >= before);
    effect.took_effect = fence_.epoch != before;
    // The handle follows only when the caller hears back.
    if (fault == FaultKind::kNone) handle.epoch = fence_.epoch;
  }
  if (fault == FaultKind::kIndeterminateApplied || fault == FaultKind::kIndeterminateLost) {
    status = Status::kIndeterminate;
  }
  effect.handle_epoch = handle.epoch;
  effect.status = status;
  report(effect);
  if (status != Status::kOk) return status;
  return Unit{};
}

}  // namespace catsim
