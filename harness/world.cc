#include "harness/world.h"

#include <fmt/format.h>

#include "impl/catalog_changes.h"
#include "sim/check.h"

namespace catsim {

namespace {
ContentsSummary summarize(const Catalog& contents) {
  return ContentsSummary{contents.get(Collection::kConfig, kUserVersionKey).has_value(),
                         user_objects(contents).size()};
}
}  // namespace

World::World(const Variant& variant, const RunConfig& config, const Swarm& swarm, Decider& decider,
             WorldOptions options)
    : variant_(variant),
      config_(config),
      swarm_(swarm),
      options_(options),
      faults_(swarm.faults),
      stash_(faults_, this),
      persist_(faults_, this),
      checker_(variant, stash_, persist_, stats_),
      scheduler_(decider) {
  scheduler_.set_listener(this);
  if (!options_.check_properties) checker_.disable();
  crash_points_.set_listener([this](std::string_view name) {
    Scheduler* scheduler = Scheduler::current();
    CATSIM_CHECK(scheduler == &scheduler_);
    crash_point_seen_[scheduler_.running_process()] = {name, scheduler_.steps()};
  });
}

World::~World() {
  // Halt the processes while the fakes they reference still exist.
  for (uint32_t p = 0; p < scheduler_.process_count(); ++p) scheduler_.halt(p);
}

std::unique_ptr<Migrator> World::make_migrator(Target target) {
  return catsim::make_migrator(target, stash_, persist_,
                               MigratorOptions{&variant_, config_.retries_max, &crash_points_});
}

void World::open_started(uint32_t process, OpenMode mode) {
  bool migration_running = false;
  for (const auto& [other, other_mode] : opening_) {
    migration_running |= other != process && other_mode == OpenMode::kWritable;
  }
  if (migration_running) {
    switch (mode) {
      case OpenMode::kWritable:
        stats_.add(Counter::kOpensInterleaved);
        break;
      case OpenMode::kSavepoint:
        stats_.add(Counter::kSavepointOpensRacingMigration);
        break;
      case OpenMode::kReadOnly:
        stats_.add(Counter::kReadOnlyOpensRacingMigration);
        break;
    }
  }
  opening_[process] = mode;
}

void World::open_finished(uint32_t process) {
  opening_.erase(process);
}

StoresState World::stores_state() const {
  return StoresState{stash_.fence().epoch, persist_.epoch(), stash_.tombstone(),
                     persist_.tombstone(), checker_.source_of_truth()};
}

uint64_t World::abstract_state(uint32_t process) {
  AbstractState::Stores& stores = abstract_stores_;
  if (abstract_stores_stale_) {
    // Only a call that took effect changes what the stores hold.
    stores.stash_tombstone = stash_.tombstone();
    stores.persist_tombstone = persist_.tombstone();
    stores.stash_initialized =
        stash_.contents().find(Collection::kConfig, kUserVersionKey) != nullptr;
    stores.persist_initialized =
        persist_.contents().find(Collection::kConfig, kUserVersionKey) != nullptr;
    abstract_stores_stale_ = false;
  }
  stores.stash_epoch = stash_.fence().epoch;
  stores.persist_epoch = persist_.epoch();
  stores.source_of_truth = checker_.source_of_truth();
  return abstract_.fingerprint(stores, process);
}

void World::on_call(const CallEffect& effect) {
  checker_.on_call(effect);
  if (options_.coverage != nullptr && Scheduler::current() == &scheduler_) {
    abstract_.on_call(scheduler_.running_process(), effect.store, effect.handle_epoch);
  }
  abstract_stores_stale_ |= effect.took_effect;
  if (effect.status == Status::kIndeterminate &&
      (effect.intent == Intent::kWorkload || effect.intent == Intent::kCopy ||
       effect.intent == Intent::kTombstone)) {
    stats_.add(effect.took_effect ? Counter::kIndeterminateCommitApplied
                                  : Counter::kIndeterminateCommitLost);
  }
  hasher_.add(static_cast<uint64_t>(effect.store));
  hasher_.add_label(effect.call);
  hasher_.add(static_cast<uint64_t>(effect.status) << 8 | (effect.took_effect ? 1 : 0));
  hasher_.add(effect.handle_epoch);
  if (options_.record_events) {
    pending_.calls.push_back(CallRecord{effect.store, std::string(effect.call), effect.mode,
                                        effect.intent, effect.handle_epoch, effect.status,
                                        effect.took_effect});
  }
  if (checker_.violation()) scheduler_.request_stop();
}

void World::count_crash_point(const StepRecord& record) {
  auto it = crash_point_seen_.find(record.process);
  if (it == crash_point_seen_.end() || it->second.second == record.step) return;
  if (record.action == StepAction::kCrash) {
    std::string_view name = it->second.first;
    if (name == kPostStashFence) stats_.add(Counter::kCrashAtPostStashFence);
    if (name == kPostPersistFence) stats_.add(Counter::kCrashAtPostPersistFence);
    if (name == kMigratePostWrite) stats_.add(Counter::kCrashAtMigratePostWrite);
  }
  crash_point_seen_.erase(it);
}

void World::after_step(const StepRecord& record) {
  check_context().step = record.step;
  stats_.add(Counter::kSteps);
  if (record.action == StepAction::kCrash) stats_.add(Counter::kCrashes);
  if (record.action == StepAction::kRestart) stats_.add(Counter::kProcessesRestarted);
  count_crash_point(record);
  checker_.after_step(record.step);
  hash_new_decisions(scheduler_.decider().log(), decisions_hashed_, hasher_);
  hasher_.add(stash_.fence().epoch);
  hasher_.add(persist_.epoch());
  hasher_.add(stash_.tombstone().value_or(7));
  if (options_.coverage != nullptr) {
    abstract_.after_step(record);
    options_.coverage->visit(abstract_state(record.process), scheduler_.decider().log().size());
  }
  if (options_.record_events) {
    StoresState state = stores_state();
    pending_.step = record.step;
    pending_.process = record.process;
    pending_.incarnation = record.incarnation;
    pending_.label = std::string(record.label);
    pending_.action = record.action;
    pending_.after = state;
    pending_.after.stash_contents = summarize(stash_.contents());
    pending_.after.persist_contents = summarize(persist_.contents());
    events_.push_back(std::move(pending_));
    pending_ = StepEvent{};
  }
  if (checker_.violation()) scheduler_.request_stop();
}

uint32_t World::start_process(const std::string& name, ProcessBody body) {
  return scheduler_.spawn({name, std::move(body), 0, false});
}

bool World::run_process(const std::string& name, ProcessBody body, uint64_t steps_max) {
  uint32_t process = start_process(name, std::move(body));
  for (uint64_t steps = 0; steps < steps_max && !violation(); ++steps) {
    if (!advance(process)) break;
  }
  return scheduler_.finished(process);
}

}  // namespace catsim
