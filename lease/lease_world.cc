#include "lease/lease_world.h"

#include "lease/counters.h"
#include "sim/check.h"

namespace catsim::lease {

LeaseWorld::LeaseWorld(const Variant& variant, const LeaseConfig& config, const LeaseSwarm& swarm,
                       Decider& decider, bool record_events)
    : variant_(variant),
      config_(config),
      swarm_(swarm),
      record_events_(record_events),
      faults_(swarm.faults),
      store_(faults_, variant.switches, this),
      scheduler_(decider) {
  CATSIM_CHECK(pinned_swarm(config_) == swarm_);
  scheduler_.set_listener(this);
  crash_points_.set_listener([this](std::string_view name) {
    CATSIM_CHECK(name == kPostAcquire);
    post_acquire_seen_[scheduler_.running_process()] = scheduler_.steps();
  });
}

LeaseWorld::~LeaseWorld() {
  // Halt the processes while the store they reference still exists.
  for (uint32_t p = 0; p < scheduler_.process_count(); ++p) scheduler_.halt(p);
}

ProcessBody LeaseWorld::holder_body() {
  return make_holder(store_, crash_points_, *this,
                     HolderOptions{config_.writes_per_lease, config_.retries_max, config_.boots_max,
                                   variant_.switches.ack_indeterminate_as_success});
}

void LeaseWorld::spawn_holders() {
  CATSIM_CHECK(scheduler_.process_count() == 0);
  for (uint32_t h = 0; h < swarm_.holders; ++h) {
    scheduler_.spawn({fmt::format("holder-{}", h), holder_body(), swarm_.crash_percent, true});
  }
}

uint32_t LeaseWorld::start_holder() {
  return scheduler_.spawn(
      {fmt::format("holder-{}", scheduler_.process_count()), holder_body(), 0, true});
}

void LeaseWorld::count_call(const LeaseEffect& effect) {
  if (effect.call == LeaseCall::kAcquire && effect.status == LeaseStatus::kOk) {
    if (stats_.get(Counter::kAcquires) > 0) stats_.add(Counter::kTakeovers);
    if (lease_holder_crashed_) stats_.add(Counter::kTakeoversOfCrashedHolder);
    stats_.add(Counter::kAcquires);
    lease_holder_ = effect.writer;
    lease_holder_crashed_ = false;
  }
  if (effect.call == LeaseCall::kWrite && effect.status == LeaseStatus::kFenced) {
    stats_.add(Counter::kFencedWritesRejected);
  }
  if (effect.call == LeaseCall::kRead && effect.status == LeaseStatus::kOk) {
    stats_.add(Counter::kReads);
  }
}

void LeaseWorld::on_call(const LeaseEffect& effect) {
  CATSIM_CHECK_MSG(effect.writer == scheduler_.running_process(), "a call on another's behalf");
  checker_.on_call(effect, scheduler_.steps());
  count_call(effect);
  hasher_.add(static_cast<uint64_t>(effect.call) << 8 | static_cast<uint64_t>(effect.status));
  hasher_.add(static_cast<uint64_t>(effect.writer) << 1 | (effect.took_effect ? 1 : 0));
  hasher_.add(effect.epoch);
  hasher_.add(effect.value);
  if (record_events_) pending_.notes.push_back(describe(effect));
  if (checker_.violation()) scheduler_.request_stop();
}

void LeaseWorld::acquired(uint32_t holder, uint64_t epoch) {
  note("holder {} holds the lease at epoch {}", holder, epoch);
}

void LeaseWorld::acknowledged(uint32_t holder, uint64_t value) {
  stats_.add(Counter::kWritesAcknowledged);
  checker_.on_acknowledged(holder, value, scheduler_.steps());
  hasher_.add(value);
  note("holder {} acknowledged {:#x}", holder, value);
  if (checker_.violation()) scheduler_.request_stop();
}

void LeaseWorld::finished(uint32_t holder, std::optional<uint64_t> own_records) {
  stats_.add(Counter::kHoldersFinished);
  note("holder {} finished; {} of its records in the log", holder,
       own_records ? fmt::format("{}", *own_records) : std::string("unknown"));
}

void LeaseWorld::count_crash(const StepRecord& record) {
  if (record.action == StepAction::kCrash) {
    stats_.add(Counter::kCrashes);
    if (lease_holder_ == record.process) lease_holder_crashed_ = true;
  }
  // A crash at the step after the one that passed post_acquire is a crash there.
  auto it = post_acquire_seen_.find(record.process);
  if (it == post_acquire_seen_.end() || it->second == record.step) return;
  if (record.action == StepAction::kCrash) stats_.add(Counter::kCrashAtPostAcquire);
  post_acquire_seen_.erase(it);
}

void LeaseWorld::after_step(const StepRecord& record) {
  check_context().step = record.step;
  stats_.add(Counter::kSteps);
  if (record.action == StepAction::kRestart) stats_.add(Counter::kRestarts);
  count_crash(record);
  checker_.after_step(record.step, store_.log());
  hash_new_decisions(scheduler_.decider().log(), decisions_hashed_, hasher_);
  hasher_.add(store_.epoch());
  hasher_.add(store_.log().size());
  if (record_events_) {
    pending_.step = record.step;
    pending_.process = record.process;
    pending_.incarnation = record.incarnation;
    pending_.label = std::string(record.label);
    pending_.action = record.action;
    pending_.epoch_after = store_.epoch();
    pending_.log_size_after = store_.log().size();
    events_.push_back(std::move(pending_));
    pending_ = LeaseStepEvent{};
  }
  if (checker_.violation()) scheduler_.request_stop();
}

RunStats LeaseWorld::stats() const {
  RunStats stats = stats_;
  const FaultCounts& faults = faults_.counts();
  stats.add(Counter::kFaultTransient, faults.transient);
  stats.add(Counter::kFaultIndeterminateApplied, faults.indeterminate_applied);
  stats.add(Counter::kFaultIndeterminateLost, faults.indeterminate_lost);
  return stats;
}

}  // namespace catsim::lease
