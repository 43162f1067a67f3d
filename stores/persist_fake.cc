#include "stores/persist_fake.h"

#include <algorithm>

#include "sim/check.h"
#include "sim/scheduler.h"

namespace catsim {

namespace {
bool indeterminate(FaultKind fault) {
  return fault == FaultKind::kIndeterminateApplied || fault == FaultKind::kIndeterminateLost;
}
}  // namespace

void PersistFake::report(CallEffect& effect) const {
  effect.store = StoreId::kPersist;
  effect.store_epoch_max = epoch();
  if (observer_ != nullptr) observer_->on_call(effect);
}

Status PersistFake::check_read(PersistHandle& handle) {
  switch (handle.mode) {
    case HandleMode::kUnopened:
      if (!handle.adopted) {
        handle.epoch = epoch();
        handle.adopted = true;
        return Status::kOk;
      }
      return handle.epoch == epoch() ? Status::kOk : Status::kFence;
    case HandleMode::kWritable:
    case HandleMode::kSavepoint:
      return handle.cached_upper == upper_ ? Status::kOk : Status::kFence;
    case HandleMode::kReadOnly:
      if (epoch() > handle.epoch) return Status::kFence;
      handle.cached_upper = upper_;
      return Status::kOk;
  }
  return Status::kFence;
}

Result<uint64_t> PersistFake::read_epoch(PersistHandle& handle) {
  static constexpr std::string_view kLabel = "persist.read_epoch";
  yield_point(kLabel, store_access(StoreId::kPersist, /*writes=*/false));
  CallEffect effect{.call = kLabel, .mode = handle.mode, .intent = Intent::kRead};
  effect.status = faults_.decide(kLabel, false) == FaultKind::kTransient ? Status::kTransient
                                                                         : check_read(handle);
  effect.handle_epoch = handle.epoch;
  report(effect);
  if (effect.status != Status::kOk) return effect.status;
  return epoch();
}

Result<std::optional<std::string>> PersistFake::read_config(PersistHandle& handle,
                                                            std::string_view key) {
  static constexpr std::string_view kLabel = "persist.read_config";
  yield_point(kLabel, store_access(StoreId::kPersist, /*writes=*/false));
  CallEffect effect{.call = kLabel, .mode = handle.mode, .intent = Intent::kRead};
  effect.status = faults_.decide(kLabel, false) == FaultKind::kTransient ? Status::kTransient
                                                                         : check_read(handle);
  effect.handle_epoch = handle.epoch;
  report(effect);
  if (effect.status != Status::kOk) return effect.status;
  return contents_.get(Collection::kConfig, key);
}

Result<uint64_t> PersistFake::sync(PersistHandle& handle) {
  static constexpr std::string_view kLabel = "persist.sync";
  CATSIM_CHECK(handle.mode != HandleMode::kUnopened);
  yield_point(kLabel, store_access(StoreId::kPersist, /*writes=*/false));
  CallEffect effect{.call = kLabel, .mode = handle.mode, .intent = Intent::kRead};
  if (faults_.decide(kLabel, false) == FaultKind::kTransient) {
    effect.status = Status::kTransient;
  } else {
    handle.cached_upper = upper_;
    handle.epoch = epoch();
    handle.adopted = true;
  }
  effect.handle_epoch = handle.epoch;
  report(effect);
  if (effect.status != Status::kOk) return effect.status;
  return handle.epoch;
}

Result<uint64_t> PersistFake::fence(PersistHandle& handle, uint64_t lower_bound) {
  static constexpr std::string_view kLabel = "persist.fence";
  CATSIM_CHECK(handle.mode == HandleMode::kWritable);
  CATSIM_CHECK(handle.adopted);
  yield_point(kLabel, store_access(StoreId::kPersist, /*writes=*/true));
  FaultKind fault = faults_.decide(kLabel, true);
  CallEffect effect{.call = kLabel, .mode = handle.mode, .intent = Intent::kFence};
  Status status = Status::kOk;
  if (fault == FaultKind::kTransient) {
    status = Status::kTransient;
  } else if (handle.cached_upper != upper_) {
    status = Status::kFence;
  }
  uint64_t chosen = std::max(handle.epoch + 1, lower_bound);
  if (status == Status::kOk && fault != FaultKind::kIndeterminateLost) {
    CATSIM_CHECK(chosen > epoch());
    epoch_ = chosen;
    ++upper_;
    effect.took_effect = true;
  }
  if (indeterminate(fault)) status = Status::kIndeterminate;
  if (status == Status::kOk) {
    handle.epoch = chosen;
    handle.cached_upper = upper_;
  }
  effect.handle_epoch = chosen;
  effect.status = status;
  report(effect);
  if (status != Status::kOk) return status;
  return chosen;
}

Result<Catalog> PersistFake::snapshot(PersistHandle& handle) {
  static constexpr std::string_view kLabel = "persist.snapshot";
  yield_point(kLabel, store_access(StoreId::kPersist, /*writes=*/false));
  CallEffect effect{.call = kLabel, .mode = handle.mode, .intent = Intent::kRead};
  effect.status = faults_.decide(kLabel, false) == FaultKind::kTransient ? Status::kTransient
                                                                         : check_read(handle);
  effect.handle_epoch = handle.epoch;
  if (effect.status == Status::kOk) effect.read = &contents_;
  report(effect);
  if (effect.status != Status::kOk) return effect.status;
  return contents_;
}

Outcome PersistFake::commit(PersistHandle& handle, const PersistTxn& txn) {
  static constexpr std::string_view kLabel = "persist.append";
  CATSIM_CHECK(handle.mode != HandleMode::kUnopened);
  CATSIM_CHECK(handle.adopted);
  yield_point(kLabel, store_access(StoreId::kPersist, /*writes=*/true));
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
  } else if (txn.check_upper && handle.cached_upper != upper_) {
    status = Status::kFence;
  }
  if (status == Status::kOk && fault != FaultKind::kIndeterminateLost && txn.commit && has_writes) {
    if (txn.replace_with) {
      contents_ = *txn.replace_with;
      effect.replaced_with = &*txn.replace_with;
    }
    contents_.apply(txn.writes);
    ++upper_;
    effect.took_effect = true;
    effect.writes = &txn.writes;
  }
  if (indeterminate(fault)) status = Status::kIndeterminate;
  if (status == Status::kOk && effect.took_effect) handle.cached_upper = upper_;
  effect.status = status;
  report(effect);
  if (status != Status::kOk) return status;
  return Unit{};
}

}  // namespace catsim
