// The conformance checker's state, shared by model/conformance.cc (the
// step mapping) and model/conformance_compare.cc (the comparisons); internal
// to model/conformance.h, which says what maps to what and what is compared.
// Guarantees: a Checker reads its run once, in order, and decides at most one
// report (the first divergence or step outside the model).
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "model/catalog_value.h"
#include "model/conformance.h"
#include "model/conformance_calls.h"
#include "model/migration_model.h"
#include "model/store_calls.h"
#include "properties/violation.h"

namespace catsim::model::conformance_internal {

inline constexpr uint32_t kEpochsModelled = 200;  // the model keeps epochs in a byte

inline std::string tomb_text(std::optional<uint64_t> tomb) {
  return tomb ? std::to_string(*tomb) : "None";
}
inline std::string truth_text(std::optional<StoreId> store) {
  return store ? std::string(store_name(*store)) : "none";
}
inline std::optional<ContentsSummary> contents_of(uint32_t value) {
  return ContentsSummary{initialized(value), change_count(value)};
}

// One process of the run, as the checker tracks it.
struct Process {
  enum class Role : uint8_t { kWriter, kLive, kReader } role = Role::kReader;
  uint32_t slot = 0;                    // the model's process
  std::vector<Target> boot_targets;     // writers: by incarnation - 1
  std::vector<bool> boot_preflights;    // writers: by incarnation - 1
  std::vector<uint64_t> change_counts;  // writers: by successful open or pre-flight
  std::vector<uint8_t> sessions;        // the reader: ReadKind * 8 + rereads, in order
  size_t sessions_begun = 0;
  size_t opens = 0;
  uint64_t changes_wanted = 0;  // in the current incarnation, once opened
  bool crashed_fresh = false;   // crashed before its incarnation's first call
  uint32_t indeterminate_run = 0;
  bool acknowledged = false;  // the live opener committed a change
};

class Checker {
 public:
  Checker(const Variant& variant, const RunConfig& config, const RunReport& report)
      : variant_(variant),
        config_(config),
        report_(report),
        model_(variant, bounds_for(config, report.swarm), kAllProperties, false),
        state_(model_.initial()),
        programs_(variant.protocol, variant.switches, true) {}

  ConformanceReport run();

 private:
  static ModelBounds bounds_for(const RunConfig& config, const Swarm& swarm) {
    ModelBounds bounds;
    bounds.procs = std::min(swarm.procs + 1, kProcsMax);
    bounds.crashes = 1;
    bounds.changes = std::clamp<uint32_t>(swarm.changes_max, 1, 3);
    bounds.boots = 2;
    bounds.indeterminates = 1;
    bounds.readers = std::min<uint32_t>(swarm.readers, 1);
    bounds.reads = std::clamp<uint32_t>(config.reads_max, 1, 20);
    bounds.rereads = 3;  // the workload's most
    bounds.savepoints = swarm.savepoint_percent > 0;
    return bounds;
  }
  std::string name(uint32_t process) const {
    return process < report_.process_names.size() ? report_.process_names[process]
                                                  : fmt::format("p{}", process);
  }
  std::optional<std::string> outside_model() const;
  const Swarm& shape() const { return report_.swarm; }
  void read_decisions();
  // Each returns false once the report is decided.
  bool event(size_t index);
  // The step's one call, or nullptr once the report is decided (none or
  // several calls, a transient fault).
  const CallRecord* single_call(const StepEvent& e);
  bool call(const StepEvent& e, Process& proc);
  bool reader_event(const StepEvent& e, Process& proc);
  bool reader_call(const StepEvent& e, Process& proc);
  // Whether the process's incarnation has ended in the model.
  bool model_down(const Process& proc) const;
  bool apply(const Action& action);
  bool compare_after(const StepEvent& e);
  bool compare_position(size_t index, const Process& proc);
  bool compare_violation(const StepEvent& e);
  bool finish();
  // A violation stops the run: one found during a step is at the last one;
  // any other (the liveness phase's failure) was found after the last step.
  bool at_step(const Violation& found) const {
    return !is_liveness_failure(found) && !report_.events.empty() &&
           found.step == report_.events.back().step;
  }

  bool fail(ConformanceVerdict verdict, std::string what);

  const Variant& variant_;
  const RunConfig& config_;
  const RunReport& report_;
  MigrationModel model_;
  ModelState state_;
  Programs programs_;
  std::vector<Process> procs_;
  const StepEvent* event_ = nullptr;  // the event being checked
  std::optional<ModelViolation> violation_;
  ConformanceReport out_;
};

}  // namespace catsim::model::conformance_internal
