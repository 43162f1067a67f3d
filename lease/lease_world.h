// LeaseWorld: one simulated run of the lease protocol: the store fake, the
// fault injector, the scheduler with one fiber per holder, the checker, and
// the bookkeeping between them.
//
// The world observes every store call (forwarding its ground truth to the
// checker) and every acknowledgement a holder is given, checks L2 again
// after every step, counts what happened (RunStats of lease::Counter),
// folds every decision, call and resulting store state into a running trace
// hash (sim/hash.h), and optionally records a LeaseStepEvent per step.
// Guarantees: deterministic given the Decider; the run stops after the step
// in which the first violation was found.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lease/checker.h"
#include "lease/holder.h"
#include "lease/lease_config.h"
#include "lease/lease_store.h"
#include "lease/variant.h"
#include "sim/crash_points.h"
#include "sim/hash.h"
#include "sim/run_stats.h"
#include "sim/scheduler.h"

namespace catsim::lease {

// What one step did, for display.
struct LeaseStepEvent {
  uint64_t step = 0;
  uint32_t process = 0;
  uint32_t incarnation = 0;
  std::string label;  // the yield point it left, or "restart"
  StepAction action = StepAction::kRun;
  std::vector<std::string> notes;  // the calls made and what the holder was told
  uint64_t epoch_after = 0;
  uint64_t log_size_after = 0;
  bool operator==(const LeaseStepEvent&) const = default;
};

class LeaseWorld final : public LeaseObserver, public HolderListener, public StepListener {
 public:
  // config must be pinned to swarm (lease/lease_config.h).
  LeaseWorld(const Variant& variant, const LeaseConfig& config, const LeaseSwarm& swarm,
             Decider& decider, bool record_events);
  ~LeaseWorld() override;
  LeaseWorld(const LeaseWorld&) = delete;
  LeaseWorld& operator=(const LeaseWorld&) = delete;

  // The random run: swarm.holders holders, crashing at swarm.crash_percent.
  void spawn_holders();
  RunEnd run() { return scheduler_.run(config_.steps_max); }

  // Scripted use (scenarios): a holder that never crashes by chance and
  // restarts only when advanced; one step of it at a time (false once it
  // has finished).
  uint32_t start_holder();
  bool advance(uint32_t process) { return scheduler_.step_process(process); }

  void on_call(const LeaseEffect& effect) override;
  void acquired(uint32_t holder, uint64_t epoch) override;
  void acknowledged(uint32_t holder, uint64_t value) override;
  void finished(uint32_t holder, std::optional<uint64_t> own_records) override;
  void after_step(const StepRecord& record) override;

  LeaseStore& store() { return store_; }
  CrashPoints& crash_points() { return crash_points_; }
  Scheduler& scheduler() { return scheduler_; }
  const std::optional<LeaseViolation>& violation() const { return checker_.violation(); }
  // The counts so far, faults included.
  RunStats stats() const;
  uint64_t trace_hash() const { return hasher_.value(); }
  const std::vector<LeaseStepEvent>& events() const { return events_; }

 private:
  template <class... Args>
  void note(fmt::format_string<Args...> format, Args&&... args) {
    if (record_events_) pending_.notes.push_back(fmt::format(format, std::forward<Args>(args)...));
  }
  ProcessBody holder_body();
  void count_call(const LeaseEffect& effect);
  void count_crash(const StepRecord& record);

  const Variant& variant_;
  LeaseConfig config_;
  LeaseSwarm swarm_;
  bool record_events_;
  RunStats stats_;
  FaultInjector faults_;
  LeaseStore store_;
  LeaseChecker checker_;
  CrashPoints crash_points_;
  Scheduler scheduler_;
  Hasher hasher_;
  size_t decisions_hashed_ = 0;
  std::vector<LeaseStepEvent> events_;
  LeaseStepEvent pending_;                          // the step in progress
  std::map<uint32_t, uint64_t> post_acquire_seen_;  // process -> step it passed post_acquire
  std::optional<uint32_t> lease_holder_;            // the process of the latest grant
  bool lease_holder_crashed_ = false;               // it crashed since
};

}  // namespace catsim::lease
