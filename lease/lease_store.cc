#include "lease/lease_store.h"

#include <fmt/format.h>

#include "sim/scheduler.h"

namespace catsim::lease {

namespace {
constexpr std::string_view kAcquireLabel = "lease.acquire";
constexpr std::string_view kWriteLabel = "lease.write";
constexpr std::string_view kReadLabel = "lease.read";

bool indeterminate(FaultKind fault) {
  return fault == FaultKind::kIndeterminateApplied || fault == FaultKind::kIndeterminateLost;
}
}  // namespace

std::string_view status_name(LeaseStatus status) {
  switch (status) {
    case LeaseStatus::kOk:
      return "ok";
    case LeaseStatus::kFenced:
      return "fenced";
    case LeaseStatus::kTransient:
      return "transient";
    case LeaseStatus::kIndeterminate:
      return "indeterminate";
  }
  return "?";
}

std::string_view call_name(LeaseCall call) {
  switch (call) {
    case LeaseCall::kAcquire:
      return "acquire";
    case LeaseCall::kWrite:
      return "write";
    case LeaseCall::kRead:
      return "read";
  }
  return "?";
}

std::string describe(const LeaseEffect& effect) {
  switch (effect.call) {
    case LeaseCall::kAcquire:
      return fmt::format("holder {} acquire -> {}, epoch {}{}", effect.writer,
                         status_name(effect.status), effect.epoch,
                         effect.took_effect ? " (bumped)" : " (not bumped)");
    case LeaseCall::kWrite:
      return fmt::format("holder {} write {:#x} under epoch {} -> {}{}", effect.writer,
                         effect.value, effect.epoch, status_name(effect.status),
                         effect.took_effect ? fmt::format(" (appended at {})", effect.log_index)
                                            : std::string(" (not applied)"));
    case LeaseCall::kRead:
      return fmt::format("holder {} read -> {}, epoch {}", effect.writer,
                         status_name(effect.status), effect.epoch);
  }
  return "?";
}

void LeaseStore::report(const LeaseEffect& effect) const {
  CATSIM_CHECK(effect.epoch_after == epoch_);
  CATSIM_CHECK(effect.epoch_after >= effect.epoch_before);
  if (observer_ != nullptr) observer_->on_call(effect);
}

Reply<uint64_t> LeaseStore::acquire(uint32_t writer) {
  yield_point(kAcquireLabel, Access{kLeaseResource, /*writes=*/true});
  FaultKind fault = faults_.decide(kAcquireLabel, /*is_write=*/true);
  LeaseEffect effect{.call = LeaseCall::kAcquire, .writer = writer, .epoch_before = epoch_};
  if (fault == FaultKind::kTransient) {
    effect.status = LeaseStatus::kTransient;
  } else {
    uint64_t granted = epoch_ + 1;
    // MUTANT acquire-without-bump: the current epoch is granted again.
    if (switches_.acquire_without_bump) granted = epoch_;
    if (fault != FaultKind::kIndeterminateLost && granted != epoch_) {
      epoch_ = granted;
      effect.took_effect = true;
    }
    CATSIM_CHECK(!effect.took_effect || epoch_ == effect.epoch_before + 1);
    effect.epoch = granted;
    effect.status = indeterminate(fault) ? LeaseStatus::kIndeterminate : LeaseStatus::kOk;
  }
  effect.epoch_after = epoch_;
  report(effect);
  return {effect.status, effect.epoch};
}

LeaseStatus LeaseStore::write(uint32_t writer, uint64_t epoch, uint64_t value) {
  CATSIM_CHECK_MSG(epoch <= epoch_, "a write under an epoch the store never reached");
  yield_point(kWriteLabel, Access{kLeaseResource, /*writes=*/true});
  FaultKind fault = faults_.decide(kWriteLabel, /*is_write=*/true);
  LeaseEffect effect{.call = LeaseCall::kWrite,
                     .writer = writer,
                     .epoch = epoch,
                     .value = value,
                     .epoch_before = epoch_};
  if (fault == FaultKind::kTransient) {
    effect.status = LeaseStatus::kTransient;
  } else {
    bool fenced = epoch != epoch_;
    // MUTANT unfenced-write: the epoch is not compared.
    if (switches_.unfenced_write) fenced = false;
    if (!fenced && fault != FaultKind::kIndeterminateLost) {
      effect.log_index = log_.size();
      log_.push_back(LogRecord{epoch, writer, value});
      effect.took_effect = true;
      CATSIM_CHECK(log_.size() == effect.log_index + 1);
    }
    effect.status = indeterminate(fault) ? LeaseStatus::kIndeterminate
                    : fenced             ? LeaseStatus::kFenced
                                         : LeaseStatus::kOk;
  }
  effect.epoch_after = epoch_;
  report(effect);
  return effect.status;
}

Reply<LeaseView> LeaseStore::read(uint32_t writer) {
  yield_point(kReadLabel, Access{kLeaseResource, /*writes=*/false});
  FaultKind fault = faults_.decide(kReadLabel, /*is_write=*/false);
  CATSIM_CHECK(fault == FaultKind::kNone || fault == FaultKind::kTransient);
  LeaseEffect effect{.call = LeaseCall::kRead,
                     .writer = writer,
                     .epoch = epoch_,
                     .epoch_before = epoch_,
                     .epoch_after = epoch_};
  effect.status = fault == FaultKind::kTransient ? LeaseStatus::kTransient : LeaseStatus::kOk;
  report(effect);
  if (effect.status != LeaseStatus::kOk) return {effect.status, LeaseView{}};
  return {LeaseStatus::kOk, LeaseView{epoch_, log_}};
}

}  // namespace catsim::lease
