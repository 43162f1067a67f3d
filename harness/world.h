// World: one simulated run's universe: both fakes, the fault injector, the
// scheduler, the property checker, and the bookkeeping between them.
//
// The world observes every store call (forwarding it to the checker), checks
// P1 after every step, counts what happened (RunStats), folds every decision
// and call into a running trace hash, and optionally records a StepEvent per
// step, and optionally feeds its abstract state to a StateCoverage after
// each step. A run is a safety phase (faults on, bounded by safety_steps_max),
// then a liveness phase: faults off, every process halted, one fresh opener
// that must open and commit a change within liveness_steps_max (P6).
// Guarantees: deterministic given the Decider; stops at the first violation.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "harness/abstract_state.h"
#include "harness/run_config.h"
#include "harness/step_event.h"
#include "impl/migrator.h"
#include "properties/checker.h"
#include "sim/crash_points.h"
#include "sim/hash.h"
#include "sim/state_coverage.h"

namespace catsim {

struct WorldOptions {
  bool record_events = false;
  bool check_properties = true;       // false only to measure what the checks cost
  StateCoverage* coverage = nullptr;  // fed the abstract state after each step
};

class World final : public StoreObserver, public StepListener {
 public:
  World(const Variant& variant, const RunConfig& config, const Swarm& swarm, Decider& decider,
        WorldOptions options = {});
  ~World() override;

  // The random workload (harness/workload.cc).
  void spawn_workload();
  // Runs the safety phase, then (if it found nothing) the liveness phase.
  void run_phases();

  // Scripted use (scenarios): run body as a process, stepping only it, until
  // it ends or a property is violated. Returns whether it ended.
  bool run_process(const std::string& name, ProcessBody body, uint64_t steps_max = 10000);

  // Scripted interleavings: a process that runs only when advanced, one
  // step at a time (advance returns false once it has finished), and a
  // crash of it at its current yield point.
  uint32_t start_process(const std::string& name, ProcessBody body);
  bool advance(uint32_t process) { return scheduler_.step_process(process); }
  void crash_process(uint32_t process) { scheduler_.halt(process); }

  std::unique_ptr<Migrator> make_migrator(Target target);
  uint64_t next_commit_token() { return ++commit_tokens_; }
  // A note on the step in progress, formatted only when events are recorded
  // (a campaign formats none).
  template <class... Args>
  void note(fmt::format_string<Args...> format, Args&&... args) {
    if (options_.record_events)
      pending_.notes.push_back(fmt::format(format, std::forward<Args>(args)...));
  }
  // The step in progress commits a workload change of this kind (recorded
  // only with events, like a note).
  void record_change(ChangeKind kind) {
    if (options_.record_events) pending_.change = kind;
  }
  // Bookkeeping of who is inside an open, for the racing counters.
  void open_started(uint32_t process, OpenMode mode);
  void open_finished(uint32_t process);

  void on_call(const CallEffect& effect) override;
  void after_step(const StepRecord& record) override;

  const Variant& variant() const { return variant_; }
  const RunConfig& config() const { return config_; }
  const Swarm& swarm() const { return swarm_; }
  StashFake& stash() { return stash_; }
  PersistFake& persist() { return persist_; }
  FaultInjector& faults() { return faults_; }
  PropertyChecker& checker() { return checker_; }
  CrashPoints& crash_points() { return crash_points_; }
  Scheduler& scheduler() { return scheduler_; }
  RunStats& stats() { return stats_; }
  const std::optional<Violation>& violation() const { return checker_.violation(); }
  uint64_t trace_hash() const { return hasher_.value(); }
  const std::vector<StepEvent>& events() const { return events_; }
  RunEnd safety_end() const { return safety_end_; }
  StoresState stores_state() const;
  // The abstract state now, as process sees it (harness/abstract_state.h).
  uint64_t abstract_state(uint32_t process);

 private:
  void count_crash_point(const StepRecord& record);

  const Variant& variant_;
  RunConfig config_;
  Swarm swarm_;
  WorldOptions options_;
  RunStats stats_;
  CoverageScope coverage_{stats_};
  FaultInjector faults_;
  StashFake stash_;
  PersistFake persist_;
  PropertyChecker checker_;
  CrashPoints crash_points_;
  Scheduler scheduler_;
  Hasher hasher_;
  AbstractState abstract_;
  AbstractState::Stores abstract_stores_;  // what the stores hold, as of the last change
  bool abstract_stores_stale_ = true;
  size_t decisions_hashed_ = 0;
  uint64_t commit_tokens_ = 0;
  std::vector<StepEvent> events_;
  StepEvent pending_;  // the step in progress
  std::map<uint32_t, std::pair<std::string_view, uint64_t>> crash_point_seen_;  // name, step
  std::map<uint32_t, OpenMode> opening_;  // processes inside an open
  RunEnd safety_end_ = RunEnd::kAllDone;
};

}  // namespace catsim
