#include "model/counterexample_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>

#include "model/conformance_calls.h"
#include "model/migration_model.h"

namespace catsim::model {

namespace {

constexpr uint64_t kLiveStepsMax = 300;

class Scripter {
 public:
  Scripter(const Variant& variant, const ModelBounds& bounds, const Counterexample& cx)
      : variant_(variant),
        bounds_(bounds),
        cx_(cx),
        live_(!cx.liveness_tail.empty()),
        live_target_(cx.summary.find("fresh migrate opener") != std::string::npos
                         ? Target::kMigrateToPersist
                         : Target::kRollbackToStash),
        model_(variant, model_bounds(), kAllProperties, false),
        state_(model_.initial()) {
    for (size_t t = 0; t < kAllTargets.size(); ++t) {
      if ((protocol_targets(variant.protocol) >> t) & 1)
        programs_[t] = build_program(variant.protocol, kAllTargets[t], variant.switches);
    }
  }

  static std::optional<std::string> unsupported(const ModelBounds& bounds,
                                                const Counterexample& cx) {
    if (!cx.liveness_tail.empty() && bounds.procs + 1 > kProcsMax) {
      return fmt::format(
          "a liveness counterexample of {} processes needs one more for the "
          "fresh opener (at most {})",
          bounds.procs, kProcsMax);
    }
    if (bounds.changes > 3) return std::string("more than 3 changes per open");
    if (cx.path.size() != cx.length) return std::string("the counterexample has no path");
    return std::nullopt;
  }

  ScriptedRun script();

 private:
  // The model's bounds with one more process for the fresh opener; budgets
  // are cleared before each step (they bound the explorer, not a path).
  ModelBounds model_bounds() const {
    ModelBounds b = bounds_;
    b.procs = bounds_.procs + (live_ ? 1 : 0);
    if (live_)
      b.targets[bounds_.procs] = static_cast<uint8_t>(1u << static_cast<uint32_t>(live_target_));
    b.crashes = 1;
    b.boots = 2;
    b.indeterminates = 1;
    b.changes = std::max<uint32_t>(bounds_.changes, 1);
    return b;
  }
  StepResult<ModelState> apply(const Action& action) {
    state_.crashes = 0;
    state_.indeterminates = 0;
    for (ProcState& proc : state_.proc) proc.boots = std::min<uint8_t>(proc.boots, 1);
    StepResult<ModelState> result = model_.step(state_, action);
    state_ = result.state;
    return result;
  }
  Op op_at(const ProcState& proc, Target target) const {
    if (proc.pc == kPcChanges) return Op::kCommitChange;
    const Program& program = programs_[static_cast<size_t>(target)];
    return program.ops[proc.pc == kPcStart ? 0 : proc.pc - kPcFirstOp];
  }
  std::string_view label_of(Op op, Target target) const {
    const std::optional<ExpectedCall> call = expected_call(op, returned_store(target));
    return call ? call->call : std::string_view("?");
  }
  void add(Stream stream, uint32_t process, std::string_view label, uint64_t bound,
           uint64_t value) {
    run_.decisions.push_back(Decision{stream, process, intern_label(label), bound, value});
  }
  void boot(uint32_t p, Target target) {
    add(Stream::kWorkload, p, "boot.target", 3, static_cast<uint64_t>(target));
    add(Stream::kWorkload, p, "boot.savepoint", 2, 0);
  }
  // One call of process p (slot in the model); returns the step's result.
  StepResult<ModelState> call(uint32_t p, const Action& action, bool writer);
  void incarnation_targets();

  const Variant& variant_;
  const ModelBounds& bounds_;
  const Counterexample& cx_;
  const bool live_;
  const Target live_target_;
  MigrationModel model_;
  ModelState state_;
  std::array<Program, 3> programs_{};
  std::vector<std::vector<Target>> targets_;  // per process, per incarnation
  ScriptedRun run_;
};

void Scripter::incarnation_targets() {
  targets_.assign(bounds_.procs, {});
  std::vector<size_t> incarnation(bounds_.procs, 0);
  for (const Action& action : cx_.path) {
    std::vector<Target>& mine = targets_[action.process];
    if (action.kind == ActionKind::kRestart) ++incarnation[action.process];
    mine.resize(std::max(mine.size(), incarnation[action.process] + 1), Target::kMigrateToPersist);
    if (action.kind == ActionKind::kCall && action.target != 0) {
      mine[incarnation[action.process]] = static_cast<Target>(action.target - 1);
    }
  }
  for (std::vector<Target>& mine : targets_) {
    if (mine.empty()) mine.push_back(Target::kMigrateToPersist);
  }
}

StepResult<ModelState> Scripter::call(uint32_t p, const Action& action, bool writer) {
  const ProcState before = state_.proc[action.process];
  const Target target =
      before.pc == kPcStart ? static_cast<Target>(action.target - 1) : target_of(before);
  const Op op = op_at(before, target);
  const std::string_view label = label_of(op, target);
  add(Stream::kSchedule, p, label, 0, 0);
  if (writer && run_.swarm.crash_percent > 0) {
    add(Stream::kCrash, p, label, 2, action.kind == ActionKind::kCrash ? 1 : 0);
  }
  if (action.kind == ActionKind::kCrash) return apply(action);
  if (writer && run_.swarm.faults.indeterminate_percent > 0 && op_writes(op)) {
    add(Stream::kFault, p, label, 2, action.outcome != CallOutcome::kNormal ? 1 : 0);
    if (action.outcome != CallOutcome::kNormal) {
      add(Stream::kFault, p, label, 2, action.outcome == CallOutcome::kIndeterminateApplied);
    }
  }
  StepResult<ModelState> result = apply(action);
  if (before.pc != kPcChanges && state_.proc[action.process].pc == kPcChanges && writer) {
    add(Stream::kWorkload, p, "changes.count", bounds_.changes + 1, bounds_.changes);
    if (bounds_.changes == 0) {  // the model's open ends the incarnation: stop it here
      apply({action.process, ActionKind::kCrash, 0, CallOutcome::kNormal});
    }
  }
  return result;
}

ScriptedRun Scripter::script() {
  bool crashes = false, indeterminates = false;
  for (const Action& action : cx_.path) {
    crashes |= action.kind == ActionKind::kCrash;
    indeterminates |= action.outcome != CallOutcome::kNormal;
  }
  RunConfig& c = run_.config;
  c.protocol = variant_.protocol;
  c.variant = variant_.name;
  c.procs = bounds_.procs;
  c.readers = 0;
  c.changes_max = bounds_.changes;
  c.boots_max = bounds_.boots;
  c.creates_only = true;
  c.safety_steps_max = std::max<uint64_t>(1, cx_.path.size());  // traces need one step
  c.crash_percent = crashes ? 1 : 0;
  c.transient_percent = 0;
  c.indeterminate_percent = indeterminates ? 1 : 0;
  c.savepoint_percent = 0;
  c.weights = TargetWeights{1, 1, variant_.protocol == Protocol::kSingleTombstone ? 1u : 0u};
  run_.swarm = derive_swarm(0, c);
  incarnation_targets();
  std::vector<size_t> next_boot(bounds_.procs, 1);
  for (uint32_t p = 0; p < bounds_.procs; ++p) boot(p, targets_[p][0]);
  for (const Action& action : cx_.path) {
    const uint32_t p = action.process;
    if (action.kind == ActionKind::kRestart) {
      add(Stream::kSchedule, p, "restart", 0, 0);
      boot(p, targets_[p][next_boot[p]++]);
      apply(action);
    } else {
      call(p, action, true);
    }
  }
  run_.violation_step = cx_.path.empty() ? 0 : cx_.path.size() - 1;
  if (!live_) return run_;
  // The liveness phase: the fresh opener (process procs) alone, faults off.
  const uint32_t live = bounds_.procs;
  add(Stream::kWorkload, live, "live.target", 2, static_cast<uint64_t>(live_target_));
  uint64_t steps = 0;
  bool acknowledged = false;
  for (; steps < kLiveStepsMax && !acknowledged; ++steps) {
    const ProcState& proc = state_.proc[live];
    if (proc.pc == kPcDown) {
      add(Stream::kSchedule, live, "restart", 0, 0);
      apply({static_cast<uint8_t>(live), ActionKind::kRestart, 0, CallOutcome::kNormal});
      continue;
    }
    const uint8_t target =
        proc.pc == kPcStart ? static_cast<uint8_t>(static_cast<uint8_t>(live_target_) + 1) : 0;
    acknowledged =
        call(live, {static_cast<uint8_t>(live), ActionKind::kCall, target, CallOutcome::kNormal},
             false)
            .acknowledged;
  }
  c.liveness_steps_max = steps;
  return run_;
}

}  // namespace

std::variant<ScriptedRun, std::string> scripted_run(const Variant& variant,
                                                    const ModelBounds& bounds,
                                                    const Counterexample& cx) {
  if (std::optional<std::string> why = Scripter::unsupported(bounds, cx)) return *why;
  return Scripter(variant, bounds, cx).script();
}

std::variant<Trace, std::string> counterexample_trace(const Variant& variant,
                                                      const ModelBounds& bounds,
                                                      const Counterexample& cx) {
  auto scripted = scripted_run(variant, bounds, cx);
  if (auto* error = std::get_if<std::string>(&scripted)) return *error;
  const ScriptedRun& run = std::get<ScriptedRun>(scripted);
  ReplayInput input{0, run.config, run.swarm, run.decisions, ReplayMode::kStrict};
  RunReport report = replay_run(input, RunOptions{true, true});
  if (report.divergence) {
    return fmt::format(
        "the implementation left the model's path at decision {}: the log has "
        "{}, the code asked for {}",
        report.divergence->index, report.divergence->expected, report.divergence->found);
  }
  if (!report.violation) {
    return fmt::format(
        "the implementation took the model's path but broke no property ({} "
        "expected)",
        cx.property);
  }
  if (report.violation->property != cx.property) {
    return fmt::format("the implementation broke {} ({}), the model {}", report.violation->property,
                       report.violation->summary, cx.property);
  }
  if (cx.liveness_tail.empty() && report.violation->step != run.violation_step) {
    return fmt::format("the implementation broke {} at step {}, the model at step {}", cx.property,
                       report.violation->step, run.violation_step);
  }
  return make_trace(report, run.config);
}

}  // namespace catsim::model
