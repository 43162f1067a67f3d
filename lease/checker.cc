#include "lease/checker.h"

#include <fmt/format.h>

namespace catsim::lease {

void LeaseChecker::fail(LeaseProperty property, uint64_t step, std::string summary) {
  if (violation_) return;
  violation_ = LeaseViolation{property, step, std::move(summary)};
}

void LeaseChecker::on_acquire(const LeaseEffect& effect) {
  if (effect.took_effect) {
    epoch_ = effect.epoch_after;
    grant_.reset();  // a bump: the lease belongs to nobody until told
  }
  if (effect.status == LeaseStatus::kOk) grant_ = Grant{effect.writer, effect.epoch};
}

void LeaseChecker::judge_applied_write(const LeaseEffect& effect, uint64_t step) {
  if (effect.epoch != epoch_) {
    fail(LeaseProperty::kL1Fencing, step,
         fmt::format("holder {} wrote {:#x} under epoch {} after epoch {} was acquired",
                     effect.writer, effect.value, effect.epoch, epoch_));
    return;
  }
  if (!grant_ || grant_->epoch != effect.epoch) {
    fail(LeaseProperty::kL1Fencing, step,
         fmt::format("holder {} wrote {:#x} under epoch {}, granted to nobody", effect.writer,
                     effect.value, effect.epoch));
    return;
  }
  if (grant_->writer != effect.writer) {
    fail(LeaseProperty::kL1Fencing, step,
         fmt::format("holder {} wrote {:#x} under epoch {}, last granted to holder {}",
                     effect.writer, effect.value, effect.epoch, grant_->writer));
  }
}

void LeaseChecker::on_call(const LeaseEffect& effect, uint64_t step) {
  switch (effect.call) {
    case LeaseCall::kAcquire:
      on_acquire(effect);
      break;
    case LeaseCall::kWrite: {
      if (effect.took_effect) judge_applied_write(effect, step);
      LastWrite& last = last_write_[effect.writer];
      if (last.value != effect.value) last = LastWrite{effect.value, std::nullopt};
      if (effect.took_effect) last.applied_index = effect.log_index;
      break;
    }
    case LeaseCall::kRead:
      break;
  }
}

void LeaseChecker::on_acknowledged(uint32_t writer, uint64_t value, uint64_t step) {
  auto it = last_write_.find(writer);
  if (it == last_write_.end() || it->second.value != value) {
    fail(LeaseProperty::kL2Durability, step,
         fmt::format("holder {} was acknowledged {:#x}, which it never wrote last", writer, value));
    return;
  }
  const LastWrite& last = it->second;
  if (!last.applied_index) {
    fail(LeaseProperty::kL2Durability, step,
         fmt::format("holder {} was acknowledged {:#x}, which is not in the log", writer, value));
    return;
  }
  if (!acked_.empty() && *last.applied_index <= acked_.back().log_index) {
    fail(LeaseProperty::kL2Durability, step,
         fmt::format("holder {} was acknowledged {:#x} at log index {}, not after index {}", writer,
                     value, *last.applied_index, acked_.back().log_index));
    return;
  }
  acked_.push_back(Acked{*last.applied_index, writer, value});
}

void LeaseChecker::after_step(uint64_t step, std::span<const LogRecord> log) {
  for (const Acked& acked : acked_) {
    bool held = acked.log_index < log.size() && log[acked.log_index].writer == acked.writer &&
                log[acked.log_index].value == acked.value;
    if (!held) {
      fail(LeaseProperty::kL2Durability, step,
           fmt::format("acknowledged write {:#x} of holder {} is gone from log index {}",
                       acked.value, acked.writer, acked.log_index));
      return;
    }
  }
}

}  // namespace catsim::lease
