#include "model/counterexample_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <optional>

#include "harness/decision_labels.h"
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
        live_target_(static_cast<Target>(cx.live_target.value_or(0))),
        model_(variant, model_bounds(), kAllProperties, false),
        state_(model_.initial()),
        programs_(variant.protocol, variant.switches, true),
        plans_(plan_incarnations(variant, bounds, cx.path)) {}

  static std::optional<std::string> unsupported(const ModelBounds& bounds,
                                                const Counterexample& cx) {
    if (!cx.liveness_tail.empty() && bounds.procs + 1 > kProcsMax) {
      return fmt::format(
          "a liveness counterexample of {} processes needs one more for the "
          "fresh opener (at most {})",
          bounds.procs, kProcsMax);
    }
    if (!cx.liveness_tail.empty() && !cx.live_target) {
      return std::string("a liveness counterexample without its opener's target");
    }
    if (bounds.changes > 3) return std::string("more than 3 changes per open");
    if (bounds.readers > 0 && bounds.rereads > 3) {
      return std::string("more than 3 rereads of one read-only handle (the workload makes 3)");
    }
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
    b.reads = 20;
    return b;
  }
  StepResult<ModelState> apply(const Action& action) {
    state_.crashes = 0;
    state_.indeterminates = 0;
    for (ProcState& proc : state_.proc) proc.boots = std::min<uint8_t>(proc.boots, 1);
    state_.reader.reads = 0;
    StepResult<ModelState> result = model_.step(state_, action);
    state_ = result.state;
    return result;
  }
  std::string_view label_of(Op op, Target target) const {
    const std::optional<ExpectedCall> call = expected_call(op, returned_store(target));
    return call ? call->call : std::string_view("?");
  }
  void add(Stream stream, uint32_t process, std::string_view label, uint64_t bound,
           uint64_t value) {
    run_.decisions.push_back(Decision{stream, process, intern_label(label), bound, value});
  }
  const IncarnationPlan& plan(uint32_t model_process, size_t incarnation) const {
    static const IncarnationPlan kNone{};
    auto it = plans_.find(model_process);
    if (it == plans_.end() || incarnation >= it->second.size()) return kNone;
    return it->second[incarnation];
  }
  void boot(uint32_t p) {
    const IncarnationPlan& mine = plan(p, incarnation_[p]);
    add(Stream::kWorkload, p, labels::kBootTarget, 3, static_cast<uint64_t>(mine.target));
    add(Stream::kWorkload, p, labels::kBootSavepoint, 2, mine.preflight ? 1 : 0);
  }
  // The reader's choices for its next session (harness/workload.cc's
  // reader_boot); one the path never starts is a getter.
  void reader_session(uint32_t impl) {
    const IncarnationPlan& mine = plan(kReaderProcess, incarnation_[kReaderProcess]);
    const uint8_t session = sessions_begun_ < mine.sessions.size()
                                ? mine.sessions[sessions_begun_]
                                : static_cast<uint8_t>(ReadKind::kIsInitialized) * 8u;
    const auto kind = static_cast<ReadKind>(session / 8u);
    add(Stream::kWorkload, impl, labels::kReadKind, 2, kind == ReadKind::kReadOnly ? 1 : 0);
    if (kind == ReadKind::kReadOnly) return;
    const Getter getter = kind == ReadKind::kEpoch ? Getter::kEpoch : Getter::kIsInitialized;
    add(Stream::kWorkload, impl, labels::kReadGetter, kAllGetters.size(),
        static_cast<uint64_t>(getter));
  }
  // One call of writer slot p (impl process p); returns the step's result.
  StepResult<ModelState> call(uint32_t p, const Action& action, bool crashable);
  StepResult<ModelState> reader_call(uint32_t impl, const Action& action);

  const Variant& variant_;
  const ModelBounds& bounds_;
  const Counterexample& cx_;
  const bool live_;
  const Target live_target_;
  MigrationModel model_;
  ModelState state_;
  Programs programs_;
  std::map<uint32_t, std::vector<IncarnationPlan>> plans_;
  std::map<uint32_t, size_t> incarnation_;  // by model process
  size_t sessions_begun_ = 0;               // in the reader's incarnation
  ScriptedRun run_;
};

StepResult<ModelState> Scripter::call(uint32_t p, const Action& action, bool crashable) {
  const ProcState before = state_.proc[action.process];
  const bool dry = action.target > kDryRunTargets && action.target != kStartOpen;
  const Target target = before.pc == kPcStart
                            ? static_cast<Target>((action.target - 1u) % kDryRunTargets)
                            : target_of(before);
  const Op op = programs_.next_op(before, action.target);
  const std::string_view label = label_of(op, target);
  add(Stream::kSchedule, p, label, 0, 0);
  if (crashable && run_.swarm.crash_percent > 0) {
    add(Stream::kCrash, p, label, 2, action.kind == ActionKind::kCrash ? 1 : 0);
  }
  if (action.kind == ActionKind::kCrash) return apply(action);
  // A dry run's writes are never committed: the fakes draw no fault for them.
  const bool dry_write = (in_dry_run(before) && action.target != kStartOpen) || dry;
  if (crashable && run_.swarm.faults.indeterminate_percent > 0 && op_writes(op) && !dry_write) {
    add(Stream::kFault, p, label, 2, action.outcome != CallOutcome::kNormal ? 1 : 0);
    if (action.outcome != CallOutcome::kNormal) {
      add(Stream::kFault, p, label, 2, action.outcome == CallOutcome::kIndeterminateApplied);
    }
  }
  StepResult<ModelState> result = apply(action);
  const ProcState& after = state_.proc[action.process];
  const bool opened =
      (before.pc != kPcChanges || before.target != after.target) && after.pc == kPcChanges;
  if (opened && in_dry_run(after)) {  // the pre-flight passed: its dry-run changes
    const uint32_t dry_changes =
        crashable ? plan(action.process, incarnation_[action.process]).dry_changes : 0;
    add(Stream::kWorkload, p, labels::kChangesCount, bounds_.changes + 1, dry_changes);
  } else if (opened && crashable) {
    add(Stream::kWorkload, p, labels::kChangesCount, bounds_.changes + 1, bounds_.changes);
    if (bounds_.changes == 0) {  // the model's open ends the incarnation: stop it here
      apply({action.process, ActionKind::kCrash, 0, CallOutcome::kNormal});
    }
  }
  return result;
}

StepResult<ModelState> Scripter::reader_call(uint32_t impl, const Action& action) {
  const ReaderState before = state_.reader;
  ReaderState next = before;
  if (before.pc == kRdStart) {
    next.kind = static_cast<uint8_t>(action.target / 8u);
    next.pc = first_read_call(variant_, static_cast<ReadKind>(next.kind), next);
    ++sessions_begun_;
  }
  ModelState probe = state_;
  probe.reader = next;
  const std::string_view label = next_reader_call(probe).call;
  add(Stream::kSchedule, impl, label, 0, 0);
  if (run_.swarm.crash_percent > 0) {
    add(Stream::kCrash, impl, label, 2, action.kind == ActionKind::kCrash ? 1 : 0);
  }
  StepResult<ModelState> result = apply(action);
  if (action.kind == ActionKind::kCrash) return result;
  const ReaderState& after = state_.reader;
  if (after.pc == kRdDown) return result;  // failed: decisions come after the restart
  const uint8_t rereads = before.pc == kRdStart ? action.target % 8u : before.rereads_left;
  if (next.pc == kRdSnapshot) {  // the open's snapshot passed: how many rereads
    add(Stream::kWorkload, impl, labels::kReadAgain, 4, rereads);
  }
  if (after.pc == kRdReread) {
    add(Stream::kWorkload, impl, labels::kReadPause, 7, 0);
  } else if (after.pc == kRdStart) {  // the session passed; the next one begins
    reader_session(impl);
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
  c.readers = bounds_.readers;
  c.reads_max = bounds_.reads;
  c.changes_max = bounds_.changes;
  c.boots_max = bounds_.boots;
  c.creates_only = true;
  c.safety_steps_max = std::max<uint64_t>(1, cx_.path.size());  // traces need one step
  c.crash_percent = crashes ? 1 : 0;
  c.transient_percent = 0;
  c.indeterminate_percent = indeterminates ? 1 : 0;
  c.savepoint_percent = bounds_.savepoints ? 1 : 0;
  c.weights = TargetWeights{1, 1, variant_.protocol == Protocol::kSingleTombstone ? 1u : 0u};
  run_.swarm = derive_swarm(0, c);
  const uint32_t reader_impl = bounds_.procs;  // the workload spawns readers after writers
  for (uint32_t p = 0; p < bounds_.procs; ++p) boot(p);
  if (bounds_.readers > 0) reader_session(reader_impl);
  for (const Action& action : cx_.path) {
    const uint32_t p = action.process;
    const uint32_t impl = p == kReaderProcess ? reader_impl : p;
    if (action.kind == ActionKind::kRestart) {
      add(Stream::kSchedule, impl, kRestartLabel, 0, 0);
      ++incarnation_[p];
      apply(action);
      if (p == kReaderProcess) {
        sessions_begun_ = 0;
        reader_session(impl);
      } else {
        boot(p);
      }
    } else if (p == kReaderProcess) {
      reader_call(impl, action);
    } else {
      call(p, action, true);
    }
  }
  run_.violation_step = cx_.path.empty() ? 0 : cx_.path.size() - 1;
  if (!live_) return run_;
  // The liveness phase: the fresh opener (model slot procs, the process
  // after the readers) alone, faults off; with pre-flights in the run it
  // runs one at every boot and makes no dry-run change.
  const uint32_t live = bounds_.procs;
  const uint32_t live_impl = bounds_.procs + bounds_.readers;
  add(Stream::kWorkload, live_impl, labels::kLiveTarget, 2, static_cast<uint64_t>(live_target_));
  uint64_t steps = 0;
  bool acknowledged = false;
  const auto first = static_cast<uint8_t>(static_cast<uint8_t>(live_target_) + 1u +
                                          (bounds_.savepoints ? kDryRunTargets : 0u));
  for (; steps < kLiveStepsMax && !acknowledged; ++steps) {
    const ProcState& proc = state_.proc[live];
    if (proc.pc == kPcDown) {
      add(Stream::kSchedule, live_impl, kRestartLabel, 0, 0);
      apply({static_cast<uint8_t>(live), ActionKind::kRestart, 0, CallOutcome::kNormal});
      continue;
    }
    uint8_t target = 0;
    if (proc.pc == kPcStart) target = first;
    if (proc.pc == kPcChanges && in_dry_run(proc)) target = kStartOpen;
    acknowledged =
        call(live_impl,
             {static_cast<uint8_t>(live), ActionKind::kCall, target, CallOutcome::kNormal}, false)
            .acknowledged;
  }
  c.liveness_steps_max = steps;
  return run_;
}

}  // namespace

std::map<uint32_t, std::vector<IncarnationPlan>> plan_incarnations(
    const Variant& variant, const ModelBounds& bounds, const std::vector<Action>& path) {
  std::map<uint32_t, std::vector<IncarnationPlan>> plans;
  MigrationModel model(variant, bounds, kAllProperties, false);
  ModelState state = model.initial();
  for (const Action& action : path) {
    std::vector<IncarnationPlan>& mine = plans[action.process];
    if (mine.empty() || action.kind == ActionKind::kRestart) mine.emplace_back();
    IncarnationPlan& now = mine.back();
    if (action.process == kReaderProcess) {
      if (action.kind == ActionKind::kCall && state.reader.pc == kRdStart) {
        now.sessions.push_back(action.target);
      }
    } else if (action.kind == ActionKind::kCall) {
      const ProcState& proc = state.proc[action.process];
      if (proc.pc == kPcStart) {
        now.target = static_cast<Target>((action.target - 1u) % kDryRunTargets);
        now.preflight = action.target > kDryRunTargets;
      }
      if (in_dry_run(proc) && proc.pc == kPcChanges && action.target != kStartOpen) {
        ++now.dry_changes;
      }
    }
    state = model.step(state, action).state;
  }
  return plans;
}

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
