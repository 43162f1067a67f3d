// The conformance checker's comparisons: after each step, the stores, the
// violation and the process's position; after the last step, liveness
// (model/conformance.h).
#include "model/conformance_checker.h"

namespace catsim::model::conformance_internal {

bool Checker::compare_violation(const StepEvent& e) {
  using V = ConformanceVerdict;
  const std::optional<Violation>& found = report_.violation;
  const bool impl_here = found && at_step(*found) && found->step == e.step;
  if (!impl_here && !violation_) return true;
  if (!impl_here) {
    return fail(V::kDiverged, fmt::format("the model breaks {} here ({}), the implementation "
                                          "does not",
                                          violation_->property, violation_->summary));
  }
  if (!violation_) {
    return fail(V::kDiverged, fmt::format("the implementation breaks {} ({}), the model does not",
                                          found->property, found->summary));
  }
  if (violation_->property != found->property) {
    return fail(V::kDiverged,
                fmt::format("the implementation breaks {} ({}), the model {} ({})", found->property,
                            found->summary, violation_->property, violation_->summary));
  }
  out_.property = found->property;
  return true;
}

bool Checker::compare_after(const StepEvent& e) {
  using V = ConformanceVerdict;
  const StoresState& a = e.after;
  auto differs = [&](std::string_view what, const std::string& impl, const std::string& model) {
    return fail(V::kDiverged, fmt::format("{}: implementation {}, model {}", what, impl, model));
  };
  if (a.stash_epoch != state_.stash.epoch) {
    return differs("stash epoch", std::to_string(a.stash_epoch),
                   std::to_string(state_.stash.epoch));
  }
  if (a.persist_epoch != state_.persist.epoch) {
    return differs("persist epoch", std::to_string(a.persist_epoch),
                   std::to_string(state_.persist.epoch));
  }
  if (a.stash_tombstone != tomb_value(state_.stash.tombstone)) {
    return differs("stash tombstone", tomb_text(a.stash_tombstone),
                   tomb_text(tomb_value(state_.stash.tombstone)));
  }
  if (variant_.protocol == Protocol::kTwoTombstone &&
      a.persist_tombstone != tomb_value(state_.persist.tombstone)) {
    return differs("persist tombstone", tomb_text(a.persist_tombstone),
                   tomb_text(tomb_value(state_.persist.tombstone)));
  }
  const std::optional<StoreId> truth = source_of(variant_, state_);
  if (a.source_of_truth != truth) {
    return differs("source of truth", truth_text(a.source_of_truth), truth_text(truth));
  }
  if (a.stash_contents && a.stash_contents != contents_of(state_.stash.contents)) {
    return differs("stash contents", describe_contents(a.stash_contents),
                   describe_contents(contents_of(state_.stash.contents)));
  }
  if (a.persist_contents && a.persist_contents != contents_of(state_.persist.contents)) {
    return differs("persist contents", describe_contents(a.persist_contents),
                   describe_contents(contents_of(state_.persist.contents)));
  }
  return true;
}

// Whether the incarnation ended: the implementation's next step of the
// process is a restart exactly when the model's process is down.
bool Checker::compare_position(size_t index, const Process& proc) {
  const StepEvent& e = report_.events[index];
  for (size_t next = index + 1; next < report_.events.size(); ++next) {
    if (report_.events[next].process != e.process) continue;
    const bool impl_down = report_.events[next].action == StepAction::kRestart;
    if (model_down(proc) == impl_down) return true;
    if (proc.role == Process::Role::kReader) {
      return fail(ConformanceVerdict::kDiverged,
                  impl_down ? "the implementation's reader incarnation ended, the model's goes on"
                            : "the model's reader incarnation ended, the implementation's goes on");
    }
    const ProcState& mine = state_.proc[proc.slot];
    if (impl_down) {
      const std::string next_op = mine.pc >= kPcChanges
                                      ? std::string(op_name(programs_.next_op(mine)))
                                      : std::string("its first call");
      return fail(ConformanceVerdict::kDiverged,
                  "the implementation's incarnation ended, the model's goes on to " + next_op);
    }
    return fail(ConformanceVerdict::kDiverged,
                "the model's incarnation ended, the implementation's goes on");
  }
  return true;
}

// After the last step: a liveness failure, or the liveness opener's success.
bool Checker::finish() {
  event_ = nullptr;
  const std::optional<Violation>& found = report_.violation;
  const bool impl_after = found && !at_step(*found);
  const Process* live = nullptr;
  for (const Process& proc : procs_) {
    if (proc.role == Process::Role::kLive) live = &proc;
  }
  bool live_ran = false;
  for (const StepEvent& e : report_.events)
    live_ran |= procs_[e.process].role == Process::Role::kLive;
  if (impl_after) {
    if (!found->liveness) {
      return fail(ConformanceVerdict::kDiverged,
                  fmt::format("the implementation breaks {} after its last step", found->property));
    }
    if (live != nullptr && live->acknowledged) {
      return fail(ConformanceVerdict::kDiverged,
                  "the implementation's liveness opener did not converge, the model's committed");
    }
    out_.property = Property::kP6;
    return true;
  }
  if (!found && live_ran && live != nullptr && !live->acknowledged) {
    return fail(ConformanceVerdict::kDiverged,
                "the implementation's liveness opener converged, the model's did not commit");
  }
  return true;
}

}  // namespace catsim::model::conformance_internal
